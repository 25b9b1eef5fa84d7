//! HTTP handlers for `/api/v1/me…`. Every one acts on the caller's own account only: there is no id to
//! guess, and a session id is looked up within the caller's sessions.

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use madani_shared::Problem;
use madani_shared::auth::*;

use crate::auth::{AuthUser, passwords, repo, service};
use crate::db::{now, to_utc};
use crate::error::{ApiError, ApiResult};
use crate::http::{ValidJson, client_ip};
use crate::mail;
use crate::startup::AppState;

/// Your account
#[utoipa::path(tag = "me", responses((status = 200, description = "The signed-in account", body = User)), security(("bearer" = [])))]
#[get("/me")]
pub async fn get_me(state: web::Data<AppState>, user: AuthUser) -> ApiResult<web::Json<User>> {
    let row = state.db(move |conn| Ok(repo::find_user(conn, &user.id)?)).await?;
    Ok(web::Json(User::from(&row)))
}

/// Change your profile
///
/// Only `display_name` and `preferred_language` can be changed here; other fields are ignored.
#[utoipa::path(
    tag = "me",
    request_body = UpdateMeRequest,
    responses((status = 200, description = "The updated account", body = User)),
    security(("bearer" = []))
)]
#[patch("/me")]
pub async fn update_me(
    state: web::Data<AppState>,
    user: AuthUser,
    body: ValidJson<UpdateMeRequest>,
) -> ApiResult<web::Json<User>> {
    let req = body.0;
    let row = state
        .db(move |conn| {
            Ok(repo::update_profile(
                conn,
                &user.id,
                req.display_name.as_deref().map(str::trim),
                req.preferred_language.map(|l| l.code()),
                now(),
            )?)
        })
        .await?;
    Ok(web::Json(User::from(&row)))
}

/// Delete your account
///
/// Deletes the account, its sessions and its login history, confirmed with the password.
#[utoipa::path(
    tag = "me",
    request_body = DeleteAccountRequest,
    responses(
        (status = 204, description = "Deleted"),
        (status = 409, description = "You still own associations, or are the last administrator (`conflict`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Wrong password (`password`: `wrong_password`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/me")]
pub async fn delete_me(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AuthUser,
    body: ValidJson<DeleteAccountRequest>,
) -> ApiResult<HttpResponse> {
    let password = body.0.password;
    let ip = client_ip(&req, state.config.trust_forwarded);
    let limits = state.config.limits.clone();
    state
        .db(move |conn| {
            let row = repo::find_user(conn, &user.id)?;
            service::check_throttle(conn, &row.email, &ip, &limits)?;
            if !passwords::verify(&password, &row.password_hash) {
                service::record_attempt(conn, &row.email, &ip, false)?;
                return Err(ApiError::field("password", "wrong_password", "is not your password"));
            }
            if !crate::associations::repo::solely_owned_by(conn, &row.id)?.is_empty() {
                return Err(ApiError::Conflict(
                    "You own associations: transfer their ownership before deleting your account.".into(),
                ));
            }
            if row.role == "admin" && repo::count_admins(conn)? <= 1 {
                return Err(ApiError::Conflict("The last administrator cannot delete their account.".into()));
            }
            crate::db::write_tx(conn, |conn| {
                repo::delete_login_attempts_for(conn, &row.email)?;
                mail::forget_address(conn, &row.email)?;
                repo::delete_user(conn, &row.id)
            })?;
            tracing::info!(user = %row.id, "account deleted by its owner");
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Change your password
///
/// Needs the current password. Every other session is signed out; this one stays.
#[utoipa::path(
    tag = "me",
    request_body = ChangePasswordRequest,
    responses(
        (status = 204, description = "Changed"),
        (status = 422, description = "Wrong current password (`current_password`: `wrong_password`) or unacceptable new one", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong passwords (`too_many_requests`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/me/password")]
pub async fn change_password(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AuthUser,
    body: ValidJson<ChangePasswordRequest>,
) -> ApiResult<HttpResponse> {
    let body = body.0;
    passwords::check_new_password("new_password", &body.new_password)?;
    let ip = client_ip(&req, state.config.trust_forwarded);
    let limits = state.config.limits.clone();
    state
        .db(move |conn| {
            let hash = passwords::hash(&body.new_password)?;
            service::change_password(conn, &user.id, &user.session_id, &body.current_password, &hash, &ip, &limits)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Export your personal data
///
/// Everything Madani holds about you, as JSON (right of access and portability).
#[utoipa::path(
    tag = "me",
    responses((status = 200, description = "The export, as an attachment", body = AccountExport)),
    security(("bearer" = []))
)]
#[get("/me/export")]
pub async fn export_me(state: web::Data<AppState>, user: AuthUser) -> ApiResult<HttpResponse> {
    let export = state
        .db(move |conn| {
            let row = repo::find_user(conn, &user.id)?;
            let sessions = repo::list_sessions(conn, &user.id)?;
            let attempts = repo::login_attempts_for(conn, &row.email)?;
            Ok(AccountExport {
                exported_at: to_utc(now()),
                account: User::from(&row),
                sessions: sessions.iter().map(|s| s.to_api(Some(&user.session_id))).collect(),
                login_attempts: attempts.iter().map(Into::into).collect(),
                network: crate::network::export(conn, &user.id)?,
            })
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::CONTENT_DISPOSITION, "attachment; filename=\"madani-account.json\""))
        .json(export))
}

/// Your sessions
///
/// The devices and clients signed in to your account and not signed out or expired, newest first.
#[utoipa::path(
    tag = "me",
    responses((status = 200, description = "Active sessions", body = Vec<Session>)),
    security(("bearer" = []))
)]
#[get("/me/sessions")]
pub async fn list_my_sessions(state: web::Data<AppState>, user: AuthUser) -> ApiResult<web::Json<Vec<Session>>> {
    let sessions = state
        .db(move |conn| {
            let now = now();
            Ok(repo::list_sessions(conn, &user.id)?
                .into_iter()
                .filter(|s| s.revoked_at.is_none() && s.expires_at > now)
                .map(|s| s.to_api(Some(&user.session_id)))
                .collect::<Vec<_>>())
        })
        .await?;
    Ok(web::Json(sessions))
}

/// Sign out one of your sessions
#[utoipa::path(
    tag = "me",
    params(("id" = String, Path, description = "The session id")),
    responses(
        (status = 204, description = "Signed out"),
        (status = 404, description = "No such session of yours (`not_found`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/me/sessions/{id}")]
pub async fn revoke_my_session(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let revoked =
        state.db(move |conn| Ok(repo::revoke_session(conn, &user.id, &id, "signed_out_by_user", now())?)).await?;
    if revoked == 0 {
        return Err(ApiError::NotFound);
    }
    Ok(HttpResponse::NoContent().finish())
}
