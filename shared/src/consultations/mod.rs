//! Consultations: an institution asks (a questionnaire, in phases draft → open → closed → results
//! published), associations or members answer, and everyone sees the results once published.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use validator::{Validate, ValidationError};

use crate::associations::{Category, Field, localized_max, string_enum};
use crate::ids::{ConsultationId, InstitutionId};
use crate::page::PageQuery;
use crate::text::LocalizedText;

mod answers;
mod comments;
mod export;
mod moderation;
mod proposals;
mod questionnaire;
mod results;
mod states;

pub use answers::*;
pub use comments::*;
pub use export::*;
pub use moderation::*;
pub use proposals::*;
pub use questionnaire::*;
pub use results::*;
pub use states::*;

string_enum!(
    /// Where a consultation stands. Only `draft` and `results_published` are decided by its
    /// organisers; between them the server's clock decides from `opens_at` and `closes_at`, so a
    /// scheduled opening happens by itself.
    ConsultationPhase {
        /// Being written: only its organisers see it.
        Draft = "draft",
        /// Published, opening at `opens_at`.
        Upcoming = "upcoming",
        /// Taking answers until `closes_at`.
        Open = "open",
        /// No more answers; the results are not public yet.
        Closed = "closed",
        /// The results are public.
        ResultsPublished = "results_published",
    }
);

string_enum!(
    /// Who answers: one mandated answer per association (members draft it, an officer submits it), or
    /// one answer per member.
    Respondent {
        Association = "association",
        Member = "member",
    }
);

/// Who may answer. Empty lists mean "any"; the conditions add up.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(remote = "Self")]
pub struct Audience {
    /// Associations registered in these wilayas (two-digit codes).
    #[validate(length(max = 69), custom(function = "wilaya_codes"))]
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::wilaya_codes))]
    pub wilayas: Vec<String>,
    /// Associations working in one of these fields.
    #[validate(length(max = 30))]
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 30))]
    pub fields: Vec<Field>,
    /// Associations of these territorial categories.
    #[validate(length(max = 4))]
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 4))]
    pub categories: Vec<Category>,
    /// Verified associations only.
    #[serde(default)]
    pub verified_only: bool,
}
crate::json::object_only!(Audience);

impl Audience {
    /// Whether anyone may answer (no condition at all).
    pub fn is_everyone(&self) -> bool {
        self.wilayas.is_empty() && self.fields.is_empty() && self.categories.is_empty() && !self.verified_only
    }
}

/// A wilaya's code, `01` to `69`.
pub fn wilaya_ok(code: &str) -> bool {
    code.len() == 2 && code.bytes().all(|b| b.is_ascii_digit()) && (1..=69).contains(&code.parse::<u8>().unwrap_or(0))
}

fn wilaya_codes(value: &[String]) -> Result<(), ValidationError> {
    if value.iter().all(|w| wilaya_ok(w)) {
        Ok(())
    } else {
        Err(ValidationError::new("wilaya").with_message("each wilaya is its two-digit code".into()))
    }
}

fn consultation_title(value: &LocalizedText) -> Result<(), ValidationError> {
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

/// An institution that organises a consultation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Organiser {
    pub institution_id: InstitutionId,
    pub name: LocalizedText,
    pub acronym: Option<String>,
    /// The institution that owns it (the others co-organise it).
    pub owner: bool,
}

/// What the viewer may do with a consultation.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsultationViewer {
    /// Staff of an organising institution (or an administrator): edits it and reads its answers,
    /// and moderates its proposals and comments.
    pub organiser: bool,
    /// Blocked by its moderators: may read, but not propose, comment or support.
    #[serde(default)]
    pub blocked: bool,
    /// How many of its proposals the viewer supports (to set against `support_limit`).
    #[serde(default)]
    pub supports: i64,
}

/// A consultation as a list shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsultationSummary {
    pub id: ConsultationId,
    pub title: LocalizedText,
    pub summary: LocalizedText,
    pub phase: ConsultationPhase,
    pub respondent: Respondent,
    pub audience: Audience,
    pub organisers: Vec<Organiser>,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    /// Final answers received.
    pub answer_count: i64,
}

