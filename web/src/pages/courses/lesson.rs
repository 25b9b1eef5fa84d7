//! The learning view: a lesson's content by kind (an uploaded video played from its signed
//! address), "mark as complete", previous/next, and the course outline beside it (under it on a
//! phone).

use leptos::prelude::*;
use leptos::tachys::html::attribute::custom::custom_attribute;
use leptos_router::components::A;
use madani_shared::courses::*;
use madani_shared::endpoints::{CompleteLesson, GetCourse, GetLesson};
use madani_shared::ids::{CourseId, LessonId};

use super::quiz::QuizPanel;
use super::video::UploadedVideo;
use super::{ProgressBar, course_href, duration_text, kind_icon, kind_label, lesson_href, outline_view};
use crate::app::use_title;
use crate::components::form::BusyButton;
use crate::components::icon::{Icon, icon};
use crate::components::loaded::{Loaded, param, read_of};
use crate::components::mutation::Mutation;
use crate::components::page::BackLink;
use crate::i18n::{k, tr, use_locale};
use crate::session::use_session;

#[component]
pub fn LessonPage() -> impl IntoView {
    use_title(k::LESSON_TITLE);
    let session = use_session();
    let locale = use_locale();
    let course_id = param::<CourseId>("id");
    let lesson_id = param::<LessonId>("lesson_id");
    let lesson = read_of(
        move || course_id().zip(lesson_id()),
        move |ids| async move { session.call::<GetLesson>(ids, &()).await },
    );
    let course = read_of(course_id, move |id| async move { session.call::<GetCourse>(id, &()).await });
    // The latest progress: the course's, then what completing a lesson answered.
    let progress: RwSignal<Option<Progress>> = RwSignal::new(None);
    Effect::new(move |_| {
        if let Some(Ok(c)) = course.get() {
            progress.set(c.progress.clone());
        }
    });
    let completed = Callback::new(move |p: Progress| {
        progress.set(Some(p));
        course.refetch();
    });
    // A quiz was graded: the outline and progress may have moved.
    let changed = Callback::new(move |()| course.refetch());
    let back =
        move || course_id().map(|id| view! { <p><A href=course_href(id)>{tr(k::LESSON_BACK_TO_COURSE)}</A></p> });
    view! {
        <div class="page lesson-layout">
            <div class="lesson-main stack">
                <Loaded resource=lesson lines=6 title=k::LESSON_TITLE before_error=back let:lesson>
                    <LessonContent lesson progress completed changed />
                </Loaded>
            </div>
            <aside class="lesson-aside card stack" aria-labelledby="lesson-outline-title">
                <h2 class="card__title" id="lesson-outline-title">{tr(k::COURSE_OUTLINE)}</h2>
                {move || {
                    course.get().map(|result| match result {
                        Ok(c) => {
                            let title = c.summary.title.clone();
                            view! {
                                <p>
                                    <A href=course_href(c.summary.id) attr:dir="auto">{move || title.get(locale.get()).to_owned()}</A>
                                </p>
                                {outline_view(c.summary.id, c.modules, true, true)}
                            }
                                .into_any()
                        }
                        Err(_) => view! { <p class="muted">{tr(k::COURSE_NO_LESSONS)}</p> }.into_any(),
                    })
                }}
            </aside>
        </div>
    }
}

