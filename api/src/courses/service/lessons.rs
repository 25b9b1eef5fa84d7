//! Lessons: written by trainers, read by learners with their neighbours in reading order.

use std::collections::HashSet;

use madani_shared::courses::*;

use super::outline::find_module;
use super::renumber;
use crate::auth::AuthUser;
use crate::courses::access::{self, Rights};
use crate::courses::repo;
use crate::courses::rows::{CourseRow, LessonRow};
use crate::db::{DbConn, new_id, now, write_tx};
use crate::error::{ApiError, ApiResult};
use crate::media::UrlSigner;
use crate::storage::Storage;

/// The lesson of this course, 404 otherwise.
pub fn find_lesson(conn: &mut DbConn, course: &str, lesson: &str) -> ApiResult<LessonRow> {
    repo::lessons(conn, course)?.into_iter().find(|l| l.id == lesson).ok_or(ApiError::NotFound)
}

/// A lesson of a resource or link kind needs its address; a video lesson's address, if it has one
/// (it may have an uploaded file instead), must be a page of an allowed host.
fn check_lesson_url(kind: LessonKind, url: Option<&str>) -> ApiResult<()> {
    match (kind, url) {
        (LessonKind::Text | LessonKind::Quiz, _) => Ok(()),
        (LessonKind::Video, Some(u)) if video_embed(u).is_none() => {
            Err(ApiError::field("url", "video_host", "must be a YouTube, Vimeo or Dailymotion video page"))
        }
        (LessonKind::Video, None) | (_, Some(_)) => Ok(()),
        (_, None) => Err(ApiError::field("url", "required", "this kind of lesson needs its address")),
    }
}

/// The address of a new lesson as kept (trimmed, none when blank), if its kind allows it: checked
/// with the rest of the request, before anything else.
pub fn checked_url(kind: LessonKind, url: Option<&str>) -> ApiResult<Option<String>> {
    let url = url.map(str::trim).filter(|u| !u.is_empty()).map(str::to_owned);
    check_lesson_url(kind, url.as_deref())?;
    Ok(url)
}

/// A lesson at the end of the module, with its address from [`checked_url`]; as its editor
/// `reader` (a user id) sees it.
pub fn create(
    conn: &mut DbConn,
    (urls, reader): (&UrlSigner, &str),
    course: &CourseRow,
    module_id: &str,
    req: CreateLesson,
    url: Option<String>,
) -> ApiResult<Lesson> {
    find_module(conn, &course.id, module_id)?;
    let position = repo::lessons(conn, &course.id)?.iter().filter(|l| l.module_id == module_id).count() as i32 + 1;
    let (title_ar, title_fr, title_en) = req.title.trimmed();
    let (body_ar, body_fr, body_en) = req.body.trimmed();
    let now = now();
    let row = LessonRow {
        id: new_id(),
        course_id: course.id.clone(),
        module_id: module_id.to_owned(),
        position,
        kind: req.kind.as_str().to_owned(),
        title_ar,
        title_fr,
        title_en,
        body_ar,
        body_fr,
        body_en,
        url,
        required: req.required,
        estimated_minutes: req.estimated_minutes.map(|m| m as i32),
        created_at: now,
        updated_at: now,
        video: None,
        video_bytes: None,
    };
    repo::insert_lesson(conn, &row)?;
    lesson_view(conn, (urls, reader), &row, None, None)
}

/// The lesson with its neighbours in reading order; `done` for an enrolled viewer, `learner` to
/// count their quiz attempts. Only for a reader of the lesson, `reader` (a user id): it holds the
/// address of its video, signed for them.
pub fn lesson_view(
    conn: &mut DbConn,
    (urls, reader): (&UrlSigner, &str),
    row: &LessonRow,
    done: Option<&HashSet<String>>,
    learner: Option<&str>,
) -> ApiResult<Lesson> {
    let lessons = repo::lessons(conn, &row.course_id)?;
    let at = lessons.iter().position(|l| l.id == row.id);
    let previous = at.and_then(|i| i.checked_sub(1)).and_then(|i| lessons.get(i)).map(|l| l.id.clone());
    let next = at.and_then(|i| lessons.get(i + 1)).map(|l| l.id.clone());
    let quiz = match row.kind() {
        LessonKind::Quiz => super::quizzes::info(conn, &row.id, learner)?,
        _ => None,
    };
    let captions = if row.has_video_file() { repo::lesson_captions(conn, &row.id)? } else { Vec::new() };
    let video = row.video(urls, crate::media::unix_now(), &captions, reader);
    Ok(row.to_api(video, done.map(|d| d.contains(&row.id)), quiz, previous, next))
}

