//! Quizzes in the learning view: the rules and the learner's attempts so far, then an attempt
//! (questions as a form, a countdown when timed), then the graded result.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use madani_shared::courses::*;
use madani_shared::endpoints::{GetLesson, ListAttempts, StartAttempt, SubmitAttemptEndpoint};
use madani_shared::text::Language;

use super::{ProgressBar, duration_text};
use crate::components::icon::{Icon, icon};
use crate::components::toast::use_toasts;
use crate::errors::problem_text;
use crate::i18n::{format, k, plural, text, tr, use_locale};
use crate::session::use_session;

/// Where the learner is with the quiz.
#[derive(Clone)]
enum Phase {
    Intro,
    Taking(AttemptStarted),
    Graded(AttemptResult, Vec<AttemptQuestion>),
}

fn focus(id: &str) {
    if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id))
        && let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el)
    {
        let _ = el.focus();
    }
}

fn percent_text(lang: Language, percent: i64) -> String {
    format(lang, k::QUIZ_PERCENT, &[("percent", &percent.to_string())])
}

/// "4:05" (minutes and seconds).
fn clock(seconds: i64) -> String {
    let s = seconds.max(0);
    format!("{}:{:02}", s / 60, s % 60)
}

fn now_millis() -> i64 {
    js_sys::Date::now() as i64
}

/// The quiz of a lesson: facts, start/resume, the attempt, the result. `changed` runs after an
/// attempt is graded (the course outline and progress may have moved).
#[component]
pub(crate) fn QuizPanel(
    lesson: Lesson,
    info: QuizInfo,
    progress: RwSignal<Option<Progress>>,
    changed: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let toasts = use_toasts();
    let course_id = lesson.course_id.clone();
    let lesson_id = lesson.id.clone();
    let enrolled = lesson.completed.is_some();
    let info = RwSignal::new(info);
    let lesson_done = RwSignal::new(lesson.completed == Some(true));
    let phase = RwSignal::new(Phase::Intro);
    let busy = RwSignal::new(false);
    // An attempt started and not handed in: "Resume".
    let open_attempt = RwSignal::new(false);
    {
        let (course, lesson) = (course_id.clone(), lesson_id.clone());
        if enrolled {
            spawn_local(async move {
                if let Ok(list) = session.call::<ListAttempts>(&[&course, &lesson], &()).await {
                    open_attempt.try_set(list.iter().any(|a| a.submitted_at.is_none()));
                }
            });
        }
    }
    let attempts_left =
        move || info.with(|i| i.max_attempts.is_none_or(|max| i.attempts_used < max)) || open_attempt.get();
    let start = {
        let (course, lesson) = (course_id.clone(), lesson_id.clone());
        move || {
            let (course, lesson) = (course.clone(), lesson.clone());
            busy.set(true);
            spawn_local(async move {
                let result = session.call::<StartAttempt>(&[&course, &lesson], &()).await;
                busy.try_set(false);
                match result {
                    Ok(attempt) => {
                        open_attempt.try_set(true);
                        phase.try_set(Phase::Taking(attempt));
                        focus("quiz-form-title");
                    }
                    Err(e) => toasts.error(problem_text(locale.get_untracked(), &e)),
                }
            });
        }
    };
    let graded = {
        let (course, lesson) = (course_id.clone(), lesson_id.clone());
        Callback::new(move |(result, questions): (AttemptResult, Vec<AttemptQuestion>)| {
            open_attempt.set(false);
            let passed = result.passed;
            phase.set(Phase::Graded(result, questions));
            focus("quiz-result-title");
            toasts.success(text(locale.get_untracked(), if passed { k::QUIZ_PASSED_TOAST } else { k::QUIZ_HANDED_IN }));
            let (course, lesson) = (course.clone(), lesson.clone());
            spawn_local(async move {
                if let Ok(l) = session.call::<GetLesson>(&[&course, &lesson], &()).await {
                    if let Some(q) = l.quiz {
                        info.try_set(q);
                    }
                    lesson_done.try_set(l.completed == Some(true));
                }
                changed.run(());
            });
        })
    };
    let submit_to = (course_id.clone(), lesson_id.clone());
    view! {
        <section class="card stack quiz" id="quiz" aria-labelledby="quiz-title">
            <h2 class="card__title" id="quiz-title">{icon(Icon::Question)} {tr(k::QUIZ_ABOUT)}</h2>
            {move || match phase.get() {
                Phase::Intro => {
                    let start = start.clone();
                    view! {
                        <QuizFacts info=info />
                        <p class="field__hint">{tr(k::QUIZ_COMPLETES)}</p>
                        {if !enrolled {
                            view! { <p class="alert alert--info" id="quiz-not-enrolled">{tr(k::QUIZ_NOT_ENROLLED)}</p> }.into_any()
                        } else if attempts_left() {
                            view! {
                                <div>
                                    <button
                                        type="button"
                                        class="btn btn--primary"
                                        id="start-quiz"
                                        disabled=move || busy.get()
                                        aria-busy=move || if busy.get() { "true" } else { "false" }
                                        on:click=move |_| start()
                                    >
                                        {move || {
                                            let key = if open_attempt.get() {
                                                k::QUIZ_RESUME
                                            } else if info.with(|i| i.attempts_used > 0) {
                                                k::QUIZ_TRY_AGAIN
                                            } else {
                                                k::QUIZ_START
                                            };
                                            text(locale.get(), key)
                                        }}
                                    </button>
                                </div>
                            }
                                .into_any()
                        } else {
                            view! { <p class="alert alert--warning" id="quiz-no-attempts">{tr(k::QUIZ_NO_ATTEMPTS_LEFT)}</p> }.into_any()
                        }}
                    }
                        .into_any()
                }
                Phase::Taking(attempt) => {
                    let (course, lesson) = submit_to.clone();
                    view! { <AttemptForm attempt=attempt course_id=course lesson_id=lesson graded=graded /> }.into_any()
                }
                Phase::Graded(result, questions) => {
                    let start = start.clone();
                    let can_retry = !result.passed && attempts_left();
                    view! {
                        <AttemptResultView result=result questions=questions />
                        <QuizFacts info=info />
                        <div class="cluster">
                            {can_retry.then(|| view! {
                                <button
                                    type="button"
                                    class="btn btn--primary"
                                    id="retry-quiz"
                                    disabled=move || busy.get()
                                    aria-busy=move || if busy.get() { "true" } else { "false" }
                                    on:click=move |_| start()
                                >
                                    {tr(k::QUIZ_TRY_AGAIN)}
                                </button>
                            })}
                        </div>
                    }
                        .into_any()
                }
            }}
            <Show when=move || lesson_done.get()>
                <p class="lesson-done" id="lesson-done">{icon(Icon::Check)} {tr(k::LESSON_COMPLETED)}</p>
            </Show>
            {move || (enrolled).then(|| progress.get().map(|p| view! { <ProgressBar id="lesson-progress".to_owned() progress=p /> })).flatten()}
        </section>
    }
}

