//! The answer checks: what is refused, with which code, and where.

use super::*;
use crate::consultations::{ConditionOperator, DisplayCondition, SurveyChoice, SurveySection};
use crate::text::LocalizedText;

fn text(s: &str) -> LocalizedText {
    LocalizedText { fr: Some(s.into()), ..Default::default() }
}

fn question(
    id: &str,
    kind: SurveyQuestionKind,
    options: &[&str],
    show_if: Option<(&str, ConditionOperator, Option<&str>)>,
) -> SurveyQuestion {
    SurveyQuestion {
        id: id.into(),
        kind,
        title: text(id),
        help: LocalizedText::default(),
        required: true,
        options: options.iter().map(|o| SurveyChoice { id: (*o).into(), label: text(o) }).collect(),
        rows: vec![],
        min_choices: None,
        max_choices: None,
        scale_max: None,
        low_label: LocalizedText::default(),
        high_label: LocalizedText::default(),
        min: None,
        max: None,
        show_if: show_if.map(|(q, operator, o)| DisplayCondition {
            question_id: q.into(),
            operator,
            option_id: o.map(str::to_owned),
        }),
    }
}

/// `a` single (x, y); `b` multiple (p, q) shown when a = x; `c` text shown when b contains q;
/// `d` date shown when c is answered.
fn chain() -> Questionnaire {
    Questionnaire {
        sections: vec![SurveySection {
            title: LocalizedText::default(),
            questions: vec![
                question("a", SurveyQuestionKind::SingleChoice, &["x", "y"], None),
                question(
                    "b",
                    SurveyQuestionKind::MultipleChoice,
                    &["p", "q"],
                    Some(("a", ConditionOperator::Equals, Some("x"))),
                ),
                question("c", SurveyQuestionKind::ShortText, &[], Some(("b", ConditionOperator::Contains, Some("q")))),
                question("d", SurveyQuestionKind::Date, &[], Some(("c", ConditionOperator::Answered, None))),
            ],
        }],
    }
}

fn item(q: &str) -> AnswerItem {
    AnswerItem { question_id: q.into(), ..Default::default() }
}

#[test]
fn a_condition_hides_what_follows_from_a_hidden_question() {
    let q = chain();
    assert!(q.check().is_ok());
    let shown = |answers: &[AnswerItem]| {
        let mut v: Vec<&str> = visible_questions(&q, answers).into_iter().collect();
        v.sort();
        v.join("")
    };
    assert_eq!(shown(&[]), "a");
    let a_x = AnswerItem { choice: Some("x".into()), ..item("a") };
    let b_q = AnswerItem { choices: vec!["q".into()], ..item("b") };
    let c = AnswerItem { text: Some("oui".into()), ..item("c") };
    assert_eq!(shown(&[a_x.clone(), b_q.clone(), c.clone()]), "abcd");
    // a = y hides b, and with it c and d, whatever they say.
    let a_y = AnswerItem { choice: Some("y".into()), ..item("a") };
    assert_eq!(shown(&[a_y.clone(), b_q, c]), "a");
    // Required and hidden questions at submission.
    let problems = check_answers(&q, &[a_x], true).unwrap_err();
    assert_eq!(
        problems.iter().map(|p| (p.field.as_str(), p.code.as_str())).collect::<Vec<_>>(),
        vec![("answers.b", "required")]
    );
    assert!(check_answers(&q, std::slice::from_ref(&a_y), true).is_ok());
    let hidden = [a_y, AnswerItem { choices: vec!["p".into()], ..item("b") }];
    assert_eq!(check_answers(&q, &hidden, true).unwrap_err()[0].code, "hidden_question");
    assert!(check_answers(&q, &hidden, false).is_ok(), "a draft may keep it");
}

#[test]
fn the_structure_is_checked_before_it_is_stored() {
    let mut q = chain();
    q.sections[0].questions[3].show_if.as_mut().unwrap().question_id = "z".into();
    q.sections[0].questions[1].options.truncate(1);
    q.sections[0].questions.push(question("a", SurveyQuestionKind::Scale, &[], None));
    let fields: Vec<(String, String)> = q.check().unwrap_err().into_iter().map(|p| (p.field, p.code)).collect();
    assert!(fields.contains(&("sections[0].questions[1].options".into(), "length".into())), "{fields:?}");
    assert!(fields.contains(&("sections[0].questions[3].show_if.question_id".into(), "unknown_question".into())));
    assert!(fields.contains(&("sections[0].questions[4].id".into(), "duplicate_id".into())));
    assert!(fields.contains(&("sections[0].questions[4].scale_max".into(), "range".into())));
    // Only texts change: the same structure.
    let mut renamed = chain();
    renamed.sections[0].questions[0].title = text("A?");
    assert!(chain().same_structure(&renamed));
    renamed.sections[0].questions[0].required = false;
    assert!(!chain().same_structure(&renamed));
}

#[test]
fn each_kind_takes_its_own_answer() {
    let mut scale = question("s", SurveyQuestionKind::Scale, &[], None);
    scale.scale_max = Some(5);
    let ranking = question("r", SurveyQuestionKind::Ranking, &["1", "2", "3"], None);
    let q = Questionnaire {
        sections: vec![SurveySection { title: LocalizedText::default(), questions: vec![scale, ranking] }],
    };
    let code = |a: AnswerItem| check_answers(&q, &[a], false).err().map(|p| p[0].code.clone());
    assert_eq!(code(AnswerItem { number: Some(5.0), ..item("s") }), None);
    assert_eq!(code(AnswerItem { number: Some(2.5), ..item("s") }).as_deref(), Some("out_of_range"));
    assert_eq!(code(AnswerItem { number: Some(6.0), ..item("s") }).as_deref(), Some("out_of_range"));
    assert_eq!(code(AnswerItem { text: Some("5".into()), ..item("s") }).as_deref(), Some("wrong_kind"));
    let ranked = |r: &[&str]| AnswerItem { ranking: r.iter().map(|s| (*s).to_owned()).collect(), ..item("r") };
    assert_eq!(code(ranked(&["3", "1", "2"])), None);
    assert_eq!(code(ranked(&["3", "1"])).as_deref(), Some("unknown_option"));
    assert_eq!(code(ranked(&["3", "1", "1"])).as_deref(), Some("unknown_option"));
    assert_eq!(code(item("nope")).as_deref(), Some("unknown_question"));
}
