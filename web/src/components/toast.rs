//! Toasts: short messages after an action, announced politely to screen readers, dismissed after a
//! few seconds (an error stays longer) or by hand, and cleared when the reader moves to another page.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::i18n::{k, tr};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ToastKind {
    Success,
    Error,
    Info,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Toast {
    pub id: u64,
    pub kind: ToastKind,
    pub text: String,
    /// When it appeared (`Date.now()`, ms).
    born: f64,
}

#[derive(Clone, Copy)]
pub struct Toasts {
    pub list: RwSignal<Vec<Toast>>,
    next: RwSignal<u64>,
}

pub fn use_toasts() -> Toasts {
    expect_context::<Toasts>()
}

impl Toasts {
    /// How long a success or a piece of information stays.
    pub const LIFETIME: Duration = Duration::from_secs(5);
    /// How long an error stays: long enough to read twice.
    pub const ERROR_LIFETIME: Duration = Duration::from_secs(12);
    /// A toast this young (ms) when the page changes came with the change (a success that moves to
    /// another page): it stays.
    const NAVIGATION_GRACE_MS: f64 = 1_000.0;

    pub fn new() -> Self {
        Toasts { list: RwSignal::new(Vec::new()), next: RwSignal::new(1) }
    }

    /// Show a message; at most four stay on screen.
    pub fn push(&self, kind: ToastKind, text: impl Into<String>) -> u64 {
        let id = self.next.get_untracked();
        self.next.set(id + 1);
        self.list.update(|list| {
            list.push(Toast { id, kind, text: text.into(), born: js_sys::Date::now() });
            if list.len() > 4 {
                list.remove(0);
            }
        });
        let this = *self;
        let lifetime = if kind == ToastKind::Error { Self::ERROR_LIFETIME } else { Self::LIFETIME };
        set_timeout(move || this.dismiss(id), lifetime);
        id
    }

    pub fn success(&self, text: impl Into<String>) {
        self.push(ToastKind::Success, text);
    }

    pub fn error(&self, text: impl Into<String>) {
        self.push(ToastKind::Error, text);
    }

    pub fn dismiss(&self, id: u64) {
        self.list.try_update(|list| list.retain(|t| t.id != id));
    }

    /// The page changed: the toasts of the one left go (not those that came with the change).
    fn page_changed(&self) {
        let now = js_sys::Date::now();
        self.list.update(|list| list.retain(|t| now - t.born < Self::NAVIGATION_GRACE_MS));
    }
}

impl Default for Toasts {
    fn default() -> Self {
        Self::new()
    }
}

/// The live region where toasts appear.
#[component]
pub fn ToastRegion() -> impl IntoView {
    let toasts = use_toasts();
    let location = use_location();
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        if previous.is_some_and(|p| p != path) {
            toasts.page_changed();
        }
        path
    });
    view! {
        <div class="toasts" role="status" aria-live="polite" aria-label=tr(k::COMMON_NOTIFICATIONS)>
            <For each=move || toasts.list.get() key=|t| t.id let:toast>
                <div class=move || {
                    format!(
                        "toast toast--{}",
                        match toast.kind {
                            ToastKind::Success => "success",
                            ToastKind::Error => "error",
                            ToastKind::Info => "info",
                        },
                    )
                }>
                    <span>{toast.text.clone()}</span>
                    <button
                        type="button"
                        class="toast__close"
                        aria-label=tr(k::COMMON_DISMISS)
                        on:click=move |_| toasts.dismiss(toast.id)
                    >
                        "×"
                    </button>
                </div>
            </For>
        </div>
    }
}