#[component]
fn QuizFacts(info: RwSignal<QuizInfo>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <dl class="kv kv--inline quiz-facts" id="quiz-facts">
            {move || {
                let i = info.get();
                let lang = locale.get();
                let attempts = match i.max_attempts {
                    Some(max) => format(lang, k::QUIZ_ATTEMPTS_OF, &[("used", &i.attempts_used.to_string()), ("max", &max.to_string())]),
                    None => format(lang, k::QUIZ_ATTEMPTS_UNLIMITED, &[("used", &i.attempts_used.to_string())]),
                };
                let limit = i.time_limit_minutes.map(|m| duration_text(lang, m)).unwrap_or_else(|| text(lang, k::QUIZ_NO_TIME_LIMIT).to_owned());
                view! {
                    <div><dt>{text(lang, k::QUIZ_PASS_MARK)}</dt><dd><bdi>{percent_text(lang, i.pass_percent.into())}</bdi></dd></div>
                    <div><dt>{text(lang, k::QUIZ_QUESTIONS)}</dt><dd>{i.question_count}</dd></div>
                    <div><dt>{text(lang, k::QUIZ_ATTEMPTS)}</dt><dd id="quiz-attempts"><bdi>{attempts}</bdi></dd></div>
                    <div><dt>{text(lang, k::QUIZ_TIME_LIMIT)}</dt><dd><bdi>{limit}</bdi></dd></div>
                    {i.best_percent.map(|b| view! { <div><dt>{text(lang, k::QUIZ_BEST)}</dt><dd><bdi>{percent_text(lang, b.into())}</bdi></dd></div> })}
                    <div>
                        <dt>{text(lang, k::CERTIFICATE_STATUS)}</dt>
                        <dd id="quiz-status">
                            {if i.passed {
                                view! { <span class="badge badge--success">{icon(Icon::Check)} {text(lang, k::QUIZ_PASSED)}</span> }.into_any()
                            } else {
                                view! { <span class="badge">{text(lang, k::QUIZ_NOT_YET)}</span> }.into_any()
                            }}
                        </dd>
                    </div>
                }
            }}
        </dl>
    }
}

