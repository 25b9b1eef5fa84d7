//! `/auth/register` and `/auth/verify-email…`: creating an account and confirming its address.

use actix_web::{HttpRequest, HttpResponse, post};
use madani_shared::auth::*;

use super::{AuthUser, passwords, service};
use crate::error::ApiResult;
use crate::http::ValidJson;
use crate::openapi::errors::{AlreadyVerified, Errors, InvalidLinkToken, TooManyRequests};
use crate::state::State;

/// Create an account
///
/// Creates a member account and emails a verification link (valid 48 hours). The password must be
/// 8 to 128 characters and not among the most common passwords. Fields other than these four
/// (`role`, `email_verified`, …) are ignored. An address that already has an account gets the same
/// answer, for an account that is not created, and its owner an email saying someone tried: the
/// answer never tells who has an account. Limited per client address and per email address (429).
#[utoipa::path(tag = "auth", request_body = RegisterRequest, responses((status = 201, description = "Account created; a verification email is on its way", body = User), Errors<TooManyRequests>), security(()))]
#[post("/auth/register")]
pub async fn register(req: HttpRequest, state: State, body: ValidJson<RegisterRequest>) -> ApiResult<HttpResponse> {
    let body = body.0;
    passwords::check_new_password("password", &body.password)?;
    let ip = state.client_ip(&req);
    let (limits, email) = (state.config.limits.clone(), body.email.clone());
    state.db(move |conn| service::registration_allowed(conn, &email, &ip, &limits)).await?;
    let hash = state.hasher.hash(body.password.clone()).await?;
    let public_url = state.config.public_url.clone();
    let user = state.db(move |conn| service::register(conn, &body, &hash, &public_url)).await?;
    state.mail_notify.notify_one();
    state.jobs_notify.notify_one();
    Ok(HttpResponse::Created().json(User::from(&user)))
}

/// Confirm an email address
///
/// Consumes the token from the verification email and marks the address verified.
#[utoipa::path(tag = "auth", request_body = VerifyEmailRequest, responses((status = 200, description = "Verified", body = User), Errors<InvalidLinkToken>), security(()))]
#[post("/auth/verify-email")]
pub async fn verify_email(state: State, body: ValidJson<VerifyEmailRequest>) -> ApiResult<HttpResponse> {
    let token = body.0.token;
    let user = state.db(move |conn| service::verify_email(conn, &token)).await?;
    Ok(HttpResponse::Ok().json(User::from(&user)))
}

/// Send the verification email again
///
/// At most 5 an hour.
#[utoipa::path(tag = "auth", responses((status = 202, description = "A new verification email is on its way"), Errors<(AlreadyVerified, TooManyRequests)>), security(("bearer" = [])))]
#[post("/auth/verify-email/resend")]
pub async fn resend_verification(req: HttpRequest, state: State, user: AuthUser) -> ApiResult<HttpResponse> {
    let public_url = state.config.public_url.clone();
    let (ip, limits) = (state.client_ip(&req), state.config.limits.clone());
    state.db(move |conn| service::resend_verification(conn, &user.id, &public_url, &ip, &limits)).await?;
    state.mail_notify.notify_one();
    Ok(HttpResponse::Accepted().finish())
}
