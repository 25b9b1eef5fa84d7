//! A conversation's messages, in order: the latest 50, older ones on demand; new ones as they come
//! (kept in view when the reader was at the end); read up to the last one while shown; the
//! composer under them; under the reader's own latest message, who has read it (live). A direct
//! conversation's other member can be blocked from here; a group's people are in a dialog (`group`).

use std::sync::Arc;

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use madani_shared::ClientError;
use madani_shared::endpoints::{BlockMember, DeleteMessage, ListMessages, MarkConversationRead};
use madani_shared::ids::{ConversationId, MessageId, UserId};
use madani_shared::messaging::{
    BlockRequest, Conversation, ConversationKind, EventKind, Message, MessagesQuery, ReadUpTo,
};

use super::composer::Composer;
use super::group::{GroupPeople, PeopleButton};
use super::message::MessageItem;
use super::{conversation_title, is_mine, others, seen, separator};
use crate::components::dialog::ConfirmDialog;
use crate::components::live::{Live, News};
use crate::components::loaded::Fetched;
use crate::components::mutation::Mutation;
use crate::components::page::BackLink;
use crate::components::states::{ProblemState, Skeleton};
use crate::i18n::{format, k, text, tr, use_locale};
use crate::session::use_session;

/// How many messages a page holds.
const PAGE: i64 = 50;

#[component]
pub(super) fn Thread(
    id: ConversationId,
    /// The conversation (its title, people, read position), loaded by the page.
    info: Signal<Option<Fetched<Conversation>>>,
    me: Option<UserId>,
    refetch: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let live = expect_context::<Live>();
    let messages: RwSignal<Vec<Message>> = RwSignal::new(Vec::new());
    let older = RwSignal::new(false);
    let loading = RwSignal::new(true);
    let failed: RwSignal<Option<Arc<ClientError>>> = RwSignal::new(None);
    let scroller = NodeRef::<html::Div>::new();
    let load = move || {
        loading.set(true);
        spawn_local(async move {
            let query = MessagesQuery { limit: Some(PAGE), ..Default::default() };
            match live.read(|| session.call::<ListMessages>(id, &query)).await {
                Ok(page) => {
                    messages.try_set(page.messages);
                    older.try_set(page.older);
                    failed.try_set(None);
                    to_end(scroller);
                }
                Err(e) => {
                    failed.try_set(Some(Arc::new(e)));
                }
            }
            loading.try_set(false);
        });
    };
    load();
    let older_pending = RwSignal::new(false);
    let load_older = move |_| {
        let Some(first) = messages.with_untracked(|l| l.first().map(|m| m.seq)) else { return };
        older_pending.set(true);
        spawn_local(async move {
            let query = MessagesQuery { before: Some(first), limit: Some(PAGE), ..Default::default() };
            if let Ok(page) = session.call::<ListMessages>(id, &query).await {
                let height = scroller.get_untracked().map(|el| el.scroll_height()).unwrap_or(0);
                messages.try_update(|l| {
                    let mut all = page.messages;
                    all.retain(|m| m.seq < first);
                    all.append(l);
                    *l = all;
                });
                older.try_set(page.older);
                // The reader stays where they were, the older messages above.
                request_animation_frame(move || {
                    if let Some(el) = scroller.get_untracked() {
                        el.set_scroll_top(el.scroll_top() + el.scroll_height() - height);
                    }
                });
            }
            older_pending.try_set(false);
        });
    };
    // A message new or changed: in its place; the view follows a new one if the reader was at the end.
    let upsert = move |m: Message| {
        let follow = is_mine(&m, me)
            || scroller
                .get_untracked()
                .is_none_or(|el| el.scroll_height() - el.scroll_top() - el.client_height() < 120);
        let mut appended = false;
        messages.update(|l| {
            if let Some(known) = l.iter_mut().find(|known| known.id == m.id) {
                *known = m;
            } else {
                appended = l.last().is_none_or(|last| last.seq < m.seq);
                let at = l.iter().position(|known| known.seq > m.seq).unwrap_or(l.len());
                l.insert(at, m);
            }
        });
        if appended && follow {
            to_end(scroller);
        }
    };
    live.listen(move |news| match news {
        News::Reload => load(),
        News::Event(e) if e.conversation_id == Some(id) => match (e.kind, &e.message) {
            (EventKind::MessageCreated | EventKind::MessageUpdated, Some(m)) => upsert(m.clone()),
            (EventKind::ConversationUpdated, _) => refetch.run(()),
            // Someone else read: their position comes with the conversation.
            (EventKind::ConversationRead, _) if e.user_id.is_some() && e.user_id != me => refetch.run(()),
            _ => {}
        },
        News::Event(_) => {}
    });
    // Read while shown: up to the last message, once the conversation says where the reader was.
    let marked = StoredValue::new(0i64);
    Effect::new(move |_| {
        let last = messages.with(|l| l.last().map(|m| m.seq)).unwrap_or(0);
        let read = info.with(|i| i.as_ref().and_then(|r| r.as_ref().ok()).filter(|c| c.id == id).map(|c| c.read_seq));
        if let Some(read) = read
            && last > read.max(marked.get_value())
        {
            marked.set_value(last);
            spawn_local(async move {
                let _ = session.call::<MarkConversationRead>(id, &ReadUpTo { seq: last }).await;
            });
        }
    });
    let to_delete: RwSignal<Option<MessageId>> = RwSignal::new(None);
    let confirm_delete = RwSignal::new(false);
    let delete = Mutation::new(move |m: MessageId| async move { session.call::<DeleteMessage>(m, &()).await })
        .toast(k::MSG_DELETED_TOAST)
        .then(upsert);
    let ask_delete = Callback::new(move |m: MessageId| {
        to_delete.set(Some(m));
        confirm_delete.set(true);
    });
    let changed = Callback::new(upsert);
    let conversation = move || info.get().and_then(|r| r.ok()).filter(|c| c.id == id);
    // Whether the reader may write here (known once the conversation is): the composer is drawn
    // again only when that changes, not with each change of the conversation.
    let member = Memo::new(move |_| {
        conversation().map(|c| c.for_association || c.participants.iter().any(|p| Some(p.user_id) == me && !p.left))
    });
    // A group's people: the dialog stays mounted while the conversation is loaded again.
    let current = Memo::new(move |_| conversation());
    let group = Memo::new(move |_| current.with(|c| c.as_ref().is_some_and(|c| c.kind == ConversationKind::Group)));
    let people_open = RwSignal::new(false);
    // Who has read the reader's latest message.
    let locale = use_locale();
    let receipt = Memo::new(move |_| {
        let lang = locale.get();
        current.with(|c| c.as_ref().and_then(|c| messages.with(|l| seen(lang, c, l, me))))
    });
    let receipt = Signal::from(receipt);
    view! {
        <section class="thread" aria-labelledby="thread-title">
            <BackLink href="/messages" label=k::MSG_BACK />
            {move || match info.get() {
                Some(Err(error)) => view! { <ProblemState error on_retry=refetch /> }.into_any(),
                _ => match conversation() {
                    Some(c) => view! { <ThreadHead c me people=people_open /> }.into_any(),
                    None => view! { <Skeleton lines=1 /> }.into_any(),
                },
            }}
            <div class="thread__scroll" node_ref=scroller role="log" tabindex="0" aria-labelledby="thread-title">
                <Show when=move || older.get()>
                    <button type="button" id="thread-older" class="btn btn--ghost btn--small thread__older"
                        aria-busy=move || if older_pending.get() { "true" } else { "false" } on:click=load_older>
                        {tr(k::MSG_LOAD_OLDER)}
                    </button>
                </Show>
                {move || failed.get().map(|error| view! { <ProblemState error on_retry=Callback::new(move |()| load()) /> })}
                <Show when=move || loading.get() && messages.with(Vec::is_empty)>
                    <Skeleton lines=4 />
                </Show>
                <ol class="thread__messages" id="thread-messages">
                    <For
                        each=move || messages.get()
                        key=|m| (m.id, m.edited_at, m.deleted)
                        children=move |m| view! { <MessageItem m me changed ask_delete receipt /> }
                    />
                </ol>
            </div>
            {move || match member.get() {
                Some(true) => view! { <Composer id sent=changed /> }.into_any(),
                Some(false) => view! { <p class="muted thread__left">{tr(k::MSG_NOT_IN)}</p> }.into_any(),
                None => ().into_any(),
            }}
            <ConfirmDialog open=confirm_delete title=k::MSG_DELETE_TITLE message=k::MSG_DELETE_TEXT confirm_label=k::MSG_DELETE
                title_id="delete-message-title"
                on_confirm=Callback::new(move |()| if let Some(m) = to_delete.get_untracked() { delete.dispatch(m) }) />
            {move || group.get().then(|| view! { <GroupPeople id conversation=current me open=people_open refetch /> })}
        </section>
    }
}

