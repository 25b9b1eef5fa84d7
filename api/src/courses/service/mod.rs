//! The rules of the courses, as functions on a connection that own their transactions (one file
//! per resource, named like its handlers), and here the pure ones: progress, ordering, status
//! changes, who may be enrolled, search text.

use std::collections::HashSet;

use chrono::{NaiveDate, NaiveDateTime};
use madani_shared::ErrorCode;
use madani_shared::LocalizedText;
use madani_shared::courses::{CourseStatus, Progress};
use madani_shared::ids::LessonId;
use madani_shared::search::tokens;
use madani_shared::text::Language;

use super::rows::LessonRow;
use crate::db::{DbConn, to_utc};
use crate::error::{ApiError, ApiResult};

pub mod captions;
pub mod catalog;
pub mod enrolments;
pub mod grading;
pub mod learning;
pub mod lessons;
pub mod media;
pub mod outline;
pub mod quizzes;
pub mod stats;
pub mod trainers;

/// Write positions 1..n in this order, with `set` (a module's or a lesson's position).
fn renumber(
    conn: &mut DbConn,
    ids: &[String],
    set: fn(&mut DbConn, &str, i32) -> diesel::QueryResult<usize>,
) -> ApiResult<()> {
    for (i, id) in ids.iter().enumerate() {
        set(conn, id, i as i32 + 1)?;
    }
    Ok(())
}

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
        last_lesson_id: lessons
            .iter()
            .find(|l| !done.contains(&l.id))
            .or(lessons.last())
            .map(|l| LessonId::stored(&l.id)),
        certificate_id: None,
    }
}

/// `progress` with the certificate its completion earned, if completed (one query then).
pub fn with_certificate(
    conn: &mut DbConn,
    course_id: &str,
    user_id: &str,
    mut progress: Progress,
) -> ApiResult<Progress> {
    if progress.completed_at.is_some() {
        progress.certificate_id = crate::certificates::repo::id_for(conn, course_id, user_id)?
            .as_deref()
            .map(madani_shared::ids::CertificateId::stored);
    }
    Ok(progress)
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
        return Err(ApiError::Conflict(ErrorCode::CourseHasLearners));
    }
    Ok(())
}

/// Before publishing: every quiz lesson has saved questions (a quiz whose save failed, or that was
/// never written, would block every learner). One error per empty quiz, its field naming the lesson
/// (`lessons[<lesson id>]`), so that the editor can point at it.
pub fn check_quizzes(conn: &mut DbConn, course_id: &str, lessons: &[LessonRow]) -> ApiResult<()> {
    let quizzes = super::repo::quizzes_of_course(conn, course_id)?;
    let has_questions = |lesson: &LessonRow| {
        quizzes.iter().any(|q| {
            q.lesson_id == lesson.id
                && serde_json::from_str::<Vec<serde_json::Value>>(&q.questions).is_ok_and(|list| !list.is_empty())
        })
    };
    let errors: Vec<madani_shared::FieldError> = lessons
        .iter()
        .filter(|l| l.kind() == madani_shared::courses::LessonKind::Quiz && !has_questions(l))
        .map(|l| madani_shared::FieldError {
            field: format!("lessons[{}]", l.id),
            code: "quiz_without_questions".into(),
            message: format!(
                "the quiz \"{}\" has no questions: add them (and save) before publishing",
                l.title().get(Language::En)
            ),
        })
        .collect();
    if errors.is_empty() { Ok(()) } else { Err(ApiError::Validation(errors)) }
}

/// Does the course take new learners (the same rules whether learners enrol themselves or an
/// officer enrols them)? Only published courses, until their end date.
pub fn check_open(status: CourseStatus, ends_on: Option<NaiveDate>, today: NaiveDate) -> Result<(), ApiError> {
    if status != CourseStatus::Published {
        return Err(ApiError::Conflict(ErrorCode::CourseNotOpen));
    }
    if ends_on.is_some_and(|end| end < today) {
        return Err(ApiError::Conflict(ErrorCode::CourseEnded));
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
    let detail = match (left, adding) {
        (0, _) => "This course is full.".into(),
        (1, _) => format!("This course has room for 1 more learner, not {adding}."),
        _ => format!("This course has room for {left} more learners, not {adding}."),
    };
    Err(ApiError::Refused { code: ErrorCode::CourseFull, detail })
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

/// The version of [`search_text`] and the catalog's terms; a higher one rebuilds them at start.
pub const COURSE_TERMS_VERSION: i32 = 1;

/// Rebuild every course's search terms when an older version (or none) made them, in batches, then
/// record the version. Idempotent, like the directory's.
pub fn reindex_terms_if_stale(conn: &mut DbConn) -> ApiResult<usize> {
    use crate::associations::repo::{index_version, set_index_version};
    if index_version(conn, "courses")? >= COURSE_TERMS_VERSION {
        return Ok(0);
    }
    let mut after = String::new();
    let mut done = 0;
    loop {
        let batch = super::repo::courses_after(conn, &after, 500)?;
        let Some(last) = batch.last() else { break };
        after = last.id.clone();
        crate::db::write_tx(conn, |conn| {
            for row in &batch {
                super::repo::set_terms(conn, row)?;
            }
            Ok::<_, ApiError>(())
        })?;
        done += batch.len();
    }
    crate::db::write_tx(conn, |conn| set_index_version(conn, "courses", COURSE_TERMS_VERSION))?;
    Ok(done)
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
        let [a, b, c] = [
            "01936b2e-0000-7000-8000-00000000000a",
            "01936b2e-0000-7000-8000-00000000000b",
            "01936b2e-0000-7000-8000-00000000000c",
        ];
        let lessons = [lesson(a, true), lesson(b, false), lesson(c, true)];
        let done: HashSet<String> = [a.to_string()].into();
        let p = progress(&lessons, &done, None);
        assert_eq!((p.percent, p.completed_lessons, p.total_lessons), (50, 1, 3));
        assert_eq!(p.last_lesson_id, Some(LessonId::stored(b)));
        let all: HashSet<String> = [a.to_string(), c.to_string()].into();
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
            Err(ApiError::Refused { code: ErrorCode::CourseFull, detail }) => detail,
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
