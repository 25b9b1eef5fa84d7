//! Quizzes: trainers write them (answers included); learners take attempts whose questions carry
//! no answer, hand them in, and are graded by the server. Passing completes the lesson.

use chrono::{Duration, NaiveDateTime};
use madani_shared::ErrorCode;
use madani_shared::courses::*;
use madani_shared::ids::AttemptId;

use super::grading;
use super::learning::record_completion;
use super::lessons::find_lesson;
use crate::auth::AuthUser;
use crate::courses::access::{self, Rights};
use crate::courses::repo;
use crate::courses::rows::*;
use crate::db::{DbConn, new_id, now, to_utc, write_tx};
use crate::error::{ApiError, ApiResult};

/// An answer handed in this long after the deadline still counts (the network is not instant).
const GRACE_SECONDS: i64 = 30;

/// What a learner (or, with `learner` None, anyone) may know of a quiz lesson.
pub fn info(conn: &mut DbConn, lesson_id: &str, learner: Option<&str>) -> ApiResult<Option<QuizInfo>> {
    let Some(row) = repo::find_quiz(conn, lesson_id)? else { return Ok(None) };
    let attempts = match learner {
        Some(user) => repo::attempts(conn, lesson_id, user)?,
        None => Vec::new(),
    };
    let graded: Vec<&AttemptRow> = attempts.iter().filter(|a| a.submitted_at.is_some()).collect();
    let best = graded.iter().filter_map(|a| Some(percent(a.score? as u32, a.max_score? as u32))).max();
    Ok(Some(QuizInfo {
        pass_percent: row.pass_percent.max(0) as u32,
        max_attempts: row.max_attempts.map(|m| m.max(1) as u32),
        time_limit_minutes: row.time_limit_minutes.map(|m| m.max(1) as u32),
        question_count: row.questions().len() as u32,
        attempts_used: used(&attempts, now()) as u32,
        best_percent: best,
        passed: graded.iter().any(|a| a.passed == Some(true)),
    }))
}

fn percent(score: u32, max: u32) -> i32 {
    (score * 100).checked_div(max).map_or(0, |p| p as i32)
}

/// Attempts that count against the limit: handed in, or started and past their time.
fn used(attempts: &[AttemptRow], now: NaiveDateTime) -> usize {
    attempts
        .iter()
        .filter(|a| a.submitted_at.is_some() || a.deadline.is_some_and(|d| d + Duration::seconds(GRACE_SECONDS) < now))
        .count()
}

/// The lesson of the course, 409 `not_a_quiz` unless it is a quiz.
pub fn quiz_lesson(conn: &mut DbConn, course: &str, lesson: &str) -> ApiResult<LessonRow> {
    let row = find_lesson(conn, course, lesson)?;
    if row.kind() != LessonKind::Quiz {
        return Err(ApiError::Conflict(ErrorCode::NotAQuiz));
    }
    Ok(row)
}

/// Write (or replace) the quiz of a quiz lesson, checked by [`grading::prepare`], which gives new
/// questions and choices their ids.
pub fn put(conn: &mut DbConn, course: &CourseRow, lesson_id: &str, quiz: Quiz) -> ApiResult<Quiz> {
    let quiz = grading::prepare(quiz, new_id)?;
    quiz_lesson(conn, &course.id, lesson_id)?;
    let row = QuizRow {
        lesson_id: lesson_id.to_owned(),
        course_id: course.id.clone(),
        pass_percent: quiz.pass_percent as i32,
        max_attempts: quiz.max_attempts.map(|m| m as i32),
        time_limit_minutes: quiz.time_limit_minutes.map(|m| m as i32),
        shuffle: quiz.shuffle,
        show_answers: quiz.show_answers,
        questions: serde_json::to_string(&quiz.questions).map_err(ApiError::internal)?,
        updated_at: now(),
    };
    repo::save_quiz(conn, &row)?;
    Ok(row.to_api())
}

/// The quiz with its answers, for its editors.
pub fn get(conn: &mut DbConn, course: &CourseRow, lesson_id: &str) -> ApiResult<Quiz> {
    quiz_lesson(conn, &course.id, lesson_id)?;
    Ok(repo::find_quiz(conn, lesson_id)?.ok_or(ApiError::NotFound)?.to_api())
}

fn started(quiz: &Quiz, row: &AttemptRow) -> ApiResult<AttemptStarted> {
    let order: Vec<(String, Vec<String>)> = serde_json::from_str(&row.question_order).map_err(ApiError::internal)?;
    Ok(AttemptStarted {
        id: AttemptId::stored(&row.id),
        started_at: to_utc(row.started_at),
        deadline: row.deadline.map(to_utc),
        questions: grading::for_learner(quiz, &order),
    })
}