/// One answer as the form holds it.
#[derive(Clone, Default)]
pub(crate) struct Answer {
    choices: Vec<String>,
    value: Option<bool>,
    text: String,
}

#[component]
fn AttemptForm(
    attempt: AttemptStarted,
    course_id: String,
    lesson_id: String,
    graded: Callback<(AttemptResult, Vec<AttemptQuestion>)>,
) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let toasts = use_toasts();
    let questions = attempt.questions.clone();
    let total = questions.len();
    let answers: Vec<RwSignal<Answer>> = questions.iter().map(|_| RwSignal::new(Answer::default())).collect();
    let busy = RwSignal::new(false);
    let handed_in = RwSignal::new(false);
    let submit = {
        let answers = answers.clone();
        let questions = questions.clone();
        let attempt_id = attempt.id.clone();
        move || {
            if handed_in.get_untracked() {
                return;
            }
            handed_in.set(true);
            busy.set(true);
            let request = SubmitAttempt {
                answers: questions
                    .iter()
                    .zip(&answers)
                    .map(|(q, a)| {
                        let a = a.get_untracked();
                        GivenAnswer {
                            question_id: q.id.clone(),
                            choice_ids: a.choices,
                            value: a.value,
                            text: (q.kind == QuestionKind::Short)
                                .then(|| a.text.trim().to_owned())
                                .filter(|t| !t.is_empty()),
                        }
                    })
                    .collect(),
            };
            let (course, lesson, attempt) = (course_id.clone(), lesson_id.clone(), attempt_id.clone());
            let questions = questions.clone();
            spawn_local(async move {
                let result = session.call::<SubmitAttemptEndpoint>(&[&course, &lesson, &attempt], &request).await;
                busy.try_set(false);
                match result {
                    Ok(r) => graded.run((r, questions)),
                    Err(e) => {
                        handed_in.try_set(false);
                        toasts.error(problem_text(locale.get_untracked(), &e));
                    }
                }
            });
        }
    };

    // The countdown: shown every second, announced only at five minutes, one minute and the end.
    let remaining: RwSignal<Option<i64>> =
        RwSignal::new(attempt.deadline.map(|d| (d.timestamp_millis() - now_millis()) / 1000));
    let announcement = RwSignal::new(None::<usize>);
    if let Some(deadline) = attempt.deadline {
        let submit = submit.clone();
        let announced = StoredValue::new((false, false));
        let tick = move || {
            let left = (deadline.timestamp_millis() - now_millis()).div_euclid(1000);
            remaining.try_set(Some(left));
            let (five, one) = announced.get_value();
            if left <= 0 {
                if !handed_in.get_untracked() {
                    announcement.try_set(Some(k::QUIZ_TIME_UP));
                    submit();
                }
            } else if left <= 60 && !one {
                announced.set_value((true, true));
                announcement.try_set(Some(k::QUIZ_TIME_ONE));
            } else if left <= 300 && left > 60 && !five {
                announced.set_value((true, one));
                announcement.try_set(Some(k::QUIZ_TIME_FIVE));
            }
        };
        if let Ok(handle) = set_interval_with_handle(tick, Duration::from_secs(1)) {
            on_cleanup(move || handle.clear());
        }
    }
    let on_submit = {
        let submit = submit.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            submit();
        }
    };
    let low = move || remaining.get().is_some_and(|s| s <= 60);
    view! {
        <form class="stack quiz-form" id="quiz-form" on:submit=on_submit aria-labelledby="quiz-form-title" novalidate=true>
            <h3 class="card__subtitle" id="quiz-form-title" tabindex="-1">{tr(k::QUIZ_FORM)}</h3>
            {move || remaining.get().map(|s| view! {
                <p class="quiz-timer" class:quiz-timer--low=low id="quiz-timer">
                    {icon(Icon::Calendar)}
                    <span>{format(locale.get(), k::QUIZ_TIME_LEFT, &[("time", &clock(s))])}</span>
                </p>
            })}
            <p class="sr-only" aria-live="assertive" id="quiz-timer-alert">{move || announcement.get().map(|key| text(locale.get(), key))}</p>
            {questions
                .into_iter()
                .zip(answers)
                .enumerate()
                .map(|(i, (q, answer))| view! { <QuestionField q=q n=i + 1 total=total answer=answer /> })
                .collect_view()}
            <div class="form-actions">
                <button
                    type="submit"
                    class="btn btn--primary"
                    id="hand-in"
                    disabled=move || busy.get()
                    aria-busy=move || if busy.get() { "true" } else { "false" }
                >
                    {tr(k::QUIZ_HAND_IN)}
                </button>
            </div>
        </form>
    }
}

