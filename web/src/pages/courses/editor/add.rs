//! Adding to the outline, under it: a module, and a lesson of any kind to a module (a new quiz opens
//! its questions; a video without an address, its form to upload the file).

use leptos::prelude::*;
use madani_shared::LocalizedText;
use madani_shared::courses::*;
use madani_shared::endpoints::{CreateLessonEndpoint, CreateModuleEndpoint};

use super::Outline;
use crate::components::form::{ErrorSummary, FormState, Labelled, SelectField, SubmitButton, TextField};
use crate::components::label::label_options;
use crate::components::localized::LocalizedTextEditor;
use crate::components::mutation::Mutation;
use crate::components::toast::use_toasts;
use crate::i18n::{format, k, text, tr, use_locale};
use crate::session::use_session;

/// The kinds this editor writes (a quiz's questions are written in the quiz editor).
pub(super) const AUTHORED_KINDS: [LessonKind; 5] =
    [LessonKind::Text, LessonKind::Video, LessonKind::Resource, LessonKind::Link, LessonKind::Quiz];

#[component]
pub(super) fn AddModuleForm(outline: Outline) -> impl IntoView {
    let session = use_session();
    let id = outline.course;
    let form = FormState::new();
    let title = RwSignal::new(LocalizedText::default());
    let add =
        Mutation::new(
            move |request: CreateModule| async move { session.call::<CreateModuleEndpoint>(id, &request).await },
        )
        .form(form)
        .toast(k::COURSE_MODULE_ADDED)
        .then(move |m| {
            title.try_set(LocalizedText::default());
            outline.lesson_module.try_set(Some(m.id));
            outline.reload();
        });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        add.submit(CreateModule { title: title.get_untracked() });
    };
    view! {
        <form class="card stack" id="module-form" on:submit=submit novalidate=true aria-labelledby="module-form-title">
            <h3 class="card__subtitle" id="module-form-title">{tr(k::COURSE_ADD_MODULE)}</h3>
            <ErrorSummary form=form />
            <LocalizedTextEditor id="module-title" label=k::COURSE_MODULE_TITLE value=title form=form field="title" />
            <SubmitButton label=k::COURSE_ADD_MODULE form=form class="btn btn--secondary" />
        </form>
    }
}

#[component]
pub(super) fn AddLessonForm(outline: Outline) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let toasts = use_toasts();
    let id = outline.course;
    let form = FormState::new();
    let title = RwSignal::new(LocalizedText::default());
    let kind = RwSignal::new(LessonKind::Text.as_str().to_owned());
    let required = RwSignal::new(true);
    let body = RwSignal::new(LocalizedText::default());
    let url = RwSignal::new(String::new());
    let minutes = RwSignal::new(String::new());
    let is_text = move || kind.get() == LessonKind::Text.as_str();
    let is_quiz = move || kind.get() == LessonKind::Quiz.as_str();
    // The chosen module, else the first one.
    let target_module = move || {
        let chosen = outline.lesson_module.get();
        outline.modules.with(|list| list.iter().find(|m| Some(m.id) == chosen).or_else(|| list.first()).map(|m| m.id))
    };
    let add = Mutation::new(move |(module, request): (madani_shared::ids::ModuleId, CreateLesson)| async move {
        session.call::<CreateLessonEndpoint>((id, module), &request).await
    })
    .form(form)
    .toast(k::COURSE_LESSON_ADDED)
    .then(move |created| {
        if created.kind == LessonKind::Quiz {
            outline.editing_quiz.try_set(Some((created.id, created.title.clone())));
        }
        // A video without an address: its form opens, to upload the file.
        if created.kind == LessonKind::Video && created.url.is_none() {
            outline.editing_lesson.try_set(Some(created.id));
        }
        title.try_set(LocalizedText::default());
        body.try_set(LocalizedText::default());
        url.try_set(String::new());
        minutes.try_set(String::new());
        outline.reload();
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(module) = target_module() else {
            toasts.error(text(locale.get_untracked(), k::COURSE_ADD_MODULE_FIRST));
            return;
        };
        let kind = LessonKind::parse(&kind.get_untracked()).unwrap_or(LessonKind::Text);
        let text_kind = kind == LessonKind::Text;
        let address = url.get_untracked().trim().to_owned();
        let request = CreateLesson {
            title: title.get_untracked(),
            kind,
            required: required.get_untracked(),
            body: if text_kind { body.get_untracked() } else { LocalizedText::default() },
            // Left empty, none: a video lesson may take an uploaded file instead.
            url: (!text_kind && kind != LessonKind::Quiz && !address.is_empty()).then_some(address),
            estimated_minutes: minutes.get_untracked().trim().parse().ok(),
        };
        if form.validate(&request) {
            add.dispatch((module, request));
        }
    };
    view! {
        <form class="card stack" id="lesson-form" on:submit=submit novalidate=true aria-labelledby="lesson-form-title">
            <h3 class="card__subtitle" id="lesson-form-title">{tr(k::COURSE_ADD_LESSON)}</h3>
            <ErrorSummary form=form />
            <Labelled id="lesson-module" label=k::COURSE_MODULE>
                <select class="select" id="lesson-module" on:change=move |ev| outline.lesson_module.set(event_target_value(&ev).parse().ok())>
                    {move || {
                        let current = target_module();
                        outline
                            .modules
                            .get()
                            .into_iter()
                            .enumerate()
                            .map(|(i, m)| {
                                let selected = current == Some(m.id);
                                let name = format(locale.get(), k::COURSE_MODULE_N, &[("n", &(i + 1).to_string()), ("title", m.title.get(locale.get()))]);
                                view! { <option value=m.id.to_string() selected=selected>{name}</option> }
                            })
                            .collect_view()
                    }}
                </select>
            </Labelled>
            <LocalizedTextEditor id="lesson-title" label=k::COURSE_LESSON_TITLE value=title form=form field="title" />
            <SelectField id="lesson-kind" field="kind" label=k::COURSE_LESSON_KIND value=kind options=label_options("lesson.kind", AUTHORED_KINDS.iter().map(|l| l.as_str())) form=form />
            <label class="checkbox">
                <input type="checkbox" id="lesson-required" prop:checked=move || required.get() on:change=move |ev| required.set(event_target_checked(&ev)) />
                {tr(k::COURSE_LESSON_REQUIRED)}
            </label>
            <div class="stack" hidden=move || !is_text()>
                <LocalizedTextEditor id="lesson-body" label=k::COURSE_LESSON_BODY value=body multiline=true form=form field="body" />
                <p class="field__hint">{tr(k::FORM_MARKDOWN_HINT)}</p>
            </div>
            <div hidden=move || is_text() || is_quiz()>
                <TextField id="lesson-url" field="url" label=k::COURSE_LESSON_URL value=url form=form kind="url" required=false dir="ltr" hint=k::COURSE_LESSON_URL_HINT />
            </div>
            <TextField id="lesson-minutes" field="estimated_minutes" label=k::COURSE_MINUTES_FIELD value=minutes form=form kind="number" required=false />
            <SubmitButton label=k::COURSE_ADD_LESSON form=form class="btn btn--secondary" />
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn option_keys_exist_for_every_value() {
        for (value, key) in label_options("course.level", CourseLevel::ALL.iter().map(|l| l.as_str())) {
            assert_ne!(key, k::DIR_ANY, "course.level.{value}");
        }
        for (value, key) in label_options("lesson.kind", AUTHORED_KINDS.iter().map(|l| l.as_str())) {
            assert_ne!(key, k::DIR_ANY, "lesson.kind.{value}");
        }
    }
}
