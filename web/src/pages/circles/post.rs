//! One post of a thread: who wrote it and when, whether it was edited, whether it is the answer;
//! its text (the server's HTML of its Markdown) and files, or a tombstone once deleted, or a
//! placeholder while hidden (moderators still read it, marked). Its author changes it in its first
//! 30 minutes and deletes it (so do moderators); another reader reports it; on a question, the
//! thread's author or a moderator marks a reply as the answer, or unmarks it.

use leptos::prelude::*;
use madani_shared::circles::{CirclePost, EditPost, MarkAnswer, ThreadView};
use madani_shared::consultations::{CreateReport, ReportReason};
use madani_shared::endpoints::{MarkThreadAnswer, ReportPost, UpdatePost};
use madani_shared::ids::{PostId, UserId};

use super::moderation::reason_key;
use super::thread::upsert;
use super::{MENTION_TEXTS, focus_soon, still_editable};
use crate::components::attachments::AttachmentList;
use crate::components::form::{ErrorSummary, FormState, SelectField, SubmitButton, TextAreaField, aria_busy};
use crate::components::mention::{Candidate, MentionTextArea, Mentions};
use crate::components::mutation::Mutation;
use crate::i18n::{format_datetime, k, text, tr, use_locale};
use crate::session::use_session;

/// What the posts of a thread share.
#[derive(Clone, Copy)]
pub(super) struct Posts {
    pub posts: RwSignal<Vec<CirclePost>>,
    pub view: RwSignal<ThreadView>,
    pub moderator: Memo<bool>,
    /// Whether the reader marks the answer (a question's author, or a moderator).
    pub marker: Memo<bool>,
    pub me: Memo<Option<UserId>>,
    /// The post the delete dialog asks about, and whether it is open.
    pub deleting: RwSignal<Option<PostId>>,
    pub confirm_delete: RwSignal<bool>,
    /// The circle's members one mentions.
    pub members: RwSignal<Vec<Candidate>>,
}

