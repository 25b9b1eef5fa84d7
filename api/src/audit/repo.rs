//! Queries on `audit_log`.

use diesel::prelude::*;

use super::rows::AuditRow;
use crate::db::DbConn;
use crate::db::schema::{audit_log, users};

pub fn insert(conn: &mut DbConn, row: &AuditRow) -> QueryResult<usize> {
    diesel::insert_into(audit_log::table).values(row).execute(conn)
}

/// Newest first (ids are time-ordered), before the entry `before`, with each actor's name.
pub fn page(conn: &mut DbConn, before: Option<&str>, limit: i64) -> QueryResult<Vec<(AuditRow, Option<String>)>> {
    let mut query = audit_log::table
        .left_join(users::table)
        .select((audit_log::all_columns, users::display_name.nullable()))
        .into_boxed();
    if let Some(before) = before {
        query = query.filter(audit_log::id.lt(before.to_owned()));
    }
    query.order(audit_log::id.desc()).limit(limit).load(conn)
}
