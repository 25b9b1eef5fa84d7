//! Queries on `notifications`.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::rows::NotificationRow;
use crate::db::DbConn;
use crate::db::schema::notifications;

pub fn insert(conn: &mut DbConn, row: &NotificationRow) -> QueryResult<usize> {
    diesel::insert_into(notifications::table).values(row).execute(conn)
}

/// A member's latest notifications, newest first.
pub fn latest_for(conn: &mut DbConn, user_id: &str, limit: i64) -> QueryResult<Vec<NotificationRow>> {
    notifications::table
        .filter(notifications::user_id.eq(user_id))
        .order(notifications::created_at.desc())
        .limit(limit)
        .load(conn)
}

pub fn mark_all_read(conn: &mut DbConn, user_id: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        notifications::table.filter(notifications::user_id.eq(user_id)).filter(notifications::read_at.is_null()),
    )
    .set(notifications::read_at.eq(Some(now)))
    .execute(conn)
}
