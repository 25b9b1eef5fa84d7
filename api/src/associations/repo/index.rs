//! What the directory's in-memory index reads: the listed associations with the columns it filters
//! and sorts on, their fields and search terms, and what changed or went since a moment.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{association_deletions, association_terms, associations};

/// An association as the index holds it.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = associations)]
pub struct IndexedRow {
    pub id: String,
    pub name_ar: Option<String>,
    pub name_fr: Option<String>,
    pub name_en: Option<String>,
    pub acronym: Option<String>,
    pub logo: Option<String>,
    pub status: String,
    pub wilaya_code: String,
    pub commune_id: Option<i32>,
    pub category: String,
    pub size_band: String,
    pub sort_name: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// The next `limit` associations after `after_id`, by id, whatever their status.
pub fn indexed_after(conn: &mut DbConn, after_id: &str, limit: i64) -> QueryResult<Vec<IndexedRow>> {
    associations::table
        .filter(associations::id.gt(after_id))
        .order(associations::id.asc())
        .limit(limit)
        .select(IndexedRow::as_select())
        .load(conn)
}

/// When an association was last written, and its status: what a poll reads of each row in its
/// window before deciding which it must read whole.
#[derive(Debug, Clone, Queryable)]
pub struct Stamp {
    pub id: String,
    pub updated_at: NaiveDateTime,
    pub status: String,
}

/// The stamps of the associations written at or after `since` (any status: a suspension takes one
/// out). Only the stamps: the window overlaps the last poll's, so most of it is already indexed.
pub fn stamps_since(conn: &mut DbConn, since: NaiveDateTime) -> QueryResult<Vec<Stamp>> {
    associations::table
        .filter(associations::updated_at.ge(since))
        .select((associations::id, associations::updated_at, associations::status))
        .load(conn)
}

/// The associations among `ids`, whole.
pub fn indexed_by_ids(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<IndexedRow>> {
    associations::table.filter(associations::id.eq_any(ids)).select(IndexedRow::as_select()).load(conn)
}

/// The search terms of each of `ids`.
pub fn terms_of_many(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<(String, String, i32)>> {
    association_terms::table
        .filter(association_terms::association_id.eq_any(ids))
        .select((association_terms::association_id, association_terms::term, association_terms::weight))
        .load(conn)
}

/// Note that `id` was deleted, for the other instances' indexes.
pub fn record_deletion(conn: &mut DbConn, id: &str, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::insert_into(association_deletions::table)
        .values((association_deletions::association_id.eq(id), association_deletions::deleted_at.eq(at)))
        .execute(conn)
}

/// The associations deleted at or after `since`, with when.
pub fn deleted_since(conn: &mut DbConn, since: NaiveDateTime) -> QueryResult<Vec<(String, NaiveDateTime)>> {
    association_deletions::table
        .filter(association_deletions::deleted_at.ge(since))
        .select((association_deletions::association_id, association_deletions::deleted_at))
        .load(conn)
}

/// Forget deletions older than `before` (every instance has long seen them).
pub fn sweep_deletions(conn: &mut DbConn, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(association_deletions::table.filter(association_deletions::deleted_at.lt(before))).execute(conn)
}
