//! Handlers of certificates: `/me/certificates`, `/certificates/{id}` and its revocation.

use actix_web::{get, post, web};
use madani_shared::ErrorCode;
use madani_shared::auth::Role;
use madani_shared::certificates::*;
use madani_shared::ids::CertificateId;

use super::service;
use crate::auth::AuthUser;
use crate::http::ValidJson;
use crate::openapi::errors::{AlreadyRevoked, Errors, NotFound, NotStaff};
use crate::state::{Answer, State};

/// Your certificates
#[utoipa::path(tag = "certificates", responses((status = 200, description = "Your certificates, newest first (at most 500)", body = Vec<Certificate>)), security(("bearer" = [])))]
#[get("/me/certificates")]
pub async fn list_my_certificates(state: State, user: AuthUser) -> Answer<Vec<Certificate>> {
    let issuer = state.issuer.clone();
    let list = state.db(move |conn| service::certificate::mine(conn, &issuer, &user.id)).await?;
    Ok(web::Json(list))
}

/// A certificate
///
/// Its holder and observatory staff (anyone else: 404; the public verifies by code).
#[utoipa::path(tag = "certificates", params(("id" = CertificateId, Path, description = "The certificate id")), responses((status = 200, description = "The certificate with its signed credential", body = Certificate), Errors<NotFound>), security(("bearer" = [])))]
#[get("/certificates/{id}")]
pub async fn get_certificate(state: State, user: AuthUser, path: web::Path<CertificateId>) -> Answer<Certificate> {
    let id = path.into_inner().to_string();
    let issuer = state.issuer.clone();
    let certificate = state.db(move |conn| service::certificate::get(conn, &issuer, &id, &user)).await?;
    Ok(web::Json(certificate))
}

/// Revoke a certificate
///
/// Observatory staff, with a reason that anyone verifying it reads. It is marked in the status list
/// at once; the holder is notified.
#[utoipa::path(tag = "certificates", params(("id" = CertificateId, Path, description = "The certificate id")), request_body = RevokeCertificate, responses((status = 200, description = "Revoked", body = Certificate), Errors<(NotStaff, NotFound, AlreadyRevoked)>), security(("bearer" = [])))]
#[post("/certificates/{id}/revoke")]
pub async fn revoke_certificate(
    state: State,
    user: AuthUser,
    path: web::Path<CertificateId>,
    body: ValidJson<RevokeCertificate>,
) -> Answer<Certificate> {
    user.require(Role::STAFF, ErrorCode::NotStaff)?;
    let id = path.into_inner().to_string();
    let reason = body.0.reason.trim().to_owned();
    let issuer = state.issuer.clone();
    let certificate = state.db(move |conn| service::certificate::revoke(conn, &issuer, &id, &user.id, &reason)).await?;
    Ok(web::Json(certificate))
}
