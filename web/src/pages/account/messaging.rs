//! `/account/messages`: whether members may write to you and whether you share read receipts, and
//! the members you block (unblocked from here). In the messages area's module, with its texts.

use leptos::prelude::*;
use madani_shared::endpoints::{GetMessagingSettings, ListMyBlocks, UnblockMember, UpdateMessagingSettings};
use madani_shared::ids::UserId;
use madani_shared::messaging::{Blocked, MessagingSettings};

use super::AccountPage;
use crate::components::loaded::{Loaded, fetched};
use crate::components::mutation::Mutation;
use crate::i18n::{format, format_date, k, tr, use_locale};
use crate::session::use_session;

#[component]
pub fn MessagingPage() -> impl IntoView {
    view! {
        <AccountPage title=k::NAV_MESSAGES>
            <Settings />
            <Blocks />
        </AccountPage>
    }
}

/// The two switches, each saved as soon as it changes.
#[component]
fn Settings() -> impl IntoView {
    let session = use_session();
    let current: RwSignal<Option<MessagingSettings>> = RwSignal::new(None);
    leptos::task::spawn_local(async move {
        if let Ok(settings) = session.call::<GetMessagingSettings>((), &()).await {
            current.try_set(Some(settings));
        }
    });
    let save = Mutation::new(move |settings: MessagingSettings| async move {
        session.call::<UpdateMessagingSettings>((), &settings).await
    })
    .toast(k::MSG_SETTINGS_SAVED)
    .then(move |settings| {
        current.try_set(Some(settings));
    });
    let switch = move |id: &'static str,
                       label: usize,
                       hint: usize,
                       get: fn(&MessagingSettings) -> bool,
                       set: fn(&mut MessagingSettings, bool)| {
        let hint_id = format!("{id}-hint");
        view! {
            <div class="field">
                <label class="checkbox" for=id>
                    <input type="checkbox" id=id aria-describedby=hint_id.clone()
                        disabled=move || current.with(Option::is_none) || save.pending().get()
                        prop:checked=move || current.with(|c| c.as_ref().is_some_and(get))
                        on:change=move |ev| {
                            if let Some(mut settings) = current.get_untracked() {
                                set(&mut settings, event_target_checked(&ev));
                                save.dispatch(settings);
                            }
                        } />
                    {tr(label)}
                </label>
                <p class="field__hint" id=hint_id>{tr(hint)}</p>
            </div>
        }
    };
    view! {
        <section class="card stack" aria-labelledby="messaging-title">
            <h2 class="card__title" id="messaging-title">{tr(k::MSG_SETTINGS_TITLE)}</h2>
            {switch("accepts-messages", k::MSG_ACCEPTS, k::MSG_ACCEPTS_HINT, |s| s.accepts_messages, |s, on| s.accepts_messages = on)}
            {switch("read-receipts", k::MSG_RECEIPTS, k::MSG_RECEIPTS_HINT, |s| s.read_receipts, |s, on| s.read_receipts = on)}
        </section>
    }
}

/// The members you block, each with a button to unblock them.
#[component]
fn Blocks() -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let unblock = Mutation::new(move |user: UserId| async move { session.call::<UnblockMember>(user, &()).await })
        .toast(k::MSG_UNBLOCKED_TOAST);
    let blocks = LocalResource::new(move || {
        unblock.version().track();
        async move { fetched(session.call::<ListMyBlocks>((), &()).await) }
    });
    let item = move |b: Blocked| {
        let (user, since) = (b.user_id, b.since);
        let name = b.display_name.clone();
        view! {
            <li class="list__item">
                <div>
                    <strong dir="auto">{b.display_name.clone()}</strong>
                    <p class="list__meta">{move || format(locale.get(), k::MSG_BLOCKED_SINCE, &[("date", &format_date(locale.get(), since))])}</p>
                </div>
                <button type="button" class="btn btn--secondary btn--small" disabled=move || unblock.pending().get()
                    on:click=move |_| unblock.dispatch(user)>
                    {tr(k::MSG_UNBLOCK)}
                    <span class="sr-only">" · " <bdi>{name.clone()}</bdi></span>
                </button>
            </li>
        }
    };
    view! {
        <section class="card stack" aria-labelledby="blocks-title">
            <h2 class="card__title" id="blocks-title">{tr(k::MSG_BLOCKED_TITLE)}</h2>
            <Loaded resource=blocks is_empty=Vec::is_empty empty_message=k::MSG_BLOCKED_NONE let:list>
                <ul class="list" id="blocked-members">{list.into_iter().map(item).collect_view()}</ul>
            </Loaded>
        </section>
    }
}
