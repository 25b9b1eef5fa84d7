//! Files posted in circles: a picture (PNG, JPEG, WebP) or a PDF, recognised by its content, at most
//! 10 MB, uploaded by a member who writes in the circle and then posted with a thread's opening post
//! or a reply (at most 5 to a post). A posted file is read by whoever reads its post (a hidden
//! post's by the circle's moderators only); before it is posted, by its uploader only; once its post
//! is deleted, by no one (the sweep removes it after a day).

use std::collections::HashMap;

use chrono::TimeDelta;
use madani_shared::ids::AttachmentId;
use madani_shared::messaging::Attachment;

use super::super::access;
use super::super::repo::{files as repo, threads as threads_repo};
use super::super::rows::FileRow;
use crate::auth::AuthUser;
use crate::db::{DbConn, new_id, now};
use crate::error::{ApiError, ApiResult};
use crate::media;

fn view(row: &FileRow) -> Attachment {
    media::attachment(&row.id, &row.name, &row.content_type, row.size_bytes, "/api/v1/circle-attachments")
}

/// Before a byte is read: `user` writes in the circle, and has uploads left this hour.
pub fn authorize_upload(conn: &mut DbConn, user: &AuthUser, circle_id: &str) -> ApiResult<()> {
    access::writable(conn, circle_id, user)?;
    crate::media::count_upload(conn, &user.id)
}

/// Record a stored upload (waiting for its post).
pub fn record(
    conn: &mut DbConn,
    user: &AuthUser,
    circle_id: &str,
    key: &str,
    name: &str,
    content_type: &str,
    size: usize,
) -> ApiResult<Attachment> {
    access::writable(conn, circle_id, user)?;
    let row = FileRow {
        id: new_id(),
        circle_id: circle_id.to_owned(),
        post_id: None,
        uploader_id: Some(user.id.clone()),
        file_key: key.to_owned(),
        name: name.to_owned(),
        content_type: content_type.to_owned(),
        size_bytes: size as i64,
        created_at: now(),
    };
    repo::insert(conn, &row)?;
    Ok(view(&row))
}

/// Give the new post `post_id` the uploads `ids` (the author's, waiting in its circle); 422 naming
/// `attachment_ids` when one is not.
pub fn claim(conn: &mut DbConn, ids: &[AttachmentId], circle_id: &str, uploader: &str, post_id: &str) -> ApiResult<()> {
    media::claim_all(
        ids,
        |wanted| repo::claim(conn, wanted, circle_id, uploader, post_id),
        "names a file that is not one you uploaded to this circle and have not posted",
    )
}

/// The files of the posts `post_ids`, by post, in one query.
pub fn of_posts(conn: &mut DbConn, post_ids: &[String]) -> ApiResult<HashMap<String, Vec<Attachment>>> {
    let mut files: HashMap<String, Vec<Attachment>> = HashMap::new();
    for row in repo::of_posts(conn, post_ids)? {
        if let Some(post) = &row.post_id {
            files.entry(post.clone()).or_default().push(view(&row));
        }
    }
    Ok(files)
}

/// A deleted post's files are no one's (the sweep removes them).
pub fn release(conn: &mut DbConn, post_id: &str) -> ApiResult<()> {
    repo::release(conn, post_id)?;
    Ok(())
}

/// The stored file, type and name of upload `id`, for `user`: 401 for a visitor where the circle
/// is not open, 404 for anyone else who may not read it.
pub fn to_serve(conn: &mut DbConn, user: Option<&AuthUser>, id: &str) -> ApiResult<(String, String, String)> {
    let row = repo::find(conn, id)?.ok_or(ApiError::NotFound)?;
    let post = match &row.post_id {
        Some(post_id) => Some(threads_repo::find_post(conn, post_id)?.ok_or(ApiError::NotFound)?),
        None => None,
    };
    let sight = match access::readable(conn, &row.circle_id, user) {
        Ok(sight) => sight,
        Err(ApiError::Unauthenticated) => return Err(ApiError::Unauthenticated),
        Err(_) => return Err(ApiError::NotFound),
    };
    let readable = match &post {
        Some(post) => post.deleted_at.is_none() && (post.hidden_at.is_none() || sight.is_moderator()),
        None => user.is_some_and(|u| row.uploader_id.as_deref() == Some(u.id.as_str())),
    };
    if !readable {
        return Err(ApiError::NotFound);
    }
    Ok((row.file_key, row.content_type, row.name))
}

/// Remove uploads no post took within a day, and those of deleted posts; their keys, for the
/// caller to forget.
pub fn sweep(conn: &mut DbConn) -> ApiResult<Vec<String>> {
    Ok(repo::sweep(conn, now() - TimeDelta::days(1))?)
}
