//! A consultation's questionnaire: sections of typed questions, with display conditions, and the
//! checks of its structure that the server applies and the builder can apply before saving.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::associations::string_enum;
use crate::error::FieldError;
use crate::text::LocalizedText;

string_enum!(
    /// How a consultation question is answered.
    SurveyQuestionKind {
        /// One of `options`.
        SingleChoice = "single_choice",
        /// Between `min_choices` and `max_choices` of `options`.
        MultipleChoice = "multiple_choice",
        /// A whole number from 1 to `scale_max` (5 or 10), with labels for both ends.
        Scale = "scale",
        /// Every option, in the order of preference.
        Ranking = "ranking",
        /// Up to 500 characters.
        ShortText = "short_text",
        /// Up to 5,000 characters.
        LongText = "long_text",
        /// A number between `min` and `max`.
        Number = "number",
        Date = "date",
        /// One of `options` for each of `rows`.
        Matrix = "matrix",
    }
);

string_enum!(
    /// How a display condition compares the earlier answer.
    ConditionOperator {
        /// The single choice is `option_id`.
        Equals = "equals",
        /// The single choice is answered and is not `option_id`.
        NotEquals = "not_equals",
        /// The multiple choice includes `option_id`.
        Contains = "contains",
        /// The question is answered.
        Answered = "answered",
    }
);

/// An option of a question, or a row of a matrix. Its `id` is the builder's (letters, digits, `_`
/// and `-`, 1 to 40), unique within its question.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(remote = "Self")]
pub struct SurveyChoice {
    #[validate(length(min = 1, max = 40))]
    #[cfg_attr(feature = "openapi", schema(pattern = "^[A-Za-z0-9_-]{1,40}$"))]
    pub id: String,
    #[validate(custom(function = "crate::institutions::institution_name"))]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::title))]
    pub label: LocalizedText,
}
crate::json::object_only!(SurveyChoice);

/// Show a question only when an earlier answer says so.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(remote = "Self")]
pub struct DisplayCondition {
    /// An earlier question.
    #[validate(length(min = 1, max = 40))]
    #[cfg_attr(feature = "openapi", schema(pattern = "^[A-Za-z0-9_-]{1,40}$"))]
    pub question_id: String,
    pub operator: ConditionOperator,
    /// The option compared (all operators but `answered`).
    #[validate(length(min = 1, max = 40))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(pattern = "^[A-Za-z0-9_-]{1,40}$"))]
    pub option_id: Option<String>,
}
crate::json::object_only!(DisplayCondition);

/// A question of a consultation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(remote = "Self")]
pub struct SurveyQuestion {
    /// Unique in the questionnaire (letters, digits, `_` and `-`).
    #[validate(length(min = 1, max = 40))]
    #[cfg_attr(feature = "openapi", schema(pattern = "^[A-Za-z0-9_-]{1,40}$"))]
    pub id: String,
    pub kind: SurveyQuestionKind,
    #[validate(custom(function = "crate::courses::course_title"))]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::title))]
    pub title: LocalizedText,
    /// A hint under the question.
    #[validate(custom(function = "help_text"))]
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::summary))]
    pub help: LocalizedText,
    #[serde(default)]
    pub required: bool,
    /// Choices, ranking and matrix: the options (2 to 30).
    #[validate(length(max = 30), nested)]
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 30))]
    pub options: Vec<SurveyChoice>,
    /// Matrix: its rows (1 to 30).
    #[validate(length(max = 30), nested)]
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 30))]
    pub rows: Vec<SurveyChoice>,
    /// Multiple choice: the fewest and most options to pick.
    #[validate(range(min = 1, max = 30))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 30))]
    pub min_choices: Option<u32>,
    #[validate(range(min = 1, max = 30))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 30))]
    pub max_choices: Option<u32>,
    /// Scale: 5 or 10.
    #[validate(range(min = 5, max = 10))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 5, maximum = 10))]
    pub scale_max: Option<u32>,
    /// Scale: the words at 1 and at `scale_max`.
    #[validate(custom(function = "help_text"))]
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::summary))]
    pub low_label: LocalizedText,
    #[validate(custom(function = "help_text"))]
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::summary))]
    pub high_label: LocalizedText,
    /// Number: the bounds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = -1e12, maximum = 1e12))]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = -1e12, maximum = 1e12))]
    pub max: Option<f64>,
    /// Shown only when this holds; a hidden question is never required, and an answer to it is refused.
    #[validate(nested)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_if: Option<DisplayCondition>,
}
crate::json::object_only!(SurveyQuestion);

