//! The association registry: profiles, members and roles, join requests, verification, the directory.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use validator::{Validate, ValidationError};

use crate::ids::UserId;
use crate::text::LocalizedText;

macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(s: &str) -> Option<Self> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }
        }
    };
}
pub(crate) use string_enum;

string_enum!(
    /// The territorial scope an association was registered for.
    Category {
        National = "national",
        InterWilaya = "inter_wilaya",
        Wilaya = "wilaya",
        Communal = "communal",
    }
);

string_enum!(
    /// Fields of activity (a shipped taxonomy; the web app translates each).
    Field {
        Education = "education",
        Health = "health",
        Environment = "environment",
        Youth = "youth",
        Women = "women",
        Childhood = "childhood",
        Elderly = "elderly",
        Culture = "culture",
        Heritage = "heritage",
        Sport = "sport",
        SocialSolidarity = "social_solidarity",
        Humanitarian = "humanitarian",
        Disability = "disability",
        HumanRights = "human_rights",
        LocalDevelopment = "local_development",
        Agriculture = "agriculture",
        ScienceTechnology = "science_technology",
        Professional = "professional",
        ConsumerProtection = "consumer_protection",
        Religious = "religious",
    }
);

string_enum!(
    /// How many members the association has.
    SizeBand {
        /// 1 to 10.
        Tiny = "tiny",
        /// 11 to 50.
        Small = "small",
        /// 51 to 200.
        Medium = "medium",
        /// 201 to 1,000.
        Large = "large",
        /// More than 1,000.
        VeryLarge = "very_large",
    }
);

string_enum!(
    /// Where the association stands with the observatory.
    AssociationStatus {
        /// Registered, waiting for verification.
        Pending = "pending",
        Verified = "verified",
        /// Not verified; see `status_reason`.
        Rejected = "rejected",
        /// Verification withdrawn; see `status_reason`.
        Suspended = "suspended",
    }
);

impl AssociationStatus {
    /// Verified and pending associations are public; rejected and suspended ones only to their
    /// members and staff.
    pub fn is_public(self) -> bool {
        matches!(self, AssociationStatus::Verified | AssociationStatus::Pending)
    }
}

string_enum!(
    /// A member's role inside one association.
    MemberRole {
        /// Full control, including ownership transfer; an association always keeps one.
        Owner = "owner",
        /// Edits the profile and manages members and join requests.
        Admin = "admin",
        Member = "member",
    }
);

string_enum!(
    JoinRequestStatus {
        Pending = "pending",
        Approved = "approved",
        Rejected = "rejected",
    }
);

string_enum!(
    /// Directory order. `relevance` (the default when `q` is given) ranks words of the name and
    /// acronym above words of the description and whole words above prefixes, then orders by name;
    /// without `q` it is the name order.
    SortOrder {
        Relevance = "relevance",
        Name = "name",
        Newest = "newest",
    }
);

/// A contact detail and whether the public may see it (members always do). In a change, an empty
/// `value` removes the contact.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactItem {
    #[validate(length(max = 300))]
    pub value: String,
    #[serde(default)]
    pub public: bool,
}

/// A social network page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SocialLink {
    /// e.g. `facebook`, `instagram`, `linkedin`, `x`, `youtube`.
    #[validate(length(min = 1, max = 40))]
    pub network: String,
    #[validate(length(min = 8, max = 300), custom(function = "http_url"))]
    pub url: String,
    #[serde(default)]
    pub public: bool,
}

/// An email contact holds an email address (or nothing, to remove it).
fn email_contact(item: &ContactItem) -> Result<(), ValidationError> {
    match item.value.trim() {
        "" => Ok(()),
        value => crate::auth::email(value),
    }
}

/// A website contact is an http(s) address (or nothing, to remove it).
fn website_contact(item: &ContactItem) -> Result<(), ValidationError> {
    match item.value.trim() {
        "" => Ok(()),
        value => http_url(value),
    }
}

fn http_url(value: &str) -> Result<(), ValidationError> {
    if (value.starts_with("https://") || value.starts_with("http://")) && !value.contains(char::is_whitespace) {
        Ok(())
    } else {
        Err(ValidationError::new("url").with_message("must be an http(s) address".into()))
    }
}

