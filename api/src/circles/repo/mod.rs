//! Diesel queries for circles and their members; threads and posts in [`threads`], their files in
//! [`files`], reports in [`moderation`].

pub mod files;
pub mod moderation;
pub mod threads;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::rows::{CircleRow, MemberRow};
use crate::db::DbConn;
use crate::db::schema::{circle_members, circles, institution_staff, users};

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<CircleRow>> {
    circles::table.find(id).select(CircleRow::as_select()).first(conn).optional()
}

pub fn insert(conn: &mut DbConn, row: &CircleRow) -> QueryResult<usize> {
    diesel::insert_into(circles::table).values(row).execute(conn)
}

pub fn update(conn: &mut DbConn, row: &CircleRow) -> QueryResult<usize> {
    diesel::update(circles::table.find(&row.id)).set(row).execute(conn)
}

/// Count a thread (`threads` 1) or a reply (0) at `at`.
pub fn touch(conn: &mut DbConn, id: &str, threads: i64, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(circles::table.find(id))
        .set((circles::thread_count.eq(circles::thread_count + threads), circles::last_activity_at.eq(at)))
        .execute(conn)
}

/// Recount a circle's active members.
pub fn recount(conn: &mut DbConn, id: &str) -> QueryResult<usize> {
    let n: i64 = circle_members::table
        .filter(circle_members::circle_id.eq(id))
        .filter(circle_members::status.eq("active"))
        .count()
        .get_result(conn)?;
    diesel::update(circles::table.find(id)).set(circles::member_count.eq(n)).execute(conn)
}

/// The directory's question.
#[derive(Debug, Default)]
pub struct Directory {
    /// Folded words; each must start a word of the circle's `search_text`.
    pub words: Vec<String>,
    pub field: Option<String>,
    pub wilaya: Option<String>,
    /// The viewer: invite-only circles show to their members and invitees (all to administrators).
    pub viewer: Option<String>,
    pub admin: bool,
    /// Only the viewer's circles.
    pub mine: bool,
}

/// Latest active first, after `(last_activity_at, id)`.
pub fn directory(
    conn: &mut DbConn,
    d: &Directory,
    after: Option<(NaiveDateTime, String)>,
    limit: i64,
) -> QueryResult<Vec<CircleRow>> {
    let mut query = circles::table.select(CircleRow::as_select()).into_boxed();
    let theirs = circle_members::table
        .filter(circle_members::user_id.eq(d.viewer.clone().unwrap_or_default()))
        .select(circle_members::circle_id);
    if d.mine {
        query = query.filter(circles::id.eq_any(theirs));
    } else if !d.admin {
        query = query.filter(circles::policy.ne("invite").or(circles::id.eq_any(theirs)));
    }
    for word in &d.words {
        // The start of a word: at the start of the text or after a space.
        query = query
            .filter(circles::search_text.like(format!("{word}%")).or(circles::search_text.like(format!("% {word}%"))));
    }
    if let Some(f) = &d.field {
        query = query.filter(circles::fields.like(format!("%,{f},%")));
    }
    if let Some(w) = &d.wilaya {
        query = query.filter(circles::wilaya_code.eq(w.clone()));
    }
    if let Some((at, id)) = after {
        query =
            query.filter(circles::last_activity_at.lt(at).or(circles::last_activity_at.eq(at).and(circles::id.lt(id))));
    }
    query.order((circles::last_activity_at.desc(), circles::id.desc())).limit(limit).load(conn)
}

pub fn membership(conn: &mut DbConn, circle_id: &str, user_id: &str) -> QueryResult<Option<MemberRow>> {
    circle_members::table.find((circle_id, user_id)).select(MemberRow::as_select()).first(conn).optional()
}

/// The viewer's rows in these circles.
pub fn memberships_in(conn: &mut DbConn, user_id: &str, circle_ids: &[String]) -> QueryResult<Vec<MemberRow>> {
    circle_members::table
        .filter(circle_members::user_id.eq(user_id))
        .filter(circle_members::circle_id.eq_any(circle_ids))
        .select(MemberRow::as_select())
        .load(conn)
}

