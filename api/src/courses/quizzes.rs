//! Quizzes: trainers write them (answers included); learners take attempts whose questions carry
//! no answer, hand them in, and are graded by the server. Passing completes the lesson.

use actix_web::{HttpResponse, get, post, put, web};
use chrono::Duration;
use madani_shared::Problem;
use madani_shared::courses::*;

use super::handlers::{find_lesson, learner_progress, load, load_for_edit, record_completion};
use super::repo;
use super::rows::*;
use super::service::quiz;
use crate::auth::AuthUser;
use crate::db::{DbConn, new_id, now, to_utc, write_tx};
use crate::error::{ApiError, ApiResult};
use crate::http::ValidJson;
use crate::startup::AppState;

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
fn used(attempts: &[AttemptRow], now: chrono::NaiveDateTime) -> usize {
    attempts
        .iter()
        .filter(|a| a.submitted_at.is_some() || a.deadline.is_some_and(|d| d + Duration::seconds(GRACE_SECONDS) < now))
        .count()
}

fn the_quiz_lesson(conn: &mut DbConn, course: &str, lesson: &str) -> ApiResult<LessonRow> {
    let row = find_lesson(conn, course, lesson)?;
    if row.kind() != LessonKind::Quiz {
        return Err(ApiError::Conflict("This lesson is not a quiz.".into()));
    }
    Ok(row)
}

