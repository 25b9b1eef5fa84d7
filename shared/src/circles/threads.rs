//! A circle's threads: their posts, replies, mentions, answers and files, and their moderation.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

use super::{CircleStanding, ThreadKind};
use crate::LocalizedText;
use crate::consultations::{ModerationAction, ModerationStatus, Report};
use crate::ids::{AttachmentId, CircleId, PostId, ThreadId, UserId};
use crate::messaging::Attachment;

/// Someone a post mentions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Mention {
    pub user_id: UserId,
    pub name: String,
}

/// A thread as the circle's list shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CircleThread {
    pub id: ThreadId,
    pub circle_id: CircleId,
    pub title: String,
    pub kind: ThreadKind,
    /// `null` once the author's account is deleted.
    pub author_id: Option<UserId>,
    pub author_name: Option<String>,
    pub pinned: bool,
    /// The reply marked as the answer of a question.
    pub answer_post_id: Option<PostId>,
    /// Replies, not counting the opening post.
    pub reply_count: i64,
    pub created_at: DateTime<Utc>,
    pub last_post_at: DateTime<Utc>,
}

/// A page of a circle's threads: the pinned ones first (on the first page), then the latest active.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ThreadPage {
    pub items: Vec<CircleThread>,
    pub next_cursor: Option<String>,
}

/// A thread's list filter and page.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ThreadsQuery {
    /// Words of a thread's title or posts (the start of folded words).
    #[validate(length(max = 100))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(max_length = 100))]
    pub q: Option<String>,
    /// How many threads, 1 to 100 (default 20).
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

/// Start a thread (members and moderators; observers read only).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "title": "Comment financer un premier projet ?",
    "body": "Nous cherchons des **bailleurs** pour un atelier de lecture.",
    "kind": "question",
    "mentions": []
})))]
pub struct NewThread {
    #[validate(length(min = 3, max = 150), custom(function = "crate::auth::not_blank"))]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::proposal_title))]
    pub title: String,
    /// Markdown, the opening post.
    #[validate(length(min = 1, max = 10000), custom(function = "crate::auth::not_blank"))]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::post_body))]
    pub body: String,
    #[serde(default = "discussion")]
    pub kind: ThreadKind,
    /// Members of the circle to notify (422 `mentions` `unknown` for one who is not a member).
    #[validate(length(max = 20))]
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    pub mentions: Vec<UserId>,
    /// Files you uploaded to this circle, posted with it (at most 5).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[validate(length(max = 5))]
    #[cfg_attr(feature = "openapi", schema(max_items = 5))]
    pub attachment_ids: Vec<AttachmentId>,
}

fn discussion() -> ThreadKind {
    ThreadKind::Discussion
}

impl NewThread {
    /// A discussion thread of text alone.
    pub fn new(title: impl Into<String>, body: impl Into<String>) -> Self {
        NewThread {
            title: title.into(),
            body: body.into(),
            kind: ThreadKind::Discussion,
            mentions: Vec::new(),
            attachment_ids: Vec::new(),
        }
    }
}

/// Change a thread: its title (its author, within 30 minutes, or a moderator), whether it is pinned
/// (a moderator). Absent fields stay as they are.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"pinned": true})))]
pub struct ThreadChange {
    #[validate(length(min = 3, max = 150), custom(function = "crate::auth::not_blank"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::proposal_title))]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pinned: Option<bool>,
}

/// Mark a reply as the answer of a question thread, or `null` to unmark (its author or a moderator).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"post_id": "01938a8e-7c4d-7b1e-9a2f-3c4d5e6f7a09"})))]
pub struct MarkAnswer {
    pub post_id: Option<PostId>,
}

/// A post: a thread's opening post or a reply.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CirclePost {
    pub id: PostId,
    pub thread_id: ThreadId,
    /// The post it answers, if any.
    pub reply_to: Option<PostId>,
    pub author_id: Option<UserId>,
    pub author_name: Option<String>,
    /// Markdown source; `null` once deleted, or hidden (to all but moderators).
    pub body: Option<String>,
    /// The text as sanitized HTML; `null` as `body`.
    pub html: Option<String>,
    pub mentions: Vec<Mention>,
    /// Its files (none once deleted, or hidden to all but moderators).
    pub attachments: Vec<Attachment>,
    /// Whether it opens its thread.
    pub opening: bool,
    pub is_answer: bool,
    pub created_at: DateTime<Utc>,
    pub edited_at: Option<DateTime<Utc>>,
    pub deleted: bool,
    /// Hidden by a moderator or by reports.
    pub hidden: bool,
    /// Whether you reported it.
    pub reported: bool,
}

/// A thread with its circle's name and where you stand.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ThreadView {
    pub thread: CircleThread,
    pub circle_name: LocalizedText,
    pub standing: Option<CircleStanding>,
}

/// Reply in a thread (members and moderators).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"body": "Le FDAS finance ce type d'atelier.", "mentions": []})))]
pub struct NewPost {
    /// Markdown.
    #[validate(length(min = 1, max = 10000), custom(function = "crate::auth::not_blank"))]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::post_body))]
    pub body: String,
    /// A post of the same thread it answers (422 `reply_to` `unknown` otherwise).
    #[serde(default)]
    pub reply_to: Option<PostId>,
    /// Members of the circle to notify.
    #[validate(length(max = 20))]
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    pub mentions: Vec<UserId>,
    /// Files you uploaded to this circle, posted with it (at most 5).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[validate(length(max = 5))]
    #[cfg_attr(feature = "openapi", schema(max_items = 5))]
    pub attachment_ids: Vec<AttachmentId>,
}

impl NewPost {
    /// A reply of text alone, to the thread.
    pub fn new(body: impl Into<String>) -> Self {
        NewPost { body: body.into(), reply_to: None, mentions: Vec::new(), attachment_ids: Vec::new() }
    }
}

/// Change your post's text, within 30 minutes; members newly mentioned are notified.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"body": "Le FDAS et la wilaya financent ce type d'atelier.", "mentions": []})))]
pub struct EditPost {
    #[validate(length(min = 1, max = 10000), custom(function = "crate::auth::not_blank"))]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::post_body))]
    pub body: String,
    #[validate(length(max = 20))]
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    pub mentions: Vec<UserId>,
}

/// A reported or hidden post, in its circle's moderation queue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CircleModerationItem {
    pub post_id: PostId,
    pub thread_id: ThreadId,
    pub thread_title: String,
    pub text: String,
    pub author_id: Option<UserId>,
    pub author_name: Option<String>,
    pub pending_reports: i64,
    /// Newest first, at most 20.
    pub reports: Vec<Report>,
    pub hidden: bool,
    /// The moderator's reason, or `null` when hidden by reports.
    pub hidden_reason: Option<String>,
    pub hidden_at: Option<DateTime<Utc>>,
}

/// The circle moderation queue's filter and page.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct CircleModerationQuery {
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

/// A moderator's decision on a post: hide it (its author is told the reason), restore it, or
/// dismiss its reports.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "post_id": "01938a8e-7c4d-7b1e-9a2f-3c4d5e6f7a09",
    "action": "hide",
    "reason": "Publicité sans rapport avec le cercle."
})))]
pub struct CircleModerationDecision {
    pub post_id: PostId,
    pub action: ModerationAction,
    #[validate(length(min = 3, max = 500), custom(function = "crate::auth::not_blank"))]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::moderation_reason))]
    pub reason: String,
}
