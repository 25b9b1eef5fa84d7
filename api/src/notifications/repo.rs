//! Queries on `notifications`, `notification_settings` and `notification_preferences`.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use madani_shared::LocalizedText;

use super::rows::{Names, NotificationRow, PreferenceRow, SettingsRow};
use crate::db::DbConn;
use crate::db::schema::{
    associations, circles, consultations, courses, notification_preferences, notification_settings, notifications,
    projects, users,
};

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<NotificationRow>> {
    notifications::table.find(id).first(conn).optional()
}

/// A member's latest notifications shown in the app, newest first.
pub fn latest_for(conn: &mut DbConn, user_id: &str, limit: i64) -> QueryResult<Vec<NotificationRow>> {
    notifications::table
        .filter(notifications::user_id.eq(user_id))
        .filter(notifications::in_app.eq(true))
        .order(notifications::created_at.desc())
        .limit(limit)
        .load(conn)
}

pub fn unread_count(conn: &mut DbConn, user_id: &str) -> QueryResult<i64> {
    notifications::table
        .filter(notifications::user_id.eq(user_id))
        .filter(notifications::read_at.is_null())
        .filter(notifications::in_app.eq(true))
        .count()
        .get_result(conn)
}

pub fn mark_all_read(conn: &mut DbConn, user_id: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        notifications::table
            .filter(notifications::user_id.eq(user_id))
            .filter(notifications::read_at.is_null())
            .filter(notifications::in_app.eq(true)),
    )
    .set(notifications::read_at.eq(Some(now)))
    .execute(conn)
}

/// The names `rows` show, in three grouped queries (associations, courses, people), whatever their number.
pub fn names_of(conn: &mut DbConn, rows: &[NotificationRow]) -> QueryResult<Vec<Names>> {
    fn ids<'a>(rows: &'a [NotificationRow], f: impl Fn(&'a NotificationRow) -> Option<&'a String>) -> Vec<&'a str> {
        let mut v: Vec<&str> = rows.iter().filter_map(|r| f(r).map(String::as_str)).collect();
        v.sort_unstable();
        v.dedup();
        v
    }
    let localized =
        |(id, ar, fr, en): (String, Option<String>, Option<String>, Option<String>)| (id, LocalizedText { ar, fr, en });
    let wanted = ids(rows, |r| r.association_id.as_ref());
    let associations: HashMap<String, LocalizedText> = if wanted.is_empty() {
        HashMap::new()
    } else {
        associations::table
            .filter(associations::id.eq_any(&wanted))
            .select((associations::id, associations::name_ar, associations::name_fr, associations::name_en))
            .load(conn)?
            .into_iter()
            .map(localized)
            .collect()
    };
    let wanted = ids(rows, |r| r.course_id.as_ref());
    let courses: HashMap<String, LocalizedText> = if wanted.is_empty() {
        HashMap::new()
    } else {
        courses::table
            .filter(courses::id.eq_any(&wanted))
            .select((courses::id, courses::title_ar, courses::title_fr, courses::title_en))
            .load(conn)?
            .into_iter()
            .map(localized)
            .collect()
    };
    let wanted = ids(rows, |r| r.actor_id.as_ref());
    let people: HashMap<String, String> = if wanted.is_empty() {
        HashMap::new()
    } else {
        users::table
            .filter(users::id.eq_any(&wanted))
            .select((users::id, users::display_name))
            .load(conn)?
            .into_iter()
            .collect()
    };
    let wanted = ids(rows, |r| r.consultation_id.as_ref());
    let consultations: HashMap<String, LocalizedText> = if wanted.is_empty() {
        HashMap::new()
    } else {
        consultations::table
            .filter(consultations::id.eq_any(&wanted))
            .select((consultations::id, consultations::title_ar, consultations::title_fr, consultations::title_en))
            .load(conn)?
            .into_iter()
            .map(localized)
            .collect()
    };
    let wanted = ids(rows, |r| r.project_id.as_ref());
    let projects: HashMap<String, LocalizedText> = if wanted.is_empty() {
        HashMap::new()
    } else {
        projects::table
            .filter(projects::id.eq_any(&wanted))
            .select((projects::id, projects::title_ar, projects::title_fr, projects::title_en))
            .load(conn)?
            .into_iter()
            .map(localized)
            .collect()
    };
    let wanted = ids(rows, |r| r.circle_id.as_ref());
    let circles: HashMap<String, LocalizedText> = if wanted.is_empty() {
        HashMap::new()
    } else {
        circles::table
            .filter(circles::id.eq_any(&wanted))
            .select((circles::id, circles::name_ar, circles::name_fr, circles::name_en))
            .load(conn)?
            .into_iter()
            .map(localized)
            .collect()
    };
    Ok(rows
        .iter()
        .map(|r| Names {
            circle: r.circle_id.as_ref().and_then(|id| circles.get(id).cloned()),
            association: r.association_id.as_ref().and_then(|id| associations.get(id).cloned()),
            course: r.course_id.as_ref().and_then(|id| courses.get(id).cloned()),
            actor: r.actor_id.as_ref().and_then(|id| people.get(id).cloned()),
            consultation: r.consultation_id.as_ref().and_then(|id| consultations.get(id).cloned()),
            project: r.project_id.as_ref().and_then(|id| projects.get(id).cloned()),
        })
        .collect())
}

