//! `/threads/:id`: a thread of a circle — its title, kind and whether it is pinned or answered, its
//! posts oldest first (50 at a time, more on demand), and the reply form for the circle's members
//! and moderators, where `@` and a name mention another member. Moderators pin it; on a question,
//! its author or a moderator marks the reply that answers it. Whoever may not read it gets the
//! server's answer (404 for a hidden circle). A signed-in reader sees the others' replies and changes
//! as they come.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use madani_shared::ClientError;
use madani_shared::circles::{CirclePost, CircleStanding, NewPost, ThreadChange, ThreadKind, ThreadView};
use madani_shared::endpoints::{DeletePost, GetThread, ListPosts, ReplyCall, UpdateThread};
use madani_shared::ids::{PostId, ThreadId};
use madani_shared::messaging::EventKind;
use madani_shared::page::PageQuery;

use super::post::{PostItem, Posts};
use super::{
    FILE_TEXTS, MENTION_TEXTS, REPLIES, circle_href, counted, focus_soon, is_admin, kind_badge, load_mentionable,
    provide_mention_lookup, session_ready, upload_file,
};
use crate::app::use_title;
use crate::components::attachments::{AttachmentPicker, ChosenFiles};
use crate::components::auth::login_then;
use crate::components::dialog::ConfirmDialog;
use crate::components::form::{ErrorSummary, FormState, aria_busy, field_error};
use crate::components::live::{Live, News};
use crate::components::loaded::{Loaded, param, read_of};
use crate::components::mention::{Candidate, MentionTextArea, Mentions};
use crate::components::mutation::Mutation;
use crate::components::states::{ProblemState, Skeleton};
use crate::i18n::{format_datetime, k, text, tr, use_locale};
use crate::session::use_session;

#[component]
pub fn ThreadPage() -> impl IntoView {
    use_title(k::CIRCLE_THREAD_TITLE);
    let session = use_session();
    let thread = read_of(param::<ThreadId>("id"), move |id| {
        session.user.track();
        async move {
            session_ready(session).await;
            session.call_as_viewer::<GetThread>(id, &()).await
        }
    });
    view! {
        <div class="page page--circle">
            <Loaded resource=thread title=k::CIRCLE_THREAD_TITLE lines=8 let:v>
                <ThreadBody v />
            </Loaded>
        </div>
    }
}

/// Follow the thread as others write in it: each change the circle's members are told of
/// (`circle.updated` naming this thread), or a gap in the events, reads the thread and the posts
/// shown again, with the new ones when every post was shown. Changes that come while a reading is
/// under way lead to one more reading, not one each.
fn follow(
    id: ThreadId,
    view_now: RwSignal<ThreadView>,
    posts: RwSignal<Vec<CirclePost>>,
    next: RwSignal<Option<String>>,
) -> Live {
    let session = use_session();
    let live = Live::start();
    let (busy, again) = (StoredValue::new(false), StoredValue::new(false));
    let refresh = move || {
        if busy.get_value() {
            again.set_value(true);
            return;
        }
        busy.set_value(true);
        spawn_local(async move {
            loop {
                again.try_set_value(false);
                if let Ok(v) = session.call::<GetThread>(id, &()).await {
                    view_now.try_set(v);
                }
                let (shown, whole) = (posts.with_untracked(Vec::len), next.with_untracked(Option::is_none));
                let (mut cursor, mut read) = (None, 0);
                loop {
                    let Ok(page) = session.call::<ListPosts>(id, &PageQuery { limit: Some(100), cursor }).await else {
                        break;
                    };
                    read += page.items.len();
                    posts.try_update(|list| page.items.into_iter().for_each(|p| upsert(list, p)));
                    match page.next_cursor {
                        Some(more) if whole || read < shown => cursor = Some(more),
                        rest => {
                            next.try_set(rest);
                            break;
                        }
                    }
                }
                if !again.try_get_value().unwrap_or(false) {
                    break;
                }
            }
            busy.try_set_value(false);
        });
    };
    live.listen(move |news| match news {
        News::Event(e) if e.kind == EventKind::CircleUpdated && e.thread_id == Some(id) => refresh(),
        News::Reload => refresh(),
        News::Event(_) => {}
    });
    live
}

/// Put `p` in `list`, in place of the post it updates, else at the end.
pub(super) fn upsert(list: &mut Vec<CirclePost>, p: CirclePost) {
    match list.iter_mut().find(|x| x.id == p.id) {
        Some(x) => *x = p,
        None => list.push(p),
    }
}

