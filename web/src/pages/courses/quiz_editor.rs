//! The trainers' quiz builder: rules, questions (four kinds) with their answers, saved whole with
//! `PutQuiz`; field errors next to their question; a preview as learners see it.

use std::sync::atomic::{AtomicU64, Ordering};

use leptos::prelude::*;
use leptos::task::spawn_local;
use madani_shared::courses::*;
use madani_shared::endpoints::{GetQuiz, PutQuiz};
use madani_shared::text::{Language, LocalizedText};
use madani_shared::{ClientError, FieldError};

use super::language_key;
use super::quiz::QuestionField;
use crate::components::form::{FormAlert, FormState};
use crate::components::localized::{get_language, set_language};
use crate::components::states::Skeleton;
use crate::components::toast::use_toasts;
use crate::errors::field_text;
use crate::i18n::{format, k, key_index, text, tr, use_locale};
use crate::pages::associations::label;
use crate::session::use_session;

static NEXT_KEY: AtomicU64 = AtomicU64::new(1);

fn next_key() -> u64 {
    NEXT_KEY.fetch_add(1, Ordering::Relaxed)
}

#[derive(Clone)]
struct ChoiceDraft {
    key: u64,
    id: Option<String>,
    text: RwSignal<LocalizedText>,
    correct: RwSignal<bool>,
}

impl ChoiceDraft {
    fn new() -> Self {
        ChoiceDraft {
            key: next_key(),
            id: None,
            text: RwSignal::new(LocalizedText::default()),
            correct: RwSignal::new(false),
        }
    }
}

#[derive(Clone)]
struct QuestionDraft {
    key: u64,
    id: Option<String>,
    kind: RwSignal<QuestionKind>,
    prompt: RwSignal<LocalizedText>,
    points: RwSignal<String>,
    choices: RwSignal<Vec<ChoiceDraft>>,
    answer: RwSignal<Option<bool>>,
    accepted: RwSignal<String>,
}

impl QuestionDraft {
    fn new() -> Self {
        QuestionDraft {
            key: next_key(),
            id: None,
            kind: RwSignal::new(QuestionKind::Single),
            prompt: RwSignal::new(LocalizedText::default()),
            points: RwSignal::new("1".into()),
            choices: RwSignal::new(vec![ChoiceDraft::new(), ChoiceDraft::new()]),
            answer: RwSignal::new(None),
            accepted: RwSignal::new(String::new()),
        }
    }

    fn of(q: &QuizQuestion) -> Self {
        QuestionDraft {
            key: next_key(),
            id: q.id.clone(),
            kind: RwSignal::new(q.kind),
            prompt: RwSignal::new(q.prompt.clone()),
            points: RwSignal::new(q.points.to_string()),
            choices: RwSignal::new(
                q.choices
                    .iter()
                    .map(|c| ChoiceDraft {
                        key: next_key(),
                        id: c.id.clone(),
                        text: RwSignal::new(c.text.clone()),
                        correct: RwSignal::new(c.correct),
                    })
                    .collect(),
            ),
            answer: RwSignal::new(q.answer),
            accepted: RwSignal::new(q.accepted.join("\n")),
        }
    }

    fn question(&self) -> QuizQuestion {
        let kind = self.kind.get_untracked();
        let choosing = matches!(kind, QuestionKind::Single | QuestionKind::Multiple);
        QuizQuestion {
            id: self.id.clone(),
            kind,
            prompt: self.prompt.get_untracked(),
            points: self.points.get_untracked().trim().parse().unwrap_or(0),
            choices: if choosing {
                self.choices
                    .get_untracked()
                    .iter()
                    .map(|c| QuizChoice {
                        id: c.id.clone(),
                        text: c.text.get_untracked(),
                        correct: c.correct.get_untracked(),
                    })
                    .collect()
            } else {
                Vec::new()
            },
            answer: (kind == QuestionKind::TrueFalse).then(|| self.answer.get_untracked()).flatten(),
            accepted: if kind == QuestionKind::Short {
                self.accepted.get_untracked().lines().map(|l| l.trim().to_owned()).filter(|l| !l.is_empty()).collect()
            } else {
                Vec::new()
            },
        }
    }

