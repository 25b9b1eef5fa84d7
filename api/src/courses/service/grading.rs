//! Quizzes: checking what trainers write, the order each attempt shows, and grading. Pure rules,
//! unit-tested without a database.

use madani_shared::FieldError;
use madani_shared::courses::*;
use madani_shared::search::tokens;
use rand::seq::SliceRandom;

use crate::error::ApiError;

/// A short answer as compared: folded words (case, accents, Arabic letter forms, spaces).
pub fn normalize(text: &str) -> String {
    tokens(text).join(" ")
}

/// The quiz with ids given to new questions and choices, or the fields that are wrong
/// (`questions[2].choices`, …): a single-choice question has exactly one right choice, a
/// multiple-choice one at least one, a true/false one its answer, a short one accepted answers.
pub fn prepare(mut quiz: Quiz, new_id: impl Fn() -> String) -> Result<Quiz, ApiError> {
    let mut errors = Vec::new();
    let mut error = |field: String, code: &str, message: &str| {
        errors.push(FieldError { field, code: code.into(), message: message.into() })
    };
    for (i, q) in quiz.questions.iter_mut().enumerate() {
        q.id.get_or_insert_with(&new_id);
        for c in &mut q.choices {
            c.id.get_or_insert_with(&new_id);
        }
        let at = |what: &str| format!("questions[{i}].{what}");
        let right = q.choices.iter().filter(|c| c.correct).count();
        match q.kind {
            QuestionKind::Single | QuestionKind::Multiple if q.choices.len() < 2 => {
                error(at("choices"), "length", "give at least 2 choices")
            }
            QuestionKind::Single if right != 1 => {
                error(at("choices"), "one_correct", "mark exactly one choice correct")
            }
            QuestionKind::Multiple if right == 0 => {
                error(at("choices"), "none_correct", "mark at least one choice correct")
            }
            QuestionKind::TrueFalse if q.answer.is_none() => error(at("answer"), "required", "say whether it is true"),
            QuestionKind::Short => {
                q.accepted = q.accepted.iter().map(|a| a.trim().to_owned()).filter(|a| !a.is_empty()).collect();
                if q.accepted.is_empty() {
                    error(at("accepted"), "required", "give at least one accepted answer");
                } else if q.accepted.iter().any(|a| a.chars().count() > 200) {
                    error(at("accepted"), "length", "each accepted answer is at most 200 characters");
                }
            }
            _ => {}
        }
        if !matches!(q.kind, QuestionKind::Single | QuestionKind::Multiple) {
            q.choices.clear();
        }
        if q.kind != QuestionKind::TrueFalse {
            q.answer = None;
        }
        if q.kind != QuestionKind::Short {
            q.accepted.clear();
        }
    }
    if errors.is_empty() { Ok(quiz) } else { Err(ApiError::Validation(errors)) }
}

/// The order of an attempt: question ids, each with its choice ids; shuffled if asked.
pub fn order(quiz: &Quiz) -> Vec<(String, Vec<String>)> {
    let mut rng = rand::rng();
    let mut out: Vec<(String, Vec<String>)> = quiz
        .questions
        .iter()
        .map(|q| {
            let mut choices: Vec<String> = q.choices.iter().filter_map(|c| c.id.clone()).collect();
            if quiz.shuffle {
                choices.shuffle(&mut rng);
            }
            (q.id.clone().unwrap_or_default(), choices)
        })
        .collect();
    if quiz.shuffle {
        out.shuffle(&mut rng);
    }
    out
}

/// The questions as the learner sees them, in the attempt's order: no answers.
pub fn for_learner(quiz: &Quiz, order: &[(String, Vec<String>)]) -> Vec<AttemptQuestion> {
    order
        .iter()
        .filter_map(|(qid, choice_ids)| {
            let q = quiz.questions.iter().find(|q| q.id.as_deref() == Some(qid.as_str()))?;
            Some(AttemptQuestion {
                id: qid.clone(),
                kind: q.kind,
                prompt: q.prompt.clone(),
                points: q.points,
                choices: choice_ids
                    .iter()
                    .filter_map(|cid| {
                        let c = q.choices.iter().find(|c| c.id.as_deref() == Some(cid.as_str()))?;
                        Some(AttemptChoice { id: cid.clone(), text: c.text.clone() })
                    })
                    .collect(),
            })
        })
        .collect()
}