#[component]
fn LessonContent(
    lesson: Lesson,
    progress: RwSignal<Option<Progress>>,
    completed: Callback<Progress>,
    changed: Callback<()>,
) -> impl IntoView {
    let locale = use_locale();
    let session = use_session();
    let l = lesson;
    // Quizzes are completed by passing them, not by hand.
    let enrolled = l.completed.is_some() && l.kind.as_str() != "quiz";
    let done = RwSignal::new(l.completed == Some(true));
    let complete = Mutation::new(move |(course, id): (CourseId, LessonId)| async move {
        session.call::<CompleteLesson>((course, id), &()).await
    })
    .toast_by(|p| Some(if p.completed_at.is_some() { k::LESSON_COURSE_FINISHED } else { k::LESSON_MARKED }))
    .then(move |p| {
        done.try_set(true);
        completed.try_run(p);
    });
    let busy = complete.pending();
    let (course, id) = (l.course_id, l.id);
    let title = l.title.clone();
    let title_attr = l.title.clone();
    let body = l.body_html.clone();
    let kind = l.kind;
    let minutes = l.estimated_minutes;
    let content = match (kind, l.embed_url.clone(), l.url.clone()) {
        // An uploaded file comes first: the trainers chose it over the address.
        (LessonKind::Video, _, _) if let Some(video) = l.video.clone() => {
            view! { <UploadedVideo course_id=l.course_id lesson_id=l.id video=video /> }.into_any()
        }
        (LessonKind::Video, None, None) => {
            view! { <p class="alert alert--info" id="lesson-video-missing">{tr(k::LESSON_VIDEO_MISSING)}</p> }
                .into_any()
        }
        (LessonKind::Video, Some(embed), _) => {
            let frame = view! {
                <iframe
                    src=embed
                    title=move || title_attr.get(locale.get()).to_owned()
                    allow="fullscreen"
                    referrerpolicy="strict-origin-when-cross-origin"
                    sandbox="allow-scripts allow-same-origin allow-presentation"
                ></iframe>
            }
            // The view macro knows `loading` on images only.
            .add_any_attr(custom_attribute("loading", "lazy"));
            view! { <div class="video-frame">{frame}</div> }.into_any()
        }
        (LessonKind::Text, _, _) => ().into_any(),
        (_, _, Some(url)) => {
            let (which, key) = match kind {
                LessonKind::Resource => (Icon::Download, k::LESSON_OPEN_RESOURCE),
                LessonKind::Video => (Icon::Play, k::LESSON_OPEN_VIDEO),
                _ => (Icon::Link, k::LESSON_OPEN_LINK),
            };
            view! {
                <div class="stack stack--tight">
                    <p>
                        <a class="btn btn--secondary" id="lesson-link" href=url.clone() rel="noopener noreferrer" target="_blank">
                            {icon(which)}
                            {tr(key)}
                            <span class="sr-only">" " {tr(k::LESSON_NEW_TAB)}</span>
                        </a>
                    </p>
                    <p class="list__meta"><bdi dir="ltr" class="lesson-url">{url}</bdi></p>
                </div>
            }
                .into_any()
        }
        _ => ().into_any(),
    };
    let quiz =
        l.quiz.clone().map(|info| view! { <QuizPanel lesson=l.clone() info=info progress=progress changed=changed /> });
    let course_id = l.course_id;
    let previous = l.previous_lesson_id;
    let next = l.next_lesson_id;
    let required = l.required;
    view! {
        <article class="stack" id="lesson" data-lesson=l.id.to_string()>
            <BackLink href=course_href(course_id) label=k::LESSON_BACK_TO_COURSE />
            <h1 class="page__title" id="lesson-title" dir="auto">{move || title.get(locale.get()).to_owned()}</h1>
            <p class="cluster">
                <span class="badge">{kind_icon(kind)} {move || kind_label(locale.get(), kind)}</span>
                {minutes.map(|m| view! { <span class="badge">{move || duration_text(locale.get(), m)}</span> })}
                {(!required).then(|| view! { <span class="badge">{tr(k::LESSON_OPTIONAL)}</span> })}
            </p>
            {content}
            {move || {
                // Rendered and sanitized by the server (see the API's `body_html`).
                let html = body.get(locale.get()).to_owned();
                (!html.is_empty()).then(|| view! { <div class="prose lesson-body" dir="auto" inner_html=html></div> })
            }}
            {quiz}
            {enrolled.then(|| view! {
                <section class="card stack lesson-complete" aria-labelledby="lesson-complete-title">
                    <h2 class="card__title" id="lesson-complete-title">{tr(k::COURSE_YOUR_PROGRESS)}</h2>
                    <Show
                        when=move || done.get()
                        fallback=move || view! {
                            <div>
                                <BusyButton busy=busy attr:id="complete-lesson" attr:class="btn btn--primary" on:click=move |_| complete.dispatch((course, id))>
                                    {icon(Icon::Check)}
                                    {tr(k::LESSON_MARK_COMPLETE)}
                                </BusyButton>
                            </div>
                        }
                    >
                        <p class="lesson-done" id="lesson-done">{icon(Icon::Check)} {tr(k::LESSON_COMPLETED)}</p>
                    </Show>
                    {move || progress.get().map(|p| view! { <ProgressBar id="lesson-progress".to_owned() progress=p /> })}
                </section>
            })}
            <nav class="lesson-nav" aria-label=tr(k::LESSON_NAV)>
                {previous.map(|p| view! {
                    <A href=lesson_href(course_id, p) attr:class="btn btn--secondary" attr:id="previous-lesson">
                        <span class="flip-rtl" aria-hidden="true">"←"</span>
                        {tr(k::LESSON_PREVIOUS)}
                    </A>
                })}
                {match next {
                    Some(n) => view! {
                        <A href=lesson_href(course_id, n) attr:class="btn btn--primary lesson-nav__next" attr:id="next-lesson">
                            {tr(k::LESSON_NEXT)}
                            <span class="flip-rtl" aria-hidden="true">"→"</span>
                        </A>
                    }
                        .into_any(),
                    None => view! {
                        <A href=course_href(course_id) attr:class="btn btn--secondary lesson-nav__next">{tr(k::LESSON_BACK_TO_COURSE)}</A>
                    }
                        .into_any(),
                }}
            </nav>
        </article>
    }
}
