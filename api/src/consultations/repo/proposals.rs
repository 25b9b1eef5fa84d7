//! Diesel queries for proposals, their supports and their history.

use diesel::prelude::*;

use super::super::rows::{ProposalEventRow, ProposalRow};
use crate::db::DbConn;
use crate::db::schema::{associations, proposal_events, proposal_supports, proposals, users};

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<ProposalRow> {
    proposals::table.find(id).select(ProposalRow::as_select()).first(conn)
}

pub fn insert(conn: &mut DbConn, row: &ProposalRow) -> QueryResult<usize> {
    diesel::insert_into(proposals::table).values(row).execute(conn)
}

pub fn update(conn: &mut DbConn, row: &ProposalRow) -> QueryResult<usize> {
    diesel::update(proposals::table.find(&row.id)).set(row).execute(conn)
}

/// The consultation's proposals (in the given state), all of them: the service orders and pages
/// them (a consultation holds hundreds, not millions).
pub fn of_consultation(conn: &mut DbConn, consultation_id: &str, state: Option<&str>) -> QueryResult<Vec<ProposalRow>> {
    let mut query = proposals::table
        .filter(proposals::consultation_id.eq(consultation_id))
        .select(ProposalRow::as_select())
        .into_boxed();
    if let Some(state) = state {
        query = query.filter(proposals::state.eq(state.to_owned()));
    }
    query.order((proposals::support_count.desc(), proposals::id.desc())).load(conn)
}

/// (id, name in Arabic, French, English) of these associations.
#[allow(clippy::type_complexity)]
pub fn association_names(
    conn: &mut DbConn,
    ids: &[String],
) -> QueryResult<Vec<(String, Option<String>, Option<String>, Option<String>)>> {
    associations::table
        .filter(associations::id.eq_any(ids))
        .select((associations::id, associations::name_ar, associations::name_fr, associations::name_en))
        .load(conn)
}

/// Display names of these users.
pub fn names(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<(String, String)>> {
    users::table.filter(users::id.eq_any(ids)).select((users::id, users::display_name)).load(conn)
}

/// Of these proposals, those `user_id` supports.
pub fn supported_by(conn: &mut DbConn, ids: &[String], user_id: &str) -> QueryResult<Vec<String>> {
    proposal_supports::table
        .filter(proposal_supports::proposal_id.eq_any(ids))
        .filter(proposal_supports::user_id.eq(user_id))
        .select(proposal_supports::proposal_id)
        .load(conn)
}

/// Support it, unless `user_id` does already (then 0 rows): one statement, safe under races.
pub fn add_support(
    conn: &mut DbConn,
    proposal_id: &str,
    user_id: &str,
    at: chrono::NaiveDateTime,
) -> QueryResult<usize> {
    let insert = diesel::insert_into(proposal_supports::table)
        .values((
            proposal_supports::proposal_id.eq(proposal_id),
            proposal_supports::user_id.eq(user_id),
            proposal_supports::created_at.eq(at),
        ))
        .on_conflict_do_nothing();
    match conn {
        DbConn::Pg(c) => insert.execute(c),
        DbConn::Sqlite(c) => insert.execute(c),
    }
}

pub fn remove_support(conn: &mut DbConn, proposal_id: &str, user_id: &str) -> QueryResult<usize> {
    diesel::delete(proposal_supports::table.find((proposal_id, user_id))).execute(conn)
}

/// Add `delta` to the proposal's support count.
pub fn count_support(conn: &mut DbConn, proposal_id: &str, delta: i64) -> QueryResult<usize> {
    diesel::update(proposals::table.find(proposal_id))
        .set(proposals::support_count.eq(proposals::support_count + delta))
        .execute(conn)
}

/// Everyone who supports it.
pub fn supporters(conn: &mut DbConn, proposal_id: &str) -> QueryResult<Vec<String>> {
    proposal_supports::table
        .filter(proposal_supports::proposal_id.eq(proposal_id))
        .select(proposal_supports::user_id)
        .load(conn)
}

pub fn insert_event(conn: &mut DbConn, row: &ProposalEventRow) -> QueryResult<usize> {
    diesel::insert_into(proposal_events::table).values(row).execute(conn)
}

/// The history of these proposals, oldest first.
pub fn events(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<ProposalEventRow>> {
    proposal_events::table
        .filter(proposal_events::proposal_id.eq_any(ids))
        .select(ProposalEventRow::as_select())
        .order((proposal_events::created_at.asc(), proposal_events::id.asc()))
        .load(conn)
}

/// How many of the consultation's proposals `user_id` supports.
pub fn supports_in(conn: &mut DbConn, consultation_id: &str, user_id: &str) -> QueryResult<i64> {
    proposal_supports::table
        .inner_join(proposals::table.on(proposals::id.eq(proposal_supports::proposal_id)))
        .filter(proposals::consultation_id.eq(consultation_id))
        .filter(proposal_supports::user_id.eq(user_id))
        .count()
        .get_result(conn)
}
