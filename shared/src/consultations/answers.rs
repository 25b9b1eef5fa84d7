//! Answers: a draft kept on the server as you go, one final submission, and their checks against
//! the questionnaire (an unknown option, a value out of range, a missing required answer, an
//! answer to a hidden question).

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

use super::{Questionnaire, SurveyQuestion, SurveyQuestionKind};
use crate::associations::string_enum;
use crate::error::FieldError;
use crate::ids::{AssociationId, ConsultationId};

string_enum!(
    /// Where an answer stands.
    AnswerStatus {
        /// Saved as you go; nobody but the respondent (for an association: its members) sees it.
        Draft = "draft",
        /// The final answer, counted in the results.
        Submitted = "submitted",
    }
);

/// A matrix row's choice.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(remote = "Self")]
pub struct MatrixAnswer {
    #[validate(length(min = 1, max = 40))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 40))]
    pub row: String,
    #[validate(length(min = 1, max = 40))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 40))]
    pub choice: String,
}
crate::json::object_only!(MatrixAnswer);

/// The answer to one question: the member that fits its kind (`choice` for a single choice,
/// `choices` for a multiple choice, `number` for a scale or a number, `text`, `date`, `ranking`
/// with every option in order, `matrix` with a choice per row).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(remote = "Self")]
pub struct AnswerItem {
    #[validate(length(min = 1, max = 40))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 40))]
    pub question_id: String,
    #[validate(length(min = 1, max = 40))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 40))]
    pub choice: Option<String>,
    #[validate(length(max = 30))]
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(max_items = 30))]
    pub choices: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = -1e12, maximum = 1e12))]
    pub number: Option<f64>,
    #[validate(length(max = 5000))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 5000))]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))]
    pub date: Option<NaiveDate>,
    #[validate(length(max = 30))]
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(max_items = 30))]
    pub ranking: Vec<String>,
    #[validate(length(max = 30), nested)]
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(max_items = 30))]
    pub matrix: Vec<MatrixAnswer>,
}
crate::json::object_only!(AnswerItem);

impl AnswerItem {
    /// Whether it holds no answer at all (a cleared question).
    pub fn is_blank(&self) -> bool {
        self.choice.is_none()
            && self.choices.is_empty()
            && self.number.is_none()
            && self.text.as_deref().is_none_or(|t| t.trim().is_empty())
            && self.date.is_none()
            && self.ranking.is_empty()
            && self.matrix.is_empty()
    }
}

/// Save the draft, or submit the final answer. For an association's answer, name the association
/// (you must be its member to save a draft, its owner or an admin to submit); for a member's answer of a
/// targeted consultation, the association through which you are targeted.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "association_id": "01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e7a",
    "answers": [{"question_id": "funding", "choice": "yes"}, {"question_id": "amount", "number": 250000}]
})))]
pub struct SaveAnswer {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub association_id: Option<AssociationId>,
    #[validate(length(max = 200), nested)]
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 200))]
    pub answers: Vec<AnswerItem>,
}

/// Whose answer to read: an association's (name it) or your own.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct AnswerQuery {
    /// The association whose answer it is (association consultations).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub association_id: Option<AssociationId>,
}

/// An answer as its respondent sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsultationAnswer {
    pub consultation_id: ConsultationId,
    pub association_id: Option<AssociationId>,
    pub status: AnswerStatus,
    pub answers: Vec<AnswerItem>,
    pub updated_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    /// Who submitted it (for an association: the officer).
    pub submitted_by: Option<String>,
    /// Whether the viewer may submit (or, where the consultation allows it, change) it now.
    pub can_submit: bool,
}

/// The questions shown for these answers: a question with a display condition is shown when the
/// condition holds for the answer to the question it names (itself shown).
pub fn visible_questions<'a>(questionnaire: &'a Questionnaire, answers: &[AnswerItem]) -> HashSet<&'a str> {
    let by_id: HashMap<&str, &AnswerItem> = answers.iter().map(|a| (a.question_id.as_str(), a)).collect();
    let mut shown: HashSet<&str> = HashSet::new();
    for q in questionnaire.questions() {
        let visible = match &q.show_if {
            None => true,
            Some(c) if !shown.contains(c.question_id.as_str()) => false,
            Some(c) => {
                let answer = by_id.get(c.question_id.as_str()).filter(|a| !a.is_blank());
                let option = c.option_id.as_deref();
                match c.operator {
                    super::ConditionOperator::Answered => answer.is_some(),
                    super::ConditionOperator::Equals => answer.is_some_and(|a| a.choice.as_deref() == option),
                    super::ConditionOperator::NotEquals => {
                        answer.is_some_and(|a| a.choice.is_some() && a.choice.as_deref() != option)
                    }
                    super::ConditionOperator::Contains => {
                        answer.is_some_and(|a| option.is_some_and(|o| a.choices.iter().any(|c| c == o)))
                    }
                }
            }
        };
        if visible {
            shown.insert(q.id.as_str());
        }
    }
    shown
}