/// A consultation with its questionnaire.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Consultation {
    #[serde(flatten)]
    pub summary: ConsultationSummary,
    pub body: LocalizedText,
    /// `body` rendered to safe HTML, per language.
    pub body_html: LocalizedText,
    /// Whether a submitted answer may be changed until the consultation closes.
    pub allow_edit: bool,
    /// Whether it takes proposals (while open), which members support and the organisers answer.
    pub proposals_enabled: bool,
    /// How many proposals each member may support (`null`: as many as they like).
    pub support_limit: Option<u32>,
    /// The supports a proposal needs to reach its threshold (`null`: none).
    pub support_threshold: Option<u32>,
    pub questionnaire: Questionnaire,
    /// Whether the questionnaire is frozen (an answer exists): only its texts may change.
    pub questionnaire_frozen: bool,
    pub results_published_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub viewer: ConsultationViewer,
}

/// Create a consultation as a draft, for an institution you are staff of.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "institution_id": "01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e7a",
    "title": {"ar": "استشارة حول تمويل الجمعيات", "fr": "Consultation sur le financement des associations"},
    "summary": {"fr": "Comment l'État doit-il soutenir les associations ?"},
    "respondent": "association",
    "audience": {"wilayas": ["06", "16"], "verified_only": true},
    "opens_at": "2027-01-10T08:00:00Z",
    "closes_at": "2027-02-10T18:00:00Z",
    "allow_edit": true
})))]
pub struct CreateConsultation {
    /// The owning institution (403 `not_institution_staff` unless you are its staff).
    pub institution_id: InstitutionId,
    #[validate(custom(function = "consultation_title"))]
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
    pub body: LocalizedText,
    pub respondent: Respondent,
    #[validate(nested)]
    #[serde(default)]
    pub audience: Audience,
    /// When it opens; `closes_at` must be later (422 `closes_at` otherwise).
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    #[serde(default)]
    pub allow_edit: bool,
    /// Take proposals while it is open.
    #[serde(default)]
    pub proposals_enabled: bool,
    /// How many proposals each member may support, 1 to 100 (absent: no limit).
    #[validate(range(min = 1, max = 100))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 100))]
    pub support_limit: Option<u32>,
    /// The supports a proposal needs to reach its threshold, 1 to 100,000 (absent: none).
    #[validate(range(min = 1, max = 100000))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 100000))]
    pub support_threshold: Option<u32>,
}

/// Change a consultation (its organisers). Absent fields stay. Who answers and the audience are
/// fixed once it is published; the dates until it closes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateConsultation {
    #[validate(custom(function = "consultation_title"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::title_or_null))]
    pub title: Option<LocalizedText>,
    #[validate(custom(function = "summary_text"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::summary_or_null))]
    pub summary: Option<LocalizedText>,
    #[validate(custom(function = "body_text"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::body_or_null))]
    pub body: Option<LocalizedText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub respondent: Option<Respondent>,
    #[validate(nested)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audience: Option<Audience>,
    /// An RFC 3339 time (absent: unchanged).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub opens_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub closes_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_edit: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposals_enabled: Option<bool>,
    /// How many proposals each member may support, 1 to 100; 0 removes the limit.
    #[validate(range(max = 100))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100))]
    pub support_limit: Option<u32>,
    /// The supports a proposal needs to reach its threshold, 1 to 100,000; 0 removes it.
    #[validate(range(max = 100000))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100000))]
    pub support_threshold: Option<u32>,
    /// The co-organising institutions (replaces the list; the owner cannot be one).
    #[validate(length(max = 10))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 10))]
    pub co_organisers: Option<Vec<InstitutionId>>,
}

/// The consultations list: newest opening first.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ListConsultationsQuery {
    /// One phase only (`draft`: the drafts of the institutions you are staff of).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<ConsultationPhase>,
    /// Organised (or co-organised) by this institution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub institution: Option<InstitutionId>,
    /// Open to associations of this wilaya (consultations without a wilaya condition included).
    #[validate(custom(function = "one_wilaya"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(pattern = "^(?:0[1-9]|[1-5][0-9]|6[0-9])$"))]
    pub wilaya: Option<String>,
    /// Open to associations of this field (consultations without a field condition included).
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

impl ListConsultationsQuery {
    pub fn page(&self) -> PageQuery {
        PageQuery { limit: self.limit, cursor: self.cursor.clone() }
    }
}

fn one_wilaya(value: &str) -> Result<(), ValidationError> {
    wilaya_codes(&[value.to_owned()])
}
