//! Handlers of verification by the observatory: the queue, and the staff decisions (verify,
//! reject, suspend, delete).

use actix_web::{HttpResponse, delete, get, post, web};
use madani_shared::Page;
use madani_shared::associations::*;
use madani_shared::ids::AssociationId;

use super::service::verification::StaffAction;
use super::{access, service};
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::http::{ValidJson, ValidQuery};
use crate::media::remove_picture;
use crate::openapi::errors::{Errors, InvalidStatusChange, NotFound, NotStaff, RegistrationNumberTaken};
use crate::state::{Answer, State};

/// The verification queue
///
/// Observatory staff and administrators: pending associations, oldest first, each with its
/// registration number and the other associations registered under it (`number_claimed_by`: a
/// verified or suspended one holds the number, and verifying this one is refused).
#[utoipa::path(tag = "verification", params(VerificationQueueQuery), responses((status = 200, description = "A page of the queue", body = Page<QueuedAssociation>), Errors<NotStaff>), security(("bearer" = [])))]
#[get("/verification-queue")]
pub async fn verification_queue(
    state: State,
    user: AuthUser,
    query: ValidQuery<VerificationQueueQuery>,
) -> Answer<Page<QueuedAssociation>> {
    access::require_staff(&user)?;
    let q = query.0;
    Ok(web::Json(state.db(move |conn| service::verification::queue(conn, q)).await?))
}

/// Apply a staff decision; the officers' emails go out after the commit.
async fn staff_decision(
    state: State,
    user: AuthUser,
    id: AssociationId,
    action: StaffAction,
    reason: Option<String>,
) -> Answer<Association> {
    access::require_staff(&user)?;
    let id = id.to_string();
    let view = state.db(move |conn| service::verification::decide(conn, &user, &id, action, reason)).await?;
    state.directory.invalidate();
    state.mail_notify.notify_one();
    Ok(web::Json(view))
}

/// Verify an association
///
/// Refused (`registration_number_taken`) while another verified or suspended association holds
/// its registration number.
#[utoipa::path(tag = "verification", params(("id" = AssociationId, Path, description = "The association id")), request_body = Option<StatusDecision>, responses((status = 200, description = "Verified; its officers are notified", body = Association), Errors<(NotFound, NotStaff, InvalidStatusChange, RegistrationNumberTaken)>), security(("bearer" = [])))]
#[post("/associations/{id}/verify")]
pub async fn verify_association(
    state: State,
    user: AuthUser,
    path: web::Path<AssociationId>,
    body: ValidJson<StatusDecision>,
) -> Answer<Association> {
    staff_decision(state, user, path.into_inner(), StaffAction::Verify, body.0.reason).await
}

/// Reject an association's verification
///
/// The `reason` is required; the association's officers read it.
#[utoipa::path(tag = "verification", params(("id" = AssociationId, Path, description = "The association id")), request_body = StatusDecisionWithReason, responses((status = 200, description = "Rejected; its officers are notified", body = Association), Errors<(NotFound, NotStaff, InvalidStatusChange)>), security(("bearer" = [])))]
#[post("/associations/{id}/reject")]
pub async fn reject_association(
    state: State,
    user: AuthUser,
    path: web::Path<AssociationId>,
    body: ValidJson<StatusDecision>,
) -> Answer<Association> {
    staff_decision(state, user, path.into_inner(), StaffAction::Reject, body.0.reason).await
}

/// Suspend a verified association
///
/// The `reason` is required; the association's officers read it.
#[utoipa::path(tag = "verification", params(("id" = AssociationId, Path, description = "The association id")), request_body = StatusDecisionWithReason, responses((status = 200, description = "Suspended; its officers are notified", body = Association), Errors<(NotFound, NotStaff, InvalidStatusChange)>), security(("bearer" = [])))]
#[post("/associations/{id}/suspend")]
pub async fn suspend_association(
    state: State,
    user: AuthUser,
    path: web::Path<AssociationId>,
    body: ValidJson<StatusDecision>,
) -> Answer<Association> {
    staff_decision(state, user, path.into_inner(), StaffAction::Suspend, body.0.reason).await
}

/// Delete a pending or rejected association
///
/// Observatory staff and administrators, with the `reason` its officers read (by email and in the
/// app): a registration under a number that is not the registrant's, a duplicate. Recorded in the
/// audit log. Verified and suspended associations are never deleted (`invalid_status_change`):
/// suspend them.
#[utoipa::path(tag = "verification", params(("id" = AssociationId, Path, description = "The association id")), request_body = StatusDecisionWithReason, responses((status = 204, description = "Deleted; its officers are notified"), Errors<(NotFound, NotStaff, InvalidStatusChange)>), security(("bearer" = [])))]
#[delete("/associations/{id}")]
pub async fn delete_association(
    state: State,
    user: AuthUser,
    path: web::Path<AssociationId>,
    body: ValidJson<StatusDecision>,
) -> ApiResult<HttpResponse> {
    access::require_staff(&user)?;
    let id = path.into_inner().to_string();
    let reason = body.0.reason;
    remove_picture(&state, move |conn| service::verification::delete(conn, &user, &id, reason)).await?;
    state.directory.invalidate();
    state.mail_notify.notify_one();
    Ok(HttpResponse::NoContent().finish())
}
