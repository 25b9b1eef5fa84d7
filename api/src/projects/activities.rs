//! `/projects/{id}/activities` and `/activities/{id}`: writing them, cancelling, registering.

use actix_web::{HttpResponse, delete, get, post, put, web};
use madani_shared::ids::{ActivityId, ProjectId};
use madani_shared::projects::*;

use super::service::activities as service;
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::http::ValidJson;
use crate::openapi::errors::{ActivityCancelled, ActivityFull, Errors, NoRegistration, NotFound, NotOfficer};
use crate::state::{Answer, State};

/// A project's activities
///
/// By start; project-only ones to the project's members.
#[utoipa::path(tag = "calendar", params(("id" = ProjectId, Path, description = "The project id")), responses((status = 200, description = "The activities", body = Vec<Activity>), Errors<NotFound>), security((), ("bearer" = [])))]
#[get("/projects/{id}/activities")]
pub async fn list_activities(
    state: State,
    user: Option<AuthUser>,
    path: web::Path<ProjectId>,
) -> Answer<Vec<Activity>> {
    let id = path.into_inner().to_string();
    Ok(web::Json(state.db(move |conn| service::of_project(conn, user.as_ref(), &id)).await?))
}

/// Add an activity
///
/// Officers of the lead association. Times are read in `time_zone` (the project's country's by
/// default); an activity lasts at most 92 days (422 `end` `range`).
#[utoipa::path(tag = "calendar", params(("id" = ProjectId, Path, description = "The project id")), request_body = ActivityInput, responses((status = 201, description = "Added", body = Activity), Errors<(NotFound, NotOfficer)>), security(("bearer" = [])))]
#[post("/projects/{id}/activities")]
pub async fn create_activity(
    state: State,
    user: AuthUser,
    path: web::Path<ProjectId>,
    body: ValidJson<ActivityInput>,
) -> ApiResult<HttpResponse> {
    let (id, input) = (path.into_inner().to_string(), body.0);
    let created = state.db(move |conn| service::create(conn, &user, &id, &input)).await?;
    Ok(HttpResponse::Created().json(created))
}

/// An activity
#[utoipa::path(tag = "calendar", params(("id" = ActivityId, Path, description = "The activity id")), responses((status = 200, description = "The activity", body = Activity), Errors<NotFound>), security((), ("bearer" = [])))]
#[get("/activities/{id}")]
pub async fn get_activity(state: State, user: Option<AuthUser>, path: web::Path<ActivityId>) -> Answer<Activity> {
    let id = path.into_inner().to_string();
    Ok(web::Json(state.db(move |conn| service::get(conn, user.as_ref(), &id)).await?))
}

/// Change an activity
///
/// Officers of the lead association. Its `sequence` grows, so that calendars replace their copy; a
/// larger capacity gives places to the waiting list.
#[utoipa::path(tag = "calendar", params(("id" = ActivityId, Path, description = "The activity id")), request_body = ActivityInput, responses((status = 200, description = "The activity", body = Activity), Errors<(NotFound, NotOfficer)>), security(("bearer" = [])))]
#[put("/activities/{id}")]
pub async fn update_activity(
    state: State,
    user: AuthUser,
    path: web::Path<ActivityId>,
    body: ValidJson<ActivityInput>,
) -> Answer<Activity> {
    let (id, input) = (path.into_inner().to_string(), body.0);
    Ok(web::Json(state.db(move |conn| service::update(conn, &user, &id, &input)).await?))
}

/// Cancel an activity
///
/// Officers of the lead association. It stays on calendars, marked (`STATUS:CANCELLED` in
/// feeds); whoever registered is told.
#[utoipa::path(tag = "calendar", params(("id" = ActivityId, Path, description = "The activity id")), responses((status = 200, description = "Cancelled", body = Activity), Errors<(NotFound, NotOfficer, ActivityCancelled)>), security(("bearer" = [])))]
#[post("/activities/{id}/cancel")]
pub async fn cancel_activity(state: State, user: AuthUser, path: web::Path<ActivityId>) -> Answer<Activity> {
    let id = path.into_inner().to_string();
    Ok(web::Json(state.db(move |conn| service::cancel(conn, &user, &id)).await?))
}

/// Register for an activity
///
/// A place while one is free, else the waiting list (409 `activity_full` without one). Asking
/// again answers the registration as it stands.
#[utoipa::path(tag = "calendar", params(("id" = ActivityId, Path, description = "The activity id")), responses((status = 200, description = "Registered or waitlisted", body = MyRegistration), Errors<(NotFound, ActivityFull, ActivityCancelled, NoRegistration)>), security(("bearer" = [])))]
#[put("/activities/{id}/registration")]
pub async fn register_for_activity(
    state: State,
    user: AuthUser,
    path: web::Path<ActivityId>,
) -> Answer<MyRegistration> {
    let id = path.into_inner().to_string();
    Ok(web::Json(state.db(move |conn| service::register(conn, &user, &id)).await?))
}

/// Withdraw a registration
///
/// A freed place goes to the first on the waiting list, who is told.
#[utoipa::path(tag = "calendar", params(("id" = ActivityId, Path, description = "The activity id")), responses((status = 204, description = "Withdrawn"), Errors<NotFound>), security(("bearer" = [])))]
#[delete("/activities/{id}/registration")]
pub async fn cancel_registration(state: State, user: AuthUser, path: web::Path<ActivityId>) -> ApiResult<HttpResponse> {
    let id = path.into_inner().to_string();
    state.db(move |conn| service::unregister(conn, &user, &id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Who registered
///
/// Officers of the lead association: registered and waitlisted people in order of arrival, with
/// their email.
#[utoipa::path(tag = "calendar", params(("id" = ActivityId, Path, description = "The activity id")), responses((status = 200, description = "The registrants", body = Vec<Registrant>), Errors<(NotFound, NotOfficer)>), security(("bearer" = [])))]
#[get("/activities/{id}/registrations")]
pub async fn list_registrants(state: State, user: AuthUser, path: web::Path<ActivityId>) -> Answer<Vec<Registrant>> {
    let id = path.into_inner().to_string();
    Ok(web::Json(state.db(move |conn| service::registrants(conn, &user, &id)).await?))
}
