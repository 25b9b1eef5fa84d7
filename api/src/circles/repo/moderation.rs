//! Diesel queries for the reports on circle posts.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::super::rows::ReportRow;
use crate::db::DbConn;
use crate::db::schema::{circle_posts, circle_reports, users};

/// Record a report unless `reporter_id` reported the post already (then 0 rows).
pub fn insert_report(conn: &mut DbConn, row: &ReportRow) -> QueryResult<usize> {
    let insert = diesel::insert_into(circle_reports::table).values(row).on_conflict_do_nothing();
    match conn {
        DbConn::Pg(c) => insert.execute(c),
        DbConn::Sqlite(c) => insert.execute(c),
    }
}

/// How many reports of the post are not yet decided.
pub fn pending_count(conn: &mut DbConn, post_id: &str) -> QueryResult<i64> {
    circle_reports::table
        .filter(circle_reports::post_id.eq(post_id))
        .filter(circle_reports::resolved_at.is_null())
        .count()
        .get_result(conn)
}

/// Of these posts, those `reporter_id` reported.
pub fn reported_by(conn: &mut DbConn, post_ids: &[String], reporter_id: &str) -> QueryResult<Vec<String>> {
    circle_reports::table
        .filter(circle_reports::post_id.eq_any(post_ids))
        .filter(circle_reports::reporter_id.eq(reporter_id))
        .select(circle_reports::post_id)
        .load(conn)
}

/// A moderator decided: the post's open reports close.
pub fn resolve(conn: &mut DbConn, post_id: &str, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        circle_reports::table.filter(circle_reports::post_id.eq(post_id)).filter(circle_reports::resolved_at.is_null()),
    )
    .set(circle_reports::resolved_at.eq(at))
    .execute(conn)
}

/// The reports of these posts with their reporters' names, newest first.
pub fn reports_of(conn: &mut DbConn, post_ids: &[String]) -> QueryResult<Vec<(ReportRow, String)>> {
    circle_reports::table
        .inner_join(users::table.on(users::id.eq(circle_reports::reporter_id)))
        .filter(circle_reports::post_id.eq_any(post_ids))
        .order((circle_reports::created_at.desc(), circle_reports::id.desc()))
        .select((ReportRow::as_select(), users::display_name))
        .load(conn)
}

/// The circle's reported posts with their latest report; `pending` keeps those with a report not
/// yet decided.
pub fn reported(conn: &mut DbConn, circle_id: &str, pending: bool) -> QueryResult<Vec<(String, NaiveDateTime)>> {
    let mut query = circle_reports::table
        .filter(circle_reports::circle_id.eq(circle_id))
        .group_by(circle_reports::post_id)
        .select((circle_reports::post_id, diesel::dsl::max(circle_reports::created_at).assume_not_null()))
        .into_boxed();
    if pending {
        query = query.filter(circle_reports::resolved_at.is_null());
    }
    query.load(conn)
}

/// The circle's hidden posts, with when they were hidden.
pub fn hidden(conn: &mut DbConn, circle_id: &str) -> QueryResult<Vec<(String, NaiveDateTime)>> {
    circle_posts::table
        .filter(circle_posts::circle_id.eq(circle_id))
        .filter(circle_posts::hidden_at.is_not_null())
        .select((circle_posts::id, circle_posts::hidden_at.assume_not_null()))
        .load(conn)
}
