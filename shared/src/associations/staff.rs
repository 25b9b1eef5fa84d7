//! The observatory's tools: bulk import, verification, the audit log; and notifications.

use super::*;

string_enum!(
    /// Where an import stands: rows are checked (`validating`), then written in one transaction
    /// (`writing`), unless it is a dry run or a row is wrong.
    ImportStatus {
        Validating = "validating",
        Writing = "writing",
        Succeeded = "succeeded",
        Failed = "failed",
    }
);

/// Options of a bulk import.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ImportQuery {
    /// Check every row and report, but write nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dry_run: Option<bool>,
}

/// What is wrong with one cell (or, with `row` 1, with the header).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportRowError {
    /// The line in the file, as a spreadsheet numbers it: the header is row 1.
    pub row: u32,
    /// The column.
    pub field: String,
    pub code: String,
    pub message: String,
}

/// A bulk import of associations from CSV, and how far it has got.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportJob {
    pub id: ImportId,
    pub status: ImportStatus,
    pub dry_run: bool,
    /// Data rows in the file.
    pub total_rows: i64,
    /// Rows checked so far.
    pub processed_rows: i64,
    /// Associations written (0 for a dry run or a failed import: it is all or nothing).
    pub created: i64,
    /// Row-level errors, at most 1,000.
    pub errors: Vec<ImportRowError>,
    /// What a row will do (or did) besides creating its association, at most 1,000: `takes_over_number`
    /// when only a pending or rejected registration claimed its number (that registration stays,
    /// flagged in the verification queue).
    #[serde(default)]
    pub notes: Vec<ImportRowError>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

/// A staff decision with its reason (required to reject or suspend).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusDecision {
    #[validate(length(min = 1, max = 2000))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 2000))]
    pub reason: Option<String>,
}

/// An association waiting in the verification queue, with what staff should know of its
/// registration number.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueuedAssociation {
    #[serde(flatten)]
    pub association: AssociationSummary,
    pub registration_number: String,
    /// The other associations registered under the same number. A `verified` or `suspended` one
    /// holds it: verifying this one is refused (`registration_number_taken`). Pending or rejected
    /// ones are competing claims.
    pub number_claimed_by: Vec<NumberClaim>,
}

/// Another association registered under the same number.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NumberClaim {
    pub id: AssociationId,
    pub name: LocalizedText,
    pub status: AssociationStatus,
}

/// The body of a rejection or a suspension: a [`StatusDecision`] whose `reason` must be given (the
/// association's officers read it). The document's name for it; clients send a `StatusDecision`.
#[cfg(feature = "openapi")]
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct StatusDecisionWithReason {
    #[schema(schema_with = crate::schema::reason)]
    reason: String,
}

/// Filters for the verification queue (oldest first).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct VerificationQueueQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wilaya: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<Category>,
    #[validate(range(min = 1, max = 100))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub limit: Option<u32>,
    #[validate(length(max = 200))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(max_length = 200))]
    pub cursor: Option<String>,
}

/// One staff action, kept for accountability.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: AuditEntryId,
    pub actor_id: Option<UserId>,
    pub actor_name: Option<String>,
    /// `association.verified`, `association.rejected`, `association.suspended`,
    /// `association.deleted`, `association.reverification`, `association.imported`, …
    pub action: String,
    pub target_id: String,
    /// What it was done to, as it was named then (an association's name, a course's title).
    #[serde(default)]
    pub target_name: Option<LocalizedText>,
    pub reason: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// An in-app notification.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notification {
    pub id: NotificationId,
    /// e.g. `association.verified`, `join_request.approved`, `course.enrolled`.
    pub kind: String,
    pub association_id: Option<AssociationId>,
    /// The course it is about (`course.enrolled`, `certificate.revoked`).
    #[serde(default)]
    pub course_id: Option<CourseId>,
    pub reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
    /// The association's name, so that the notification can say which one (absent once deleted).
    #[serde(default)]
    pub association_name: Option<crate::LocalizedText>,
    /// The course's title.
    #[serde(default)]
    pub course_title: Option<crate::LocalizedText>,
    /// Who caused it: the member asking to join or to connect, the invitee who answered.
    #[serde(default)]
    pub actor_name: Option<String>,
    /// The consultation it is about (`consultation.opened`, `consultation.closing`,
    /// `consultation.results`), and its title.
    #[serde(default)]
    pub consultation_id: Option<crate::ids::ConsultationId>,
    #[serde(default)]
    pub consultation_title: Option<crate::LocalizedText>,
    /// The proposal it is about (`proposal.answered`, `proposal.commented`, `moderation.hidden`…).
    #[serde(default)]
    pub proposal_id: Option<crate::ids::ProposalId>,
    /// The project it is about (`project.update`, `activity.cancelled`, `activity.promoted`), and
    /// its title.
    #[serde(default)]
    pub project_id: Option<crate::ids::ProjectId>,
    #[serde(default)]
    pub project_title: Option<crate::LocalizedText>,
    /// The circle it is about (`circle.*`), its name, and the thread.
    #[serde(default)]
    pub circle_id: Option<crate::ids::CircleId>,
    #[serde(default)]
    pub circle_name: Option<crate::LocalizedText>,
    #[serde(default)]
    pub thread_id: Option<crate::ids::ThreadId>,
}
