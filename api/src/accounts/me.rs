//! `/me`: your own account. Every handler here acts on the caller's own account only: there is no id
//! to guess.

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, web};
use madani_shared::Problem;
use madani_shared::auth::*;

use super::service;
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::http::ValidJson;
use crate::openapi::errors::{Errors, LastAdmin, OwnsAssociations, TooManyRequests};
use crate::state::{Answer, State};

/// Your account
#[utoipa::path(tag = "me", responses((status = 200, description = "The signed-in account", body = User)), security(("bearer" = [])))]
#[get("/me")]
pub async fn get_me(state: State, user: AuthUser) -> Answer<User> {
    let row = state.db(move |conn| service::find(conn, &user.id)).await?;
    Ok(web::Json(User::from(&row)))
}

/// Change your profile
///
/// Only `display_name` and `preferred_language` can be changed here; other fields are ignored.
#[utoipa::path(tag = "me", request_body = Option<UpdateMeRequest>, responses((status = 200, description = "The updated account", body = User)), security(("bearer" = [])))]
#[patch("/me")]
pub async fn update_me(state: State, user: AuthUser, body: ValidJson<UpdateMeRequest>) -> Answer<User> {
    let req = body.0;
    let row = state.db(move |conn| service::update(conn, &user.id, &req)).await?;
    Ok(web::Json(User::from(&row)))
}

/// Delete your account
///
/// Deletes the account, its sessions and its login history, confirmed with the password.
#[utoipa::path(tag = "me", request_body = DeleteAccountRequest, responses((status = 204, description = "Deleted"), (status = 422, description = "Wrong password (`password`: `wrong_password`)", body = Problem, content_type = "application/problem+json"), Errors<(OwnsAssociations, LastAdmin, TooManyRequests)>), security(("bearer" = [])))]
#[delete("/me")]
pub async fn delete_me(
    req: HttpRequest,
    state: State,
    user: AuthUser,
    body: ValidJson<DeleteAccountRequest>,
) -> ApiResult<HttpResponse> {
    let password = body.0.password;
    let (ip, limits, id) = (state.client_ip(&req), state.config.limits.clone(), user.id.clone());
    let ip_ = ip.clone();
    let row = state.db(move |conn| crate::auth::service::reauth_start(conn, &id, &ip_, &limits)).await?;
    let ok = state.hasher.verify(password, Some(row.password_hash.clone())).await?;
    state.db(move |conn| service::delete(conn, row, &ip, ok)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Export your personal data
///
/// Everything Madani holds about you, as JSON (right of access and portability).
#[utoipa::path(tag = "me", responses((status = 200, description = "The export, as an attachment", body = AccountExport)), security(("bearer" = [])))]
#[get("/me/export")]
pub async fn export_me(state: State, user: AuthUser) -> ApiResult<HttpResponse> {
    let export = state.db(move |conn| service::export(conn, &user.id, &user.session_id)).await?;
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::CONTENT_DISPOSITION, "attachment; filename=\"madani-account.json\""))
        .json(export))
}
