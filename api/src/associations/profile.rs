//! Handlers of an association's profile: `POST /associations` (register), `GET` and `PATCH
//! /associations/{id}`.

use actix_web::{HttpResponse, get, patch, post, web};
use madani_shared::associations::*;
use madani_shared::ids::AssociationId;

use super::{access, service};
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::http::ValidJson;
use crate::openapi::errors::{EmailNotVerified, Errors, NotFound, NotOfficer, RegistrationNumberTaken};
use crate::state::{Answer, State};

/// Register an association
///
/// You become its owner; it waits for verification by the observatory. Your email address must be
/// verified.
#[utoipa::path(tag = "associations", request_body = CreateAssociation, responses((status = 201, description = "Registered, pending verification", body = Association), Errors<(EmailNotVerified, RegistrationNumberTaken)>), security(("bearer" = [])))]
#[post("/associations")]
pub async fn create_association(
    state: State,
    user: AuthUser,
    body: ValidJson<CreateAssociation>,
) -> ApiResult<HttpResponse> {
    let req = body.0;
    let view = state
        .db(move |conn| {
            access::require_verified_email(conn, &user)?;
            service::profile::create(conn, &user, &req)
        })
        .await?;
    state.directory.invalidate();
    Ok(HttpResponse::Created().json(view))
}

/// An association's profile
///
/// Public for verified and pending associations. Members and staff also see private contact details
/// and the reason of a rejection or suspension.
#[utoipa::path(tag = "associations", params(("id" = AssociationId, Path, description = "The association id")), responses((status = 200, description = "The profile", body = Association), Errors<NotFound>), security((), ("bearer" = [])))]
#[get("/associations/{id}")]
pub async fn get_association(
    state: State,
    user: Option<AuthUser>,
    path: web::Path<AssociationId>,
) -> Answer<Association> {
    let id = path.into_inner().to_string();
    let view = state
        .db(move |conn| {
            let (row, role) = access::load_visible(conn, &id, user.as_ref())?;
            service::profile::view(conn, &row, role, user.as_ref())
        })
        .await?;
    Ok(web::Json(view))
}

/// Change an association's profile
///
/// Owners and admins. The registration number and status cannot be changed here; a verified
/// association given a new name or moved to another wilaya goes back to the verification queue
/// (`pending`), its officers told and the change recorded in the audit log.
#[utoipa::path(tag = "associations", params(("id" = AssociationId, Path, description = "The association id")), request_body = Option<UpdateAssociation>, responses((status = 200, description = "The updated profile", body = Association), Errors<(NotFound, NotOfficer)>), security(("bearer" = [])))]
#[patch("/associations/{id}")]
pub async fn update_association(
    state: State,
    user: AuthUser,
    path: web::Path<AssociationId>,
    body: ValidJson<UpdateAssociation>,
) -> Answer<Association> {
    let id = path.into_inner().to_string();
    let req = body.0;
    let view = state
        .db(move |conn| {
            let (row, role) = access::require_officer(conn, &id, &user)?;
            service::profile::update(conn, row, role, &user, &req)
        })
        .await?;
    state.directory.invalidate();
    Ok(web::Json(view))
}
