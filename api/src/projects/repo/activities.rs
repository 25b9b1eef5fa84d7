//! Diesel queries for activities, their registrations and the personal calendar feeds.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::super::rows::{ActivityRow, FeedRow, RegistrationRow};
use crate::db::DbConn;
use crate::db::schema::{activities, activity_registrations, associations, calendar_feeds, communes, projects, users};

/// An activity lasts at most this many days, so a window's activities start at most this long before it.
pub const LONGEST_DAYS: i64 = 92;

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<ActivityRow> {
    activities::table.find(id).select(ActivityRow::as_select()).first(conn)
}

/// The activity, locked until the transaction ends (PostgreSQL; SQLite's writer lock already
/// serialises writers): registrations for its last place wait for each other.
pub fn find_for_update(conn: &mut DbConn, id: &str) -> QueryResult<ActivityRow> {
    match conn {
        DbConn::Pg(c) => activities::table.find(id).select(ActivityRow::as_select()).for_update().first(c),
        DbConn::Sqlite(c) => activities::table.find(id).select(ActivityRow::as_select()).first(c),
    }
}

pub fn insert(conn: &mut DbConn, row: &ActivityRow) -> QueryResult<usize> {
    diesel::insert_into(activities::table).values(row).execute(conn)
}

pub fn update(conn: &mut DbConn, row: &ActivityRow) -> QueryResult<usize> {
    diesel::update(activities::table.find(&row.id)).set(row).execute(conn)
}

pub fn of_project(conn: &mut DbConn, project_id: &str) -> QueryResult<Vec<ActivityRow>> {
    activities::table
        .filter(activities::project_id.eq(project_id))
        .select(ActivityRow::as_select())
        .order((activities::starts_at, activities::id))
        .load(conn)
}

pub fn commune_wilaya(conn: &mut DbConn, id: i32) -> QueryResult<Option<String>> {
    communes::table.find(id).select(communes::wilaya_code).first(conn).optional()
}

pub fn communes_exist(conn: &mut DbConn, ids: &[i32]) -> QueryResult<i64> {
    communes::table.filter(communes::id.eq_any(ids)).count().get_result(conn)
}

/// Which activities a calendar shows, besides the window.
#[derive(Debug, Default, Clone)]
pub struct CalendarFilter {
    /// Only public activities of public projects (the network's feeds).
    pub public_only: bool,
    /// The viewer's associations: they see every activity of the projects they lead.
    pub associations: Vec<String>,
    /// The network projects the viewer's associations are partners of (project-only activities
    /// included).
    pub partnered: Vec<String>,
    /// Restrict to these projects (a personal calendar: followed and member projects).
    pub projects: Option<Vec<String>>,
    /// Restrict to these activities or those projects (registrations in a personal calendar).
    pub or_activities: Vec<String>,
    pub wilaya: Option<String>,
    pub field: Option<String>,
    pub association: Option<String>,
    pub project: Option<String>,
}

/// The activities of `[from, to)` (UTC) that `filter` lets through, by start, at most `limit`.
pub fn window(
    conn: &mut DbConn,
    from: NaiveDateTime,
    to: NaiveDateTime,
    filter: &CalendarFilter,
    limit: i64,
) -> QueryResult<Vec<ActivityRow>> {
    let mut q = activities::table
        .select(ActivityRow::as_select())
        .filter(activities::starts_at.ge(from - chrono::TimeDelta::days(LONGEST_DAYS)))
        .filter(activities::starts_at.lt(to))
        .filter(activities::ends_at.gt(from))
        .into_boxed();
    let everyone = activities::visibility.eq("public").and(activities::public.eq(true));
    if filter.public_only {
        q = q.filter(everyone);
    } else {
        q = q.filter(
            everyone
                .or(activities::association_id.eq_any(filter.associations.clone()))
                .or(activities::visibility.ne("private").and(activities::project_id.eq_any(filter.partnered.clone()))),
        );
    }
    if let Some(projects) = &filter.projects {
        q = q.filter(
            activities::project_id.eq_any(projects.clone()).or(activities::id.eq_any(filter.or_activities.clone())),
        );
    }
    if let Some(w) = &filter.wilaya {
        q = q.filter(activities::wilaya_code.eq(w.clone()));
    }
    if let Some(f) = &filter.field {
        q = q.filter(activities::fields.like(format!("%,{f},%")));
    }
    if let Some(a) = &filter.association {
        q = q.filter(activities::association_id.eq(a.clone()));
    }
    if let Some(p) = &filter.project {
        q = q.filter(activities::project_id.eq(p.clone()));
    }
    q.order((activities::starts_at, activities::id)).limit(limit).load(conn)
}

