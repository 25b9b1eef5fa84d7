//! Handlers of the public verification of a certificate by its code: `/verify/{code}…`.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, web};
use madani_shared::certificates::*;
use madani_shared::ids::CertificateCode;

use super::issue::display_code;
use super::service;
use crate::error::{ApiError, ApiResult};
use crate::openapi::errors::{Errors, NotFound, TooManyRequests};
use crate::state::{Answer, State};

/// Verify a certificate
///
/// Public: the holder, course, date, issuer and whether it still stands, from the code printed on
/// it (dashes, spaces and case do not matter). Lookups are limited per client address (429).
#[utoipa::path(tag = "certificates", params(("code" = CertificateCode, Path, description = "The verification code, e.g. 7KQ2M-XR4TB")), responses((status = 200, description = "The certificate", body = CertificateVerification), Errors<(NotFound, TooManyRequests)>), security(()))]
#[get("/verify/{code}")]
pub async fn verify_certificate(
    state: State,
    req: HttpRequest,
    path: web::Path<CertificateCode>,
) -> Answer<CertificateVerification> {
    let ip = state.client_ip(&req);
    let typed = path.into_inner().to_string();
    let issuer = state.issuer.clone();
    let verification = state.db(move |conn| service::verification::verify(conn, &issuer, &typed, &ip)).await?;
    Ok(web::Json(verification))
}

/// The QR code of a verification address
///
/// Public: an SVG image of the verification page's address for `code`, to print on the
/// certificate.
#[utoipa::path(tag = "certificates", params(("code" = CertificateCode, Path, description = "The verification code")), responses((status = 200, description = "The QR code", content((String = "image/svg+xml"))), Errors<NotFound>), security(()))]
#[get("/verify/{code}/qr.svg")]
pub async fn verification_qr(state: State, path: web::Path<CertificateCode>) -> ApiResult<HttpResponse> {
    let code = service::verification::parse_code(path.as_str())?;
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
