//! `/auth/login`, `/auth/refresh`, `/auth/logout`: sessions, with a short-lived access token and a
//! rotating refresh token (in the body, or in an HttpOnly cookie for the web app).

use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::{HttpRequest, HttpResponse, post};
use madani_shared::auth::*;
use madani_shared::ids::SessionId;

use super::service::{self, IssuedSession};
use super::{REFRESH_COOKIE, REFRESH_COOKIE_PATH};
use crate::error::{ApiError, ApiResult};
use crate::http::ValidJson;
use crate::openapi::errors::{AccountDisabled, Errors, InvalidCredentials, InvalidRefreshToken, TooManyRequests};
use crate::state::{AppState, State};

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
        session_id: SessionId::stored(&issued.session.id),
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

/// Sign in
///
/// Checks email and password and opens a session: a short-lived access token (JWT, 15 minutes) and
/// a refresh token, rotated on every use. With `transport: cookie` the refresh token is set as an
/// HttpOnly, SameSite=Strict cookie scoped to `/api/v1/auth` instead of being returned.
/// After 10 failed attempts on one account from one address within an hour, that address is refused
/// (429 with `Retry-After`) even with the right password, while the owner, from elsewhere, still gets
/// in; 100 failures an hour from everywhere close the account until the hour ends or a password reset.
#[utoipa::path(tag = "auth", request_body = LoginRequest, responses((status = 200, description = "Signed in", body = TokenResponse), Errors<(InvalidCredentials, AccountDisabled, TooManyRequests)>), security(()))]
#[post("/auth/login")]
pub async fn login(req: HttpRequest, state: State, body: ValidJson<LoginRequest>) -> ApiResult<HttpResponse> {
    let body = body.0;
    let ip = state.client_ip(&req);
    let agent = user_agent(&req);
    let limits = state.config.limits.clone();
    let transport = body.transport;
    // Counted (and refused past the limits) first; the password is checked off the pool.
    let (email, ip_, limits_) = (body.email.clone(), ip.clone(), limits.clone());
    let user = state.db(move |conn| service::login_start(conn, &email, &ip_, &limits_)).await?;
    let ok = state.hasher.verify(body.password, user.as_ref().map(|u| u.password_hash.clone())).await?;
    let email = body.email;
    let issued =
        state.db(move |conn| service::login_finish(conn, &email, user, ok, &ip, agent.as_deref(), &limits)).await?;
    token_response(&state, issued, transport)
}

/// Refresh the access token
///
/// Exchanges a refresh token (from the body, or from the `madani_refresh` cookie when the body has
/// none) for a new access token and a new refresh token; the old refresh token stops working. Using
/// an old refresh token again is treated as theft: the whole session is revoked.
#[utoipa::path(tag = "auth", request_body = Option<RefreshRequest>, responses((status = 200, description = "New tokens; the refresh token travels the way it came", body = TokenResponse), Errors<InvalidRefreshToken>), security(()))]
#[post("/auth/refresh")]
pub async fn refresh(req: HttpRequest, state: State, body: ValidJson<RefreshRequest>) -> ApiResult<HttpResponse> {
    let (token, transport) = presented_refresh_token(&req, &body.0).ok_or(ApiError::InvalidRefreshToken)?;
    let limits = state.config.limits.clone();
    let issued = state.db(move |conn| service::refresh(conn, &token, &limits)).await?;
    token_response(&state, issued, transport)
}

/// Sign out
///
/// Revokes the session of the refresh token (body or cookie) and clears the cookie. Always 204.
#[utoipa::path(tag = "auth", request_body = Option<RefreshRequest>, responses((status = 204, description = "Signed out")), security(()))]
#[post("/auth/logout")]
pub async fn logout(req: HttpRequest, state: State, body: ValidJson<RefreshRequest>) -> ApiResult<HttpResponse> {
    if let Some((token, _)) = presented_refresh_token(&req, &body.0) {
        state.db(move |conn| service::logout(conn, &token)).await?;
    }
    let mut gone = refresh_cookie(&state, "", 0);
    gone.make_removal();
    Ok(HttpResponse::NoContent().cookie(gone).finish())
}
