//! Handlers of a course's cover picture and a video lesson's uploaded file. Covers are checked
//! like logos (PNG, JPEG or WebP by content, same limits). Videos (MP4 or WebM by content) are
//! streamed to the storage as they arrive, never held in memory, and played through a signed,
//! short-lived address — a `<video>` sends no access token — with byte ranges, so a learner can seek.

use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, delete, get, head, post, web};
use futures_util::StreamExt;
use madani_shared::Problem;
use madani_shared::courses::*;
use madani_shared::ids::{CourseId, LessonId};
use serde::Deserialize;
use validator::Validate;

use super::{access, service};
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::http::ValidQuery;
use crate::media::{
    CoverQuery, DRAIN_BYTES, PictureSlot, drain, file_headers, remove_picture, replace_picture, serve_file, unix_now,
};
use crate::openapi::errors::{
    BadSignature, Errors, LinkExpired, NotAVideoLesson, NotEnrolled, NotFound, NotTrainer, RangeNotSatisfiable,
};
use crate::state::{Answer, State};
use crate::storage::{Storage, Upload, VIDEO_SNIFF_BYTES, VideoKind, sniff_video};

/// Upload the cover
///
/// The course's trainers and staff. The body is the picture itself (PNG, JPEG or WebP, at most 1 MB
/// and 4096 pixels a side), recognised by its content; it replaces the previous cover.
#[utoipa::path(tag = "courses", params(("id" = CourseId, Path, description = "The course id")), request_body(description = "The picture's bytes: PNG, JPEG or WebP (recognised by its content)", content((Vec<u8> = "image/png"), (Vec<u8> = "image/jpeg"), (Vec<u8> = "image/webp")) ), responses((status = 200, description = "The course with its new `cover_url`", body = Course), (status = 413, description = "Larger than 1 MB; `errors` names `cover`", body = Problem, content_type = "application/problem+json"), (status = 422, description = "Not a PNG, JPEG or WebP picture (an SVG, say), or too large in pixels; `errors` names `cover`", body = Problem, content_type = "application/problem+json", example = json!({ "type": "urn:madani:problem:validation_failed", "title": "Invalid request", "status": 422, "detail": "cover: must be a PNG, JPEG or WebP picture", "code": "validation_failed", "errors": [{"field": "cover", "code": "not_an_image", "message": "must be a PNG, JPEG or WebP picture"}] })), Errors<(NotTrainer, NotFound)>), security(("bearer" = [])))]
#[post("/courses/{id}/cover")]
pub async fn upload_course_cover(
    state: State,
    user: AuthUser,
    path: web::Path<CourseId>,
    payload: web::Payload,
) -> Answer<Course> {
    let id = path.into_inner().to_string();
    let (check_id, check_user, owner) = (id.clone(), user.clone(), id.clone());
    let urls = state.keys.urls.clone();
    let course = replace_picture(
        &state,
        payload,
        PictureSlot { dir: "covers", owner: &owner, field: "cover" },
        move |conn| access::require_trainer(conn, &check_id, &check_user).map(|_| ()),
        move |conn, key| {
            // Checked again: the trainer may be gone while the picture came.
            let course = access::require_trainer(conn, &id, &user)?;
            service::media::set_cover(conn, &urls, &course, &user, key)
        },
    )
    .await?;
    Ok(web::Json(course?))
}

