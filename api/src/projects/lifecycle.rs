//! `/projects`: the lists, writing one, following it.

use actix_web::{HttpResponse, delete, get, post, put, web};
use madani_shared::Page;
use madani_shared::ids::{AssociationId, ProjectId};
use madani_shared::projects::*;

use super::service::projects as service;
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::http::{ValidJson, ValidQuery};
use crate::openapi::errors::{Errors, NotFound, NotOfficer};
use crate::state::{Answer, State};

/// Projects
///
/// Newest first: every public project, and those of the viewer's associations (`network` ones of
/// the associations they partner, `private` ones of those they lead).
#[utoipa::path(tag = "projects", params(ListProjectsQuery), responses((status = 200, description = "A page of projects", body = Page<ProjectSummary>)), security((), ("bearer" = [])))]
#[get("/projects")]
pub async fn list_projects(
    state: State,
    user: Option<AuthUser>,
    query: ValidQuery<ListProjectsQuery>,
) -> Answer<Page<ProjectSummary>> {
    let (q, urls) = (query.0, state.keys.urls.clone());
    Ok(web::Json(state.db(move |conn| service::list(conn, &urls, user.as_ref(), None, &q)).await?))
}

/// An association's projects
///
/// The projects it leads that the viewer sees, newest first.
#[utoipa::path(tag = "projects", params(("id" = AssociationId, Path, description = "The lead association's id"), ListProjectsQuery), responses((status = 200, description = "A page of projects", body = Page<ProjectSummary>), Errors<NotFound>), security((), ("bearer" = [])))]
#[get("/associations/{id}/projects")]
pub async fn list_association_projects(
    state: State,
    user: Option<AuthUser>,
    path: web::Path<AssociationId>,
    query: ValidQuery<ListProjectsQuery>,
) -> Answer<Page<ProjectSummary>> {
    let (id, q, urls) = (path.into_inner().to_string(), query.0, state.keys.urls.clone());
    Ok(web::Json(
        state
            .db(move |conn| {
                crate::associations::access::load_visible(conn, &id, user.as_ref())?;
                service::list(conn, &urls, user.as_ref(), Some(&id), &q)
            })
            .await?,
    ))
}

/// Create a project
///
/// Officers of `association_id`, which leads it (403 `not_officer`). Partners name an
/// association or an institution (422 `partners[i]` `invalid`, `partners` `unknown`).
#[utoipa::path(tag = "projects", request_body = ProjectInput, responses((status = 201, description = "Created", body = Project), Errors<(NotFound, NotOfficer)>), security(("bearer" = [])))]
#[post("/projects")]
pub async fn create_project(state: State, user: AuthUser, body: ValidJson<ProjectInput>) -> ApiResult<HttpResponse> {
    let (input, urls) = (body.0, state.keys.urls.clone());
    let created = state.db(move |conn| service::create(conn, &urls, &user, &input)).await?;
    Ok(HttpResponse::Created().json(created))
}

/// A project
///
/// With its partners, milestones and progress; 404 for whoever may not see it.
#[utoipa::path(tag = "projects", params(("id" = ProjectId, Path, description = "The project id")), responses((status = 200, description = "The project", body = Project), Errors<NotFound>), security((), ("bearer" = [])))]
#[get("/projects/{id}")]
pub async fn get_project(state: State, user: Option<AuthUser>, path: web::Path<ProjectId>) -> Answer<Project> {
    let (id, urls) = (path.into_inner().to_string(), state.keys.urls.clone());
    Ok(web::Json(state.db(move |conn| service::get(conn, &urls, user.as_ref(), &id)).await?))
}

/// Change a project
///
/// Officers of the lead association (partners' officers post updates but do not edit: 403
/// `not_officer`). The whole project is given; the lead cannot change (422 `association_id`
/// `fixed`).
#[utoipa::path(tag = "projects", params(("id" = ProjectId, Path, description = "The project id")), request_body = ProjectInput, responses((status = 200, description = "The project", body = Project), Errors<(NotFound, NotOfficer)>), security(("bearer" = [])))]
#[put("/projects/{id}")]
pub async fn update_project(
    state: State,
    user: AuthUser,
    path: web::Path<ProjectId>,
    body: ValidJson<ProjectInput>,
) -> Answer<Project> {
    let (id, input, urls) = (path.into_inner().to_string(), body.0, state.keys.urls.clone());
    Ok(web::Json(state.db(move |conn| service::update(conn, &urls, &user, &id, &input)).await?))
}

/// Follow a project
///
/// Its updates then reach the follower as notifications, and its activities their calendar.
#[utoipa::path(tag = "projects", params(("id" = ProjectId, Path, description = "The project id")), responses((status = 200, description = "The project", body = Project), Errors<NotFound>), security(("bearer" = [])))]
#[put("/projects/{id}/follow")]
pub async fn follow_project(state: State, user: AuthUser, path: web::Path<ProjectId>) -> Answer<Project> {
    let (id, urls) = (path.into_inner().to_string(), state.keys.urls.clone());
    Ok(web::Json(state.db(move |conn| service::set_following(conn, &urls, &user, &id, true)).await?))
}

/// Stop following a project
#[utoipa::path(tag = "projects", params(("id" = ProjectId, Path, description = "The project id")), responses((status = 200, description = "The project", body = Project), Errors<NotFound>), security(("bearer" = [])))]
#[delete("/projects/{id}/follow")]
pub async fn unfollow_project(state: State, user: AuthUser, path: web::Path<ProjectId>) -> Answer<Project> {
    let (id, urls) = (path.into_inner().to_string(), state.keys.urls.clone());
    Ok(web::Json(state.db(move |conn| service::set_following(conn, &urls, &user, &id, false)).await?))
}
