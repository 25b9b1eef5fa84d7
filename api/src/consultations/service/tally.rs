//! What one final answer adds to the results' tallies: a pure function, so that submitting adds it,
//! changing an answer takes the old one away and adds the new, and a test can recompute the whole.

use std::collections::BTreeMap;

use madani_shared::consultations::{AnswerItem, Questionnaire, SurveyQuestionKind};

use super::super::repo::answers::TallyKey;

/// (question, option or value, dimension, dimension value) → (count, total). Sorted, so that
/// concurrent submissions update rows in one order.
pub type Deltas = BTreeMap<TallyKey, (i64, f64)>;

/// The dimension of every answer.
pub const ALL: &str = "all";

/// The row whose count is the tallies' version: every submission adds one to it, in its
/// transaction, so that results computed for a version are true until the count moves.
pub fn version_key() -> TallyKey {
    (String::new(), String::new(), "version".to_owned(), String::new())
}

/// A number as a tally key: the shortest form that reads back the same (`3`, `2.5`).
pub fn number_key(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 { format!("{}", v as i64) } else { format!("{v}") }
}

/// Where the respondent stands: their wilaya and fields, for the breakdowns.
pub struct Place<'a> {
    pub wilaya: Option<&'a str>,
    pub fields: &'a [String],
}

/// The tallies of one answer, each counted `sign` times (1 to add it, -1 to take it away).
pub fn deltas(questionnaire: &Questionnaire, answers: &[AnswerItem], place: &Place<'_>, sign: i64) -> Deltas {
    let mut out = Deltas::new();
    let all = [(ALL.to_owned(), String::new())];
    let mut groups: Vec<(String, String)> = all.to_vec();
    if let Some(w) = place.wilaya {
        groups.push(("wilaya".into(), w.to_owned()));
    }
    groups.extend(place.fields.iter().map(|f| ("field".to_owned(), f.clone())));
    let mut add = |dims: &[(String, String)], q: &str, option: String, total: f64| {
        for (d, v) in dims {
            let e = out.entry((q.to_owned(), option.clone(), d.clone(), v.clone())).or_insert((0, 0.0));
            e.0 += sign;
            e.1 += total * sign as f64;
        }
    };
    // The respondents, per group: the breakdowns' sizes.
    add(&groups, "", String::new(), 0.0);
    for a in answers.iter().filter(|a| !a.is_blank()) {
        let Some(q) = questionnaire.question(&a.question_id) else { continue };
        let broken_down = matches!(
            q.kind,
            SurveyQuestionKind::SingleChoice | SurveyQuestionKind::MultipleChoice | SurveyQuestionKind::Scale
        );
        let dims: &[(String, String)] = if broken_down { &groups } else { &all };
        let value = a.number.unwrap_or(0.0);
        // Answered, with the sum of values for a mean.
        add(dims, &q.id, String::new(), value);
        match q.kind {
            SurveyQuestionKind::SingleChoice => {
                if let Some(c) = &a.choice {
                    add(dims, &q.id, c.clone(), 0.0);
                }
            }
            SurveyQuestionKind::MultipleChoice => {
                for c in &a.choices {
                    add(dims, &q.id, c.clone(), 0.0);
                }
            }
            SurveyQuestionKind::Scale | SurveyQuestionKind::Number => {
                if let Some(v) = a.number {
                    add(dims, &q.id, number_key(v), v);
                }
            }
            SurveyQuestionKind::Ranking => {
                for (rank, option) in a.ranking.iter().enumerate() {
                    add(dims, &q.id, option.clone(), (rank + 1) as f64);
                }
            }
            SurveyQuestionKind::Date => {
                if let Some(d) = a.date {
                    add(dims, &q.id, d.to_string(), 0.0);
                }
            }
            SurveyQuestionKind::Matrix => {
                for cell in &a.matrix {
                    add(dims, &q.id, format!("{}:{}", cell.row, cell.choice), 0.0);
                }
            }
            SurveyQuestionKind::ShortText | SurveyQuestionKind::LongText => {}
        }
    }
    out
}

