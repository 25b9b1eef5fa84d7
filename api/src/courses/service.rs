//! The rules of the courses as plain functions: progress, ordering, status changes, who may be
//! enrolled, search text.

use std::collections::HashSet;

use chrono::{NaiveDate, NaiveDateTime};
use madani_shared::LocalizedText;
use madani_shared::courses::{CourseStatus, Progress};
use madani_shared::search::tokens;
use madani_shared::text::Language;

use super::rows::LessonRow;
use crate::db::to_utc;
use crate::error::ApiError;

/// A learner's progress: completed required lessons over required lessons; where to resume is the
/// first lesson not yet done (the last lesson when all are).
pub fn progress(lessons: &[LessonRow], done: &HashSet<String>, completed_at: Option<NaiveDateTime>) -> Progress {
    let required: Vec<&LessonRow> = lessons.iter().filter(|l| l.required).collect();
    let required_done = required.iter().filter(|l| done.contains(&l.id)).count();
    let percent = if required.is_empty() { 0 } else { (required_done * 100 / required.len()) as i32 };
    Progress {
        completed_lessons: lessons.iter().filter(|l| done.contains(&l.id)).count() as i64,
        total_lessons: lessons.len() as i64,
        percent,
        completed_at: completed_at.map(to_utc),
        last_lesson_id: lessons.iter().find(|l| !done.contains(&l.id)).or(lessons.last()).map(|l| l.id.clone()),
    }
}

/// Every required lesson is done (and there is at least one).
pub fn is_complete(p: &Progress) -> bool {
    p.percent == 100
}

/// `ids` with `moving` put at `position` (from 1; past the end means last).
pub fn reorder(ids: &[String], moving: &str, position: i32) -> Vec<String> {
    let mut out: Vec<String> = ids.iter().filter(|id| *id != moving).cloned().collect();
    let at = usize::try_from(position.max(1) - 1).unwrap_or(0).min(out.len());
    out.insert(at, moving.to_owned());
    out
}

/// May a course go from `from` to `to`? A course is published only with a lesson, and goes back to
/// draft only while nobody is enrolled.
pub fn check_status_change(
    from: CourseStatus,
    to: CourseStatus,
    lessons: usize,
    learners: i64,
) -> Result<(), ApiError> {
    if to == CourseStatus::Published && lessons == 0 {
        return Err(ApiError::field("status", "no_lessons", "add a lesson before publishing the course"));
    }
    if to == CourseStatus::Draft && from != CourseStatus::Draft && learners > 0 {
        return Err(ApiError::Conflict("Learners are enrolled: archive the course instead of unpublishing it.".into()));
    }
    Ok(())
}

/// Does the course take new learners (the same rules whether learners enrol themselves or an
/// officer enrols them)? Only published courses, until their end date.
pub fn check_open(status: CourseStatus, ends_on: Option<NaiveDate>, today: NaiveDate) -> Result<(), ApiError> {
    if status != CourseStatus::Published {
        return Err(ApiError::Conflict("This course takes no new learners.".into()));
    }
    if ends_on.is_some_and(|end| end < today) {
        return Err(ApiError::Conflict("This course's session has ended.".into()));
    }
    Ok(())
}

/// Is there room for `adding` more learners besides the `enrolled` ones?
pub fn check_room(capacity: Option<i32>, enrolled: i64, adding: usize) -> Result<(), ApiError> {
    let Some(capacity) = capacity.map(i64::from) else { return Ok(()) };
    let adding = adding as i64;
    if enrolled + adding <= capacity {
        return Ok(());
    }
    let left = (capacity - enrolled).max(0);
    Err(ApiError::Conflict(match (left, adding) {
        (0, _) => "This course is full.".into(),
        (1, _) => format!("This course has room for 1 more learner, not {adding}."),
        _ => format!("This course has room for {left} more learners, not {adding}."),
    }))
}

/// The folded words of the title and summary in every language, space-separated and framed by
/// spaces, so that `LIKE '% word%'`-style searches find word starts too.
pub fn search_text(title: &LocalizedText, summary: &LocalizedText) -> String {
    let mut words: Vec<String> = Vec::new();
    for t in [&title.ar, &title.fr, &title.en, &summary.ar, &summary.fr, &summary.en].into_iter().flatten() {
        for w in tokens(t) {
            if !words.contains(&w) {
                words.push(w);
            }
        }
    }
    format!(" {} ", words.join(" "))
}

