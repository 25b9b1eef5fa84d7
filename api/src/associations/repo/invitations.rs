//! Invitations by email.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::associations::rows::{AssociationRow, InvitationRow};
use crate::db::DbConn;
use crate::db::schema::{association_invitations, associations, users};

pub fn insert_invitation(conn: &mut DbConn, row: &InvitationRow) -> QueryResult<usize> {
    diesel::insert_into(association_invitations::table).values(row).execute(conn)
}

pub fn find_invitation(conn: &mut DbConn, id: &str) -> QueryResult<InvitationRow> {
    association_invitations::table.find(id).first(conn)
}

/// Pending invitations of an association with the inviter's name, oldest first (expired included:
/// the caller tells them apart).
/// Up to `limit` open invitations with who sent them, oldest first, after `after` (when it was
/// sent, its id).
pub fn pending_invitations(
    conn: &mut DbConn,
    association_id: &str,
    after: Option<(NaiveDateTime, String)>,
    limit: i64,
) -> QueryResult<Vec<(InvitationRow, Option<String>)>> {
    let mut q = association_invitations::table
        .left_join(users::table.on(users::id.nullable().eq(association_invitations::invited_by)))
        .filter(association_invitations::association_id.eq(association_id))
        .filter(association_invitations::status.eq("pending"))
        .select((association_invitations::all_columns, users::display_name.nullable()))
        .into_boxed();
    if let Some((at, id)) = after {
        q = q.filter(
            association_invitations::created_at
                .gt(at)
                .or(association_invitations::created_at.eq(at).and(association_invitations::id.gt(id))),
        );
    }
    q.order((association_invitations::created_at.asc(), association_invitations::id.asc())).limit(limit).load(conn)
}

pub fn count_pending_invitations(conn: &mut DbConn, association_id: &str, now: NaiveDateTime) -> QueryResult<i64> {
    association_invitations::table
        .filter(association_invitations::association_id.eq(association_id))
        .filter(association_invitations::status.eq("pending"))
        .filter(association_invitations::expires_at.gt(now))
        .count()
        .get_result(conn)
}

/// Up to `limit` pending, unexpired invitations addressed to `email` from associations that take
/// members (verified or pending), newest first, each with who sent it and its association.
pub fn invitations_for_email(
    conn: &mut DbConn,
    email: &str,
    now: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<(InvitationRow, Option<String>, AssociationRow)>> {
    association_invitations::table
        .inner_join(associations::table)
        .left_join(users::table.on(users::id.nullable().eq(association_invitations::invited_by)))
        .filter(association_invitations::email.eq(email))
        .filter(association_invitations::status.eq("pending"))
        .filter(association_invitations::expires_at.gt(now))
        .filter(associations::status.eq_any(["verified", "pending"]))
        .select((association_invitations::all_columns, users::display_name.nullable(), associations::all_columns))
        .order(association_invitations::created_at.desc())
        .limit(limit)
        .load(conn)
}

/// The id of a pending, unexpired invitation of the association to the account `user_id`'s address.
pub fn pending_invitation_of(
    conn: &mut DbConn,
    association_id: &str,
    user_id: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<String>> {
    association_invitations::table
        .inner_join(users::table.on(users::email.eq(association_invitations::email)))
        .filter(users::id.eq(user_id))
        .filter(association_invitations::association_id.eq(association_id))
        .filter(association_invitations::status.eq("pending"))
        .filter(association_invitations::expires_at.gt(now))
        .select(association_invitations::id)
        .order(association_invitations::created_at.desc())
        .first(conn)
        .optional()
}

/// Mark pending invitations of `email` to the association that are past their date as expired, so a
/// new one can be sent.
pub fn expire_invitations(
    conn: &mut DbConn,
    association_id: &str,
    email: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        association_invitations::table
            .filter(association_invitations::association_id.eq(association_id))
            .filter(association_invitations::email.eq(email))
            .filter(association_invitations::status.eq("pending"))
            .filter(association_invitations::expires_at.le(now)),
    )
    .set(association_invitations::status.eq("expired"))
    .execute(conn)
}

/// Move a pending invitation to `status`; 0 when it was no longer pending (or, for an answer,
/// `unexpired`, past its date).
pub fn decide_invitation(
    conn: &mut DbConn,
    id: &str,
    status: &str,
    now: NaiveDateTime,
    unexpired: bool,
) -> QueryResult<usize> {
    let mut query = association_invitations::table
        .filter(association_invitations::id.eq(id))
        .filter(association_invitations::status.eq("pending"))
        .into_boxed();
    if unexpired {
        query = query.filter(association_invitations::expires_at.gt(now));
    }
    let ids: Vec<String> = query.select(association_invitations::id).load(conn)?;
    diesel::update(association_invitations::table.filter(association_invitations::id.eq_any(ids)))
        .set((association_invitations::status.eq(status), association_invitations::decided_at.eq(Some(now))))
        .execute(conn)
}

/// Invitations sent since `since`, whatever became of them: by the association, by one inviter,
/// and by the association to one address.
pub fn invitations_sent_since(
    conn: &mut DbConn,
    association_id: &str,
    inviter: &str,
    email: &str,
    since: NaiveDateTime,
) -> QueryResult<(i64, i64, i64)> {
    let recent = || association_invitations::table.filter(association_invitations::created_at.gt(since));
    let by_association =
        recent().filter(association_invitations::association_id.eq(association_id)).count().get_result(conn)?;
    let by_inviter = recent().filter(association_invitations::invited_by.eq(inviter)).count().get_result(conn)?;
    let to_address = recent()
        .filter(association_invitations::association_id.eq(association_id))
        .filter(association_invitations::email.eq(email))
        .count()
        .get_result(conn)?;
    Ok((by_association, by_inviter, to_address))
}