#[component]
fn ThreadBody(v: ThreadView) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let id = v.thread.id;
    let circle = v.thread.circle_id;
    let view_now = RwSignal::new(v.clone());
    let admin = Memo::new(move |_| is_admin(session));
    let standing = Memo::new(move |_| view_now.with(|v| v.standing));
    let moderator = Memo::new(move |_| standing.get() == Some(CircleStanding::Moderator) || admin.get());
    let writer = Memo::new(move |_| matches!(standing.get(), Some(CircleStanding::Moderator | CircleStanding::Member)));
    let me = Memo::new(move |_| session.user.with(|u| u.as_ref().map(|u| u.id)));
    // On a question, its author and the moderators mark the answer.
    let marker = Memo::new(move |_| {
        view_now.with(|v| {
            v.thread.kind == ThreadKind::Question
                && (moderator.get() || (me.get().is_some() && v.thread.author_id == me.get()))
        })
    });
    let posts: RwSignal<Vec<CirclePost>> = RwSignal::new(Vec::new());
    let next: RwSignal<Option<String>> = RwSignal::new(None);
    let loading = RwSignal::new(false);
    let started = RwSignal::new(false);
    let error: RwSignal<Option<std::sync::Arc<ClientError>>> = RwSignal::new(None);
    // A member follows the thread; its posts are read once the number of their last event is known,
    // so that nothing written in between is missed.
    let live = session.user.with_untracked(Option::is_some).then(|| follow(id, view_now, posts, next));
    let load = move |cursor: Option<String>| {
        loading.set(true);
        error.set(None);
        spawn_local(async move {
            if let Some(live) = live {
                live.wait_ready().await;
            }
            let query = PageQuery { limit: Some(50), cursor };
            match session.call_as_viewer::<ListPosts>(id, &query).await {
                Ok(page) => {
                    posts.try_update(|list| page.items.into_iter().for_each(|p| upsert(list, p)));
                    next.try_set(page.next_cursor);
                    started.try_set(true);
                }
                Err(e) => {
                    error.try_set(Some(std::sync::Arc::new(e)));
                }
            }
            loading.try_set(false);
        });
    };
    load(None);
    let deleting: RwSignal<Option<PostId>> = RwSignal::new(None);
    let confirm_delete = RwSignal::new(false);
    let remove = Mutation::new(move |post: PostId| async move { session.call::<DeletePost>(post, &()).await })
        .toast(k::CIRCLE_POST_DELETED_TOAST)
        .then(move |p: CirclePost| {
            // A deleted answer is no longer the answer.
            if view_now.with_untracked(|v| v.thread.answer_post_id == Some(p.id)) {
                view_now.try_update(|v| v.thread.answer_post_id = None);
            }
            posts.try_update(|list| upsert(list, p));
        });
    let pin = Mutation::new(move |pinned: bool| async move {
        session.call::<UpdateThread>(id, &ThreadChange { title: None, pinned: Some(pinned) }).await
    })
    .toast_by(|v: &ThreadView| Some(if v.thread.pinned { k::CIRCLE_PINNED_TOAST } else { k::CIRCLE_UNPINNED_TOAST }))
    .then(move |v| {
        view_now.try_set(v);
    });
    // The circle's members a writer mentions, read once, when the reader may write.
    let members: RwSignal<Vec<Candidate>> = RwSignal::new(Vec::new());
    let more = RwSignal::new(false);
    provide_mention_lookup(session, circle, members, more);
    Effect::new(move |asked: Option<bool>| {
        let asked = asked.unwrap_or(false);
        if !asked && writer.get() {
            load_mentionable(session, circle, members, more);
            return true;
        }
        asked
    });
    let shared = Posts { posts, view: view_now, moderator, marker, me, deleting, confirm_delete, members };
    let title = move || view_now.with(|v| v.thread.title.clone());
    let circle_name = v.circle_name.clone();
    let (author, created) = (v.thread.author_name.clone(), v.thread.created_at);
    view! {
        <article class="stack stack--loose circle-thread">
            <div class="page__header stack stack--tight">
                <p>
                    <A href=circle_href(circle) attr:id="thread-circle">
                        <span class="flip-rtl" aria-hidden="true">"← "</span>
                        <bdi>{move || circle_name.get(locale.get()).to_owned()}</bdi>
                    </A>
                </p>
                <h1 class="page__title" id="thread-title" dir="auto">{title}</h1>
                <p class="cluster" id="thread-badges">
                    {kind_badge(v.thread.kind)}
                    {move || view_now.with(|v| v.thread.pinned).then(|| view! { <span class="badge badge--info" id="thread-pinned">{tr(k::CIRCLE_PINNED)}</span> })}
                    {move || view_now.with(|v| v.thread.kind == ThreadKind::Question && v.thread.answer_post_id.is_some()).then(|| view! {
                        <span class="badge badge--success" id="thread-answered">{tr(k::CIRCLE_ANSWERED)}</span>
                    })}
                </p>
                <p class="list__meta">
                    {author.map(|a| view! { <bdi>{a}</bdi> " · " })}
                    <bdi>{move || format_datetime(locale.get(), created)}</bdi>
                    " · "
                    <span id="thread-replies">{move || view_now.with(|v| counted(locale.get(), v.thread.reply_count, REPLIES))}</span>
                </p>
                <Show when=move || moderator.get()>
                    <div class="cluster">
                        <button type="button" class="btn btn--secondary btn--small" id="thread-pin"
                            aria-busy=aria_busy(pin.pending()) disabled=move || pin.pending().get()
                            on:click=move |_| pin.dispatch(!view_now.with_untracked(|v| v.thread.pinned))>
                            {move || text(locale.get(), if view_now.with(|v| v.thread.pinned) { k::CIRCLE_UNPIN } else { k::CIRCLE_PIN })}
                        </button>
                    </div>
                </Show>
            </div>
            <section class="stack" aria-labelledby="posts-title">
                <h2 class="sr-only" id="posts-title">{tr(k::CIRCLE_POSTS)}</h2>
                <ol class="posts" id="posts">
                    <For
                        each=move || posts.get()
                        key=|p| (p.id, p.edited_at, p.deleted, p.hidden, p.is_answer, p.reported, p.html.clone())
                        children=move |p| view! { <PostItem t=shared p /> }
                    />
                </ol>
                <Show when=move || loading.get() && !started.get()>
                    <Skeleton />
                </Show>
                {move || error.get().map(|error| view! { <ProblemState error on_retry=Callback::new(move |()| load(next.get_untracked())) /> })}
                <Show when=move || next.with(Option::is_some)>
                    <button type="button" class="btn btn--secondary" id="posts-more" aria-busy=aria_busy(loading)
                        on:click=move |_| load(next.get_untracked())>
                        {tr(k::COMMON_LOAD_MORE)}
                    </button>
                </Show>
            </section>
            {move || match (session.is_signed_in(), writer.get()) {
                (_, true) => view! { <ReplyForm thread=id posts current=view_now members /> }.into_any(),
                (false, _) => view! {
                    <p><A href=login_then(&super::thread_href(id)) attr:class="btn btn--secondary" attr:id="thread-sign-in">{tr(k::CIRCLE_SIGN_IN_TO_REPLY)}</A></p>
                }.into_any(),
                (true, false) => {
                    let key = if standing.get() == Some(CircleStanding::Observer) { k::CIRCLE_OBSERVER_NO_REPLY } else { k::CIRCLE_JOIN_TO_REPLY };
                    view! { <p class="muted" id="thread-join-first"><A href=circle_href(circle)>{tr(key)}</A></p> }.into_any()
                }
            }}
            <ConfirmDialog open=confirm_delete title=k::CIRCLE_POST_DELETE_TITLE message=k::CIRCLE_POST_DELETE_TEXT confirm_label=k::CIRCLE_POST_DELETE
                title_id="post-delete-title"
                on_confirm=Callback::new(move |()| {
                    if let Some(post) = deleting.get_untracked() {
                        remove.dispatch(post);
                    }
                }) />
        </article>
    }
}

