//! `/projects/{id}/cover`: a project's cover picture, checked like a course's cover (PNG, JPEG or
//! WebP by content, at most 1 MB and 4096 pixels a side) and kept through the storage interface.

use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use madani_shared::Problem;
use madani_shared::ids::ProjectId;
use madani_shared::projects::Project;

use super::{access, service::cover as service};
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::http::ValidQuery;
use crate::media::{CoverQuery, PictureSlot, file_headers, remove_picture, replace_picture, serve_file};
use crate::openapi::errors::{Errors, NotFound, NotOfficer, RangeNotSatisfiable};
use crate::state::{Answer, State};

/// Upload the cover
///
/// Officers of the lead association. The body is the picture itself (PNG, JPEG or WebP, at most
/// 1 MB and 4096 pixels a side), recognised by its content; it replaces the previous cover.
#[utoipa::path(tag = "projects", params(("id" = ProjectId, Path, description = "The project id")), request_body(description = "The picture's bytes: PNG, JPEG or WebP (recognised by its content)", content((Vec<u8> = "image/png"), (Vec<u8> = "image/jpeg"), (Vec<u8> = "image/webp")) ), responses((status = 200, description = "The project with its new `cover_url`", body = Project), (status = 413, description = "Larger than 1 MB; `errors` names `cover`", body = Problem, content_type = "application/problem+json"), (status = 422, description = "Not a PNG, JPEG or WebP picture (an SVG, say), or too large in pixels; `errors` names `cover`", body = Problem, content_type = "application/problem+json", example = json!({ "type": "urn:madani:problem:validation_failed", "title": "Invalid request", "status": 422, "detail": "cover: must be a PNG, JPEG or WebP picture", "code": "validation_failed", "errors": [{"field": "cover", "code": "not_an_image", "message": "must be a PNG, JPEG or WebP picture"}] })), Errors<(NotOfficer, NotFound)>), security(("bearer" = [])))]
#[post("/projects/{id}/cover")]
pub async fn upload_project_cover(
    state: State,
    user: AuthUser,
    path: web::Path<ProjectId>,
    payload: web::Payload,
) -> Answer<Project> {
    let id = path.into_inner().to_string();
    let (check_id, check_user, owner) = (id.clone(), user.clone(), id.clone());
    let urls = state.keys.urls.clone();
    let project = replace_picture(
        &state,
        payload,
        PictureSlot { dir: "project-covers", owner: &owner, field: "cover" },
        move |conn| access::require_editor(conn, &check_id, &check_user).map(|_| ()),
        move |conn, key| service::set_cover(conn, &urls, &id, &user, key),
    )
    .await?;
    Ok(web::Json(project?))
}

/// Remove the cover
#[utoipa::path(tag = "projects", params(("id" = ProjectId, Path, description = "The project id")), responses((status = 204, description = "Removed (or there was none)"), Errors<(NotOfficer, NotFound)>), security(("bearer" = [])))]
#[delete("/projects/{id}/cover")]
pub async fn delete_project_cover(state: State, user: AuthUser, path: web::Path<ProjectId>) -> ApiResult<HttpResponse> {
    let id = path.into_inner().to_string();
    remove_picture(&state, move |conn| service::clear_cover(conn, &id, &user)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A project's cover
///
/// A public project's is public; at the address of its current cover (`cover_url`, whose `v`
/// changes with each new cover) it is cached for long, at any other it is revalidated (`no-cache`,
/// with its `ETag`). Another project's is served only to whoever sees the project: with the signed
/// `cover_url` they were given (which names them, and works only while they still see it), or
/// their access token; to anyone else it does not exist (404).
#[utoipa::path(tag = "projects", params(("id" = ProjectId, Path, description = "The project id"), CoverQuery), responses((status = 200, description = "The picture", content((Vec<u8> = "image/png"), (Vec<u8> = "image/jpeg"), (Vec<u8> = "image/webp") )), (status = 206, description = "The range asked for, with `Content-Range`", content((Vec<u8> = "image/png"), (Vec<u8> = "image/jpeg"), (Vec<u8> = "image/webp") )), (status = 304, description = "`If-None-Match` names the current cover"), Errors<(NotFound, RangeNotSatisfiable)>), security((), ("bearer" = [])))]
#[get("/projects/{id}/cover")]
pub async fn get_project_cover(
    state: State,
    req: HttpRequest,
    user: Option<AuthUser>,
    path: web::Path<ProjectId>,
    query: ValidQuery<CoverQuery>,
) -> ApiResult<HttpResponse> {
    let (id, q, urls) = (path.into_inner().to_string(), query.0, state.keys.urls.clone());
    let (key, cache_control) =
        state.db(move |conn| service::cover_to_serve(conn, &urls, &id, user.as_ref(), &q)).await?;
    let headers = file_headers(&key, cache_control)?;
    serve_file(state.storage.clone(), &req, key, headers).await
}
