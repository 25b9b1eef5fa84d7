//! Administrative divisions (Algeria: wilaya → daïra → commune), loaded from data.

use serde::{Deserialize, Serialize};

use crate::text::LocalizedText;

/// A wilaya (province).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "code": "06", "number": 6, "name": {"ar": "بجاية", "fr": "Bejaia", "en": "Bejaia"}, "daira_count": 19, "commune_count": 52
})))]
pub struct Wilaya {
    /// Two-digit code, `01` to `69`.
    pub code: String,
    pub number: i32,
    pub name: LocalizedText,
    pub daira_count: i32,
    pub commune_count: i32,
}

/// A commune (municipality), with its daïra.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": 158, "wilaya_code": "06", "daira": {"ar": "بجاية", "fr": "Bejaia", "en": "Bejaia"},
    "name": {"ar": "بجاية", "fr": "Bejaia", "en": "Bejaia"}, "postal_code": "06000"
})))]
pub struct Commune {
    /// Madani's stable id for the commune.
    pub id: i32,
    pub wilaya_code: String,
    pub daira: LocalizedText,
    pub name: LocalizedText,
    pub postal_code: Option<String>,
}