/// Check answers against the questionnaire. A draft may be incomplete and may answer questions its
/// other answers hide (they are dropped at submission); a final answer must answer every required
/// question shown and no hidden one. Problems name `answers[i]` (the item) or, for a missing answer,
/// `answers.<question_id>`.
pub fn check_answers(
    questionnaire: &Questionnaire,
    answers: &[AnswerItem],
    submit: bool,
) -> Result<(), Vec<FieldError>> {
    let mut problems = Vec::new();
    let shown = visible_questions(questionnaire, answers);
    let mut seen = HashSet::new();
    for (i, a) in answers.iter().enumerate() {
        let at = format!("answers[{i}]");
        let Some(q) = questionnaire.question(&a.question_id) else {
            problems.push(FieldError::new(&at, "unknown_question", "no such question"));
            continue;
        };
        if !seen.insert(a.question_id.as_str()) {
            problems.push(FieldError::new(&at, "answered_twice", "the question is answered twice"));
            continue;
        }
        if a.is_blank() {
            continue;
        }
        if submit && !shown.contains(q.id.as_str()) {
            problems.push(FieldError::new(&at, "hidden_question", "the question is not shown for these answers"));
            continue;
        }
        if let Err((code, message)) = check_one(q, a) {
            problems.push(FieldError::new(&at, code, message));
        }
    }
    if submit {
        for q in questionnaire.questions().filter(|q| q.required && shown.contains(q.id.as_str())) {
            let answered = answers.iter().any(|a| a.question_id == q.id && !a.is_blank());
            if !answered {
                problems.push(FieldError::new(
                    &format!("answers.{}", q.id),
                    "required",
                    "this question needs an answer",
                ));
            }
        }
    }
    if problems.is_empty() { Ok(()) } else { Err(problems) }
}

type Refusal = (&'static str, &'static str);

fn check_one(q: &SurveyQuestion, a: &AnswerItem) -> Result<(), Refusal> {
    use SurveyQuestionKind::*;
    let option = |id: &str| q.options.iter().any(|o| o.id == id);
    let wrong_member: Refusal = ("wrong_kind", "this answer does not fit the kind of question");
    let only = |ok: bool| if ok { Ok(()) } else { Err(wrong_member) };
    match q.kind {
        SingleChoice => {
            only(
                a.choices.is_empty()
                    && a.number.is_none()
                    && a.text.is_none()
                    && a.date.is_none()
                    && a.ranking.is_empty()
                    && a.matrix.is_empty(),
            )?;
            let choice = a.choice.as_deref().ok_or(wrong_member)?;
            if !option(choice) {
                return Err(("unknown_option", "no such option"));
            }
        }
        MultipleChoice => {
            only(
                a.choice.is_none()
                    && a.number.is_none()
                    && a.text.is_none()
                    && a.date.is_none()
                    && a.ranking.is_empty()
                    && a.matrix.is_empty(),
            )?;
            if !a.choices.iter().all(|c| option(c)) {
                return Err(("unknown_option", "no such option"));
            }
            if a.choices.iter().collect::<HashSet<_>>().len() != a.choices.len() {
                return Err(("picked_twice", "an option is picked twice"));
            }
            let n = a.choices.len() as u32;
            if n < q.min_choices.unwrap_or(1) || n > q.max_choices.unwrap_or(q.options.len() as u32) {
                return Err(("out_of_range", "too few or too many options picked"));
            }
        }
        Scale | Number => {
            only(
                a.choice.is_none()
                    && a.choices.is_empty()
                    && a.text.is_none()
                    && a.date.is_none()
                    && a.ranking.is_empty()
                    && a.matrix.is_empty(),
            )?;
            let v = a.number.ok_or(wrong_member)?;
            let (lo, hi) = if q.kind == Scale {
                (1.0, f64::from(q.scale_max.unwrap_or(5)))
            } else {
                (q.min.unwrap_or(-1e12), q.max.unwrap_or(1e12))
            };
            if !v.is_finite() || v < lo || v > hi || (q.kind == Scale && v.fract() != 0.0) {
                return Err(("out_of_range", "the value is out of range"));
            }
        }
        ShortText | LongText => {
            only(
                a.choice.is_none()
                    && a.choices.is_empty()
                    && a.number.is_none()
                    && a.date.is_none()
                    && a.ranking.is_empty()
                    && a.matrix.is_empty(),
            )?;
            let text = a.text.as_deref().ok_or(wrong_member)?;
            let most = if q.kind == ShortText { 500 } else { 5000 };
            if text.chars().count() > most {
                return Err(("length", "the text is too long"));
            }
        }
        Date => {
            only(
                a.choice.is_none()
                    && a.choices.is_empty()
                    && a.number.is_none()
                    && a.text.is_none()
                    && a.ranking.is_empty()
                    && a.matrix.is_empty(),
            )?;
            a.date.ok_or(wrong_member)?;
        }
        Ranking => {
            only(
                a.choice.is_none()
                    && a.choices.is_empty()
                    && a.number.is_none()
                    && a.text.is_none()
                    && a.date.is_none()
                    && a.matrix.is_empty(),
            )?;
            let ranked: HashSet<&str> = a.ranking.iter().map(String::as_str).collect();
            let all: HashSet<&str> = q.options.iter().map(|o| o.id.as_str()).collect();
            if ranked != all || a.ranking.len() != q.options.len() {
                return Err(("unknown_option", "rank every option once"));
            }
        }
        Matrix => {
            only(
                a.choice.is_none()
                    && a.choices.is_empty()
                    && a.number.is_none()
                    && a.text.is_none()
                    && a.date.is_none()
                    && a.ranking.is_empty(),
            )?;
            let mut rows = HashSet::new();
            for cell in &a.matrix {
                if !q.rows.iter().any(|r| r.id == cell.row) || !option(&cell.choice) || !rows.insert(cell.row.as_str())
                {
                    return Err(("unknown_option", "a choice per row, among the options"));
                }
            }
            if q.required && rows.len() != q.rows.len() {
                return Err(("required", "answer every row"));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
