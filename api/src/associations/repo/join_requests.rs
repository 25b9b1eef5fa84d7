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

/// Up to `limit` pending requests, oldest first, after `after` (when it was made, its id).
pub fn pending_join_requests(
    conn: &mut DbConn,
    association_id: &str,
    after: Option<(NaiveDateTime, String)>,
    limit: i64,
) -> QueryResult<Vec<(JoinRequestRow, String)>> {
    let mut q = join_requests::table
        .inner_join(users::table)
        .filter(join_requests::association_id.eq(association_id))
        .filter(join_requests::status.eq("pending"))
        .select((join_requests::all_columns, users::display_name))
        .into_boxed();
    if let Some((at, id)) = after {
        q = q.filter(
            join_requests::created_at.gt(at).or(join_requests::created_at.eq(at).and(join_requests::id.gt(id))),
        );
    }
    q.order((join_requests::created_at.asc(), join_requests::id.asc())).limit(limit).load(conn)
}

/// How many requests to join wait in each of `association_ids` (those with none are left out).
pub fn pending_join_request_counts(conn: &mut DbConn, association_ids: &[String]) -> QueryResult<Vec<(String, i64)>> {
    if association_ids.is_empty() {
        return Ok(Vec::new());
    }
    join_requests::table
        .filter(join_requests::association_id.eq_any(association_ids))
        .filter(join_requests::status.eq("pending"))
        .group_by(join_requests::association_id)
        .select((join_requests::association_id, diesel::dsl::count_star()))
        .load(conn)
}

/// The id of `user_id`'s pending request to join the association, if any.
pub fn pending_request_of(conn: &mut DbConn, association_id: &str, user_id: &str) -> QueryResult<Option<String>> {
    join_requests::table
        .filter(join_requests::association_id.eq(association_id))
        .filter(join_requests::user_id.eq(user_id))
        .filter(join_requests::status.eq("pending"))
        .select(join_requests::id)
        .first(conn)
        .optional()
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