/// A reply at the end of the thread, in Markdown, with up to 5 files (sent as soon as chosen), and
/// the circle's members it mentions.
#[component]
fn ReplyForm(
    thread: ThreadId,
    posts: RwSignal<Vec<CirclePost>>,
    current: RwSignal<ThreadView>,
    members: RwSignal<Vec<Candidate>>,
) -> impl IntoView {
    let session = use_session();
    let form = FormState::new();
    let body = RwSignal::new(String::new());
    let mentions = Mentions::new(members);
    let files = ChosenFiles::new();
    form.control("attachment_ids", "reply-files", k::CIRCLE_FILE_ATTACH);
    form.clear_on_change("attachment_ids", move || files.track());
    let circle = current.with_untracked(|v| v.thread.circle_id);
    let send = Mutation::new(move |request: NewPost| async move { session.call::<ReplyCall>(thread, &request).await })
        .form(form)
        .toast(k::CIRCLE_REPLY_SENT)
        .then(move |p: CirclePost| {
            let id = p.id;
            posts.try_update(|list| upsert(list, p));
            current.try_update(|v| v.thread.reply_count += 1);
            body.try_set(String::new());
            mentions.clear();
            files.clear();
            focus_soon(format!("post-{id}"));
        });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !files.sending_untracked() {
            let text = body.get_untracked();
            send.submit(NewPost { attachment_ids: files.ids(), mentions: mentions.ids(&text), ..NewPost::new(text) });
        }
    };
    let upload = move |file, progress| upload_file(session, circle, file, progress);
    view! {
        <form class="stack stack--tight circle-panel" id="reply-form" on:submit=submit novalidate=true>
            <ErrorSummary form />
            <MentionTextArea id="reply-body" field="body" label=k::CIRCLE_REPLY_LABEL value=body form mentions texts=MENTION_TEXTS
                hint=k::CIRCLE_MARKDOWN_HINT rows=4 />
            <AttachmentPicker id="reply-files" files texts=FILE_TEXTS upload />
            {field_error("reply-files", form, "attachment_ids")}
            <div class="cluster">
                <button type="submit" class="btn btn--primary" id="reply-send" aria-busy=aria_busy(form.pending)
                    disabled=move || form.pending.get() || files.sending()>
                    {tr(k::CIRCLE_REPLY)}
                </button>
            </div>
        </form>
    }
}
