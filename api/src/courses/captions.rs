//! Handlers of a video lesson's captions: WebVTT files, one per language, uploaded by the course's
//! trainers with the lesson's video and played as its `<track>`s from signed, short-lived addresses
//! (a `<track>` sends no access token), served so that a browser never takes them for a page.

use actix_web::{HttpRequest, HttpResponse, delete, get, put, web};
use madani_shared::Problem;
use madani_shared::courses::{Lesson, MAX_CAPTIONS_BYTES};
use madani_shared::ids::{CourseId, LessonId};
use madani_shared::text::Language;

use super::media::SignedQuery;
use super::service::captions::FIELD;
use super::{access, service};
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::http::ValidQuery;
use crate::media::{FileHeaders, drain, key_version, read_body, serve_file, unix_now};
use crate::openapi::errors::{
    BadSignature, Errors, LinkExpired, NoVideoFile, NotAVideoLesson, NotEnrolled, NotFound, NotTrainer,
    RangeNotSatisfiable,
};
use crate::state::{Answer, State};

/// The type captions are served as, whatever the upload said.
pub const WEBVTT_TYPE: &str = "text/vtt; charset=utf-8";

/// Upload a lesson's captions
///
/// The course's trainers and staff, for a video lesson whose video file is uploaded, one language
/// at a time. The body is the WebVTT file itself (`text/vtt`; the type sent is not looked at): UTF-8
/// (a byte order mark is allowed), its first line `WEBVTT`, at most 512 KiB. It replaces that
/// language's captions, if any; the old address stops working. Learners then get a signed address
/// for it in the lesson's `video.captions`, one `<track kind="captions">` per language.
#[utoipa::path(tag = "courses", params(("id" = CourseId, Path, description = "The course id"), ("lesson_id" = LessonId, Path, description = "The lesson id"), ("language" = Language, Path, description = "The captions' language: `ar`, `fr` or `en`")), request_body(content = String, description = "The WebVTT file", content_type = "text/vtt"), responses((status = 200, description = "The lesson with its `video.captions`", body = Lesson), (status = 413, description = "Larger than 512 KiB; `errors` names `captions`", body = Problem, content_type = "application/problem+json", example = json!({ "type": "urn:madani:problem:payload_too_large", "title": "Payload too large", "status": 413, "detail": "The captions file is larger than 512 KB.", "code": "payload_too_large", "errors": [{"field": "captions", "code": "too_large", "message": "must be at most 512 KB"}] })), (status = 422, description = "Empty (`required`), not a WebVTT file (`not_webvtt`: its first line is not `WEBVTT`), or not UTF-8 (`not_utf8`); `errors` names `captions`", body = Problem, content_type = "application/problem+json", example = json!({ "type": "urn:madani:problem:validation_failed", "title": "Invalid request", "status": 422, "detail": "captions: must be a WebVTT file (its first line is WEBVTT)", "code": "validation_failed", "errors": [{"field": "captions", "code": "not_webvtt", "message": "must be a WebVTT file (its first line is WEBVTT)"}] })), Errors<(NotTrainer, NotFound, NotAVideoLesson, NoVideoFile)>), security(("bearer" = [])))]
#[put("/courses/{id}/lessons/{lesson_id}/captions/{language}")]
pub async fn upload_lesson_captions(
    state: State,
    user: AuthUser,
    path: web::Path<(CourseId, LessonId, Language)>,
    mut payload: web::Payload,
) -> Answer<Lesson> {
    let (id, lesson_id, language) = path.into_inner();
    let (id, lesson_id) = (id.to_string(), lesson_id.to_string());
    // Who may, and to what, before reading the file; a refused client still sending gets the
    // answer after its body is read, rather than a closed connection.
    let (check_id, check_lesson, check_user) = (id.clone(), lesson_id.clone(), user.clone());
    let check = state.db(move |conn| {
        service::captions::lesson_for_captions(conn, &check_id, &check_lesson, &check_user).map(|_| ())
    });
    if let Err(e) = check.await {
        drain(&mut payload, MAX_CAPTIONS_BYTES as u64).await;
        return Err(e);
    }
    let bytes = read_body(payload, FIELD, MAX_CAPTIONS_BYTES).await?;
    service::captions::check_webvtt(&bytes)?;
    // A key of its own for each upload: the address that names it changes, and removing a file
    // that did not make it into its row never removes the one the row still names.
    let key = format!("lesson-captions/{lesson_id}-{}-{}.vtt", language.code(), uuid::Uuid::now_v7().simple());
    let size = bytes.len() as u64;
    let (storage, stored_key) = (state.storage.clone(), key.clone());
    web::block(move || storage.put(&stored_key, &bytes)).await?.map_err(ApiError::internal)?;
    let storage = state.storage.clone();
    let urls = state.keys.urls.clone();
    let (course, by) = (id.clone(), user.id.clone());
    let lesson = state
        .db(move |conn| {
            service::captions::attach(conn, storage.as_ref(), &urls, (&id, &lesson_id), language, &user, (&key, size))
        })
        .await?;
    let language = language.code();
    tracing::info!(course = %course, lesson = %lesson.id, by = %by, language, bytes = size, "lesson captions uploaded");
    Ok(web::Json(lesson))
}

