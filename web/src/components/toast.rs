//! Toasts: short messages after an action, announced politely to screen readers, dismissed after a
//! few seconds or by hand.

use std::time::Duration;

use leptos::prelude::*;

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
    pub const LIFETIME: Duration = Duration::from_secs(6);

    pub fn new() -> Self {
        Toasts { list: RwSignal::new(Vec::new()), next: RwSignal::new(1) }
    }

    /// Show a message; at most four stay on screen.
    pub fn push(&self, kind: ToastKind, text: impl Into<String>) -> u64 {
        let id = self.next.get_untracked();
        self.next.set(id + 1);
        self.list.update(|list| {
            list.push(Toast { id, kind, text: text.into() });
            if list.len() > 4 {
                list.remove(0);
            }
        });
        let this = *self;
        set_timeout(move || this.dismiss(id), Self::LIFETIME);
        id
    }

    pub fn success(&self, text: impl Into<String>) {
        self.push(ToastKind::Success, text);
    }

    pub fn error(&self, text: impl Into<String>) {
        self.push(ToastKind::Error, text);
    }

    pub fn dismiss(&self, id: u64) {
        self.list.update(|list| list.retain(|t| t.id != id));
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
