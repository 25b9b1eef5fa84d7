//! A member's part in consultations, for their account export.

use madani_shared::consultations::*;
use madani_shared::ids::{AssociationId, CommentId, ConsultationId, ProposalId};

use super::super::repo::export as repo;
use crate::db::{DbConn, to_utc};
use crate::error::ApiResult;

/// Everything `user_id` answered, proposed, commented, supported and reported.
pub fn of_user(conn: &mut DbConn, user_id: &str) -> ApiResult<ConsultationsExport> {
    let answers = repo::responses(conn, user_id)?
        .into_iter()
        .map(|r| ExportedAnswer {
            consultation_id: ConsultationId::stored(&r.consultation_id),
            association_id: r.association_id.as_deref().map(AssociationId::stored),
            answers: r.answers(),
            status: if r.submitted() { AnswerStatus::Submitted } else { AnswerStatus::Draft },
            updated_at: to_utc(r.updated_at),
            submitted_at: r.submitted_at.map(to_utc),
        })
        .collect();
    let proposals = repo::proposals(conn, user_id)?
        .into_iter()
        .map(|p| ExportedProposal {
            id: ProposalId::stored(&p.id),
            consultation_id: ConsultationId::stored(&p.consultation_id),
            association_id: p.association_id.as_deref().map(AssociationId::stored),
            state: ProposalState::parse(&p.state).unwrap_or(ProposalState::NotAnswered),
            title: p.title,
            body: p.body,
            wilaya_code: p.wilaya_code,
            support_count: p.support_count,
            created_at: to_utc(p.created_at),
            hidden_reason: p.hidden_at.and(p.hidden_reason),
        })
        .collect();
    let comments = repo::comments(conn, user_id)?
        .into_iter()
        .map(|c| ExportedComment {
            id: CommentId::stored(&c.id),
            proposal_id: ProposalId::stored(&c.proposal_id),
            parent_id: c.parent_id.as_deref().map(CommentId::stored),
            body: c.body,
            created_at: to_utc(c.created_at),
            edited_at: c.edited_at.map(to_utc),
            deleted_at: c.deleted_at.map(to_utc),
        })
        .collect();
    let supports = repo::supports(conn, user_id)?
        .into_iter()
        .map(|(proposal, at)| ExportedSupport { proposal_id: ProposalId::stored(&proposal), created_at: to_utc(at) })
        .collect();
    let reports = repo::reports(conn, user_id)?
        .into_iter()
        .filter_map(|r| {
            Some(ExportedReport {
                kind: ModeratedKind::parse(&r.subject_kind)?,
                id: r.subject_id.parse().ok()?,
                reason: ReportReason::parse(&r.reason)?,
                details: r.details,
                created_at: to_utc(r.created_at),
            })
        })
        .collect();
    Ok(ConsultationsExport { answers, proposals, comments, supports, reports })
}
