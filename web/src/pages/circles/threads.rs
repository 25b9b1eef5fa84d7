//! A circle's threads: pinned ones first, then the latest active, searched by the start of the
//! words of their titles and posts; each says whether it is a question and whether it has its
//! answer. Its members and moderators start one (a title, a discussion or a question, the opening
//! post in Markdown, with @mentions of members, up to 5 files) and land on it. The list follows the others' writes as they come.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use madani_shared::circles::{CircleThread, NewThread, ThreadKind, ThreadsQuery};
use madani_shared::endpoints::{ListThreads, StartThread};
use madani_shared::ids::CircleId;
use madani_shared::messaging::EventKind;

use super::{
    FILE_TEXTS, MENTION_TEXTS, REPLIES, counted, focus_soon, kind_badge, load_mentionable, provide_mention_lookup,
    thread_href, upload_file,
};
use crate::components::attachments::{AttachmentPicker, ChosenFiles};
use crate::components::debounce::debounced;
use crate::components::form::{ErrorSummary, FormState, SelectField, TextField, aria_busy, field_error};
use crate::components::live::{Live, News};
use crate::components::mention::{Candidate, MentionTextArea, Mentions};
use crate::components::mutation::Mutation;
use crate::components::search::{Search, SearchField, SearchResults};
use crate::i18n::{format_datetime, k, text, tr, use_locale};
use crate::session::use_session;

#[component]
pub(super) fn Threads(circle: CircleId, writer: Memo<bool>, moderator: Memo<bool>) -> impl IntoView {
    let session = use_session();
    let q = RwSignal::new(String::new());
    let settled = debounced(q, Duration::from_millis(250));
    // A member sees the others' new threads and replies as they come: each change of the circle
    // (`circle.updated`), or a gap in the events, reads the list again.
    let changed = RwSignal::new(0u32);
    let live = session.user.with_untracked(Option::is_some).then(Live::start);
    if let Some(live) = live {
        live.listen(move |news| match news {
            News::Event(e) if e.kind == EventKind::CircleUpdated && e.circle_id == Some(circle) => {
                changed.update(|n| *n += 1)
            }
            News::Reload => changed.update(|n| *n += 1),
            News::Event(_) => {}
        });
    }
    let search = Search::new(move |cursor| {
        // A moderator reads what members do; whoever's standing changes reads them again.
        let _ = (moderator.get(), writer.get(), changed.get());
        let query = ThreadsQuery { q: Some(settled.get()).filter(|s| !s.trim().is_empty()), limit: None, cursor };
        async move {
            // Read once the number of the last event is known: nothing written in between is missed.
            if let Some(live) = live {
                live.wait_ready().await;
            }
            session.call_as_viewer::<ListThreads>(circle, &query).await
        }
    });
    let starting = RwSignal::new(false);
    // The members a new thread mentions, read once, the first time the form opens.
    let members: RwSignal<Vec<Candidate>> = RwSignal::new(Vec::new());
    let more = RwSignal::new(false);
    provide_mention_lookup(session, circle, members, more);
    Effect::new(move |asked: Option<bool>| {
        let asked = asked.unwrap_or(false);
        if !asked && starting.get() && writer.get() {
            load_mentionable(session, circle, members, more);
            return true;
        }
        asked
    });
    let empty_message =
        Signal::derive(
            move || if settled.get().trim().is_empty() { k::CIRCLE_THREADS_NONE } else { k::CIRCLE_THREADS_EMPTY },
        );
    view! {
        <section class="card stack" aria-labelledby="threads-title" id="circle-threads">
            <div class="section-head">
                <h2 class="card__title" id="threads-title">{tr(k::CIRCLE_THREADS_TITLE)}</h2>
                <Show when=move || writer.get()>
                    <button type="button" class="btn btn--primary btn--small" id="thread-start"
                        aria-expanded=move || if starting.get() { "true" } else { "false" } aria-controls="thread-form"
                        on:click=move |_| starting.update(|s| *s = !*s)>
                        {tr(k::CIRCLE_START_THREAD)}
                    </button>
                </Show>
            </div>
            <Show when=move || starting.get() && writer.get()>
                <NewThreadForm circle starting members />
            </Show>
            <SearchField id="threads-q" label=k::CIRCLE_THREAD_SEARCH hint=k::CIRCLE_THREAD_SEARCH_HINT value=q />
            <SearchResults search empty_message more_id="threads-more">
                <ul class="list" id="threads-list">
                    {move || search.items.get().into_iter().map(thread_item).collect_view()}
                </ul>
            </SearchResults>
        </section>
    }
}

