//! Handlers of what a course's trainers see of its learners: `/courses/{id}/learners…`, `/stats`.

use actix_web::{HttpResponse, get, web};
use madani_shared::Page;
use madani_shared::courses::*;
use madani_shared::ids::CourseId;
use madani_shared::page::PageQuery;

use super::{access, service};
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::http::ValidQuery;
use crate::openapi::errors::{Errors, NotFound, NotTrainer};
use crate::state::{Answer, State};

/// The learners of a course
///
/// Its trainers and staff: who, since when, how far; a page at a time, in enrolment order.
#[utoipa::path(tag = "courses", params(("id" = CourseId, Path, description = "The course id"), PageQuery), responses((status = 200, description = "A page of learners, in enrolment order", body = Page<Learner>), Errors<(NotTrainer, NotFound)>), security(("bearer" = [])))]
#[get("/courses/{id}/learners")]
pub async fn list_learners(
    state: State,
    user: AuthUser,
    path: web::Path<CourseId>,
    query: ValidQuery<PageQuery>,
) -> Answer<Page<Learner>> {
    let (id, q) = (path.into_inner().to_string(), query.0);
    let list = state
        .db(move |conn| {
            let course = access::require_trainer(conn, &id, &user)?;
            service::stats::learners(conn, &course, &q)
        })
        .await?;
    Ok(web::Json(list))
}

/// A course's figures
///
/// Its trainers and staff: learners, completion rate, and for each quiz the attempts, the learners
/// who passed, and how often each question was answered right.
#[utoipa::path(tag = "courses", params(("id" = CourseId, Path, description = "The course id")), responses((status = 200, description = "The figures", body = CourseStats), Errors<(NotTrainer, NotFound)>), security(("bearer" = [])))]
#[get("/courses/{id}/stats")]
pub async fn course_stats(state: State, user: AuthUser, path: web::Path<CourseId>) -> Answer<CourseStats> {
    let id = path.into_inner().to_string();
    let stats = state
        .db(move |conn| {
            let course = access::require_trainer(conn, &id, &user)?;
            service::stats::stats(conn, &course)
        })
        .await?;
    Ok(web::Json(stats))
}

/// The learners as CSV
///
/// Its trainers and staff: one row per learner with their progress (UTF-8, RFC 4180).
#[utoipa::path(tag = "courses", params(("id" = CourseId, Path, description = "The course id")), responses((status = 200, description = "The learners, as an attachment", content((String = "text/csv", example = "name,enrolled_at,completed_lessons,total_lessons,percent,completed_at\r\n"))), Errors<(NotTrainer, NotFound)>), security(("bearer" = [])))]
#[get("/courses/{id}/learners/export")]
pub async fn export_learners(state: State, user: AuthUser, path: web::Path<CourseId>) -> ApiResult<HttpResponse> {
    let id = path.into_inner().to_string();
    let csv = state
        .db(move |conn| {
            let course = access::require_trainer(conn, &id, &user)?;
            service::stats::learners_csv(conn, &course)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(("content-disposition", "attachment; filename=\"learners.csv\""))
        .body(csv))
}
