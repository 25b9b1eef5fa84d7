//! A proposal's comments as a thread: the API's flat, chronological pages arranged so that replies
//! follow what they answer (three deep, indented on the side where the reader starts), each with its
//! author, time and edited mark; reply, change or delete your own in its first minutes, report
//! another's. A deleted comment is a tombstone and a hidden one a placeholder, both in their place
//! (moderators still read a hidden one, marked).

use std::collections::HashMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use madani_shared::ClientError;
use madani_shared::consultations::*;
use madani_shared::endpoints::{CreateCommentEndpoint, DeleteComment, ListComments, UpdateCommentEndpoint};
use madani_shared::ids::{CommentId, ProposalId};
use madani_shared::page::PageQuery;

use super::report::{ReportButton, Reported};
use super::{check_scoped, focus_soon, scoped_error, still_before};
use crate::components::dialog::ConfirmDialog;
use crate::components::form::{ErrorSummary, FormState, SubmitButton, TextAreaField, aria_busy};
use crate::components::mutation::Mutation;
use crate::components::states::{ProblemState, Skeleton};
use crate::i18n::{format, format_datetime, k, plural, tr, use_locale};
use crate::session::use_session;

/// The comments in reading order: each followed by its replies (oldest first, recursively); one
/// whose parent is not among them starts a thread of its own.
pub(crate) fn thread(comments: &[Comment]) -> Vec<Comment> {
    let known: std::collections::HashSet<CommentId> = comments.iter().map(|c| c.id).collect();
    let mut children: HashMap<Option<CommentId>, Vec<&Comment>> = HashMap::new();
    for c in comments {
        let parent = c.parent_id.filter(|p| known.contains(p));
        children.entry(parent).or_default().push(c);
    }
    for list in children.values_mut() {
        list.sort_by_key(|c| (c.created_at, c.id));
    }
    let mut out = Vec::with_capacity(comments.len());
    // Depth first, without recursion: a stack of what is still to visit.
    let mut stack: Vec<&Comment> = children.get(&None).map(|l| l.iter().rev().copied().collect()).unwrap_or_default();
    while let Some(c) = stack.pop() {
        out.push(c.clone());
        if let Some(replies) = children.get(&Some(c.id)) {
            stack.extend(replies.iter().rev().copied());
        }
    }
    out
}

/// Put `c` in `list`, in place of the comment it updates, else at the end.
fn upsert(list: &mut Vec<Comment>, c: Comment) {
    match list.iter_mut().find(|x| x.id == c.id) {
        Some(x) => *x = c,
        None => list.push(c),
    }
}

/// What the thread's items share.
#[derive(Clone, Copy)]
struct Thread {
    comments: RwSignal<Vec<Comment>>,
    can_comment: Signal<bool>,
    moderator: bool,
    /// Which comment's reply form is open.
    replying: RwSignal<Option<CommentId>>,
    /// Which comment's edit form is open.
    editing: RwSignal<Option<CommentId>>,
    /// The comment the delete dialog asks about, and whether it is open.
    deleting: RwSignal<Option<CommentId>>,
    confirm_delete: RwSignal<bool>,
    proposal: ProposalId,
    on_added: Callback<()>,
}

