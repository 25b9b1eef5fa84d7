//! The trainers' quiz builder: rules, questions (four kinds) with their answers, saved whole with
//! `PutQuiz`; field errors next to their question; a preview as learners see it.

use leptos::prelude::*;
use madani_shared::courses::*;
use madani_shared::endpoints::{GetQuiz, PutQuiz};
use madani_shared::ids::{CourseId, LessonId};
use madani_shared::text::{Language, LocalizedText};
use madani_shared::{ClientError, FieldError};

use super::super::language_key;
use super::super::quiz::QuestionField;
use super::quiz_draft::{ChoiceDraft, QuestionDraft, QuizDraft};
use crate::components::form::{ErrorSummary, FormState, Labelled, aria_busy};
use crate::components::label::label;
use crate::components::loaded::{Loaded, fetched};
use crate::components::localized::{get_language, set_language};
use crate::components::mutation::Mutation;
use crate::errors::field_text;
use crate::i18n::{format, k, key_index, text, tr, use_locale};
use crate::session::use_session;

/// A question's error: `quiz.error.<what>.<code>`, else the general field message.
fn question_error_text(lang: Language, what: &str, e: &FieldError) -> String {
    key_index(&format!("quiz.error.{what}.{}", e.code))
        .map(|key| text(lang, key).to_owned())
        .unwrap_or_else(|| field_text(lang, e))
}

const KINDS: [QuestionKind; 4] =
    [QuestionKind::Single, QuestionKind::Multiple, QuestionKind::TrueFalse, QuestionKind::Short];

#[component]
pub(crate) fn QuizEditor(
    course_id: CourseId,
    lesson_id: LessonId,
    title: LocalizedText,
    on_close: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let quiz = LocalResource::new(move || async move {
        match session.call::<GetQuiz>((course_id, lesson_id), &()).await {
            // No quiz yet: it starts from one question.
            Err(ClientError::Api(p)) if p.status == 404 => Ok(None),
            other => fetched(other.map(Some)),
        }
    });
    let heading = move || title.get(locale.get()).to_owned();
    view! {
        <section class="card stack quiz-editor" id="quiz-editor" aria-labelledby="quiz-editor-title">
            <div class="quiz-editor__head">
                <h3 class="card__subtitle" id="quiz-editor-title" tabindex="-1">
                    {tr(k::QUIZ_EDITOR_TITLE)} ": " <bdi dir="auto">{heading}</bdi>
                </h3>
                <button type="button" class="btn btn--ghost btn--small" id="quiz-editor-close" on:click=move |_| on_close.run(())>
                    {tr(k::QUIZ_EDITOR_CLOSE)}
                </button>
            </div>
            <Loaded resource=quiz let:quiz>
                <QuizForm course_id lesson_id quiz />
            </Loaded>
        </section>
    }
}

