//! The rules of a video lesson's captions: one WebVTT track per language, checked by content, kept
//! with the uploaded video (none without it, gone with it), served by signed addresses.

use madani_shared::ErrorCode;
use madani_shared::courses::*;
use madani_shared::text::Language;

use super::lessons::{find_lesson, lesson_view};
use super::media::video_lesson_for_edit;
use crate::auth::AuthUser;
use crate::courses::repo;
use crate::courses::rows::{CaptionRow, CourseRow, LessonRow, captions_resource};
use crate::db::{DbConn, now, write_tx};
use crate::error::{ApiError, ApiResult};
use crate::media::{UrlSigner, unix_now};
use crate::storage::Storage;

/// The field uploads of captions are refused as.
pub const FIELD: &str = "captions";

/// Why an upload is not a WebVTT file we take (422 naming `captions`), checked by its content: not
/// empty, starting with `WEBVTT` (after an optional byte order mark) followed by a space, a tab or
/// the end of the line, and UTF-8 throughout. Nothing else is looked at: a browser parses the cues
/// as text, and the file is served so that it is never anything else.
pub fn check_webvtt(bytes: &[u8]) -> ApiResult<()> {
    if bytes.is_empty() {
        return Err(ApiError::field(FIELD, "required", "send the WebVTT file as the body"));
    }
    let not_utf8 = || ApiError::field(FIELD, "not_utf8", "must be encoded in UTF-8");
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let signed = text
        .strip_prefix(b"WEBVTT")
        .is_some_and(|rest| matches!(rest.first(), None | Some(b' ' | b'\t' | b'\n' | b'\r')));
    if !signed {
        // A UTF-16 file (its byte order mark says so) is a WebVTT file in the wrong encoding.
        if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
            return Err(not_utf8());
        }
        return Err(ApiError::field(FIELD, "not_webvtt", "must be a WebVTT file (its first line is WEBVTT)"));
    }
    std::str::from_utf8(text).map_err(|_| not_utf8())?;
    Ok(())
}

/// The lesson of the course that may take captions: 403 unless the user teaches the course, 409
/// `not_a_video_lesson` unless it is a video, 409 `no_video_file` until its video is uploaded.
pub fn lesson_for_captions(conn: &mut DbConn, course: &str, lesson: &str, user: &AuthUser) -> ApiResult<LessonRow> {
    let row = video_lesson_for_edit(conn, course, lesson, user)?;
    if !row.has_video_file() {
        return Err(ApiError::Conflict(ErrorCode::NoVideoFile));
    }
    Ok(row)
}