pub fn languages_text(languages: &[Language]) -> String {
    let mut codes: Vec<&str> = Language::ALL.iter().filter(|l| languages.contains(l)).map(|l| l.code()).collect();
    codes.dedup();
    codes.join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lesson(id: &str, required: bool) -> LessonRow {
        let t = chrono::DateTime::from_timestamp(0, 0).unwrap().naive_utc();
        LessonRow {
            id: id.into(),
            course_id: "c".into(),
            module_id: "m".into(),
            position: 1,
            kind: "text".into(),
            title_ar: None,
            title_fr: Some(id.into()),
            title_en: None,
            body_ar: None,
            body_fr: None,
            body_en: None,
            url: None,
            required,
            estimated_minutes: None,
            created_at: t,
            updated_at: t,
            video: None,
            video_bytes: None,
        }
    }

    #[test]
    fn progress_counts_required_lessons_and_resumes_at_the_first_not_done() {
        let lessons = [lesson("a", true), lesson("b", false), lesson("c", true)];
        let done: HashSet<String> = ["a".to_string()].into();
        let p = progress(&lessons, &done, None);
        assert_eq!((p.percent, p.completed_lessons, p.total_lessons), (50, 1, 3));
        assert_eq!(p.last_lesson_id.as_deref(), Some("b"));
        let all: HashSet<String> = ["a".to_string(), "c".to_string()].into();
        let p = progress(&lessons, &all, None);
        assert_eq!(p.percent, 100, "the optional lesson does not count");
        assert!(is_complete(&p));
        assert_eq!(progress(&[], &HashSet::new(), None).percent, 0);
    }

    #[test]
    fn reordering_moves_one_item() {
        let ids: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        assert_eq!(reorder(&ids, "c", 1), ["c", "a", "b"]);
        assert_eq!(reorder(&ids, "a", 2), ["b", "a", "c"]);
        assert_eq!(reorder(&ids, "a", 99), ["b", "c", "a"]);
    }

    #[test]
    fn status_changes() {
        use CourseStatus::*;
        assert!(matches!(check_status_change(Draft, Published, 0, 0), Err(ApiError::Validation(_))));
        assert!(check_status_change(Draft, Published, 1, 0).is_ok());
        assert!(matches!(check_status_change(Published, Draft, 1, 3), Err(ApiError::Conflict(_))));
        assert!(check_status_change(Published, Archived, 1, 3).is_ok());
        assert!(check_status_change(Archived, Published, 1, 3).is_ok());
    }

    #[test]
    fn enrolment_needs_an_open_course_with_room() {
        use CourseStatus::*;
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        assert!(check_open(Published, None, day(21)).is_ok());
        assert!(check_open(Published, Some(day(21)), day(21)).is_ok(), "the last day still counts");
        assert!(matches!(check_open(Published, Some(day(20)), day(21)), Err(ApiError::Conflict(_))));
        assert!(matches!(check_open(Draft, None, day(21)), Err(ApiError::Conflict(_))));
        assert!(matches!(check_open(Archived, None, day(21)), Err(ApiError::Conflict(_))));
        assert!(check_room(None, 1_000, 200).is_ok());
        assert!(check_room(Some(3), 1, 2).is_ok());
        let refused = |r: Result<(), ApiError>| match r {
            Err(ApiError::Conflict(m)) => m,
            other => panic!("{other:?}"),
        };
        assert_eq!(refused(check_room(Some(3), 1, 3)), "This course has room for 2 more learners, not 3.");
        assert_eq!(refused(check_room(Some(3), 2, 2)), "This course has room for 1 more learner, not 2.");
        assert_eq!(refused(check_room(Some(3), 3, 1)), "This course is full.");
        assert_eq!(refused(check_room(Some(3), 5, 1)), "This course is full.", "capacity lowered below the learners");
    }

    #[test]
    fn search_text_folds_every_language() {
        let title = LocalizedText {
            ar: Some("تسيير المشاريع".into()), fr: Some("Gestion de projet".into()), en: None
        };
        let text = search_text(&title, &LocalizedText::default());
        assert!(text.contains(" gestion "));
        assert!(text.contains(" المشاريع ") || text.contains(" المشاريع"), "{text}");
        assert_eq!(languages_text(&[Language::Fr, Language::Ar, Language::Fr]), "ar,fr");
    }
}

/// Quizzes: checking what trainers write, the order each attempt shows, and grading.
pub mod quiz {
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
                QuestionKind::TrueFalse if q.answer.is_none() => {
                    error(at("answer"), "required", "say whether it is true")
                }
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
}