/// The rules and the questions of a quiz (`None`: a new one), a preview, and saving.
#[component]
fn QuizForm(course_id: CourseId, lesson_id: LessonId, quiz: Option<Quiz>) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let draft = QuizDraft::new();
    if let Some(quiz) = quiz {
        draft.load(&quiz);
    }
    let form = FormState::new();
    let writing = RwSignal::new(locale.get_untracked());
    let previewing = RwSignal::new(false);
    let save =
        Mutation::new(move |quiz: Quiz| async move { session.call::<PutQuiz>((course_id, lesson_id), &quiz).await })
            .form(form)
            .toast(k::QUIZ_EDITOR_SAVED)
            .then(move |saved| draft.load(&saved));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.submit(draft.quiz());
    };
    let number_field = move |id: &'static str,
                             key: usize,
                             value: RwSignal<String>,
                             hint: Option<usize>,
                             field: &'static str| {
        let hint_id = format!("{id}-hint");
        let error_id = format!("{id}-error");
        form.control(field, id, key);
        view! {
            <div class="field">
                <label class="field__label" for=id>{tr(key)}</label>
                <input
                    class="input"
                    type="number"
                    inputmode="numeric"
                    id=id
                    min="0"
                    aria-describedby={
                        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
                        move || {
                            let ids: Vec<&str> = [hint.map(|_| hint_id.as_str()), form.error_for(field).map(|_| error_id.as_str())].into_iter().flatten().collect();
                            (!ids.is_empty()).then(|| ids.join(" "))
                        }
                    }
                    aria-invalid=move || form.error_for(field).map(|_| "true")
                    prop:value=move || value.get()
                    on:input=move |ev| {
                        value.set(event_target_value(&ev));
                        form.changed(field);
                    }
                />
                {hint.map(|h| view! { <p class="field__hint" id=hint_id.clone()>{tr(h)}</p> })}
                {move || form.error_for(field).map(|e| view! { <p class="field__error" id=error_id.clone()>{field_text(locale.get(), &e)}</p> })}
            </div>
        }
    };
    view! {
        <form class="stack" id="quiz-editor-form" on:submit=submit novalidate=true>
            <ErrorSummary form=form />
            <div class="quiz-editor__settings">
                {number_field("quiz-pass", k::QUIZ_EDITOR_PASS_PERCENT, draft.pass_percent, None, "pass_percent")}
                {number_field("quiz-attempts", k::QUIZ_EDITOR_MAX_ATTEMPTS, draft.max_attempts, Some(k::QUIZ_EDITOR_NO_LIMIT_HINT), "max_attempts")}
                {number_field("quiz-time", k::QUIZ_EDITOR_TIME_LIMIT, draft.time_limit, Some(k::QUIZ_EDITOR_NO_LIMIT_HINT), "time_limit_minutes")}
            </div>
            <label class="checkbox">
                <input type="checkbox" id="quiz-shuffle" prop:checked=move || draft.shuffle.get() on:change=move |ev| draft.shuffle.set(event_target_checked(&ev)) />
                {tr(k::QUIZ_EDITOR_SHUFFLE)}
            </label>
            <label class="checkbox">
                <input type="checkbox" id="quiz-show-answers" prop:checked=move || draft.show_answers.get() on:change=move |ev| draft.show_answers.set(event_target_checked(&ev)) />
                {tr(k::QUIZ_EDITOR_SHOW_ANSWERS)}
            </label>
            <Labelled id="quiz-writing" label=k::QUIZ_EDITOR_LANGUAGE hint=k::QUIZ_EDITOR_LANGUAGE_HINT>
                <select class="select" id="quiz-writing" aria-describedby="quiz-writing-hint" on:change=move |ev| {
                    if let Some(l) = Language::parse(&event_target_value(&ev)) {
                        writing.set(l);
                    }
                }>
                    {Language::ALL
                        .into_iter()
                        .map(|l| view! { <option value=l.code() lang=l.code() selected=move || writing.get() == l>{text(l, language_key(l))}</option> })
                        .collect_view()}
                </select>
            </Labelled>
            <ol class="plain-list stack" id="quiz-questions">
                <For each=move || draft.questions.get() key=|q| q.key let:q>
                    <QuestionEditor q=q draft=draft form=form writing=writing />
                </For>
            </ol>
            {move || draft.questions.with(Vec::is_empty).then(|| view! { <p class="muted">{tr(k::QUIZ_EDITOR_NO_QUESTIONS)}</p> })}
            // The list's own error (no question at all) is told under it; the summary links to adding one.
            {form.control("questions", "add-question", k::QUIZ_EDITOR_ADD_QUESTION)}
            {move || form.error_exactly("questions").map(|e| view! { <p class="field__error" id="quiz-questions-error">{field_text(locale.get(), &e)}</p> })}
            <div class="cluster">
                <button type="button" class="btn btn--secondary" id="add-question" on:click=move |_| {
                    draft.questions.update(|qs| qs.push(QuestionDraft::new()));
                    form.fields.update(|list| list.retain(|e| e.field != "questions"));
                }>
                    {tr(k::QUIZ_EDITOR_ADD_QUESTION)}
                </button>
                <button
                    type="button"
                    class="btn btn--ghost"
                    id="quiz-preview-toggle"
                    aria-expanded=move || if previewing.get() { "true" } else { "false" }
                    aria-controls="quiz-preview"
                    on:click=move |_| previewing.update(|p| *p = !*p)
                >
                    {tr(k::QUIZ_EDITOR_PREVIEW)}
                </button>
                <button type="submit" class="btn btn--primary" id="save-quiz" aria-busy=aria_busy(form.pending)>
                    {tr(k::QUIZ_EDITOR_SAVE)}
                </button>
            </div>
        </form>
        <div id="quiz-preview" class="stack" hidden=move || !previewing.get()>
            <h4 class="card__subtitle">{tr(k::QUIZ_EDITOR_PREVIEW_TITLE)}</h4>
            {move || {
                previewing.get().then(|| {
                    let questions = draft.questions.get();
                    let total = questions.len();
                    questions
                        .iter()
                        .enumerate()
                        .map(|(i, q)| {
                            let answer = RwSignal::new(Default::default());
                            view! { <QuestionField q=q.preview() n=i + 1 total=total answer=answer /> }
                        })
                        .collect_view()
                })
            }}
        </div>
    }
}

