//! HTTP handlers for `/api/v1/auth/…`.

use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::{HttpRequest, HttpResponse, post, web};
use madani_shared::auth::*;
use madani_shared::ids::SessionId;
use madani_shared::{Problem, auth::User};

use super::service::{self, IssuedSession};
use super::{AuthUser, REFRESH_COOKIE, REFRESH_COOKIE_PATH, passwords};
use crate::error::{ApiError, ApiResult};
use crate::http::{ValidJson, client_ip};
use crate::startup::AppState;

fn user_agent(req: &HttpRequest) -> Option<String> {
    req.headers().get(actix_web::http::header::USER_AGENT).and_then(|v| v.to_str().ok()).map(str::to_owned)
}

fn refresh_cookie(state: &AppState, value: &str, max_age_secs: i64) -> Cookie<'static> {
    Cookie::build(REFRESH_COOKIE, value.to_owned())
        .http_only(true)
        .secure(state.config.secure_cookies())
        .same_site(SameSite::Strict)
        .path(REFRESH_COOKIE_PATH)
        .max_age(CookieDuration::seconds(max_age_secs))
        .finish()
}

fn token_response(state: &AppState, issued: IssuedSession, transport: TokenTransport) -> ApiResult<HttpResponse> {
    let access = state.keys.issue(&issued.user.id, &issued.session.id, state.config.limits.access_token_secs)?;
    let refresh_expires_in = (issued.session.expires_at - crate::db::now()).num_seconds().max(0);
    let body = TokenResponse {
        access_token: access,
        token_type: "Bearer".into(),
        expires_in: state.config.limits.access_token_secs,
        refresh_token: (transport == TokenTransport::Body).then(|| issued.refresh_token.clone()),
        refresh_expires_in,
        session_id: SessionId(issued.session.id.parse().map_err(ApiError::internal)?),
        user: User::from(&issued.user),
    };
    let mut response = HttpResponse::Ok();
    if transport == TokenTransport::Cookie {
        response.cookie(refresh_cookie(state, &issued.refresh_token, refresh_expires_in));
    }
    Ok(response.json(body))
}

/// The refresh token from the body, else from the cookie; and which of the two carried it.
fn presented_refresh_token(req: &HttpRequest, body: &RefreshRequest) -> Option<(String, TokenTransport)> {
    match &body.refresh_token {
        Some(t) => Some((t.clone(), TokenTransport::Body)),
        None => req.cookie(REFRESH_COOKIE).map(|c| (c.value().to_owned(), TokenTransport::Cookie)),
    }
}

/// Create an account
///
/// Creates a member account and emails a verification link (valid 48 hours). The password must be
/// 8 to 128 characters and not among the most common passwords. Fields other than these four
/// (`role`, `email_verified`, …) are ignored.
#[utoipa::path(
    tag = "auth",
    request_body = RegisterRequest,
    responses(
        (status = 201, description = "Account created; a verification email is on its way", body = User),
        (status = 409, description = "An account with this email exists (`email_taken`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(())
)]
#[post("/auth/register")]
pub async fn register(state: web::Data<AppState>, body: ValidJson<RegisterRequest>) -> ApiResult<HttpResponse> {
    let req = body.0;
    passwords::check_new_password("password", &req.password)?;
    let public_url = state.config.public_url.clone();
    let user = state
        .db(move |conn| {
            let hash = passwords::hash(&req.password)?;
            service::register(conn, &req, &hash, &public_url)
        })
        .await?;
    state.mail_notify.notify_one();
    Ok(HttpResponse::Created().json(User::from(&user)))
}

/// Sign in
///
/// Checks email and password and opens a session: a short-lived access token (JWT, 15 minutes) and
/// a refresh token, rotated on every use. With `transport: cookie` the refresh token is set as an
/// HttpOnly, SameSite=Strict cookie scoped to `/api/v1/auth` instead of being returned.
/// After 10 failed attempts within an hour on one account (or many from one address), attempts are
/// refused with 429 and `Retry-After`, even with the right password.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = TokenResponse),
        (status = 401, description = "Wrong email or password (`invalid_credentials`)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The account is disabled (`account_disabled`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts (`too_many_requests`); see `Retry-After`", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    ),
    security(())
)]
#[post("/auth/login")]
pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: ValidJson<LoginRequest>,
) -> ApiResult<HttpResponse> {
    let body = body.0;
    let ip = client_ip(&req, state.config.trust_forwarded);
    let agent = user_agent(&req);
    let limits = state.config.limits.clone();
    let transport = body.transport;
    let issued =
        state.db(move |conn| service::login(conn, &body.email, &body.password, &ip, agent.as_deref(), &limits)).await?;
    token_response(&state, issued, transport)
}

