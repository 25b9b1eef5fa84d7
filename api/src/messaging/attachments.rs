//! `/conversations/{id}/attachments` and `/attachments/{id}`: files sent with messages.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use madani_shared::Problem;
use madani_shared::ids::{AttachmentId, ConversationId};
use madani_shared::messaging::{Attachment, AttachmentQuery};

use super::service::attachments as service;
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::http::ValidQuery;
use crate::media::{DRAIN_BYTES, drain};
use crate::openapi::errors::{Errors, NotFound, RangeNotSatisfiable, TooManyRequests};
use crate::state::State;

/// Upload an attachment
///
/// For a conversation you read; the body is the file itself: a picture (PNG, JPEG, WebP) or a PDF
/// document, recognised by its content, at most 10 MB. It waits for the message you send it with
/// (`attachment_ids`), seen by no one else until then, and is removed if no message takes it within
/// a day. 100 uploads an hour (429).
#[utoipa::path(tag = "messaging", params(("id" = ConversationId, Path, description = "The conversation id"), AttachmentQuery), request_body(description = "The file's bytes: PNG, JPEG, WebP or PDF (recognised by its content)", content((Vec<u8> = "application/octet-stream"))), responses((status = 201, description = "The upload, to send with a message", body = Attachment), (status = 413, description = "Larger than 10 MB; `errors` names `file`", body = Problem, content_type = "application/problem+json"), (status = 422, description = "Empty, or not a picture or PDF (an executable, an SVG, say); `errors` names `file`", body = Problem, content_type = "application/problem+json", example = json!({ "type": "urn:madani:problem:validation_failed", "title": "Invalid request", "status": 422, "detail": "file: must be a PNG, JPEG or WebP picture or a PDF document", "code": "validation_failed", "errors": [{"field": "file", "code": "not_allowed", "message": "must be a PNG, JPEG or WebP picture or a PDF document"}] })), Errors<(NotFound, TooManyRequests)>), security(("bearer" = [])))]
#[post("/conversations/{id}/attachments")]
pub async fn upload_attachment(
    state: State,
    user: AuthUser,
    path: web::Path<ConversationId>,
    query: ValidQuery<AttachmentQuery>,
    mut payload: web::Payload,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner().to_string();
    let name = query.0.name.map(|n| n.trim().to_owned()).unwrap_or_else(|| "file".to_owned());
    let (check_user, check_id) = (user.clone(), id.clone());
    if let Err(e) = state.db(move |conn| service::authorize_upload(conn, &check_user, &check_id)).await {
        drain(&mut payload, DRAIN_BYTES).await;
        return Err(e);
    }
    let file = crate::media::receive_file(&state, payload, &format!("attachments/{id}")).await?;
    let storage = state.storage.clone();
    let attachment = state
        .db(move |conn| {
            let recorded = service::record(conn, &user, &id, &file.key, &name, file.content_type, file.size);
            if recorded.is_err() {
                crate::media::forget(storage.as_ref(), [file.key]);
            }
            recorded
        })
        .await?;
    Ok(HttpResponse::Created().json(attachment))
}

/// An attachment
///
/// To whoever reads its conversation (with their access token), or to its uploader before it is
/// sent; to anyone else it does not exist (404). Served as it was recognised, never as HTML
/// (`nosniff`, a sandboxing policy), with its name for a download.
#[utoipa::path(tag = "messaging", params(("id" = AttachmentId, Path, description = "The attachment id")), responses((status = 200, description = "The file", content((Vec<u8> = "image/png"), (Vec<u8> = "image/jpeg"), (Vec<u8> = "image/webp"), (Vec<u8> = "application/pdf"))), (status = 206, description = "The range asked for, with `Content-Range`"), (status = 304, description = "`If-None-Match` names this file"), Errors<(NotFound, RangeNotSatisfiable)>), security(("bearer" = [])))]
#[get("/attachments/{id}")]
pub async fn get_attachment(
    state: State,
    req: HttpRequest,
    user: AuthUser,
    path: web::Path<AttachmentId>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner().to_string();
    let (key, content_type, name) = state.db(move |conn| service::to_serve(conn, &user.id, &id)).await?;
    crate::media::serve_attached(&state, &req, key, &content_type, &name).await
}