pub fn settings(conn: &mut DbConn, user_id: &str) -> QueryResult<Option<SettingsRow>> {
    notification_settings::table.find(user_id).first(conn).optional()
}

/// Store a member's settings (in the caller's transaction).
pub fn save_settings(conn: &mut DbConn, row: &SettingsRow) -> QueryResult<()> {
    let updated = diesel::update(notification_settings::table.find(&row.user_id))
        .set((
            notification_settings::email.eq(&row.email),
            notification_settings::time_zone.eq(&row.time_zone),
            notification_settings::updated_at.eq(row.updated_at),
        ))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(notification_settings::table).values(row).execute(conn)?;
    }
    Ok(())
}

/// A member's chosen preferences (topics never chosen have no row).
pub fn preferences(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<PreferenceRow>> {
    notification_preferences::table.filter(notification_preferences::user_id.eq(user_id)).load(conn)
}

/// The settings of each of `users` that has some, and their preference for `topic` where chosen: two
/// queries however many they are.
pub fn preferences_of_many(
    conn: &mut DbConn,
    users: &[String],
    topic: &str,
) -> QueryResult<(Vec<SettingsRow>, Vec<PreferenceRow>)> {
    let (mut settings, mut preferences) = (Vec::new(), Vec::new());
    // Bound values are limited (SQLite: 32,766): a few thousand members a query.
    for chunk in users.chunks(5000) {
        settings.extend(
            notification_settings::table
                .filter(notification_settings::user_id.eq_any(chunk))
                .load::<SettingsRow>(conn)?,
        );
        preferences.extend(
            notification_preferences::table
                .filter(notification_preferences::topic.eq(topic))
                .filter(notification_preferences::user_id.eq_any(chunk))
                .load::<PreferenceRow>(conn)?,
        );
    }
    Ok((settings, preferences))
}

/// Store notifications, a few hundred a statement.
pub fn insert_many(conn: &mut DbConn, rows: &[NotificationRow]) -> QueryResult<()> {
    crate::db::insert_chunks!(conn, notifications::table, rows, 500);
    Ok(())
}

/// Store one topic's preference (in the caller's transaction).
pub fn save_preference(conn: &mut DbConn, row: &PreferenceRow) -> QueryResult<()> {
    let updated =
        diesel::update(notification_preferences::table.find((&row.user_id, &row.topic))).set(row).execute(conn)?;
    if updated == 0 {
        diesel::insert_into(notification_preferences::table).values(row).execute(conn)?;
    }
    Ok(())
}

/// Take the member's notifications waiting for their `digest` (`daily`, `weekly`), created up to
/// `now`, marking them digested in the same statement: of two digests running at once, each
/// notification goes to exactly one (on PostgreSQL the second waits for the first's row locks, then
/// finds them taken).
pub fn take_digest(
    conn: &mut DbConn,
    user_id: &str,
    digest: &str,
    now: NaiveDateTime,
) -> QueryResult<Vec<NotificationRow>> {
    use diesel::sql_types::{Text, Timestamp};
    // SQLite numbers `$n` by first appearance: keep them in order.
    let mut rows: Vec<NotificationRow> = diesel::sql_query(
        "UPDATE notifications SET digested_at = $1 WHERE user_id = $2 AND digest = $3 \
         AND digested_at IS NULL AND created_at <= $4 RETURNING *",
    )
    .bind::<Timestamp, _>(now)
    .bind::<Text, _>(user_id)
    .bind::<Text, _>(digest)
    .bind::<Timestamp, _>(now)
    .load(conn)?;
    rows.sort_by(|a, b| a.created_at.cmp(&b.created_at).then_with(|| a.id.cmp(&b.id)));
    Ok(rows)
}

/// Whether `user_id` was told `kind` about the consultation since `since`.
pub fn sent_since(
    conn: &mut DbConn,
    user_id: &str,
    kind: &str,
    consultation_id: &str,
    since: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        notifications::table
            .filter(notifications::user_id.eq(user_id))
            .filter(notifications::kind.eq(kind))
            .filter(notifications::consultation_id.eq(consultation_id))
            .filter(notifications::created_at.ge(since)),
    ))
    .get_result(conn)
}
