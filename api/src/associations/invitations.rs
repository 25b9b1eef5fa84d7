//! Handlers of invitations by email: officers invite an address with a role, list and revoke the
//! open ones; whoever holds a verified account with that address sees, accepts or declines them.

use actix_web::{HttpResponse, delete, get, post, web};
use madani_shared::associations::*;
use madani_shared::ids::{AssociationId, InvitationId};
use madani_shared::page::PageQuery;
use madani_shared::{Page, Problem};

use super::service::invitations::NewInvitation;
use super::{access, service};
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::http::{ValidJson, ValidQuery};
use crate::openapi::errors::{
    AlreadyDecided, AlreadyMember, AssociationInactive, Errors, InvitationExpired, InvitationPending, InvitationVoid,
    NotFound, NotOfficer, NotOwner, TooManyPendingInvitations, TooManyRequests,
};
use crate::state::{Answer, State};

/// Invite someone by email
///
/// Owners and admins invite members; only the owner invites admins. An email goes to the address
/// (in the language of its account, if it has one); the invitation is open for 14 days. At most 50
/// invitations by an association, 100 by one person, and 3 to one address in 24 hours.
#[utoipa::path(tag = "associations", params(("id" = AssociationId, Path, description = "The association id")), request_body = CreateInvitation, responses((status = 201, description = "Invited; an email is on its way", body = Invitation), Errors<(NotFound, NotOfficer, NotOwner, AlreadyMember, InvitationPending, TooManyPendingInvitations, TooManyRequests)>, (status = 422, description = "Bad `email` or `role` (owner)", body = Problem, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/associations/{id}/invitations")]
pub async fn create_invitation(
    state: State,
    user: AuthUser,
    path: web::Path<AssociationId>,
    body: ValidJson<CreateInvitation>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner().to_string();
    let req = body.0;
    let new = NewInvitation {
        email: req.email,
        role: req.role,
        message: req.message,
        public_url: state.config.public_url.clone(),
    };
    let invitation = state
        .db(move |conn| {
            let (association, actor) = access::require_officer(conn, &id, &user)?;
            service::invitations::invite(conn, &association, actor, &user, new)
        })
        .await?;
    state.mail_notify.notify_one();
    Ok(HttpResponse::Created().json(invitation))
}

/// Pending invitations of an association
///
/// Owners and admins; oldest first, expired ones marked `expired`.
#[utoipa::path(tag = "associations", params(("id" = AssociationId, Path, description = "The association id"), PageQuery), responses((status = 200, description = "A page of the open invitations, oldest first", body = Page<Invitation>), Errors<(NotFound, NotOfficer)>), security(("bearer" = [])))]
#[get("/associations/{id}/invitations")]
pub async fn list_invitations(
    state: State,
    user: AuthUser,
    path: web::Path<AssociationId>,
    query: ValidQuery<PageQuery>,
) -> Answer<Page<Invitation>> {
    let (id, q) = (path.into_inner().to_string(), query.0);
    let list = state
        .db(move |conn| {
            let (association, _) = access::require_officer(conn, &id, &user)?;
            service::invitations::pending(conn, &association, &q)
        })
        .await?;
    Ok(web::Json(list))
}

/// Revoke an invitation
#[utoipa::path(tag = "associations", params(("id" = AssociationId, Path, description = "The association id"), ("invitation_id" = InvitationId, Path, description = "The invitation id")), responses((status = 204, description = "Revoked"), Errors<(NotFound, NotOfficer, AlreadyDecided)>), security(("bearer" = [])))]
#[delete("/associations/{id}/invitations/{invitation_id}")]
pub async fn revoke_invitation(
    state: State,
    user: AuthUser,
    path: web::Path<(AssociationId, InvitationId)>,
) -> ApiResult<HttpResponse> {
    let (id, invitation_id) = path.into_inner();
    let (id, invitation_id) = (id.to_string(), invitation_id.to_string());
    state
        .db(move |conn| {
            access::require_officer(conn, &id, &user)?;
            service::invitations::revoke(conn, &id, &invitation_id)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Invitations for you
///
/// Open invitations addressed to your account's email address, once that address is verified.
#[utoipa::path(tag = "me", responses((status = 200, description = "Open invitations, newest first", body = Vec<Invitation>)), security(("bearer" = [])))]
#[get("/me/invitations")]
pub async fn list_my_invitations(state: State, user: AuthUser) -> Answer<Vec<Invitation>> {
    Ok(web::Json(state.db(move |conn| service::invitations::for_user(conn, &user)).await?))
}

/// Accept an invitation
///
/// You join the association with the role you were invited with, if whoever invited you may
/// still grant it (an officer, and the owner for an admin); otherwise the invitation is withdrawn
/// (`invitation_void`).
#[utoipa::path(tag = "me", params(("id" = InvitationId, Path, description = "The invitation id")), responses((status = 200, description = "You are a member", body = MyAssociation), Errors<(NotFound, InvitationExpired, InvitationVoid, AlreadyDecided, AlreadyMember, AssociationInactive)>), security(("bearer" = [])))]
#[post("/invitations/{id}/accept")]
pub async fn accept_invitation(state: State, user: AuthUser, path: web::Path<InvitationId>) -> Answer<MyAssociation> {
    let invitation_id = path.into_inner().to_string();
    let joined = state
        .db(move |conn| {
            let (row, me) = access::load_my_invitation(conn, &user, &invitation_id)?;
            service::invitations::accept(conn, row, &me)
        })
        .await?;
    Ok(web::Json(joined))
}

/// Decline an invitation
#[utoipa::path(tag = "me", params(("id" = InvitationId, Path, description = "The invitation id")), responses((status = 200, description = "Declined", body = Invitation), Errors<(NotFound, InvitationExpired, AlreadyDecided)>), security(("bearer" = [])))]
#[post("/invitations/{id}/decline")]
pub async fn decline_invitation(state: State, user: AuthUser, path: web::Path<InvitationId>) -> Answer<Invitation> {
    let invitation_id = path.into_inner().to_string();
    let declined = state
        .db(move |conn| {
            let (row, _) = access::load_my_invitation(conn, &user, &invitation_id)?;
            service::invitations::decline(conn, row)
        })
        .await?;
    Ok(web::Json(declined))
}
