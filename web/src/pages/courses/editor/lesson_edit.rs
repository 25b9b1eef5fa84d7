//! Changing a course's outline in place, in the trainers' editor: a lesson's title, content,
//! requirement and length (its kind stays) and its video file, and a module's title. Moving and
//! deleting are buttons of the outline itself (`outline.rs`).

use leptos::prelude::*;
use madani_shared::LocalizedText;
use madani_shared::courses::*;
use madani_shared::endpoints::{GetLesson, UpdateLessonEndpoint, UpdateModuleEndpoint};
use madani_shared::ids::{CourseId, LessonId};
use madani_shared::text::Language;

use super::super::{focus_soon, kind_label};
use super::video::LessonVideoFile;
use crate::components::form::{ErrorSummary, FormState, SubmitButton, TextField};
use crate::components::loaded::{Loaded, fetched};
use crate::components::localized::LocalizedTextEditor;
use crate::components::mutation::Mutation;
use crate::i18n::{format, k, text, tr, use_locale};
use crate::session::use_session;

/// The text of `key` before and after its `{title}`, so that the title can be set apart in a `<bdi>`.
fn around_title(lang: Language, key: usize) -> (&'static str, &'static str) {
    let t = text(lang, key);
    t.split_once("{title}").unwrap_or((t, ""))
}

/// Escape closes an inline form without saving.
fn escape_closes(on_close: Callback<bool>) -> impl Fn(leptos::ev::KeyboardEvent) {
    move |ev| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            on_close.run(false);
        }
    }
}

/// A lesson's form, filled in with what it holds now. `on_close` gets whether it was saved.
#[component]
pub(crate) fn LessonEditor(course_id: CourseId, lesson_id: LessonId, on_close: Callback<bool>) -> impl IntoView {
    let session = use_session();
    let lesson =
        LocalResource::new(
            move || async move { fetched(session.call::<GetLesson>((course_id, lesson_id), &()).await) },
        );
    let cancel = move || {
        view! {
            <button type="button" class="btn btn--ghost btn--small" on:click=move |_| on_close.run(false)>
                {tr(k::COMMON_CANCEL)}
            </button>
        }
    };
    view! {
        <div class="lesson-edit">
            <Loaded resource=lesson after_error=cancel let:lesson>
                <LessonEditForm course_id lesson on_close />
            </Loaded>
        </div>
    }
}