fn help_text(value: &LocalizedText) -> Result<(), validator::ValidationError> {
    crate::associations::localized_max(value, 2000)
}

/// A section: a title and its questions, shown together (one question per screen on a phone).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(remote = "Self")]
pub struct SurveySection {
    #[validate(custom(function = "help_text"))]
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::summary))]
    pub title: LocalizedText,
    #[validate(length(min = 1, max = 100), nested)]
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 100))]
    pub questions: Vec<SurveyQuestion>,
}
crate::json::object_only!(SurveySection);

/// The questionnaire: 1 to 20 sections, at most 200 questions in all.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"sections": [{
    "title": {"fr": "Votre association"},
    "questions": [
        {"id": "funding", "kind": "single_choice", "title": {"fr": "Recevez-vous une subvention publique ?"}, "required": true,
         "options": [{"id": "yes", "label": {"fr": "Oui"}}, {"id": "no", "label": {"fr": "Non"}}]},
        {"id": "amount", "kind": "number", "title": {"fr": "Montant annuel (DZD)"}, "min": 0, "max": 100000000,
         "show_if": {"question_id": "funding", "operator": "equals", "option_id": "yes"}},
        {"id": "satisfaction", "kind": "scale", "title": {"fr": "Êtes-vous satisfaits de l'accompagnement ?"}, "scale_max": 5,
         "low_label": {"fr": "Pas du tout"}, "high_label": {"fr": "Tout à fait"}}
    ]
}]})))]
pub struct Questionnaire {
    #[validate(length(max = 20), nested)]
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    pub sections: Vec<SurveySection>,
}

/// The most questions a questionnaire holds.
pub const MAX_QUESTIONS: usize = 200;