/// Refresh the access token
///
/// Exchanges a refresh token (from the body, or from the `madani_refresh` cookie when the body has
/// none) for a new access token and a new refresh token; the old refresh token stops working. Using
/// an old refresh token again is treated as theft: the whole session is revoked.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "New tokens; the refresh token travels the way it came", body = TokenResponse),
        (status = 401, description = "Unknown, used, expired or revoked refresh token (`invalid_refresh_token`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(())
)]
#[post("/auth/refresh")]
pub async fn refresh(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: ValidJson<RefreshRequest>,
) -> ApiResult<HttpResponse> {
    let (token, transport) = presented_refresh_token(&req, &body.0).ok_or(ApiError::InvalidRefreshToken)?;
    let limits = state.config.limits.clone();
    let issued = state.db(move |conn| service::refresh(conn, &token, &limits)).await?;
    token_response(&state, issued, transport)
}

/// Sign out
///
/// Revokes the session of the refresh token (body or cookie) and clears the cookie. Always 204.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses((status = 204, description = "Signed out")),
    security(())
)]
#[post("/auth/logout")]
pub async fn logout(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: ValidJson<RefreshRequest>,
) -> ApiResult<HttpResponse> {
    if let Some((token, _)) = presented_refresh_token(&req, &body.0) {
        state.db(move |conn| service::logout(conn, &token)).await?;
    }
    let mut gone = refresh_cookie(&state, "", 0);
    gone.make_removal();
    Ok(HttpResponse::NoContent().cookie(gone).finish())
}

/// Confirm an email address
///
/// Consumes the token from the verification email and marks the address verified.
#[utoipa::path(
    tag = "auth",
    request_body = VerifyEmailRequest,
    responses(
        (status = 200, description = "Verified", body = User),
        (status = 400, description = "Invalid, used or expired token (`invalid_link_token`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(())
)]
#[post("/auth/verify-email")]
pub async fn verify_email(state: web::Data<AppState>, body: ValidJson<VerifyEmailRequest>) -> ApiResult<HttpResponse> {
    let token = body.0.token;
    let user = state.db(move |conn| service::verify_email(conn, &token)).await?;
    Ok(HttpResponse::Ok().json(User::from(&user)))
}

/// Send the verification email again
///
/// At most 5 an hour.
#[utoipa::path(
    tag = "auth",
    responses(
        (status = 202, description = "A new verification email is on its way"),
        (status = 409, description = "Already verified (`conflict`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many emails asked for (`too_many_requests`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/auth/verify-email/resend")]
pub async fn resend_verification(state: web::Data<AppState>, user: AuthUser) -> ApiResult<HttpResponse> {
    let public_url = state.config.public_url.clone();
    state.db(move |conn| service::resend_verification(conn, &user.id, &public_url)).await?;
    state.mail_notify.notify_one();
    Ok(HttpResponse::Accepted().finish())
}

/// Ask for a password reset link
///
/// Emails a one-time link (valid one hour) if the address has an account. The answer is 202 either
/// way, so it does not reveal who has an account.
#[utoipa::path(
    tag = "auth",
    request_body = PasswordResetRequest,
    responses((status = 202, description = "If the address has an account, a link is on its way")),
    security(())
)]
#[post("/auth/password-reset")]
pub async fn request_password_reset(
    state: web::Data<AppState>,
    body: ValidJson<PasswordResetRequest>,
) -> ApiResult<HttpResponse> {
    let email = body.0.email;
    let public_url = state.config.public_url.clone();
    state.db(move |conn| service::request_password_reset(conn, &email, &public_url)).await?;
    state.mail_notify.notify_one();
    Ok(HttpResponse::Accepted().finish())
}

/// Set a new password from a reset link
///
/// Every session of the account is signed out.
#[utoipa::path(
    tag = "auth",
    request_body = PasswordResetConfirmRequest,
    responses(
        (status = 204, description = "Password changed"),
        (status = 400, description = "Invalid, used or expired token (`invalid_link_token`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(())
)]
#[post("/auth/password-reset/confirm")]
pub async fn confirm_password_reset(
    state: web::Data<AppState>,
    body: ValidJson<PasswordResetConfirmRequest>,
) -> ApiResult<HttpResponse> {
    let req = body.0;
    passwords::check_new_password("new_password", &req.new_password)?;
    state
        .db(move |conn| {
            let hash = passwords::hash(&req.new_password)?;
            service::confirm_password_reset(conn, &req.token, &hash)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
