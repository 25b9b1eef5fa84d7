//! Diesel queries for consultations and their organisers.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use madani_shared::consultations::ConsultationPhase;

use super::rows::{ConsultationRow, OrganiserRow};
use crate::db::DbConn;
use crate::db::schema::{consultation_organisers, consultations, institution_staff, institutions};

pub mod answers;
pub mod comments;
pub mod export;
pub mod moderation;
pub mod notices;
pub mod proposals;
pub mod states;

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<ConsultationRow> {
    consultations::table.find(id).select(ConsultationRow::as_select()).first(conn)
}

pub fn insert(conn: &mut DbConn, row: &ConsultationRow) -> QueryResult<usize> {
    diesel::insert_into(consultations::table).values(row).execute(conn)
}

pub fn update(conn: &mut DbConn, row: &ConsultationRow) -> QueryResult<usize> {
    diesel::update(consultations::table.find(&row.id)).set(row).execute(conn)
}

/// The organising institutions of these consultations: (consultation id, institution id, owner,
/// name columns, acronym).
pub type OrganiserName = (String, String, bool, Option<String>, Option<String>, Option<String>, Option<String>);

pub fn organisers_of(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<OrganiserName>> {
    consultation_organisers::table
        .inner_join(institutions::table)
        .filter(consultation_organisers::consultation_id.eq_any(ids))
        .select((
            consultation_organisers::consultation_id,
            consultation_organisers::institution_id,
            consultation_organisers::owner,
            institutions::name_ar,
            institutions::name_fr,
            institutions::name_en,
            institutions::acronym,
        ))
        .order((consultation_organisers::owner.desc(), institutions::name_fr.asc()))
        .load(conn)
}

pub fn insert_organiser(conn: &mut DbConn, row: &OrganiserRow) -> QueryResult<usize> {
    diesel::insert_into(consultation_organisers::table).values(row).execute(conn)
}

/// Drop the co-organisers (the owner stays).
pub fn clear_co_organisers(conn: &mut DbConn, id: &str) -> QueryResult<usize> {
    diesel::delete(
        consultation_organisers::table
            .filter(consultation_organisers::consultation_id.eq(id))
            .filter(consultation_organisers::owner.eq(false)),
    )
    .execute(conn)
}

/// Whether `user_id` is staff of one of the consultation's organising institutions.
pub fn is_organiser(conn: &mut DbConn, id: &str, user_id: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        institution_staff::table.filter(institution_staff::user_id.eq(user_id)).filter(
            institution_staff::institution_id.eq_any(
                consultation_organisers::table
                    .filter(consultation_organisers::consultation_id.eq(id))
                    .select(consultation_organisers::institution_id),
            ),
        ),
    ))
    .get_result(conn)
}

/// Everyone on the staff of one of the consultation's organising institutions.
pub fn organiser_staff(conn: &mut DbConn, id: &str) -> QueryResult<Vec<String>> {
    institution_staff::table
        .filter(
            institution_staff::institution_id.eq_any(
                consultation_organisers::table
                    .filter(consultation_organisers::consultation_id.eq(id))
                    .select(consultation_organisers::institution_id),
            ),
        )
        .select(institution_staff::user_id)
        .distinct()
        .load(conn)
}

/// The organising institution `user_id` is staff of (the owner first), if any.
pub fn organiser_institution_of(conn: &mut DbConn, id: &str, user_id: &str) -> QueryResult<Option<String>> {
    consultation_organisers::table
        .inner_join(
            institution_staff::table.on(institution_staff::institution_id.eq(consultation_organisers::institution_id)),
        )
        .filter(consultation_organisers::consultation_id.eq(id))
        .filter(institution_staff::user_id.eq(user_id))
        .select(consultation_organisers::institution_id)
        .order(consultation_organisers::owner.desc())
        .first(conn)
        .optional()
}

/// The list's filters, as the service resolved them.
pub struct ListFilter {
    pub phase: Option<ConsultationPhase>,
    pub institution: Option<String>,
    /// `,06,` to look for in the audience's wilayas.
    pub wilaya: Option<String>,
    pub field: Option<String>,
    /// Drafts the viewer may see: all (administrators), those of their institutions, or none.
    pub drafts_of: DraftsOf,
    pub now: NaiveDateTime,
}

pub enum DraftsOf {
    All,
    Staff(String),
    None,
}

/// A page of consultations, newest opening first, after `after` (opens_at, id).
pub fn list(
    conn: &mut DbConn,
    filter: &ListFilter,
    after: Option<(NaiveDateTime, String)>,
    limit: i64,
) -> QueryResult<Vec<ConsultationRow>> {
    let mut query = consultations::table.select(ConsultationRow::as_select()).into_boxed();
    let mine = |user: &str| {
        consultation_organisers::table
            .filter(
                consultation_organisers::institution_id.eq_any(
                    institution_staff::table
                        .filter(institution_staff::user_id.eq(user.to_owned()))
                        .select(institution_staff::institution_id),
                ),
            )
            .select(consultation_organisers::consultation_id)
    };
    query = match &filter.drafts_of {
        DraftsOf::All => query,
        DraftsOf::Staff(user) => {
            query.filter(consultations::status.ne("draft").or(consultations::id.eq_any(mine(user))))
        }
        DraftsOf::None => query.filter(consultations::status.ne("draft")),
    };
    let now = filter.now;
    query = match filter.phase {
        None => query,
        Some(ConsultationPhase::Draft) => query.filter(consultations::status.eq("draft")),
        Some(ConsultationPhase::Upcoming) => {
            query.filter(consultations::status.eq("published")).filter(consultations::opens_at.gt(now))
        }
        Some(ConsultationPhase::Open) => query
            .filter(consultations::status.eq("published"))
            .filter(consultations::opens_at.le(now))
            .filter(consultations::closes_at.gt(now)),
        Some(ConsultationPhase::Closed) => {
            query.filter(consultations::status.eq("published")).filter(consultations::closes_at.le(now))
        }
        Some(ConsultationPhase::ResultsPublished) => query.filter(consultations::status.eq("results_published")),
    };
    if let Some(institution) = &filter.institution {
        query = query.filter(
            consultations::id.eq_any(
                consultation_organisers::table
                    .filter(consultation_organisers::institution_id.eq(institution.clone()))
                    .select(consultation_organisers::consultation_id),
            ),
        );
    }
    if let Some(w) = &filter.wilaya {
        query = query.filter(
            consultations::audience_wilayas.eq("").or(consultations::audience_wilayas.like(format!("%,{w},%"))),
        );
    }
    if let Some(f) = &filter.field {
        query = query
            .filter(consultations::audience_fields.eq("").or(consultations::audience_fields.like(format!("%,{f},%"))));
    }
    if let Some((at, id)) = after {
        query = query
            .filter(consultations::opens_at.lt(at).or(consultations::opens_at.eq(at).and(consultations::id.lt(id))));
    }
    query.order((consultations::opens_at.desc(), consultations::id.desc())).limit(limit).load(conn)
}

/// Count the first answer saved (which freezes the questionnaire), and a final one.
pub fn count_response(conn: &mut DbConn, id: &str, first_save: bool, submitted: bool) -> QueryResult<usize> {
    diesel::update(consultations::table.find(id))
        .set((
            consultations::response_count.eq(consultations::response_count + i64::from(first_save)),
            consultations::answer_count.eq(consultations::answer_count + i64::from(submitted)),
        ))
        .execute(conn)
}
