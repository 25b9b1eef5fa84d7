//! Quizzes as trainers write them and as learners take them.

use super::*;

/// A choice of a quiz question, with whether it is correct (trainers only).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(remote = "Self")]
pub struct QuizChoice {
    /// Kept when editing; new choices get one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[validate(custom(function = "course_title"))]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::title))]
    pub text: LocalizedText,
    #[serde(default)]
    pub correct: bool,
}
crate::json::object_only!(QuizChoice);

/// A quiz question with its answer (trainers only).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(remote = "Self")]
pub struct QuizQuestion {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub kind: QuestionKind,
    #[validate(custom(function = "question_prompt"))]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::question))]
    pub prompt: LocalizedText,
    #[validate(range(min = 1, max = 100))]
    #[serde(default = "one_point")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 100))]
    pub points: u32,
    /// Single and multiple choice: 2 to 10 choices.
    #[validate(length(max = 10), nested)]
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 10))]
    pub choices: Vec<QuizChoice>,
    /// True/false: the right answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<bool>,
    /// Short answer: the accepted answers (1 to 20).
    #[validate(length(max = 20))]
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    pub accepted: Vec<String>,
}
crate::json::object_only!(QuizQuestion);

fn one_point() -> u32 {
    1
}

fn question_prompt(value: &LocalizedText) -> Result<(), ValidationError> {
    if value.is_empty() {
        return Err(ValidationError::new("required").with_message("write the question".into()));
    }
    localized_max(value, 2000)
}

/// A quiz as its trainers write it, answers included. Learners never receive this.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "pass_percent": 70, "max_attempts": 3, "time_limit_minutes": 15, "shuffle": true, "show_answers": true,
    "questions": [
        {"kind": "single", "prompt": {"fr": "Qui adopte le budget d'une association ?"}, "points": 2,
         "choices": [{"text": {"fr": "L'assemblée générale"}, "correct": true}, {"text": {"fr": "Le trésorier seul"}}]},
        {"kind": "true_false", "prompt": {"fr": "Un bilan financier est annuel."}, "answer": true},
        {"kind": "short", "prompt": {"ar": "ما اسم الهيئة العليا للجمعية؟"}, "accepted": ["الجمعية العامة"]}
    ]
})))]
pub struct Quiz {
    /// Score needed to pass, in percent.
    #[validate(range(min = 0, max = 100))]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100))]
    pub pass_percent: u32,
    /// Attempts allowed (none: no limit).
    #[validate(range(min = 1, max = 100))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 100))]
    pub max_attempts: Option<u32>,
    #[validate(range(min = 1, max = 600))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 600))]
    pub time_limit_minutes: Option<u32>,
    /// Questions (and choices) in a new order for each attempt.
    #[serde(default)]
    pub shuffle: bool,
    /// Show the right answers with a graded attempt (and in the list of attempts), once the learner
    /// has passed or used their last attempt (without a limit: once passed); never while attempts
    /// remain, so that a blank attempt cannot collect them for the next.
    #[serde(default)]
    pub show_answers: bool,
    #[validate(length(min = 1, max = 100), nested)]
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 100))]
    pub questions: Vec<QuizQuestion>,
}

/// What a learner knows of a quiz before taking it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuizInfo {
    pub pass_percent: u32,
    pub max_attempts: Option<u32>,
    pub time_limit_minutes: Option<u32>,
    pub question_count: u32,
    /// For an enrolled viewer.
    pub attempts_used: u32,
    pub best_percent: Option<i32>,
    pub passed: bool,
}

/// A choice as a learner sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttemptChoice {
    pub id: String,
    pub text: LocalizedText,
}

/// A question as a learner sees it: no answer in it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttemptQuestion {
    pub id: String,
    pub kind: QuestionKind,
    pub prompt: LocalizedText,
    pub points: u32,
    pub choices: Vec<AttemptChoice>,
}

/// An attempt under way.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttemptStarted {
    pub id: AttemptId,
    pub started_at: DateTime<Utc>,
    /// Submit before this (when the quiz has a time limit).
    pub deadline: Option<DateTime<Utc>>,
    pub questions: Vec<AttemptQuestion>,
}

/// One answer: the choices picked (single, multiple), the value (true/false) or the text (short).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(remote = "Self")]
pub struct GivenAnswer {
    pub question_id: String,
    #[validate(length(max = 10))]
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 10))]
    pub choice_ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<bool>,
    #[validate(length(max = 500))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub text: Option<String>,
}
crate::json::object_only!(GivenAnswer);

/// Hand an attempt in.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubmitAttempt {
    #[validate(length(max = 100), nested)]
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub answers: Vec<GivenAnswer>,
}

/// How one question was graded; the right answer only when the quiz shows answers and the
/// learner has passed or used their last attempt.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionResult {
    pub question_id: String,
    pub correct: bool,
    pub points: u32,
    pub awarded: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correct_choice_ids: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted: Option<Vec<String>>,
}

/// A graded attempt.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttemptResult {
    pub id: AttemptId,
    pub started_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub score: u32,
    pub max_score: u32,
    pub percent: i32,
    pub passed: bool,
    /// Handed in after the time limit: graded as failed.
    pub late: bool,
    pub questions: Vec<QuestionResult>,
}
