//! A course's page (facts, trainers, outline, enrolment and progress) and "my learning".

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use madani_shared::courses::*;
use madani_shared::endpoints::{Enrol, GetCourse, ListMyCourses, Unenrol};

use super::enrol::EnrolMembersPanel;
use super::{
    ProgressBar, course_href, duration_text, languages_view, lesson_href, level_label, outline_view, session_ready,
    status_badge,
};
use crate::app::use_title;
use crate::components::dialog::ConfirmDialog;
use crate::components::states::{EmptyState, ErrorState, Skeleton};
use crate::components::toast::use_toasts;
use crate::errors::problem_text;
use crate::i18n::{format_date, k, plural, text, tr, use_locale};
use crate::pages::account::{RequireAuth, encode_next};
use crate::pages::associations::label;
use crate::session::use_session;

/// A calendar date in the reader's conventions.
fn day_text(lang: madani_shared::text::Language, day: chrono::NaiveDate) -> String {
    format_date(lang, day.and_hms_opt(12, 0, 0).unwrap_or_default().and_utc())
}

/// Where "Continue" goes: the last lesson opened, else the first one.
fn resume_lesson(course: &Course) -> Option<String> {
    course
        .progress
        .as_ref()
        .and_then(|p| p.last_lesson_id.clone())
        .or_else(|| course.modules.iter().find_map(|m| m.lessons.first()).map(|l| l.id.clone()))
}

#[component]
pub fn CoursePage() -> impl IntoView {
    use_title(k::COURSES_TITLE);
    let params = use_params_map();
    let session = use_session();
    let locale = use_locale();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let course = LocalResource::new(move || {
        let id = id();
        // Signed in or not changes what we see.
        session.user.track();
        async move {
            session_ready(session).await;
            session.call::<GetCourse>(&[&id], &()).await.map_err(Arc::new)
        }
    });
    view! {
        <div class="page">
            <Transition fallback=|| view! { <Skeleton /> }>
                {move || {
                    course.get().map(|result| match result {
                        Ok(c) => view! { <CourseView course=c refetch=Callback::new(move |_| course.refetch()) /> }.into_any(),
                        Err(e) => {
                            let message = Signal::derive(move || problem_text(locale.get(), &e));
                            view! {
                                <h1 class="page__title">{tr(k::COURSES_TITLE)}</h1>
                                <ErrorState message=message on_retry=Callback::new(move |_| course.refetch()) />
                            }
                                .into_any()
                        }
                    })
                }}
            </Transition>
        </div>
    }
}