/// A feed's activities: those ending after `from`, by start, at most `limit`.
pub fn feed(
    conn: &mut DbConn,
    filter: &CalendarFilter,
    from: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<ActivityRow>> {
    // Year 9999: SQLite compares times as text, so no wider date.
    let until = chrono::NaiveDate::from_ymd_opt(9999, 12, 31).and_then(|d| d.and_hms_opt(0, 0, 0)).unwrap_or(from);
    window(conn, from, until, filter, limit)
}

/// Titles of these projects and their lead's name: (project id, title ar/fr/en, name ar/fr/en).
pub type ProjectNames =
    (String, Option<String>, Option<String>, Option<String>, Option<String>, Option<String>, Option<String>);

pub fn project_names(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<ProjectNames>> {
    projects::table
        .inner_join(associations::table)
        .filter(projects::id.eq_any(ids))
        .select((
            projects::id,
            projects::title_ar,
            projects::title_fr,
            projects::title_en,
            associations::name_ar,
            associations::name_fr,
            associations::name_en,
        ))
        .load(conn)
}

pub fn registration(conn: &mut DbConn, activity_id: &str, user_id: &str) -> QueryResult<Option<RegistrationRow>> {
    activity_registrations::table
        .find((activity_id, user_id))
        .select(RegistrationRow::as_select())
        .first(conn)
        .optional()
}

/// The viewer's registrations among these activities.
pub fn my_registrations(conn: &mut DbConn, ids: &[String], user_id: &str) -> QueryResult<Vec<RegistrationRow>> {
    activity_registrations::table
        .filter(activity_registrations::activity_id.eq_any(ids))
        .filter(activity_registrations::user_id.eq(user_id))
        .select(RegistrationRow::as_select())
        .load(conn)
}

/// The activities `user_id` is registered or waitlisted for.
pub fn registered_activities(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<String>> {
    activity_registrations::table
        .filter(activity_registrations::user_id.eq(user_id))
        .filter(activity_registrations::status.ne("cancelled"))
        .select(activity_registrations::activity_id)
        .load(conn)
}

/// (activity id, status, count) of these activities' registrations.
pub fn counts(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<(String, String, i64)>> {
    activity_registrations::table
        .filter(activity_registrations::activity_id.eq_any(ids))
        .filter(activity_registrations::status.ne("cancelled"))
        .group_by((activity_registrations::activity_id, activity_registrations::status))
        .select((activity_registrations::activity_id, activity_registrations::status, diesel::dsl::count_star()))
        .load(conn)
}

pub fn count_status(conn: &mut DbConn, activity_id: &str, status: &str) -> QueryResult<i64> {
    activity_registrations::table
        .filter(activity_registrations::activity_id.eq(activity_id))
        .filter(activity_registrations::status.eq(status))
        .count()
        .get_result(conn)
}

/// The waiting list's people before `at` (a waitlisted registration's place is this plus one).
pub fn waiting_before(conn: &mut DbConn, activity_id: &str, at: NaiveDateTime) -> QueryResult<i64> {
    activity_registrations::table
        .filter(activity_registrations::activity_id.eq(activity_id))
        .filter(activity_registrations::status.eq("waitlisted"))
        .filter(activity_registrations::created_at.lt(at))
        .count()
        .get_result(conn)
}

/// The first `n` on the waiting list.
pub fn first_waiting(conn: &mut DbConn, activity_id: &str, n: i64) -> QueryResult<Vec<RegistrationRow>> {
    activity_registrations::table
        .filter(activity_registrations::activity_id.eq(activity_id))
        .filter(activity_registrations::status.eq("waitlisted"))
        .select(RegistrationRow::as_select())
        .order((activity_registrations::created_at, activity_registrations::user_id))
        .limit(n)
        .load(conn)
}

pub fn save_registration(conn: &mut DbConn, row: &RegistrationRow) -> QueryResult<usize> {
    diesel::delete(activity_registrations::table.find((&row.activity_id, &row.user_id))).execute(conn)?;
    diesel::insert_into(activity_registrations::table).values(row).execute(conn)
}

pub fn set_status(
    conn: &mut DbConn,
    activity_id: &str,
    user_id: &str,
    status: &str,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(activity_registrations::table.find((activity_id, user_id)))
        .set((activity_registrations::status.eq(status), activity_registrations::updated_at.eq(at)))
        .execute(conn)
}

/// An activity's registrations with each person's name and email, in order of arrival.
pub fn registrants(conn: &mut DbConn, activity_id: &str) -> QueryResult<Vec<(RegistrationRow, String, String)>> {
    activity_registrations::table
        .inner_join(users::table)
        .filter(activity_registrations::activity_id.eq(activity_id))
        .filter(activity_registrations::status.ne("cancelled"))
        .select((RegistrationRow::as_select(), users::display_name, users::email))
        .order((activity_registrations::created_at, activity_registrations::user_id))
        .load(conn)
}

pub fn feed_of(conn: &mut DbConn, user_id: &str) -> QueryResult<Option<FeedRow>> {
    calendar_feeds::table.find(user_id).select(FeedRow::as_select()).first(conn).optional()
}

pub fn feed_by_hash(conn: &mut DbConn, hash: &str) -> QueryResult<Option<FeedRow>> {
    calendar_feeds::table
        .filter(calendar_feeds::secret_hash.eq(hash))
        .select(FeedRow::as_select())
        .first(conn)
        .optional()
}

pub fn save_feed(conn: &mut DbConn, row: &FeedRow) -> QueryResult<usize> {
    diesel::delete(calendar_feeds::table.find(&row.user_id)).execute(conn)?;
    diesel::insert_into(calendar_feeds::table).values(row).execute(conn)
}
