//! Handlers of the catalog and the courses themselves: `GET/POST /courses`, `GET/PATCH /courses/{id}`.

use actix_web::{HttpResponse, get, patch, post, web};
use madani_shared::auth::Role;
use madani_shared::courses::*;
use madani_shared::ids::CourseId;
use madani_shared::{ErrorCode, Page, Problem};

use super::{access, service};
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::http::{ValidJson, ValidQuery};
use crate::openapi::errors::{CourseHasLearners, Errors, NotFound, NotStaff, NotTrainer};
use crate::state::{Answer, State};

/// The course catalog
///
/// Public: published courses, newest first, with `q` (words of the title or summary, any
/// language), `field`, `level` and `language`. With `mine=true`, trainers also get the drafts and
/// archived courses they teach (staff: all of them).
#[utoipa::path(tag = "courses", params(CatalogQuery), responses((status = 200, description = "A page of the catalog", body = Page<CourseSummary>)), security((), ("bearer" = [])))]
#[get("/courses")]
pub async fn list_courses(
    state: State,
    user: Option<AuthUser>,
    query: ValidQuery<CatalogQuery>,
) -> Answer<Page<CourseSummary>> {
    let q = query.0;
    let urls = state.keys.urls.clone();
    let page = state.db(move |conn| service::catalog::list(conn, &urls, user.as_ref(), &q)).await?;
    Ok(web::Json(page))
}

/// Create a course
///
/// Observatory staff and administrators. It starts as a draft; you become its first trainer.
#[utoipa::path(tag = "courses", request_body = CreateCourse, responses((status = 201, description = "Created, as a draft", body = Course), Errors<NotStaff>), security(("bearer" = [])))]
#[post("/courses")]
pub async fn create_course(state: State, user: AuthUser, body: ValidJson<CreateCourse>) -> ApiResult<HttpResponse> {
    user.require(Role::STAFF, ErrorCode::NotStaff)?;
    let req = body.0;
    let urls = state.keys.urls.clone();
    let course = state.db(move |conn| service::catalog::create(conn, &urls, &user, req)).await?;
    Ok(HttpResponse::Created().json(course))
}

/// A course
///
/// Its outline, trainers, and, for an enrolled viewer, their progress. Drafts are visible to their
/// trainers and staff only (404 to others).
#[utoipa::path(tag = "courses", params(("id" = CourseId, Path, description = "The course id")), responses((status = 200, description = "The course", body = Course), Errors<NotFound>), security((), ("bearer" = [])))]
#[get("/courses/{id}")]
pub async fn get_course(state: State, user: Option<AuthUser>, path: web::Path<CourseId>) -> Answer<Course> {
    let id = path.into_inner().to_string();
    let urls = state.keys.urls.clone();
    let course = state
        .db(move |conn| {
            let (row, r) = access::load(conn, &id, user.as_ref())?;
            service::catalog::course_view(conn, &urls, &row, &r)
        })
        .await?;
    Ok(web::Json(course))
}

/// Change a course
///
/// Its trainers and staff. `status` publishes (a course needs a lesson, and each quiz questions), archives, or returns a
/// course nobody is enrolled in to draft.
#[utoipa::path(tag = "courses", params(("id" = CourseId, Path, description = "The course id")), request_body = Option<UpdateCourse>, responses((status = 200, description = "The course", body = Course), (status = 422, description = "Bad fields; publishing without a lesson (`status`: `no_lessons`) or with a quiz that has no questions (`lessons[<lesson id>]`: `quiz_without_questions`, one per quiz)", body = Problem, content_type = "application/problem+json"), Errors<(NotTrainer, NotFound, CourseHasLearners)>), security(("bearer" = [])))]
#[patch("/courses/{id}")]
pub async fn update_course(
    state: State,
    user: AuthUser,
    path: web::Path<CourseId>,
    body: ValidJson<UpdateCourse>,
) -> Answer<Course> {
    let id = path.into_inner().to_string();
    let req = body.0;
    let urls = state.keys.urls.clone();
    let course = state
        .db(move |conn| {
            let row = access::require_trainer(conn, &id, &user)?;
            service::catalog::update(conn, &urls, &user, row, req)
        })
        .await?;
    Ok(web::Json(course))
}
