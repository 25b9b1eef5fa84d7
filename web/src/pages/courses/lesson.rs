//! The learning view: a lesson's content by kind (an uploaded video played from its signed
//! address), "mark as complete", previous/next, and the course outline beside it (under it on a
//! phone).

use std::sync::Arc;

use leptos::prelude::*;
use leptos::tachys::html::attribute::custom::custom_attribute;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use madani_shared::courses::*;
use madani_shared::endpoints::{CompleteLesson, GetCourse, GetLesson};

use super::quiz::QuizPanel;
use super::{ProgressBar, course_href, duration_text, kind_icon, kind_label, lesson_href, outline_view};
use crate::app::use_title;
use crate::components::icon::{Icon, icon};
use crate::components::states::{ErrorState, Skeleton};
use crate::components::toast::use_toasts;
use crate::errors::problem_text;
use crate::i18n::{k, text, tr, use_locale};
use crate::pages::account::RequireAuth;
use crate::session::use_session;

#[component]
pub fn LessonPage() -> impl IntoView {
    use_title(k::LESSON_TITLE);
    view! {
        <RequireAuth>
            <LessonView />
        </RequireAuth>
    }
}

#[component]
fn LessonView() -> impl IntoView {
    let params = use_params_map();
    let session = use_session();
    let locale = use_locale();
    let course_id = move || params.with(|p| p.get("id").unwrap_or_default());
    let lesson_id = move || params.with(|p| p.get("lesson_id").unwrap_or_default());
    let lesson = LocalResource::new(move || {
        let (course, lesson) = (course_id(), lesson_id());
        async move { session.call::<GetLesson>(&[&course, &lesson], &()).await.map_err(Arc::new) }
    });
    let course = LocalResource::new(move || {
        let course = course_id();
        async move { session.call::<GetCourse>(&[&course], &()).await.map_err(Arc::new) }
    });
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
    view! {
        <div class="page lesson-layout">
            <div class="lesson-main stack">
                <Transition fallback=|| view! { <Skeleton lines=6 /> }>
                    {move || {
                        lesson.get().map(|result| match result {
                            Ok(l) => view! { <LessonContent lesson=l progress=progress completed=completed changed=changed /> }.into_any(),
                            Err(e) => {
                                let message = Signal::derive(move || problem_text(locale.get(), &e));
                                view! {
                                    <p><A href=course_href(&course_id())>{tr(k::LESSON_BACK_TO_COURSE)}</A></p>
                                    <h1 class="page__title">{tr(k::LESSON_TITLE)}</h1>
                                    <ErrorState message=message on_retry=Callback::new(move |_| lesson.refetch()) />
                                }
                                    .into_any()
                            }
                        })
                    }}
                </Transition>
            </div>
            <aside class="lesson-aside card stack" aria-labelledby="lesson-outline-title">
                <h2 class="card__title" id="lesson-outline-title">{tr(k::COURSE_OUTLINE)}</h2>
                {move || {
                    course.get().map(|result| match result {
                        Ok(c) => {
                            let title = c.summary.title.clone();
                            view! {
                                <p>
                                    <A href=course_href(&c.summary.id) attr:dir="auto">{move || title.get(locale.get()).to_owned()}</A>
                                </p>
                                {outline_view(&c.summary.id, c.modules, true, true)}
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

/// A fresh address is asked for at most this often: a signed one lasts two hours, so a video that
/// fails again sooner is broken, not expired.
const VIDEO_REFRESH_MS: f64 = 10.0 * 60.0 * 1000.0;

/// A lesson's uploaded video, played from its signed address. That address lasts two hours: when
/// the video fails (the page stayed open longer), the lesson is fetched again once for a new one,
/// and playback resumes where it stopped.
#[component]
fn UploadedVideo(course_id: String, lesson_id: String, video: LessonVideo) -> impl IntoView {
    let session = use_session();
    let node = NodeRef::<leptos::html::Video>::new();
    let href = RwSignal::new(video.url.clone());
    let refreshed_at: StoredValue<Option<f64>> = StoredValue::new(None);
    let resume_at = StoredValue::new(0.0_f64);
    let failed = RwSignal::new(false);
    // Whether this browser plays the type at all (Safari and WebM, say): if not, offer the file.
    let playable = RwSignal::new(true);
    let content_type = video.content_type.clone();
    Effect::new(move |_| {
        if let Some(el) = node.get() {
            playable.set(!el.can_play_type(&content_type).is_empty());
        }
    });
    let on_error = move |_| {
        let now = js_sys::Date::now();
        if refreshed_at.get_value().is_some_and(|at| now - at < VIDEO_REFRESH_MS) {
            failed.set(true);
            return;
        }
        refreshed_at.set_value(Some(now));
        resume_at.set_value(node.get_untracked().map(|v| v.current_time()).unwrap_or(0.0));
        let (course, lesson) = (course_id.clone(), lesson_id.clone());
        spawn_local(async move {
            let fresh = session.call::<GetLesson>(&[&course, &lesson], &()).await.ok().and_then(|l| l.video);
            match (fresh, node.get_untracked()) {
                (Some(v), Some(el)) => {
                    href.try_set(v.url.clone());
                    // A new `src` loads the video again.
                    el.set_src(&v.url);
                }
                _ => {
                    failed.try_set(true);
                }
            }
        });
    };
    let on_loaded = move |_| {
        let at = resume_at.get_value();
        if at > 0.0
            && let Some(el) = node.get_untracked()
        {
            el.set_current_time(at);
            resume_at.set_value(0.0);
        }
        failed.set(false);
    };
    view! {
        <div class="stack stack--tight video-player">
            <video
                class="video-player__video"
                id="lesson-video"
                node_ref=node
                controls=true
                preload="metadata"
                src=video.url.clone()
                data-type=video.content_type.clone()
                width="1280"
                height="720"
                aria-labelledby="lesson-title"
                on:error=on_error
                on:loadedmetadata=on_loaded
            >
                // For a browser without <video>.
                <a href=video.url.clone() download="">{tr(k::LESSON_VIDEO_DOWNLOAD)}</a>
            </video>
            {move || failed.get().then(|| view! {
                <div class="alert alert--error" role="alert" id="lesson-video-failed">{tr(k::LESSON_VIDEO_FAILED)}</div>
            })}
            {move || (!playable.get()).then(|| view! {
                <p><a class="btn btn--secondary" id="lesson-video-download" href=move || href.get() download="">
                    {icon(Icon::Download)}
                    {tr(k::LESSON_VIDEO_DOWNLOAD)}
                </a></p>
            })}
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
    let toasts = use_toasts();
    let l = lesson;
    // Quizzes are completed by passing them, not by hand.
    let enrolled = l.completed.is_some() && l.kind.as_str() != "quiz";
    let done = RwSignal::new(l.completed == Some(true));
    let busy = RwSignal::new(false);
    let complete = {
        let (course, id) = (l.course_id.clone(), l.id.clone());
        move |_| {
            let (course, id) = (course.clone(), id.clone());
            busy.set(true);
            spawn_local(async move {
                let result = session.call::<CompleteLesson>(&[&course, &id], &()).await;
                busy.try_set(false);
                match result {
                    Ok(p) => {
                        done.try_set(true);
                        let finished = p.completed_at.is_some();
                        toasts.success(text(
                            locale.get_untracked(),
                            if finished { k::LESSON_COURSE_FINISHED } else { k::LESSON_MARKED },
                        ));
                        completed.run(p);
                    }
                    Err(e) => toasts.error(problem_text(locale.get_untracked(), &e)),
                }
            });
        }
    };
    let title = l.title.clone();
    let title_attr = l.title.clone();
    let body = l.body_html.clone();
    let kind = l.kind;
    let minutes = l.estimated_minutes;
    let content = match (kind, l.embed_url.clone(), l.url.clone()) {
        // An uploaded file comes first: the trainers chose it over the address.
        (LessonKind::Video, _, _) if let Some(video) = l.video.clone() => {
            view! { <UploadedVideo course_id=l.course_id.clone() lesson_id=l.id.clone() video=video /> }.into_any()
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
    let course_id = l.course_id.clone();
    let previous = l.previous_lesson_id.clone();
    let next = l.next_lesson_id.clone();
    let required = l.required;
    view! {
        <article class="stack" id="lesson" data-lesson=l.id.clone()>
            <p>
                <A href=course_href(&course_id)>
                    <span class="flip-rtl" aria-hidden="true">"← "</span>
                    {tr(k::LESSON_BACK_TO_COURSE)}
                </A>
            </p>
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
                                <button
                                    type="button"
                                    id="complete-lesson"
                                    class="btn btn--primary"
                                    disabled=move || busy.get()
                                    aria-busy=move || if busy.get() { "true" } else { "false" }
                                    on:click=complete.clone()
                                >
                                    {icon(Icon::Check)}
                                    {tr(k::LESSON_MARK_COMPLETE)}
                                </button>
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
                    <A href=lesson_href(&course_id, &p) attr:class="btn btn--secondary" attr:id="previous-lesson">
                        <span class="flip-rtl" aria-hidden="true">"←"</span>
                        {tr(k::LESSON_PREVIOUS)}
                    </A>
                })}
                {match next {
                    Some(n) => view! {
                        <A href=lesson_href(&course_id, &n) attr:class="btn btn--primary lesson-nav__next" attr:id="next-lesson">
                            {tr(k::LESSON_NEXT)}
                            <span class="flip-rtl" aria-hidden="true">"→"</span>
                        </A>
                    }
                        .into_any(),
                    None => view! {
                        <A href=course_href(&course_id) attr:class="btn btn--secondary lesson-nav__next">{tr(k::LESSON_BACK_TO_COURSE)}</A>
                    }
                        .into_any(),
                }}
            </nav>
        </article>
    }
}