/// Write a person's standing in a circle, whatever it was (one statement: two requests at once
/// cannot both insert).
pub fn upsert_member(conn: &mut DbConn, row: &MemberRow) -> QueryResult<usize> {
    let insert = diesel::insert_into(circle_members::table)
        .values(row)
        .on_conflict((circle_members::circle_id, circle_members::user_id))
        .do_update()
        .set((
            circle_members::status.eq(&row.status),
            circle_members::role.eq(&row.role),
            circle_members::invited_by.eq(&row.invited_by),
            circle_members::created_at.eq(row.created_at),
        ));
    match conn {
        DbConn::Pg(c) => insert.execute(c),
        DbConn::Sqlite(c) => insert.execute(c),
    }
}

pub fn set_role(conn: &mut DbConn, circle_id: &str, user_id: &str, role: &str) -> QueryResult<usize> {
    diesel::update(circle_members::table.find((circle_id, user_id))).set(circle_members::role.eq(role)).execute(conn)
}

pub fn remove_member(conn: &mut DbConn, circle_id: &str, user_id: &str) -> QueryResult<usize> {
    diesel::delete(circle_members::table.find((circle_id, user_id))).execute(conn)
}

/// Active members with `role`, as ids.
pub fn with_role(conn: &mut DbConn, circle_id: &str, role: &str) -> QueryResult<Vec<String>> {
    circle_members::table
        .filter(circle_members::circle_id.eq(circle_id))
        .filter(circle_members::status.eq("active"))
        .filter(circle_members::role.eq(role))
        .select(circle_members::user_id)
        .load(conn)
}

/// Every active member (moderators, members, observers), as ids.
pub fn active_ids(conn: &mut DbConn, circle_id: &str) -> QueryResult<Vec<String>> {
    circle_members::table
        .filter(circle_members::circle_id.eq(circle_id))
        .filter(circle_members::status.eq("active"))
        .select(circle_members::user_id)
        .load(conn)
}

/// Which of `user_ids` may write in the circle (active moderators and members).
pub fn writers_among(conn: &mut DbConn, circle_id: &str, user_ids: &[String]) -> QueryResult<Vec<String>> {
    circle_members::table
        .filter(circle_members::circle_id.eq(circle_id))
        .filter(circle_members::status.eq("active"))
        .filter(circle_members::role.ne("observer"))
        .filter(circle_members::user_id.eq_any(user_ids))
        .select(circle_members::user_id)
        .load(conn)
}

/// Rows with `status` (`active`: oldest first; else the pending ones), with each person's name.
pub fn members_with_status(
    conn: &mut DbConn,
    circle_id: &str,
    statuses: &[&str],
    offset: i64,
    limit: i64,
) -> QueryResult<Vec<(MemberRow, String)>> {
    circle_members::table
        .inner_join(users::table)
        .filter(circle_members::circle_id.eq(circle_id))
        .filter(circle_members::status.eq_any(statuses))
        .order((circle_members::created_at.asc(), circle_members::user_id.asc()))
        .offset(offset)
        .limit(limit)
        .select((MemberRow::as_select(), users::display_name))
        .load(conn)
}

/// Display names of these people.
pub fn names(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<(String, String)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    users::table.filter(users::id.eq_any(ids)).select((users::id, users::display_name)).load(conn)
}

pub fn user_exists(conn: &mut DbConn, id: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(users::table.find(id))).get_result(conn)
}

/// Whether `user_id` is on the staff of an institution.
pub fn is_institution_staff(conn: &mut DbConn, user_id: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(institution_staff::table.filter(institution_staff::user_id.eq(user_id))))
        .get_result(conn)
}

/// Whether `a` and `b` are both active in one circle.
pub fn share_circle(conn: &mut DbConn, a: &str, b: &str) -> QueryResult<bool> {
    let of_a: Vec<String> = circle_members::table
        .filter(circle_members::user_id.eq(a))
        .filter(circle_members::status.eq("active"))
        .select(circle_members::circle_id)
        .load(conn)?;
    if of_a.is_empty() {
        return Ok(false);
    }
    diesel::select(diesel::dsl::exists(
        circle_members::table
            .filter(circle_members::user_id.eq(b))
            .filter(circle_members::status.eq("active"))
            .filter(circle_members::circle_id.eq_any(of_a)),
    ))
    .get_result(conn)
}