/// Grade the answers: each question is right or wrong (multiple choice: exactly the right set).
/// The right answers are included when `show` is set. Returns (results, score, max score).
pub fn grade(quiz: &Quiz, answers: &[GivenAnswer], show: bool) -> (Vec<QuestionResult>, u32, u32) {
    let mut score = 0;
    let mut max = 0;
    let results = quiz
        .questions
        .iter()
        .map(|q| {
            let qid = q.id.clone().unwrap_or_default();
            let given = answers.iter().find(|a| a.question_id == qid);
            let mut right_ids: Vec<String> =
                q.choices.iter().filter(|c| c.correct).filter_map(|c| c.id.clone()).collect();
            right_ids.sort();
            let correct = match (q.kind, given) {
                (_, None) => false,
                (QuestionKind::Single | QuestionKind::Multiple, Some(a)) => {
                    let mut picked = a.choice_ids.clone();
                    picked.sort();
                    picked.dedup();
                    picked == right_ids
                }
                (QuestionKind::TrueFalse, Some(a)) => a.value.is_some() && a.value == q.answer,
                (QuestionKind::Short, Some(a)) => {
                    let typed = normalize(a.text.as_deref().unwrap_or(""));
                    !typed.is_empty() && q.accepted.iter().any(|x| normalize(x) == typed)
                }
            };
            max += q.points;
            let awarded = if correct { q.points } else { 0 };
            score += awarded;
            QuestionResult {
                question_id: qid,
                correct,
                points: q.points,
                awarded,
                correct_choice_ids: (show && matches!(q.kind, QuestionKind::Single | QuestionKind::Multiple))
                    .then(|| right_ids.clone()),
                answer: if show { q.answer } else { None },
                accepted: (show && q.kind == QuestionKind::Short).then(|| q.accepted.clone()),
            }
        })
        .collect();
    (results, score, max)
}

/// Whether a learner sees the right answers of their graded attempts. Only at a quiz that shows
/// them, and only once the learner has passed it or used their last attempt (without a limit:
/// once passed): shown while attempts remain, a blank attempt would hand out every answer for the
/// next one.
pub fn answers_shown(show_answers: bool, max_attempts: Option<u32>, passed: bool, used: usize) -> bool {
    show_answers && (passed || max_attempts.is_some_and(|max| used >= max as usize))
}

/// Take the right answers out of a graded attempt (they are kept with the attempt, and shown once
/// [`answers_shown`] says so).
pub fn hide_answers(result: &mut AttemptResult) {
    for q in &mut result.questions {
        q.correct_choice_ids = None;
        q.answer = None;
        q.accepted = None;
    }
}

#[cfg(test)]
mod tests {
    use madani_shared::LocalizedText;

    use super::*;

    fn t(s: &str) -> LocalizedText {
        LocalizedText { fr: Some(s.into()), ..Default::default() }
    }

