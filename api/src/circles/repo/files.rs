//! Diesel queries for the files posted in circles.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::super::rows::FileRow;
use crate::db::DbConn;
use crate::db::schema::circle_attachments;

pub fn insert(conn: &mut DbConn, row: &FileRow) -> QueryResult<usize> {
    diesel::insert_into(circle_attachments::table).values(row).execute(conn)
}

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<FileRow>> {
    circle_attachments::table.find(id).select(FileRow::as_select()).first(conn).optional()
}

/// Give `post_id` the uploads of `uploader` among `ids` that wait in its circle; how many it took.
pub fn claim(conn: &mut DbConn, ids: &[String], circle_id: &str, uploader: &str, post_id: &str) -> QueryResult<usize> {
    diesel::update(
        circle_attachments::table
            .filter(circle_attachments::id.eq_any(ids))
            .filter(circle_attachments::circle_id.eq(circle_id))
            .filter(circle_attachments::uploader_id.eq(uploader))
            .filter(circle_attachments::post_id.is_null()),
    )
    .set(circle_attachments::post_id.eq(post_id))
    .execute(conn)
}

/// The files of `post_ids`, in the order they were uploaded.
pub fn of_posts(conn: &mut DbConn, post_ids: &[String]) -> QueryResult<Vec<FileRow>> {
    if post_ids.is_empty() {
        return Ok(Vec::new());
    }
    circle_attachments::table
        .filter(circle_attachments::post_id.eq_any(post_ids))
        .order((circle_attachments::created_at.asc(), circle_attachments::id.asc()))
        .select(FileRow::as_select())
        .load(conn)
}

/// A deleted post lets its files go: no one's, neither readable nor to be posted again, until the
/// sweep removes them.
pub fn release(conn: &mut DbConn, post_id: &str) -> QueryResult<usize> {
    diesel::update(circle_attachments::table.filter(circle_attachments::post_id.eq(post_id)))
        .set((circle_attachments::post_id.eq(None::<String>), circle_attachments::uploader_id.eq(None::<String>)))
        .execute(conn)
}

#[derive(QueryableByName)]
struct Key {
    #[diesel(sql_type = diesel::sql_types::Text)]
    file_key: String,
}

/// Remove uploads no post holds, created before `before`; their storage keys. One statement, so
/// that an upload a post takes meanwhile is neither removed nor has its file forgotten.
pub fn sweep(conn: &mut DbConn, before: NaiveDateTime) -> QueryResult<Vec<String>> {
    let keys: Vec<Key> = diesel::sql_query(
        "DELETE FROM circle_attachments WHERE post_id IS NULL AND created_at < $1 RETURNING file_key",
    )
    .bind::<diesel::sql_types::Timestamp, _>(before)
    .load(conn)?;
    Ok(keys.into_iter().map(|k| k.file_key).collect())
}
