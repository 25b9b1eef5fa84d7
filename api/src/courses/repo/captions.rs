//! Queries of the captions of lessons' uploaded videos (one WebVTT track per lesson and language).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::courses::rows::CaptionRow;
use crate::db::DbConn;
use crate::db::schema::lesson_captions;

/// The captions of a lesson, in no particular order.
pub fn lesson_captions(conn: &mut DbConn, lesson_id: &str) -> QueryResult<Vec<CaptionRow>> {
    lesson_captions::table.filter(lesson_captions::lesson_id.eq(lesson_id)).load(conn)
}

/// The lesson's captions in one language, if any.
pub fn find_captions(conn: &mut DbConn, lesson_id: &str, language: &str) -> QueryResult<Option<CaptionRow>> {
    lesson_captions::table.find((lesson_id, language)).first(conn).optional()
}

/// The storage keys of the captions of these lessons (read inside the transaction that deletes
/// them, or their lessons, so that the files can be forgotten after it).
pub fn captions_keys(conn: &mut DbConn, lesson_ids: &[String]) -> QueryResult<Vec<String>> {
    lesson_captions::table
        .filter(lesson_captions::lesson_id.eq_any(lesson_ids))
        .select(lesson_captions::storage_key)
        .load(conn)
}

pub fn insert_captions(conn: &mut DbConn, row: &CaptionRow) -> QueryResult<usize> {
    diesel::insert_into(lesson_captions::table).values(row).execute(conn)
}

/// Point the lesson's captions in a language at another file.
pub fn set_captions(
    conn: &mut DbConn,
    lesson_id: &str,
    language: &str,
    (key, bytes): (&str, i64),
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(lesson_captions::table.find((lesson_id, language)))
        .set((
            lesson_captions::storage_key.eq(key),
            lesson_captions::bytes.eq(bytes),
            lesson_captions::updated_at.eq(now),
        ))
        .execute(conn)
}

/// Remove the lesson's captions in one language.
pub fn delete_captions(conn: &mut DbConn, lesson_id: &str, language: &str) -> QueryResult<usize> {
    diesel::delete(lesson_captions::table.find((lesson_id, language))).execute(conn)
}

/// Remove every captions track of the lesson.
pub fn delete_lesson_captions(conn: &mut DbConn, lesson_id: &str) -> QueryResult<usize> {
    diesel::delete(lesson_captions::table.filter(lesson_captions::lesson_id.eq(lesson_id))).execute(conn)
}
