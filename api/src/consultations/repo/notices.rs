//! Queries for the consultations' notices: who is targeted, who answered, and when each notice went out.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use madani_shared::consultations::Audience;

use crate::db::DbConn;
use crate::db::schema::{association_fields, association_members, associations, consultation_responses, consultations};

/// How many ids one `IN (…)` list holds (SQLite's limit on bound values is far above).
const CHUNK: usize = 5000;

/// The associations the audience's wilayas, categories and status allow (fields are checked
/// apart): their ids.
pub fn candidate_associations(conn: &mut DbConn, audience: &Audience) -> QueryResult<Vec<String>> {
    let statuses: &[&str] = if audience.verified_only { &["verified"] } else { &["verified", "pending"] };
    let mut query =
        associations::table.filter(associations::status.eq_any(statuses)).select(associations::id).into_boxed();
    if !audience.wilayas.is_empty() {
        query = query.filter(associations::wilaya_code.eq_any(audience.wilayas.clone()));
    }
    if !audience.categories.is_empty() {
        query = query
            .filter(associations::category.eq_any(audience.categories.iter().map(|c| c.as_str()).collect::<Vec<_>>()));
    }
    let ids: Vec<String> = query.load(conn)?;
    if audience.fields.is_empty() {
        return Ok(ids);
    }
    let fields: Vec<&str> = audience.fields.iter().map(|f| f.as_str()).collect();
    let mut kept = Vec::new();
    for chunk in ids.chunks(CHUNK) {
        let mut some: Vec<String> = association_fields::table
            .filter(association_fields::association_id.eq_any(chunk))
            .filter(association_fields::field.eq_any(&fields))
            .select(association_fields::association_id)
            .distinct()
            .load(conn)?;
        kept.append(&mut some);
    }
    Ok(kept)
}

/// (user, association) of the members of these associations: their owners and admins only, or all.
pub fn people_of(
    conn: &mut DbConn,
    association_ids: &[String],
    officers_only: bool,
) -> QueryResult<Vec<(String, String)>> {
    let mut out = Vec::new();
    for chunk in association_ids.chunks(CHUNK) {
        let mut query = association_members::table
            .filter(association_members::association_id.eq_any(chunk))
            .select((association_members::user_id, association_members::association_id))
            .into_boxed();
        if officers_only {
            query = query.filter(association_members::role.eq_any(["owner", "admin"]));
        }
        out.append(&mut query.load(conn)?);
    }
    Ok(out)
}

/// (association, user) of the final answers.
pub fn respondents(conn: &mut DbConn, consultation_id: &str) -> QueryResult<Vec<(Option<String>, Option<String>)>> {
    consultation_responses::table
        .filter(consultation_responses::consultation_id.eq(consultation_id))
        .filter(consultation_responses::status.eq("submitted"))
        .select((consultation_responses::association_id, consultation_responses::user_id))
        .load(conn)
}

pub enum Notice {
    Opened,
    Closing,
    Results,
}

/// Record that the notice went out.
pub fn mark(conn: &mut DbConn, id: &str, notice: Notice, at: NaiveDateTime) -> QueryResult<usize> {
    let this = consultations::table.find(id);
    match notice {
        Notice::Opened => diesel::update(this).set(consultations::opened_notified_at.eq(at)).execute(conn),
        Notice::Closing => diesel::update(this).set(consultations::reminded_at.eq(at)).execute(conn),
        Notice::Results => diesel::update(this).set(consultations::results_notified_at.eq(at)).execute(conn),
    }
}
