//! Public institutions as actors: the observatory, ministries, councils and wilaya administrations,
//! each with its staff (managers add and remove staff). Institutions run consultations.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use validator::{Validate, ValidationError};

use crate::associations::{localized_max, string_enum};
use crate::ids::{InstitutionId, UserId};
use crate::text::LocalizedText;

string_enum!(
    /// What kind of institution it is.
    InstitutionKind {
        /// The national observatory of civil society.
        Observatory = "observatory",
        Ministry = "ministry",
        /// A council (the youth council, …).
        Council = "council",
        /// A wilaya's administration.
        WilayaAdministration = "wilaya_administration",
        Other = "other",
    }
);

string_enum!(
    /// A staff member's role in an institution.
    InstitutionRole {
        /// Adds and removes staff, and does everything staff do.
        Manager = "manager",
        /// Acts for the institution: runs its consultations.
        Staff = "staff",
    }
);

/// An institution's name: at least one language, each at most 200 characters.
pub fn institution_name(value: &LocalizedText) -> Result<(), ValidationError> {
    if value.is_empty() {
        return Err(ValidationError::new("required").with_message("give the name in at least one language".into()));
    }
    localized_max(value, 200)
}

/// An institution as anyone sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Institution {
    pub id: InstitutionId,
    pub kind: InstitutionKind,
    pub name: LocalizedText,
    pub acronym: Option<String>,
    pub staff_count: i64,
    /// The viewer's role in it, if they are its staff.
    pub viewer_role: Option<InstitutionRole>,
    pub created_at: DateTime<Utc>,
}

/// Create an institution (administrators) and name its first manager.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "kind": "ministry",
    "name": {"ar": "وزارة التضامن الوطني", "fr": "Ministère de la Solidarité nationale"},
    "acronym": "MSN",
    "manager_email": "ministere@madani.test"
})))]
pub struct CreateInstitution {
    pub kind: InstitutionKind,
    #[validate(custom(function = "institution_name"))]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::title))]
    pub name: LocalizedText,
    #[validate(length(min = 1, max = 20))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 20))]
    pub acronym: Option<String>,
    /// The email of a verified account, which becomes the first manager (422 `unknown_account`
    /// naming `manager_email` otherwise).
    #[validate(email, length(max = 254))]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::email))]
    pub manager_email: String,
}

/// Change an institution (administrators and its managers). Absent fields stay.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateInstitution {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<InstitutionKind>,
    #[validate(custom(function = "institution_name"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::title_or_null))]
    pub name: Option<LocalizedText>,
    #[validate(length(min = 1, max = 20))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 20))]
    pub acronym: Option<String>,
}

/// A member of an institution's staff (seen by its staff and administrators).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffMember {
    pub user_id: UserId,
    pub display_name: String,
    pub email: String,
    pub role: InstitutionRole,
    pub added_at: DateTime<Utc>,
}

/// Add a verified account to the staff, or change its role.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"email": "karim@madani.test", "role": "staff"})))]
pub struct AddStaffMember {
    #[validate(email, length(max = 254))]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::email))]
    pub email: String,
    pub role: InstitutionRole,
}
