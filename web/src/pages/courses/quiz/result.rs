//! A graded attempt: the score, and each question right or wrong (with the right answers when the
//! quiz shows them).

use leptos::prelude::*;
use madani_shared::courses::*;

use crate::components::icon::{Icon, icon};
use crate::i18n::{format, k, text, tr, use_locale};

#[component]
pub(super) fn AttemptResultView(result: AttemptResult, questions: Vec<AttemptQuestion>) -> impl IntoView {
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