/// A thread in the list: pinned, a question, answered; its title, who started it, its replies and
/// its latest post.
fn thread_item(t: CircleThread) -> impl IntoView {
    let locale = use_locale();
    let (at, replies) = (t.last_post_at, t.reply_count);
    let answered = t.kind == ThreadKind::Question && t.answer_post_id.is_some();
    view! {
        <li class="list__item thread-item" data-thread=t.id.to_string() data-pinned=t.pinned.then_some("true")
            data-answered=answered.then_some("true")>
            <div class="stack stack--tight thread-item__body">
                <p class="cluster">
                    {t.pinned.then(|| view! { <span class="badge badge--info">{tr(k::CIRCLE_PINNED)}</span> })}
                    {kind_badge(t.kind)}
                    {answered.then(|| view! { <span class="badge badge--success thread-item__answered">{tr(k::CIRCLE_ANSWERED)}</span> })}
                </p>
                <A href=thread_href(t.id) attr:class="thread-item__title"><bdi>{t.title.clone()}</bdi></A>
                <p class="list__meta">
                    {t.author_name.clone().map(|a| view! { <bdi>{a}</bdi> " · " })}
                    {move || counted(locale.get(), replies, REPLIES)}
                    " · "
                    <bdi>{move || text(locale.get(), k::CIRCLE_LAST_POST).replace("{when}", &format_datetime(locale.get(), at))}</bdi>
                </p>
            </div>
        </li>
    }
}

/// Start a thread: its title, its kind, its opening post (with the members it mentions) and its
/// files.
#[component]
fn NewThreadForm(circle: CircleId, starting: RwSignal<bool>, members: RwSignal<Vec<Candidate>>) -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let form = FormState::new();
    let title = RwSignal::new(String::new());
    let kind = RwSignal::new(ThreadKind::Discussion.as_str().to_owned());
    let body = RwSignal::new(String::new());
    let mentions = Mentions::new(members);
    let files = ChosenFiles::new();
    form.control("attachment_ids", "thread-files", k::CIRCLE_FILE_ATTACH);
    form.clear_on_change("attachment_ids", move || files.track());
    let start =
        Mutation::new(move |request: NewThread| async move { session.call::<StartThread>(circle, &request).await })
            .form(form)
            .toast(k::CIRCLE_THREAD_STARTED)
            .then(move |v| navigate(&thread_href(v.thread.id), NavigateOptions::default()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if files.sending_untracked() {
            return;
        }
        let text = body.get_untracked();
        start.submit(NewThread {
            kind: ThreadKind::parse(&kind.get_untracked()).unwrap_or(ThreadKind::Discussion),
            attachment_ids: files.ids(),
            mentions: mentions.ids(&text),
            ..NewThread::new(title.get_untracked().trim(), text)
        });
    };
    let upload = move |file, progress| upload_file(session, circle, file, progress);
    focus_soon("thread-title".into());
    view! {
        <form class="stack circle-panel" id="thread-form" on:submit=submit novalidate=true>
            <ErrorSummary form />
            <TextField id="thread-title" field="title" label=k::CIRCLE_THREAD_FIELD_TITLE value=title form />
            <SelectField id="thread-kind" field="kind" label=k::CIRCLE_THREAD_FIELD_KIND value=kind form options=vec![
                (ThreadKind::Discussion.as_str(), k::CIRCLE_KIND_DISCUSSION),
                (ThreadKind::Question.as_str(), k::CIRCLE_KIND_QUESTION_LONG),
            ] />
            <MentionTextArea id="thread-body" field="body" label=k::CIRCLE_THREAD_FIELD_BODY value=body form mentions texts=MENTION_TEXTS
                hint=k::CIRCLE_MARKDOWN_HINT rows=6 />
            <AttachmentPicker id="thread-files" files texts=FILE_TEXTS upload />
            {field_error("thread-files", form, "attachment_ids")}
            <div class="cluster">
                <button type="submit" class="btn btn--primary" id="thread-send" aria-busy=aria_busy(form.pending)
                    disabled=move || form.pending.get() || files.sending()>
                    {tr(k::CIRCLE_START_THREAD)}
                </button>
                <button type="button" class="btn btn--secondary" on:click=move |_| {
                    starting.set(false);
                    focus_soon("thread-start".into());
                }>{tr(k::COMMON_CANCEL)}</button>
            </div>
        </form>
    }
}