fn id_ok(id: &str) -> bool {
    (1..=40).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

fn problem(field: String, code: &str, message: &str) -> FieldError {
    FieldError { field, code: code.to_owned(), message: message.to_owned() }
}

impl Questionnaire {
    /// Every question, in order.
    pub fn questions(&self) -> impl Iterator<Item = &SurveyQuestion> {
        self.sections.iter().flat_map(|s| s.questions.iter())
    }

    pub fn question(&self, id: &str) -> Option<&SurveyQuestion> {
        self.questions().find(|q| q.id == id)
    }

    /// The rules JSON Schema cannot state: unique ids, enough options for the kind, coherent bounds,
    /// conditions on an earlier question's option. Each problem names its place
    /// (`sections[0].questions[2].options`).
    pub fn check(&self) -> Result<(), Vec<FieldError>> {
        let mut problems = Vec::new();
        let mut earlier: HashMap<&str, &SurveyQuestion> = HashMap::new();
        if self.sections.is_empty() {
            problems.push(problem("sections".into(), "required", "add at least one question"));
        }
        if self.questions().count() > MAX_QUESTIONS {
            problems.push(problem("sections".into(), "length", "at most 200 questions in all"));
        }
        for (s, section) in self.sections.iter().enumerate() {
            for (i, q) in section.questions.iter().enumerate() {
                let at = format!("sections[{s}].questions[{i}]");
                if !id_ok(&q.id) {
                    problems.push(problem(format!("{at}.id"), "pattern", "letters, digits, _ and - only"));
                } else if earlier.contains_key(q.id.as_str()) {
                    problems.push(problem(format!("{at}.id"), "duplicate_id", "another question has this id"));
                }
                check_options(q, &at, &mut problems);
                check_bounds(q, &at, &mut problems);
                if let Some(c) = &q.show_if {
                    check_condition(c, &earlier, &format!("{at}.show_if"), &mut problems);
                }
                earlier.insert(q.id.as_str(), q);
            }
        }
        if problems.is_empty() { Ok(()) } else { Err(problems) }
    }

    /// Whether `other` keeps this questionnaire's structure (ids, kinds, options, rows, bounds,
    /// requirements and conditions) and changes at most its texts: the only change allowed once an
    /// answer exists.
    pub fn same_structure(&self, other: &Questionnaire) -> bool {
        let shape = |q: &Questionnaire| {
            q.sections
                .iter()
                .map(|s| {
                    s.questions
                        .iter()
                        .map(|q| {
                            let ids = |c: &[SurveyChoice]| c.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
                            (
                                q.id.clone(),
                                q.kind,
                                q.required,
                                ids(&q.options),
                                ids(&q.rows),
                                (q.min_choices, q.max_choices, q.scale_max),
                                (q.min.map(f64::to_bits), q.max.map(f64::to_bits)),
                                q.show_if.clone(),
                            )
                        })
                        .collect::<Vec<_>>()
                })
                .collect::<Vec<_>>()
        };
        shape(self) == shape(other)
    }
}

fn check_options(q: &SurveyQuestion, at: &str, problems: &mut Vec<FieldError>) {
    use SurveyQuestionKind::*;
    let needs_options = matches!(q.kind, SingleChoice | MultipleChoice | Ranking | Matrix);
    if needs_options && q.options.len() < 2 {
        problems.push(problem(format!("{at}.options"), "length", "give at least two options"));
    }
    if !needs_options && !q.options.is_empty() {
        problems.push(problem(format!("{at}.options"), "not_allowed", "this kind of question has no options"));
    }
    if q.kind == Matrix && q.rows.is_empty() {
        problems.push(problem(format!("{at}.rows"), "length", "give at least one row"));
    }
    if q.kind != Matrix && !q.rows.is_empty() {
        problems.push(problem(format!("{at}.rows"), "not_allowed", "only a matrix has rows"));
    }
    for (list, name) in [(&q.options, "options"), (&q.rows, "rows")] {
        let mut seen = HashSet::new();
        for (j, c) in list.iter().enumerate() {
            if !id_ok(&c.id) {
                problems.push(problem(format!("{at}.{name}[{j}].id"), "pattern", "letters, digits, _ and - only"));
            } else if !seen.insert(c.id.as_str()) {
                problems.push(problem(format!("{at}.{name}[{j}].id"), "duplicate_id", "another option has this id"));
            }
        }
    }
}

fn check_bounds(q: &SurveyQuestion, at: &str, problems: &mut Vec<FieldError>) {
    use SurveyQuestionKind::*;
    match q.kind {
        MultipleChoice => {
            let most = q.max_choices.unwrap_or(q.options.len() as u32);
            if q.min_choices.unwrap_or(1) > most {
                problems.push(problem(format!("{at}.min_choices"), "range", "at most max_choices"));
            }
            if most as usize > q.options.len() {
                problems.push(problem(format!("{at}.max_choices"), "range", "at most the number of options"));
            }
        }
        Scale if !matches!(q.scale_max, Some(5) | Some(10)) => {
            problems.push(problem(format!("{at}.scale_max"), "range", "a scale goes to 5 or to 10"));
        }
        Number => {
            let finite = |v: Option<f64>| v.is_none_or(|v| v.is_finite() && v.abs() <= 1e12);
            if !finite(q.min) || !finite(q.max) {
                problems.push(problem(format!("{at}.min"), "range", "bounds between -10^12 and 10^12"));
            } else if let (Some(lo), Some(hi)) = (q.min, q.max)
                && lo > hi
            {
                problems.push(problem(format!("{at}.max"), "range", "at least min"));
            }
        }
        _ => {}
    }
    let only = |v: bool, name: &str, problems: &mut Vec<FieldError>| {
        if v {
            problems.push(problem(format!("{at}.{name}"), "not_allowed", "not for this kind of question"));
        }
    };
    only(q.kind != MultipleChoice && (q.min_choices.is_some() || q.max_choices.is_some()), "min_choices", problems);
    only(q.kind != Scale && q.scale_max.is_some(), "scale_max", problems);
    only(q.kind != Number && (q.min.is_some() || q.max.is_some()), "min", problems);
}

fn check_condition(
    c: &DisplayCondition,
    earlier: &HashMap<&str, &SurveyQuestion>,
    at: &str,
    problems: &mut Vec<FieldError>,
) {
    let Some(target) = earlier.get(c.question_id.as_str()) else {
        problems.push(problem(format!("{at}.question_id"), "unknown_question", "name an earlier question"));
        return;
    };
    let has_option = |id: &Option<String>| id.as_ref().is_some_and(|id| target.options.iter().any(|o| &o.id == id));
    let fits = match c.operator {
        ConditionOperator::Answered => c.option_id.is_none(),
        ConditionOperator::Equals | ConditionOperator::NotEquals => {
            target.kind == SurveyQuestionKind::SingleChoice && has_option(&c.option_id)
        }
        ConditionOperator::Contains => target.kind == SurveyQuestionKind::MultipleChoice && has_option(&c.option_id),
    };
    if !fits {
        problems.push(problem(
            format!("{at}.option_id"),
            "unknown_option",
            "equals and not_equals name an option of a single choice, contains one of a multiple choice, answered none",
        ));
    }
}
