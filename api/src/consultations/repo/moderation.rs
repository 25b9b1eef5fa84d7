//! Diesel queries for reports, hidden proposals and people blocked from a consultation.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::super::rows::{BlockRow, ReportRow};
use crate::db::DbConn;
use crate::db::schema::{consultation_blocks, moderation_reports, proposals, users};

/// Record a report unless `reporter_id` reported the item already (then 0 rows): one statement,
/// safe under races.
pub fn insert_report(conn: &mut DbConn, row: &ReportRow) -> QueryResult<usize> {
    let insert = diesel::insert_into(moderation_reports::table).values(row).on_conflict_do_nothing();
    match conn {
        DbConn::Pg(c) => insert.execute(c),
        DbConn::Sqlite(c) => insert.execute(c),
    }
}

/// How many reports of the item are not yet decided.
pub fn pending_count(conn: &mut DbConn, subject_id: &str) -> QueryResult<i64> {
    moderation_reports::table
        .filter(moderation_reports::subject_id.eq(subject_id))
        .filter(moderation_reports::resolved_at.is_null())
        .count()
        .get_result(conn)
}

/// Of these items, those `reporter_id` reported.
pub fn reported_by(conn: &mut DbConn, subject_ids: &[String], reporter_id: &str) -> QueryResult<Vec<String>> {
    moderation_reports::table
        .filter(moderation_reports::subject_id.eq_any(subject_ids))
        .filter(moderation_reports::reporter_id.eq(reporter_id))
        .select(moderation_reports::subject_id)
        .load(conn)
}

/// A moderator decided: the item's open reports are closed.
pub fn resolve(conn: &mut DbConn, subject_id: &str, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        moderation_reports::table
            .filter(moderation_reports::subject_id.eq(subject_id))
            .filter(moderation_reports::resolved_at.is_null()),
    )
    .set(moderation_reports::resolved_at.eq(at))
    .execute(conn)
}

/// The reports of these items with their reporters' names, newest first.
pub fn reports_of(conn: &mut DbConn, subject_ids: &[String]) -> QueryResult<Vec<(ReportRow, String)>> {
    moderation_reports::table
        .inner_join(users::table.on(users::id.eq(moderation_reports::reporter_id)))
        .filter(moderation_reports::subject_id.eq_any(subject_ids))
        .order((moderation_reports::created_at.desc(), moderation_reports::id.desc()))
        .select((ReportRow::as_select(), users::display_name))
        .load(conn)
}

/// The consultation's reported items, `(kind, id, latest report)`, most recently reported first;
/// `pending` keeps those with a report not yet decided.
pub fn reported_items(
    conn: &mut DbConn,
    consultation_id: &str,
    pending: bool,
) -> QueryResult<Vec<(String, String, NaiveDateTime)>> {
    let mut query = moderation_reports::table
        .filter(moderation_reports::consultation_id.eq(consultation_id))
        .group_by((moderation_reports::subject_kind, moderation_reports::subject_id))
        .select((
            moderation_reports::subject_kind,
            moderation_reports::subject_id,
            diesel::dsl::max(moderation_reports::created_at).assume_not_null(),
        ))
        .into_boxed();
    if pending {
        query = query.filter(moderation_reports::resolved_at.is_null());
    }
    query.load(conn)
}

/// Hide a proposal (`reason` `None`: by reports, pending review) or show it again (`at` `None`).
pub fn set_proposal_hidden(
    conn: &mut DbConn,
    id: &str,
    at: Option<NaiveDateTime>,
    reason: Option<&str>,
) -> QueryResult<usize> {
    diesel::update(proposals::table.find(id))
        .set((proposals::hidden_at.eq(at), proposals::hidden_reason.eq(reason)))
        .execute(conn)
}

/// Whether `user_id` is blocked from the consultation.
pub fn is_blocked(conn: &mut DbConn, consultation_id: &str, user_id: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(consultation_blocks::table.find((consultation_id, user_id)))).get_result(conn)
}

/// Of these people, those blocked from the consultation.
pub fn blocked_among(conn: &mut DbConn, consultation_id: &str, user_ids: &[String]) -> QueryResult<Vec<String>> {
    consultation_blocks::table
        .filter(consultation_blocks::consultation_id.eq(consultation_id))
        .filter(consultation_blocks::user_id.eq_any(user_ids))
        .select(consultation_blocks::user_id)
        .load(conn)
}

/// Block (or change the reason of a block).
pub fn upsert_block(conn: &mut DbConn, row: &BlockRow) -> QueryResult<usize> {
    let insert = diesel::insert_into(consultation_blocks::table)
        .values(row)
        .on_conflict((consultation_blocks::consultation_id, consultation_blocks::user_id))
        .do_update()
        .set((consultation_blocks::reason.eq(&row.reason), consultation_blocks::blocked_by.eq(&row.blocked_by)));
    match conn {
        DbConn::Pg(c) => insert.execute(c),
        DbConn::Sqlite(c) => insert.execute(c),
    }
}

pub fn remove_block(conn: &mut DbConn, consultation_id: &str, user_id: &str) -> QueryResult<usize> {
    diesel::delete(consultation_blocks::table.find((consultation_id, user_id))).execute(conn)
}

/// The people blocked from the consultation, with their names, latest first.
pub fn blocks(conn: &mut DbConn, consultation_id: &str) -> QueryResult<Vec<(BlockRow, String)>> {
    consultation_blocks::table
        .inner_join(users::table.on(users::id.eq(consultation_blocks::user_id)))
        .filter(consultation_blocks::consultation_id.eq(consultation_id))
        .order(consultation_blocks::created_at.desc())
        .select((BlockRow::as_select(), users::display_name))
        .load(conn)
}

/// Consultations with reports waiting for a moderator, and how many.
pub fn pending_by_consultation(conn: &mut DbConn) -> QueryResult<Vec<(String, i64)>> {
    moderation_reports::table
        .filter(moderation_reports::resolved_at.is_null())
        .group_by(moderation_reports::consultation_id)
        .select((moderation_reports::consultation_id, diesel::dsl::count_star()))
        .load(conn)
}

/// The consultation's hidden proposals and comments, `(kind, id, hidden at)`.
pub fn hidden_items(conn: &mut DbConn, consultation_id: &str) -> QueryResult<Vec<(String, String, NaiveDateTime)>> {
    use crate::db::schema::proposal_comments;
    let mut items: Vec<(String, String, NaiveDateTime)> = proposals::table
        .filter(proposals::consultation_id.eq(consultation_id))
        .filter(proposals::hidden_at.is_not_null())
        .select((proposals::id, proposals::hidden_at.assume_not_null()))
        .load::<(String, NaiveDateTime)>(conn)?
        .into_iter()
        .map(|(id, at)| ("proposal".to_owned(), id, at))
        .collect();
    let comments: Vec<(String, NaiveDateTime)> = proposal_comments::table
        .inner_join(proposals::table.on(proposals::id.eq(proposal_comments::proposal_id)))
        .filter(proposals::consultation_id.eq(consultation_id))
        .filter(proposal_comments::hidden_at.is_not_null())
        .select((proposal_comments::id, proposal_comments::hidden_at.assume_not_null()))
        .load(conn)?;
    items.extend(comments.into_iter().map(|(id, at)| ("comment".to_owned(), id, at)));
    Ok(items)
}