#[component]
fn LessonEditForm(course_id: CourseId, lesson: Lesson, on_close: Callback<bool>) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let form = FormState::new();
    let kind = lesson.kind;
    let has_body = kind == LessonKind::Text;
    let has_url = matches!(kind, LessonKind::Video | LessonKind::Resource | LessonKind::Link);
    let title = RwSignal::new(lesson.title.clone());
    let required = RwSignal::new(lesson.required);
    let body = RwSignal::new(lesson.body.clone());
    let url = RwSignal::new(lesson.url.clone().unwrap_or_default());
    let minutes = RwSignal::new(lesson.estimated_minutes.map(|m| m.to_string()).unwrap_or_default());
    let heading_title = lesson.title.clone();
    let lesson_id = lesson.id;
    let video = lesson.video.clone();
    let save = Mutation::new(move |request: UpdateLesson| async move {
        session.call::<UpdateLessonEndpoint>((course_id, lesson_id), &request).await
    })
    .form(form)
    .toast(k::COURSE_LESSON_SAVED)
    .then(move |_| {
        on_close.try_run(true);
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let address = url.get_untracked().trim().to_owned();
        save.submit(UpdateLesson {
            title: Some(title.get_untracked()),
            required: Some(required.get_untracked()),
            body: has_body.then(|| body.get_untracked()),
            // Left empty: the address stays as it is (an uploaded video needs none).
            url: (has_url && !address.is_empty()).then_some(address),
            estimated_minutes: minutes.get_untracked().trim().parse().ok(),
            ..Default::default()
        });
    };
    focus_soon("lesson-edit-heading".into());
    view! {
        <form class="stack lesson-edit__form" id="lesson-edit-form" on:submit=submit on:keydown=escape_closes(on_close) novalidate=true aria-labelledby="lesson-edit-heading">
            <h4 class="card__subtitle" id="lesson-edit-heading" tabindex="-1">
                {move || around_title(locale.get(), k::COURSE_EDIT_LESSON_HEADING).0}
                <bdi dir="auto">{move || heading_title.get(locale.get()).to_owned()}</bdi>
                {move || around_title(locale.get(), k::COURSE_EDIT_LESSON_HEADING).1}
            </h4>
            <ErrorSummary form=form />
            <LocalizedTextEditor id="edit-lesson-title" label=k::COURSE_LESSON_TITLE value=title form=form field="title" />
            <p class="field__hint" id="edit-lesson-kind">
                {move || format(locale.get(), k::COURSE_LESSON_KIND_FIXED, &[("kind", &kind_label(locale.get(), kind))])}
            </p>
            <label class="checkbox">
                <input type="checkbox" id="edit-lesson-required" prop:checked=move || required.get() on:change=move |ev| required.set(event_target_checked(&ev)) />
                {tr(k::COURSE_LESSON_REQUIRED)}
            </label>
            {has_body.then(|| view! {
                <div class="stack">
                    <LocalizedTextEditor id="edit-lesson-body" label=k::COURSE_LESSON_BODY value=body multiline=true form=form field="body" />
                    <p class="field__hint">{tr(k::FORM_MARKDOWN_HINT)}</p>
                </div>
            })}
            {has_url.then(|| view! {
                <TextField id="edit-lesson-url" field="url" label=k::COURSE_LESSON_URL value=url form=form kind="url" required=false dir="ltr" hint=k::COURSE_LESSON_URL_HINT />
            })}
            <TextField id="edit-lesson-minutes" field="estimated_minutes" label=k::COURSE_MINUTES_FIELD value=minutes form=form kind="number" required=false />
            <div class="cluster">
                <SubmitButton label=k::COURSE_SAVE form=form class="btn btn--primary" />
                <button type="button" class="btn btn--ghost" id="lesson-edit-cancel" on:click=move |_| on_close.run(false)>
                    {tr(k::COMMON_CANCEL)}
                </button>
            </div>
        </form>
        {(kind == LessonKind::Video).then(|| view! { <LessonVideoFile course_id=course_id lesson_id=lesson_id video=video /> })}
    }
}

/// A module's title, to change. `on_close` gets whether it was saved.
#[component]
pub(crate) fn ModuleRenameForm(course_id: CourseId, module: Module, on_close: Callback<bool>) -> impl IntoView {
    let session = use_session();
    let form = FormState::new();
    let title: RwSignal<LocalizedText> = RwSignal::new(module.title.clone());
    let module_id = module.id;
    let save = Mutation::new(move |request: UpdateModule| async move {
        session.call::<UpdateModuleEndpoint>((course_id, module_id), &request).await
    })
    .form(form)
    .toast(k::COURSE_MODULE_SAVED)
    .then(move |_| {
        on_close.try_run(true);
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.submit(UpdateModule { title: Some(title.get_untracked()), ..Default::default() });
    };
    focus_soon("module-rename-heading".into());
    view! {
        <form class="stack module-rename" id="module-rename-form" on:submit=submit on:keydown=escape_closes(on_close) novalidate=true aria-labelledby="module-rename-heading">
            <h4 class="card__subtitle" id="module-rename-heading" tabindex="-1">{tr(k::COURSE_RENAME_MODULE_TITLE)}</h4>
            <ErrorSummary form=form />
            <LocalizedTextEditor id="rename-module-title" label=k::COURSE_MODULE_TITLE value=title form=form field="title" />
            <div class="cluster">
                <SubmitButton label=k::COURSE_SAVE form=form class="btn btn--primary" />
                <button type="button" class="btn btn--ghost" id="module-rename-cancel" on:click=move |_| on_close.run(false)>
                    {tr(k::COMMON_CANCEL)}
                </button>
            </div>
        </form>
    }
}
