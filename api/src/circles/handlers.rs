//! `/circles`, `/circles/{id}`, its members, requests and invitations.

use actix_web::{HttpResponse, delete, get, patch, post, put, web};
use madani_shared::Page;
use madani_shared::circles::*;
use madani_shared::ids::{CircleId, UserId};

use super::service::{circles as service, members};
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::http::{ValidJson, ValidQuery};
use crate::openapi::errors::{
    Conflict, Errors, LastModerator, NotCircleMember, NotCircleModerator, NotFound, NotInstitutionStaff,
    ObserversNotAllowed,
};
use crate::state::{Answer, State};

/// The circles
///
/// Open circles and circles on request, for everyone; invite-only ones for their members and the
/// people invited. `q` matches the start of the words of the name and description (accents and
/// Arabic diacritics ignored); latest active first.
#[utoipa::path(tag = "circles", params(CirclesQuery), responses((status = 200, description = "A page of circles", body = Page<Circle>)), security((), ("bearer" = [])))]
#[get("/circles")]
pub async fn list_circles(
    state: State,
    user: Option<AuthUser>,
    query: ValidQuery<CirclesQuery>,
) -> Answer<Page<Circle>> {
    let q = query.0;
    Ok(web::Json(state.db(move |conn| service::list(conn, user.as_ref(), &q)).await?))
}

/// Create a circle
///
/// Institution staff and administrators; you become its first moderator.
#[utoipa::path(tag = "circles", request_body = NewCircle, responses((status = 201, description = "The circle", body = Circle), Errors<NotInstitutionStaff>), security(("bearer" = [])))]
#[post("/circles")]
pub async fn create_circle(state: State, user: AuthUser, body: ValidJson<NewCircle>) -> ApiResult<HttpResponse> {
    let req = body.0;
    let circle = state.db(move |conn| service::create(conn, &user, &req)).await?;
    Ok(HttpResponse::Created().json(circle))
}

/// A circle
///
/// With where you stand (`standing`). An invite-only circle is 404 for anyone neither in it nor
/// invited.
#[utoipa::path(tag = "circles", params(("id" = CircleId, Path, description = "The circle id")), responses((status = 200, description = "The circle", body = Circle), Errors<NotFound>), security((), ("bearer" = [])))]
#[get("/circles/{id}")]
pub async fn get_circle(state: State, user: Option<AuthUser>, path: web::Path<CircleId>) -> Answer<Circle> {
    let id = path.into_inner().to_string();
    Ok(web::Json(state.db(move |conn| service::get(conn, user.as_ref(), &id)).await?))
}

/// Change a circle
///
/// Its moderators and administrators; absent fields stay as they are.
#[utoipa::path(tag = "circles", params(("id" = CircleId, Path, description = "The circle id")), request_body = Option<CircleChange>, responses((status = 200, description = "The circle", body = Circle), Errors<(NotFound, NotCircleModerator)>), security(("bearer" = [])))]
#[patch("/circles/{id}")]
pub async fn update_circle(
    state: State,
    user: AuthUser,
    path: web::Path<CircleId>,
    body: ValidJson<CircleChange>,
) -> Answer<Circle> {
    let (id, req) = (path.into_inner().to_string(), body.0);
    Ok(web::Json(state.db(move |conn| service::update(conn, &user, &id, &req)).await?))
}

/// Join a circle
///
/// At once in an open circle or when invited; as a request in a circle on request (its
/// moderators are told); with `observer`, as a read-only observer (institution staff, where the
/// circle allows observers). Joining again changes nothing.
#[utoipa::path(tag = "circles", params(("id" = CircleId, Path, description = "The circle id")), request_body = Option<JoinCircle>, responses((status = 200, description = "The circle, with where you stand now", body = Circle), Errors<(NotFound, NotInstitutionStaff, ObserversNotAllowed)>), security(("bearer" = [])))]
#[post("/circles/{id}/join")]
pub async fn join_circle(
    state: State,
    user: AuthUser,
    path: web::Path<CircleId>,
    body: ValidJson<JoinCircle>,
) -> Answer<Circle> {
    let (id, req) = (path.into_inner().to_string(), body.0);
    Ok(web::Json(state.db(move |conn| members::join(conn, &user, &id, &req)).await?))
}

/// A circle's members
///
/// For whoever reads the circle: anyone for an open circle, its members otherwise. With `q`,
/// those whose name matches it, as an @mention suggests them.
#[utoipa::path(tag = "circles", params(("id" = CircleId, Path, description = "The circle id"), CircleMembersQuery), responses((status = 200, description = "A page of members, the earliest first", body = Page<CircleMember>), Errors<(NotFound, NotCircleMember)>), security((), ("bearer" = [])))]
#[get("/circles/{id}/members")]
pub async fn list_circle_members(
    state: State,
    user: Option<AuthUser>,
    path: web::Path<CircleId>,
    query: ValidQuery<CircleMembersQuery>,
) -> Answer<Page<CircleMember>> {
    let (id, q) = (path.into_inner().to_string(), query.0);
    Ok(web::Json(state.db(move |conn| members::members(conn, user.as_ref(), &id, &q)).await?))
}

