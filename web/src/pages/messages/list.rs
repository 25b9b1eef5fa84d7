//! The conversations, latest first: each with its title, its last message's first words and time,
//! and how many messages of others are unread; more on demand. New messages move their conversation
//! to the top and count as unread (but in the one open), read positions clear the counts.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use madani_shared::ClientError;
use madani_shared::endpoints::ListMyConversations;
use madani_shared::ids::{ConversationId, UserId};
use madani_shared::messaging::{Conversation, Event, EventKind};
use madani_shared::page::PageQuery;

use super::{conversation_href, conversation_title, first_words, is_mine, short_time};
use crate::components::live::{Live, News};
use crate::components::states::{EmptyState, ProblemState, Skeleton};
use crate::i18n::{format, k, tr, use_locale};
use crate::session::use_session;

/// Where the list is.
#[derive(Clone)]
enum Loading {
    First,
    Done,
    Failed(Arc<ClientError>),
}

#[component]
pub(super) fn ConversationList(selected: Signal<Option<ConversationId>>, me: Option<UserId>) -> impl IntoView {
    let session = use_session();
    let live = expect_context::<Live>();
    let items: RwSignal<Vec<Conversation>> = RwSignal::new(Vec::new());
    let cursor: RwSignal<Option<String>> = RwSignal::new(None);
    let state = RwSignal::new(Loading::First);
    let more_pending = RwSignal::new(false);
    // The first page again (`None`), or the next one.
    let load = move |from: Option<String>| {
        let again = from.is_none();
        more_pending.set(!again);
        spawn_local(async move {
            let query = PageQuery { limit: None, cursor: from };
            match live.read(|| session.call::<ListMyConversations>((), &query)).await {
                Ok(page) => {
                    items.try_update(|list| {
                        if again {
                            list.clear();
                        }
                        for c in page.items {
                            if !list.iter().any(|known| known.id == c.id) {
                                list.push(c);
                            }
                        }
                    });
                    cursor.try_set(page.next_cursor);
                    state.try_set(Loading::Done);
                }
                Err(e) if again => {
                    state.try_set(Loading::Failed(Arc::new(e)));
                }
                Err(_) => {}
            }
            more_pending.try_set(false);
        });
    };
    load(None);
    live.listen(move |news| {
        let reload = match news {
            News::Reload => true,
            News::Event(e) => apply(e, items, selected.get_untracked(), me),
        };
        if reload {
            load(None);
        }
    });
    // Only a change between none and some draws the list again; the rest is the rows' own.
    let empty = Memo::new(move |_| items.with(Vec::is_empty));
    let retry = Callback::new(move |()| {
        state.set(Loading::First);
        load(None);
    });
    view! {
        <nav class="messages__list" aria-labelledby="conversations-title">
            <h2 class="sr-only" id="conversations-title">{tr(k::MSG_CONVERSATIONS)}</h2>
            {move || match state.get() {
                Loading::First => view! { <Skeleton lines=4 /> }.into_any(),
                Loading::Failed(error) => view! { <ProblemState error on_retry=retry /> }.into_any(),
                Loading::Done if empty.get() => view! { <EmptyState message=k::MSG_EMPTY /> }.into_any(),
                Loading::Done => view! {
                    <ul class="conversations" id="conversation-list">
                        <For
                            each=move || items.get()
                            key=|c| (c.id, c.last_seq, c.unread, c.last_message.as_ref().map(|m| (m.edited_at, m.deleted)))
                            children=move |c| view! { <li>{conversation_item(c, me)}</li> }
                        />
                    </ul>
                    <Show when=move || cursor.with(Option::is_some)>
                        <button
                            type="button"
                            class="btn btn--secondary btn--block"
                            aria-busy=move || if more_pending.get() { "true" } else { "false" }
                            on:click=move |_| load(cursor.get_untracked())
                        >
                            {tr(k::COMMON_LOAD_MORE)}
                        </button>
                    </Show>
                }
                .into_any(),
            }}
        </nav>
    }
}

/// What an event changes in the list; whether the list must be loaded again (a conversation it does
/// not hold, people added or gone).
fn apply(e: &Event, items: RwSignal<Vec<Conversation>>, open: Option<ConversationId>, me: Option<UserId>) -> bool {
    let Some(id) = e.conversation_id else { return false };
    match (e.kind, &e.message) {
        (EventKind::MessageCreated | EventKind::MessageUpdated, Some(m)) => {
            let mut known = false;
            items.update(|list| {
                let Some(at) = list.iter().position(|c| c.id == id) else { return };
                known = true;
                let c = &mut list[at];
                if e.kind == EventKind::MessageCreated && m.seq > c.last_seq {
                    c.last_seq = m.seq;
                    c.last_message_at = m.created_at;
                    if is_mine(m, me) {
                        c.read_seq = m.seq;
                    } else if open != Some(id) {
                        c.unread += 1;
                    }
                    c.last_message = Some(m.clone());
                    let c = list.remove(at);
                    list.insert(0, c);
                } else if c.last_message.as_ref().is_some_and(|last| last.id == m.id) {
                    c.last_message = Some(m.clone());
                }
            });
            !known && e.kind == EventKind::MessageCreated
        }
        (EventKind::ConversationRead, _) if e.user_id.is_some() && e.user_id == me => {
            let read = e.read_seq.unwrap_or(0);
            items.update(|list| {
                if let Some(c) = list.iter_mut().find(|c| c.id == id) {
                    c.read_seq = c.read_seq.max(read);
                    if c.read_seq >= c.last_seq {
                        c.unread = 0;
                    }
                }
            });
            false
        }
        (EventKind::ConversationUpdated, _) => true,
        _ => false,
    }
}

/// A conversation in the list: a link to it, with its title, last message, time and unread count.
fn conversation_item(c: Conversation, me: Option<UserId>) -> impl IntoView {
    let locale = use_locale();
    let at = c.last_message_at;
    let unread = c.unread;
    let title = {
        let c = c.clone();
        move || conversation_title(locale.get(), &c, me)
    };
    let last = c.last_message.clone();
    view! {
        <A href=conversation_href(c.id) attr:class="conversation" attr:data-conversation=c.id.to_string()>
            <span class="conversation__top">
                <span class="conversation__title" dir="auto">{title}</span>
                <time class="conversation__time" datetime=at.to_rfc3339()>{move || short_time(locale.get(), at)}</time>
            </span>
            <span class="conversation__bottom">
                <span class="conversation__preview" dir="auto">
                    {move || last.as_ref().map(|m| first_words(locale.get(), m, me)).unwrap_or_default()}
                </span>
                {(unread > 0).then(|| view! {
                    <span class="conversation__unread">
                        <span aria-hidden="true">{unread.min(99)}</span>
                        <span class="sr-only">{move || format(locale.get(), k::MSG_UNREAD_COUNT, &[("count", &unread.to_string())])}</span>
                    </span>
                })}
            </span>
        </A>
    }
}