    /// As a learner sees it, for the preview.
    fn preview(&self) -> AttemptQuestion {
        let q = self.question();
        AttemptQuestion {
            id: format!("preview-{}", self.key),
            kind: q.kind,
            prompt: q.prompt,
            points: q.points,
            choices: self
                .choices
                .get_untracked()
                .iter()
                .map(|c| AttemptChoice { id: c.key.to_string(), text: c.text.get_untracked() })
                .collect(),
        }
    }
}

/// The rules and questions as edited.
#[derive(Clone, Copy)]
struct QuizDraft {
    pass_percent: RwSignal<String>,
    max_attempts: RwSignal<String>,
    time_limit: RwSignal<String>,
    shuffle: RwSignal<bool>,
    show_answers: RwSignal<bool>,
    questions: RwSignal<Vec<QuestionDraft>>,
}

impl QuizDraft {
    fn new() -> Self {
        QuizDraft {
            pass_percent: RwSignal::new("70".into()),
            max_attempts: RwSignal::new(String::new()),
            time_limit: RwSignal::new(String::new()),
            shuffle: RwSignal::new(false),
            show_answers: RwSignal::new(true),
            questions: RwSignal::new(vec![QuestionDraft::new()]),
        }
    }

    fn load(&self, quiz: &Quiz) {
        self.pass_percent.set(quiz.pass_percent.to_string());
        self.max_attempts.set(quiz.max_attempts.map(|m| m.to_string()).unwrap_or_default());
        self.time_limit.set(quiz.time_limit_minutes.map(|m| m.to_string()).unwrap_or_default());
        self.shuffle.set(quiz.shuffle);
        self.show_answers.set(quiz.show_answers);
        self.questions.set(quiz.questions.iter().map(QuestionDraft::of).collect());
    }

