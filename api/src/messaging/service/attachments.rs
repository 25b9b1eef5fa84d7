//! Files sent with messages: a picture (PNG, JPEG, WebP) or a PDF, recognised by its content, at
//! most 10 MB, uploaded by a reader of the conversation and then sent with a message (at most 5 to
//! a message). A file is read by whoever reads its conversation; before it is sent, by its uploader
//! only; once its message is deleted, by no one (the sweep removes it).

use std::collections::HashMap;

use chrono::TimeDelta;
use madani_shared::ids::AttachmentId;
use madani_shared::messaging::{Attachment, Message};

use super::super::access;
use super::super::repo::attachments as repo;
use super::super::rows::AttachmentRow;
use crate::auth::AuthUser;
use crate::db::{DbConn, new_id, now};
use crate::error::{ApiError, ApiResult};
use crate::media;

fn view(row: &AttachmentRow) -> Attachment {
    media::attachment(&row.id, &row.name, &row.content_type, row.size_bytes, "/api/v1/attachments")
}

/// Before a byte is read: `user` reads the conversation, and has uploads left this hour.
pub fn authorize_upload(conn: &mut DbConn, user: &AuthUser, conversation_id: &str) -> ApiResult<()> {
    access::load(conn, &user.id, conversation_id)?;
    crate::media::count_upload(conn, &user.id)
}

/// Record a stored upload (waiting for its message).
pub fn record(
    conn: &mut DbConn,
    user: &AuthUser,
    conversation_id: &str,
    key: &str,
    name: &str,
    content_type: &str,
    size: usize,
) -> ApiResult<Attachment> {
    access::load(conn, &user.id, conversation_id)?;
    let row = AttachmentRow {
        id: new_id(),
        conversation_id: conversation_id.to_owned(),
        message_id: None,
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

/// Give the new message `message_id` the uploads `ids` (the sender's, waiting in its conversation);
/// 422 naming `attachment_ids` when one is not.
pub fn claim(
    conn: &mut DbConn,
    ids: &[AttachmentId],
    conversation_id: &str,
    uploader: &str,
    message_id: &str,
) -> ApiResult<()> {
    media::claim_all(
        ids,
        |wanted| repo::claim(conn, wanted, conversation_id, uploader, message_id),
        "names a file that is not one you uploaded to this conversation and have not sent",
    )
}

/// Fill in the files of `messages` (deleted ones have none), in one query.
pub fn attach(conn: &mut DbConn, messages: &mut [Message]) -> ApiResult<()> {
    let ids: Vec<String> = messages.iter().filter(|m| !m.deleted).map(|m| m.id.to_string()).collect();
    let mut files: HashMap<String, Vec<Attachment>> = HashMap::new();
    for row in repo::of_messages(conn, &ids)? {
        if let Some(message) = &row.message_id {
            files.entry(message.clone()).or_default().push(view(&row));
        }
    }
    for message in messages {
        message.attachments = files.remove(&message.id.to_string()).unwrap_or_default();
    }
    Ok(())
}

/// The stored file and type of attachment `id`, for `user_id`; 404 for anyone who may not read it.
pub fn to_serve(conn: &mut DbConn, user_id: &str, id: &str) -> ApiResult<(String, String, String)> {
    let row = repo::find(conn, id)?.ok_or(ApiError::NotFound)?;
    match &row.message_id {
        Some(message) if !repo::message_deleted(conn, message)? => {
            access::load(conn, user_id, &row.conversation_id)?;
        }
        None if row.uploader_id.as_deref() == Some(user_id) => {
            access::load(conn, user_id, &row.conversation_id)?;
        }
        _ => return Err(ApiError::NotFound),
    }
    Ok((row.file_key, row.content_type, row.name))
}

/// Remove uploads no message took within a day, and those of deleted messages; their keys, for the
/// caller to forget.
pub fn sweep(conn: &mut DbConn) -> ApiResult<Vec<String>> {
    Ok(repo::sweep(conn, now() - TimeDelta::days(1))?)
}
