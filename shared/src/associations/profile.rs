//! Registering an association and its profile.

use super::*;

/// Register an association; the creator becomes its owner and it waits for verification.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "name": {"ar": "جمعية الأمل للتنمية المحلية", "fr": "Association El Amel pour le développement local"},
    "acronym": "AADL", "registration_number": "06/2019/0421", "category": "wilaya",
    "fields": ["local_development", "youth"], "wilaya_code": "06", "commune_id": 158,
    "size": "small", "description": {"fr": "Accompagnement des jeunes porteurs de projets."},
    "email": {"value": "contact@elamel.example.org", "public": true}
})))]
pub struct CreateAssociation {
    #[validate(custom(function = "association_name"))]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::title))]
    pub name: LocalizedText,
    #[validate(length(min = 1, max = 20))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 20))]
    pub acronym: Option<String>,
    #[validate(custom(function = "registration_number"))]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::registration_number))]
    pub registration_number: String,
    pub category: Category,
    #[validate(custom(function = "fields_list"))]
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 5))]
    pub fields: Vec<Field>,
    #[validate(custom(function = "two_digit_wilaya"))]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::wilaya_code))]
    pub wilaya_code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = -2147483648, maximum = 2147483647))]
    pub commune_id: Option<i32>,
    /// The postal address and whether the public may see it (members and staff always do;
    /// private by default). A plain string is still accepted, as a private address.
    #[validate(nested)]
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "contact_or_text")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::contact_or_text))]
    pub address: Option<ContactItem>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))]
    pub founded_on: Option<NaiveDate>,
    pub size: SizeBand,
    #[validate(custom(function = "localized_description"))]
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::description))]
    pub description: LocalizedText,
    #[validate(nested, custom(function = "email_contact"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::email_contact_or_null))]
    pub email: Option<ContactItem>,
    #[validate(nested)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<ContactItem>,
    #[validate(nested, custom(function = "website_contact"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::website_contact_or_null))]
    pub website: Option<ContactItem>,
    #[validate(length(max = 10), nested)]
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 10))]
    pub social_links: Vec<SocialLink>,
}

/// Change an association's profile (owners and admins). Absent fields stay as they are.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateAssociation {
    #[validate(custom(function = "association_name"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::title_or_null))]
    pub name: Option<LocalizedText>,
    #[validate(length(max = 20))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 20))]
    pub acronym: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<Category>,
    #[validate(custom(function = "fields_list"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 5))]
    pub fields: Option<Vec<Field>>,
    #[validate(custom(function = "two_digit_wilaya"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::wilaya_code_or_null))]
    pub wilaya_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = -2147483648, maximum = 2147483647))]
    pub commune_id: Option<i32>,
    /// The postal address and whether the public may see it; an empty `value` removes it. A plain
    /// string is still accepted, as a private address.
    #[validate(nested)]
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "contact_or_text")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::contact_or_text))]
    pub address: Option<ContactItem>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))]
    pub founded_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<SizeBand>,
    #[validate(custom(function = "localized_description"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::description_or_null))]
    pub description: Option<LocalizedText>,
    #[validate(nested, custom(function = "email_contact"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::email_contact_or_null))]
    pub email: Option<ContactItem>,
    #[validate(nested)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<ContactItem>,
    #[validate(nested, custom(function = "website_contact"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::website_contact_or_null))]
    pub website: Option<ContactItem>,
    #[validate(length(max = 10), nested)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 10))]
    pub social_links: Option<Vec<SocialLink>>,
}

/// An association's profile. Private contact details, the status reason and the registration
/// details only members and staff see are left out for the public.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Association {
    pub id: AssociationId,
    pub name: LocalizedText,
    pub acronym: Option<String>,
    pub registration_number: String,
    pub category: Category,
    pub fields: Vec<Field>,
    pub wilaya_code: String,
    pub commune_id: Option<i32>,
    /// The commune's name, in every language.
    #[serde(default)]
    pub commune_name: Option<LocalizedText>,
    /// The postal address: the public sees it only when it is marked public.
    pub address: Option<ContactItem>,
    pub founded_on: Option<NaiveDate>,
    pub size: SizeBand,
    /// Markdown, as written.
    pub description: LocalizedText,
    /// The description rendered to HTML by the server, safe to insert as it is: raw HTML shown as
    /// text, only http(s) and mailto links, no images, headings from level 3.
    pub description_html: LocalizedText,
    pub email: Option<ContactItem>,
    pub phone: Option<ContactItem>,
    pub website: Option<ContactItem>,
    pub social_links: Vec<SocialLink>,
    pub status: AssociationStatus,
    /// Why it was rejected or suspended: members and staff only.
    pub status_reason: Option<String>,
    pub member_count: i64,
    /// Your role in it, if you are a member.
    pub viewer_role: Option<MemberRole>,
    /// Your pending request to join it, if you asked and it is not decided yet.
    #[serde(default)]
    pub viewer_join_request: Option<JoinRequestId>,
    /// A pending invitation of yours to join it (sent to your address), if any: accept or decline
    /// it at `/api/v1/invitations/{id}/accept` or `…/decline`.
    #[serde(default)]
    pub viewer_invitation: Option<InvitationId>,
    /// The logo's address (PNG, JPEG or WebP), if it has one.
    pub logo_url: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// An association you belong to, with your role.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyAssociation {
    pub association: AssociationSummary,
    pub role: MemberRole,
    /// For its owners and admins: how many requests to join wait for a decision (0 for members).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0))]
    pub pending_join_requests: i64,
}
