//! Moderation of a consultation's proposals and comments: anyone signed in reports an item once;
//! three reports hide it pending review; the organisers' staff (and administrators) hide, restore
//! or dismiss with a reason, and block a person from the consultation.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

use crate::associations::string_enum;
use crate::ids::{ProposalId, UserId};

/// How many reports hide an item until a moderator looks at it.
pub const AUTO_HIDE_REPORTS: i64 = 3;

string_enum!(
    /// Why an item is reported.
    ReportReason {
        Spam = "spam",
        Offensive = "offensive",
        OffTopic = "off_topic",
        Other = "other",
    }
);

string_enum!(
    /// What is moderated.
    ModeratedKind {
        Proposal = "proposal",
        Comment = "comment",
    }
);

string_enum!(
    /// A moderator's decision on an item.
    ModerationAction {
        /// Hide it behind a placeholder (its author is told why).
        Hide = "hide",
        /// Show it again.
        Restore = "restore",
        /// Keep it shown and close its reports.
        Dismiss = "dismiss",
    }
);

string_enum!(
    /// Which items the moderation queue lists.
    ModerationStatus {
        /// Reported and not yet decided (the default).
        Pending = "pending",
        /// Hidden, by a moderator or by reports.
        Hidden = "hidden",
        /// Everything ever reported or hidden.
        All = "all",
    }
);

/// Report a proposal or a comment (once per person and item).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"reason": "spam", "details": "Le même message sur dix propositions."})))]
pub struct CreateReport {
    pub reason: ReportReason,
    #[validate(length(min = 3, max = 500), custom(function = "crate::auth::not_blank"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::moderation_reason))]
    pub details: Option<String>,
}

/// One report, as moderators read it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Report {
    pub reason: ReportReason,
    pub details: Option<String>,
    pub reporter_name: String,
    pub created_at: DateTime<Utc>,
}

/// A reported or hidden item in the moderation queue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ModerationItem {
    pub kind: ModeratedKind,
    /// The proposal's or the comment's id.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub id: Uuid,
    /// The proposal it is, or is a comment on.
    pub proposal_id: ProposalId,
    /// Its text (a proposal's title and text).
    pub text: String,
    pub author_id: UserId,
    pub author_name: String,
    /// Reports not yet decided.
    pub pending_reports: i64,
    /// Its reports, newest first (at most 20).
    pub reports: Vec<Report>,
    pub hidden: bool,
    /// The moderator's reason, or `null` when hidden by reports.
    pub hidden_reason: Option<String>,
    pub hidden_at: Option<DateTime<Utc>>,
    /// Whether its author is blocked from the consultation.
    pub author_blocked: bool,
}

/// The moderation queue's filter and page.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ModerationQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ModerationStatus>,
    /// How many items, 1 to 100 (default 20).
    #[validate(range(min = 1, max = 100))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    #[validate(length(max = 200))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(max_length = 200))]
    pub cursor: Option<String>,
}

/// A moderator's decision: hide, restore or dismiss an item, with a reason its author reads.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "kind": "comment",
    "id": "01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e7a",
    "action": "hide",
    "reason": "Propos injurieux envers une autre association."
})))]
pub struct ModerationDecision {
    pub kind: ModeratedKind,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub id: Uuid,
    pub action: ModerationAction,
    #[validate(length(min = 3, max = 500), custom(function = "crate::auth::not_blank"))]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::moderation_reason))]
    pub reason: String,
}

/// A person blocked from a consultation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsultationBlock {
    pub user_id: UserId,
    pub name: String,
    pub reason: String,
    pub blocked_at: DateTime<Utc>,
}

/// Block a person from a consultation: they may read it, not propose, comment or support.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"reason": "Messages publicitaires répétés."})))]
pub struct BlockUser {
    #[validate(length(min = 3, max = 500), custom(function = "crate::auth::not_blank"))]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::moderation_reason))]
    pub reason: String,
}
