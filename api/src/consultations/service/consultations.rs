//! Writing a consultation, its questionnaire and its phases.

use madani_shared::consultations::*;
use madani_shared::{ErrorCode, Page};

use super::super::access;
use super::super::repo::{self, DraftsOf, ListFilter};
use super::super::rows::{ConsultationRow, OrganiserRow};
use super::{summaries, view};
use crate::audit::{self, Subject};
use crate::auth::AuthUser;
use crate::db::{DbConn, new_id, now, write_tx};
use crate::error::{ApiError, ApiResult};
use crate::pagination::{self, page_of};
use madani_shared::auth::Role;

fn dates_ok(opens_at: chrono::NaiveDateTime, closes_at: chrono::NaiveDateTime) -> ApiResult<()> {
    if closes_at <= opens_at {
        return Err(ApiError::field("closes_at", "range", "must be after opens_at"));
    }
    Ok(())
}

/// Create a draft for an institution `user` is staff of.
pub fn create(conn: &mut DbConn, user: &AuthUser, input: &CreateConsultation) -> ApiResult<Consultation> {
    let (opens_at, closes_at) = (input.opens_at.naive_utc(), input.closes_at.naive_utc());
    write_tx(conn, |conn| {
        let institution = crate::institutions::access::require_staff_of(conn, &input.institution_id.to_string(), user)?;
        dates_ok(opens_at, closes_at)?;
        let (title_ar, title_fr, title_en) = input.title.trimmed();
        let (summary_ar, summary_fr, summary_en) = input.summary.trimmed();
        let (body_ar, body_fr, body_en) = input.body.trimmed();
        let at = now();
        let mut row = ConsultationRow {
            id: new_id(),
            institution_id: institution.id.clone(),
            title_ar,
            title_fr,
            title_en,
            summary_ar,
            summary_fr,
            summary_en,
            body_ar,
            body_fr,
            body_en,
            respondent: input.respondent.as_str().to_owned(),
            audience: String::new(),
            audience_wilayas: String::new(),
            audience_fields: String::new(),
            status: "draft".into(),
            opens_at,
            closes_at,
            allow_edit: input.allow_edit,
            questionnaire: serde_json::to_string(&Questionnaire::default()).map_err(ApiError::internal)?,
            answer_count: 0,
            response_count: 0,
            created_by: Some(user.id.clone()),
            created_at: at,
            updated_at: at,
            results_published_at: None,
            opened_notified_at: None,
            reminded_at: None,
            results_notified_at: None,
            proposals_enabled: input.proposals_enabled,
            support_limit: input.support_limit.map(|n| n as i32),
            support_threshold: input.support_threshold.map(|n| n as i32),
        };
        row.set_audience(&input.audience);
        repo::insert(conn, &row)?;
        repo::insert_organiser(
            conn,
            &OrganiserRow { consultation_id: row.id.clone(), institution_id: institution.id.clone(), owner: true },
        )?;
        audit::record(
            conn,
            Some(&user.id),
            "consultation.created",
            Subject::consultation(&row.id),
            Some(&institution.id),
        )?;
        view(conn, &row, true)
    })
}

/// Change a consultation (its organisers): who answers and the audience until it is published, the
/// dates until it closes, the texts at any time.
pub fn update(conn: &mut DbConn, user: &AuthUser, id: &str, input: &UpdateConsultation) -> ApiResult<Consultation> {
    write_tx(conn, |conn| {
        let mut row = access::require_organiser(conn, id, user)?;
        let phase = row.phase(now());
        let published = phase != ConsultationPhase::Draft;
        if published
            && (input.respondent.is_some_and(|r| r != row.respondent())
                || input.audience.as_ref().is_some_and(|a| *a != row.audience()))
        {
            return Err(ApiError::Conflict(ErrorCode::ConsultationPublished));
        }
        if matches!(phase, ConsultationPhase::Closed | ConsultationPhase::ResultsPublished)
            && (input.opens_at.is_some() || input.closes_at.is_some())
        {
            return Err(ApiError::Conflict(ErrorCode::WrongPhase));
        }
        if let Some(t) = &input.title {
            (row.title_ar, row.title_fr, row.title_en) = t.trimmed();
        }
        if let Some(t) = &input.summary {
            (row.summary_ar, row.summary_fr, row.summary_en) = t.trimmed();
        }
        if let Some(t) = &input.body {
            (row.body_ar, row.body_fr, row.body_en) = t.trimmed();
        }
        if let Some(r) = input.respondent {
            row.respondent = r.as_str().to_owned();
        }
        if let Some(a) = &input.audience {
            row.set_audience(a);
        }
        if let Some(t) = input.opens_at {
            row.opens_at = t.naive_utc();
        }
        if let Some(t) = input.closes_at {
            row.closes_at = t.naive_utc();
        }
        dates_ok(row.opens_at, row.closes_at)?;
        if let Some(allow) = input.allow_edit {
            row.allow_edit = allow;
        }
        if let Some(on) = input.proposals_enabled {
            row.proposals_enabled = on;
        }
        if let Some(n) = input.support_limit {
            row.support_limit = (n > 0).then_some(n as i32);
        }
        if let Some(n) = input.support_threshold {
            row.support_threshold = (n > 0).then_some(n as i32);
        }
        if let Some(co) = &input.co_organisers {
            repo::clear_co_organisers(conn, id)?;
            for institution in co.iter().map(|i| i.to_string()).collect::<std::collections::BTreeSet<_>>() {
                if institution == row.institution_id {
                    continue;
                }
                crate::institutions::repo::find(conn, &institution)
                    .map_err(|_| ApiError::field("co_organisers", "unknown", "no such institution"))?;
                repo::insert_organiser(
                    conn,
                    &OrganiserRow { consultation_id: id.to_owned(), institution_id: institution, owner: false },
                )?;
            }
        }
        row.updated_at = now();
        repo::update(conn, &row)?;
        if published && (input.opens_at.is_some() || input.closes_at.is_some()) {
            super::notices::schedule(conn, &row)?;
        }
        audit::record(conn, Some(&user.id), "consultation.updated", Subject::consultation(id), None)?;
        view(conn, &row, true)
    })
}

