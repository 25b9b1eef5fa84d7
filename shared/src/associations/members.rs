//! Members and roles, join requests, invitations.

use super::*;

string_enum!(
    JoinRequestStatus {
        Pending = "pending",
        Approved = "approved",
        Rejected = "rejected",
    }
);

/// A member of an association, as its members see them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Member {
    pub user_id: UserId,
    pub display_name: String,
    pub role: MemberRole,
    pub joined_at: DateTime<Utc>,
}

/// Change a member's role (owners and admins; only owners make or unmake admins' peers owners).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateMember {
    pub role: MemberRole,
}

/// Hand the association over to another member, who becomes owner; you become admin.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TransferOwnership {
    pub user_id: UserId,
}

/// Ask to join an association.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateJoinRequest {
    #[validate(length(max = 1000))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 1000))]
    pub message: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JoinRequest {
    pub id: JoinRequestId,
    pub association_id: AssociationId,
    pub user_id: UserId,
    pub display_name: String,
    pub message: Option<String>,
    pub status: JoinRequestStatus,
    pub created_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
}

string_enum!(
    /// Where an invitation stands. A pending one past its `expires_at` reads as `expired`.
    InvitationStatus {
        Pending = "pending",
        Accepted = "accepted",
        Declined = "declined",
        Revoked = "revoked",
        Expired = "expired",
    }
);

/// Invite someone by email. The invitation is for that address: whoever holds a verified account
/// with it (now or after registering) can accept it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "email": "karim@example.org", "role": "member", "message": "Rejoins-nous pour la campagne de reboisement."
})))]
pub struct CreateInvitation {
    #[validate(custom(function = "crate::auth::email"), length(max = 254))]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::email))]
    pub email: String,
    /// `member` or `admin` (only the owner invites admins; nobody is invited as owner).
    pub role: MemberRole,
    #[validate(length(max = 1000))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 1000))]
    pub message: Option<String>,
}

/// An invitation to join an association with a role.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Invitation {
    pub id: InvitationId,
    pub association_id: AssociationId,
    pub association_name: LocalizedText,
    pub email: String,
    pub role: MemberRole,
    pub message: Option<String>,
    pub status: InvitationStatus,
    pub invited_by: Option<String>,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
}