/// Registration numbers as issued by wilayas and the ministry: letters, digits, `/` and `-`, with
/// at least one digit, e.g. `16/2019/0421`.
pub fn registration_number(value: &str) -> Result<(), ValidationError> {
    let ok = (3..=40).contains(&value.len())
        && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '/' || c == '-')
        && value.chars().any(|c| c.is_ascii_digit());
    if ok {
        Ok(())
    } else {
        Err(ValidationError::new("registration_number")
            .with_message("must be letters, digits, / and - (3 to 40), with a digit".into()))
    }
}

/// A localized name: at least one language, each at most 200 characters.
pub fn association_name(value: &LocalizedText) -> Result<(), ValidationError> {
    if value.is_empty() {
        return Err(ValidationError::new("required").with_message("give the name in at least one language".into()));
    }
    localized_max(value, 200)
}

pub fn localized_description(value: &LocalizedText) -> Result<(), ValidationError> {
    localized_max(value, 5000)
}

pub(crate) fn localized_max(value: &LocalizedText, max: usize) -> Result<(), ValidationError> {
    for text in [&value.ar, &value.fr, &value.en].into_iter().flatten() {
        if text.chars().count() > max {
            return Err(ValidationError::new("length").with_message(format!("must be at most {max} characters").into()));
        }
    }
    Ok(())
}

fn two_digit_wilaya(value: &str) -> Result<(), ValidationError> {
    if value.len() == 2 && value.chars().all(|c| c.is_ascii_digit()) {
        Ok(())
    } else {
        Err(ValidationError::new("wilaya").with_message("must be a two-digit wilaya code".into()))
    }
}

fn fields_list(value: &[Field]) -> Result<(), ValidationError> {
    if value.is_empty() || value.len() > 5 {
        return Err(ValidationError::new("length").with_message("choose 1 to 5 fields".into()));
    }
    Ok(())
}

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
    pub name: LocalizedText,
    #[validate(length(min = 1, max = 20))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acronym: Option<String>,
    #[validate(custom(function = "registration_number"))]
    pub registration_number: String,
    pub category: Category,
    #[validate(custom(function = "fields_list"))]
    pub fields: Vec<Field>,
    #[validate(custom(function = "two_digit_wilaya"))]
    pub wilaya_code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commune_id: Option<i32>,
    #[validate(length(max = 300))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub founded_on: Option<NaiveDate>,
    pub size: SizeBand,
    #[validate(custom(function = "localized_description"))]
    #[serde(default)]
    pub description: LocalizedText,
    #[validate(nested, custom(function = "email_contact"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<ContactItem>,
    #[validate(nested)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<ContactItem>,
    #[validate(nested, custom(function = "website_contact"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<ContactItem>,
    #[validate(length(max = 10), nested)]
    #[serde(default)]
    pub social_links: Vec<SocialLink>,
}

/// Change an association's profile (owners and admins). Absent fields stay as they are.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateAssociation {
    #[validate(custom(function = "association_name"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<LocalizedText>,
    #[validate(length(max = 20))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acronym: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<Category>,
    #[validate(custom(function = "fields_list"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<Field>>,
    #[validate(custom(function = "two_digit_wilaya"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wilaya_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commune_id: Option<i32>,
    #[validate(length(max = 300))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub founded_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<SizeBand>,
    #[validate(custom(function = "localized_description"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<LocalizedText>,
    #[validate(nested, custom(function = "email_contact"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<ContactItem>,
    #[validate(nested)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<ContactItem>,
    #[validate(nested, custom(function = "website_contact"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<ContactItem>,
    #[validate(length(max = 10), nested)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub social_links: Option<Vec<SocialLink>>,
}