/// Remove the cover
#[utoipa::path(tag = "courses", params(("id" = CourseId, Path, description = "The course id")), responses((status = 204, description = "Removed (or there was none)"), Errors<(NotTrainer, NotFound)>), security(("bearer" = [])))]
#[delete("/courses/{id}/cover")]
pub async fn delete_course_cover(state: State, user: AuthUser, path: web::Path<CourseId>) -> ApiResult<HttpResponse> {
    let id = path.into_inner().to_string();
    remove_picture(&state, move |conn| {
        let course = access::require_trainer(conn, &id, &user)?;
        service::media::clear_cover(conn, &course)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A course's cover
///
/// A published course's is public; at the address of its current cover (`cover_url`, whose `v`
/// changes with each new cover) it is cached for long, at any other it is revalidated (`no-cache`,
/// with its `ETag`). Another course's is served only to whoever may see the course: with the signed
/// `cover_url` they were given (which names them, and works only while they still may see it), or
/// their access token; to anyone else it does not exist (404).
/// One byte range may be asked for, as of a video.
#[utoipa::path(tag = "courses", params(("id" = CourseId, Path, description = "The course id"), CoverQuery), responses((status = 200, description = "The picture", content((Vec<u8> = "image/png"), (Vec<u8> = "image/jpeg"), (Vec<u8> = "image/webp") )), (status = 206, description = "The range asked for, with `Content-Range`", content((Vec<u8> = "image/png"), (Vec<u8> = "image/jpeg"), (Vec<u8> = "image/webp") )), (status = 304, description = "`If-None-Match` names the current cover"), Errors<(NotFound, RangeNotSatisfiable)>), security((), ("bearer" = [])))]
#[get("/courses/{id}/cover")]
pub async fn get_course_cover(
    state: State,
    req: HttpRequest,
    user: Option<AuthUser>,
    path: web::Path<CourseId>,
    query: ValidQuery<CoverQuery>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner().to_string();
    let q = query.0;
    let urls = state.keys.urls.clone();
    let (key, cache_control) =
        state.db(move |conn| service::media::cover_to_serve(conn, &urls, &id, user.as_ref(), &q)).await?;
    let headers = file_headers(&key, cache_control)?;
    serve_file(state.storage.clone(), &req, key, headers).await
}

/// The next piece of a video upload: `None` at its end; 422 naming `video` when it cannot be read
/// or nothing came for `idle` (a client gone silent must not hold the writing thread and a
/// half-written file for ever).
async fn next_chunk(payload: &mut web::Payload, idle: Duration) -> Option<ApiResult<web::Bytes>> {
    match tokio::time::timeout(idle, payload.next()).await {
        Ok(None) => None,
        Ok(Some(Ok(chunk))) => Some(Ok(chunk)),
        Ok(Some(Err(e))) => Some(Err(ApiError::field("video", "unreadable", &format!("could not be read: {e}")))),
        Err(_) => Some(Err(ApiError::field(
            "video",
            "unreadable",
            &format!("nothing was received for {} seconds", idle.as_secs()),
        ))),
    }
}

/// Receive a video upload into the storage under `key_for(kind)`, written by a blocking task as
/// the chunks arrive: 413 naming `video` past `limit` bytes (at once when `Content-Length` says
/// so), 422 naming `video` when its first bytes are not an MP4 or WebM, or when nothing comes for
/// `idle`. On any failure nothing is left in the storage. The key, the kind and the size.
async fn receive_video(
    storage: Arc<dyn Storage>,
    mut payload: web::Payload,
    declared: Option<u64>,
    (limit, idle): (u64, Duration),
    key_for: impl FnOnce(VideoKind) -> String,
) -> ApiResult<(String, VideoKind, u64)> {
    let too_large = || ApiError::FileTooLarge { field: "video", limit: usize::try_from(limit).unwrap_or(usize::MAX) };
    if declared.is_some_and(|n| n > limit) {
        drain(&mut payload, DRAIN_BYTES).await;
        return Err(too_large());
    }
    // The first bytes say what it is.
    let mut head = Vec::new();
    let mut ended = false;
    while head.len() < VIDEO_SNIFF_BYTES {
        match next_chunk(&mut payload, idle).await {
            Some(chunk) => head.extend_from_slice(&chunk?),
            None => {
                ended = true;
                break;
            }
        }
    }
    if head.is_empty() {
        return Err(ApiError::field("video", "required", "send the video file as the body"));
    }
    let Some(kind) = sniff_video(&head) else {
        drain(&mut payload, DRAIN_BYTES).await;
        return Err(ApiError::field("video", "not_a_video", "must be an MP4 or WebM video"));
    };
    let mut size = head.len() as u64;
    if size > limit {
        drain(&mut payload, DRAIN_BYTES).await;
        return Err(too_large());
    }

    let key = key_for(kind);
    let (sender, mut receiver) = tokio::sync::mpsc::channel::<web::Bytes>(16);
    let (writer_storage, writer_key) = (storage.clone(), key.clone());
    let writer = web::block(move || -> std::io::Result<Box<dyn Upload>> {
        let mut upload = writer_storage.create(&writer_key)?;
        while let Some(chunk) = receiver.blocking_recv() {
            upload.write_all(&chunk)?;
        }
        Ok(upload)
    });
    let mut failure = None;
    // A failed send means the writer stopped; its own error says why.
    if sender.send(web::Bytes::from(head)).await.is_ok() && !ended {
        while let Some(chunk) = next_chunk(&mut payload, idle).await {
            let chunk = match chunk {
                Ok(chunk) => chunk,
                Err(e) => {
                    failure = Some(e);
                    break;
                }
            };
            size += chunk.len() as u64;
            if size > limit {
                drain(&mut payload, DRAIN_BYTES).await;
                failure = Some(too_large());
                break;
            }
            if sender.send(chunk).await.is_err() {
                break;
            }
        }
    }
    drop(sender);
    let written = writer.await?;
    // Dropping an upload that is not committed removes what was written (file system work).
    match (failure, written) {
        (None, Ok(upload)) => {
            web::block(move || upload.commit()).await?.map_err(ApiError::internal)?;
            Ok((key, kind, size))
        }
        (Some(failure), written) => {
            web::block(move || drop(written)).await?;
            Err(failure)
        }
        (None, Err(e)) => Err(ApiError::internal(format!("storing a video: {e}"))),
    }
}

/// Upload a lesson's video
///
/// The course's trainers and staff, for a lesson of kind `video`. The body is the file itself, an
/// MP4 or WebM recognised by its content, at most `MADANI_VIDEO_MAX_BYTES` (200 MiB unless
/// configured); it replaces the previous file. Learners then play it from the lesson's `video.url`
/// rather than from an embedded page.
#[utoipa::path(tag = "courses", params(("id" = CourseId, Path, description = "The course id"), ("lesson_id" = LessonId, Path, description = "The lesson id")), request_body(description = "The video file's bytes: MP4 or WebM (recognised by its content)", content((Vec<u8> = "video/mp4"), (Vec<u8> = "video/webm")) ), responses((status = 200, description = "The lesson with its `video`", body = Lesson), (status = 413, description = "Larger than the limit; `errors` names `video`", body = Problem, content_type = "application/problem+json"), (status = 422, description = "Not an MP4 or WebM video, or empty; `errors` names `video`", body = Problem, content_type = "application/problem+json", example = json!({ "type": "urn:madani:problem:validation_failed", "title": "Invalid request", "status": 422, "detail": "video: must be an MP4 or WebM video", "code": "validation_failed", "errors": [{"field": "video", "code": "not_a_video", "message": "must be an MP4 or WebM video"}] })), Errors<(NotTrainer, NotFound, NotAVideoLesson)>), security(("bearer" = [])))]
#[post("/courses/{id}/lessons/{lesson_id}/video")]
pub async fn upload_lesson_video(
    state: State,
    req: HttpRequest,
    user: AuthUser,
    path: web::Path<(CourseId, LessonId)>,
    mut payload: web::Payload,
) -> Answer<Lesson> {
    let (id, lesson_id) = path.into_inner();
    let (id, lesson_id) = (id.to_string(), lesson_id.to_string());
    // Who may, and to what, before storing a byte of the file. A refused client still sending gets
    // the answer after a bounded read, rather than a closed connection.
    let (check_id, check_lesson, check_user) = (id.clone(), lesson_id.clone(), user.clone());
    let check = state
        .db(move |conn| service::media::video_lesson_for_edit(conn, &check_id, &check_lesson, &check_user).map(|_| ()));
    if let Err(e) = check.await {
        drain(&mut payload, DRAIN_BYTES).await;
        return Err(e);
    }
    let declared =
        req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    let upload = uuid::Uuid::now_v7().simple().to_string();
    let (key, kind, size) = receive_video(
        state.storage.clone(),
        payload,
        declared,
        (state.config.video_max_bytes, state.config.upload_idle),
        |kind| format!("lesson-videos/{lesson_id}-{upload}.{}", kind.extension()),
    )
    .await?;
    let storage = state.storage.clone();
    let urls = state.keys.urls.clone();
    let (course, by) = (id.clone(), user.id.clone());
    let lesson = state
        .db(move |conn| {
            service::media::attach_video(conn, storage.as_ref(), &urls, (&id, &lesson_id), &user, (&key, size))
        })
        .await?;
    tracing::info!(course = %course, lesson = %lesson.id, by = %by, bytes = size, kind = kind.mime(), "lesson video uploaded");
    Ok(web::Json(lesson))
}

/// Remove a lesson's video
///
/// Learners then see its `embed_url`, if it has one.
#[utoipa::path(tag = "courses", params(("id" = CourseId, Path, description = "The course id"), ("lesson_id" = LessonId, Path, description = "The lesson id")), responses((status = 204, description = "Removed (or there was none)"), Errors<(NotTrainer, NotFound)>), security(("bearer" = [])))]
#[delete("/courses/{id}/lessons/{lesson_id}/video")]
pub async fn delete_lesson_video(
    state: State,
    user: AuthUser,
    path: web::Path<(CourseId, LessonId)>,
) -> ApiResult<HttpResponse> {
    let (id, lesson_id) = path.into_inner();
    let (id, lesson_id) = (id.to_string(), lesson_id.to_string());
    let storage = state.storage.clone();
    state
        .db(move |conn| {
            let course = access::require_trainer(conn, &id, &user)?;
            service::media::detach_video(conn, storage.as_ref(), &course, &lesson_id)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The parameters of a signed media address.
#[derive(Debug, Deserialize, Validate, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SignedQuery {
    /// The reader the address was signed for (their user id): it works only while they may read
    /// the lesson.
    #[validate(length(max = 64))]
    #[serde(default)]
    pub u: String,
    /// Until when the address works (Unix seconds).
    #[param(minimum = -9223372036854775808_i64, maximum = 9223372036854775807_i64)]
    pub exp: i64,
    /// The signature of the address.
    #[validate(length(max = 100))]
    pub sig: String,
}

/// A lesson's video
///
/// From the signed `video.url` of the lesson, given to its learners, trainers and staff; no access
/// token needed (a `<video>` sends none). The file whole, or one byte range (`Range: bytes=a-b`,
/// `bytes=a-`, `bytes=-n`) answered 206 with `Content-Range`; a range past the end is 416. A bad
/// or expired signature is 403 whether or not the lesson exists or has a video. The address names
/// the reader it was given to (`u`), and each request checks that they still may read the lesson
/// (enrolled, trainer or staff, the account active): 403 `not_enrolled` once they may not.
#[utoipa::path(tag = "courses", params(("id" = LessonId, Path, description = "The lesson id"), SignedQuery), responses((status = 200, description = "The whole file (`Accept-Ranges: bytes`)", content((Vec<u8> = "video/mp4"), (Vec<u8> = "video/webm"))), (status = 206, description = "The range asked for, with `Content-Range`", content((Vec<u8> = "video/mp4"), (Vec<u8> = "video/webm"))), (status = 304, description = "`If-None-Match` names the current file"), Errors<(BadSignature, LinkExpired, NotEnrolled, NotFound, RangeNotSatisfiable)>), security(()))]
#[get("/media/lesson-videos/{id}")]
pub async fn get_lesson_video(
    state: State,
    req: HttpRequest,
    path: web::Path<LessonId>,
    query: ValidQuery<SignedQuery>,
) -> ApiResult<HttpResponse> {
    serve_lesson_video(state, req, path.into_inner(), query.0).await
}

/// A lesson's video, headers only
///
/// What `GET` would answer (length, type, range, validators), without the body.
#[utoipa::path(tag = "courses", params(("id" = LessonId, Path, description = "The lesson id"), SignedQuery), responses((status = 200, description = "The whole file's headers (`Content-Length`, `Accept-Ranges: bytes`)"), (status = 206, description = "The range's headers, with `Content-Range`"), (status = 304, description = "`If-None-Match` names the current file"), Errors<(BadSignature, LinkExpired, NotEnrolled, NotFound, RangeNotSatisfiable)>), security(()))]
#[head("/media/lesson-videos/{id}")]
pub async fn head_lesson_video(
    state: State,
    req: HttpRequest,
    path: web::Path<LessonId>,
    query: ValidQuery<SignedQuery>,
) -> ApiResult<HttpResponse> {
    serve_lesson_video(state, req, path.into_inner(), query.0).await
}

async fn serve_lesson_video(state: State, req: HttpRequest, id: LessonId, q: SignedQuery) -> ApiResult<HttpResponse> {
    let urls = state.keys.urls.clone();
    let (id, exp) = (id.to_string(), q.exp);
    let key = state.db(move |conn| service::media::video_to_serve(conn, &urls, &id, (&q.u, exp, &q.sig))).await?;
    let headers = file_headers(&key, format!("private, max-age={}", exp - unix_now()))?;
    serve_file(state.storage.clone(), &req, key, headers).await
}
