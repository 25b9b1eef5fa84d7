//! An attempt at a quiz: the questions as a form, with a countdown when the quiz is timed.

use std::time::Duration;

use leptos::prelude::*;
use madani_shared::courses::*;
use madani_shared::endpoints::SubmitAttemptEndpoint;
use madani_shared::ids::{CourseId, LessonId};

use crate::components::form::{ErrorSummary, FormState, Labelled, aria_busy};
use crate::components::icon::{Icon, icon};
use crate::components::mutation::Mutation;
use crate::i18n::{format, k, plural, text, tr, use_locale};
use crate::session::use_session;

/// "4:05" (minutes and seconds).
fn clock(seconds: i64) -> String {
    let s = seconds.max(0);
    format!("{}:{:02}", s / 60, s % 60)
}

fn now_millis() -> i64 {
    js_sys::Date::now() as i64
}

/// One answer as the form holds it.
#[derive(Clone, Default)]
pub(crate) struct Answer {
    choices: Vec<String>,
    value: Option<bool>,
    text: String,
}

#[component]
pub(super) fn AttemptForm(
    attempt: AttemptStarted,
    course_id: CourseId,
    lesson_id: LessonId,
    graded: Callback<(AttemptResult, Vec<AttemptQuestion>)>,
) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let questions = attempt.questions.clone();
    let total = questions.len();
    let answers: Vec<RwSignal<Answer>> = questions.iter().map(|_| RwSignal::new(Answer::default())).collect();
    let form = FormState::new();
    let hand_in = Mutation::new(move |(request, questions): (SubmitAttempt, Vec<AttemptQuestion>)| async move {
        session
            .call::<SubmitAttemptEndpoint>((course_id, lesson_id, attempt.id), &request)
            .await
            .map(|result| (result, questions))
    })
    .form(form)
    .then(move |graded_now| {
        graded.try_run(graded_now);
    });
    let busy = hand_in.pending();
    let submit = {
        let answers = answers.clone();
        let questions = questions.clone();
        move || {
            // Once: the clock may run out while it is being handed in.
            if busy.get_untracked() {
                return;
            }
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
            hand_in.dispatch((request, questions.clone()));
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
                if !busy.get_untracked() {
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
            <ErrorSummary form=form />
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
                    disabled=busy
                    aria-busy=aria_busy(busy)
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
                <Labelled id=id.clone() label=k::QUIZ_YOUR_ANSWER>
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
                </Labelled>
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
