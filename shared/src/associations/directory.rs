//! The public directory: search, facets and export.

use super::*;

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

/// A directory entry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssociationSummary {
    pub id: AssociationId,
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
    #[cfg_attr(feature = "openapi", param(max_length = 200))]
    pub q: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wilaya: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = -2147483648, maximum = 2147483647))]
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
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub limit: Option<u32>,
    #[validate(length(max = 300))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(max_length = 300))]
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
    #[cfg_attr(feature = "openapi", param(max_length = 200))]
    pub q: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wilaya: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = -2147483648, maximum = 2147483647))]
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
    pub id: AssociationId,
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