/// Change a member's role
///
/// A moderator makes a member a moderator or a moderator a member (a circle keeps one moderator:
/// 409 `last_moderator`).
#[utoipa::path(tag = "circles", params(("id" = CircleId, Path, description = "The circle id"), ("user_id" = UserId, Path, description = "The member's user id")), request_body = ChangeCircleRole, responses((status = 200, description = "The member", body = CircleMember), Errors<(NotFound, NotCircleModerator, LastModerator)>), security(("bearer" = [])))]
#[put("/circles/{id}/members/{user_id}")]
pub async fn change_circle_role(
    state: State,
    user: AuthUser,
    path: web::Path<(CircleId, UserId)>,
    body: ValidJson<ChangeCircleRole>,
) -> Answer<CircleMember> {
    let (id, person) = path.into_inner();
    let (id, person, req) = (id.to_string(), person.to_string(), body.0);
    Ok(web::Json(state.db(move |conn| members::set_role(conn, &user, &id, &person, &req)).await?))
}

/// Leave a circle, or remove someone
///
/// Yourself: leave, decline an invitation or withdraw a request. Someone else: a moderator. The
/// last moderator cannot leave (409 `last_moderator`).
#[utoipa::path(tag = "circles", params(("id" = CircleId, Path, description = "The circle id"), ("user_id" = UserId, Path, description = "The member's user id")), responses((status = 204, description = "Not in the circle any more"), Errors<(NotFound, NotCircleModerator, LastModerator)>), security(("bearer" = [])))]
#[delete("/circles/{id}/members/{user_id}")]
pub async fn remove_circle_member(
    state: State,
    user: AuthUser,
    path: web::Path<(CircleId, UserId)>,
) -> ApiResult<HttpResponse> {
    let (id, person) = path.into_inner();
    let (id, person) = (id.to_string(), person.to_string());
    state.db(move |conn| members::remove(conn, &user, &id, &person)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Requests and invitations waiting
///
/// For the circle's moderators.
#[utoipa::path(tag = "circles", params(("id" = CircleId, Path, description = "The circle id")), responses((status = 200, description = "Requests to join and invitations not yet accepted", body = Vec<CirclePending>), Errors<(NotFound, NotCircleModerator)>), security(("bearer" = [])))]
#[get("/circles/{id}/pending")]
pub async fn list_circle_pending(
    state: State,
    user: AuthUser,
    path: web::Path<CircleId>,
) -> Answer<Vec<CirclePending>> {
    let id = path.into_inner().to_string();
    Ok(web::Json(state.db(move |conn| members::pending(conn, &user, &id)).await?))
}

/// Answer a request to join
///
/// A moderator approves or refuses; the person is told.
#[utoipa::path(tag = "circles", params(("id" = CircleId, Path, description = "The circle id"), ("user_id" = UserId, Path, description = "Who asked")), request_body = DecideCircleRequest, responses((status = 204, description = "Answered"), Errors<(NotFound, NotCircleModerator)>), security(("bearer" = [])))]
#[post("/circles/{id}/requests/{user_id}")]
pub async fn decide_circle_request(
    state: State,
    user: AuthUser,
    path: web::Path<(CircleId, UserId)>,
    body: ValidJson<DecideCircleRequest>,
) -> ApiResult<HttpResponse> {
    let (id, person) = path.into_inner();
    let (id, person, approve) = (id.to_string(), person.to_string(), body.0.approve);
    state.db(move |conn| members::decide(conn, &user, &id, &person, approve)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Invite someone to a circle
///
/// A moderator; the person is told, and joining accepts. 409 `conflict` for someone already in
/// the circle or asking to join (answer the request instead).
#[utoipa::path(tag = "circles", params(("id" = CircleId, Path, description = "The circle id")), request_body = InviteToCircle, responses((status = 201, description = "The invitation", body = CirclePending), Errors<(NotFound, NotCircleModerator, Conflict)>), security(("bearer" = [])))]
#[post("/circles/{id}/invitations")]
pub async fn invite_to_circle(
    state: State,
    user: AuthUser,
    path: web::Path<CircleId>,
    body: ValidJson<InviteToCircle>,
) -> ApiResult<HttpResponse> {
    let (id, person) = (path.into_inner().to_string(), body.0.user_id.to_string());
    let invitation = state.db(move |conn| members::invite(conn, &user, &id, &person)).await?;
    Ok(HttpResponse::Created().json(invitation))
}
