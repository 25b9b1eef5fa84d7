//! The header's messages and notifications links with their unread counts, both from one call
//! (`/me/unread`) on each navigation and every minute; the notifications page counts again once it
//! has marked them read (not setting zero itself: a count asked on the way to the page, answered
//! after, would bring the number back), and the messages area as its live events come.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;
use madani_shared::endpoints::CountMyUnread;

use crate::components::icon::{Icon, icon};
use crate::i18n::{k, text, use_locale};
use crate::session::{Session, use_session};

/// The unread counts the header shows, shared with the notifications page and the messages area.
#[derive(Clone, Copy)]
pub struct Unread {
    pub notifications: RwSignal<i64>,
    pub messages: RwSignal<i64>,
}

impl Unread {
    /// Count both again.
    pub fn recount(self, session: Session) {
        leptos::task::spawn_local(async move {
            if let Ok(totals) = session.call::<CountMyUnread>((), &()).await {
                self.messages.try_set(totals.messages);
                self.notifications.try_set(totals.notifications);
            }
        });
    }
}

pub fn provide_unread() {
    provide_context(Unread { notifications: RwSignal::new(0), messages: RwSignal::new(0) });
}

/// The messages link and the notifications bell, for a signed-in member.
#[component]
pub fn NotificationBell() -> impl IntoView {
    let session = use_session();
    let unread = expect_context::<Unread>();
    let location = use_location();
    let minute = RwSignal::new(0u32);
    if let Ok(timer) = set_interval_with_handle(move || minute.update(|m| *m += 1), Duration::from_secs(60)) {
        on_cleanup(move || timer.clear());
    }
    Effect::new(move |_| {
        location.pathname.track();
        minute.track();
        if session.is_signed_in() {
            unread.recount(session);
        }
    });
    view! {
        {counted("/messages", "messages-link", Icon::Chat, k::NAV_MESSAGES, k::NAV_MESSAGES_UNREAD, unread.messages)}
        {counted("/my/notifications", "notification-bell", Icon::Bell, k::NOTIF_TITLE, k::NOTIF_UNREAD, unread.notifications)}
    }
}

/// A header link with an icon and a count: named by its hidden text (the visible count is part of
/// it), not by an aria-label that would leave the count out.
fn counted(
    href: &'static str,
    id: &'static str,
    which: Icon,
    title: usize,
    unread: usize,
    count: RwSignal<i64>,
) -> impl IntoView {
    let locale = use_locale();
    let label = move || {
        let lang = locale.get();
        match count.get() {
            0 => text(lang, title).to_owned(),
            n => format!("{} ({})", text(lang, title), text(lang, unread).replace("{count}", &n.to_string())),
        }
    };
    view! {
        <A href=href attr:id=id attr:class="bell" attr:title=label>
            {icon(which)}
            <span class="sr-only">{label}</span>
            <Show when=move || { count.get() > 0 }>
                <span class="bell__count" aria-hidden="true">{move || count.get().min(99)}</span>
            </Show>
        </A>
    }
}
