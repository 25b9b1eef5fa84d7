//! Diesel queries for the files sent with messages.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::super::rows::AttachmentRow;
use crate::db::DbConn;
use crate::db::schema::{message_attachments, messages};

pub fn insert(conn: &mut DbConn, row: &AttachmentRow) -> QueryResult<usize> {
    diesel::insert_into(message_attachments::table).values(row).execute(conn)
}

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<AttachmentRow>> {
    message_attachments::table.find(id).select(AttachmentRow::as_select()).first(conn).optional()
}

/// Give `message_id` the uploads of `uploader` among `ids` that wait in its conversation; how many
/// it took.
pub fn claim(
    conn: &mut DbConn,
    ids: &[String],
    conversation_id: &str,
    uploader: &str,
    message_id: &str,
) -> QueryResult<usize> {
    diesel::update(
        message_attachments::table
            .filter(message_attachments::id.eq_any(ids))
            .filter(message_attachments::conversation_id.eq(conversation_id))
            .filter(message_attachments::uploader_id.eq(uploader))
            .filter(message_attachments::message_id.is_null()),
    )
    .set(message_attachments::message_id.eq(message_id))
    .execute(conn)
}

/// The files of `message_ids`, in the order they were uploaded.
pub fn of_messages(conn: &mut DbConn, message_ids: &[String]) -> QueryResult<Vec<AttachmentRow>> {
    if message_ids.is_empty() {
        return Ok(Vec::new());
    }
    message_attachments::table
        .filter(message_attachments::message_id.eq_any(message_ids))
        .order((message_attachments::created_at.asc(), message_attachments::id.asc()))
        .select(AttachmentRow::as_select())
        .load(conn)
}

/// A deleted message lets its files go: no one's, neither readable nor to be sent again, until the
/// sweep removes them.
pub fn release(conn: &mut DbConn, message_id: &str) -> QueryResult<usize> {
    diesel::update(message_attachments::table.filter(message_attachments::message_id.eq(message_id)))
        .set((message_attachments::message_id.eq(None::<String>), message_attachments::uploader_id.eq(None::<String>)))
        .execute(conn)
}

/// Whether the message is deleted (its files are then no one's).
pub fn message_deleted(conn: &mut DbConn, message_id: &str) -> QueryResult<bool> {
    let deleted: Option<Option<NaiveDateTime>> =
        messages::table.find(message_id).select(messages::deleted_at).first(conn).optional()?;
    Ok(deleted.is_none_or(|d| d.is_some()))
}

#[derive(QueryableByName)]
struct Key {
    #[diesel(sql_type = diesel::sql_types::Text)]
    file_key: String,
}

/// Remove uploads no message holds, created before `before`; their storage keys. One statement, so
/// that an upload a message takes meanwhile is neither removed nor has its file forgotten.
pub fn sweep(conn: &mut DbConn, before: NaiveDateTime) -> QueryResult<Vec<String>> {
    let keys: Vec<Key> = diesel::sql_query(
        "DELETE FROM message_attachments WHERE message_id IS NULL AND created_at < $1 RETURNING file_key",
    )
    .bind::<diesel::sql_types::Timestamp, _>(before)
    .load(conn)?;
    Ok(keys.into_iter().map(|k| k.file_key).collect())
}
