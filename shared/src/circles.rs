//! Circles: thematic groups of reflection and exchange, open to anyone, joined on request or by
//! invitation, with moderators, members and (where a circle allows it) institution staff reading as
//! observers; their threads of posts, replies, pins, answers to questions, @mentions, reports and
//! moderation, and a search inside a circle by the start of folded words.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use validator::{Validate, ValidationError};

use crate::LocalizedText;
use crate::associations::{Field, localized_max, string_enum};
use crate::consultations::{ModerationAction, ModerationStatus, Report};
use crate::ids::{CircleId, PostId, ThreadId, UserId};

/// How long after writing a post its author may change it.
pub const POST_EDIT_MINUTES: i64 = 30;
/// At most this many members mentioned in one post.
pub const MAX_MENTIONS: usize = 20;

string_enum!(
    /// Who may join a circle.
    JoinPolicy {
        /// Anyone signed in joins at once; anyone reads its threads.
        Open = "open",
        /// Anyone asks; a moderator approves. Its threads are for its members.
        Request = "request",
        /// Only people a moderator invited join; the circle is hidden from everyone else.
        Invite = "invite",
    }
);

string_enum!(
    /// A member's role in a circle.
    CircleRole {
        /// Approves requests, invites, pins, moderates, edits the circle.
        Moderator = "moderator",
        /// Reads and writes.
        Member = "member",
        /// Institution staff reading without writing, where the circle allows observers.
        Observer = "observer",
    }
);

string_enum!(
    /// The roles a moderator gives (observers join as observers and stay so).
    AssignableRole {
        Moderator = "moderator",
        Member = "member",
    }
);

impl From<AssignableRole> for CircleRole {
    fn from(role: AssignableRole) -> Self {
        match role {
            AssignableRole::Moderator => CircleRole::Moderator,
            AssignableRole::Member => CircleRole::Member,
        }
    }
}

string_enum!(
    /// Where the signed-in member stands with a circle.
    CircleStanding {
        Moderator = "moderator",
        Member = "member",
        Observer = "observer",
        /// Asked to join; a moderator has not answered.
        Requested = "requested",
        /// Invited; joining accepts.
        Invited = "invited",
    }
);

string_enum!(
    /// A thread's kind: a discussion, or a question whose best reply can be marked as its answer.
    ThreadKind {
        Discussion = "discussion",
        Question = "question",
    }
);

fn circle_name(value: &LocalizedText) -> Result<(), ValidationError> {
    if value.is_empty() {
        return Err(ValidationError::new("required").with_message("give the name in at least one language".into()));
    }
    localized_max(value, 200)
}

fn circle_description(value: &LocalizedText) -> Result<(), ValidationError> {
    localized_max(value, 5000)
}

fn one_wilaya(value: &str) -> Result<(), ValidationError> {
    crate::projects::one_wilaya(value)
}

/// A circle as its directory and its page show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Circle {
    pub id: CircleId,
    pub name: LocalizedText,
    /// Markdown source.
    pub description: LocalizedText,
    /// The description as sanitized HTML.
    pub description_html: LocalizedText,
    pub fields: Vec<Field>,
    /// The wilaya it is about, if one.
    pub wilaya: Option<String>,
    pub policy: JoinPolicy,
    /// Whether institution staff may join as read-only observers.
    pub observers_allowed: bool,
    /// Moderators, members and observers.
    pub member_count: i64,
    pub thread_count: i64,
    pub created_at: DateTime<Utc>,
    /// The latest thread or reply (or its creation).
    pub last_activity_at: DateTime<Utc>,
    /// Where you stand with it (`null`: not a member, nothing pending, or not signed in).
    pub standing: Option<CircleStanding>,
}

/// Create a circle (institution staff and administrators; you become its first moderator).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "name": {"fr": "Jeunesse et engagement", "ar": "الشباب والمشاركة"},
    "description": {"fr": "Échanges entre associations de jeunesse : **méthodes**, partenariats, appels."},
    "fields": ["youth"],
    "wilaya": "16",
    "policy": "request",
    "observers_allowed": true
})))]
pub struct NewCircle {
    #[validate(custom(function = "circle_name"))]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::title))]
    pub name: LocalizedText,
    /// Markdown.
    #[validate(custom(function = "circle_description"))]
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::description))]
    pub description: LocalizedText,
    #[validate(length(max = 5))]
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 5))]
    pub fields: Vec<Field>,
    #[validate(custom(function = "one_wilaya"))]
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::wilaya_code_or_null))]
    pub wilaya: Option<String>,
    pub policy: JoinPolicy,
    #[serde(default)]
    pub observers_allowed: bool,
}

/// Change a circle (its moderators and administrators): absent fields stay as they are.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"policy": "open", "observers_allowed": false})))]
pub struct CircleChange {
    #[validate(custom(function = "circle_name"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::title_or_null))]
    pub name: Option<LocalizedText>,
    #[validate(custom(function = "circle_description"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::description_or_null))]
    pub description: Option<LocalizedText>,
    #[validate(length(max = 5))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 5))]
    pub fields: Option<Vec<Field>>,
    /// A wilaya code (`01` to `69`), or `""` for none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(pattern = "^(?:|0[1-9]|[1-5][0-9]|6[0-9])$"))]
    pub wilaya: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<JoinPolicy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observers_allowed: Option<bool>,
}

/// The circles directory's filters and page.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct CirclesQuery {
    /// Words of the name or description (each matches the start of a word, accents and Arabic
    /// diacritics ignored).
    #[validate(length(max = 100))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(max_length = 100))]
    pub q: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<Field>,
    #[validate(custom(function = "one_wilaya"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(pattern = "^(?:0[1-9]|[1-5][0-9]|6[0-9])$"))]
    pub wilaya: Option<String>,
    /// Only the circles you belong to, or are invited to or asked to join.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mine: Option<bool>,
    /// How many circles, 1 to 100 (default 20).
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

/// Join a circle: at once if it is open or you were invited, as a request otherwise; as a read-only
/// observer with `observer` (institution staff, where the circle allows it).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"observer": false})))]
pub struct JoinCircle {
    #[serde(default)]
    pub observer: bool,
}

/// A member of a circle.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CircleMember {
    pub user_id: UserId,
    pub name: String,
    pub role: CircleRole,
    pub joined_at: DateTime<Utc>,
}

/// A request to join, or an invitation not yet accepted (for the circle's moderators).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CirclePending {
    pub user_id: UserId,
    pub name: String,
    /// `requested` or `invited`.
    pub standing: CircleStanding,
    pub since: DateTime<Utc>,
}

/// A moderator's answer to a request to join.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"approve": true})))]
pub struct DecideCircleRequest {
    pub approve: bool,
}

/// Invite a member to a circle (its moderators).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"user_id": "01938a8e-7c4d-7b1e-9a2f-3c4d5e6f7a03"})))]
pub struct InviteToCircle {
    pub user_id: UserId,
}

/// Make a member a moderator, or a moderator a member (observers stay observers).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"role": "moderator"})))]
pub struct ChangeCircleRole {
    pub role: AssignableRole,
}

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
}

fn discussion() -> ThreadKind {
    ThreadKind::Discussion
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
