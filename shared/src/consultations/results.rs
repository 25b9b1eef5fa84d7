//! Results: per question, counts and percentages, mean, median and distribution, average ranks,
//! broken down by wilaya and field with small cells suppressed.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

use super::{ConsultationPhase, SurveyQuestionKind};
use crate::associations::string_enum;
use crate::ids::{ConsultationId, TextAnswerId};
use crate::text::LocalizedText;

/// A breakdown cell with fewer respondents than this is suppressed (`null`), so that no single
/// answer can be singled out.
pub const SMALL_CELL: i64 = 5;

/// How many chose an option (or gave a value).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OptionCount {
    /// The option's id (for a scale or a number: the value; for a date: the day).
    pub option_id: String,
    /// The option's label (none for values).
    pub label: Option<LocalizedText>,
    pub count: i64,
    /// Of the respondents who answered the question, 0 to 100. A multiple choice counts each option
    /// picked, so its percentages add up to more than 100.
    pub percent: f64,
    /// Ranking: the average rank given (1 = first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub average_rank: Option<f64>,
}

/// A matrix row's counts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MatrixRowResult {
    pub row_id: String,
    pub label: LocalizedText,
    pub options: Vec<OptionCount>,
}

/// A breakdown cell: the respondents of one wilaya or field who chose each option. Counts below
/// [`SMALL_CELL`] are `null` ("< 5").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BreakdownGroup {
    /// `wilaya` or `field`.
    pub dimension: String,
    /// The wilaya's code or the field.
    pub value: String,
    /// Respondents in the group who answered the question (`null` below 5: the group's cells too).
    pub respondents: Option<i64>,
    /// Per option, in the order of `options`.
    pub counts: Vec<Option<i64>>,
}

/// The results of one question.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionResult {
    pub question_id: String,
    pub kind: SurveyQuestionKind,
    pub title: LocalizedText,
    /// Respondents who answered it.
    pub answered: i64,
    /// Choices, ranking: every option; scale and date: every value given; number: every value given
    /// when there are at most 20 of them, else 10 ranges of equal width (`option_id` `"lo..hi"`).
    pub options: Vec<OptionCount>,
    /// Scale and number.
    pub mean: Option<f64>,
    pub median: Option<f64>,
    pub matrix: Vec<MatrixRowResult>,
    /// Single and multiple choice and scale: by the `breakdown` asked for.
    pub breakdown: Vec<BreakdownGroup>,
}

/// A consultation's results: public once published, to organisers at any time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsultationResults {
    pub consultation_id: ConsultationId,
    pub title: LocalizedText,
    pub phase: ConsultationPhase,
    /// Final answers counted.
    pub respondents: i64,
    pub questions: Vec<QuestionResult>,
    pub published_at: Option<DateTime<Utc>>,
}

/// A free-text answer, as listed under the results (anonymous).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TextAnswer {
    pub id: TextAnswerId,
    pub text: String,
    pub submitted_at: DateTime<Utc>,
    /// Hidden by a moderator: only moderators get it (with the reason); others never see it listed.
    pub hidden: bool,
    pub hidden_reason: Option<String>,
}

/// A moderator hides a free-text answer from the published results, or restores it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"action": "hide", "reason": "Names a person"})))]
pub struct TextAnswerDecision {
    /// `hide` or `restore` (422 `action` `not_applicable` for `dismiss`).
    pub action: super::ModerationAction,
    #[validate(length(min = 3, max = 500), custom(function = "crate::auth::not_blank"))]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::moderation_reason))]
    pub reason: String,
}

string_enum!(
    /// A breakdown of the results.
    Breakdown {
        /// By the wilaya of the respondent (its association's).
        Wilaya = "wilaya",
        /// By field of activity.
        Field = "field",
    }
);

/// Which breakdown to add to the results.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ResultsQuery {
    /// Add each question's counts by wilaya or by field (single and multiple choice, scale).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub breakdown: Option<Breakdown>,
}

/// Which question's free-text answers to list.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct TextAnswersQuery {
    /// A short or long text question.
    #[validate(length(min = 1, max = 40))]
    #[cfg_attr(feature = "openapi", param(min_length = 1, max_length = 40))]
    pub question_id: String,
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
