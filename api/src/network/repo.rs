//! Diesel queries for follows, member profiles and connections.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::rows::*;
use crate::associations::rows::AssociationRow;
use crate::db::DbConn;
use crate::db::schema::{association_follows, associations, connections, member_profiles, users};

/// Statuses of associations anyone may see (the others are hidden from non-members).
pub const PUBLIC_STATUSES: [&str; 2] = ["verified", "pending"];

pub fn is_following(conn: &mut DbConn, user_id: &str, association_id: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(association_follows::table.find((user_id, association_id)))).get_result(conn)
}

pub fn follower_count(conn: &mut DbConn, association_id: &str) -> QueryResult<i64> {
    association_follows::table.filter(association_follows::association_id.eq(association_id)).count().get_result(conn)
}

pub fn insert_follow(conn: &mut DbConn, row: &FollowRow) -> QueryResult<usize> {
    diesel::insert_into(association_follows::table).values(row).execute(conn)
}

pub fn delete_follow(conn: &mut DbConn, user_id: &str, association_id: &str) -> QueryResult<usize> {
    diesel::delete(association_follows::table.find((user_id, association_id))).execute(conn)
}

/// The visible associations `user_id` follows, newest follow first, after `after` (followed at,
/// association id).
pub fn following(
    conn: &mut DbConn,
    user_id: &str,
    after: Option<(NaiveDateTime, String)>,
    limit: i64,
) -> QueryResult<Vec<(FollowRow, AssociationRow)>> {
    let mut query = association_follows::table
        .inner_join(associations::table)
        .filter(association_follows::user_id.eq(user_id))
        .filter(associations::status.eq_any(PUBLIC_STATUSES))
        .select((association_follows::all_columns, associations::all_columns))
        .into_boxed();
    if let Some((at, id)) = after {
        query = query.filter(
            association_follows::created_at
                .lt(at)
                .or(association_follows::created_at.eq(at).and(association_follows::association_id.lt(id))),
        );
    }
    query
        .order((association_follows::created_at.desc(), association_follows::association_id.desc()))
        .limit(limit)
        .load(conn)
}

pub fn find_profile(conn: &mut DbConn, user_id: &str) -> QueryResult<Option<ProfileRow>> {
    member_profiles::table.find(user_id).first(conn).optional()
}

pub fn profiles_of(conn: &mut DbConn, user_ids: &[String]) -> QueryResult<Vec<ProfileRow>> {
    member_profiles::table.filter(member_profiles::user_id.eq_any(user_ids)).load(conn)
}

/// Insert or replace a profile (`ON CONFLICT` is not portable over the multi connection; the
/// caller runs this in a transaction).
pub fn save_profile(conn: &mut DbConn, row: &ProfileRow) -> QueryResult<()> {
    if diesel::update(member_profiles::table.find(&row.user_id)).set(row).execute(conn)? == 0 {
        diesel::insert_into(member_profiles::table).values(row).execute(conn)?;
    }
    Ok(())
}

/// (id, display name) of active accounts among `ids`.
pub fn names_of(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<(String, String)>> {
    users::table
        .filter(users::id.eq_any(ids))
        .filter(users::disabled.eq(false))
        .select((users::id, users::display_name))
        .load(conn)
}

pub fn find_connection(conn: &mut DbConn, id: &str) -> QueryResult<ConnectionRow> {
    connections::table.find(id).first(conn)
}

pub fn connection_between(conn: &mut DbConn, pair_key: &str) -> QueryResult<Option<ConnectionRow>> {
    connections::table.filter(connections::pair_key.eq(pair_key)).first(conn).optional()
}

pub fn insert_connection(conn: &mut DbConn, row: &ConnectionRow) -> QueryResult<usize> {
    diesel::insert_into(connections::table).values(row).execute(conn)
}

/// Move a connection from `from` to `to`; 0 when it was no longer in `from` (a concurrent answer).
pub fn set_connection_status(
    conn: &mut DbConn,
    id: &str,
    from: &str,
    to: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(connections::table.filter(connections::id.eq(id)).filter(connections::status.eq(from)))
        .set((connections::status.eq(to), connections::decided_at.eq(now)))
        .execute(conn)
}

pub fn delete_connection(conn: &mut DbConn, id: &str) -> QueryResult<usize> {
    diesel::delete(connections::table.find(id)).execute(conn)
}

/// Which rows of `user_id`'s network to list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Accepted,
    /// Pending requests to the user (declined ones are out of the inbox).
    Incoming,
    /// Requests from the user that are not accepted (declined ones included: declining is silent).
    Outgoing,
}

/// A page of `user_id`'s network, newest first (ids are time-ordered), after the id `before`.
pub fn connections_of(
    conn: &mut DbConn,
    user_id: &str,
    part: Part,
    before: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<ConnectionRow>> {
    let mut query = connections::table.into_boxed();
    query = match part {
        Part::Accepted => query.filter(connections::status.eq("accepted")).filter(
            connections::requester_id.eq(user_id.to_owned()).or(connections::addressee_id.eq(user_id.to_owned())),
        ),
        Part::Incoming => {
            query.filter(connections::status.eq("pending")).filter(connections::addressee_id.eq(user_id.to_owned()))
        }
        Part::Outgoing => query
            .filter(connections::status.eq_any(["pending", "declined"]))
            .filter(connections::withdrawn.eq(false))
            .filter(connections::requester_id.eq(user_id.to_owned())),
    };
    if let Some(before) = before {
        query = query.filter(connections::id.lt(before.to_owned()));
    }
    query.order(connections::id.desc()).limit(limit).load(conn)
}

pub fn connection_count(conn: &mut DbConn, user_id: &str) -> QueryResult<i64> {
    connections::table
        .filter(connections::status.eq("accepted"))
        .filter(connections::requester_id.eq(user_id).or(connections::addressee_id.eq(user_id)))
        .count()
        .get_result(conn)
}

/// Every connection and request of `user_id`, for the personal-data export.
pub fn all_connections_of(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<ConnectionRow>> {
    connections::table
        .filter(connections::requester_id.eq(user_id).or(connections::addressee_id.eq(user_id)))
        .order(connections::id.asc())
        .load(conn)
}

/// Hide a declined request from its requester, who withdrew it (see `withdrawn` in the migration).
pub fn withdraw_connection(conn: &mut DbConn, id: &str) -> QueryResult<usize> {
    diesel::update(connections::table.find(id)).set(connections::withdrawn.eq(true)).execute(conn)
}