/// An association's profile. Private contact details, the status reason and the registration
/// details only members and staff see are left out for the public.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Association {
    pub id: String,
    pub name: LocalizedText,
    pub acronym: Option<String>,
    pub registration_number: String,
    pub category: Category,
    pub fields: Vec<Field>,
    pub wilaya_code: String,
    pub commune_id: Option<i32>,
    pub address: Option<String>,
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
    /// The logo's address (PNG, JPEG or WebP), if it has one.
    pub logo_url: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A directory entry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssociationSummary {
    pub id: String,
    pub name: LocalizedText,
    pub acronym: Option<String>,
    pub category: Category,
    pub fields: Vec<Field>,
    pub wilaya_code: String,
    pub commune_id: Option<i32>,
    pub size: SizeBand,
    pub status: AssociationStatus,
    /// The logo's address (PNG, JPEG or WebP), if it has one.
    pub logo_url: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// Directory search and filters.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ListAssociationsQuery {
    /// Words to find in names, acronym and description, in any language; case, accents, Arabic
    /// diacritics and letter variants do not matter, and each word may be the start of a word.
    #[validate(length(max = 200))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wilaya: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commune: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<Field>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<Category>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<SizeBand>,
    /// Only verified associations (default: verified and pending; rejected and suspended ones are
    /// never listed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified_only: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<SortOrder>,
    /// 1 to 100 (default 20).
    #[validate(range(min = 1, max = 100))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[validate(length(max = 300))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

string_enum!(
    /// A file format for exports.
    ExportFormat {
        Csv = "csv",
        Json = "json",
    }
);

/// Export the directory: the same filters as the search, every match (public fields only).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ExportAssociationsQuery {
    /// `csv` (default) or `json`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<ExportFormat>,
    #[validate(length(max = 200))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wilaya: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commune: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<Field>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<Category>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<SizeBand>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified_only: Option<bool>,
}

/// One association in an export: the public data only (see docs/data-dictionary.md).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportedAssociation {
    pub id: String,
    pub registration_number: String,
    pub name: LocalizedText,
    pub acronym: Option<String>,
    pub category: Category,
    pub fields: Vec<Field>,
    pub wilaya_code: String,
    pub commune_id: Option<i32>,
    pub size: SizeBand,
    pub status: AssociationStatus,
    /// Only when the association made it public.
    pub email: Option<String>,
    pub phone: Option<String>,
    pub website: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// How many results have a value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FacetCount {
    pub value: String,
    pub count: i64,
}

/// Counts over all results of the search (not only this page).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Facets {
    pub wilaya: Vec<FacetCount>,
    pub field: Vec<FacetCount>,
    pub category: Vec<FacetCount>,
}

/// A page of the directory.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DirectoryPage {
    pub items: Vec<AssociationSummary>,
    pub next_cursor: Option<String>,
    /// All results, across pages.
    pub total: i64,
    pub facets: Facets,
}

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
    pub message: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JoinRequest {
    pub id: String,
    pub association_id: String,
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
    pub email: String,
    /// `member` or `admin` (only the owner invites admins; nobody is invited as owner).
    pub role: MemberRole,
    #[validate(length(max = 1000))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// An invitation to join an association with a role.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Invitation {
    pub id: String,
    pub association_id: String,
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
    pub id: String,
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
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

/// A staff decision with its reason (required to reject or suspend).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusDecision {
    #[validate(length(min = 1, max = 2000))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
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
    pub limit: Option<u32>,
    #[validate(length(max = 200))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

/// One staff action, kept for accountability.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: String,
    pub actor_id: Option<UserId>,
    pub actor_name: Option<String>,
    /// `association.verified`, `association.rejected`, `association.suspended`.
    pub action: String,
    pub target_id: String,
    pub reason: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// An in-app notification.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notification {
    pub id: String,
    /// e.g. `association.verified`, `join_request.approved`, `course.enrolled`.
    pub kind: String,
    pub association_id: Option<String>,
    /// The course it is about (`course.enrolled`, `certificate.revoked`).
    #[serde(default)]
    pub course_id: Option<String>,
    pub reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

/// An association you belong to, with your role.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyAssociation {
    pub association: AssociationSummary,
    pub role: MemberRole,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registration_numbers() {
        for ok in ["16/2019/0421", "AGR-123", "0421"] {
            assert!(registration_number(ok).is_ok(), "{ok}");
        }
        for bad in ["", "ab", "abc/def", "16 2019", "١٦/٢٠١٩", &"1".repeat(41)] {
            assert!(registration_number(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn enums_round_trip_their_text() {
        for f in Field::ALL {
            assert_eq!(Field::parse(f.as_str()), Some(*f));
            assert_eq!(serde_json::to_value(f).unwrap(), f.as_str());
        }
    }
}
