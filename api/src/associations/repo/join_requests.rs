//! Join requests.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::associations::rows::JoinRequestRow;
use crate::db::DbConn;
use crate::db::schema::{join_requests, users};

pub fn insert_join_request(conn: &mut DbConn, row: &JoinRequestRow) -> QueryResult<usize> {
    diesel::insert_into(join_requests::table).values(row).execute(conn)
}

pub fn find_join_request(conn: &mut DbConn, association_id: &str, id: &str) -> QueryResult<JoinRequestRow> {
    join_requests::table
        .filter(join_requests::association_id.eq(association_id))
        .filter(join_requests::id.eq(id))
        .first(conn)
}

pub fn pending_join_requests(conn: &mut DbConn, association_id: &str) -> QueryResult<Vec<(JoinRequestRow, String)>> {
    join_requests::table
        .inner_join(users::table)
        .filter(join_requests::association_id.eq(association_id))
        .filter(join_requests::status.eq("pending"))
        .select((join_requests::all_columns, users::display_name))
        .order(join_requests::created_at.asc())
        .load(conn)
}

/// Decide a pending request; 0 when it was no longer pending.
pub fn decide_join_request(
    conn: &mut DbConn,
    id: &str,
    status: &str,
    by: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(join_requests::table.filter(join_requests::id.eq(id)).filter(join_requests::status.eq("pending")))
        .set((join_requests::status.eq(status), join_requests::decided_at.eq(now), join_requests::decided_by.eq(by)))
        .execute(conn)
}