/// Start an attempt for the learner of `enrolment`, or resume the one still open; none past the
/// limit. The attempts are counted and the new one written under the enrolment's lock, so that
/// starts at the same moment (two tabs, a double click, a script) are decided one after the other:
/// the first makes the attempt, the others resume it, and none passes the limit.
pub fn start(conn: &mut DbConn, enrolment: &EnrolmentRow, lesson_id: &str) -> ApiResult<AttemptStarted> {
    let (id, user) = (enrolment.course_id.as_str(), enrolment.user_id.as_str());
    quiz_lesson(conn, id, lesson_id)?;
    let quiz = repo::find_quiz(conn, lesson_id)?.ok_or(ApiError::NotFound)?.to_api();
    let now = now();
    write_tx(conn, |conn| {
        if repo::lock_enrolment(conn, id, user)?.is_none() {
            return Err(ApiError::Forbidden(ErrorCode::NotEnrolled));
        }
        let attempts = repo::attempts(conn, lesson_id, user)?;
        let open = attempts.iter().find(|a| {
            a.submitted_at.is_none() && a.deadline.is_none_or(|d| d + Duration::seconds(GRACE_SECONDS) >= now)
        });
        if let Some(open) = open {
            return started(&quiz, open);
        }
        if let Some(max) = quiz.max_attempts
            && used(&attempts, now) >= max as usize
        {
            return Err(ApiError::Refused {
                code: ErrorCode::AttemptsExhausted,
                detail: format!("You have used your {max} attempts at this quiz."),
            });
        }
        let attempt = AttemptRow {
            id: new_id(),
            lesson_id: lesson_id.to_owned(),
            course_id: id.to_owned(),
            user_id: user.to_owned(),
            question_order: serde_json::to_string(&grading::order(&quiz)).map_err(ApiError::internal)?,
            started_at: now,
            deadline: quiz.time_limit_minutes.map(|m| now + Duration::minutes(i64::from(m))),
            submitted_at: None,
            answers: None,
            score: None,
            max_score: None,
            passed: None,
        };
        repo::insert_attempt(conn, &attempt)?;
        started(&quiz, &attempt)
    })
}

/// The attempt of the user at this lesson of the course, 404 for anyone else's (or none), 409
/// `attempt_submitted` once handed in.
fn open_attempt(
    conn: &mut DbConn,
    course: &str,
    lesson_id: &str,
    attempt_id: &str,
    user: &str,
) -> ApiResult<AttemptRow> {
    let attempt = repo::find_attempt(conn, attempt_id)?;
    if attempt.user_id != user || attempt.lesson_id != lesson_id || attempt.course_id != course {
        tracing::warn!(user = %user, attempt = %attempt_id, "refused: someone else's attempt");
        return Err(ApiError::NotFound);
    }
    if attempt.submitted_at.is_some() {
        return Err(ApiError::Conflict(ErrorCode::AttemptSubmitted));
    }
    Ok(attempt)
}

pub(super) fn result_of(row: &AttemptRow) -> Option<AttemptResult> {
    row.answers.as_deref().and_then(|a| serde_json::from_str(a).ok())
}

/// Grade the user's attempt, still open, at this quiz of the course (404 for anyone else's; then
/// 403 unless they are still enrolled); passing in time completes the lesson (and the course, once
/// every required lesson is done).
pub fn submit(
    conn: &mut DbConn,
    issuer: &crate::certificates::Issuer,
    (course, r): (&CourseRow, Rights),
    user: &AuthUser,
    (lesson_id, attempt_id): (&str, &str),
    answers: &[GivenAnswer],
) -> ApiResult<AttemptResult> {
    let id = course.id.clone();
    let mut attempt = open_attempt(conn, &id, lesson_id, attempt_id, &user.id)?;
    let mut enrolment = access::require_enrolled(r, user, &id)?;
    let quiz = repo::find_quiz(conn, lesson_id)?.ok_or(ApiError::NotFound)?.to_api();
    let now = now();
    let late = attempt.deadline.is_some_and(|d| d + Duration::seconds(GRACE_SECONDS) < now);
    // The right answers are kept with the attempt, and shown once [`reveals`] says so.
    let (questions, score, max) = grading::grade(&quiz, answers, true);
    let percent = percent(score, max);
    let passed = !late && percent >= quiz.pass_percent as i32;
    let mut result = AttemptResult {
        id: AttemptId::stored(&attempt.id),
        started_at: to_utc(attempt.started_at),
        submitted_at: Some(to_utc(now)),
        score,
        max_score: max,
        percent,
        passed,
        late,
        questions,
    };
    attempt.submitted_at = Some(now);
    attempt.answers = Some(serde_json::to_string(&result).map_err(ApiError::internal)?);
    attempt.score = Some(score as i32);
    attempt.max_score = Some(max as i32);
    attempt.passed = Some(passed);
    let lessons = repo::lessons(conn, &id)?;
    let shown = write_tx(conn, |conn| {
        if repo::grade_attempt(conn, &attempt)? == 0 {
            return Err(ApiError::Conflict(ErrorCode::AttemptSubmitted));
        }
        if passed {
            record_completion(conn, issuer, &mut enrolment, lesson_id, &lessons, now)?;
        }
        Ok(reveals((quiz.show_answers, quiz.max_attempts), &repo::attempts(conn, lesson_id, &user.id)?, now))
    })?;
    if !shown {
        grading::hide_answers(&mut result);
    }
    tracing::info!(attempt = %attempt.id, learner = %enrolment.user_id, percent, passed, "quiz attempt graded");
    Ok(result)
}

/// Whether the learner whose attempts these are now sees the right answers of a quiz with these
/// `show_answers` and `max_attempts` ([`grading::answers_shown`]).
fn reveals((show, max): (bool, Option<u32>), attempts: &[AttemptRow], now: NaiveDateTime) -> bool {
    let passed = attempts.iter().any(|a| a.passed == Some(true));
    grading::answers_shown(show, max, passed, used(attempts, now))
}

/// The user's graded attempts at a quiz lesson of the course, oldest first; with their right
/// answers once [`reveals`] says so.
pub fn attempts(conn: &mut DbConn, course: &CourseRow, lesson_id: &str, user: &str) -> ApiResult<Vec<AttemptResult>> {
    quiz_lesson(conn, &course.id, lesson_id)?;
    let rows = repo::attempts(conn, lesson_id, user)?;
    let shown = repo::find_quiz(conn, lesson_id)?
        .is_some_and(|q| reveals((q.show_answers, q.max_attempts.map(|m| m.max(1) as u32)), &rows, now()));
    let mut results: Vec<AttemptResult> = rows.iter().filter_map(result_of).collect();
    if !shown {
        results.iter_mut().for_each(grading::hide_answers);
    }
    Ok(results)
}