/// Write a quiz
///
/// The course's trainers and staff, on a lesson of kind `quiz`: its rules and questions with their
/// answers (replacing the previous version; attempts already made keep their grading).
#[utoipa::path(
    tag = "courses",
    params(("id" = String, Path, description = "The course id"), ("lesson_id" = String, Path, description = "The lesson id")),
    request_body = Quiz,
    responses(
        (status = 200, description = "The quiz, with ids for new questions and choices", body = Quiz),
        (status = 403, description = "Not a trainer of this course (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such course or lesson (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The lesson is not a quiz (`conflict`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad questions, e.g. `questions[0].choices` without exactly one right choice", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[put("/courses/{id}/lessons/{lesson_id}/quiz")]
pub async fn put_quiz(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(String, String)>,
    body: ValidJson<Quiz>,
) -> ApiResult<web::Json<Quiz>> {
    let (id, lesson_id) = path.into_inner();
    let quiz = quiz::prepare(body.0, new_id)?;
    let saved = state
        .db(move |conn| {
            load_for_edit(conn, &id, &user)?;
            the_quiz_lesson(conn, &id, &lesson_id)?;
            let row = QuizRow {
                lesson_id: lesson_id.clone(),
                course_id: id.clone(),
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
        })
        .await?;
    Ok(web::Json(saved))
}

/// A quiz with its answers
///
/// The course's trainers and staff only.
#[utoipa::path(
    tag = "courses",
    params(("id" = String, Path, description = "The course id"), ("lesson_id" = String, Path, description = "The lesson id")),
    responses(
        (status = 200, description = "The quiz", body = Quiz),
        (status = 403, description = "Not a trainer of this course (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such course, lesson or quiz (`not_found`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/courses/{id}/lessons/{lesson_id}/quiz")]
pub async fn get_quiz(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(String, String)>,
) -> ApiResult<web::Json<Quiz>> {
    let (id, lesson_id) = path.into_inner();
    let quiz = state
        .db(move |conn| {
            load_for_edit(conn, &id, &user)?;
            the_quiz_lesson(conn, &id, &lesson_id)?;
            Ok(repo::find_quiz(conn, &lesson_id)?.ok_or(ApiError::NotFound)?.to_api())
        })
        .await?;
    Ok(web::Json(quiz))
}

fn started(quiz: &Quiz, row: &AttemptRow) -> ApiResult<AttemptStarted> {
    let order: Vec<(String, Vec<String>)> = serde_json::from_str(&row.question_order).map_err(ApiError::internal)?;
    Ok(AttemptStarted {
        id: row.id.clone(),
        started_at: to_utc(row.started_at),
        deadline: row.deadline.map(to_utc),
        questions: quiz::for_learner(quiz, &order),
    })
}

/// Start (or resume) an attempt
///
/// Enrolled learners. The questions come without their answers, in this attempt's order. An
/// attempt still open is resumed rather than a new one started; none is started past the limit.
#[utoipa::path(
    tag = "courses",
    params(("id" = String, Path, description = "The course id"), ("lesson_id" = String, Path, description = "The lesson id")),
    responses(
        (status = 200, description = "The attempt, with its questions", body = AttemptStarted),
        (status = 403, description = "Not enrolled (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such course, lesson or quiz (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "No attempt left, or the lesson is not a quiz (`conflict`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/courses/{id}/lessons/{lesson_id}/attempts")]
pub async fn start_attempt(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(String, String)>,
) -> ApiResult<web::Json<AttemptStarted>> {
    let (id, lesson_id) = path.into_inner();
    let attempt = state
        .db(move |conn| {
            let (_, r) = load(conn, &id, Some(&user))?;
            if r.enrolment.is_none() {
                tracing::warn!(user = %user.id, course = %id, "refused: quiz without enrolment");
                return Err(ApiError::Forbidden("enrol in the course to take its quizzes"));
            }
            the_quiz_lesson(conn, &id, &lesson_id)?;
            let row = repo::find_quiz(conn, &lesson_id)?.ok_or(ApiError::NotFound)?;
            let quiz = row.to_api();
            let now = now();
            write_tx(conn, |conn| {
                let attempts = repo::attempts(conn, &lesson_id, &user.id)?;
                let open = attempts.iter().find(|a| {
                    a.submitted_at.is_none() && a.deadline.is_none_or(|d| d + Duration::seconds(GRACE_SECONDS) >= now)
                });
                if let Some(open) = open {
                    return started(&quiz, open);
                }
                if let Some(max) = quiz.max_attempts
                    && used(&attempts, now) >= max as usize
                {
                    return Err(ApiError::Conflict(format!("You have used your {max} attempts at this quiz.")));
                }
                let attempt = AttemptRow {
                    id: new_id(),
                    lesson_id: lesson_id.clone(),
                    course_id: id.clone(),
                    user_id: user.id.clone(),
                    question_order: serde_json::to_string(&quiz::order(&quiz)).map_err(ApiError::internal)?,
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
        })
        .await?;
    Ok(web::Json(attempt))
}

fn result_of(row: &AttemptRow) -> Option<AttemptResult> {
    row.answers.as_deref().and_then(|a| serde_json::from_str(a).ok())
}

/// Hand an attempt in
///
/// Graded by the server; the right answers are shown afterwards only if the quiz says so. Passing
/// completes the lesson (and the course, once every required lesson is done). Handed in after the
/// time limit, it is graded but not passed.
#[utoipa::path(
    tag = "courses",
    params(
        ("id" = String, Path, description = "The course id"),
        ("lesson_id" = String, Path, description = "The lesson id"),
        ("attempt_id" = String, Path, description = "The attempt id"),
    ),
    request_body = SubmitAttempt,
    responses(
        (status = 200, description = "The graded attempt", body = AttemptResult),
        (status = 404, description = "No such attempt of yours (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already handed in (`conflict`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/courses/{id}/lessons/{lesson_id}/attempts/{attempt_id}/submit")]
pub async fn submit_attempt(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(String, String, String)>,
    body: ValidJson<SubmitAttempt>,
) -> ApiResult<HttpResponse> {
    let (id, lesson_id, attempt_id) = path.into_inner();
    let answers = body.0.answers;
    let issuer = state.issuer.clone();
    let result = state
        .db(move |conn| {
            let (_, r) = load(conn, &id, Some(&user))?;
            let mut attempt = repo::find_attempt(conn, &attempt_id)?;
            if attempt.user_id != user.id || attempt.lesson_id != lesson_id || attempt.course_id != id {
                tracing::warn!(user = %user.id, attempt = %attempt_id, "refused: someone else's attempt");
                return Err(ApiError::NotFound);
            }
            if attempt.submitted_at.is_some() {
                return Err(ApiError::Conflict("This attempt was already handed in.".into()));
            }
            let Some(mut enrolment) = r.enrolment else {
                return Err(ApiError::Forbidden("enrol in the course to take its quizzes"));
            };
            let quiz_row = repo::find_quiz(conn, &lesson_id)?.ok_or(ApiError::NotFound)?;
            let quiz = quiz_row.to_api();
            let now = now();
            let late = attempt.deadline.is_some_and(|d| d + Duration::seconds(GRACE_SECONDS) < now);
            let (questions, score, max) = quiz::grade(&quiz, &answers, quiz.show_answers);
            let percent = percent(score, max);
            let passed = !late && percent >= quiz.pass_percent as i32;
            let result = AttemptResult {
                id: attempt.id.clone(),
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
            write_tx(conn, |conn| {
                if repo::grade_attempt(conn, &attempt)? == 0 {
                    return Err(ApiError::Conflict("This attempt was already handed in.".into()));
                }
                if passed {
                    record_completion(conn, &issuer, &mut enrolment, &lesson_id, &lessons, now)?;
                }
                Ok(())
            })?;
            tracing::info!(attempt = %attempt.id, learner = %user.id, percent, passed, "quiz attempt graded");
            let _ = learner_progress(conn, &id, &enrolment, &lessons)?;
            Ok(result)
        })
        .await?;
    Ok(HttpResponse::Ok().json(result))
}

/// Your attempts at a quiz
#[utoipa::path(
    tag = "courses",
    params(("id" = String, Path, description = "The course id"), ("lesson_id" = String, Path, description = "The lesson id")),
    responses(
        (status = 200, description = "Your graded attempts, oldest first", body = Vec<AttemptResult>),
        (status = 404, description = "No such course or lesson (`not_found`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/courses/{id}/lessons/{lesson_id}/attempts")]
pub async fn list_attempts(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(String, String)>,
) -> ApiResult<web::Json<Vec<AttemptResult>>> {
    let (id, lesson_id) = path.into_inner();
    let list = state
        .db(move |conn| {
            load(conn, &id, Some(&user))?;
            the_quiz_lesson(conn, &id, &lesson_id)?;
            Ok(repo::attempts(conn, &lesson_id, &user.id)?.iter().filter_map(result_of).collect::<Vec<_>>())
        })
        .await?;
    Ok(web::Json(list))
}

/// The figures of a course: completion, and per quiz and question how learners did.
pub fn stats(conn: &mut DbConn, course_id: &str, lessons: &[LessonRow]) -> ApiResult<CourseStats> {
    let learners = repo::learners(conn, course_id)?;
    let completed = learners.iter().filter(|(e, _)| e.completed_at.is_some()).count() as i64;
    let attempts = repo::graded_attempts(conn, course_id)?;
    let mut quizzes = Vec::new();
    for lesson in lessons.iter().filter(|l| l.kind() == LessonKind::Quiz) {
        let Some(row) = repo::find_quiz(conn, &lesson.id)? else { continue };
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
        quizzes.push(QuizStats {
            lesson_id: lesson.id.clone(),
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
        quizzes,
    })
}
