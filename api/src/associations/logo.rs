//! An association's logo: uploaded by its officers as the raw bytes of a PNG, JPEG or WebP
//! picture, recognised by content (not by the declared type), limited in size and dimensions, kept
//! in the storage under a key that changes with each upload, and served with headers that stop a
//! browser from reading it as anything else.

use actix_web::http::header;
use actix_web::{HttpResponse, delete, get, post, web};
use madani_shared::Problem;
use madani_shared::associations::*;

use super::handlers::{load_visible, to_view};
use super::{repo, service};
use crate::auth::AuthUser;
use crate::db::now;
use crate::error::{ApiError, ApiResult};
use crate::media::store_image;
use crate::startup::AppState;
use crate::storage::ImageKind;

/// Upload the logo
///
/// Owners and admins. The body is the picture itself (PNG, JPEG or WebP, at most 1 MB and 4096
/// pixels a side), recognised by its content; it replaces the previous logo.
#[utoipa::path(
    tag = "associations",
    params(("id" = String, Path, description = "The association id")),
    request_body(content = Vec<u8>, description = "The picture's bytes", content_type = "image/png"),
    responses(
        (status = 200, description = "The profile with its new `logo_url`", body = Association),
        (status = 403, description = "Not an owner or admin (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such association (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Larger than 1 MB; `errors` names `logo`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a PNG, JPEG or WebP picture, or too large in pixels; `errors` names `logo`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/associations/{id}/logo")]
pub async fn upload_logo(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
    payload: web::Payload,
) -> ApiResult<web::Json<Association>> {
    let id = path.into_inner();
    // Who may, before reading a megabyte from them.
    let (check_id, check_user) = (id.clone(), user.clone());
    state
        .db(move |conn| {
            let (_, role) = load_visible(conn, &check_id, Some(&check_user))?;
            if !service::can_manage(role) {
                tracing::warn!(user = %check_user.id, association = %check_id, "refused: logo");
                return Err(ApiError::Forbidden("only owners and admins change the logo"));
            }
            Ok(())
        })
        .await?;
    let key = store_image(state.storage.clone(), payload, "logos", &id, "logo").await?;
    let storage = state.storage.clone();
    let view = state
        .db(move |conn| {
            let previous = match repo::set_logo(conn, &id, Some(&key), now()) {
                Ok(previous) => previous,
                Err(e) => {
                    crate::media::forget(storage.as_ref(), [key]);
                    return Err(e.into());
                }
            };
            crate::media::forget(storage.as_ref(), previous.filter(|old| *old != key));
            let (row, role) = load_visible(conn, &id, Some(&user))?;
            to_view(conn, &row, role, Some(&user))
        })
        .await?;
    state.directory.invalidate();
    Ok(web::Json(view))
}

/// Remove the logo
#[utoipa::path(
    tag = "associations",
    params(("id" = String, Path, description = "The association id")),
    responses(
        (status = 204, description = "Removed (or there was none)"),
        (status = 403, description = "Not an owner or admin (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such association (`not_found`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/associations/{id}/logo")]
pub async fn delete_logo(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let storage = state.storage.clone();
    state
        .db(move |conn| {
            let (_, role) = load_visible(conn, &id, Some(&user))?;
            if !service::can_manage(role) {
                return Err(ApiError::Forbidden("only owners and admins change the logo"));
            }
            if let Some(old) = repo::set_logo(conn, &id, None, now())? {
                storage.delete(&old).map_err(ApiError::internal)?;
            }
            Ok(())
        })
        .await?;
    state.directory.invalidate();
    Ok(HttpResponse::NoContent().finish())
}

/// An association's logo
///
/// Public when the association is. The picture as uploaded, with its type; cached for a long
/// time, since `logo_url` changes with each new logo.
#[utoipa::path(
    tag = "associations",
    params(("id" = String, Path, description = "The association id")),
    responses(
        (status = 200, description = "The picture", content(
            (Vec<u8> = "image/png"), (Vec<u8> = "image/jpeg"), (Vec<u8> = "image/webp")
        )),
        (status = 404, description = "No such association, or no logo (`not_found`)", body = Problem, content_type = "application/problem+json"),
    ),
    security((), ("bearer" = []))
)]
#[get("/associations/{id}/logo")]
pub async fn get_logo(
    state: web::Data<AppState>,
    user: Option<AuthUser>,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let (key, public) = state
        .db(move |conn| {
            let (row, _) = load_visible(conn, &id, user.as_ref())?;
            let public = row.status().is_public();
            Ok((row.logo.ok_or(ApiError::NotFound)?, public))
        })
        .await?;
    let kind = key.rsplit('.').next().and_then(ImageKind::from_extension).ok_or(ApiError::NotFound)?;
    let storage = state.storage.clone();
    let read_key = key.clone();
    let bytes = web::block(move || storage.get(&read_key))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)?
        .ok_or(ApiError::NotFound)?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, kind.mime()))
        // Shared caches may keep the logo of a public association; another is for its members only.
        .insert_header((
            header::CACHE_CONTROL,
            if public { "public, max-age=31536000, immutable" } else { "private, no-store" },
        ))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CONTENT_SECURITY_POLICY, "default-src 'none'; sandbox"))
        .insert_header((header::CONTENT_DISPOSITION, "inline"))
        .body(bytes))
}