#[component]
pub(super) fn Comments(
    proposal: ProposalId,
    can_comment: Signal<bool>,
    moderator: bool,
    count: Signal<i64>,
    on_added: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let comments: RwSignal<Vec<Comment>> = RwSignal::new(Vec::new());
    let next: RwSignal<Option<String>> = RwSignal::new(None);
    let loading = RwSignal::new(false);
    let started = RwSignal::new(false);
    let error: RwSignal<Option<std::sync::Arc<ClientError>>> = RwSignal::new(None);
    let load = move |cursor: Option<String>| {
        loading.set(true);
        error.set(None);
        spawn_local(async move {
            let query = PageQuery { limit: Some(50), cursor };
            match session.call_as_viewer::<ListComments>(proposal, &query).await {
                Ok(page) => {
                    comments.try_update(|list| page.items.into_iter().for_each(|c| upsert(list, c)));
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
    let t = Thread {
        comments,
        can_comment,
        moderator,
        replying: RwSignal::new(None),
        editing: RwSignal::new(None),
        deleting: RwSignal::new(None),
        confirm_delete: RwSignal::new(false),
        proposal,
        on_added,
    };
    let remove = Mutation::new(move |id: CommentId| async move { session.call::<DeleteComment>(id, &()).await })
        .toast(k::COMMENT_DELETED_TOAST)
        .then(move |c| {
            comments.try_update(|list| upsert(list, c));
        });
    view! {
        <section class="card stack comments" id="comments" aria-labelledby="comments-title">
            <h2 class="card__title" id="comments-title">{move || plural(locale.get(), "proposal.comments_count", count.get())}</h2>
            <Show when=move || can_comment.get()>
                <CommentForm t parent=None />
            </Show>
            <ol class="comments__list" id="comments-list">
                <For
                    each=move || thread(&comments.get())
                    key=|c| (c.id, c.body_html.clone(), c.deleted, c.hidden, c.edited_at, c.reported)
                    children=move |c| view! { <CommentItem t c /> }
                />
            </ol>
            <Show when=move || loading.get() && !started.get()>
                <Skeleton />
            </Show>
            <Show when=move || started.get() && comments.with(Vec::is_empty)>
                <p class="muted" id="comments-empty">{tr(k::COMMENT_NONE)}</p>
            </Show>
            {move || error.get().map(|error| view! { <ProblemState error on_retry=Callback::new(move |()| load(next.get_untracked())) /> })}
            <Show when=move || next.with(Option::is_some)>
                <button type="button" class="btn btn--secondary" id="comments-more" aria-busy=aria_busy(loading)
                    on:click=move |_| load(next.get_untracked())>
                    {tr(k::COMMON_LOAD_MORE)}
                </button>
            </Show>
            <ConfirmDialog open=t.confirm_delete title=k::COMMENT_DELETE_TITLE message=k::COMMENT_DELETE_TEXT confirm_label=k::COMMENT_DELETE
                title_id="comment-delete-title"
                on_confirm=Callback::new(move |()| {
                    if let Some(id) = t.deleting.get_untracked() {
                        remove.dispatch(id);
                    }
                }) />
        </section>
    }
}

#[component]
fn CommentItem(t: Thread, c: Comment) -> impl IntoView {
    let locale = use_locale();
    let session = use_session();
    let id = c.id;
    let depth = c.depth.clamp(1, 3);
    let mine = move || session.user.with(|u| u.as_ref().map(|u| u.id)) == c.author_id && c.author_id.is_some();
    let live = !c.deleted && !c.hidden;
    let changeable = live && still_before(c.editable_until);
    let reported = RwSignal::new(c.reported);
    let at = c.created_at;
    let edited = c.edited_at.is_some();
    let (deleted, hidden, moderator, html) = (c.deleted, c.hidden, t.moderator, c.body_html.clone());
    let body = move || {
        if deleted {
            view! { <p class="comment__placeholder">{tr(k::COMMENT_DELETED)}</p> }.into_any()
        } else if hidden && !moderator {
            view! { <p class="comment__placeholder">{tr(k::COMMENT_HIDDEN)}</p> }.into_any()
        } else {
            // Rendered and sanitized by the server (`body_html`).
            view! { <div class="prose comment__body" dir="auto" inner_html=html.clone()></div> }.into_any()
        }
    };
    let author = c.author_name.clone().filter(|_| !c.deleted && (!c.hidden || t.moderator));
    view! {
        <li class=format!("comment comment--depth-{depth}") id=format!("comment-{id}") data-depth=depth
            data-deleted=c.deleted.then_some("true") data-hidden=c.hidden.then_some("true")>
            <article class="stack stack--tight" aria-labelledby=format!("comment-{id}-meta")>
                <p class="comment__meta list__meta" id=format!("comment-{id}-meta")>
                    {author.map(|a| view! { <strong class="comment__author"><bdi>{a}</bdi></strong> " · " })}
                    <bdi>{move || format_datetime(locale.get(), at)}</bdi>
                    {edited.then(|| view! { " · " <span class="comment__edited">{tr(k::COMMENT_EDITED)}</span> })}
                    {(c.hidden && t.moderator).then(|| view! { " " <span class="badge badge--warning">{tr(k::MODERATION_HIDDEN)}</span> })}
                </p>
                <Show when=move || t.editing.get() != Some(id) fallback=move || view! { <EditComment t id /> }>
                    {body.clone()}
                </Show>
                <div class="cluster comment__actions">
                    {(live && depth < 3).then(|| view! {
                        <Show when=move || t.can_comment.get()>
                            <button type="button" class="btn btn--ghost btn--small comment__reply" id=format!("comment-{id}-reply") aria-describedby=format!("comment-{id}-meta")
                                aria-expanded=move || if t.replying.get() == Some(id) { "true" } else { "false" }
                                on:click=move |_| t.replying.update(|r| *r = if *r == Some(id) { None } else { Some(id) })>
                                {tr(k::COMMENT_REPLY)}
                            </button>
                        </Show>
                    })}
                    {changeable.then(|| view! {
                        <Show when=mine>
                            <button type="button" class="btn btn--ghost btn--small" id=format!("comment-{id}-edit") aria-describedby=format!("comment-{id}-meta")
                                on:click=move |_| t.editing.set(Some(id))>{tr(k::PROPOSAL_EDIT)}</button>
                            <button type="button" class="btn btn--ghost btn--small" id=format!("comment-{id}-delete") aria-describedby=format!("comment-{id}-meta")
                                on:click=move |_| {
                                    t.deleting.set(Some(id));
                                    t.confirm_delete.set(true);
                                }>{tr(k::COMMENT_DELETE)}</button>
                        </Show>
                    })}
                    {(live || (c.hidden && t.moderator)).then(|| view! {
                        <Show when=move || session.is_signed_in() && !mine()>
                            <ReportButton what=Reported::Comment(id) reported />
                        </Show>
                    })}
                </div>
                <Show when=move || t.replying.get() == Some(id)>
                    <CommentForm t parent=Some(id) />
                </Show>
            </article>
        </li>
    }
}

/// A comment on the proposal (`parent` none), or a reply.
#[component]
fn CommentForm(t: Thread, parent: Option<CommentId>) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let form = FormState::new();
    let body = RwSignal::new(String::new());
    let base = parent.map(|p| format!("comment-{p}-reply")).unwrap_or_else(|| "comment-new".into());
    let proposal = t.proposal;
    let send = Mutation::new(move |request: CreateComment| async move {
        session.call::<CreateCommentEndpoint>(proposal, &request).await.map_err(scoped_error("comment"))
    })
    .form(form)
    .toast(k::COMMENT_SENT)
    .then(move |c| {
        let id = c.id;
        t.comments.try_update(|list| upsert(list, c));
        body.try_set(String::new());
        t.replying.try_set(None);
        t.on_added.run(());
        focus_soon(format!("comment-{id}"));
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = CreateComment { body: body.get_untracked(), parent_id: parent };
        if check_scoped(form, "comment", &request) {
            send.dispatch(request);
        }
    };
    if parent.is_some() {
        focus_soon(format!("{base}-body"));
    }
    let label = if parent.is_some() { k::COMMENT_REPLY_LABEL } else { k::COMMENT_NEW_LABEL };
    view! {
        <form class="stack stack--tight comment-form" id=format!("{base}-form") on:submit=submit novalidate=true>
            <ErrorSummary form=form />
            <TextAreaField id=format!("{base}-body") field="comment.body" label value=body form rows=3 />
            <p class="field__hint">{move || format(locale.get(), k::COMMENT_HINT, &[("minutes", &COMMENT_EDIT_MINUTES.to_string())])}</p>
            <div class="cluster">
                <SubmitButton label=if parent.is_some() { k::COMMENT_REPLY } else { k::COMMENT_SEND } form=form class="btn btn--primary btn--small" />
                {parent.is_some().then(|| view! {
                    <button type="button" class="btn btn--secondary btn--small" on:click=move |_| {
                        t.replying.set(None);
                        if let Some(p) = parent {
                            focus_soon(format!("comment-{p}-reply"));
                        }
                    }>{tr(k::COMMON_CANCEL)}</button>
                })}
            </div>
        </form>
    }
}

/// The author's change to a comment, in its first minutes.
#[component]
fn EditComment(t: Thread, id: CommentId) -> impl IntoView {
    let session = use_session();
    let form = FormState::new();
    let body = RwSignal::new(
        t.comments.with_untracked(|l| l.iter().find(|c| c.id == id).map(|c| c.body.clone())).unwrap_or_default(),
    );
    let save = Mutation::new(move |request: UpdateComment| async move {
        session.call::<UpdateCommentEndpoint>(id, &request).await.map_err(scoped_error("comment"))
    })
    .form(form)
    .toast(k::COMMENT_SAVED)
    .then(move |c| {
        t.editing.try_set(None);
        t.comments.try_update(|list| upsert(list, c));
        focus_soon(format!("comment-{id}-edit"));
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = UpdateComment { body: body.get_untracked() };
        if check_scoped(form, "comment", &request) {
            save.dispatch(request);
        }
    };
    focus_soon(format!("comment-{id}-body"));
    view! {
        <form class="stack stack--tight comment-form" id=format!("comment-{id}-edit-form") on:submit=submit novalidate=true>
            <ErrorSummary form=form />
            <TextAreaField id=format!("comment-{id}-body") field="comment.body" label=k::COMMENT_NEW_LABEL value=body form rows=3 />
            <div class="cluster">
                <SubmitButton label=k::PROPOSAL_SAVE form=form class="btn btn--primary btn--small" />
                <button type="button" class="btn btn--secondary btn--small" on:click=move |_| t.editing.set(None)>{tr(k::COMMON_CANCEL)}</button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn comment(n: u8, parent: Option<u8>, depth: i16) -> Comment {
        let id = |n: u8| format!("01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e{n:02}").parse::<CommentId>().unwrap();
        let at = Utc.timestamp_opt(1_800_000_000 + i64::from(n) * 60, 0).unwrap();
        Comment {
            id: id(n),
            proposal_id: "01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e7a".parse().unwrap(),
            parent_id: parent.map(id),
            depth,
            body: format!("c{n}"),
            body_html: format!("<p>c{n}</p>"),
            author_id: None,
            author_name: None,
            deleted: false,
            hidden: false,
            created_at: at,
            edited_at: None,
            editable_until: at,
            reported: false,
        }
    }

    fn bodies(list: &[Comment]) -> Vec<String> {
        list.iter().map(|c| c.body.clone()).collect()
    }

    #[test]
    fn replies_follow_what_they_answer() {
        // Chronological, as the API pages them: 1, 2, a reply to 1, a reply to that, a reply to 2, …
        let flat = [
            comment(1, None, 1),
            comment(2, None, 1),
            comment(3, Some(1), 2),
            comment(4, Some(3), 3),
            comment(5, Some(2), 2),
            comment(6, Some(1), 2),
        ];
        assert_eq!(bodies(&thread(&flat)), ["c1", "c3", "c4", "c6", "c2", "c5"]);
    }

    #[test]
    fn pages_in_any_order_and_missing_parents() {
        // A new comment added before the older pages came, and a reply whose parent is not here.
        let list = [comment(9, None, 1), comment(1, None, 1), comment(7, Some(5), 2), comment(2, Some(1), 2)];
        assert_eq!(bodies(&thread(&list)), ["c1", "c2", "c7", "c9"]);
        let mut list = vec![comment(1, None, 1)];
        let mut changed = comment(1, None, 1);
        changed.deleted = true;
        upsert(&mut list, changed);
        upsert(&mut list, comment(2, None, 1));
        assert_eq!(list.len(), 2);
        assert!(list[0].deleted);
    }
}
