//! HTTP handlers for certificates, their public verification, the status list and the keys.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use diesel::prelude::*;
use madani_shared::Problem;
use madani_shared::auth::Role;
use madani_shared::certificates::*;

use super::issue::{self, CertificateRow, Issuer, display_code};
use crate::associations::repo::{insert_audit, insert_notification};
use crate::associations::rows::{AuditRow, NotificationRow};
use crate::auth::AuthUser;
use crate::db::schema::certificates;
use crate::db::{new_id, now, to_utc, write_tx};
use crate::error::{ApiError, ApiResult};
use crate::http::ValidJson;
use crate::startup::AppState;

const STAFF: &[Role] = Role::STAFF;

fn view(issuer: &Issuer, row: &CertificateRow) -> Certificate {
    let code = display_code(&row.code);
    Certificate {
        id: row.id.clone(),
        verification_url: issuer.verification_url(&code),
        code,
        course_id: row.course_id.clone(),
        course_title: row.course_title(),
        holder_name: row.holder_name.clone(),
        issued_at: to_utc(row.issued_at),
        issuer: issuer.name.clone(),
        status: if row.revoked_at.is_some() { CertificateStatus::Revoked } else { CertificateStatus::Valid },
        revoked_at: row.revoked_at.map(to_utc),
        revoked_reason: row.revoked_reason.clone(),
        credential: row.credential.clone(),
    }
}

/// Your certificates
#[utoipa::path(
    tag = "certificates",
    responses((status = 200, description = "Your certificates, newest first", body = Vec<Certificate>)),
    security(("bearer" = []))
)]
#[get("/me/certificates")]
pub async fn list_my_certificates(
    state: web::Data<AppState>,
    user: AuthUser,
) -> ApiResult<web::Json<Vec<Certificate>>> {
    let issuer = state.issuer.clone();
    let rows: Vec<CertificateRow> = state
        .db(move |conn| {
            Ok(certificates::table
                .filter(certificates::user_id.eq(&user.id))
                .order(certificates::issued_at.desc())
                .load(conn)?)
        })
        .await?;
    Ok(web::Json(rows.iter().map(|r| view(&issuer, r)).collect()))
}

/// A certificate
///
/// Its holder and observatory staff (anyone else: 404; the public verifies by code).
#[utoipa::path(
    tag = "certificates",
    params(("id" = String, Path, description = "The certificate id")),
    responses(
        (status = 200, description = "The certificate with its signed credential", body = Certificate),
        (status = 404, description = "No such certificate of yours (`not_found`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/certificates/{id}")]