/// The lesson as a reader of the course sees it, with whether they completed it if they are
/// enrolled: 404 for a lesson of another course, whoever asks; then 403 unless they may read the
/// course's lessons ([`access::require_reader`]).
pub fn read(
    conn: &mut DbConn,
    urls: &UrlSigner,
    (course, r): (CourseRow, Rights),
    user: &AuthUser,
    lesson_id: &str,
) -> ApiResult<Lesson> {
    let row = find_lesson(conn, &course.id, lesson_id)?;
    access::require_reader(&r, user, &course.id)?;
    let done: Option<HashSet<String>> = match &r.enrolment {
        Some(e) => Some(repo::completed_lessons(conn, &course.id, &e.user_id)?.into_iter().collect()),
        None => None,
    };
    let learner = r.enrolment.as_ref().map(|e| e.user_id.as_str());
    lesson_view(conn, (urls, &user.id), &row, done.as_ref(), learner)
}

/// Change a lesson, or move it within its module; the lesson as its editor `reader` sees it.
pub fn update(
    conn: &mut DbConn,
    (urls, reader): (&UrlSigner, &str),
    course: &CourseRow,
    lesson_id: &str,
    req: UpdateLesson,
) -> ApiResult<Lesson> {
    let mut row = find_lesson(conn, &course.id, lesson_id)?;
    if let Some(t) = &req.title {
        (row.title_ar, row.title_fr, row.title_en) = t.trimmed();
    }
    if let Some(b) = &req.body {
        (row.body_ar, row.body_fr, row.body_en) = b.trimmed();
    }
    if let Some(u) = &req.url {
        row.url = Some(u.trim().to_owned()).filter(|u| !u.is_empty());
    }
    check_lesson_url(row.kind(), row.url.as_deref())?;
    if let Some(r) = req.required {
        row.required = r;
    }
    if let Some(m) = req.estimated_minutes {
        row.estimated_minutes = Some(m as i32);
    }
    row.updated_at = now();
    write_tx(conn, |conn| {
        repo::update_lesson(conn, &row)?;
        if let Some(p) = req.position {
            let ids: Vec<String> = repo::lessons(conn, &course.id)?
                .into_iter()
                .filter(|l| l.module_id == row.module_id)
                .map(|l| l.id)
                .collect();
            renumber(conn, &super::reorder(&ids, lesson_id, p), repo::set_lesson_position)?;
        }
        Ok::<_, ApiError>(())
    })?;
    let row = find_lesson(conn, &course.id, lesson_id)?;
    lesson_view(conn, (urls, reader), &row, None, None)
}

/// Delete a lesson, its video and its captions; the others of its module are renumbered.
pub fn delete(conn: &mut DbConn, storage: &dyn Storage, course: &CourseRow, lesson_id: &str) -> ApiResult<()> {
    // Read inside the transaction, the lesson locked: a video or captions uploaded meanwhile are
    // removed with the lesson (their rows go with it).
    let files = write_tx(conn, |conn| {
        let row = find_lesson(conn, &course.id, lesson_id)?;
        let ids = [lesson_id.to_owned()];
        let mut files: Vec<String> = repo::lock_lesson_videos(conn, &ids)?.into_iter().flatten().collect();
        files.extend(repo::captions_keys(conn, &ids)?);
        repo::delete_lesson(conn, lesson_id)?;
        let ids: Vec<String> = repo::lessons(conn, &course.id)?
            .into_iter()
            .filter(|l| l.module_id == row.module_id)
            .map(|l| l.id)
            .collect();
        renumber(conn, &ids, repo::set_lesson_position)?;
        Ok::<_, ApiError>(files)
    })?;
    crate::media::forget(storage, files);
    Ok(())
}
