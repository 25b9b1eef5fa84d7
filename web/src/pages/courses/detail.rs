//! `/courses/:id`: a course's page — its facts, trainers and outline; enrolling and leaving, the
//! learner's progress; officers enrolling their association's members.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use madani_shared::courses::*;
use madani_shared::endpoints::{Enrol, GetCourse, Unenrol};
use madani_shared::ids::{CourseId, LessonId};

use super::enrol::EnrolMembersPanel;
use super::{
    ProgressBar, course_href, duration_text, languages_view, lesson_href, level_label, outline_view, session_ready,
    status_badge,
};
use crate::app::use_title;
use crate::components::auth::login_then;
use crate::components::dialog::ConfirmDialog;
use crate::components::form::BusyButton;
use crate::components::label::label;
use crate::components::loaded::{Loaded, param, read_of};
use crate::components::mutation::Mutation;
use crate::components::page::BackLink;
use crate::i18n::{format_date, k, plural, tr, use_locale};
use crate::session::use_session;

/// A calendar date in the reader's conventions.
fn day_text(lang: madani_shared::text::Language, day: chrono::NaiveDate) -> String {
    format_date(lang, day.and_hms_opt(12, 0, 0).unwrap_or_default().and_utc())
}

/// Where "Continue" goes: the last lesson opened, else the first one.
fn resume_lesson(course: &Course) -> Option<LessonId> {
    course
        .progress
        .as_ref()
        .and_then(|p| p.last_lesson_id)
        .or_else(|| course.modules.iter().find_map(|m| m.lessons.first()).map(|l| l.id))
}

#[component]
pub fn CoursePage() -> impl IntoView {
    use_title(k::COURSES_TITLE);
    let session = use_session();
    let course = read_of(param::<CourseId>("id"), move |id| {
        // Signed in or not changes what we see.
        session.user.track();
        async move {
            session_ready(session).await;
            session.call::<GetCourse>(id, &()).await
        }
    });
    let refetch = Callback::new(move |()| course.refetch());
    view! {
        <div class="page">
            <Loaded resource=course title=k::COURSES_TITLE let:course>
                <CourseView course refetch />
            </Loaded>
        </div>
    }
}

#[component]
fn CourseView(course: Course, refetch: Callback<()>) -> impl IntoView {
    let locale = use_locale();
    let session = use_session();
    let navigate = use_navigate();
    let s = course.summary.clone();
    let id = s.id;
    let title = s.title.clone();
    let summary = s.summary.clone();
    let enrolled = course.progress.is_some();
    let can_edit = course.can_edit;
    let resume = resume_lesson(&course);
    // The viewer's progress; it appears without reloading the page when an officer of one of
    // their associations enrols them from here.
    let progress_now: RwSignal<Option<Progress>> = RwSignal::new(course.progress.clone());
    let enrol = Mutation::new(move |()| async move { session.call::<Enrol>(id, &()).await })
        .toast(k::COURSE_ENROLLED)
        .then(move |_| {
            refetch.try_run(());
        });
    let busy = enrol.pending();
    let click_enrol = move |_| {
        if session.is_signed_in() {
            enrol.dispatch(());
        } else {
            navigate(&login_then(&course_href(id)), NavigateOptions::default());
        }
    };
    let leave_open = RwSignal::new(false);
    let leave = Mutation::new(move |()| async move { session.call::<Unenrol>(id, &()).await })
        .toast(k::COURSE_LEFT)
        .then(move |()| {
            refetch.try_run(());
        });
    // Officers enrolling members change the count, and their own progress if they enrolled
    // themselves (the panel keeps its answer on screen: no reload of the whole page).
    let learners = RwSignal::new(s.learner_count);
    let enrolled_members = Callback::new(move |done: EnrolmentOutcome| {
        learners.set(done.learner_count);
        let me = session.user.with_untracked(|u| u.as_ref().map(|u| u.id));
        if me.is_some_and(|me| done.enrolled.contains(&me)) {
            spawn_local(async move {
                if let Ok(c) = session.call::<GetCourse>(id, &()).await {
                    progress_now.try_set(c.progress);
                }
            });
        }
    });
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
                <BackLink href="/courses" label=k::COURSE_BACK_TO_CATALOG />
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
                move || match progress_now.get() {
                Some(p) => {
                    let completed = p.completed_at.is_some();
                    let certificate = p.certificate_id;
                    view! {
                        <section class="card stack" aria-labelledby="my-progress-title" id="my-progress">
                            <h2 class="card__title" id="my-progress-title">{tr(k::COURSE_YOUR_PROGRESS)}</h2>
                            <ProgressBar id="course-progress".to_owned() progress=p />
                            {certificate.map(|c| view! {
                                <div class="alert alert--success cluster" role="status" id="course-certificate">
                                    <span>{tr(k::COURSE_DONE_CERTIFICATE)}</span>
                                    <A href=format!("/certificates/{c}") attr:class="btn btn--primary btn--small">{tr(k::CERTIFICATES_VIEW)}</A>
                                </div>
                            })}
                            <div class="cluster">
                                {resume.map(|lesson| view! {
                                    <A href=lesson_href(id, lesson) attr:class="btn btn--primary" attr:id="continue-course">
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
                            <BusyButton busy=busy attr:id="enrol-button" attr:class="btn btn--primary" on:click=click_enrol.clone()>
                                {tr(k::COURSE_ENROL)}
                            </BusyButton>
                        </div>
                    }
                        .into_any()
                }
                None => view! { <p class="alert alert--info" role="status">{tr(k::COURSE_NOT_OPEN)}</p> }.into_any(),
            }}
            {course.can_edit.then(|| {
                let preview = (!enrolled).then_some(resume).flatten();
                view! {
                    <div class="cluster">
                        <A href=format!("/courses/{id}/edit") attr:class="btn btn--secondary" attr:id="edit-course">{tr(k::COURSE_EDIT)}</A>
                        {preview.map(|lesson| view! {
                            <A href=lesson_href(id, lesson) attr:class="btn btn--ghost">{tr(k::COURSE_PREVIEW)}</A>
                        })}
                    </div>
                }
            })}
            {(status == CourseStatus::Published).then(|| {
                view! {
                    <Show when=move || session.is_signed_in()>
                        <EnrolMembersPanel course_id=id on_enrolled=enrolled_members />
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
                    let modules = course.modules.clone();
                    move || outline_view(id, modules.clone(), can_edit || progress_now.with(Option::is_some), false)
                }
            </section>
            <ConfirmDialog open=leave_open title=k::COURSE_LEAVE_TITLE message=k::COURSE_LEAVE_TEXT confirm_label=k::COURSE_LEAVE
                on_confirm=Callback::new(move |()| leave.dispatch(())) />
        </article>
    }
}
