//! Handlers of a learner's part: enrolling (`/courses/{id}/enrolment`), completing lessons, and
//! their own courses (`/me/courses`).

use actix_web::{HttpResponse, delete, get, post, web};
use madani_shared::courses::*;
use madani_shared::ids::{CourseId, LessonId};

use super::{access, service};
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::openapi::errors::{
    CourseEnded, CourseFull, CourseNotOpen, EmailNotVerified, Errors, NotEnrolled, NotFound, QuizCompletedByPassing,
};
use crate::state::{Answer, State};

/// Enrol
///
/// In a published course, with a verified email address; not past its end date or capacity.
/// Enrolling again changes nothing.
#[utoipa::path(tag = "courses", params(("id" = CourseId, Path, description = "The course id")), responses((status = 200, description = "Enrolled; your progress", body = Progress), Errors<(EmailNotVerified, NotFound, CourseNotOpen, CourseEnded, CourseFull)>), security(("bearer" = [])))]
#[post("/courses/{id}/enrolment")]
pub async fn enrol(state: State, user: AuthUser, path: web::Path<CourseId>) -> Answer<Progress> {
    let id = path.into_inner().to_string();
    let progress = state
        .db(move |conn| {
            let (course, r) = access::load(conn, &id, Some(&user))?;
            service::learning::enrol(conn, &course, r, &user.id)
        })
        .await?;
    Ok(web::Json(progress))
}

/// Leave a course
///
/// Your completed lessons are kept if you enrol again.
#[utoipa::path(tag = "courses", params(("id" = CourseId, Path, description = "The course id")), responses((status = 204, description = "No longer enrolled"), Errors<NotFound>), security(("bearer" = [])))]
#[delete("/courses/{id}/enrolment")]
pub async fn unenrol(state: State, user: AuthUser, path: web::Path<CourseId>) -> ApiResult<HttpResponse> {
    let id = path.into_inner().to_string();
    state
        .db(move |conn| {
            let (course, _) = access::load(conn, &id, Some(&user))?;
            service::learning::unenrol(conn, &course, &user.id)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Mark a lesson completed
///
/// Enrolled learners only; a quiz is completed by passing it (409 here). The course is complete
/// once every required lesson is.
#[utoipa::path(tag = "courses", params(("id" = CourseId, Path, description = "The course id"), ("lesson_id" = LessonId, Path, description = "The lesson id")), responses((status = 200, description = "Your progress in the course", body = Progress), Errors<(NotEnrolled, NotFound, QuizCompletedByPassing)>), security(("bearer" = [])))]
#[post("/courses/{id}/lessons/{lesson_id}/complete")]
pub async fn complete_lesson(state: State, user: AuthUser, path: web::Path<(CourseId, LessonId)>) -> Answer<Progress> {
    let (id, lesson_id) = path.into_inner();
    let (id, lesson_id) = (id.to_string(), lesson_id.to_string());
    let issuer = state.issuer.clone();
    let progress = state
        .db(move |conn| {
            let (_, r) = access::load(conn, &id, Some(&user))?;
            let enrolment = access::require_enrolled(r, &user, &id)?;
            service::learning::complete_lesson(conn, &issuer, enrolment, &lesson_id)
        })
        .await?;
    Ok(web::Json(progress))
}

/// Your courses
#[utoipa::path(tag = "me", responses((status = 200, description = "The courses you are enrolled in, newest first (at most 200), with your progress", body = Vec<MyCourse>)), security(("bearer" = [])))]
#[get("/me/courses")]
pub async fn list_my_courses(state: State, user: AuthUser) -> Answer<Vec<MyCourse>> {
    let urls = state.keys.urls.clone();
    let list = state.db(move |conn| service::learning::my_courses(conn, &urls, &user.id)).await?;
    Ok(web::Json(list))
}
