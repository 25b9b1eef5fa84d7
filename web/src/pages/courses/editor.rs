//! The trainers' editor: a new course (staff), then a course's details, status, modules and
//! lessons (added, edited, moved, deleted), and its learners and figures.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use madani_shared::LocalizedText;
use madani_shared::associations::Field;
use madani_shared::courses::*;
use madani_shared::endpoints::*;
use madani_shared::text::Language;

use super::outline_edit::{LessonEditor, ModuleRenameForm};
use super::quiz_editor::QuizEditor;
use super::stats::FollowUp;
use super::{course_href, focus_soon, is_staff, kind_icon, kind_label, language_key, status_badge};
use crate::app::use_title;
use crate::components::dialog::ConfirmDialog;
use crate::components::form::{FormAlert, FormState, SelectField, SubmitButton, TextField};
use crate::components::icon::{Icon, icon};
use crate::components::localized::LocalizedTextEditor;
use crate::components::states::{ErrorState, Skeleton};
use crate::components::toast::use_toasts;
use crate::components::upload::{PicturePicker, send_picture};
use crate::errors::{field_text, problem_text};
use crate::i18n::{format, k, key_index, text, tr, use_locale};
use crate::pages::account::RequireAuth;
use crate::session::use_session;

/// The course fields as edited.
#[derive(Clone, Copy)]
struct CourseDraft {
    title: RwSignal<LocalizedText>,
    summary: RwSignal<LocalizedText>,
    field: RwSignal<String>,
    level: RwSignal<String>,
    languages: RwSignal<Vec<Language>>,
    minutes: RwSignal<String>,
}

impl CourseDraft {
    fn new(lang: Language) -> Self {
        CourseDraft {
            title: RwSignal::new(LocalizedText::default()),
            summary: RwSignal::new(LocalizedText::default()),
            field: RwSignal::new(Field::ALL[0].as_str().to_owned()),
            level: RwSignal::new(CourseLevel::Beginner.as_str().to_owned()),
            languages: RwSignal::new(vec![lang]),
            minutes: RwSignal::new(String::new()),
        }
    }

    fn of(c: &CourseSummary) -> Self {
        CourseDraft {
            title: RwSignal::new(c.title.clone()),
            summary: RwSignal::new(c.summary.clone()),
            field: RwSignal::new(c.field.as_str().to_owned()),
            level: RwSignal::new(c.level.as_str().to_owned()),
            languages: RwSignal::new(c.languages.clone()),
            minutes: RwSignal::new(c.estimated_minutes.map(|m| m.to_string()).unwrap_or_default()),
        }
    }

    fn create(&self) -> CreateCourse {
        let mut languages = self.languages.get_untracked();
        languages.sort_by_key(|l| Language::ALL.iter().position(|x| x == l));
        CreateCourse {
            title: self.title.get_untracked(),
            summary: self.summary.get_untracked(),
            field: Field::parse(&self.field.get_untracked()).unwrap_or(Field::ALL[0]),
            level: CourseLevel::parse(&self.level.get_untracked()).unwrap_or(CourseLevel::Beginner),
            languages,
            estimated_minutes: self.minutes.get_untracked().trim().parse().ok(),
            starts_on: None,
            ends_on: None,
            capacity: None,
        }
    }
}

/// The kinds this editor writes (a quiz's questions are written in the quiz editor).
const AUTHORED_KINDS: [LessonKind; 5] =
    [LessonKind::Text, LessonKind::Video, LessonKind::Resource, LessonKind::Link, LessonKind::Quiz];

fn options(prefix: &str, values: impl Iterator<Item = &'static str>) -> Vec<(&'static str, usize)> {
    values.map(|v| (v, key_index(&format!("{prefix}.{v}")).unwrap_or(k::DIR_ANY))).collect()
}

/// A field's error under it (for the localized editors, which have no slot of their own).
pub(super) fn error_line(form: FormState, field: &'static str, id: &'static str) -> impl IntoView {
    let locale = use_locale();
    move || form.error_for(field).map(|e| view! { <p class="field__error" id=id>{field_text(locale.get(), &e)}</p> })
}

