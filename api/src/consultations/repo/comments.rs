//! Diesel queries for proposals' comments.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::super::rows::CommentRow;
use crate::db::DbConn;
use crate::db::schema::{proposal_comments, proposals};

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<CommentRow> {
    proposal_comments::table.find(id).select(CommentRow::as_select()).first(conn)
}

/// A page of a proposal's comments, oldest first (a reply always comes after what it answers).
pub fn page(
    conn: &mut DbConn,
    proposal_id: &str,
    after: Option<(NaiveDateTime, String)>,
    limit: i64,
) -> QueryResult<Vec<CommentRow>> {
    let mut query = proposal_comments::table
        .filter(proposal_comments::proposal_id.eq(proposal_id))
        .select(CommentRow::as_select())
        .into_boxed();
    if let Some((at, id)) = after {
        query = query.filter(
            proposal_comments::created_at
                .gt(at)
                .or(proposal_comments::created_at.eq(at).and(proposal_comments::id.gt(id))),
        );
    }
    query.order((proposal_comments::created_at.asc(), proposal_comments::id.asc())).limit(limit).load(conn)
}

/// Insert it and count it on its proposal.
pub fn insert(conn: &mut DbConn, row: &CommentRow) -> QueryResult<usize> {
    diesel::insert_into(proposal_comments::table).values(row).execute(conn)?;
    diesel::update(proposals::table.find(&row.proposal_id))
        .set(proposals::comment_count.eq(proposals::comment_count + 1))
        .execute(conn)
}

/// Its author changes its text.
pub fn set_body(conn: &mut DbConn, id: &str, body: &str, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(proposal_comments::table.find(id))
        .set((proposal_comments::body.eq(body), proposal_comments::edited_at.eq(at)))
        .execute(conn)
}

/// A tombstone: the text is gone, its place in the thread stays.
pub fn tombstone(conn: &mut DbConn, id: &str, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(proposal_comments::table.find(id).filter(proposal_comments::deleted_at.is_null()))
        .set((proposal_comments::body.eq(""), proposal_comments::deleted_at.eq(at)))
        .execute(conn)
}

/// Every comment of `author_id` becomes a tombstone (their account is being deleted).
pub fn tombstone_all_of(conn: &mut DbConn, author_id: &str, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        proposal_comments::table
            .filter(proposal_comments::author_id.eq(author_id))
            .filter(proposal_comments::deleted_at.is_null()),
    )
    .set((proposal_comments::body.eq(""), proposal_comments::deleted_at.eq(at)))
    .execute(conn)
}

/// Hide it (`reason` `None`: by reports, pending review) or show it again (`at` `None`).
pub fn set_hidden(conn: &mut DbConn, id: &str, at: Option<NaiveDateTime>, reason: Option<&str>) -> QueryResult<usize> {
    diesel::update(proposal_comments::table.find(id))
        .set((proposal_comments::hidden_at.eq(at), proposal_comments::hidden_reason.eq(reason)))
        .execute(conn)
}

/// These comments' rows (for the moderation queue).
pub fn many(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<CommentRow>> {
    proposal_comments::table.filter(proposal_comments::id.eq_any(ids)).select(CommentRow::as_select()).load(conn)
}
