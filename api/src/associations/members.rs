//! Handlers of an association's members: the list, a member's role, removing a member (or
//! leaving), and the transfer of ownership.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use madani_shared::associations::*;
use madani_shared::ids::{AssociationId, UserId};
use madani_shared::page::PageQuery;
use madani_shared::{Page, Problem};

use super::{access, service};
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::http::{ValidJson, ValidQuery};
use crate::openapi::errors::{
    Errors, NotFound, NotMember, NotOfficer, NotOwner, OwnerCannotLeave, OwnerRoleByTransfer,
};
use crate::state::{Answer, State};

/// Members of an association
///
/// Members and staff only. A page at a time, the earliest to join first.
#[utoipa::path(tag = "associations", params(("id" = AssociationId, Path, description = "The association id"), PageQuery), responses((status = 200, description = "A page of members, the earliest to join first", body = Page<Member>), Errors<(NotFound, NotMember)>), security(("bearer" = [])))]
#[get("/associations/{id}/members")]
pub async fn list_members(
    state: State,
    user: AuthUser,
    path: web::Path<AssociationId>,
    query: ValidQuery<PageQuery>,
) -> Answer<Page<Member>> {
    let (id, q) = (path.into_inner().to_string(), query.0);
    let list = state
        .db(move |conn| {
            access::require_member_or_staff(conn, &id, &user)?;
            service::members::list(conn, &id, &q)
        })
        .await?;
    Ok(web::Json(list))
}

/// Change a member's role
///
/// Owners and admins; only the owner appoints or demotes admins; ownership moves by transfer.
#[utoipa::path(tag = "associations", params(("id" = AssociationId, Path, description = "The association id"), ("user_id" = UserId, Path, description = "The member's user id")), request_body = UpdateMember, responses((status = 200, description = "The member with the new role", body = Member), Errors<(NotFound, NotOfficer, NotOwner, OwnerRoleByTransfer)>), security(("bearer" = [])))]
#[patch("/associations/{id}/members/{user_id}")]
pub async fn update_member(
    state: State,
    user: AuthUser,
    path: web::Path<(AssociationId, UserId)>,
    body: ValidJson<UpdateMember>,
) -> Answer<Member> {
    let (id, target) = path.into_inner();
    let (id, target) = (id.to_string(), target.to_string());
    let role = body.0.role;
    let member = state
        .db(move |conn| {
            access::require_role_change(conn, &id, &user, &target, role)?;
            service::members::change_role(conn, &id, &target, role)
        })
        .await?;
    Ok(web::Json(member))
}

/// Remove a member, or leave
///
/// Members may leave; owners and admins remove members (only the owner removes admins). The owner
/// never leaves without transferring ownership first.
#[utoipa::path(tag = "associations", params(("id" = AssociationId, Path, description = "The association id"), ("user_id" = UserId, Path, description = "The member's user id")), responses((status = 204, description = "Removed"), Errors<(NotFound, NotMember, NotOfficer, NotOwner, OwnerCannotLeave)>), security(("bearer" = [])))]
#[delete("/associations/{id}/members/{user_id}")]
pub async fn remove_member(
    state: State,
    user: AuthUser,
    path: web::Path<(AssociationId, UserId)>,
) -> ApiResult<HttpResponse> {
    let (id, target) = path.into_inner();
    let (id, target) = (id.to_string(), target.to_string());
    state
        .db(move |conn| {
            access::require_removal(conn, &id, &user, &target)?;
            service::members::remove(conn, &id, &target)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Transfer ownership
///
/// The owner hands the association to another member, who becomes owner; the former owner becomes
/// admin.
#[utoipa::path(tag = "associations", params(("id" = AssociationId, Path, description = "The association id")), request_body = TransferOwnership, responses((status = 204, description = "Transferred"), Errors<(NotFound, NotOwner)>, (status = 422, description = "`user_id` is not a member", body = Problem, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/associations/{id}/transfer-ownership")]
pub async fn transfer_ownership(
    state: State,
    user: AuthUser,
    path: web::Path<AssociationId>,
    body: ValidJson<TransferOwnership>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner().to_string();
    let target = body.0.user_id.to_string();
    state
        .db(move |conn| {
            access::require_owner(conn, &id, &user)?;
            service::members::transfer_ownership(conn, &id, &user.id, &target)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
