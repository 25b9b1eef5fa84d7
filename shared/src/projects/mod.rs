//! Projects: led by an association with partners, followed through weighted milestones and updates,
//! their activities on a shared calendar (and in iCalendar feeds), their indicators, and an IATI
//! export of an association's public projects.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use validator::{Validate, ValidationError};

use crate::associations::{Field, localized_max, string_enum};
use crate::ids::{AssociationId, InstitutionId, ProjectId};
use crate::page::PageQuery;
use crate::text::LocalizedText;

mod activities;
mod indicators;
mod milestones;

pub use activities::*;
pub use indicators::*;
pub use milestones::*;

string_enum!(
    /// Where a project stands; each maps to an IATI activity-status code (`iati_code`).
    ProjectStatus {
        /// Being prepared (IATI 1, pipeline/identification).
        Identification = "identification",
        /// Under way (IATI 2).
        Implementation = "implementation",
        /// Finished (IATI 4, closed).
        Completed = "completed",
        /// Halted for now (IATI 6).
        Suspended = "suspended",
        /// Stopped before it finished (IATI 5).
        Cancelled = "cancelled",
    }
);

impl ProjectStatus {
    /// The IATI ActivityStatus code.
    pub fn iati_code(self) -> u8 {
        match self {
            ProjectStatus::Identification => 1,
            ProjectStatus::Implementation => 2,
            ProjectStatus::Completed => 4,
            ProjectStatus::Cancelled => 5,
            ProjectStatus::Suspended => 6,
        }
    }
}

string_enum!(
    /// Who sees a project (and its activities, calendars, feeds and IATI entry).
    ProjectVisibility {
        /// Everyone, signed in or not.
        Public = "public",
        /// Members of the lead and partner associations.
        Network = "network",
        /// Members of the lead association.
        Private = "private",
    }
);

string_enum!(
    /// A partner's part in a project (IATI organisation roles: funding 1, accountable 2,
    /// implementing 4).
    PartnerRole {
        Implementing = "implementing",
        Funding = "funding",
        Accountable = "accountable",
    }
);

impl PartnerRole {
    pub fn iati_code(self) -> u8 {
        match self {
            PartnerRole::Funding => 1,
            PartnerRole::Accountable => 2,
            PartnerRole::Implementing => 4,
        }
    }
}

/// A budget's currency (ISO 4217).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Currency {
    #[default]
    #[serde(rename = "DZD")]
    Dzd,
    #[serde(rename = "MAD")]
    Mad,
    #[serde(rename = "EUR")]
    Eur,
    #[serde(rename = "USD")]
    Usd,
}

impl Currency {
    pub const ALL: &'static [Currency] = &[Currency::Dzd, Currency::Mad, Currency::Eur, Currency::Usd];

    pub fn as_str(self) -> &'static str {
        match self {
            Currency::Dzd => "DZD",
            Currency::Mad => "MAD",
            Currency::Eur => "EUR",
            Currency::Usd => "USD",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.as_str() == s)
    }
}

/// The country a project takes place in (IATI `recipient-country`); it also sets its activities'
/// default time zone.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Country {
    /// Algeria: activities in Africa/Algiers by default.
    #[default]
    #[serde(rename = "DZ")]
    Dz,
    /// Morocco: activities in Africa/Casablanca by default.
    #[serde(rename = "MA")]
    Ma,
}

impl Country {
    pub fn as_str(self) -> &'static str {
        match self {
            Country::Dz => "DZ",
            Country::Ma => "MA",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "DZ" => Some(Country::Dz),
            "MA" => Some(Country::Ma),
            _ => None,
        }
    }

    pub fn time_zone(self) -> TimeZone {
        match self {
            Country::Dz => TimeZone::Algiers,
            Country::Ma => TimeZone::Casablanca,
        }
    }
}

/// A funder and what it gives (in the project's currency).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Funder {
    /// 1 to 200 characters.
    #[validate(length(min = 1, max = 200))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name: String,
    /// Whole units of the project's currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<u64>,
}

/// A partner as given when writing a project: an association or an institution, and its role.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartnerInput {
    /// An association (give this or `institution_id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub association_id: Option<AssociationId>,
    /// An institution (give this or `association_id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub institution_id: Option<InstitutionId>,
    pub role: PartnerRole,
}

/// A partner of a project, named.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Partner {
    pub association_id: Option<AssociationId>,
    pub institution_id: Option<InstitutionId>,
    pub name: LocalizedText,
    pub role: PartnerRole,
}

/// A project as a list shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProjectSummary {
    pub id: ProjectId,
    /// The lead association.
    pub association_id: AssociationId,
    pub association_name: LocalizedText,
    pub title: LocalizedText,
    pub summary: LocalizedText,
    pub status: ProjectStatus,
    pub visibility: ProjectVisibility,
    pub country: Country,
    /// Two-digit wilaya codes.
    pub wilayas: Vec<String>,
    pub fields: Vec<Field>,
    pub planned_start: Option<NaiveDate>,
    pub planned_end: Option<NaiveDate>,
    /// Done milestones' share of the total weight, 0 to 100 (0 without milestones).
    pub progress: u8,
    /// Where the cover picture is served, if it has one; use it as an `<img src>`. The address
    /// changes with each new cover. A public project's is public (and may be cached for long);
    /// another's is signed for the viewer it was shown to, works for a few hours and only while
    /// they may still see the project, since an `<img>` sends no access token.
    #[serde(default)]
    pub cover_url: Option<String>,
}