    fn sample() -> Quiz {
        let choice = |s: &str, correct| QuizChoice { id: None, text: t(s), correct };
        Quiz {
            pass_percent: 60,
            max_attempts: Some(2),
            time_limit_minutes: None,
            shuffle: true,
            show_answers: false,
            questions: vec![
                QuizQuestion {
                    id: None,
                    kind: QuestionKind::Single,
                    prompt: t("Qui ?"),
                    points: 2,
                    choices: vec![choice("AG", true), choice("Trésorier", false)],
                    answer: None,
                    accepted: vec![],
                },
                QuizQuestion {
                    id: None,
                    kind: QuestionKind::Multiple,
                    prompt: t("Quoi ?"),
                    points: 1,
                    choices: vec![choice("a", true), choice("b", true), choice("c", false)],
                    answer: None,
                    accepted: vec![],
                },
                QuizQuestion {
                    id: None,
                    kind: QuestionKind::TrueFalse,
                    prompt: t("Vrai ?"),
                    points: 1,
                    choices: vec![],
                    answer: Some(true),
                    accepted: vec![],
                },
                QuizQuestion {
                    id: None,
                    kind: QuestionKind::Short,
                    prompt: t("Nom ?"),
                    points: 1,
                    choices: vec![],
                    answer: None,
                    accepted: vec!["الجمعية العامة".into(), "Assemblée générale".into()],
                },
            ],
        }
    }

    fn ids() -> impl Fn() -> String {
        let n = std::cell::Cell::new(0);
        move || {
            n.set(n.get() + 1);
            format!("id{}", n.get())
        }
    }

    #[test]
    fn grading_is_all_or_nothing_per_question_and_folds_short_answers() {
        let quiz = prepare(sample(), ids()).unwrap();
        let q = |i: usize| quiz.questions[i].id.clone().unwrap();
        let c = |i: usize, j: usize| quiz.questions[i].choices[j].id.clone().unwrap();
        let answers = vec![
            GivenAnswer { question_id: q(0), choice_ids: vec![c(0, 0)], ..Default::default() },
            // Only one of the two right choices: wrong.
            GivenAnswer { question_id: q(1), choice_ids: vec![c(1, 0)], ..Default::default() },
            GivenAnswer { question_id: q(2), value: Some(true), ..Default::default() },
            // Without hamza, with a tatweel and other spacing: the same answer.
            GivenAnswer {
                question_id: q(3), text: Some("  الجمعيـة   العامه ".into()), ..Default::default()
            },
        ];
        let (results, score, max) = grade(&quiz, &answers, false);
        assert_eq!((score, max), (4, 5));
        assert_eq!(results.iter().map(|r| r.correct).collect::<Vec<_>>(), [true, false, true, true]);
        assert!(
            results.iter().all(|r| r.correct_choice_ids.is_none() && r.accepted.is_none() && r.answer.is_none()),
            "no answers unless shown"
        );
        let (shown, ..) = grade(&quiz, &[], true);
        assert_eq!(shown[1].correct_choice_ids.as_ref().map(Vec::len), Some(2));
        assert_eq!(normalize("Assemblée  Générale"), normalize("assemblee generale"));
    }

    #[test]
    fn answers_are_shown_once_passed_or_out_of_attempts() {
        // (show_answers, max_attempts, passed, used)
        assert!(!answers_shown(true, Some(3), false, 2), "attempts remain");
        assert!(answers_shown(true, Some(3), false, 3), "the last one used");
        assert!(answers_shown(true, Some(3), true, 1), "passed");
        assert!(!answers_shown(true, None, false, 50), "no limit: never out of attempts");
        assert!(answers_shown(true, None, true, 50));
        assert!(!answers_shown(false, Some(1), true, 1), "a quiz that never shows them");
    }

    #[test]
    fn learners_get_no_answer_and_trainers_get_told_what_is_missing() {
        let quiz = prepare(sample(), ids()).unwrap();
        let view = for_learner(&quiz, &order(&quiz));
        assert_eq!(view.len(), 4);
        let json = serde_json::to_string(&view).unwrap();
        assert!(!json.contains("correct") && !json.contains("accepted") && !json.contains("Assemblée"), "{json}");

        let mut bad = sample();
        bad.questions[0].choices[1].correct = true; // two right answers to a single-choice question
        bad.questions[2].answer = None;
        bad.questions[3].accepted = vec!["  ".into()];
        let Err(ApiError::Validation(errors)) = prepare(bad, ids()) else { panic!("accepted a bad quiz") };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["questions[0].choices", "questions[2].answer", "questions[3].accepted"]);
    }
}
