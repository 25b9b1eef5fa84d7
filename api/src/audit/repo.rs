//! Queries on `audit_log`.

use diesel::prelude::*;

use super::rows::AuditRow;
use crate::db::DbConn;
use crate::db::schema::{
    associations, audit_log, certificates, circles, consultations, courses, institutions, projects, users,
};

/// The name of the subject `kind` `id` now, as JSON of a `LocalizedText` (none for a kind without
/// one, or a subject that is gone).
pub fn name_of(conn: &mut DbConn, kind: &str, id: &str) -> QueryResult<Option<String>> {
    type Names = (Option<String>, Option<String>, Option<String>);
    let names: Option<Names> = match kind {
        "association" => associations::table
            .find(id)
            .select((associations::name_ar, associations::name_fr, associations::name_en))
            .first(conn)
            .optional()?,
        "course" => courses::table
            .find(id)
            .select((courses::title_ar, courses::title_fr, courses::title_en))
            .first(conn)
            .optional()?,
        "institution" => institutions::table
            .find(id)
            .select((institutions::name_ar, institutions::name_fr, institutions::name_en))
            .first(conn)
            .optional()?,
        "consultation" => consultations::table
            .find(id)
            .select((consultations::title_ar, consultations::title_fr, consultations::title_en))
            .first(conn)
            .optional()?,
        "project" => projects::table
            .find(id)
            .select((projects::title_ar, projects::title_fr, projects::title_en))
            .first(conn)
            .optional()?,
        "circle" => circles::table
            .find(id)
            .select((circles::name_ar, circles::name_fr, circles::name_en))
            .first(conn)
            .optional()?,
        "certificate" => {
            return certificates::table.find(id).select(certificates::course_title).first(conn).optional();
        }
        _ => None,
    };
    Ok(names
        .map(|(ar, fr, en)| serde_json::to_string(&madani_shared::LocalizedText { ar, fr, en }).unwrap_or_default()))
}

pub fn insert(conn: &mut DbConn, row: &AuditRow) -> QueryResult<usize> {
    diesel::insert_into(audit_log::table).values(row).execute(conn)
}

/// Newest first (ids are time-ordered), before the entry `before`, with each actor's name.
pub fn page(conn: &mut DbConn, before: Option<&str>, limit: i64) -> QueryResult<Vec<(AuditRow, Option<String>)>> {
    let mut query = audit_log::table
        .left_join(users::table)
        .select((audit_log::all_columns, users::display_name.nullable()))
        .into_boxed();
    if let Some(before) = before {
        query = query.filter(audit_log::id.lt(before.to_owned()));
    }
    query.order(audit_log::id.desc()).limit(limit).load(conn)
}
