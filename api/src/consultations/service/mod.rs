//! Consultations' rules: writing and publishing them, answering, and the results.

pub mod answers;
pub mod comments;
pub mod consultations;
pub mod export;
pub mod moderation;
pub mod notices;
pub mod proposals;
pub mod results;
pub mod states;
pub mod tally;

use std::collections::HashMap;

use madani_shared::LocalizedText;
use madani_shared::consultations::*;
use madani_shared::ids::{ConsultationId, InstitutionId};

use super::repo;
use super::rows::ConsultationRow;
use crate::db::{DbConn, now, to_utc};
use crate::error::ApiResult;

/// The organisers of each of `rows`, by consultation id (one query for all).
fn organisers(conn: &mut DbConn, rows: &[&ConsultationRow]) -> ApiResult<HashMap<String, Vec<Organiser>>> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut by_id: HashMap<String, Vec<Organiser>> = HashMap::new();
    for (consultation, institution, owner, ar, fr, en, acronym) in repo::organisers_of(conn, &ids)? {
        by_id.entry(consultation).or_default().push(Organiser {
            institution_id: InstitutionId::stored(&institution),
            name: LocalizedText { ar, fr, en },
            acronym,
            owner,
        });
    }
    Ok(by_id)
}

fn summary_of(row: &ConsultationRow, organisers: Vec<Organiser>) -> ConsultationSummary {
    ConsultationSummary {
        id: ConsultationId::stored(&row.id),
        title: row.title(),
        summary: row.summary(),
        phase: row.phase(now()),
        respondent: row.respondent(),
        audience: row.audience(),
        organisers,
        opens_at: to_utc(row.opens_at),
        closes_at: to_utc(row.closes_at),
        answer_count: row.answer_count,
    }
}

/// The list's summaries.
pub fn summaries(conn: &mut DbConn, rows: &[ConsultationRow]) -> ApiResult<Vec<ConsultationSummary>> {
    let mut organisers = organisers(conn, &rows.iter().collect::<Vec<_>>())?;
    Ok(rows.iter().map(|r| summary_of(r, organisers.remove(&r.id).unwrap_or_default())).collect())
}

/// The consultation as the viewer sees it.
pub fn view(conn: &mut DbConn, row: &ConsultationRow, organiser: bool) -> ApiResult<Consultation> {
    let mut organisers = organisers(conn, &[row])?;
    let body = row.body();
    Ok(Consultation {
        summary: summary_of(row, organisers.remove(&row.id).unwrap_or_default()),
        body_html: crate::markdown::localized_html(&body),
        body,
        allow_edit: row.allow_edit,
        proposals_enabled: row.proposals_enabled,
        support_limit: row.support_limit.and_then(|n| u32::try_from(n).ok()),
        support_threshold: row.support_threshold.and_then(|n| u32::try_from(n).ok()),
        questionnaire: row.questionnaire(),
        questionnaire_frozen: row.response_count > 0,
        results_published_at: row.results_published_at.map(to_utc),
        created_at: to_utc(row.created_at),
        updated_at: to_utc(row.updated_at),
        viewer: ConsultationViewer { organiser, ..Default::default() },
    })
}
