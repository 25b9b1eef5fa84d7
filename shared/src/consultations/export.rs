//! What a member wrote and did in consultations, as their account export holds it (right of
//! access and portability): answers, proposals, comments, supports and reports.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{AnswerItem, AnswerStatus, ModeratedKind, ProposalState, ReportReason};
use crate::ids::{AssociationId, CommentId, ConsultationId, ProposalId};

/// Your part in consultations.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsultationsExport {
    /// Your own answers (where members answer), and the answers you saved or submitted for an
    /// association.
    pub answers: Vec<ExportedAnswer>,
    pub proposals: Vec<ExportedProposal>,
    /// Your comments as they are kept: a deleted one without its text.
    pub comments: Vec<ExportedComment>,
    /// The proposals you support.
    pub supports: Vec<ExportedSupport>,
    /// What you reported.
    pub reports: Vec<ExportedReport>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportedAnswer {
    pub consultation_id: ConsultationId,
    /// The association it answers for, if it does.
    pub association_id: Option<AssociationId>,
    pub status: AnswerStatus,
    pub answers: Vec<AnswerItem>,
    pub updated_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportedProposal {
    pub id: ProposalId,
    pub consultation_id: ConsultationId,
    pub association_id: Option<AssociationId>,
    pub title: String,
    pub body: String,
    pub wilaya_code: Option<String>,
    pub state: ProposalState,
    pub support_count: i64,
    pub created_at: DateTime<Utc>,
    /// Hidden by moderation, with the reason you were told.
    pub hidden_reason: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportedComment {
    pub id: CommentId,
    pub proposal_id: ProposalId,
    pub parent_id: Option<CommentId>,
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub edited_at: Option<DateTime<Utc>>,
    pub deleted_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportedSupport {
    pub proposal_id: ProposalId,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportedReport {
    pub kind: ModeratedKind,
    /// The proposal's or the comment's id.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub id: Uuid,
    pub reason: ReportReason,
    pub details: Option<String>,
    pub created_at: DateTime<Utc>,
}
