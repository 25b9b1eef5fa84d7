//! Handlers of an association's logo: uploaded by its officers as the raw bytes of a PNG, JPEG or
//! WebP picture, recognised by content (not by the declared type), limited in size and dimensions,
//! kept in the storage under a key that changes with each upload (`crate::media::replace_picture`),
//! and served with headers that stop a browser from reading it as anything else.

use actix_web::http::header;
use actix_web::{HttpResponse, delete, get, post, web};
use madani_shared::Problem;
use madani_shared::associations::*;
use madani_shared::ids::AssociationId;

use super::{access, service};
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::media::{PictureSlot, remove_picture, replace_picture};
use crate::openapi::errors::{Errors, NotFound, NotOfficer};
use crate::state::{Answer, State};
use crate::storage::ImageKind;

/// Upload the logo
///
/// Owners and admins. The body is the picture itself (PNG, JPEG or WebP, at most 1 MB and 4096
/// pixels a side), recognised by its content; it replaces the previous logo.
#[utoipa::path(tag = "associations", params(("id" = AssociationId, Path, description = "The association id")), request_body(description = "The picture's bytes: PNG, JPEG or WebP (recognised by its content)", content((Vec<u8> = "image/png"), (Vec<u8> = "image/jpeg"), (Vec<u8> = "image/webp")) ), responses((status = 200, description = "The profile with its new `logo_url`", body = Association), Errors<(NotFound, NotOfficer)>, (status = 413, description = "Larger than 1 MB; `errors` names `logo`", body = Problem, content_type = "application/problem+json"), (status = 422, description = "Not a PNG, JPEG or WebP picture, or too large in pixels; `errors` names `logo`", body = Problem, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/associations/{id}/logo")]
pub async fn upload_logo(
    state: State,
    user: AuthUser,
    path: web::Path<AssociationId>,
    payload: web::Payload,
) -> Answer<Association> {
    let id = path.into_inner().to_string();
    let (check_id, check_user) = (id.clone(), user.clone());
    let set_id = id.clone();
    let view = replace_picture(
        &state,
        payload,
        PictureSlot { dir: "logos", owner: &id, field: "logo" },
        move |conn| access::require_officer(conn, &check_id, &check_user).map(|_| ()),
        move |conn, key| service::logo::replace(conn, &set_id, key, &user),
    )
    .await?;
    state.directory.invalidate();
    Ok(web::Json(view))
}

/// Remove the logo
#[utoipa::path(tag = "associations", params(("id" = AssociationId, Path, description = "The association id")), responses((status = 204, description = "Removed (or there was none)"), Errors<(NotFound, NotOfficer)>), security(("bearer" = [])))]
#[delete("/associations/{id}/logo")]
pub async fn delete_logo(state: State, user: AuthUser, path: web::Path<AssociationId>) -> ApiResult<HttpResponse> {
    let id = path.into_inner().to_string();
    remove_picture(&state, move |conn| {
        access::require_officer(conn, &id, &user)?;
        service::logo::clear(conn, &id)
    })
    .await?;
    state.directory.invalidate();
    Ok(HttpResponse::NoContent().finish())
}

/// An association's logo
///
/// Public when the association is. The picture as uploaded, with its type; cached for a long
/// time, since `logo_url` changes with each new logo.
#[utoipa::path(tag = "associations", params(("id" = AssociationId, Path, description = "The association id")), responses((status = 200, description = "The picture", content((Vec<u8> = "image/png"), (Vec<u8> = "image/jpeg"), (Vec<u8> = "image/webp") )), Errors<NotFound>), security((), ("bearer" = [])))]
#[get("/associations/{id}/logo")]
pub async fn get_logo(state: State, user: Option<AuthUser>, path: web::Path<AssociationId>) -> ApiResult<HttpResponse> {
    let id = path.into_inner().to_string();
    let (key, public) = state
        .db(move |conn| {
            let (row, _) = access::load_visible(conn, &id, user.as_ref())?;
            service::logo::stored(row)
        })
        .await?;
    let kind = key.rsplit('.').next().and_then(ImageKind::from_extension).ok_or(ApiError::NotFound)?;
    let storage = state.storage.clone();
    let bytes = web::block(move || storage.get(&key))
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
