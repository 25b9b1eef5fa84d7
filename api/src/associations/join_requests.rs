//! Handlers of requests to join an association: asking, and the officers' list and decisions.

use actix_web::{HttpResponse, get, post, web};
use madani_shared::Page;
use madani_shared::associations::*;
use madani_shared::ids::{AssociationId, JoinRequestId};
use madani_shared::page::PageQuery;

use super::{access, service};
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::http::{ValidJson, ValidQuery};
use crate::openapi::errors::{AlreadyDecided, AlreadyMember, Errors, JoinRequestPending, NotFound, NotOfficer};
use crate::state::{Answer, State};

/// Ask to join
#[utoipa::path(tag = "associations", params(("id" = AssociationId, Path, description = "The association id")), request_body = Option<CreateJoinRequest>, responses((status = 201, description = "Asked; the owners and admins decide", body = JoinRequest), Errors<(NotFound, AlreadyMember, JoinRequestPending)>), security(("bearer" = [])))]
#[post("/associations/{id}/join-requests")]
pub async fn create_join_request(
    state: State,
    user: AuthUser,
    path: web::Path<AssociationId>,
    body: ValidJson<CreateJoinRequest>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner().to_string();
    let message = body.0.message;
    let request = state
        .db(move |conn| {
            let (_, role) = access::load_visible(conn, &id, Some(&user))?;
            service::join_requests::ask(conn, &id, &user, role, message)
        })
        .await?;
    Ok(HttpResponse::Created().json(request))
}

/// Pending join requests
///
/// Owners and admins.
#[utoipa::path(tag = "associations", params(("id" = AssociationId, Path, description = "The association id"), PageQuery), responses((status = 200, description = "A page of the pending requests, oldest first", body = Page<JoinRequest>), Errors<(NotFound, NotOfficer)>), security(("bearer" = [])))]
#[get("/associations/{id}/join-requests")]
pub async fn list_join_requests(
    state: State,
    user: AuthUser,
    path: web::Path<AssociationId>,
    query: ValidQuery<PageQuery>,
) -> Answer<Page<JoinRequest>> {
    let (id, q) = (path.into_inner().to_string(), query.0);
    let list = state
        .db(move |conn| {
            access::require_officer(conn, &id, &user)?;
            service::join_requests::pending(conn, &id, &q)
        })
        .await?;
    Ok(web::Json(list))
}

async fn decide(
    state: State,
    user: AuthUser,
    (id, request_id): (AssociationId, JoinRequestId),
    approve: bool,
) -> Answer<JoinRequest> {
    let (id, request_id) = (id.to_string(), request_id.to_string());
    let request = state
        .db(move |conn| {
            access::require_officer(conn, &id, &user)?;
            service::join_requests::decide(conn, &id, &request_id, &user, approve)
        })
        .await?;
    Ok(web::Json(request))
}

/// Approve a join request
#[utoipa::path(tag = "associations", params(("id" = AssociationId, Path, description = "The association id"), ("request_id" = JoinRequestId, Path, description = "The request id")), responses((status = 200, description = "Approved; the requester is now a member", body = JoinRequest), Errors<(NotFound, NotOfficer, AlreadyDecided)>), security(("bearer" = [])))]
#[post("/associations/{id}/join-requests/{request_id}/approve")]
pub async fn approve_join_request(
    state: State,
    user: AuthUser,
    path: web::Path<(AssociationId, JoinRequestId)>,
) -> Answer<JoinRequest> {
    decide(state, user, path.into_inner(), true).await
}

/// Reject a join request
#[utoipa::path(tag = "associations", params(("id" = AssociationId, Path, description = "The association id"), ("request_id" = JoinRequestId, Path, description = "The request id")), responses((status = 200, description = "Rejected", body = JoinRequest), Errors<(NotFound, NotOfficer, AlreadyDecided)>), security(("bearer" = [])))]
#[post("/associations/{id}/join-requests/{request_id}/reject")]
pub async fn reject_join_request(
    state: State,
    user: AuthUser,
    path: web::Path<(AssociationId, JoinRequestId)>,
) -> Answer<JoinRequest> {
    decide(state, user, path.into_inner(), false).await
}