#[component]
fn QuestionEditor(q: QuestionDraft, draft: QuizDraft, form: FormState, writing: RwSignal<Language>) -> impl IntoView {
    let locale = use_locale();
    let key = q.key;
    let index = move || draft.questions.with(|qs| qs.iter().position(|x| x.key == key)).unwrap_or(0);
    let b = move |what: &str| format!("quiz-q{key}-{what}");
    let errors = move || {
        let prefix = format!("questions[{}]", index());
        form.fields.with(|list| {
            list.iter()
                .filter(|e| e.field == prefix || e.field.starts_with(&format!("{prefix}.")))
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let error_id = b("error");
    let has_errors = move || !errors().is_empty();
    let kind = q.kind;
    let choosing = move || matches!(kind.get(), QuestionKind::Single | QuestionKind::Multiple);
    let choices = q.choices;
    let prompt = q.prompt;
    let answer = q.answer;
    let accepted = q.accepted;
    let points = q.points;
    // Named to the summary by its number, which changes when a question before it goes.
    let field = move || format!("questions[{}]", index());
    form.control_with(
        Signal::derive(field),
        Signal::derive(move || format!("quiz-q{key}-prompt")),
        Signal::derive(move || format(locale.get(), k::QUIZ_EDITOR_QUESTION_N, &[("n", &(index() + 1).to_string())])),
    );
    // Any change to the question clears its errors.
    Effect::watch(
        move || {
            prompt.track();
            kind.track();
            points.track();
            answer.track();
            accepted.track();
            choices.with(|cs| {
                for c in cs {
                    c.text.track();
                    c.correct.track();
                }
            });
        },
        move |_, _, _| form.changed(&untrack(field)),
        false,
    );
    view! {
        <li class="quiz-editor__question" id=format!("quiz-q{key}") aria-describedby=move || has_errors().then(|| error_id.clone())>
            <div class="quiz-editor__head">
                <h4 class="card__subtitle">{move || format(locale.get(), k::QUIZ_EDITOR_QUESTION_N, &[("n", &(index() + 1).to_string())])}</h4>
                <button
                    type="button"
                    class="btn btn--ghost btn--small"
                    on:click=move |_| {
                        draft.questions.update(|qs| qs.retain(|x| x.key != key));
                        // The questions after it are numbered anew: their errors no longer say where.
                        form.changed("questions");
                    }
                >
                    {tr(k::QUIZ_EDITOR_REMOVE_QUESTION)}
                    <span class="sr-only">" " {move || (index() + 1).to_string()}</span>
                </button>
            </div>
            <Labelled id=b("kind") label=k::QUIZ_EDITOR_KIND>
                <select class="select" id=b("kind") on:change=move |ev| {
                    if let Some(k) = QuestionKind::parse(&event_target_value(&ev)) {
                        kind.set(k);
                    }
                }>
                    {KINDS
                        .into_iter()
                        .map(|k| view! { <option value=k.as_str() selected=move || kind.get() == k>{move || label(locale.get(), "question.kind", k.as_str())}</option> })
                        .collect_view()}
                </select>
            </Labelled>
            <div class="field">
                <label class="field__label" for=b("prompt")>
                    {tr(k::QUIZ_EDITOR_PROMPT)} " (" {move || text(locale.get(), language_key(writing.get()))} ")"
                </label>
                <textarea
                    class="textarea"
                    id=b("prompt")
                    lang=move || writing.get().code()
                    dir=move || if writing.get() == Language::Ar { "rtl" } else { "ltr" }
                    prop:value=move || prompt.with(|p| get_language(p, writing.get()))
                    on:input=move |ev| prompt.update(|p| set_language(p, writing.get_untracked(), event_target_value(&ev)))
                ></textarea>
            </div>
            <Labelled id=b("points") label=k::QUIZ_EDITOR_POINTS>
                <input class="input input--short" type="number" inputmode="numeric" min="1" max="100" id=b("points")
                    prop:value=move || points.get() on:input=move |ev| points.set(event_target_value(&ev)) />
            </Labelled>
            <Show when=choosing>
                <fieldset class="field stack stack--tight">
                    <legend class="field__label">{tr(k::QUIZ_EDITOR_CHOICES)}</legend>
                    <For each=move || choices.get() key=|c| c.key let:c>
                        {
                            let ckey = c.key;
                            let n = move || choices.with(|cs| cs.iter().position(|x| x.key == ckey).map(|i| i + 1).unwrap_or(0));
                            let text_id = format!("quiz-c{ckey}-text");
                            let correct_id = format!("quiz-c{ckey}-correct");
                            let ctext = c.text;
                            let correct = c.correct;
                            view! {
                                <div class="quiz-editor__choice">
                                    <label class="sr-only" for=text_id.clone()>{move || format(locale.get(), k::QUIZ_EDITOR_CHOICE_N, &[("n", &n().to_string())])}</label>
                                    <input
                                        class="input"
                                        id=text_id.clone()
                                        lang=move || writing.get().code()
                                        dir=move || if writing.get() == Language::Ar { "rtl" } else { "ltr" }
                                        placeholder=move || format(locale.get(), k::QUIZ_EDITOR_CHOICE_N, &[("n", &n().to_string())])
                                        prop:value=move || ctext.with(|t| get_language(t, writing.get()))
                                        on:input=move |ev| ctext.update(|t| set_language(t, writing.get_untracked(), event_target_value(&ev)))
                                    />
                                    <label class="checkbox">
                                        <input type="checkbox" id=correct_id prop:checked=move || correct.get() on:change=move |ev| correct.set(event_target_checked(&ev)) />
                                        {tr(k::QUIZ_EDITOR_CORRECT)}
                                        <span class="sr-only">" " {move || n().to_string()}</span>
                                    </label>
                                    <button type="button" class="btn btn--ghost btn--small" on:click=move |_| choices.update(|cs| cs.retain(|x| x.key != ckey))>
                                        {tr(k::QUIZ_EDITOR_REMOVE_CHOICE)}
                                        <span class="sr-only">" " {move || n().to_string()}</span>
                                    </button>
                                </div>
                            }
                        }
                    </For>
                    <div>
                        <button type="button" class="btn btn--secondary btn--small" on:click=move |_| choices.update(|cs| cs.push(ChoiceDraft::new()))>
                            {tr(k::QUIZ_EDITOR_ADD_CHOICE)}
                        </button>
                    </div>
                </fieldset>
            </Show>
            <Show when=move || kind.get() == QuestionKind::TrueFalse>
                <Labelled id=b("answer") label=k::QUIZ_EDITOR_ANSWER>
                    <select class="select" id=b("answer") on:change=move |ev| {
                        answer.set(match event_target_value(&ev).as_str() {
                            "true" => Some(true),
                            "false" => Some(false),
                            _ => None,
                        })
                    }>
                        <option value="" selected=move || answer.get().is_none()>"—"</option>
                        <option value="true" selected=move || answer.get() == Some(true)>{tr(k::QUIZ_TRUE)}</option>
                        <option value="false" selected=move || answer.get() == Some(false)>{tr(k::QUIZ_FALSE)}</option>
                    </select>
                </Labelled>
            </Show>
            <Show when=move || kind.get() == QuestionKind::Short>
                <Labelled id=b("accepted") label=k::QUIZ_EDITOR_ACCEPTED hint=k::QUIZ_EDITOR_ACCEPTED_HINT>
                    <textarea
                        class="textarea"
                        id=b("accepted")
                        dir="auto"
                        aria-describedby=b("accepted-hint")
                        prop:value=move || accepted.get()
                        on:input=move |ev| accepted.set(event_target_value(&ev))
                    ></textarea>
                </Labelled>
            </Show>
            <div id=b("error")>
                {move || {
                    let prefix = format!("questions[{}].", index());
                    errors()
                        .into_iter()
                        .map(|e| {
                            let what = e.field.strip_prefix(&prefix).unwrap_or("").split('[').next().unwrap_or("").to_owned();
                            view! { <p class="field__error">{question_error_text(locale.get(), &what, &e)}</p> }
                        })
                        .collect_view()
                }}
            </div>
        </li>
    }
}
