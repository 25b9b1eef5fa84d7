//! Networking: members follow associations, keep a professional profile in which every field has
//! its own visibility, and connect with one another ("my network").

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use validator::{Validate, ValidationError};

use crate::associations::{AssociationSummary, MemberRole, string_enum};
use crate::ids::{AssociationId, ConnectionId, UserId};
use crate::text::LocalizedText;

string_enum!(
    /// Who may see a field of a member profile. The member always sees their own.
    Visibility {
        /// Anyone, signed in or not.
        Public = "public",
        /// Signed-in members of Madani.
        Members = "members",
        /// The member's connections only.
        Connections = "connections",
        /// Nobody but the member.
        Private = "private",
    }
);

// `string_enum!` derives the rest; the default variant is chosen here.
#[allow(clippy::derivable_impls)]
impl Default for Visibility {
    /// New profiles share with signed-in members, not with the whole web.
    fn default() -> Self {
        Visibility::Members
    }
}

string_enum!(
    /// Where a connection request stands. The requester of a declined request keeps seeing it as
    /// `pending`: declining is silent, as on other professional networks.
    ConnectionStatus {
        Pending = "pending",
        Accepted = "accepted",
        Declined = "declined",
    }
);

string_enum!(
    /// Who asked, seen from you.
    ConnectionDirection {
        /// You sent the request.
        Outgoing = "outgoing",
        /// You received it.
        Incoming = "incoming",
    }
);

string_enum!(
    /// Which part of your network to list.
    ConnectionFilter {
        /// Your connections.
        Accepted = "accepted",
        /// Requests waiting for your answer.
        PendingIncoming = "pending_incoming",
        /// Requests you sent that are not accepted yet.
        PendingOutgoing = "pending_outgoing",
    }
);

/// Whether you follow an association, and how many members do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "association_id": "01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e7a", "following": true, "follower_count": 42
})))]
pub struct FollowStatus {
    pub association_id: AssociationId,
    /// Always `false` when you are not signed in.
    pub following: bool,
    pub follower_count: i64,
}

/// An association you follow.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FollowedAssociation {
    pub association: AssociationSummary,
    pub followed_at: DateTime<Utc>,
}

/// Skills: at most 30, each 1 to 50 characters.
pub fn skills_list(value: &[String]) -> Result<(), ValidationError> {
    if value.len() > MAX_SKILLS {
        return Err(ValidationError::new("length").with_message(format!("list at most {MAX_SKILLS} skills").into()));
    }
    for skill in value {
        if skill.trim().is_empty() || skill.chars().count() > 50 {
            return Err(ValidationError::new("length").with_message("each skill must be 1 to 50 characters".into()));
        }
    }
    Ok(())
}

pub const MAX_SKILLS: usize = 30;

/// Who sees the associations a member belongs to until they say otherwise: their connections.
/// Membership is not something a member has written for others to read, unlike a headline.
pub fn associations_default() -> Visibility {
    Visibility::Connections
}

/// Your member profile, with the visibility of each field.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyProfile {
    /// Your profession or role, e.g. "Agronomist, volunteer trainer".
    pub headline: Option<String>,
    pub headline_visibility: Visibility,
    pub skills: Vec<String>,
    pub skills_visibility: Visibility,
    pub bio: Option<String>,
    pub bio_visibility: Visibility,
    /// Who sees the associations you belong to.
    pub associations_visibility: Visibility,
    /// `null` until you save your profile the first time.
    pub updated_at: Option<DateTime<Utc>>,
}

impl Default for MyProfile {
    fn default() -> Self {
        MyProfile {
            headline: None,
            headline_visibility: Visibility::default(),
            skills: Vec::new(),
            skills_visibility: Visibility::default(),
            bio: None,
            bio_visibility: Visibility::default(),
            associations_visibility: associations_default(),
            updated_at: None,
        }
    }
}

/// Replace your member profile. Absent visibilities are `members` (`connections` for your
/// associations); empty texts clear the field.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "headline": "Agronomist, volunteer trainer", "headline_visibility": "public",
    "skills": ["project management", "irrigation", "training"], "skills_visibility": "members",
    "bio": "I help rural associations of Béjaïa write and run their projects.", "bio_visibility": "connections",
    "associations_visibility": "public"
})))]
pub struct UpdateMyProfile {
    #[validate(length(max = 120))]
    #[cfg_attr(feature = "openapi", schema(max_length = 120))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headline: Option<String>,
    #[serde(default)]
    pub headline_visibility: Visibility,
    /// At most 30, each 1 to 50 characters; duplicates are dropped.
    #[validate(custom(function = "skills_list"))]
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::skills))]
    pub skills: Vec<String>,
    #[serde(default)]
    pub skills_visibility: Visibility,
    #[validate(length(max = 2000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bio: Option<String>,
    #[serde(default)]
    pub bio_visibility: Visibility,
    #[serde(default = "associations_default")]
    pub associations_visibility: Visibility,
}