/// The conversation's title, who is in it, and (direct) blocking the other member, or (group) its
/// people.
#[component]
fn ThreadHead(
    c: Conversation,
    me: Option<UserId>,
    /// Whether the group's people are shown.
    people: RwSignal<bool>,
) -> impl IntoView {
    let locale = use_locale();
    let session = use_session();
    let title = {
        let c = c.clone();
        move || conversation_title(locale.get(), &c, me)
    };
    let names = others(&c, me);
    let meta = {
        let c = c.clone();
        move || {
            let lang = locale.get();
            match (c.kind, &c.association) {
                (ConversationKind::Group, _) => format(lang, k::MSG_WITH, &[("names", &names.join(separator(lang)))]),
                (ConversationKind::Inbox, Some(a)) if c.for_association => {
                    format(lang, k::MSG_INBOX_OF, &[("name", a.name.get(lang))])
                }
                (ConversationKind::Inbox, _) => text(lang, k::MSG_INBOX_LEAD).to_owned(),
                _ => String::new(),
            }
        }
    };
    let other = (c.kind == ConversationKind::Direct)
        .then(|| c.participants.iter().find(|p| Some(p.user_id) != me).map(|p| p.user_id))
        .flatten();
    let confirm = RwSignal::new(false);
    let block = Mutation::new(move |user_id: UserId| async move {
        session.call::<BlockMember>((), &BlockRequest { user_id }).await
    })
    .toast(k::MSG_BLOCKED_TOAST);
    view! {
        <div class="thread__head">
            <div class="thread__heading">
                <h2 class="thread__title" id="thread-title" dir="auto">{title}</h2>
                <p class="list__meta" dir="auto">{meta}</p>
            </div>
            {other.map(|user| view! {
                <button type="button" id="block-member" class="btn btn--ghost btn--small" disabled=move || block.pending().get()
                    on:click=move |_| confirm.set(true)>{tr(k::MSG_BLOCK)}</button>
                <ConfirmDialog open=confirm title=k::MSG_BLOCK_TITLE message=k::MSG_BLOCK_TEXT confirm_label=k::MSG_BLOCK
                    title_id="block-member-title" on_confirm=Callback::new(move |()| block.dispatch(user)) />
            })}
            {(c.kind == ConversationKind::Group).then(|| view! { <PeopleButton open=people /> })}
        </div>
    }
}

/// Show the last message, once it is drawn.
fn to_end(scroller: NodeRef<html::Div>) {
    request_animation_frame(move || {
        if let Some(el) = scroller.get_untracked() {
            el.set_scroll_top(el.scroll_height());
        }
    });
}
