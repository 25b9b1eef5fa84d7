//! `/me/password`: changing one's password.

use actix_web::{HttpRequest, HttpResponse, post};
use madani_shared::Problem;
use madani_shared::auth::*;

use crate::auth::{AuthUser, passwords, service as auth};
use crate::error::ApiResult;
use crate::http::ValidJson;
use crate::openapi::errors::{Errors, TooManyRequests};
use crate::state::State;

/// Change your password
///
/// Needs the current password. Every other session is signed out; this one stays.
#[utoipa::path(tag = "me", request_body = ChangePasswordRequest, responses((status = 204, description = "Changed"), (status = 422, description = "Wrong current password (`current_password`: `wrong_password`) or unacceptable new one", body = Problem, content_type = "application/problem+json"), Errors<TooManyRequests>), security(("bearer" = [])))]
#[post("/me/password")]
pub async fn change_password(
    req: HttpRequest,
    state: State,
    user: AuthUser,
    body: ValidJson<ChangePasswordRequest>,
) -> ApiResult<HttpResponse> {
    let body = body.0;
    passwords::check_new_password("new_password", &body.new_password)?;
    let (ip, limits, id) = (state.client_ip(&req), state.config.limits.clone(), user.id.clone());
    let ip_ = ip.clone();
    let row = state.db(move |conn| auth::reauth_start(conn, &id, &ip_, &limits)).await?;
    let ok = state.hasher.verify(body.current_password, Some(row.password_hash.clone())).await?;
    state.db(move |conn| auth::reauth_finish(conn, &row, &ip, ok, "current_password")).await?;
    let hash = state.hasher.hash(body.new_password).await?;
    state.db(move |conn| auth::change_password(conn, &user.id, &user.session_id, &hash)).await?;
    Ok(HttpResponse::NoContent().finish())
}
