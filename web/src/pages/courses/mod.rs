//! Courses in the browser: the catalog, a course's page with enrolment and progress, the learning
//! view of a lesson, "my learning", officers enrolling their association's members, and the
//! trainers' editor.

mod catalog;
mod detail;
mod editor;
mod enrol;
mod lesson;
mod my_learning;
mod quiz;
mod video;

pub use catalog::Catalog;
pub use detail::CoursePage;
pub use editor::{EditCourse, NewCourse};
pub use lesson::LessonPage;
pub use my_learning::MyLearning;

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::components::A;
use madani_shared::courses::*;
use madani_shared::ids::{CourseId, LessonId};
use madani_shared::text::Language;

use crate::components::icon::{Icon, icon};
use crate::components::label::label;
use crate::i18n::{format, k, text, tr, use_locale};
use crate::session::{Session, sleep};

/// Observatory staff and administrators create courses.
pub(crate) fn is_staff(session: Session) -> bool {
    session.user.with(|u| u.as_ref().is_some_and(|u| u.role.is_staff()))
}

/// Wait until the session is known, so that a first load is made as the right user (a draft is
/// 404 to strangers, and an enrolled learner should not see "Enrol" flash by).
pub(crate) async fn session_ready(session: Session) {
    while !session.ready.get_untracked() {
        sleep(Duration::from_millis(30)).await;
    }
}

/// Move the focus to the element `id` once the page has been drawn again (after a list it was in
/// was re-rendered, or a form appeared).
pub(crate) fn focus_soon(id: String) {
    leptos::task::spawn_local(async move {
        sleep(Duration::ZERO).await;
        if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(&id))
            && let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el)
        {
            let _ = el.focus();
        }
    });
}

pub(crate) fn course_href(course: CourseId) -> String {
    format!("/courses/{course}")
}

pub(crate) fn lesson_href(course: CourseId, lesson: LessonId) -> String {
    format!("/courses/{course}/lessons/{lesson}")
}

/// "45 min", "2 h", "1 h 30 min".
pub(crate) fn duration_text(lang: Language, minutes: u32) -> String {
    let (hours, rest) = (minutes / 60, minutes % 60);
    let (h, m) = (hours.to_string(), rest.to_string());
    match (hours, rest) {
        (0, _) => format(lang, k::COURSE_MINUTES, &[("minutes", &m)]),
        (_, 0) => format(lang, k::COURSE_HOURS, &[("hours", &h)]),
        _ => format(lang, k::COURSE_HOURS_MINUTES, &[("hours", &h), ("minutes", &m)]),
    }
}

/// The languages a course is taught in, each by its own name (and in its own language).
pub(crate) fn languages_view(languages: &[Language]) -> impl IntoView + use<> {
    let locale = use_locale();
    languages
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let separator = move || (i > 0).then(|| if locale.get() == Language::Ar { "، " } else { ", " });
            view! {
                {separator}
                <bdi lang=l.code()>{text(*l, language_key(*l))}</bdi>
            }
        })
        .collect_view()
}

pub(crate) fn language_key(lang: Language) -> usize {
    match lang {
        Language::Ar => k::LANG_AR,
        Language::Fr => k::LANG_FR,
        Language::En => k::LANG_EN,
    }
}

pub(crate) fn level_label(lang: Language, level: CourseLevel) -> String {
    label(lang, "course.level", level.as_str())
}

pub(crate) fn kind_label(lang: Language, kind: LessonKind) -> String {
    label(lang, "lesson.kind", kind.as_str())
}

pub(crate) fn kind_icon(kind: LessonKind) -> impl IntoView {
    // By name, so that kinds added later (quizzes) get their icon without breaking this match.
    icon(match kind.as_str() {
        "video" => Icon::Play,
        "resource" => Icon::Download,
        "link" => Icon::Link,
        "quiz" => Icon::Question,
        _ => Icon::Document,
    })
}