/// Add `b` into `a` (what cancels out stays, as zeros).
pub fn add_into(a: &mut Deltas, b: Deltas) {
    for (k, (c, t)) in b {
        let e = a.entry(k).or_insert((0, 0.0));
        e.0 += c;
        e.1 += t;
    }
}

/// `a` plus `b`, dropping what cancels out.
pub fn merge(mut a: Deltas, b: Deltas) -> Deltas {
    for (k, (c, t)) in b {
        let e = a.entry(k).or_insert((0, 0.0));
        e.0 += c;
        e.1 += t;
    }
    a.retain(|_, (c, t)| *c != 0 || *t != 0.0);
    a
}

#[cfg(test)]
mod tests {
    use super::*;
    use madani_shared::LocalizedText;
    use madani_shared::consultations::{SurveyChoice, SurveyQuestion, SurveySection};

    fn questionnaire() -> Questionnaire {
        let q = |id: &str, kind, options: &[&str]| SurveyQuestion {
            id: id.into(),
            kind,
            title: LocalizedText { fr: Some(id.into()), ..Default::default() },
            help: LocalizedText::default(),
            required: false,
            options: options
                .iter()
                .map(|o| SurveyChoice { id: (*o).into(), label: LocalizedText::default() })
                .collect(),
            rows: vec![],
            min_choices: None,
            max_choices: None,
            scale_max: Some(5).filter(|_| kind == SurveyQuestionKind::Scale),
            low_label: LocalizedText::default(),
            high_label: LocalizedText::default(),
            min: None,
            max: None,
            show_if: None,
        };
        Questionnaire {
            sections: vec![SurveySection {
                title: LocalizedText::default(),
                questions: vec![
                    q("m", SurveyQuestionKind::MultipleChoice, &["a", "b", "c"]),
                    q("s", SurveyQuestionKind::Scale, &[]),
                    q("r", SurveyQuestionKind::Ranking, &["x", "y"]),
                ],
            }],
        }
    }

    fn key(q: &str, o: &str, d: &str, v: &str) -> TallyKey {
        (q.into(), o.into(), d.into(), v.into())
    }

    #[test]
    fn an_answer_counts_each_option_and_a_change_moves_the_counts() {
        let q = questionnaire();
        let fields = vec!["youth".to_owned()];
        let place = Place { wilaya: Some("06"), fields: &fields };
        let answer = |choices: &[&str], score: f64| {
            vec![
                AnswerItem {
                    question_id: "m".into(),
                    choices: choices.iter().map(|c| (*c).to_owned()).collect(),
                    ..Default::default()
                },
                AnswerItem { question_id: "s".into(), number: Some(score), ..Default::default() },
                AnswerItem { question_id: "r".into(), ranking: vec!["y".into(), "x".into()], ..Default::default() },
            ]
        };
        let first = deltas(&q, &answer(&["a", "c"], 4.0), &place, 1);
        // A multiple choice counts options, not combinations.
        assert_eq!(first[&key("m", "a", ALL, "")], (1, 0.0));
        assert_eq!(first[&key("m", "c", "wilaya", "06")], (1, 0.0));
        assert!(!first.contains_key(&key("m", "a,c", ALL, "")));
        assert_eq!(first[&key("s", "4", "field", "youth")], (1, 4.0));
        assert_eq!(first[&key("r", "y", ALL, "")], (1, 1.0));
        assert_eq!(first[&key("r", "x", ALL, "")], (1, 2.0));
        assert!(!first.contains_key(&key("r", "x", "wilaya", "06")), "rankings are not broken down");
        assert_eq!(first[&key("", "", "wilaya", "06")], (1, 0.0));
        // Changing the answer: the old one taken away, the new one added; what did not change cancels.
        let change =
            merge(deltas(&q, &answer(&["b"], 4.0), &place, 1), deltas(&q, &answer(&["a", "c"], 4.0), &place, -1));
        assert_eq!(change[&key("m", "a", ALL, "")], (-1, 0.0));
        assert_eq!(change[&key("m", "b", ALL, "")], (1, 0.0));
        assert!(!change.contains_key(&key("s", "4", ALL, "")));
        assert!(!change.contains_key(&key("", "", ALL, "")));
    }
}