impl Default for UpdateMyProfile {
    fn default() -> Self {
        UpdateMyProfile {
            headline: None,
            headline_visibility: Visibility::default(),
            skills: Vec::new(),
            skills_visibility: Visibility::default(),
            bio: None,
            bio_visibility: Visibility::default(),
            associations_visibility: associations_default(),
        }
    }
}

/// An association a member belongs to, on their profile.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberAssociation {
    pub id: AssociationId,
    pub name: LocalizedText,
    pub acronym: Option<String>,
    pub role: MemberRole,
}

/// Your connection or request with a member, seen from you.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ViewerConnection {
    /// The connection id, for accept, decline and delete.
    pub id: ConnectionId,
    pub status: ConnectionStatus,
    pub direction: ConnectionDirection,
}

/// A member's profile as you may see it: each field is `null` when it is empty or its visibility
/// does not include you.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberProfile {
    pub user_id: UserId,
    pub display_name: String,
    pub headline: Option<String>,
    pub skills: Option<Vec<String>>,
    pub bio: Option<String>,
    /// Only associations you may see (verified or pending ones, or your own).
    pub associations: Option<Vec<MemberAssociation>>,
    /// How many connections the member has; signed-in viewers only.
    pub connection_count: Option<i64>,
    /// This is your own profile.
    pub is_self: bool,
    /// Your connection or pending request with this member, if any.
    pub connection: Option<ViewerConnection>,
}

/// A member in a list of your network.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberSummary {
    pub user_id: UserId,
    pub display_name: String,
    /// Their headline, if its visibility includes you.
    pub headline: Option<String>,
}

/// A connection or a connection request, seen from you.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Connection {
    pub id: ConnectionId,
    /// The other member.
    pub member: MemberSummary,
    pub direction: ConnectionDirection,
    pub status: ConnectionStatus,
    pub message: Option<String>,
    pub created_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
}

/// Ask a member to connect. When they already asked you, this accepts their request.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "user_id": "01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e7a",
    "message": "We met at the Béjaïa youth forum; let us keep in touch."
})))]
pub struct CreateConnection {
    pub user_id: UserId,
    #[validate(length(max = 300))]
    #[cfg_attr(feature = "openapi", schema(max_length = 300))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// Which part of your network, and paging.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ListConnectionsQuery {
    /// `accepted` (default), `pending_incoming` or `pending_outgoing`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ConnectionFilter>,
    /// 1 to 100 (default 20).
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

/// Your networking data, in the personal-data export.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NetworkExport {
    /// `null` if you never saved a profile.
    pub profile: Option<MyProfile>,
    pub following: Vec<FollowedAssociation>,
    /// Your connections and requests, sent and received.
    pub connections: Vec<Connection>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skills_are_bounded() {
        assert!(skills_list(&["irrigation".into(), "training".into()]).is_ok());
        assert!(skills_list(&[]).is_ok());
        assert!(skills_list(&["  ".into()]).is_err());
        assert!(skills_list(&["x".repeat(51)]).is_err());
        assert!(skills_list(&vec!["a".to_string(); MAX_SKILLS + 1]).is_err());
    }

    #[test]
    fn visibility_defaults_to_members_and_round_trips() {
        assert_eq!(Visibility::default(), Visibility::Members);
        for v in Visibility::ALL {
            assert_eq!(Visibility::parse(v.as_str()), Some(*v));
        }
        let p: UpdateMyProfile = serde_json::from_str("{}").unwrap();
        assert_eq!(p.bio_visibility, Visibility::Members);
        assert_eq!(p.associations_visibility, Visibility::Connections, "memberships are not shared by default");
        assert_eq!(p, UpdateMyProfile::default());
        assert_eq!(MyProfile::default().associations_visibility, Visibility::Connections);
        assert!(serde_json::from_str::<UpdateMyProfile>(r#"{"bio_visibility": "friends"}"#).is_err());
    }
}
