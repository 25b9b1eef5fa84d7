//! The trainers' editor: a new course (staff), then a course's details, status and cover, its
//! modules and lessons (added, edited, moved, deleted), its quizzes, and its learners and figures.

mod add;
mod captions;
mod fields;
mod lesson_edit;
mod outline;
mod quiz_draft;
mod quiz_editor;
mod stats;
mod status;
mod video;

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;
use madani_shared::LocalizedText;
use madani_shared::courses::*;
use madani_shared::endpoints::{
    CreateCourseEndpoint, DeleteCourseCover, GetCourse, UpdateCourseEndpoint, UploadCourseCover,
};
use madani_shared::ids::{CourseId, LessonId, ModuleId};

use self::add::{AddLessonForm, AddModuleForm};
use self::fields::{CourseDraft, CourseFields};
use self::outline::OutlineEditor;
use self::quiz_editor::QuizEditor;
use self::stats::FollowUp;
use self::status::StatusCard;
use super::{course_href, focus_soon, is_staff};
use crate::app::use_title;
use crate::components::form::{ErrorSummary, FormState, SubmitButton};
use crate::components::loaded::{Loaded, param, read_of};
use crate::components::mutation::Mutation;
use crate::components::page::{BackLink, PageHeader};
use crate::components::states::Forbidden;
use crate::components::upload::{PicturePicker, upload_picture};
use crate::i18n::{k, tr, use_locale};
use crate::session::use_session;

#[component]
pub fn NewCourse() -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let navigate = use_navigate();
    let form = FormState::new();
    let draft = CourseDraft::new(locale.get_untracked());
    let create =
        Mutation::new(
            move |request: CreateCourse| async move { session.call::<CreateCourseEndpoint>((), &request).await },
        )
        .form(form)
        .toast(k::COURSE_CREATED)
        .then(move |c| navigate(&format!("/courses/{}/edit", c.summary.id), NavigateOptions::default()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        create.submit(draft.create());
    };
    view! {
        <div class="page page--narrow">
            <PageHeader title=k::COURSE_NEW_TITLE lead=k::COURSE_NEW_LEAD />
            <Show when=move || is_staff(session) fallback=|| view! { <Forbidden /> }>
                <form class="card stack" id="course-form" on:submit=submit novalidate=true>
                    <ErrorSummary form=form />
                    <CourseFields draft=draft form=form />
                    <SubmitButton label=k::COURSE_CREATE form=form />
                </form>
            </Show>
        </div>
    }
}

#[component]
pub fn EditCourse() -> impl IntoView {
    use_title(k::COURSE_EDIT_TITLE);
    let session = use_session();
    let course = read_of(param::<CourseId>("id"), move |id| async move { session.call::<GetCourse>(id, &()).await });
    view! {
        <div class="page">
            <Loaded resource=course title=k::COURSE_EDIT_TITLE let:course>
                {if course.can_edit {
                    view! { <Editor course /> }.into_any()
                } else {
                    view! { <Forbidden title=k::COURSE_EDIT_TITLE /> }.into_any()
                }}
            </Loaded>
        </div>
    }
}

/// The course's outline as the editor holds it, and what is open in it.
#[derive(Clone, Copy)]
struct Outline {
    course: CourseId,
    modules: RwSignal<Vec<Module>>,
    status: RwSignal<CourseStatus>,
    /// Where the focus goes once the outline is drawn again (a moved lesson's button, say).
    focus_after: RwSignal<Option<String>>,
    /// The lesson whose form is open.
    editing_lesson: RwSignal<Option<LessonId>>,
    /// The module whose title is being changed.
    renaming_module: RwSignal<Option<ModuleId>>,
    /// The quiz lesson whose questions are being edited: (lesson id, title).
    editing_quiz: RwSignal<Option<(LessonId, LocalizedText)>>,
    /// The module a new lesson goes into, when chosen.
    lesson_module: RwSignal<Option<ModuleId>>,
    /// Loads the outline and status again (not the details, which may hold unsaved edits).
    reload: Mutation<(), Course>,
}

impl Outline {
    fn new(course: &Course) -> Self {
        let session = use_session();
        let id = course.summary.id;
        let modules = RwSignal::new(course.modules.clone());
        let status = RwSignal::new(course.summary.status);
        let focus_after: RwSignal<Option<String>> = RwSignal::new(None);
        let reload = Mutation::new(move |()| async move { session.call::<GetCourse>(id, &()).await }).then(move |c| {
            modules.try_set(c.modules);
            status.try_set(c.summary.status);
            if let Some(Some(target)) = focus_after.try_update(Option::take) {
                focus_soon(target);
            }
        });
        Outline {
            course: id,
            modules,
            status,
            focus_after,
            editing_lesson: RwSignal::new(None),
            renaming_module: RwSignal::new(None),
            editing_quiz: RwSignal::new(None),
            lesson_module: RwSignal::new(None),
            reload,
        }
    }

    fn reload(self) {
        self.reload.dispatch(());
    }
}

#[component]
fn Editor(course: Course) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let outline = Outline::new(&course);
    let id = outline.course;
    let draft = CourseDraft::of(&course.summary);
    let title_now = RwSignal::new(course.summary.title.clone());

    let form = FormState::new();
    let save =
        Mutation::new(
            move |request: UpdateCourse| async move { session.call::<UpdateCourseEndpoint>(id, &request).await },
        )
        .form(form)
        .toast(k::COURSE_SAVED)
        .then(move |c| {
            title_now.try_set(c.summary.title);
        });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.submit(draft.update());
    };
    let editing_quiz = outline.editing_quiz;
    view! {
        <div class="stack stack--loose">
            <div class="page__header stack stack--tight">
                <BackLink href=course_href(id) label=k::COURSE_VIEW />
                <h1 class="page__title">{tr(k::COURSE_EDIT_TITLE)}</h1>
                <p class="lead" dir="auto">{move || title_now.get().get(locale.get()).to_owned()}</p>
            </div>
            <StatusCard outline />
            <form class="card stack" id="course-form" on:submit=submit novalidate=true aria-labelledby="details-title">
                <h2 class="card__title" id="details-title">{tr(k::COURSE_DETAILS)}</h2>
                <ErrorSummary form=form />
                <CourseFields draft=draft form=form />
                <SubmitButton label=k::COURSE_SAVE form=form class="btn btn--primary" />
            </form>
            <PicturePicker id="cover-file" field="cover" picture=course.summary.cover_url.clone() size=(320, 160)
                upload=move |file| async move { upload_picture::<UploadCourseCover>(session, id, file).await.map(|c| c.summary.cover_url) }
                remove=move |()| async move { session.call::<DeleteCourseCover>(id, &()).await } />
            <section class="stack" aria-labelledby="modules-title">
                <h2 id="modules-title">{tr(k::COURSE_MODULES)}</h2>
                <OutlineEditor outline />
                {move || editing_quiz.get().map(|(lesson, title)| {
                    view! { <QuizEditor course_id=id lesson_id=lesson title=title on_close=Callback::new(move |_| editing_quiz.set(None)) /> }
                })}
                <AddModuleForm outline />
                <AddLessonForm outline />
            </section>
            <FollowUp id=id />
        </div>
    }
}
