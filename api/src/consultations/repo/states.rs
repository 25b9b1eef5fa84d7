//! Diesel queries for the proposal states institutions define.

use diesel::prelude::*;

use super::super::rows::ProposalStateRow;
use crate::db::DbConn;
use crate::db::schema::{proposal_events, proposal_states, proposals};

/// The institution's states, by key.
pub fn of_institution(conn: &mut DbConn, institution_id: &str) -> QueryResult<Vec<ProposalStateRow>> {
    proposal_states::table
        .filter(proposal_states::institution_id.eq(institution_id))
        .select(ProposalStateRow::as_select())
        .order(proposal_states::key.asc())
        .load(conn)
}

/// The states of these institutions.
pub fn of_institutions(conn: &mut DbConn, institution_ids: &[String]) -> QueryResult<Vec<ProposalStateRow>> {
    proposal_states::table
        .filter(proposal_states::institution_id.eq_any(institution_ids))
        .select(ProposalStateRow::as_select())
        .load(conn)
}

pub fn find(conn: &mut DbConn, institution_id: &str, key: &str) -> QueryResult<Option<ProposalStateRow>> {
    proposal_states::table.find((institution_id, key)).select(ProposalStateRow::as_select()).first(conn).optional()
}

pub fn insert(conn: &mut DbConn, row: &ProposalStateRow) -> QueryResult<usize> {
    diesel::insert_into(proposal_states::table).values(row).execute(conn)
}

pub fn update(conn: &mut DbConn, row: &ProposalStateRow) -> QueryResult<usize> {
    diesel::update(proposal_states::table.find((&row.institution_id, &row.key))).set(row).execute(conn)
}

pub fn delete(conn: &mut DbConn, institution_id: &str, key: &str) -> QueryResult<usize> {
    diesel::delete(proposal_states::table.find((institution_id, key))).execute(conn)
}

/// Whether a proposal's answer (published or drafted) or an event of a history carries the state.
pub fn in_use(conn: &mut DbConn, institution_id: &str, key: &str) -> QueryResult<bool> {
    let published = diesel::select(diesel::dsl::exists(
        proposals::table
            .filter(proposals::custom_state_institution_id.eq(institution_id))
            .filter(proposals::custom_state.eq(key)),
    ))
    .get_result::<bool>(conn)?;
    let drafted = diesel::select(diesel::dsl::exists(
        proposals::table
            .filter(proposals::answer_institution_id.eq(institution_id))
            .filter(proposals::answer_custom_state.eq(key)),
    ))
    .get_result::<bool>(conn)?;
    let recorded = diesel::select(diesel::dsl::exists(
        proposal_events::table
            .filter(proposal_events::institution_id.eq(institution_id))
            .filter(proposal_events::custom_state.eq(key)),
    ))
    .get_result::<bool>(conn)?;
    Ok(published || drafted || recorded)
}
