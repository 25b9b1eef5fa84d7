//! The rules of the courses as plain functions: progress, ordering, status changes, search text.

use std::collections::HashSet;

use chrono::NaiveDateTime;
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