#[component]
pub(crate) fn QuestionField(q: AttemptQuestion, n: usize, total: usize, answer: RwSignal<Answer>) -> impl IntoView {
    let locale = use_locale();
    let prompt = q.prompt.clone();
    let points = q.points;
    let name = format!("q-{}", q.id);
    let hint_id = format!("q-{}-hint", q.id);
    let kind = q.kind;
    let input = match kind {
        QuestionKind::Single | QuestionKind::Multiple => {
            let multiple = kind == QuestionKind::Multiple;
            view! {
                <p class="field__hint" id=hint_id.clone()>{tr(if multiple { k::QUIZ_PICK_MANY } else { k::QUIZ_PICK_ONE })}</p>
                <div class="quiz-choices">
                    {q.choices
                        .into_iter()
                        .map(|c| {
                            let id = format!("{name}-{}", c.id);
                            let cid = c.id.clone();
                            let cid2 = c.id.clone();
                            let label = c.text.clone();
                            let for_id = id.clone();
                            view! {
                                <label class="quiz-choice" for=for_id>
                                    <input
                                        type=if multiple { "checkbox" } else { "radio" }
                                        id=id
                                        name=name.clone()
                                        value=c.id.clone()
                                        prop:checked=move || answer.with(|a| a.choices.contains(&cid))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            let cid = cid2.clone();
                                            answer.update(|a| {
                                                if !multiple {
                                                    a.choices.clear();
                                                }
                                                a.choices.retain(|x| *x != cid);
                                                if on {
                                                    a.choices.push(cid);
                                                }
                                            });
                                        }
                                    />
                                    <span dir="auto">{move || label.get(locale.get()).to_owned()}</span>
                                </label>
                            }
                        })
                        .collect_view()}
                </div>
            }
            .into_any()
        }
        QuestionKind::TrueFalse => view! {
            <div class="quiz-choices quiz-choices--row">
                {[(true, k::QUIZ_TRUE), (false, k::QUIZ_FALSE)]
                    .into_iter()
                    .map(|(value, key)| {
                        let id = format!("{name}-{value}");
                        let for_id = id.clone();
                        view! {
                            <label class="quiz-choice" for=for_id>
                                <input
                                    type="radio"
                                    id=id
                                    name=name.clone()
                                    value=value.to_string()
                                    prop:checked=move || answer.with(|a| a.value == Some(value))
                                    on:change=move |_| answer.update(|a| a.value = Some(value))
                                />
                                <span>{tr(key)}</span>
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
        }
        .into_any(),
        _ => {
            let id = format!("{name}-text");
            view! {
                <div class="field">
                    <label class="field__label" for=id.clone()>{tr(k::QUIZ_YOUR_ANSWER)}</label>
                    <input
                        class="input"
                        type="text"
                        id=id
                        dir="auto"
                        autocomplete="off"
                        maxlength="500"
                        prop:value=move || answer.with(|a| a.text.clone())
                        on:input=move |ev| answer.update(|a| a.text = event_target_value(&ev))
                    />
                </div>
            }
            .into_any()
        }
    };
    view! {
        <fieldset class="quiz-question" id=format!("question-{}", q.id) data-kind=kind.as_str()>
            <legend class="quiz-question__legend">
                <span class="quiz-question__n">
                    {move || format(locale.get(), k::QUIZ_QUESTION_N, &[("n", &n.to_string()), ("total", &total.to_string())])}
                    " · "
                    <bdi>{move || plural(locale.get(), "quiz.points", points.into())}</bdi>
                </span>
                <span class="quiz-question__prompt" dir="auto">{move || prompt.get(locale.get()).to_owned()}</span>
            </legend>
            {input}
        </fieldset>
    }
}

#[component]
fn AttemptResultView(result: AttemptResult, questions: Vec<AttemptQuestion>) -> impl IntoView {
    let locale = use_locale();
    let r = result;
    let passed = r.passed;
    let score = move || {
        format(
            locale.get(),
            k::QUIZ_SCORE,
            &[("score", &r.score.to_string()), ("max", &r.max_score.to_string()), ("percent", &r.percent.to_string())],
        )
    };
    let total = questions.len();
    view! {
        <div class="stack quiz-result" id="quiz-result" data-passed=passed.to_string()>
            <h3 class="card__subtitle" id="quiz-result-title" tabindex="-1">{tr(k::QUIZ_RESULT)}</h3>
            <p class="quiz-result__summary">
                {if passed {
                    view! { <span class="badge badge--success" id="quiz-outcome">{icon(Icon::Check)} {tr(k::QUIZ_PASSED)}</span> }.into_any()
                } else {
                    view! { <span class="badge badge--danger" id="quiz-outcome">{icon(Icon::Close)} {tr(k::QUIZ_FAILED)}</span> }.into_any()
                }}
                " "
                <bdi id="quiz-score">{score}</bdi>
            </p>
            {r.late.then(|| view! { <p class="alert alert--warning">{tr(k::QUIZ_LATE)}</p> })}
            <ol class="quiz-review">
                {questions
                    .into_iter()
                    .enumerate()
                    .map(|(i, q)| {
                        let graded = r.questions.iter().find(|g| g.question_id == q.id).cloned();
                        let prompt = q.prompt.clone();
                        let n = i + 1;
                        let right = graded.as_ref().is_some_and(|g| g.correct);
                        let awarded = graded.as_ref().map(|g| (g.awarded, g.points));
                        // The right answers, when the quiz shows them.
                        let shown: Option<Vec<String>> = graded.as_ref().and_then(|g| {
                            let lang = locale.get_untracked();
                            if let Some(ids) = &g.correct_choice_ids {
                                Some(
                                    q.choices
                                        .iter()
                                        .filter(|c| ids.contains(&c.id))
                                        .map(|c| c.text.get(lang).to_owned())
                                        .collect(),
                                )
                            } else if let Some(v) = g.answer {
                                Some(vec![text(lang, if v { k::QUIZ_TRUE } else { k::QUIZ_FALSE }).to_owned()])
                            } else {
                                g.accepted.clone()
                            }
                        });
                        let accepted = q.kind == QuestionKind::Short;
                        view! {
                            <li class="quiz-review__item" class:quiz-review__item--right=right data-correct=right.to_string()>
                                <p class="quiz-question__n">
                                    {move || format(locale.get(), k::QUIZ_QUESTION_N, &[("n", &n.to_string()), ("total", &total.to_string())])}
                                </p>
                                <p dir="auto">{move || prompt.get(locale.get()).to_owned()}</p>
                                <p class="cluster">
                                    {if right {
                                        view! { <span class="badge badge--success">{icon(Icon::Check)} {tr(k::QUIZ_RIGHT)}</span> }.into_any()
                                    } else {
                                        view! { <span class="badge badge--danger">{icon(Icon::Close)} {tr(k::QUIZ_WRONG)}</span> }.into_any()
                                    }}
                                    {awarded.map(|(a, p)| view! {
                                        <span class="list__meta"><bdi>{move || format(locale.get(), k::QUIZ_AWARDED, &[("awarded", &a.to_string()), ("points", &p.to_string())])}</bdi></span>
                                    })}
                                </p>
                                {shown.filter(|s| !s.is_empty()).map(|answers| view! {
                                    <p class="quiz-review__answer">
                                        <strong>{tr(if accepted { k::QUIZ_ACCEPTED_ANSWERS } else { k::QUIZ_RIGHT_ANSWER })} ": "</strong>
                                        {answers.into_iter().enumerate().map(|(j, a)| view! {
                                            {(j > 0).then_some(" · ")}
                                            <bdi dir="auto">{a}</bdi>
                                        }).collect_view()}
                                    </p>
                                })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </div>
    }
}
