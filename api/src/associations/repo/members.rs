//! Members and roles.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{association_members, users};

pub fn member_count(conn: &mut DbConn, id: &str) -> QueryResult<i64> {
    association_members::table.filter(association_members::association_id.eq(id)).count().get_result(conn)
}

pub fn role_of(conn: &mut DbConn, association_id: &str, user_id: &str) -> QueryResult<Option<String>> {
    association_members::table.find((association_id, user_id)).select(association_members::role).first(conn).optional()
}

/// Of `user_ids`, the members of the association, each with whether their account is active
/// (not disabled, email address verified): (user id, active).
pub fn members_among(conn: &mut DbConn, association_id: &str, user_ids: &[String]) -> QueryResult<Vec<(String, bool)>> {
    let rows: Vec<(String, bool, bool)> = association_members::table
        .inner_join(users::table)
        .filter(association_members::association_id.eq(association_id))
        .filter(association_members::user_id.eq_any(user_ids))
        .select((users::id, users::disabled, users::email_verified))
        .load(conn)?;
    Ok(rows.into_iter().map(|(id, disabled, verified)| (id, !disabled && verified)).collect())
}

pub fn add_member(
    conn: &mut DbConn,
    association_id: &str,
    user_id: &str,
    role: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(association_members::table)
        .values((
            association_members::association_id.eq(association_id),
            association_members::user_id.eq(user_id),
            association_members::role.eq(role),
            association_members::joined_at.eq(now),
        ))
        .execute(conn)
}

pub fn set_role(conn: &mut DbConn, association_id: &str, user_id: &str, role: &str) -> QueryResult<usize> {
    diesel::update(association_members::table.find((association_id, user_id)))
        .set(association_members::role.eq(role))
        .execute(conn)
}

pub fn remove_member(conn: &mut DbConn, association_id: &str, user_id: &str) -> QueryResult<usize> {
    diesel::delete(association_members::table.find((association_id, user_id))).execute(conn)
}

/// (user id, display name, role, joined at): up to `limit` members, the earliest to join first, after
/// the member `after` (when they joined, their user id).
pub fn members(
    conn: &mut DbConn,
    association_id: &str,
    after: Option<(NaiveDateTime, String)>,
    limit: i64,
) -> QueryResult<Vec<(String, String, String, NaiveDateTime)>> {
    let mut q = association_members::table
        .inner_join(users::table)
        .filter(association_members::association_id.eq(association_id))
        .select((
            association_members::user_id,
            users::display_name,
            association_members::role,
            association_members::joined_at,
        ))
        .into_boxed();
    if let Some((at, id)) = after {
        q = q.filter(
            association_members::joined_at
                .gt(at)
                .or(association_members::joined_at.eq(at).and(association_members::user_id.gt(id))),
        );
    }
    q.order((association_members::joined_at.asc(), association_members::user_id.asc())).limit(limit).load(conn)
}

/// One member: (user id, display name, role, joined at).
pub fn member(
    conn: &mut DbConn,
    association_id: &str,
    user_id: &str,
) -> QueryResult<Option<(String, String, String, NaiveDateTime)>> {
    association_members::table
        .inner_join(users::table)
        .filter(association_members::association_id.eq(association_id))
        .filter(association_members::user_id.eq(user_id))
        .select((
            association_members::user_id,
            users::display_name,
            association_members::role,
            association_members::joined_at,
        ))
        .first(conn)
        .optional()
}

/// The owners and admins, who hear about the association's status.
pub fn officers(conn: &mut DbConn, association_id: &str) -> QueryResult<Vec<crate::auth::rows::UserRow>> {
    association_members::table
        .inner_join(users::table)
        .filter(association_members::association_id.eq(association_id))
        .filter(association_members::role.eq_any(["owner", "admin"]))
        .select(users::all_columns)
        .load(conn)
}

/// Associations where the user is the only owner (they must hand them over before leaving Madani).
pub fn solely_owned_by(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<String>> {
    association_members::table
        .filter(association_members::user_id.eq(user_id))
        .filter(association_members::role.eq("owner"))
        .select(association_members::association_id)
        .load(conn)
}

/// Whether a member of the association has this email address.
pub fn is_member_email(conn: &mut DbConn, association_id: &str, email: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        association_members::table
            .inner_join(users::table)
            .filter(association_members::association_id.eq(association_id))
            .filter(users::email.eq(email)),
    ))
    .get_result(conn)
}
