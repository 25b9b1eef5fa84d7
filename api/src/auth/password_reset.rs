//! `/auth/password-reset…`: a one-time emailed link, then a new password.

use actix_web::{HttpRequest, HttpResponse, post};
use madani_shared::auth::*;

use super::{passwords, service};
use crate::error::ApiResult;
use crate::http::ValidJson;
use crate::openapi::errors::{Errors, InvalidLinkToken, TooManyRequests};
use crate::state::State;

/// Ask for a password reset link
///
/// Emails a one-time link (valid one hour) if the address has an active account. The answer is 202
/// either way, after the same work either way (the email is made by a background job), so it
/// reveals nothing about who has an account. At most 5 requests an hour for one address, and a
/// limited number per client address (429).
#[utoipa::path(tag = "auth", request_body = PasswordResetRequest, responses((status = 202, description = "If the address has an account, a link is on its way"), Errors<TooManyRequests>), security(()))]
#[post("/auth/password-reset")]
pub async fn request_password_reset(
    req: HttpRequest,
    state: State,
    body: ValidJson<PasswordResetRequest>,
) -> ApiResult<HttpResponse> {
    let email = body.0.email;
    let (ip, limits) = (state.client_ip(&req), state.config.limits.clone());
    state
        .db(move |conn| {
            service::link_request_allowed(conn, &email, &ip, &limits)?;
            service::request_password_reset(conn, &email)
        })
        .await?;
    state.jobs_notify.notify_one();
    Ok(HttpResponse::Accepted().finish())
}

/// Set a new password from a reset link
///
/// Every session of the account is signed out, and the limits on signing in to it are lifted. The
/// link is checked before the new password is hashed; tries are limited per client address.
#[utoipa::path(tag = "auth", request_body = PasswordResetConfirmRequest, responses((status = 204, description = "Password changed"), Errors<(InvalidLinkToken, TooManyRequests)>), security(()))]
#[post("/auth/password-reset/confirm")]
pub async fn confirm_password_reset(
    req: HttpRequest,
    state: State,
    body: ValidJson<PasswordResetConfirmRequest>,
) -> ApiResult<HttpResponse> {
    let body = body.0;
    passwords::check_new_password("new_password", &body.new_password)?;
    let (ip, limits, token) = (state.client_ip(&req), state.config.limits.clone(), body.token.clone());
    state.db(move |conn| service::reset_confirm_allowed(conn, &token, &ip, &limits)).await?;
    let hash = state.hasher.hash(body.new_password).await?;
    state.db(move |conn| service::confirm_password_reset(conn, &body.token, &hash)).await?;
    Ok(HttpResponse::NoContent().finish())
}