#[component]
pub(super) fn PostItem(t: Posts, p: CirclePost) -> impl IntoView {
    let locale = use_locale();
    let session = use_session();
    let id = p.id;
    let mine = move || t.me.get().is_some() && t.me.get() == p.author_id;
    let live = !p.deleted && !p.hidden;
    let changeable = live && still_editable(p.created_at);
    let editing = RwSignal::new(false);
    let reporting = RwSignal::new(false);
    let reported = RwSignal::new(p.reported);
    let (at, edited, deleted, hidden, opening, answer) =
        (p.created_at, p.edited_at.is_some() && !p.deleted, p.deleted, p.hidden, p.opening, p.is_answer);
    let html = p.html.clone();
    let files = p.attachments.clone();
    let body = move || match (&html, deleted) {
        (_, true) => view! { <p class="post__placeholder">{tr(k::CIRCLE_POST_DELETED)}</p> }.into_any(),
        // Rendered and sanitized by the server; a hidden post's text only for moderators.
        (Some(html), false) => {
            let files = (!files.is_empty()).then(|| files.clone());
            view! {
                <div class="prose post__body" dir="auto" inner_html=html.clone()></div>
                {files.map(|files| view! { <div class="post__files stack stack--tight"><AttachmentList files /></div> })}
            }
            .into_any()
        }
        (None, false) => view! { <p class="post__placeholder">{tr(k::CIRCLE_POST_HIDDEN)}</p> }.into_any(),
    };
    let mark = Mutation::new(move |post: Option<PostId>| async move {
        session.call::<MarkThreadAnswer>(t.view.get_untracked().thread.id, &MarkAnswer { post_id: post }).await
    })
    .toast_by(|v: &ThreadView| {
        Some(if v.thread.answer_post_id.is_some() { k::CIRCLE_ANSWER_MARKED } else { k::CIRCLE_ANSWER_UNMARKED })
    })
    .then(move |v: ThreadView| {
        let answer = v.thread.answer_post_id;
        t.posts.try_update(|list| list.iter_mut().for_each(|p| p.is_answer = Some(p.id) == answer));
        t.view.try_set(v);
    });
    let author = p.author_name.clone().filter(|_| !deleted);
    let class = match (answer, opening) {
        (true, _) => "post post--answer",
        (false, true) => "post post--opening",
        _ => "post",
    };
    view! {
        <li class=class id=format!("post-{id}") tabindex="-1" data-answer=answer.then_some("true")
            data-deleted=deleted.then_some("true") data-hidden=hidden.then_some("true")>
            <article class="stack stack--tight" aria-labelledby=format!("post-{id}-meta")>
                <p class="post__meta list__meta" id=format!("post-{id}-meta")>
                    {author.map(|a| view! { <strong class="post__author"><bdi>{a}</bdi></strong> " · " })}
                    <bdi>{move || format_datetime(locale.get(), at)}</bdi>
                    {edited.then(|| view! { " · " <span>{tr(k::CIRCLE_POST_EDITED)}</span> })}
                    {answer.then(|| view! { " " <span class="badge badge--success post__answer">{tr(k::CIRCLE_ANSWER)}</span> })}
                    {(hidden && !deleted).then(|| view! { " " <span class="badge badge--warning">{tr(k::CIRCLE_POST_HIDDEN_BADGE)}</span> })}
                </p>
                <Show when=move || !editing.get() fallback=move || view! { <EditForm t id editing /> }>
                    {body.clone()}
                </Show>
                <div class="cluster post__actions">
                    {changeable.then(|| view! {
                        <Show when=mine>
                            <button type="button" class="btn btn--ghost btn--small" id=format!("post-{id}-edit") aria-describedby=format!("post-{id}-meta")
                                on:click=move |_| editing.set(true)>{tr(k::CIRCLE_POST_EDIT)}</button>
                        </Show>
                    })}
                    {(!deleted).then(|| view! {
                        <Show when=move || mine() || t.moderator.get()>
                            <button type="button" class="btn btn--ghost btn--small" id=format!("post-{id}-delete") aria-describedby=format!("post-{id}-meta")
                                on:click=move |_| {
                                    t.deleting.set(Some(id));
                                    t.confirm_delete.set(true);
                                }>{tr(k::CIRCLE_POST_DELETE)}</button>
                        </Show>
                    })}
                    {(live && !opening).then(|| view! {
                        <Show when=move || t.marker.get()>
                            <button type="button" class="btn btn--ghost btn--small" id=format!("post-{id}-answer") aria-describedby=format!("post-{id}-meta")
                                aria-busy=aria_busy(mark.pending()) disabled=move || mark.pending().get()
                                on:click=move |_| mark.dispatch((!answer).then_some(id))>
                                {move || text(locale.get(), if answer { k::CIRCLE_UNMARK_ANSWER } else { k::CIRCLE_MARK_ANSWER })}
                            </button>
                        </Show>
                    })}
                    {live.then(|| view! {
                        <Show when=move || session.is_signed_in() && !mine()>
                            <Show when=move || !reported.get() fallback=|| view! { <span class="badge">{tr(k::CIRCLE_REPORTED)}</span> }>
                                <button type="button" class="btn btn--ghost btn--small" id=format!("post-{id}-report") aria-describedby=format!("post-{id}-meta")
                                    aria-expanded=move || if reporting.get() { "true" } else { "false" }
                                    on:click=move |_| reporting.update(|r| *r = !*r)>{tr(k::CIRCLE_REPORT)}</button>
                            </Show>
                        </Show>
                    })}
                </div>
                <Show when=move || reporting.get() && !reported.get()>
                    <ReportForm id reporting reported />
                </Show>
            </article>
        </li>
    }
}