/// Remove a lesson's captions
///
/// One language's; the others stay. Removing the lesson's video removes all its captions.
#[utoipa::path(tag = "courses", params(("id" = CourseId, Path, description = "The course id"), ("lesson_id" = LessonId, Path, description = "The lesson id"), ("language" = Language, Path, description = "The captions' language: `ar`, `fr` or `en`")), responses((status = 204, description = "Removed (or there were none)"), Errors<(NotTrainer, NotFound)>), security(("bearer" = [])))]
#[delete("/courses/{id}/lessons/{lesson_id}/captions/{language}")]
pub async fn delete_lesson_captions(
    state: State,
    user: AuthUser,
    path: web::Path<(CourseId, LessonId, Language)>,
) -> ApiResult<HttpResponse> {
    let (id, lesson_id, language) = path.into_inner();
    let (id, lesson_id) = (id.to_string(), lesson_id.to_string());
    let storage = state.storage.clone();
    state
        .db(move |conn| {
            let course = access::require_trainer(conn, &id, &user)?;
            service::captions::detach(conn, storage.as_ref(), &course, &lesson_id, language)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A lesson's captions
///
/// From a signed `video.captions[].url` of the lesson, given to its learners, trainers and staff;
/// no access token needed (a `<track>` sends none). WebVTT, as `text/vtt; charset=utf-8`, with
/// `X-Content-Type-Options: nosniff` and a sandboxing `Content-Security-Policy`. A bad or expired
/// signature is 403 whether or not the lesson exists or has captions in that language. Like the
/// video's, the address names its reader (`u`) and works only while they may read the lesson: 403
/// `not_enrolled` once they may not.
#[utoipa::path(tag = "courses", params(("id" = LessonId, Path, description = "The lesson id"), ("language" = Language, Path, description = "The captions' language: `ar`, `fr` or `en`"), SignedQuery), responses((status = 200, description = "The WebVTT file", content((String = "text/vtt"))), (status = 206, description = "The byte range asked for, with `Content-Range`", content((String = "text/vtt"))), (status = 304, description = "`If-None-Match` names the current file"), Errors<(BadSignature, LinkExpired, NotEnrolled, NotFound, RangeNotSatisfiable)>), security(()))]
#[get("/media/lesson-captions/{id}/{language}")]
pub async fn get_lesson_captions(
    state: State,
    req: HttpRequest,
    path: web::Path<(LessonId, Language)>,
    query: ValidQuery<SignedQuery>,
) -> ApiResult<HttpResponse> {
    let (id, language) = path.into_inner();
    let q = query.0;
    let (id, exp) = (id.to_string(), q.exp);
    let urls = state.keys.urls.clone();
    let key = state
        .db(move |conn| service::captions::captions_to_serve(conn, &urls, (&id, language), (&q.u, exp, &q.sig)))
        .await?;
    let headers = FileHeaders {
        content_type: WEBVTT_TYPE,
        etag: format!("\"{}\"", key_version(&key).unwrap_or_default()),
        cache_control: format!("private, max-age={}", exp - unix_now()),
    };
    serve_file(state.storage.clone(), &req, key, headers).await
}
