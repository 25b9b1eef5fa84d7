//! Comments on a proposal: threaded three deep, editable by their author for a few minutes,
//! deleted as a tombstone (a thread keeps its shape), hidden by moderators behind a placeholder.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::ids::{CommentId, ProposalId, UserId};

/// How long after writing it an author may still change a comment.
pub const COMMENT_EDIT_MINUTES: i64 = 15;
/// How deep a thread goes: a comment (1), a reply (2), a reply to a reply (3).
pub const COMMENT_MAX_DEPTH: i16 = 3;

/// A comment as the viewer sees it. A deleted one is a tombstone and a hidden one a placeholder:
/// both keep their place in the thread without their text or author (moderators still read a
/// hidden one).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Comment {
    pub id: CommentId,
    pub proposal_id: ProposalId,
    /// The comment it answers (`null` for a comment on the proposal itself).
    pub parent_id: Option<CommentId>,
    /// 1 for a comment on the proposal, 2 for a reply, 3 for a reply to a reply.
    pub depth: i16,
    /// The text (Markdown source); empty when deleted, or hidden from a viewer who does not moderate.
    pub body: String,
    /// `body` rendered to safe HTML.
    pub body_html: String,
    pub author_id: Option<UserId>,
    pub author_name: Option<String>,
    /// Deleted by its author or a moderator: a tombstone.
    pub deleted: bool,
    /// Hidden by moderation (or by three reports, pending review).
    pub hidden: bool,
    pub created_at: DateTime<Utc>,
    /// When its author last changed it.
    pub edited_at: Option<DateTime<Utc>>,
    /// Until when its author may change it.
    pub editable_until: DateTime<Utc>,
    /// Whether the viewer reported it.
    pub reported: bool,
}

/// Comment on a proposal, or reply to a comment (`parent_id`), while the consultation is open.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "body": "Un guichet unique, oui, mais aussi dans chaque daïra."
})))]
pub struct CreateComment {
    #[validate(length(min = 1, max = 2000), custom(function = "crate::auth::not_blank"))]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::comment_body))]
    pub body: String,
    /// The comment it answers; a reply to a reply to a reply is refused (422 `parent_id`
    /// `too_deep`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<CommentId>,
}

/// Change your comment, within its first minutes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"body": "Un guichet unique dans chaque daïra."})))]
pub struct UpdateComment {
    #[validate(length(min = 1, max = 2000), custom(function = "crate::auth::not_blank"))]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::comment_body))]
    pub body: String,
}
