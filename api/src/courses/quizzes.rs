//! Handlers of quizzes: `/courses/{id}/lessons/{lesson_id}/quiz` and `…/attempts…`.

use actix_web::{HttpResponse, get, post, put, web};
use madani_shared::Problem;
use madani_shared::courses::*;
use madani_shared::ids::{AttemptId, CourseId, LessonId};

use super::{access, service};
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::http::ValidJson;
use crate::openapi::errors::{
    AttemptSubmitted, AttemptsExhausted, Errors, NotAQuiz, NotEnrolled, NotFound, NotTrainer,
};
use crate::state::{Answer, State};

/// Write a quiz
///
/// The course's trainers and staff, on a lesson of kind `quiz`: its rules and questions with their
/// answers (replacing the previous version; attempts already made keep their grading).
#[utoipa::path(tag = "courses", params(("id" = CourseId, Path, description = "The course id"), ("lesson_id" = LessonId, Path, description = "The lesson id")), request_body = Quiz, responses((status = 200, description = "The quiz, with ids for new questions and choices", body = Quiz), (status = 422, description = "Bad questions, e.g. `questions[0].choices` without exactly one right choice", body = Problem, content_type = "application/problem+json"), Errors<(NotTrainer, NotFound, NotAQuiz)>), security(("bearer" = [])))]
#[put("/courses/{id}/lessons/{lesson_id}/quiz")]
pub async fn put_quiz(
    state: State,
    user: AuthUser,
    path: web::Path<(CourseId, LessonId)>,
    body: ValidJson<Quiz>,
) -> Answer<Quiz> {
    let (id, lesson_id) = path.into_inner();
    let (id, lesson_id) = (id.to_string(), lesson_id.to_string());
    let quiz = body.0;
    let saved = state
        .db(move |conn| {
            let course = access::require_trainer(conn, &id, &user)?;
            service::quizzes::put(conn, &course, &lesson_id, quiz)
        })
        .await?;
    Ok(web::Json(saved))
}

/// A quiz with its answers
///
/// The course's trainers and staff only.
#[utoipa::path(tag = "courses", params(("id" = CourseId, Path, description = "The course id"), ("lesson_id" = LessonId, Path, description = "The lesson id")), responses((status = 200, description = "The quiz", body = Quiz), Errors<(NotTrainer, NotFound, NotAQuiz)>), security(("bearer" = [])))]
#[get("/courses/{id}/lessons/{lesson_id}/quiz")]
pub async fn get_quiz(state: State, user: AuthUser, path: web::Path<(CourseId, LessonId)>) -> Answer<Quiz> {
    let (id, lesson_id) = path.into_inner();
    let (id, lesson_id) = (id.to_string(), lesson_id.to_string());
    let quiz = state
        .db(move |conn| {
            let course = access::require_trainer(conn, &id, &user)?;
            service::quizzes::get(conn, &course, &lesson_id)
        })
        .await?;
    Ok(web::Json(quiz))
}

/// Start (or resume) an attempt
///
/// Enrolled learners. The questions come without their answers, in this attempt's order. An
/// attempt still open is resumed rather than a new one started; none is started past the limit.
#[utoipa::path(tag = "courses", params(("id" = CourseId, Path, description = "The course id"), ("lesson_id" = LessonId, Path, description = "The lesson id")), responses((status = 200, description = "The attempt, with its questions", body = AttemptStarted), Errors<(NotEnrolled, NotFound, NotAQuiz, AttemptsExhausted)>), security(("bearer" = [])))]
#[post("/courses/{id}/lessons/{lesson_id}/attempts")]
pub async fn start_attempt(
    state: State,
    user: AuthUser,
    path: web::Path<(CourseId, LessonId)>,
) -> Answer<AttemptStarted> {
    let (id, lesson_id) = path.into_inner();
    let (id, lesson_id) = (id.to_string(), lesson_id.to_string());
    let attempt = state
        .db(move |conn| {
            let (_, r) = access::load(conn, &id, Some(&user))?;
            let enrolment = access::require_enrolled(r, &user, &id)?;
            service::quizzes::start(conn, &enrolment, &lesson_id)
        })
        .await?;
    Ok(web::Json(attempt))
}

/// Hand an attempt in
///
/// Graded by the server; the right answers are shown only if the quiz says so, and then only once
/// the learner has passed or used their last attempt (without a limit: once passed). Passing
/// completes the lesson (and the course, once every required lesson is done). Handed in after the
/// time limit, it is graded but not passed.
#[utoipa::path(tag = "courses", params(("id" = CourseId, Path, description = "The course id"), ("lesson_id" = LessonId, Path, description = "The lesson id"), ("attempt_id" = AttemptId, Path, description = "The attempt id")), request_body = Option<SubmitAttempt>, responses((status = 200, description = "The graded attempt", body = AttemptResult), Errors<(NotEnrolled, NotFound, AttemptSubmitted)>), security(("bearer" = [])))]
#[post("/courses/{id}/lessons/{lesson_id}/attempts/{attempt_id}/submit")]
pub async fn submit_attempt(
    state: State,
    user: AuthUser,
    path: web::Path<(CourseId, LessonId, AttemptId)>,
    body: ValidJson<SubmitAttempt>,
) -> ApiResult<HttpResponse> {
    let (id, lesson_id, attempt_id) = path.into_inner();
    let (id, lesson_id, attempt_id) = (id.to_string(), lesson_id.to_string(), attempt_id.to_string());
    let answers = body.0.answers;
    let issuer = state.issuer.clone();
    let result = state
        .db(move |conn| {
            let (course, r) = access::load(conn, &id, Some(&user))?;
            service::quizzes::submit(conn, &issuer, (&course, r), &user, (&lesson_id, &attempt_id), &answers)
        })
        .await?;
    Ok(HttpResponse::Ok().json(result))
}

/// Your attempts at a quiz
///
/// With their right answers under the same rule as a graded attempt's.
#[utoipa::path(tag = "courses", params(("id" = CourseId, Path, description = "The course id"), ("lesson_id" = LessonId, Path, description = "The lesson id")), responses((status = 200, description = "Your graded attempts, oldest first", body = Vec<AttemptResult>), Errors<(NotFound, NotAQuiz)>), security(("bearer" = [])))]
#[get("/courses/{id}/lessons/{lesson_id}/attempts")]
pub async fn list_attempts(
    state: State,
    user: AuthUser,
    path: web::Path<(CourseId, LessonId)>,
) -> Answer<Vec<AttemptResult>> {
    let (id, lesson_id) = path.into_inner();
    let (id, lesson_id) = (id.to_string(), lesson_id.to_string());
    let list = state
        .db(move |conn| {
            let (course, _) = access::load(conn, &id, Some(&user))?;
            service::quizzes::attempts(conn, &course, &lesson_id, &user.id)
        })
        .await?;
    Ok(web::Json(list))
}
