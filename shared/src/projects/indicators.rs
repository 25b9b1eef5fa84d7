//! A project's indicators: what it measures, from a baseline, against targets per period, with the
//! actuals its officers report (optionally by wilaya).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use validator::{Validate, ValidationError};

use crate::associations::{Field, localized_max, string_enum};
use crate::ids::{ActualId, IndicatorId};
use crate::text::LocalizedText;

string_enum!(
    /// The level of result an indicator measures (IATI result types 1, 2, 3).
    ResultKind {
        Output = "output",
        Outcome = "outcome",
        Impact = "impact",
    }
);

impl ResultKind {
    pub fn iati_code(self) -> u8 {
        match self {
            ResultKind::Output => 1,
            ResultKind::Outcome => 2,
            ResultKind::Impact => 3,
        }
    }
}

string_enum!(
    /// How an indicator is measured (IATI measures 1 and 2).
    Measure {
        /// A count of `unit`.
        Unit = "unit",
        Percentage = "percentage",
    }
);

impl Measure {
    pub fn iati_code(self) -> u8 {
        match self {
            Measure::Unit => 1,
            Measure::Percentage => 2,
        }
    }
}

/// A reporting period with its target.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IndicatorPeriod {
    /// `end` must be after it (422 `periods[i].end` `range`).
    pub start: NaiveDate,
    pub end: NaiveDate,
    #[serde(default)]
    pub target: Option<f64>,
}

/// A reported value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Actual {
    pub id: ActualId,
    pub value: f64,
    /// The day it was measured: it counts in the period holding that day.
    pub measured_on: NaiveDate,
    pub comment: Option<String>,
    pub wilaya: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// Report a value (officers of the lead association).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"value": 64, "measured_on": "2027-06-30", "wilaya": "06", "comment": "Fin du premier semestre"})))]
pub struct ActualInput {
    /// A finite number; 0 to 100 for a percentage (422 `value` `range`).
    pub value: f64,
    pub measured_on: NaiveDate,
    #[validate(length(max = 1000))]
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 1000))]
    pub comment: Option<String>,
    /// The wilaya it was measured in (a breakdown).
    #[validate(custom(function = "super::one_wilaya"))]
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(pattern = "^(?:0[1-9]|[1-5][0-9]|6[0-9])$"))]
    pub wilaya: Option<String>,
}

/// A period as read: its target and the sum of the actuals measured in it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PeriodView {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub target: Option<f64>,
    /// The sum of its actuals for a count, their latest for a percentage (absent: none yet).
    pub actual: Option<f64>,
}

/// An indicator with its periods and actuals.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Indicator {
    pub id: IndicatorId,
    pub result_kind: ResultKind,
    /// The result it measures.
    pub result_title: LocalizedText,
    pub title: LocalizedText,
    pub measure: Measure,
    /// What is counted (`learners`), for `unit`.
    pub unit: Option<String>,
    /// Whether higher is better.
    pub ascending: bool,
    pub baseline_value: Option<f64>,
    pub baseline_on: Option<NaiveDate>,
    pub periods: Vec<PeriodView>,
    /// Newest first.
    pub actuals: Vec<Actual>,
}

fn required_title(value: &LocalizedText) -> Result<(), ValidationError> {
    if value.is_empty() {
        return Err(ValidationError::new("required").with_message("give the title in at least one language".into()));
    }
    localized_max(value, 300)
}

/// Write an indicator (officers of the lead association). The periods replace the previous ones;
/// actuals stay, each counting in the period that holds its day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "result_kind": "outcome", "result_title": {"fr": "La réussite scolaire progresse"},
    "title": {"fr": "Élèves passant en classe supérieure"}, "measure": "percentage", "ascending": true,
    "baseline_value": 48, "baseline_on": "2026-06-30",
    "periods": [{"start": "2027-01-01", "end": "2027-06-30", "target": 60}, {"start": "2027-07-01", "end": "2027-12-31", "target": 70}]
})))]
pub struct IndicatorInput {
    pub result_kind: ResultKind,
    #[validate(custom(function = "required_title"))]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::title))]
    pub result_title: LocalizedText,
    #[validate(custom(function = "required_title"))]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::title))]
    pub title: LocalizedText,
    pub measure: Measure,
    #[validate(length(max = 50))]
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 50))]
    pub unit: Option<String>,
    #[serde(default = "yes")]
    pub ascending: bool,
    /// Give both or neither (422 `baseline_on` `required`).
    #[serde(default)]
    pub baseline_value: Option<f64>,
    #[serde(default)]
    pub baseline_on: Option<NaiveDate>,
    /// At most 40, not overlapping (422 `periods` `overlap`).
    #[validate(length(max = 40), nested)]
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 40))]
    pub periods: Vec<IndicatorPeriod>,
}

fn yes() -> bool {
    true
}

/// Indicators rolled up: what the observatory sees across projects.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IndicatorRollup {
    pub field: Option<Field>,
    pub wilaya: Option<String>,
    pub result_kind: ResultKind,
    pub measure: Measure,
    pub unit: Option<String>,
    /// Indicators counted.
    pub indicators: u32,
    /// Projects they belong to.
    pub projects: u32,
    /// The sum of the actuals (counts), or their mean (percentages).
    pub actual: f64,
    /// The sum of the targets of the periods reported on (counts), or their mean (percentages).
    pub target: Option<f64>,
}
