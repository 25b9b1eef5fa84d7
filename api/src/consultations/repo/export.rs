//! Diesel queries for a member's account export: what they answered, proposed, commented,
//! supported and reported.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::super::rows::{CommentRow, ProposalRow, ReportRow, ResponseRow};
use crate::db::DbConn;
use crate::db::schema::{consultation_responses, moderation_reports, proposal_comments, proposal_supports, proposals};

/// Their own responses, and those they submitted for an association.
pub fn responses(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<ResponseRow>> {
    consultation_responses::table
        .filter(consultation_responses::user_id.eq(user_id).or(consultation_responses::submitted_by.eq(user_id)))
        .select(ResponseRow::as_select())
        .order(consultation_responses::created_at.asc())
        .load(conn)
}

pub fn proposals(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<ProposalRow>> {
    proposals::table
        .filter(proposals::author_id.eq(user_id))
        .select(ProposalRow::as_select())
        .order(proposals::created_at.asc())
        .load(conn)
}

pub fn comments(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<CommentRow>> {
    proposal_comments::table
        .filter(proposal_comments::author_id.eq(user_id))
        .select(CommentRow::as_select())
        .order(proposal_comments::created_at.asc())
        .load(conn)
}

/// (proposal id, when) of their supports.
pub fn supports(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<(String, NaiveDateTime)>> {
    proposal_supports::table
        .filter(proposal_supports::user_id.eq(user_id))
        .select((proposal_supports::proposal_id, proposal_supports::created_at))
        .order(proposal_supports::created_at.asc())
        .load(conn)
}

pub fn reports(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<ReportRow>> {
    moderation_reports::table
        .filter(moderation_reports::reporter_id.eq(user_id))
        .select(ReportRow::as_select())
        .order(moderation_reports::created_at.asc())
        .load(conn)
}