/// Point the lesson's captions in `language` at the file stored under `key` (checked again: the
/// upload took time, and the trainer, the lesson or its video may be gone; then the new file is
/// forgotten). The file it replaces is forgotten; the lesson as its editor sees it.
pub fn attach(
    conn: &mut DbConn,
    storage: &dyn Storage,
    urls: &UrlSigner,
    (course, lesson_id): (&str, &str),
    language: Language,
    user: &AuthUser,
    (key, size): (&str, u64),
) -> ApiResult<Lesson> {
    let set = lesson_for_captions(conn, course, lesson_id, user)
        .and_then(|_| replace(conn, lesson_id, language, (key, size as i64)));
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

/// The lesson's row locked (PostgreSQL) while its captions change, as a video upload or a
/// deletion of the lesson or its video locks it: captions are never set on a lesson, or a video,
/// that is going. The key replaced, if any.
fn replace(conn: &mut DbConn, lesson_id: &str, language: Language, file: (&str, i64)) -> ApiResult<Option<String>> {
    write_tx(conn, |conn| {
        let video = repo::lock_lesson_videos(conn, &[lesson_id.to_owned()])?.pop().ok_or(ApiError::NotFound)?;
        if video.is_none() {
            return Err(ApiError::Conflict(ErrorCode::NoVideoFile));
        }
        let now = now();
        let previous = repo::find_captions(conn, lesson_id, language.code())?;
        match &previous {
            Some(_) => repo::set_captions(conn, lesson_id, language.code(), file, now)?,
            None => repo::insert_captions(
                conn,
                &CaptionRow {
                    lesson_id: lesson_id.to_owned(),
                    language: language.code().to_owned(),
                    storage_key: file.0.to_owned(),
                    bytes: file.1,
                    updated_at: now,
                },
            )?,
        };
        Ok(previous.map(|p| p.storage_key))
    })
}

/// Remove the lesson's captions in `language` (nothing to do when it has none), and forget the file.
pub fn detach(
    conn: &mut DbConn,
    storage: &dyn Storage,
    course: &CourseRow,
    lesson_id: &str,
    language: Language,
) -> ApiResult<()> {
    find_lesson(conn, &course.id, lesson_id)?;
    let previous = write_tx(conn, |conn| {
        repo::lock_lesson_videos(conn, &[lesson_id.to_owned()])?;
        let previous = repo::find_captions(conn, lesson_id, language.code())?;
        repo::delete_captions(conn, lesson_id, language.code())?;
        Ok::<_, ApiError>(previous.map(|p| p.storage_key))
    })?;
    crate::media::forget(storage, previous);
    Ok(())
}

/// The key of the lesson's captions in `language`, if the address is well signed for them and its
/// reader `u`: 403 `bad_signature` or `link_expired` otherwise, whether or not the lesson exists or
/// has captions in that language. Then 403 `not_enrolled` unless `u` still may read the lesson, as
/// for its video ([`super::media::video_to_serve`]).
pub fn captions_to_serve(
    conn: &mut DbConn,
    urls: &UrlSigner,
    (lesson_id, language): (&str, Language),
    (u, exp, sig): (&str, i64, &str),
) -> ApiResult<String> {
    let key = repo::find_captions(conn, lesson_id, language.code())?.map(|row| row.storage_key);
    let signed = key.as_ref().map_or(Err(ApiError::Forbidden(ErrorCode::BadSignature)), |key| {
        urls.check(&captions_resource(lesson_id, language, key, u), exp, sig, unix_now())
    });
    if let Err(e) = signed {
        let language = language.code();
        tracing::warn!(lesson = %lesson_id, language, "refused: captions with a wrong or expired signature");
        return Err(e);
    }
    let lesson = repo::find_lesson(conn, lesson_id)?.ok_or(ApiError::NotFound)?;
    crate::courses::access::require_still_reads(conn, &lesson.course_id, u, lesson_id)?;
    key.ok_or(ApiError::NotFound)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(bytes: &[u8]) -> Option<String> {
        match check_webvtt(bytes) {
            Ok(()) => None,
            Err(ApiError::Validation(errors)) => {
                assert_eq!(errors[0].field, "captions");
                Some(errors[0].code.clone())
            }
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn webvtt_is_recognised_by_its_first_line_and_must_be_utf8() {
        for good in [
            &b"WEBVTT\n\n00:00.000 --> 00:02.000\nBonjour\n"[..],
            b"WEBVTT\r\n\r\n00:00.000 --> 00:02.000\n\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7\n",
            b"\xEF\xBB\xBFWEBVTT\n",
            b"WEBVTT - Le cadre logique\n",
            b"WEBVTT\tsous-titres\n",
            b"WEBVTT\r",
            b"WEBVTT",
        ] {
            assert_eq!(refused(good), None, "{}", String::from_utf8_lossy(good));
        }
        let code = |bytes: &[u8]| refused(bytes).unwrap_or_default();
        assert_eq!(code(b""), "required");
        assert_eq!(code(b"1\n00:00:00,000 --> 00:00:02,000\nBonjour\n"), "not_webvtt", "SubRip");
        assert_eq!(code(b"WEBVTTX\n"), "not_webvtt");
        assert_eq!(code(b"webvtt\n"), "not_webvtt");
        assert_eq!(code(b" WEBVTT\n"), "not_webvtt");
        assert_eq!(code(b"\x89PNG\r\n\x1a\n"), "not_webvtt");
        assert_eq!(code(b"WEBVTT\n\n00:00.000 --> 00:02.000\nD\xE9j\xE0 vu\n"), "not_utf8", "Latin-1");
        assert_eq!(code(b"\xFF\xFEW\0E\0B\0V\0T\0T\0\n\0"), "not_utf8", "UTF-16");
    }
}
