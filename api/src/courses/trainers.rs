//! Handlers of a course's trainers: `/courses/{id}/trainers…`.

use actix_web::{HttpResponse, delete, post, web};
use madani_shared::auth::Role;
use madani_shared::courses::*;
use madani_shared::ids::{CourseId, UserId};
use madani_shared::{ErrorCode, Problem};

use super::{access, service};
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::http::ValidJson;
use crate::openapi::errors::{Errors, NotFound, NotStaff};
use crate::state::{Answer, State};

/// Add a trainer
///
/// Staff. The member may then edit the course.
#[utoipa::path(tag = "courses", params(("id" = CourseId, Path, description = "The course id")), request_body = AddTrainer, responses((status = 200, description = "The course with its trainers", body = Course), (status = 422, description = "`user_id` is not a member of Madani", body = Problem, content_type = "application/problem+json"), Errors<(NotStaff, NotFound)>), security(("bearer" = [])))]
#[post("/courses/{id}/trainers")]
pub async fn add_trainer(
    state: State,
    user: AuthUser,
    path: web::Path<CourseId>,
    body: ValidJson<AddTrainer>,
) -> Answer<Course> {
    user.require(Role::STAFF, ErrorCode::NotStaff)?;
    let id = path.into_inner().to_string();
    let trainer = body.0.user_id.to_string();
    let urls = state.keys.urls.clone();
    let course = state
        .db(move |conn| {
            let (row, r) = access::load(conn, &id, Some(&user))?;
            service::trainers::add(conn, &urls, &row, &r, &trainer)
        })
        .await?;
    Ok(web::Json(course))
}

/// Remove a trainer
#[utoipa::path(tag = "courses", params(("id" = CourseId, Path, description = "The course id"), ("user_id" = UserId, Path, description = "The trainer's user id")), responses((status = 204, description = "Removed"), Errors<(NotStaff, NotFound)>), security(("bearer" = [])))]
#[delete("/courses/{id}/trainers/{user_id}")]
pub async fn remove_trainer(
    state: State,
    user: AuthUser,
    path: web::Path<(CourseId, UserId)>,
) -> ApiResult<HttpResponse> {
    user.require(Role::STAFF, ErrorCode::NotStaff)?;
    let (id, trainer) = path.into_inner();
    let (id, trainer) = (id.to_string(), trainer.to_string());
    state
        .db(move |conn| {
            let (row, _) = access::load(conn, &id, Some(&user))?;
            service::trainers::remove(conn, &row, &trainer)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