#[component]
fn CourseFields(draft: CourseDraft, form: FormState) -> impl IntoView {
    view! {
        <LocalizedTextEditor id="title" label=k::COURSE_TITLE_FIELD value=draft.title />
        {error_line(form, "title", "title-error")}
        <LocalizedTextEditor id="summary" label=k::COURSE_SUMMARY value=draft.summary multiline=true />
        {error_line(form, "summary", "summary-error")}
        <SelectField id="field" label=k::DIR_FIELD value=draft.field options=options("activity", Field::ALL.iter().map(|f| f.as_str())) form=form />
        <SelectField id="level" label=k::COURSE_LEVEL value=draft.level options=options("course.level", CourseLevel::ALL.iter().map(|l| l.as_str())) form=form />
        <fieldset class="field">
            <legend class="field__label">{tr(k::COURSE_LANGUAGES)}</legend>
            <div class="cluster">
                {Language::ALL
                    .into_iter()
                    .map(|lang| {
                        view! {
                            <label class="checkbox">
                                <input
                                    type="checkbox"
                                    id=format!("language-{}", lang.code())
                                    value=lang.code()
                                    prop:checked=move || draft.languages.with(|l| l.contains(&lang))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        draft.languages.update(|list| {
                                            list.retain(|x| *x != lang);
                                            if on {
                                                list.push(lang);
                                            }
                                        });
                                    }
                                />
                                <span lang=lang.code()>{text(lang, language_key(lang))}</span>
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
            {error_line(form, "languages", "languages-error")}
        </fieldset>
        <TextField
            id="estimated_minutes"
            label=k::COURSE_MINUTES_FIELD
            value=draft.minutes
            form=form
            kind="number"
            required=false
            hint=k::COURSE_MINUTES_HINT
        />
    }
}

#[component]
pub fn NewCourse() -> impl IntoView {
    use_title(k::COURSE_NEW_TITLE);
    view! {
        <RequireAuth>
            <NewCourseForm />
        </RequireAuth>
    }
}

#[component]
fn NewCourseForm() -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let form = FormState::new();
    let draft = CourseDraft::new(locale.get_untracked());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = draft.create();
        if !form.validate(&request) {
            return;
        }
        form.pending.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = session.call::<CreateCourseEndpoint>(&[], &request).await;
            form.pending.try_set(false);
            match result {
                Ok(c) => {
                    toasts.success(text(locale.get_untracked(), k::COURSE_CREATED));
                    navigate(&format!("/courses/{}/edit", c.summary.id), NavigateOptions::default());
                }
                Err(e) => form.fail(e),
            }
        });
    };
    view! {
        <div class="page page--narrow">
            <div class="page__header">
                <h1 class="page__title">{tr(k::COURSE_NEW_TITLE)}</h1>
                <p class="lead">{tr(k::COURSE_NEW_LEAD)}</p>
            </div>
            <Show when=move || is_staff(session) fallback=|| view! { <div class="alert alert--error" role="alert">{tr(k::ERROR_FORBIDDEN)}</div> }>
                <form class="card stack" id="course-form" on:submit=submit.clone() novalidate=true>
                    <FormAlert form=form />
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
    view! {
        <RequireAuth>
            <EditLoader />
        </RequireAuth>
    }
}

#[component]
fn EditLoader() -> impl IntoView {
    let params = use_params_map();
    let session = use_session();
    let locale = use_locale();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let course = LocalResource::new(move || {
        let id = id();
        async move { session.call::<GetCourse>(&[&id], &()).await.map_err(Arc::new) }
    });
    view! {
        <div class="page">
            <Suspense fallback=|| view! { <Skeleton /> }>
                {move || {
                    course.get().map(|result| match result {
                        Ok(c) if c.can_edit => view! { <Editor course=c /> }.into_any(),
                        Ok(_) => view! {
                            <h1 class="page__title">{tr(k::COURSE_EDIT_TITLE)}</h1>
                            <div class="alert alert--error" role="alert">{tr(k::ERROR_FORBIDDEN)}</div>
                        }
                            .into_any(),
                        Err(e) => {
                            let message = Signal::derive(move || problem_text(locale.get(), &e));
                            view! {
                                <h1 class="page__title">{tr(k::COURSE_EDIT_TITLE)}</h1>
                                <ErrorState message=message on_retry=Callback::new(move |_| course.refetch()) />
                            }
                                .into_any()
                        }
                    })
                }}
            </Suspense>
        </div>
    }
}