#[component]
fn CourseView(course: Course, refetch: Callback<()>) -> impl IntoView {
    let locale = use_locale();
    let session = use_session();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let s = course.summary.clone();
    let id = s.id.clone();
    let title = s.title.clone();
    let summary = s.summary.clone();
    let enrolled = course.progress.is_some();
    let can_edit = course.can_edit;
    let resume = resume_lesson(&course);
    // The viewer's progress; it appears without reloading the page when an officer of one of
    // their associations enrols them from here.
    let progress_now: RwSignal<Option<Progress>> = RwSignal::new(course.progress.clone());
    let busy = RwSignal::new(false);
    let enrol = {
        let id = id.clone();
        move |_| {
            if !session.is_signed_in() {
                navigate(&format!("/login?next={}", encode_next(&course_href(&id))), NavigateOptions::default());
                return;
            }
            let id = id.clone();
            busy.set(true);
            spawn_local(async move {
                let result = session.call::<Enrol>(&[&id], &()).await;
                busy.try_set(false);
                match result {
                    Ok(_) => {
                        toasts.success(text(locale.get_untracked(), k::COURSE_ENROLLED));
                        refetch.run(());
                    }
                    Err(e) => toasts.error(problem_text(locale.get_untracked(), &e)),
                }
            });
        }
    };
    let leave_open = RwSignal::new(false);
    let leave = {
        let id = id.clone();
        Callback::new(move |_| {
            let id = id.clone();
            spawn_local(async move {
                match session.call::<Unenrol>(&[&id], &()).await {
                    Ok(()) => {
                        toasts.success(text(locale.get_untracked(), k::COURSE_LEFT));
                        refetch.run(());
                    }
                    Err(e) => toasts.error(problem_text(locale.get_untracked(), &e)),
                }
            });
        })
    };
    // Officers enrolling members change the count, and their own progress if they enrolled
    // themselves (the panel keeps its answer on screen: no reload of the whole page).
    let learners = RwSignal::new(s.learner_count);
    let enrolled_members = {
        let id = id.clone();
        Callback::new(move |done: EnrolmentOutcome| {
            learners.set(done.learner_count);
            let me = session.user.with_untracked(|u| u.as_ref().map(|u| u.id));
            if me.is_some_and(|me| done.enrolled.contains(&me)) {
                let id = id.clone();
                spawn_local(async move {
                    if let Ok(c) = session.call::<GetCourse>(&[&id], &()).await {
                        progress_now.try_set(c.progress);
                    }
                });
            }
        })
    };
    let title_for_heading = title.clone();
    let fact = |key: usize, value: AnyView| view! { <dt>{tr(key)}</dt> <dd>{value}</dd> };
    let facts = {
        let lang_view = languages_view(&s.languages).into_any();
        let level = s.level;
        let field = s.field;
        let lessons = s.lesson_count;
        view! {
            {fact(k::COURSE_LEVEL, view! { {move || level_label(locale.get(), level)} }.into_any())}
            {fact(k::DIR_FIELD, view! { {move || label(locale.get(), "activity", field.as_str())} }.into_any())}
            {fact(k::COURSE_LANGUAGES, lang_view)}
            {s.estimated_minutes.map(|m| fact(k::COURSE_DURATION, view! { {move || duration_text(locale.get(), m)} }.into_any()))}
            {fact(k::COURSE_LESSONS, view! { {move || plural(locale.get(), "course.lessons_count", lessons)} }.into_any())}
            {fact(k::COURSE_LEARNERS, view! { <span id="course-learners">{move || plural(locale.get(), "course.learners_count", learners.get())}</span> }.into_any())}
            {s.starts_on.map(|d| fact(k::COURSE_STARTS_ON, view! { {move || day_text(locale.get(), d)} }.into_any()))}
            {s.ends_on.map(|d| fact(k::COURSE_ENDS_ON, view! { {move || day_text(locale.get(), d)} }.into_any()))}
            {s.capacity.map(|c| fact(k::COURSE_CAPACITY, view! { {c} }.into_any()))}
        }
    };
    let trainers = course.trainers.clone();
    let completed = course.progress.as_ref().is_some_and(|p| p.completed_at.is_some());
    let status = s.status;
    let cover = s.cover_url.clone();
    let has_cover = cover.is_some();
    view! {
        <article class="stack stack--loose">
            <div class="page__header stack stack--tight">
                <p>
                    <A href="/courses">
                        <span class="flip-rtl" aria-hidden="true">"← "</span>
                        {tr(k::COURSE_BACK_TO_CATALOG)}
                    </A>
                </p>
                <div class="course-hero" class:course-hero--cover=has_cover>
                    // Decorative: the title says what the course is.
                    {cover.map(|src| view! { <img class="course-cover course-hero__cover" id="course-cover" src=src alt="" width="640" height="320" /> })}
                    <div class="stack stack--tight">
                        <h1 class="page__title" id="course-title" dir="auto">{move || title_for_heading.get(locale.get()).to_owned()}</h1>
                        <p class="lead" dir="auto">{move || summary.get(locale.get()).to_owned()}</p>
                        <p class="cluster">
                            {(status != CourseStatus::Published).then(|| status_badge(status))}
                            {completed.then(|| view! { <span class="badge badge--success">{tr(k::COURSE_COMPLETED)}</span> })}
                        </p>
                    </div>
                </div>
            </div>
            {
                let (id, resume) = (id.clone(), resume.clone());
                move || match progress_now.get() {
                Some(p) => {
                    let completed = p.completed_at.is_some();
                    view! {
                        <section class="card stack" aria-labelledby="my-progress-title" id="my-progress">
                            <h2 class="card__title" id="my-progress-title">{tr(k::COURSE_YOUR_PROGRESS)}</h2>
                            <ProgressBar id="course-progress".to_owned() progress=p />
                            <div class="cluster">
                                {resume.clone().map(|lesson| view! {
                                    <A href=lesson_href(&id, &lesson) attr:class="btn btn--primary" attr:id="continue-course">
                                        {tr(if completed { k::COURSE_REVIEW } else { k::COURSE_CONTINUE })}
                                    </A>
                                })}
                                <button type="button" class="btn btn--ghost btn--small" id="leave-course" on:click=move |_| leave_open.set(true)>
                                    {tr(k::COURSE_LEAVE)}
                                </button>
                            </div>
                        </section>
                    }
                        .into_any()
                }
                None if status == CourseStatus::Published => {
                    view! {
                        <div class="form-actions">
                            <button
                                type="button"
                                id="enrol-button"
                                class="btn btn--primary"
                                disabled=move || busy.get()
                                aria-busy=move || if busy.get() { "true" } else { "false" }
                                on:click=enrol.clone()
                            >
                                {tr(k::COURSE_ENROL)}
                            </button>
                        </div>
                    }
                        .into_any()
                }
                None => view! { <p class="alert alert--info" role="status">{tr(k::COURSE_NOT_OPEN)}</p> }.into_any(),
            }}
            {course.can_edit.then(|| {
                let preview = (!enrolled).then_some(resume.clone()).flatten();
                view! {
                    <div class="cluster">
                        <A href=format!("/courses/{id}/edit") attr:class="btn btn--secondary" attr:id="edit-course">{tr(k::COURSE_EDIT)}</A>
                        {preview.map(|lesson| view! {
                            <A href=lesson_href(&id, &lesson) attr:class="btn btn--ghost">{tr(k::COURSE_PREVIEW)}</A>
                        })}
                    </div>
                }
            })}
            {(status == CourseStatus::Published).then(|| {
                let id = id.clone();
                view! {
                    <Show when=move || session.is_signed_in()>
                        <EnrolMembersPanel course_id=id.clone() on_enrolled=enrolled_members />
                    </Show>
                }
            })}
            <section class="card stack" aria-labelledby="about-title">
                <h2 class="card__title" id="about-title">{tr(k::COURSE_ABOUT)}</h2>
                <dl class="kv">
                    {facts}
                    <dt>{tr(k::COURSE_TRAINERS)}</dt>
                    <dd>
                        <ul class="plain-list" id="course-trainers">
                            {trainers
                                .into_iter()
                                .map(|t| view! { <li><A href=format!("/members/{}", t.user_id) attr:dir="auto">{t.display_name}</A></li> })
                                .collect_view()}
                        </ul>
                    </dd>
                </dl>
            </section>
            <section class="stack" aria-labelledby="outline-title" id="course-outline">
                <h2 id="outline-title">{tr(k::COURSE_OUTLINE)}</h2>
                {
                    let (id, modules) = (id.clone(), course.modules.clone());
                    move || outline_view(&id, modules.clone(), can_edit || progress_now.with(Option::is_some), false)
                }
            </section>
            <ConfirmDialog
                open=leave_open
                title=k::COURSE_LEAVE_TITLE
                message=k::COURSE_LEAVE_TEXT
                confirm_label=k::COURSE_LEAVE
                on_confirm=leave
            />
        </article>
    }
}

