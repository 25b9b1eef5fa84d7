//! Changing a course's outline in place, in the trainers' editor: a lesson's title, content,
//! requirement and length (its kind stays), a video lesson's uploaded file, and a module's title.
//! Moving and deleting are buttons of the outline itself (`editor.rs`).

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use madani_shared::LocalizedText;
use madani_shared::courses::*;
use madani_shared::endpoints::{
    DeleteLessonVideo, GetLesson, UpdateLessonEndpoint, UpdateModuleEndpoint, UploadLessonVideo,
};
use madani_shared::text::Language;

use super::editor::error_line;
use super::{focus_soon, kind_label};
use crate::components::dialog::ConfirmDialog;
use crate::components::form::{FileField, FormAlert, FormState, SubmitButton, TextField};
use crate::components::localized::LocalizedTextEditor;
use crate::components::states::{ErrorState, Skeleton};
use crate::components::toast::use_toasts;
use crate::errors::problem_text;
use crate::i18n::{format, format_bytes, format_percent, k, text, tr, use_locale};
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
pub(crate) fn LessonEditor(course_id: String, lesson_id: String, on_close: Callback<bool>) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let lesson = {
        let (course, lesson) = (course_id.clone(), lesson_id.clone());
        LocalResource::new(move || {
            let (course, lesson) = (course.clone(), lesson.clone());
            async move { session.call::<GetLesson>(&[&course, &lesson], &()).await.map_err(Arc::new) }
        })
    };
    view! {
        <div class="lesson-edit">
            <Suspense fallback=|| view! { <Skeleton /> }>
                {move || {
                    let course_id = course_id.clone();
                    lesson.get().map(|result| match result {
                        Ok(l) => view! { <LessonEditForm course_id=course_id lesson=l on_close=on_close /> }.into_any(),
                        Err(e) => {
                            let message = Signal::derive(move || problem_text(locale.get(), &e));
                            view! {
                                <ErrorState message=message on_retry=Callback::new(move |_| lesson.refetch()) />
                                <button type="button" class="btn btn--ghost btn--small" on:click=move |_| on_close.run(false)>
                                    {tr(k::COMMON_CANCEL)}
                                </button>
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
fn LessonEditForm(course_id: String, lesson: Lesson, on_close: Callback<bool>) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let toasts = use_toasts();
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
    let lesson_id = lesson.id.clone();
    let (video_course, video_lesson, video) = (course_id.clone(), lesson.id.clone(), lesson.video.clone());
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let address = url.get_untracked().trim().to_owned();
        let request = UpdateLesson {
            title: Some(title.get_untracked()),
            required: Some(required.get_untracked()),
            body: has_body.then(|| body.get_untracked()),
            // Left empty: the address stays as it is (an uploaded video needs none).
            url: (has_url && !address.is_empty()).then_some(address),
            estimated_minutes: minutes.get_untracked().trim().parse().ok(),
            ..Default::default()
        };
        if !form.validate(&request) {
            return;
        }
        form.pending.set(true);
        let (course, lesson) = (course_id.clone(), lesson_id.clone());
        spawn_local(async move {
            let result = session.call::<UpdateLessonEndpoint>(&[&course, &lesson], &request).await;
            form.pending.try_set(false);
            match result {
                Ok(_) => {
                    toasts.success(text(locale.get_untracked(), k::COURSE_LESSON_SAVED));
                    on_close.run(true);
                }
                Err(e) => form.fail(e),
            }
        });
    };
    focus_soon("lesson-edit-heading".into());
    view! {
        <form class="stack lesson-edit__form" id="lesson-edit-form" on:submit=save on:keydown=escape_closes(on_close) novalidate=true aria-labelledby="lesson-edit-heading">
            <h4 class="card__subtitle" id="lesson-edit-heading" tabindex="-1">
                {move || around_title(locale.get(), k::COURSE_EDIT_LESSON_HEADING).0}
                <bdi dir="auto">{move || heading_title.get(locale.get()).to_owned()}</bdi>
                {move || around_title(locale.get(), k::COURSE_EDIT_LESSON_HEADING).1}
            </h4>
            <FormAlert form=form />
            <LocalizedTextEditor id="edit-lesson-title" label=k::COURSE_LESSON_TITLE value=title />
            {error_line(form, "title", "edit-lesson-title-error")}
            <p class="field__hint" id="edit-lesson-kind">
                {move || format(locale.get(), k::COURSE_LESSON_KIND_FIXED, &[("kind", &kind_label(locale.get(), kind))])}
            </p>
            <label class="checkbox">
                <input type="checkbox" id="edit-lesson-required" prop:checked=move || required.get() on:change=move |ev| required.set(event_target_checked(&ev)) />
                {tr(k::COURSE_LESSON_REQUIRED)}
            </label>
            {has_body.then(|| view! {
                <div class="stack">
                    <LocalizedTextEditor id="edit-lesson-body" label=k::COURSE_LESSON_BODY value=body multiline=true />
                    <p class="field__hint">{tr(k::FORM_MARKDOWN_HINT)}</p>
                    {error_line(form, "body", "edit-lesson-body-error")}
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
        {(kind == LessonKind::Video).then(|| view! { <LessonVideoFile course_id=video_course lesson_id=video_lesson video=video /> })}
    }
}

/// "MP4, 12.5 MB".
fn video_facts(lang: Language, video: &LessonVideo) -> String {
    let kind = video.content_type.rsplit('/').next().unwrap_or(&video.content_type).to_uppercase();
    format(lang, k::VIDEO_CURRENT, &[("type", &kind), ("size", &format_bytes(lang, video.size_bytes))])
}

/// A video lesson's uploaded file: what it is now, a new one sent as soon as it is chosen (with
/// the share sent so far), removal after a confirmation. Apart from the lesson's form: a file is
/// sent or removed at once, not on "Save".
#[component]
fn LessonVideoFile(course_id: String, lesson_id: String, video: Option<LessonVideo>) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let toasts = use_toasts();
    let form = FormState::new();
    let video = RwSignal::new(video);
    // The share of the file sent, while it is being sent.
    let sent: RwSignal<Option<f64>> = RwSignal::new(None);
    let chosen = {
        let (course, lesson) = (course_id.clone(), lesson_id.clone());
        Callback::new(move |file: web_sys::File| {
            let (course, lesson) = (course.clone(), lesson.clone());
            form.clear();
            form.pending.set(true);
            sent.set(Some(0.0));
            spawn_local(async move {
                let progress = Callback::new(move |share: f64| {
                    sent.try_set(Some(share));
                });
                let result = session.upload_file::<UploadLessonVideo>(&[&course, &lesson], &file, progress).await;
                form.pending.try_set(false);
                sent.try_set(None);
                match result {
                    Ok(l) => {
                        video.try_set(l.video);
                        toasts.success(text(locale.get_untracked(), k::VIDEO_UPLOADED));
                    }
                    Err(e) => form.fail(e),
                }
            });
        })
    };
    let confirm = RwSignal::new(false);
    let remove = Callback::new(move |()| {
        let (course, lesson) = (course_id.clone(), lesson_id.clone());
        form.clear();
        form.pending.set(true);
        spawn_local(async move {
            let result = session.call::<DeleteLessonVideo>(&[&course, &lesson], &()).await;
            form.pending.try_set(false);
            match result {
                Ok(()) => {
                    video.try_set(None);
                    toasts.success(text(locale.get_untracked(), k::VIDEO_REMOVED));
                    // The button is gone: on to the file input.
                    focus_soon("lesson-video-file".into());
                }
                Err(e) => form.fail(e),
            }
        });
    });
    let label = Signal::derive(move || if video.with(Option::is_some) { k::VIDEO_REPLACE } else { k::VIDEO_CHOOSE });
    view! {
        <section
            class="stack stack--tight lesson-video"
            id="lesson-video"
            aria-labelledby="lesson-video-title"
            aria-busy=move || if form.pending.get() { "true" } else { "false" }
        >
            <h5 class="card__subtitle" id="lesson-video-title">{tr(k::VIDEO_TITLE)}</h5>
            <p class="list__meta" id="lesson-video-current">
                {move || match video.get() {
                    Some(v) => view! { <bdi>{move || video_facts(locale.get(), &v)}</bdi> }.into_any(),
                    None => tr(k::VIDEO_NONE).into_any(),
                }}
            </p>
            // A refused file is told under the input; anything else (the network, a lesson of
            // another kind) here.
            {move || form.fields.with(Vec::is_empty).then(|| view! { <FormAlert form=form /> })}
            <FileField id="lesson-video-file" label=label field="video" accept="video/mp4,video/webm" form=form on_file=chosen hint=k::VIDEO_HINT />
            {move || sent.get().map(|share| {
                let percent = (share * 100.0).round().clamp(0.0, 100.0) as i64;
                view! {
                    <div class="progress-block">
                        <label class="progress-block__label" for="lesson-video-progress">
                            {move || format(locale.get(), k::VIDEO_UPLOADING, &[("percent", &format_percent(locale.get(), percent))])}
                        </label>
                        <progress class="progress" id="lesson-video-progress" max="100" value=percent.to_string()></progress>
                    </div>
                }
            })}
            {move || video.with(Option::is_some).then(|| view! {
                <div>
                    <button
                        type="button"
                        class="btn btn--secondary btn--small"
                        id="lesson-video-remove"
                        disabled=move || form.pending.get()
                        on:click=move |_| confirm.set(true)
                    >
                        {tr(k::VIDEO_REMOVE)}
                    </button>
                </div>
            })}
            <ConfirmDialog
                open=confirm
                title=k::VIDEO_REMOVE_TITLE
                message=k::VIDEO_REMOVE_TEXT
                confirm_label=k::VIDEO_REMOVE
                on_confirm=remove
                title_id="remove-video-title"
            />
        </section>
    }
}

/// A module's title, to change. `on_close` gets whether it was saved.
#[component]
pub(crate) fn ModuleRenameForm(course_id: String, module: Module, on_close: Callback<bool>) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let toasts = use_toasts();
    let form = FormState::new();
    let title: RwSignal<LocalizedText> = RwSignal::new(module.title.clone());
    let module_id = module.id.clone();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = UpdateModule { title: Some(title.get_untracked()), ..Default::default() };
        if !form.validate(&request) {
            return;
        }
        form.pending.set(true);
        let (course, module) = (course_id.clone(), module_id.clone());
        spawn_local(async move {
            let result = session.call::<UpdateModuleEndpoint>(&[&course, &module], &request).await;
            form.pending.try_set(false);
            match result {
                Ok(_) => {
                    toasts.success(text(locale.get_untracked(), k::COURSE_MODULE_SAVED));
                    on_close.run(true);
                }
                Err(e) => form.fail(e),
            }
        });
    };
    focus_soon("module-rename-heading".into());
    view! {
        <form class="stack module-rename" id="module-rename-form" on:submit=save on:keydown=escape_closes(on_close) novalidate=true aria-labelledby="module-rename-heading">
            <h4 class="card__subtitle" id="module-rename-heading" tabindex="-1">{tr(k::COURSE_RENAME_MODULE_TITLE)}</h4>
            <FormAlert form=form />
            <LocalizedTextEditor id="rename-module-title" label=k::COURSE_MODULE_TITLE value=title />
            {error_line(form, "title", "rename-module-title-error")}
            <div class="cluster">
                <SubmitButton label=k::COURSE_SAVE form=form class="btn btn--primary" />
                <button type="button" class="btn btn--ghost" id="module-rename-cancel" on:click=move |_| on_close.run(false)>
                    {tr(k::COMMON_CANCEL)}
                </button>
            </div>
        </form>
    }
}