/// What the viewer may do with a project.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProjectViewer {
    /// An officer of the lead association: edits the project, its milestones, activities and
    /// indicators.
    pub editor: bool,
    /// An officer of the lead or a partner association: posts updates.
    pub poster: bool,
    /// A member of the lead or a partner association: sees its project-only activities.
    pub member: bool,
    pub following: bool,
}

/// A project with everything its page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Project {
    #[serde(flatten)]
    pub summary: ProjectSummary,
    /// Markdown.
    pub description: LocalizedText,
    /// `description` rendered to safe HTML, per language.
    pub description_html: LocalizedText,
    /// Commune ids (see `/api/v1/territories`).
    pub communes: Vec<i32>,
    pub budget: Option<u64>,
    pub currency: Currency,
    pub funders: Vec<Funder>,
    pub actual_start: Option<NaiveDate>,
    pub actual_end: Option<NaiveDate>,
    pub partners: Vec<Partner>,
    /// By due date.
    pub milestones: Vec<Milestone>,
    pub follower_count: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub viewer: ProjectViewer,
}

fn project_title(value: &LocalizedText) -> Result<(), ValidationError> {
    if value.is_empty() {
        return Err(ValidationError::new("required").with_message("give the title in at least one language".into()));
    }
    localized_max(value, 200)
}

fn summary_text(value: &LocalizedText) -> Result<(), ValidationError> {
    localized_max(value, 2000)
}

fn body_text(value: &LocalizedText) -> Result<(), ValidationError> {
    localized_max(value, 50_000)
}

fn wilaya_list(value: &[String]) -> Result<(), ValidationError> {
    if value.iter().all(|w| crate::consultations::wilaya_ok(w)) {
        Ok(())
    } else {
        Err(ValidationError::new("wilaya").with_message("each wilaya is its two-digit code".into()))
    }
}

/// Write a project (an officer of `association_id`, its lead). Absent fields take their defaults.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "association_id": "01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e7a",
    "title": {"ar": "مدرسة الحي", "fr": "L'école du quartier"},
    "summary": {"fr": "Soutien scolaire pour 120 élèves de Béjaïa."},
    "status": "implementation",
    "visibility": "public",
    "country": "DZ",
    "wilayas": ["06"],
    "fields": ["education"],
    "budget": 2500000,
    "currency": "DZD",
    "funders": [{"name": "Ministère de la Solidarité", "amount": 2000000}],
    "planned_start": "2027-01-15",
    "planned_end": "2027-12-31",
    "partners": [{"institution_id": "01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e7b", "role": "funding"}]
})))]
pub struct ProjectInput {
    /// The lead association (403 `not_officer` unless you are one of its officers). Fixed once
    /// created.
    pub association_id: AssociationId,
    #[validate(custom(function = "project_title"))]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::title))]
    pub title: LocalizedText,
    #[validate(custom(function = "summary_text"))]
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::summary))]
    pub summary: LocalizedText,
    /// Markdown.
    #[validate(custom(function = "body_text"))]
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::body))]
    pub description: LocalizedText,
    #[serde(default = "default_status")]
    pub status: ProjectStatus,
    #[serde(default = "default_visibility")]
    pub visibility: ProjectVisibility,
    #[serde(default)]
    pub country: Country,
    #[validate(length(max = 69), custom(function = "wilaya_list"))]
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::wilaya_codes))]
    pub wilayas: Vec<String>,
    /// Commune ids, at most 100 (422 `communes` `unknown` for one that does not exist).
    #[validate(length(max = 100))]
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub communes: Vec<i32>,
    #[validate(length(max = 10))]
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 10))]
    pub fields: Vec<Field>,
    /// Whole units of `currency`, at most 10^15.
    #[validate(range(max = 1_000_000_000_000_000u64))]
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(maximum = 1_000_000_000_000_000u64))]
    pub budget: Option<u64>,
    #[serde(default)]
    pub currency: Currency,
    #[validate(length(max = 20), nested)]
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    pub funders: Vec<Funder>,
    /// `planned_end` must not be before it (422 `planned_end` `range`).
    #[serde(default)]
    pub planned_start: Option<NaiveDate>,
    #[serde(default)]
    pub planned_end: Option<NaiveDate>,
    /// `actual_end` must not be before it (422 `actual_end` `range`).
    #[serde(default)]
    pub actual_start: Option<NaiveDate>,
    #[serde(default)]
    pub actual_end: Option<NaiveDate>,
    /// Partner associations and institutions, at most 30 (422 `partners` `unknown` for one that
    /// does not exist, `invalid` for neither or both ids, or the lead itself).
    #[validate(length(max = 30))]
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 30))]
    pub partners: Vec<PartnerInput>,
}

fn default_status() -> ProjectStatus {
    ProjectStatus::Identification
}

fn default_visibility() -> ProjectVisibility {
    ProjectVisibility::Public
}

/// Lists of projects: newest first.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ListProjectsQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ProjectStatus>,
    /// Taking place in this wilaya.
    #[validate(custom(function = "one_wilaya"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(pattern = "^(?:0[1-9]|[1-5][0-9]|6[0-9])$"))]
    pub wilaya: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<Field>,
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

impl ListProjectsQuery {
    pub fn page(&self) -> PageQuery {
        PageQuery { limit: self.limit, cursor: self.cursor.clone() }
    }
}

pub fn one_wilaya(value: &str) -> Result<(), ValidationError> {
    wilaya_list(&[value.to_owned()])
}