    fn quiz(&self) -> Quiz {
        let number = |s: RwSignal<String>| s.get_untracked().trim().parse::<u32>().ok();
        Quiz {
            pass_percent: number(self.pass_percent).unwrap_or(101),
            max_attempts: number(self.max_attempts),
            time_limit_minutes: number(self.time_limit),
            shuffle: self.shuffle.get_untracked(),
            show_answers: self.show_answers.get_untracked(),
            questions: self.questions.get_untracked().iter().map(QuestionDraft::question).collect(),
        }
    }
}

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
    course_id: String,
    lesson_id: String,
    title: LocalizedText,
    on_close: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let toasts = use_toasts();
    let draft = QuizDraft::new();
    let form = FormState::new();
    let loaded = RwSignal::new(false);
    let writing = RwSignal::new(locale.get_untracked());
    let previewing = RwSignal::new(false);
    {
        let (course, lesson) = (course_id.clone(), lesson_id.clone());
        spawn_local(async move {
            match session.call::<GetQuiz>(&[&course, &lesson], &()).await {
                Ok(q) => draft.load(&q),
                // No quiz yet: start from one question.
                Err(ClientError::Api(p)) if p.status == 404 => {}
                Err(e) => form.fail(e),
            }
            loaded.try_set(true);
        });
    }
    let save = {
        let (course, lesson) = (course_id.clone(), lesson_id.clone());
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let quiz = draft.quiz();
            if !form.validate(&quiz) {
                return;
            }
            form.pending.set(true);
            let (course, lesson) = (course.clone(), lesson.clone());
            spawn_local(async move {
                let result = session.call::<PutQuiz>(&[&course, &lesson], &quiz).await;
                form.pending.try_set(false);
                match result {
                    Ok(saved) => {
                        draft.load(&saved);
                        toasts.success(text(locale.get_untracked(), k::QUIZ_EDITOR_SAVED));
                    }
                    Err(e) => form.fail(e),
                }
            });
        }
    };
    let heading = move || title.get(locale.get()).to_owned();
    let number_field = move |id: &'static str,
                             key: usize,
                             value: RwSignal<String>,
                             hint: Option<usize>,
                             field: &'static str| {
        let hint_id = format!("{id}-hint");
        let error_id = format!("{id}-error");
        view! {
            <div class="field">
                <label class="field__label" for=id>{tr(key)}</label>
                <input
                    class="input"
                    type="number"
                    inputmode="numeric"
                    id=id
                    min="0"
                    aria-describedby=hint.map(|_| hint_id.clone())
                    aria-invalid=move || form.error_for(field).map(|_| "true")
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))
                />
                {hint.map(|h| view! { <p class="field__hint" id=hint_id.clone()>{tr(h)}</p> })}
                {move || form.error_for(field).map(|e| view! { <p class="field__error" id=error_id.clone()>{field_text(locale.get(), &e)}</p> })}
            </div>
        }
    };
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
            <Show when=move || loaded.get() fallback=|| view! { <Skeleton /> }>
                <form class="stack" id="quiz-editor-form" on:submit=save.clone() novalidate=true>
                    <FormAlert form=form />
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
                    <div class="field">
                        <label class="field__label" for="quiz-writing">{tr(k::QUIZ_EDITOR_LANGUAGE)}</label>
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
                        <p class="field__hint" id="quiz-writing-hint">{tr(k::QUIZ_EDITOR_LANGUAGE_HINT)}</p>
                    </div>
                    <ol class="plain-list stack" id="quiz-questions">
                        <For each=move || draft.questions.get() key=|q| q.key let:q>
                            <QuestionEditor q=q draft=draft form=form writing=writing />
                        </For>
                    </ol>
                    {move || draft.questions.with(Vec::is_empty).then(|| view! { <p class="muted">{tr(k::QUIZ_EDITOR_NO_QUESTIONS)}</p> })}
                    {move || form.error_for("questions").map(|e| view! { <p class="field__error" id="quiz-questions-error">{field_text(locale.get(), &e)}</p> })}
                    <div class="cluster">
                        <button type="button" class="btn btn--secondary" id="add-question" on:click=move |_| draft.questions.update(|qs| qs.push(QuestionDraft::new()))>
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
                        <button type="submit" class="btn btn--primary" id="save-quiz" aria-busy=move || if form.pending.get() { "true" } else { "false" }>
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
            </Show>
        </section>
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
    view! {
        <li class="quiz-editor__question" id=format!("quiz-q{key}") aria-describedby=move || has_errors().then(|| error_id.clone())>
            <div class="quiz-editor__head">
                <h4 class="card__subtitle">{move || format(locale.get(), k::QUIZ_EDITOR_QUESTION_N, &[("n", &(index() + 1).to_string())])}</h4>
                <button
                    type="button"
                    class="btn btn--ghost btn--small"
                    on:click=move |_| draft.questions.update(|qs| qs.retain(|x| x.key != key))
                >
                    {tr(k::QUIZ_EDITOR_REMOVE_QUESTION)}
                    <span class="sr-only">" " {move || (index() + 1).to_string()}</span>
                </button>
            </div>
            <div class="field">
                <label class="field__label" for=b("kind")>{tr(k::QUIZ_EDITOR_KIND)}</label>
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
            </div>
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
            <div class="field">
                <label class="field__label" for=b("points")>{tr(k::QUIZ_EDITOR_POINTS)}</label>
                <input class="input input--short" type="number" inputmode="numeric" min="1" max="100" id=b("points")
                    prop:value=move || points.get() on:input=move |ev| points.set(event_target_value(&ev)) />
            </div>
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
                <div class="field">
                    <label class="field__label" for=b("answer")>{tr(k::QUIZ_EDITOR_ANSWER)}</label>
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
                </div>
            </Show>
            <Show when=move || kind.get() == QuestionKind::Short>
                <div class="field">
                    <label class="field__label" for=b("accepted")>{tr(k::QUIZ_EDITOR_ACCEPTED)}</label>
                    <textarea
                        class="textarea"
                        id=b("accepted")
                        dir="auto"
                        aria-describedby=b("accepted-hint")
                        prop:value=move || accepted.get()
                        on:input=move |ev| accepted.set(event_target_value(&ev))
                    ></textarea>
                    <p class="field__hint" id=b("accepted-hint")>{tr(k::QUIZ_EDITOR_ACCEPTED_HINT)}</p>
                </div>
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
