//! What a course's trainers see of its learners: who, how far, and how the quizzes went.

use std::collections::{HashMap, HashSet};

use madani_shared::Page;
use madani_shared::courses::*;
use madani_shared::ids::{AssociationId, LessonId, UserId};
use madani_shared::page::PageQuery;

use super::learning::done_by;
use super::progress;
use super::quizzes::result_of;
use crate::courses::repo;
use crate::courses::rows::{AttemptRow, CourseRow, EnrolmentRow, LessonRow, QuizRow};
use crate::csv::CsvWriter;
use crate::db::{DbConn, to_utc};
use crate::error::ApiResult;
use crate::pagination::{self, page_of};

/// Each of `rows` (an enrolment and the learner's name) with its progress, from the course's
/// lessons and the learners' completed lessons (`done`, by learner).
fn with_progress(
    rows: Vec<(EnrolmentRow, String)>,
    lessons: &[LessonRow],
    done: &HashMap<String, HashSet<String>>,
) -> Vec<(EnrolmentRow, String, Progress)> {
    let none = HashSet::new();
    rows.into_iter()
        .map(|(e, name)| {
            let p = progress(lessons, done.get(&e.user_id).unwrap_or(&none), e.completed_at);
            (e, name, p)
        })
        .collect()
}

/// The learners in enrolment order, each with their name and progress: three queries, however
/// many learners.
fn learners_with_progress(conn: &mut DbConn, course: &CourseRow) -> ApiResult<Vec<(EnrolmentRow, String, Progress)>> {
    let lessons = repo::lessons(conn, &course.id)?;
    let done = done_by(repo::completions_in_course(conn, &course.id)?);
    Ok(with_progress(repo::learners(conn, &course.id)?, &lessons, &done))
}

/// A page of the learners of the course, in enrolment order: who, since when, how far, and who
/// enrolled them. Three queries, whatever the page's size.
pub fn learners(conn: &mut DbConn, course: &CourseRow, q: &PageQuery) -> ApiResult<Page<Learner>> {
    let after = pagination::after_time_and_id(q.cursor.as_deref())?;
    let limit = i64::from(q.limit());
    let rows = repo::learners_after(conn, &course.id, after, limit + 1)?;
    let (rows, next_cursor) = page_of(rows, limit, |(e, _)| Some(pagination::time_and_id(e.enrolled_at, &e.user_id)));
    let lessons = repo::lessons(conn, &course.id)?;
    let ids: Vec<String> = rows.iter().map(|(e, _)| e.user_id.clone()).collect();
    let done = done_by(repo::completions_of_learners(conn, &course.id, &ids)?);
    let items = with_progress(rows, &lessons, &done)
        .into_iter()
        .map(|(e, name, progress)| Learner {
            progress,
            user_id: UserId::stored(&e.user_id),
            display_name: name,
            enrolled_at: to_utc(e.enrolled_at),
            enrolled_by: e.enrolled_by.as_deref().map(UserId::stored),
            association_id: e.association_id.as_deref().map(AssociationId::stored),
        })
        .collect();
    Ok(Page { items, next_cursor })
}

/// The columns of the learners' CSV.
const LEARNERS_CSV_COLUMNS: &[&str] =
    &["name", "enrolled_at", "completed_lessons", "total_lessons", "percent", "completed_at"];

/// The learners as CSV (RFC 4180): one row per learner with their progress; no text cell is a
/// formula.
pub fn learners_csv(conn: &mut DbConn, course: &CourseRow) -> ApiResult<String> {
    let mut csv = CsvWriter::new(LEARNERS_CSV_COLUMNS);
    for (e, name, p) in learners_with_progress(conn, course)? {
        csv.text(&name)
            .time(to_utc(e.enrolled_at))
            .number(p.completed_lessons)
            .number(p.total_lessons)
            .number(p.percent)
            .opt_time(e.completed_at.map(to_utc))
            .end_row();
    }
    Ok(csv.finish())
}

/// The figures of a course: completion, and per quiz and question how learners did.
pub fn stats(conn: &mut DbConn, course: &CourseRow) -> ApiResult<CourseStats> {
    let lessons = repo::lessons(conn, &course.id)?;
    let learners = repo::learners(conn, &course.id)?;
    let completed = learners.iter().filter(|(e, _)| e.completed_at.is_some()).count() as i64;
    let attempts = repo::graded_attempts(conn, &course.id)?;
    let quizzes: HashMap<String, QuizRow> =
        repo::quizzes_of_course(conn, &course.id)?.into_iter().map(|q| (q.lesson_id.clone(), q)).collect();
    let mut out = Vec::new();
    for lesson in lessons.iter().filter(|l| l.kind() == LessonKind::Quiz) {
        let Some(row) = quizzes.get(&lesson.id) else { continue };
        let mine: Vec<&AttemptRow> = attempts.iter().filter(|a| a.lesson_id == lesson.id).collect();
        let results: Vec<AttemptResult> = mine.iter().filter_map(|a| result_of(a)).collect();
        let mut who: Vec<&str> = mine.iter().map(|a| a.user_id.as_str()).collect();
        who.sort();
        who.dedup();
        let mut passed: Vec<&str> =
            mine.iter().filter(|a| a.passed == Some(true)).map(|a| a.user_id.as_str()).collect();
        passed.sort();
        passed.dedup();
        let questions = row
            .questions()
            .iter()
            .map(|q| {
                let id = q.id.clone().unwrap_or_default();
                let graded: Vec<&QuestionResult> =
                    results.iter().flat_map(|r| r.questions.iter()).filter(|r| r.question_id == id).collect();
                let answered = graded.len() as i64;
                let correct = graded.iter().filter(|r| r.correct).count() as i64;
                QuestionStats {
                    question_id: id,
                    prompt: q.prompt.clone(),
                    answered,
                    correct,
                    correct_percent: (correct * 100).checked_div(answered).map(|p| p as i32),
                }
            })
            .collect();
        out.push(QuizStats {
            lesson_id: LessonId::stored(&lesson.id),
            title: lesson.title(),
            attempts: mine.len() as i64,
            learners: who.len() as i64,
            passed: passed.len() as i64,
            questions,
        });
    }
    let total = learners.len() as i64;
    Ok(CourseStats {
        learners: total,
        completed,
        completion_percent: (completed * 100).checked_div(total).map(|p| p as i32),
        quizzes: out,
    })
}