#[component]
pub fn MyLearning() -> impl IntoView {
    use_title(k::LEARNING_TITLE);
    view! {
        <RequireAuth>
            <MyCourses />
        </RequireAuth>
    }
}

#[component]
fn MyCourses() -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let mine =
        LocalResource::new(move || async move { session.call::<ListMyCourses>(&[], &()).await.map_err(Arc::new) });
    view! {
        <div class="page">
            <div class="page__header cluster">
                <div>
                    <h1 class="page__title">{tr(k::LEARNING_TITLE)}</h1>
                    <p class="lead">{tr(k::LEARNING_LEAD)}</p>
                </div>
                <A href="/courses" attr:class="btn btn--secondary">{tr(k::LEARNING_BROWSE)}</A>
            </div>
            <Suspense fallback=|| view! { <Skeleton /> }>
                {move || {
                    mine.get().map(|result| match result {
                        Err(e) => {
                            let message = Signal::derive(move || problem_text(locale.get(), &e));
                            view! { <ErrorState message=message on_retry=Callback::new(move |_| mine.refetch()) /> }.into_any()
                        }
                        Ok(list) if list.is_empty() => view! {
                            <div class="stack center" id="my-courses-empty">
                                <EmptyState message=k::LEARNING_EMPTY />
                                <p><A href="/courses" attr:class="btn btn--primary">{tr(k::LEARNING_BROWSE)}</A></p>
                            </div>
                        }
                            .into_any(),
                        Ok(list) => view! {
                            <ul class="grid grid--cards my-courses" id="my-courses">
                                {list.into_iter().map(my_course_card).collect_view()}
                            </ul>
                        }
                            .into_any(),
                    })
                }}
            </Suspense>
        </div>
    }
}

fn my_course_card(m: MyCourse) -> impl IntoView {
    let locale = use_locale();
    let id = m.course.id.clone();
    let title = m.course.title.clone();
    let done = m.progress.completed_at.is_some();
    let target = m.progress.last_lesson_id.clone().map(|l| lesson_href(&id, &l)).unwrap_or_else(|| course_href(&id));
    let title_text = title.clone();
    view! {
        <li class="card stack my-course">
            {m.course.cover_url.clone().map(|src| view! { <img class="course-cover" src=src alt="" width="640" height="320" loading="lazy" /> })}
            <h2 class="card__title">
                <A href=course_href(&id) attr:dir="auto">{move || title.get(locale.get()).to_owned()}</A>
            </h2>
            <p class="cluster">
                <span class="badge badge--info">{move || level_label(locale.get(), m.course.level)}</span>
                {done.then(|| view! { <span class="badge badge--success">{tr(k::COURSE_COMPLETED)}</span> })}
            </p>
            <ProgressBar id=format!("progress-{id}") progress=m.progress.clone() />
            <p>
                <A href=target attr:class="btn btn--primary btn--small">
                    {tr(if done { k::COURSE_REVIEW } else { k::COURSE_CONTINUE })}
                    <span class="sr-only">": " {move || title_text.get(locale.get()).to_owned()}</span>
                </A>
            </p>
        </li>
    }
}