/// The author's change to a post, in its first minutes.
#[component]
fn EditForm(t: Posts, id: PostId, editing: RwSignal<bool>) -> impl IntoView {
    let session = use_session();
    let form = FormState::new();
    // Those it mentions stay mentioned while their `@Name` stays in the text.
    let (source, already): (String, Vec<Candidate>) = t
        .posts
        .with_untracked(|l| {
            l.iter().find(|p| p.id == id).map(|p| {
                let named = p.mentions.iter().map(|m| Candidate { id: m.user_id, name: m.name.clone() }).collect();
                (p.body.clone().unwrap_or_default(), named)
            })
        })
        .unwrap_or_default();
    let body = RwSignal::new(source);
    let mentions = Mentions::new(t.members).with_picked(already);
    let save = Mutation::new(move |request: EditPost| async move { session.call::<UpdatePost>(id, &request).await })
        .form(form)
        .toast(k::CIRCLE_POST_SAVED)
        .then(move |p| {
            editing.try_set(false);
            t.posts.try_update(|list| upsert(list, p));
            focus_soon(format!("post-{id}"));
        });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = body.get_untracked();
        save.submit(EditPost { mentions: mentions.ids(&text), body: text });
    };
    focus_soon(format!("post-{id}-body"));
    view! {
        <form class="stack stack--tight" id=format!("post-{id}-edit-form") on:submit=submit novalidate=true>
            <ErrorSummary form />
            <MentionTextArea id=format!("post-{id}-body") field="body" label=k::CIRCLE_POST_EDIT_LABEL value=body form mentions
                texts=MENTION_TEXTS rows=4 />
            <div class="cluster">
                <SubmitButton label=k::CIRCLE_POST_SAVE form class="btn btn--primary btn--small" />
                <button type="button" class="btn btn--secondary btn--small" on:click=move |_| {
                    editing.set(false);
                    focus_soon(format!("post-{id}-edit"));
                }>{tr(k::COMMON_CANCEL)}</button>
            </div>
        </form>
    }
}

/// Report a post to the circle's moderators: why, and optionally more.
#[component]
fn ReportForm(id: PostId, reporting: RwSignal<bool>, reported: RwSignal<bool>) -> impl IntoView {
    let session = use_session();
    let form = FormState::new();
    let reason = RwSignal::new(ReportReason::Spam.as_str().to_owned());
    let details = RwSignal::new(String::new());
    let base = format!("post-{id}-report");
    let send =
        Mutation::new(move |request: CreateReport| async move { session.call::<ReportPost>(id, &request).await })
            .form(form)
            .toast(k::CIRCLE_REPORT_SENT)
            .then(move |()| {
                reported.try_set(true);
                reporting.try_set(false);
            });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        send.submit(CreateReport {
            reason: ReportReason::parse(&reason.get_untracked()).unwrap_or(ReportReason::Other),
            details: Some(details.get_untracked().trim().to_owned()).filter(|d| !d.is_empty()),
        });
    };
    focus_soon(format!("{base}-reason"));
    let reasons = ReportReason::ALL.iter().map(|r| (r.as_str(), reason_key(*r))).collect::<Vec<_>>();
    view! {
        <form class="stack stack--tight circle-panel" id=format!("{base}-form") on:submit=submit novalidate=true>
            <ErrorSummary form />
            <SelectField id=format!("{base}-reason") field="reason" label=k::CIRCLE_REPORT_REASON value=reason form options=reasons />
            <TextAreaField id=format!("{base}-details") field="details" label=k::CIRCLE_REPORT_DETAILS value=details form
                hint=k::CIRCLE_REPORT_DETAILS_HINT rows=3 />
            <div class="cluster">
                <SubmitButton label=k::CIRCLE_REPORT_SEND form class="btn btn--primary btn--small" />
                <button type="button" class="btn btn--secondary btn--small" on:click=move |_| {
                    reporting.set(false);
                    focus_soon(format!("post-{id}-report"));
                }>{tr(k::COMMON_CANCEL)}</button>
            </div>
        </form>
    }
}
