//! Quizzes in the learning view: the rules and the learner's attempts so far, then an attempt
//! (questions as a form, a countdown when timed), then the graded result.

mod attempt;
mod result;

pub(super) use attempt::QuestionField;

use leptos::prelude::*;
use leptos::task::spawn_local;
use madani_shared::courses::*;
use madani_shared::endpoints::{GetLesson, ListAttempts, StartAttempt};
use madani_shared::text::Language;

use self::attempt::AttemptForm;
use self::result::AttemptResultView;
use super::{ProgressBar, duration_text};
use crate::components::form::BusyButton;
use crate::components::icon::{Icon, icon};
use crate::components::mutation::Mutation;
use crate::components::toast::use_toasts;
use crate::i18n::{format, k, text, tr, use_locale};
use crate::session::use_session;

/// Where the learner is with the quiz.
#[derive(Clone)]
enum Phase {
    Intro,
    Taking(AttemptStarted),
    Graded(AttemptResult, Vec<AttemptQuestion>),
}

pub(super) fn focus(id: &str) {
    if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id))
        && let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el)
    {
        let _ = el.focus();
    }
}

pub(super) fn percent_text(lang: Language, percent: i64) -> String {
    format(lang, k::QUIZ_PERCENT, &[("percent", &percent.to_string())])
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
    let course_id = lesson.course_id;
    let lesson_id = lesson.id;
    let enrolled = lesson.completed.is_some();
    let info = RwSignal::new(info);
    let lesson_done = RwSignal::new(lesson.completed == Some(true));
    let phase = RwSignal::new(Phase::Intro);
    // An attempt started and not handed in: "Resume".
    let open_attempt = RwSignal::new(false);
    if enrolled {
        spawn_local(async move {
            if let Ok(list) = session.call::<ListAttempts>((course_id, lesson_id), &()).await {
                open_attempt.try_set(list.iter().any(|a| a.submitted_at.is_none()));
            }
        });
    }
    let attempts_left =
        move || info.with(|i| i.max_attempts.is_none_or(|max| i.attempts_used < max)) || open_attempt.get();
    let start = Mutation::new(move |()| async move { session.call::<StartAttempt>((course_id, lesson_id), &()).await })
        .then(move |attempt| {
            open_attempt.try_set(true);
            phase.try_set(Phase::Taking(attempt));
            focus("quiz-form-title");
        });
    let busy = start.pending();
    let graded = Callback::new(move |(result, questions): (AttemptResult, Vec<AttemptQuestion>)| {
        open_attempt.set(false);
        let passed = result.passed;
        phase.set(Phase::Graded(result, questions));
        focus("quiz-result-title");
        toasts.success(text(locale.get_untracked(), if passed { k::QUIZ_PASSED_TOAST } else { k::QUIZ_HANDED_IN }));
        spawn_local(async move {
            if let Ok(l) = session.call::<GetLesson>((course_id, lesson_id), &()).await {
                if let Some(q) = l.quiz {
                    info.try_set(q);
                }
                lesson_done.try_set(l.completed == Some(true));
            }
            changed.try_run(());
        });
    });
    view! {
        <section class="card stack quiz" id="quiz" aria-labelledby="quiz-title">
            <h2 class="card__title" id="quiz-title">{icon(Icon::Question)} {tr(k::QUIZ_ABOUT)}</h2>
            {move || match phase.get() {
                Phase::Intro => {
                    view! {
                        <QuizFacts info=info />
                        <p class="field__hint">{tr(k::QUIZ_COMPLETES)}</p>
                        {if !enrolled {
                            view! { <p class="alert alert--info" id="quiz-not-enrolled">{tr(k::QUIZ_NOT_ENROLLED)}</p> }.into_any()
                        } else if attempts_left() {
                            view! {
                                <div>
                                    <BusyButton busy=busy attr:class="btn btn--primary" attr:id="start-quiz" on:click=move |_| start.dispatch(())>
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
                                    </BusyButton>
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
                    view! { <AttemptForm attempt=attempt course_id=course_id lesson_id=lesson_id graded=graded /> }.into_any()
                }
                Phase::Graded(result, questions) => {
                    let can_retry = !result.passed && attempts_left();
                    view! {
                        <AttemptResultView result=result questions=questions />
                        <QuizFacts info=info />
                        <div class="cluster">
                            {can_retry.then(|| view! {
                                <BusyButton busy=busy attr:class="btn btn--primary" attr:id="retry-quiz" on:click=move |_| start.dispatch(())>
                                    {tr(k::QUIZ_TRY_AGAIN)}
                                </BusyButton>
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
