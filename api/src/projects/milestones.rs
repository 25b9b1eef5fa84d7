//! `/projects/{id}/milestones` and `/projects/{id}/updates`.

use actix_web::{HttpResponse, delete, get, post, put, web};
use madani_shared::Page;
use madani_shared::ids::{MilestoneId, ProjectId};
use madani_shared::page::PageQuery;
use madani_shared::projects::*;

use super::service::milestones as service;
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::http::{ValidJson, ValidQuery};
use crate::openapi::errors::{Errors, NotFound, NotOfficer, NotProjectPartner};
use crate::state::{Answer, State};

/// Add a milestone
///
/// Officers of the lead association. Progress is the done milestones' share of the total weight.
#[utoipa::path(tag = "projects", params(("id" = ProjectId, Path, description = "The project id")), request_body = MilestoneInput, responses((status = 201, description = "Added", body = Milestone), Errors<(NotFound, NotOfficer)>), security(("bearer" = [])))]
#[post("/projects/{id}/milestones")]
pub async fn create_milestone(
    state: State,
    user: AuthUser,
    path: web::Path<ProjectId>,
    body: ValidJson<MilestoneInput>,
) -> ApiResult<HttpResponse> {
    let (id, input) = (path.into_inner().to_string(), body.0);
    let created = state.db(move |conn| service::create(conn, &user, &id, &input)).await?;
    Ok(HttpResponse::Created().json(created))
}

/// Change a milestone
///
/// Officers of the lead association; `done_on` marks it reached.
#[utoipa::path(tag = "projects", params(("id" = ProjectId, Path, description = "The project id"), ("milestone_id" = MilestoneId, Path, description = "The milestone id")), request_body = MilestoneInput, responses((status = 200, description = "The milestone", body = Milestone), Errors<(NotFound, NotOfficer)>), security(("bearer" = [])))]
#[put("/projects/{id}/milestones/{milestone_id}")]
pub async fn update_milestone(
    state: State,
    user: AuthUser,
    path: web::Path<(ProjectId, MilestoneId)>,
    body: ValidJson<MilestoneInput>,
) -> Answer<Milestone> {
    let (project, id) = path.into_inner();
    let (project, id, input) = (project.to_string(), id.to_string(), body.0);
    Ok(web::Json(state.db(move |conn| service::update(conn, &user, &project, &id, &input)).await?))
}

/// Remove a milestone
#[utoipa::path(tag = "projects", params(("id" = ProjectId, Path, description = "The project id"), ("milestone_id" = MilestoneId, Path, description = "The milestone id")), responses((status = 204, description = "Removed"), Errors<(NotFound, NotOfficer)>), security(("bearer" = [])))]
#[delete("/projects/{id}/milestones/{milestone_id}")]
pub async fn delete_milestone(
    state: State,
    user: AuthUser,
    path: web::Path<(ProjectId, MilestoneId)>,
) -> ApiResult<HttpResponse> {
    let (project, id) = path.into_inner();
    let (project, id) = (project.to_string(), id.to_string());
    state.db(move |conn| service::delete(conn, &user, &project, &id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A project's updates
///
/// Newest first, to whoever sees the project.
#[utoipa::path(tag = "projects", params(("id" = ProjectId, Path, description = "The project id"), PageQuery), responses((status = 200, description = "A page of updates", body = Page<ProjectUpdate>), Errors<NotFound>), security((), ("bearer" = [])))]
#[get("/projects/{id}/updates")]
pub async fn list_updates(
    state: State,
    user: Option<AuthUser>,
    path: web::Path<ProjectId>,
    query: ValidQuery<PageQuery>,
) -> Answer<Page<ProjectUpdate>> {
    let (id, q) = (path.into_inner().to_string(), query.0);
    Ok(web::Json(state.db(move |conn| service::list(conn, user.as_ref(), &id, &q)).await?))
}

/// Post an update
///
/// Officers of the lead or of a partner association (403 `not_project_partner`); it is signed
/// with their association and its followers are notified.
#[utoipa::path(tag = "projects", params(("id" = ProjectId, Path, description = "The project id")), request_body = NewProjectUpdate, responses((status = 201, description = "Posted", body = ProjectUpdate), Errors<(NotFound, NotProjectPartner)>), security(("bearer" = [])))]
#[post("/projects/{id}/updates")]
pub async fn post_update(
    state: State,
    user: AuthUser,
    path: web::Path<ProjectId>,
    body: ValidJson<NewProjectUpdate>,
) -> ApiResult<HttpResponse> {
    let (id, input) = (path.into_inner().to_string(), body.0);
    let created = state.db(move |conn| service::post(conn, &user, &id, &input)).await?;
    Ok(HttpResponse::Created().json(created))
}