#[component]
fn Editor(course: Course) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let toasts = use_toasts();
    let id = course.summary.id.clone();
    let draft = CourseDraft::of(&course.summary);
    let title_now = RwSignal::new(course.summary.title.clone());
    let status = RwSignal::new(course.summary.status);
    let modules = RwSignal::new(course.modules.clone());
    let failed = move |e: madani_shared::ClientError| toasts.error(problem_text(locale.get_untracked(), &e));
    // Where the focus goes once the outline is drawn again (a moved lesson's button, say).
    let focus_after: RwSignal<Option<String>> = RwSignal::new(None);
    // Reload the outline (not the details, which may hold unsaved edits).
    let reload = {
        let id = id.clone();
        move || {
            let id = id.clone();
            spawn_local(async move {
                match session.call::<GetCourse>(&[&id], &()).await {
                    Ok(c) => {
                        modules.try_set(c.modules);
                        status.try_set(c.summary.status);
                        if let Some(Some(target)) = focus_after.try_update(Option::take) {
                            focus_soon(target);
                        }
                    }
                    Err(e) => failed(e),
                }
            });
        }
    };

    // Details.
    let form = FormState::new();
    let save = {
        let id = id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let c = draft.create();
            let request = UpdateCourse {
                title: Some(c.title),
                summary: Some(c.summary),
                field: Some(c.field),
                level: Some(c.level),
                languages: Some(c.languages),
                estimated_minutes: c.estimated_minutes,
                ..Default::default()
            };
            if !form.validate(&request) {
                return;
            }
            form.pending.set(true);
            let id = id.clone();
            spawn_local(async move {
                let result = session.call::<UpdateCourseEndpoint>(&[&id], &request).await;
                form.pending.try_set(false);
                match result {
                    Ok(c) => {
                        title_now.try_set(c.summary.title);
                        toasts.success(text(locale.get_untracked(), k::COURSE_SAVED));
                    }
                    Err(e) => form.fail(e),
                }
            });
        }
    };

    // Status.
    let set_status = {
        let id = id.clone();
        move |to: CourseStatus| {
            let id = id.clone();
            spawn_local(async move {
                let request = UpdateCourse { status: Some(to), ..Default::default() };
                match session.call::<UpdateCourseEndpoint>(&[&id], &request).await {
                    Ok(c) => {
                        status.try_set(c.summary.status);
                        toasts.success(text(
                            locale.get_untracked(),
                            if to == CourseStatus::Published {
                                k::COURSE_PUBLISHED_TOAST
                            } else {
                                k::COURSE_ARCHIVED_TOAST
                            },
                        ));
                    }
                    Err(e) => failed(e),
                }
            });
        }
    };
    let publish = {
        let set_status = set_status.clone();
        move |_| set_status(CourseStatus::Published)
    };
    let archive = move |_| set_status(CourseStatus::Archived);

    // Add a module.
    let module_form = FormState::new();
    let module_title = RwSignal::new(LocalizedText::default());
    let lesson_module = RwSignal::new(String::new());
    let add_module = {
        let id = id.clone();
        let reload = reload.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let request = CreateModule { title: module_title.get_untracked() };
            if !module_form.validate(&request) {
                return;
            }
            module_form.pending.set(true);
            let id = id.clone();
            let reload = reload.clone();
            spawn_local(async move {
                let result = session.call::<CreateModuleEndpoint>(&[&id], &request).await;
                module_form.pending.try_set(false);
                match result {
                    Ok(m) => {
                        module_title.try_set(LocalizedText::default());
                        lesson_module.try_set(m.id);
                        toasts.success(text(locale.get_untracked(), k::COURSE_MODULE_ADDED));
                        reload();
                    }
                    Err(e) => module_form.fail(e),
                }
            });
        }
    };

    // Add a lesson.
    let lesson_form = FormState::new();
    // The lesson whose form is open in the outline.
    let editing_lesson: RwSignal<Option<String>> = RwSignal::new(None);
    let lesson_title = RwSignal::new(LocalizedText::default());
    let lesson_kind = RwSignal::new(LessonKind::Text.as_str().to_owned());
    let lesson_required = RwSignal::new(true);
    let lesson_body = RwSignal::new(LocalizedText::default());
    let lesson_url = RwSignal::new(String::new());
    let lesson_minutes = RwSignal::new(String::new());
    let is_text = move || lesson_kind.get() == LessonKind::Text.as_str();
    let is_quiz = move || lesson_kind.get() == LessonKind::Quiz.as_str();
    // The quiz lesson whose questions are being edited: (lesson id, title).
    let editing_quiz: RwSignal<Option<(String, LocalizedText)>> = RwSignal::new(None);
    // The chosen module, else the first one.
    let target_module = move || {
        let chosen = lesson_module.get();
        modules.with(|list| list.iter().find(|m| m.id == chosen).or_else(|| list.first()).map(|m| m.id.clone()))
    };
    let add_lesson = {
        let id = id.clone();
        let reload = reload.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let Some(module) = target_module() else {
                toasts.error(text(locale.get_untracked(), k::COURSE_ADD_MODULE_FIRST));
                return;
            };
            let kind = LessonKind::parse(&lesson_kind.get_untracked()).unwrap_or(LessonKind::Text);
            let text_kind = kind == LessonKind::Text;
            let quiz_kind = kind == LessonKind::Quiz;
            let url = lesson_url.get_untracked().trim().to_owned();
            let request = CreateLesson {
                title: lesson_title.get_untracked(),
                kind,
                required: lesson_required.get_untracked(),
                body: if text_kind { lesson_body.get_untracked() } else { LocalizedText::default() },
                // Left empty, none: a video lesson may take an uploaded file instead.
                url: (!text_kind && !quiz_kind && !url.is_empty()).then_some(url),
                estimated_minutes: lesson_minutes.get_untracked().trim().parse().ok(),
            };
            if !lesson_form.validate(&request) {
                return;
            }
            lesson_form.pending.set(true);
            let id = id.clone();
            let reload = reload.clone();
            spawn_local(async move {
                let result = session.call::<CreateLessonEndpoint>(&[&id, &module], &request).await;
                lesson_form.pending.try_set(false);
                match result {
                    Ok(created) => {
                        if created.kind == LessonKind::Quiz {
                            editing_quiz.try_set(Some((created.id.clone(), created.title.clone())));
                        }
                        // A video without an address: its form opens, to upload the file.
                        if created.kind == LessonKind::Video && created.url.is_none() {
                            editing_lesson.try_set(Some(created.id.clone()));
                        }
                        lesson_title.try_set(LocalizedText::default());
                        lesson_body.try_set(LocalizedText::default());
                        lesson_url.try_set(String::new());
                        lesson_minutes.try_set(String::new());
                        toasts.success(text(locale.get_untracked(), k::COURSE_LESSON_ADDED));
                        reload();
                    }
                    Err(e) => lesson_form.fail(e),
                }
            });
        }
    };

    // Deleting, after a confirmation.
    let lesson_to_delete: RwSignal<Option<String>> = RwSignal::new(None);
    let module_to_delete: RwSignal<Option<String>> = RwSignal::new(None);
    let lesson_dialog = RwSignal::new(false);
    let module_dialog = RwSignal::new(false);
    let delete_lesson = {
        let id = id.clone();
        let reload = reload.clone();
        Callback::new(move |_| {
            let Some(lesson) = lesson_to_delete.get_untracked() else { return };
            let id = id.clone();
            let reload = reload.clone();
            spawn_local(async move {
                match session.call::<DeleteLesson>(&[&id, &lesson], &()).await {
                    Ok(()) => {
                        toasts.success(text(locale.get_untracked(), k::COURSE_LESSON_DELETED));
                        reload();
                    }
                    Err(e) => failed(e),
                }
            });
        })
    };
    let delete_module = {
        let id = id.clone();
        let reload = reload.clone();
        Callback::new(move |_| {
            let Some(module) = module_to_delete.get_untracked() else { return };
            let id = id.clone();
            let reload = reload.clone();
            spawn_local(async move {
                match session.call::<DeleteModule>(&[&id, &module], &()).await {
                    Ok(()) => {
                        toasts.success(text(locale.get_untracked(), k::COURSE_MODULE_DELETED));
                        reload();
                    }
                    Err(e) => failed(e),
                }
            });
        })
    };

    // Moving a lesson within its module, or a module within the course (positions count from 1);
    // the focus stays on the moved item, on the same arrow unless it has reached an end.
    let moved = move |kind: &str, item: &str, to: usize, count: usize, up: bool| {
        let arrow = if (up && to > 1) || (!up && to == count) { "up" } else { "down" };
        focus_after.set(Some(format!("{kind}-{arrow}-{item}")));
        toasts.success(format(
            locale.get_untracked(),
            k::COURSE_MOVED,
            &[("n", &to.to_string()), ("total", &count.to_string())],
        ));
    };
    let move_lesson = {
        let id = id.clone();
        let reload = reload.clone();
        Callback::new(move |(lesson, to, count, up): (String, usize, usize, bool)| {
            let request = UpdateLesson { position: Some(to as i32), ..Default::default() };
            let id = id.clone();
            let reload = reload.clone();
            spawn_local(async move {
                match session.call::<UpdateLessonEndpoint>(&[&id, &lesson], &request).await {
                    Ok(_) => {
                        moved("lesson", &lesson, to, count, up);
                        reload();
                    }
                    Err(e) => failed(e),
                }
            });
        })
    };
    let move_module = {
        let id = id.clone();
        let reload = reload.clone();
        Callback::new(move |(module, to, count, up): (String, usize, usize, bool)| {
            let request = UpdateModule { position: Some(to as i32), ..Default::default() };
            let id = id.clone();
            let reload = reload.clone();
            spawn_local(async move {
                match session.call::<UpdateModuleEndpoint>(&[&id, &module], &request).await {
                    Ok(_) => {
                        moved("module", &module, to, count, up);
                        reload();
                    }
                    Err(e) => failed(e),
                }
            });
        })
    };
    // Editing a lesson or renaming a module in place; closing returns the focus to its button.
    let renaming_module: RwSignal<Option<String>> = RwSignal::new(None);
    let close_edit = {
        let reload = reload.clone();
        move |open: RwSignal<Option<String>>, button: &'static str, saved: bool| {
            let Some(item) = open.get_untracked() else { return };
            open.set(None);
            let target = format!("{button}-{item}");
            if saved {
                focus_after.set(Some(target));
                reload();
            } else {
                focus_soon(target);
            }
        }
    };
    let close_lesson_edit = {
        let close_edit = close_edit.clone();
        Callback::new(move |saved: bool| close_edit(editing_lesson, "lesson-edit", saved))
    };
    let close_module_rename = Callback::new(move |saved: bool| close_edit(renaming_module, "module-rename", saved));
    let arrow_button = move |kind: &'static str,
                             up: bool,
                             item: String,
                             title: LocalizedText,
                             (index, count): (usize, usize),
                             on: Callback<()>| {
        let key = if up { k::COURSE_MOVE_UP } else { k::COURSE_MOVE_DOWN };
        let disabled = if up { index == 0 } else { index + 1 >= count };
        // A lone item has nowhere to go: no arrows then.
        (count > 1).then(|| view! {
            <button
                type="button"
                class=if up { "btn btn--ghost btn--small btn--icon move-up" } else { "btn btn--ghost btn--small btn--icon move-down" }
                id=format!("{kind}-{}-{item}", if up { "up" } else { "down" })
                disabled=disabled
                title=tr(key)
                on:click=move |_| on.run(())
            >
                {icon(if up { Icon::ArrowUp } else { Icon::ArrowDown })}
                <span class="sr-only">{tr(key)} ": " {move || title.get(locale.get()).to_owned()}</span>
            </button>
        })
    };

    let course_for_forms = id.clone();
    let module_card = move |i: usize, count: usize, m: Module| {
        let module_id = m.id.clone();
        let title = m.title.clone();
        let heading_title = title.clone();
        let heading = move || {
            format(
                locale.get(),
                k::COURSE_MODULE_N,
                &[("n", &(i + 1).to_string()), ("title", heading_title.get(locale.get()))],
            )
        };
        let lessons = m.lessons.clone();
        let lesson_count = lessons.len();
        let (rename_id, rename_title) = (m.id.clone(), m.title.clone());
        let renaming = {
            let module_id = m.id.clone();
            move || renaming_module.get().as_deref() == Some(module_id.as_str())
        };
        let rename_form = {
            let (course, renaming, module) = (course_for_forms.clone(), renaming.clone(), m.clone());
            move || {
                renaming().then(|| view! { <ModuleRenameForm course_id=course.clone() module=module.clone() on_close=close_module_rename /> })
            }
        };
        let (up_id, down_id) = (m.id.clone(), m.id.clone());
        let course_for_lessons = course_for_forms.clone();
        view! {
            <section class="card stack editor-module" data-module=m.id.clone()>
                <div class="cluster editor-module__head">
                    <h3 class="card__subtitle" dir="auto">{heading}</h3>
                    <span class="cluster editor-actions">
                        <button
                            type="button"
                            class="btn btn--ghost btn--small rename-module"
                            id=format!("module-rename-{}", m.id)
                            aria-expanded=move || if renaming() { "true" } else { "false" }
                            on:click=move |_| renaming_module.set(Some(rename_id.clone()))
                        >
                            {tr(k::COURSE_RENAME_MODULE)}
                            <span class="sr-only">": " {move || rename_title.get(locale.get()).to_owned()}</span>
                        </button>
                        {arrow_button("module", true, m.id.clone(), m.title.clone(), (i, count), Callback::new(move |()| move_module.run((up_id.clone(), i, count, true))))}
                        {arrow_button("module", false, m.id.clone(), m.title.clone(), (i, count), Callback::new(move |()| move_module.run((down_id.clone(), i + 2, count, false))))}
                        <button
                            type="button"
                            class="btn btn--ghost btn--small"
                            on:click=move |_| {
                                module_to_delete.set(Some(module_id.clone()));
                                module_dialog.set(true);
                            }
                        >
                            {tr(k::COURSE_DELETE_MODULE)}
                            <span class="sr-only">": " {move || title.get(locale.get()).to_owned()}</span>
                        </button>
                    </span>
                </div>
                {rename_form}
                {if lessons.is_empty() {
                    view! { <p class="muted">{tr(k::COURSE_NO_LESSONS)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="list">
                            {lessons
                                .into_iter()
                                .enumerate()
                                .map(|(j, l)| {
                                    let lesson_id = l.id.clone();
                                    let lt = l.title.clone();
                                    let lt2 = l.title.clone();
                                    let kind = l.kind;
                                    let quiz_target = (l.id.clone(), l.title.clone());
                                    let lt3 = l.title.clone();
                                    let lt4 = l.title.clone();
                                    let editing = {
                                        let lesson_id = l.id.clone();
                                        move || editing_lesson.get().as_deref() == Some(lesson_id.as_str())
                                    };
                                    let edit_form = {
                                        let (course, editing, lesson) = (course_for_lessons.clone(), editing.clone(), l.id.clone());
                                        move || editing().then(|| view! { <LessonEditor course_id=course.clone() lesson_id=lesson.clone() on_close=close_lesson_edit /> })
                                    };
                                    let (edit_id, up_id, down_id) = (l.id.clone(), l.id.clone(), l.id.clone());
                                    view! {
                                        <li class="list__item editor-lesson" data-lesson=l.id.clone()>
                                            <span class="cluster">
                                                {kind_icon(kind)}
                                                <span>
                                                    <span dir="auto">{move || lt.get(locale.get()).to_owned()}</span>
                                                    <span class="list__meta">
                                                        " · " {move || kind_label(locale.get(), kind)}
                                                        {(!l.required).then(|| view! { " · " {tr(k::LESSON_OPTIONAL)} })}
                                                    </span>
                                                </span>
                                            </span>
                                            <span class="cluster editor-actions">
                                            <button
                                                type="button"
                                                class="btn btn--ghost btn--small edit-lesson"
                                                id=format!("lesson-edit-{}", l.id)
                                                aria-expanded=move || if editing() { "true" } else { "false" }
                                                on:click=move |_| editing_lesson.set(Some(edit_id.clone()))
                                            >
                                                {tr(k::COURSE_EDIT_LESSON)}
                                                <span class="sr-only">": " {move || lt4.get(locale.get()).to_owned()}</span>
                                            </button>
                                            {(kind == LessonKind::Quiz).then(|| view! {
                                                <button
                                                    type="button"
                                                    class="btn btn--secondary btn--small edit-quiz"
                                                    data-lesson=quiz_target.0.clone()
                                                    on:click=move |_| editing_quiz.set(Some(quiz_target.clone()))
                                                >
                                                    {tr(k::QUIZ_EDITOR_EDIT)}
                                                    <span class="sr-only">": " {move || lt3.get(locale.get()).to_owned()}</span>
                                                </button>
                                            })}
                                            {arrow_button("lesson", true, l.id.clone(), l.title.clone(), (j, lesson_count), Callback::new(move |()| move_lesson.run((up_id.clone(), j, lesson_count, true))))}
                                            {arrow_button("lesson", false, l.id.clone(), l.title.clone(), (j, lesson_count), Callback::new(move |()| move_lesson.run((down_id.clone(), j + 2, lesson_count, false))))}
                                            <button
                                                type="button"
                                                class="btn btn--ghost btn--small"
                                                on:click=move |_| {
                                                    lesson_to_delete.set(Some(lesson_id.clone()));
                                                    lesson_dialog.set(true);
                                                }
                                            >
                                                {tr(k::COURSE_DELETE_LESSON)}
                                                <span class="sr-only">": " {move || lt2.get(locale.get()).to_owned()}</span>
                                            </button>
                                            </span>
                                            {edit_form}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                }}
            </section>
        }
    };

    let view_href = course_href(&id);
    let id_for_quiz = id.clone();
    view! {
        <div class="stack stack--loose">
            <div class="page__header stack stack--tight">
                <p>
                    <A href=view_href.clone()>
                        <span class="flip-rtl" aria-hidden="true">"← "</span>
                        {tr(k::COURSE_VIEW)}
                    </A>
                </p>
                <h1 class="page__title">{tr(k::COURSE_EDIT_TITLE)}</h1>
                <p class="lead" dir="auto">{move || title_now.get().get(locale.get()).to_owned()}</p>
            </div>
            <section class="card stack" aria-labelledby="status-title">
                <h2 class="card__title" id="status-title">{tr(k::COURSE_STATUS)}</h2>
                <p class="cluster" id="course-status">{move || status_badge(status.get())}</p>
                <p class="field__hint">{tr(k::COURSE_STATUS_HINT)}</p>
                <div class="cluster">
                    <Show when=move || status.get() != CourseStatus::Published>
                        <button type="button" class="btn btn--primary" id="publish-course" on:click=publish.clone()>{tr(k::COURSE_PUBLISH)}</button>
                    </Show>
                    <Show when=move || status.get() == CourseStatus::Published>
                        <button type="button" class="btn btn--secondary" id="archive-course" on:click=archive.clone()>{tr(k::COURSE_ARCHIVE)}</button>
                    </Show>
                </div>
            </section>
            <form class="card stack" id="course-form" on:submit=save novalidate=true aria-labelledby="details-title">
                <h2 class="card__title" id="details-title">{tr(k::COURSE_DETAILS)}</h2>
                <FormAlert form=form />
                <CourseFields draft=draft form=form />
                <SubmitButton label=k::COURSE_SAVE form=form class="btn btn--primary" />
            </form>
            <CoverPicker id=id.clone() cover=course.summary.cover_url.clone() />
            <section class="stack" aria-labelledby="modules-title">
                <h2 id="modules-title">{tr(k::COURSE_MODULES)}</h2>
                <div class="stack" id="editor-modules">
                    {move || {
                        let list = modules.get();
                        if list.is_empty() {
                            view! { <p class="muted">{tr(k::COURSE_NO_MODULES)}</p> }.into_any()
                        } else {
                            let count = list.len();
                            list.into_iter().enumerate().map(|(i, m)| module_card(i, count, m)).collect_view().into_any()
                        }
                    }}
                </div>
                {move || editing_quiz.get().map(|(lesson, title)| {
                    let course = id_for_quiz.clone();
                    view! { <QuizEditor course_id=course lesson_id=lesson title=title on_close=Callback::new(move |_| editing_quiz.set(None)) /> }
                })}
                <form class="card stack" id="module-form" on:submit=add_module novalidate=true aria-labelledby="module-form-title">
                    <h3 class="card__subtitle" id="module-form-title">{tr(k::COURSE_ADD_MODULE)}</h3>
                    <FormAlert form=module_form />
                    <LocalizedTextEditor id="module-title" label=k::COURSE_MODULE_TITLE value=module_title />
                    {error_line(module_form, "title", "module-title-error")}
                    <SubmitButton label=k::COURSE_ADD_MODULE form=module_form class="btn btn--secondary" />
                </form>
                <form class="card stack" id="lesson-form" on:submit=add_lesson novalidate=true aria-labelledby="lesson-form-title">
                    <h3 class="card__subtitle" id="lesson-form-title">{tr(k::COURSE_ADD_LESSON)}</h3>
                    <FormAlert form=lesson_form />
                    <div class="field">
                        <label class="field__label" for="lesson-module">{tr(k::COURSE_MODULE)}</label>
                        <select class="select" id="lesson-module" on:change=move |ev| lesson_module.set(event_target_value(&ev))>
                            {move || {
                                let current = target_module();
                                modules
                                    .get()
                                    .into_iter()
                                    .enumerate()
                                    .map(|(i, m)| {
                                        let selected = current.as_deref() == Some(m.id.as_str());
                                        let name = format(locale.get(), k::COURSE_MODULE_N, &[("n", &(i + 1).to_string()), ("title", m.title.get(locale.get()))]);
                                        view! { <option value=m.id.clone() selected=selected>{name}</option> }
                                    })
                                    .collect_view()
                            }}
                        </select>
                    </div>
                    <LocalizedTextEditor id="lesson-title" label=k::COURSE_LESSON_TITLE value=lesson_title />
                    {error_line(lesson_form, "title", "lesson-title-error")}
                    <SelectField id="lesson-kind" field="kind" label=k::COURSE_LESSON_KIND value=lesson_kind options=options("lesson.kind", AUTHORED_KINDS.iter().map(|l| l.as_str())) form=lesson_form />
                    <label class="checkbox">
                        <input type="checkbox" id="lesson-required" prop:checked=move || lesson_required.get() on:change=move |ev| lesson_required.set(event_target_checked(&ev)) />
                        {tr(k::COURSE_LESSON_REQUIRED)}
                    </label>
                    <div class="stack" hidden=move || !is_text()>
                        <LocalizedTextEditor id="lesson-body" label=k::COURSE_LESSON_BODY value=lesson_body multiline=true />
                        <p class="field__hint">{tr(k::FORM_MARKDOWN_HINT)}</p>
                        {error_line(lesson_form, "body", "lesson-body-error")}
                    </div>
                    <div hidden=move || is_text() || is_quiz()>
                        <TextField id="lesson-url" field="url" label=k::COURSE_LESSON_URL value=lesson_url form=lesson_form kind="url" required=false dir="ltr" hint=k::COURSE_LESSON_URL_HINT />
                    </div>
                    <TextField id="lesson-minutes" field="estimated_minutes" label=k::COURSE_MINUTES_FIELD value=lesson_minutes form=lesson_form kind="number" required=false />
                    <SubmitButton label=k::COURSE_ADD_LESSON form=lesson_form class="btn btn--secondary" />
                </form>
            </section>
            <FollowUp id=id.clone() />
            <ConfirmDialog
                open=lesson_dialog
                title=k::COURSE_DELETE_LESSON_TITLE
                message=k::COURSE_DELETE_LESSON_TEXT
                confirm_label=k::COURSE_DELETE_LESSON
                on_confirm=delete_lesson
                title_id="delete-lesson-title"
            />
            <ConfirmDialog
                open=module_dialog
                title=k::COURSE_DELETE_MODULE_TITLE
                message=k::COURSE_DELETE_MODULE_TEXT
                confirm_label=k::COURSE_DELETE_MODULE
                on_confirm=delete_module
                title_id="delete-module-title"
            />
        </div>
    }
}

/// The course's cover: the current picture, a new one sent as soon as it is chosen (the server
/// checks it and says why it refuses one), or none.
#[component]
fn CoverPicker(id: String, cover: Option<String>) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let toasts = use_toasts();
    let form = FormState::new();
    let picture = RwSignal::new(cover);
    let chosen = {
        let id = id.clone();
        Callback::new(move |file: web_sys::File| {
            let id = id.clone();
            spawn_local(async move {
                if let Some(c) = send_picture::<UploadCourseCover>(session, &[&id], file, form).await {
                    picture.try_set(c.summary.cover_url);
                    toasts.success(text(locale.get_untracked(), k::COVER_CHANGED));
                }
            });
        })
    };
    let remove = Callback::new(move |()| {
        let id = id.clone();
        form.clear();
        form.pending.set(true);
        spawn_local(async move {
            let result = session.call::<DeleteCourseCover>(&[&id], &()).await;
            form.pending.try_set(false);
            match result {
                Ok(()) => {
                    picture.try_set(None);
                    toasts.success(text(locale.get_untracked(), k::COVER_REMOVED));
                }
                Err(e) => form.fail(e),
            }
        });
    });
    view! {
        <PicturePicker
            id="cover-file"
            field="cover"
            title=k::COVER_TITLE
            choose=k::COVER_CHOOSE
            hint=k::COVER_HINT
            remove_label=k::COVER_REMOVE
            preview_alt=k::COVER_CURRENT
            none=k::COVER_NONE
            picture=picture
            size=(320, 160)
            form=form
            on_file=chosen
            on_remove=remove
        />
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn option_keys_exist_for_every_value() {
        for (value, key) in options("course.level", CourseLevel::ALL.iter().map(|l| l.as_str())) {
            assert_ne!(key, k::DIR_ANY, "course.level.{value}");
        }
        for (value, key) in options("lesson.kind", AUTHORED_KINDS.iter().map(|l| l.as_str())) {
            assert_ne!(key, k::DIR_ANY, "lesson.kind.{value}");
        }
    }
}