pub async fn get_certificate(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> ApiResult<web::Json<Certificate>> {
    let id = path.into_inner();
    let row: CertificateRow = state.db(move |conn| Ok(certificates::table.find(&id).first(conn)?)).await?;
    if row.user_id != user.id && !user.role.is_staff() {
        tracing::warn!(user = %user.id, certificate = %row.id, "refused: someone else's certificate");
        return Err(ApiError::NotFound);
    }
    Ok(web::Json(view(&state.issuer, &row)))
}

/// Revoke a certificate
///
/// Observatory staff, with a reason that anyone verifying it reads. It is marked in the status list
/// at once; the holder is notified.
#[utoipa::path(
    tag = "certificates",
    params(("id" = String, Path, description = "The certificate id")),
    request_body = RevokeCertificate,
    responses(
        (status = 200, description = "Revoked", body = Certificate),
        (status = 403, description = "Not staff (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such certificate (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already revoked (`conflict`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/certificates/{id}/revoke")]
pub async fn revoke_certificate(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
    body: ValidJson<RevokeCertificate>,
) -> ApiResult<web::Json<Certificate>> {
    user.require(STAFF, "revoke certificates")?;
    let id = path.into_inner();
    let reason = body.0.reason.trim().to_owned();
    let row: CertificateRow = state
        .db(move |conn| {
            let now = now();
            write_tx(conn, |conn| {
                let updated = diesel::update(certificates::table.find(&id).filter(certificates::revoked_at.is_null()))
                    .set((
                        certificates::revoked_at.eq(Some(now)),
                        certificates::revoked_reason.eq(Some(&reason)),
                        certificates::revoked_by.eq(Some(&user.id)),
                    ))
                    .execute(conn)?;
                let row: CertificateRow = certificates::table.find(&id).first(conn)?;
                if updated == 0 {
                    return Err(ApiError::Conflict("This certificate is already revoked.".into()));
                }
                insert_audit(
                    conn,
                    &AuditRow {
                        id: new_id(),
                        actor_id: Some(user.id.clone()),
                        action: "certificate.revoked".into(),
                        target_type: "certificate".into(),
                        target_id: id.clone(),
                        reason: Some(reason.clone()),
                        created_at: now,
                    },
                )?;
                insert_notification(
                    conn,
                    &NotificationRow {
                        id: new_id(),
                        user_id: row.user_id.clone(),
                        kind: "certificate.revoked".into(),
                        association_id: None,
                        reason: Some(reason.clone()),
                        created_at: now,
                        read_at: None,
                        course_id: Some(row.course_id.clone()),
                    },
                )?;
                Ok(row)
            })
        })
        .await?;
    tracing::info!(certificate = %row.id, staff = %row.revoked_by.as_deref().unwrap_or(""), "certificate revoked");
    Ok(web::Json(view(&state.issuer, &row)))
}

/// Verify a certificate
///
/// Public: the holder, course, date, issuer and whether it still stands, from the code printed on
/// it (dashes, spaces and case do not matter). Lookups are limited per client address (429).
#[utoipa::path(
    tag = "certificates",
    params(("code" = String, Path, description = "The verification code, e.g. 7KQ2M-XR4TB")),
    responses(
        (status = 200, description = "The certificate", body = CertificateVerification),
        (status = 404, description = "No certificate has this code (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many lookups from this address (`too_many_requests`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(())
)]
#[get("/verify/{code}")]
pub async fn verify_certificate(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
) -> ApiResult<web::Json<CertificateVerification>> {
    let ip = crate::http::extract::client_ip(&req, state.config.trust_forwarded);
    state.verify_limiter.hit(&ip).map_err(|retry_after_secs| {
        tracing::warn!(%ip, "refused: certificate lookups");
        ApiError::TooManyRequests { retry_after_secs }
    })?;
    let code = normalize_code(&path.into_inner());
    if code.len() != 10 || !code.bytes().all(|b| CODE_ALPHABET.contains(&b)) {
        return Err(ApiError::NotFound);
    }
    let row: CertificateRow =
        state.db(move |conn| Ok(certificates::table.filter(certificates::code.eq(&code)).first(conn)?)).await?;
    let c = view(&state.issuer, &row);
    Ok(web::Json(CertificateVerification {
        code: c.code,
        holder_name: c.holder_name,
        course_title: c.course_title,
        issued_at: c.issued_at,
        issuer: c.issuer,
        status: c.status,
        revoked_at: c.revoked_at,
        revoked_reason: c.revoked_reason,
        credential: c.credential,
    }))
}

/// The revocation status list
///
/// Public: a W3C `BitstringStatusListCredential` as a VC-JOSE JWT (`application/vc+jwt`), which each
/// certificate's `credentialStatus` points to. Bit `statusListIndex` is 1 when revoked.
#[utoipa::path(
    tag = "certificates",
    responses((status = 200, description = "The signed status list", content((String = "application/vc+jwt")))),
    security(())
)]
#[get("/status-lists/revocation")]
pub async fn status_list(state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let issuer = state.issuer.clone();
    let jwt = state.db(move |conn| issue::status_list(conn, &issuer, now())).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "application/vc+jwt"))
        .insert_header((header::CACHE_CONTROL, "public, max-age=60"))
        .body(jwt))
}

/// The issuer's public keys
///
/// A JSON Web Key Set with the Ed25519 key (`kid` = its RFC 7638 thumbprint) that signs
/// certificates and the status list.
#[utoipa::path(
    tag = "certificates",
    responses((status = 200, description = "The key set", body = Object, example = json!({"keys": [{"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo", "kid": "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k", "alg": "EdDSA", "use": "sig"}]}))),
    security(())
)]
#[get("/.well-known/jwks.json")]
pub async fn jwks(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .json(serde_json::json!({"keys": [state.issuer.key.jwk()]}))
}

/// The QR code of a verification address
///
/// Public: an SVG image of the verification page's address for `code`, to print on the
/// certificate.
#[utoipa::path(
    tag = "certificates",
    params(("code" = String, Path, description = "The verification code")),
    responses(
        (status = 200, description = "The QR code", content((String = "image/svg+xml"))),
        (status = 404, description = "Not a verification code (`not_found`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(())
)]
#[get("/verify/{code}/qr.svg")]
pub async fn verification_qr(state: web::Data<AppState>, path: web::Path<String>) -> ApiResult<HttpResponse> {
    let code = normalize_code(&path.into_inner());
    if code.len() != 10 || !code.bytes().all(|b| CODE_ALPHABET.contains(&b)) {
        return Err(ApiError::NotFound);
    }
    let url = state.issuer.verification_url(&display_code(&code));
    let qr =
        qrcode::QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M).map_err(ApiError::internal)?;
    let svg = qr.render::<qrcode::render::svg::Color>().min_dimensions(200, 200).quiet_zone(true).build();
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "image/svg+xml"))
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CONTENT_SECURITY_POLICY, "default-src 'none'; style-src 'unsafe-inline'; sandbox"))
        .body(svg))
}
