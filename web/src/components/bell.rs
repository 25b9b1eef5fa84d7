//! The header's notifications link with the number of unread ones, counted again on each
//! navigation; the notifications page sets it to zero once it has marked them read.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;
use madani_shared::endpoints::CountUnreadNotifications;

use crate::components::icon::{Icon, icon};
use crate::i18n::{k, text, use_locale};
use crate::session::use_session;

/// The unread count the header shows, shared with the notifications page.
#[derive(Clone, Copy)]
pub struct Unread(pub RwSignal<i64>);

pub fn provide_unread() {
    provide_context(Unread(RwSignal::new(0)));
}

/// What sets the count to zero once the notifications page has marked them read (taken where the
/// context is, called later from a task).
pub fn unread_clearer() -> impl Fn() + Copy + 'static {
    let count = use_context::<Unread>().map(|Unread(count)| count);
    move || {
        if let Some(count) = count {
            count.try_set(0);
        }
    }
}

#[component]
pub fn NotificationBell() -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let Unread(count) = expect_context::<Unread>();
    let location = use_location();
    Effect::new(move |_| {
        location.pathname.track();
        if !session.is_signed_in() {
            return;
        }
        leptos::task::spawn_local(async move {
            if let Ok(answer) = session.call::<CountUnreadNotifications>((), &()).await {
                count.set(answer.unread);
            }
        });
    });
    let label = move || {
        let lang = locale.get();
        match count.get() {
            0 => text(lang, k::NOTIF_TITLE).to_owned(),
            n => format!(
                "{} ({})",
                text(lang, k::NOTIF_TITLE),
                text(lang, k::NOTIF_UNREAD).replace("{count}", &n.to_string())
            ),
        }
    };
    view! {
        // Named by its hidden text (the visible count is part of it), not by an aria-label that would
        // leave the count out.
        <A href="/my/notifications" attr:id="notification-bell" attr:class="bell" attr:title=label>
            {icon(Icon::Bell)}
            <span class="sr-only">{label}</span>
            <Show when=move || { count.get() > 0 }>
                <span class="bell__count" aria-hidden="true">{move || count.get().min(99)}</span>
            </Show>
        </A>
    }
}