pub(crate) fn status_badge(status: CourseStatus) -> impl IntoView {
    let locale = use_locale();
    let class = match status {
        CourseStatus::Draft => "badge badge--warning",
        CourseStatus::Published => "badge badge--success",
        CourseStatus::Archived => "badge",
    };
    view! { <span class=class>{move || label(locale.get(), "course.status", status.as_str())}</span> }
}

/// A labelled progress bar: "Progress: 60 %", then "3 of 5 lessons completed".
#[component]
pub(crate) fn ProgressBar(id: String, progress: Progress) -> impl IntoView {
    let locale = use_locale();
    let percent = progress.percent.clamp(0, 100);
    let label_text = move || format(locale.get(), k::COURSE_PROGRESS_LABEL, &[("percent", &percent.to_string())]);
    let done = move || {
        format(
            locale.get(),
            k::COURSE_LESSONS_DONE,
            &[("done", &progress.completed_lessons.to_string()), ("total", &progress.total_lessons.to_string())],
        )
    };
    view! {
        <div class="progress-block">
            <label class="progress-block__label" for=id.clone()>{label_text}</label>
            <progress class="progress" id=id max="100" value=percent.to_string()></progress>
            <p class="list__meta">{done}</p>
        </div>
    }
}

/// The lessons of one module: kind, title (a link when the viewer may open it), length, and a
/// check for the completed ones.
#[component]
pub(crate) fn OutlineLessons(course_id: CourseId, lessons: Vec<LessonOutline>, linked: bool) -> impl IntoView {
    let locale = use_locale();
    view! {
        <ol class="outline">
            {lessons
                .into_iter()
                .map(|l| {
                    let done = l.completed == Some(true);
                    let title = l.title.clone();
                    let title_view = move || title.get(locale.get()).to_owned();
                    let kind = l.kind;
                    let minutes = l.estimated_minutes;
                    let required = l.required;
                    view! {
                        <li class="outline__item" class:outline__item--done=done>
                            <span class="outline__kind">{kind_icon(kind)}</span>
                            <span class="outline__text">
                                {if linked {
                                    view! { <A href=lesson_href(course_id, l.id) attr:dir="auto">{title_view}</A> }.into_any()
                                } else {
                                    view! { <span dir="auto">{title_view}</span> }.into_any()
                                }}
                                <span class="list__meta">
                                    {move || kind_label(locale.get(), kind)}
                                    {minutes.map(|m| view! { " · " <bdi>{move || duration_text(locale.get(), m)}</bdi> })}
                                    {move || (!required).then(|| format!(" · {}", text(locale.get(), k::LESSON_OPTIONAL)))}
                                </span>
                            </span>
                            {done.then(|| view! {
                                <span class="outline__done">{icon(Icon::Check)}<span class="sr-only">{tr(k::LESSON_COMPLETED)}</span></span>
                            })}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

/// The modules of a course (`h3` titles), each with its lessons; `small` for the side list.
pub(crate) fn outline_view(course_id: CourseId, modules: Vec<Module>, linked: bool, small: bool) -> AnyView {
    let locale = use_locale();
    if modules.iter().all(|m| m.lessons.is_empty()) {
        return view! { <p class="muted">{tr(k::COURSE_NO_LESSONS)}</p> }.into_any();
    }
    view! {
        <div class="stack">
            {modules
                .into_iter()
                .enumerate()
                .map(|(i, m)| {
                    let title = m.title.clone();
                    let heading = move || {
                        format(locale.get(), k::COURSE_MODULE_N, &[("n", &(i + 1).to_string()), ("title", title.get(locale.get()))])
                    };
                    view! {
                        <section class="outline-module stack stack--tight">
                            <h3 class=if small { "outline-module__title outline-module__title--small" } else { "outline-module__title" } dir="auto">{heading}</h3>
                            <OutlineLessons course_id=course_id lessons=m.lessons linked=linked />
                        </section>
                    }
                })
                .collect_view()}
        </div>
    }
    .into_any()
}