/// Replace the questionnaire (organisers). Once an answer exists only its texts may change
/// (`questionnaire_frozen`).
pub fn put_questionnaire(
    conn: &mut DbConn,
    user: &AuthUser,
    id: &str,
    input: &Questionnaire,
) -> ApiResult<Consultation> {
    input.check().map_err(ApiError::Validation)?;
    write_tx(conn, |conn| {
        let mut row = access::require_organiser(conn, id, user)?;
        if row.response_count > 0 && !row.questionnaire().same_structure(input) {
            return Err(ApiError::Conflict(ErrorCode::QuestionnaireFrozen));
        }
        if matches!(row.phase(now()), ConsultationPhase::Closed | ConsultationPhase::ResultsPublished) {
            return Err(ApiError::Conflict(ErrorCode::WrongPhase));
        }
        row.questionnaire = serde_json::to_string(input).map_err(ApiError::internal)?;
        row.updated_at = now();
        repo::update(conn, &row)?;
        view(conn, &row, true)
    })
}

/// What a phase change does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transition {
    /// A draft becomes upcoming, or open if `opens_at` is past.
    Publish,
    /// An open (or upcoming) consultation closes now.
    Close,
    /// A closed consultation's results become public.
    PublishResults,
}

pub fn transition(conn: &mut DbConn, user: &AuthUser, id: &str, to: Transition) -> ApiResult<Consultation> {
    write_tx(conn, |conn| {
        let mut row = access::require_organiser(conn, id, user)?;
        let at = now();
        let phase = row.phase(at);
        let action = match (to, phase) {
            (Transition::Publish, ConsultationPhase::Draft) => {
                if row.questionnaire().questions().next().is_none() {
                    return Err(ApiError::Conflict(ErrorCode::QuestionnaireEmpty));
                }
                row.status = "published".into();
                "consultation.published"
            }
            (Transition::Close, ConsultationPhase::Open | ConsultationPhase::Upcoming) => {
                row.closes_at = at;
                if row.opens_at >= at {
                    row.opens_at = at - chrono::TimeDelta::microseconds(1);
                }
                "consultation.closed"
            }
            (Transition::PublishResults, ConsultationPhase::Closed) => {
                row.status = "results_published".into();
                row.results_published_at = Some(at);
                "consultation.results_published"
            }
            _ => return Err(ApiError::Conflict(ErrorCode::WrongPhase)),
        };
        row.updated_at = at;
        repo::update(conn, &row)?;
        match to {
            Transition::Publish => super::notices::schedule(conn, &row)?,
            Transition::PublishResults => {
                crate::jobs::enqueue(conn, &crate::jobs::Job::ConsultationResults { consultation_id: row.id.clone() })?
            }
            Transition::Close => {}
        }
        audit::record(conn, Some(&user.id), action, Subject::consultation(id), None)?;
        view(conn, &row, true)
    })
}

/// A page of the consultations the viewer may see.
pub fn list(
    conn: &mut DbConn,
    viewer: Option<&AuthUser>,
    q: &ListConsultationsQuery,
) -> ApiResult<Page<ConsultationSummary>> {
    let limit = i64::from(q.page().limit());
    let after = pagination::after_time_and_id(q.cursor.as_deref())?;
    let drafts_of = match viewer {
        Some(u) if u.role == Role::Admin => DraftsOf::All,
        Some(u) => DraftsOf::Staff(u.id.clone()),
        None => DraftsOf::None,
    };
    let filter = ListFilter {
        phase: q.phase,
        institution: q.institution.map(|i| i.to_string()),
        wilaya: q.wilaya.clone(),
        field: q.field.map(|f| f.as_str().to_owned()),
        drafts_of,
        now: now(),
    };
    let rows = repo::list(conn, &filter, after, limit + 1)?;
    let (rows, next_cursor) = page_of(rows, limit, |r| Some(pagination::time_and_id(r.opens_at, &r.id)));
    Ok(Page { items: summaries(conn, &rows)?, next_cursor })
}

/// One consultation as the viewer sees it (404 for a draft they do not organise).
pub fn get(conn: &mut DbConn, viewer: Option<&AuthUser>, id: &str) -> ApiResult<Consultation> {
    let (row, organiser) = access::load_visible(conn, id, viewer)?;
    let mut consultation = view(conn, &row, organiser)?;
    if let Some(u) = viewer {
        consultation.viewer.blocked = super::super::repo::moderation::is_blocked(conn, &row.id, &u.id)?;
        consultation.viewer.supports = super::super::repo::proposals::supports_in(conn, &row.id, &u.id)?;
    }
    Ok(consultation)
}
