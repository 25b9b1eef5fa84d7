//! The rules of a course's cover and a video lesson's file: who may see them, and pointing the
//! rows at new files so that no file is left that no row names. The video's captions are in
//! [`super::captions`].

use madani_shared::ErrorCode;
use madani_shared::courses::*;

use super::lessons::{find_lesson, lesson_view};
use crate::auth::AuthUser;
use crate::courses::access;
use crate::courses::repo;
use crate::courses::rows::{CourseRow, LessonRow, cover_resource, video_resource};
use crate::db::{DbConn, now, write_tx};
use crate::error::{ApiError, ApiResult};
use crate::media::{CoverQuery, UrlSigner, public_cache, unix_now};
use crate::storage::Storage;

/// Point the course at its new cover `key`: the previous key, for the caller to forget, and the
/// course as its editor now sees it (an error there leaves the new cover in place).
pub fn set_cover(
    conn: &mut DbConn,
    urls: &UrlSigner,
    course: &CourseRow,
    user: &AuthUser,
    key: &str,
) -> ApiResult<(Option<String>, ApiResult<Course>)> {
    let previous = replace_cover(conn, &course.id, Some(key))?;
    tracing::info!(course = %course.id, by = %user.id, "course cover changed");
    let view = (|| {
        let row = repo::find_course(conn, &course.id)?;
        let r = access::rights(conn, &row, Some(user))?;
        super::catalog::course_view(conn, urls, &row, &r)
    })();
    Ok((previous, view))
}

/// Remove the course's cover: the key it had, for the caller to forget.
pub fn clear_cover(conn: &mut DbConn, course: &CourseRow) -> ApiResult<Option<String>> {
    replace_cover(conn, &course.id, None)
}

/// The row is locked while its key is read (PostgreSQL), so two uploads at once each get the key
/// the other replaced.
fn replace_cover(conn: &mut DbConn, id: &str, key: Option<&str>) -> ApiResult<Option<String>> {
    write_tx(conn, |conn| {
        let previous = repo::lock_cover(conn, id)?;
        repo::set_cover(conn, id, key, now())?;
        Ok(previous)
    })
}

/// The course's cover key and its `Cache-Control`, if the viewer may see it: a published course's
/// is public (immutable only at the address that names this very cover); another's with a good
/// signature for a viewer who still may see the course, or to whoever may see the course by their
/// token; 404 to anyone else.
pub fn cover_to_serve(
    conn: &mut DbConn,
    urls: &UrlSigner,
    id: &str,
    user: Option<&AuthUser>,
    q: &CoverQuery,
) -> ApiResult<(String, String)> {
    let course = repo::find_course(conn, id)?;
    let key = course.cover.clone().ok_or(ApiError::NotFound)?;
    if course.status() == CourseStatus::Published {
        return Ok((key.clone(), public_cache(q.v.as_deref(), &key)));
    }
    let now = unix_now();
    if let Some(viewer) = q.signed_viewer(urls, |viewer| cover_resource(id, &key, viewer), now) {
        if access::still_reads(conn, id, viewer)? {
            return Ok((key, format!("private, max-age={}", q.exp.unwrap_or(now) - now)));
        }
        tracing::warn!(course = %id, viewer, "refused: a draft's cover signed for someone who may not see it now");
    }
    // Without a good signature, the viewer's own right to see the course (404 otherwise).
    access::load(conn, id, user)?;
    Ok((key, "private, no-store".to_owned()))
}

/// The lesson of the course, 403 unless the user teaches the course, 409 unless it is a video.
pub fn video_lesson_for_edit(conn: &mut DbConn, course: &str, lesson: &str, user: &AuthUser) -> ApiResult<LessonRow> {
    access::require_trainer(conn, course, user)?;
    let row = find_lesson(conn, course, lesson)?;
    if row.kind() != LessonKind::Video {
        return Err(ApiError::Conflict(ErrorCode::NotAVideoLesson));
    }
    Ok(row)
}

/// Point the lesson at its new video, stored under `key` (checked again: the upload took time,
/// and the trainer or the lesson may be gone; then the new file is forgotten). The previous file
/// is forgotten; the lesson as its editor sees it.
pub fn attach_video(
    conn: &mut DbConn,
    storage: &dyn Storage,
    urls: &UrlSigner,
    (course, lesson_id): (&str, &str),
    user: &AuthUser,
    (key, size): (&str, u64),
) -> ApiResult<Lesson> {
    let set = video_lesson_for_edit(conn, course, lesson_id, user)
        .and_then(|_| replace_video(conn, lesson_id, (key, size as i64)));
    let previous = match set {
        Ok(previous) => previous,
        Err(e) => {
            crate::media::forget(storage, [key.to_owned()]);
            return Err(e);
        }
    };
    crate::media::forget(storage, previous.filter(|old| old != key));
    let row = find_lesson(conn, course, lesson_id)?;
    lesson_view(conn, (urls, &user.id), &row, None, None)
}

/// Remove the lesson's video and its captions (they were timed to it), and forget their files.
pub fn detach_video(conn: &mut DbConn, storage: &dyn Storage, course: &CourseRow, lesson_id: &str) -> ApiResult<()> {
    find_lesson(conn, &course.id, lesson_id)?;
    let files = write_tx(conn, |conn| {
        let ids = [lesson_id.to_owned()];
        let previous = repo::lock_lesson_videos(conn, &ids)?.pop().ok_or(ApiError::NotFound)?;
        let captions = repo::captions_keys(conn, &ids)?;
        repo::set_lesson_video(conn, lesson_id, None, now())?;
        repo::delete_lesson_captions(conn, lesson_id)?;
        Ok::<_, ApiError>(previous.into_iter().chain(captions).collect::<Vec<_>>())
    })?;
    crate::media::forget(storage, files);
    Ok(())
}

/// Locked like [`replace_cover`]; 404 when the lesson is gone. The captions stay: a new file of
/// the same video (re-encoded, say) keeps its timing.
fn replace_video(conn: &mut DbConn, id: &str, video: (&str, i64)) -> ApiResult<Option<String>> {
    write_tx(conn, |conn| {
        let previous = repo::lock_lesson_videos(conn, &[id.to_owned()])?.pop().ok_or(ApiError::NotFound)?;
        repo::set_lesson_video(conn, id, Some(video), now())?;
        Ok(previous)
    })
}

/// The key of the lesson's video, if the address is well signed for it and its reader `u`: 403
/// `bad_signature` or `link_expired` otherwise, whether or not the lesson exists or has a video, so
/// that a stranger cannot tell a lesson with a video from one without (or from no lesson at all).
/// Then 403 `not_enrolled` unless `u` still may read the lesson ([`access::still_reads`]): checked
/// on every request, each byte range included.
pub fn video_to_serve(
    conn: &mut DbConn,
    urls: &UrlSigner,
    id: &str,
    (u, exp, sig): (&str, i64, &str),
) -> ApiResult<String> {
    let row = repo::find_lesson(conn, id)?;
    let video = row.and_then(|row| row.video.clone().filter(|_| row.kind() == LessonKind::Video).map(|k| (row, k)));
    let signed = video.as_ref().map_or(Err(ApiError::Forbidden(ErrorCode::BadSignature)), |(_, key)| {
        urls.check(&video_resource(id, key, u), exp, sig, unix_now())
    });
    if let Err(e) = signed {
        tracing::warn!(lesson = %id, "refused: lesson video with a wrong or expired signature");
        return Err(e);
    }
    let (row, key) = video.ok_or(ApiError::NotFound)?;
    access::require_still_reads(conn, &row.course_id, u, id)?;
    Ok(key)
}
