//! `/me/sessions`: the devices signed in to one's account; a session id is looked up within the
//! caller's own sessions.

use actix_web::{HttpResponse, delete, get, web};
use madani_shared::auth::*;
use madani_shared::ids::SessionId;

use super::service;
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::openapi::errors::{Errors, NotFound};
use crate::state::{Answer, State};

/// Your sessions
///
/// The devices and clients signed in to your account and not signed out or expired, newest first
/// (at most 100). A session is forgotten 90 days after it ended.
#[utoipa::path(tag = "me", responses((status = 200, description = "Active sessions", body = Vec<Session>)), security(("bearer" = [])))]
#[get("/me/sessions")]
pub async fn list_my_sessions(state: State, user: AuthUser) -> Answer<Vec<Session>> {
    let sessions = state.db(move |conn| service::active_sessions(conn, &user.id, &user.session_id)).await?;
    Ok(web::Json(sessions))
}

/// Sign out one of your sessions
#[utoipa::path(tag = "me", params(("id" = SessionId, Path, description = "The session id")), responses((status = 204, description = "Signed out"), Errors<NotFound>), security(("bearer" = [])))]
#[delete("/me/sessions/{id}")]
pub async fn revoke_my_session(state: State, user: AuthUser, path: web::Path<SessionId>) -> ApiResult<HttpResponse> {
    let id = path.into_inner().to_string();
    state.db(move |conn| service::revoke_session(conn, &user.id, &id)).await?;
    Ok(HttpResponse::NoContent().finish())
}
