//! Circles: thematic groups of reflection and exchange, open to anyone, joined on request or by
//! invitation, with moderators, members and (where a circle allows it) institution staff reading as
//! observers; their threads of posts, replies, pins, answers to questions, @mentions, reports and
//! moderation, and a search inside a circle by the start of folded words.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use validator::{Validate, ValidationError};

use crate::LocalizedText;
use crate::associations::{Field, localized_max, string_enum};
use crate::ids::{CircleId, UserId};

mod threads;
pub use threads::*;

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

/// A circle's members: all of them, or those whose name matches `q`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct CircleMembersQuery {
    /// Members with a word of their name starting with these letters (which may run over the next
    /// words), case, Latin accents and Arabic diacritics aside; as an @mention suggests them.
    #[validate(length(min = 1, max = 40))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(min_length = 1, max_length = 40))]
    pub q: Option<String>,
    /// How many members, 1 to 100 (default 20).
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
