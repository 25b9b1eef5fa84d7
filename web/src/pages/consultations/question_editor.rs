//! One question in the builder: its kind, texts and "required"; the options or a matrix's rows
//! (each moved up or down, removed; one added); the settings of its kind; its display condition on
//! an earlier question; and the problems the form found in it.

use leptos::prelude::*;
use madani_shared::consultations::*;

use super::builder::{At, Build, choice, needs_options, next_id, retype, text_input};
use super::kind_label;
use crate::components::form::{FormState, belongs};
use crate::components::label::label;
use crate::errors::field_text;
use crate::i18n::{format, k, text, tr, use_locale};

/// The problems the form shows for a question and its parts.
fn problems_of(form: FormState, field: String) -> impl IntoView {
    let locale = use_locale();
    move || {
        let lang = locale.get();
        let list: Vec<String> = form
            .fields
            .with(|all| all.iter().filter(|e| belongs(&field, &e.field)).map(|e| field_text(lang, e)).collect());
        (!list.is_empty()).then(|| view! { <ul class="field__error builder__errors">{list.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul> })
    }
}

#[component]
pub(super) fn QuestionEditor(b: Build, form: FormState, at: At, q: SurveyQuestion, last: bool) -> impl IntoView {
    let locale = use_locale();
    let base = format!("b-{}", q.id);
    let field = at.field();
    let frozen = b.frozen;
    for (part, input, key) in [
        ("", format!("{base}-title"), k::CONSULT_FIELD_QUESTION),
        (".options", format!("{base}-add-option"), k::CONSULT_OPTIONS),
        (".rows", format!("{base}-add-row"), k::CONSULT_ROWS),
        (".show_if", format!("{base}-cond-q"), k::CONSULT_CONDITION),
    ] {
        let (f, input) = (format!("{field}{part}"), input);
        let title = q.title.clone();
        form.control_with(
            Signal::derive(move || f.clone()),
            Signal::derive(move || input.clone()),
            Signal::derive(move || format!("{} – {}", title.get(locale.get()), text(locale.get(), key))),
        );
    }
    let kind = q.kind;
    let lang = b.lang.get_untracked();
    let move_base = base.clone();
    let move_q = move |up: bool| {
        let focus = format!("{move_base}-{}", if up { "up" } else { "down" });
        let At(s, i) = at;
        b.reshape(
            |x| {
                let sections = x.sections.len();
                if up && i > 0 {
                    x.sections[s].questions.swap(i, i - 1);
                } else if up && s > 0 {
                    let item = x.sections[s].questions.remove(i);
                    x.sections[s - 1].questions.push(item);
                } else if !up && i + 1 < x.sections[s].questions.len() {
                    x.sections[s].questions.swap(i, i + 1);
                } else if !up && s + 1 < sections {
                    let item = x.sections[s].questions.remove(i);
                    x.sections[s + 1].questions.insert(0, item);
                }
            },
            Some(focus),
        );
    };
    let move_down = move_q.clone();
    let (qid_up, qid_down) = (q.id.clone(), q.id.clone());
    let (s, i) = (at.0, at.1);
    let options = needs_options(kind).then(|| choices_editor(b, at, &q, false, &base));
    let rows = (kind == SurveyQuestionKind::Matrix).then(|| choices_editor(b, at, &q, true, &base));
    let settings = settings_editor(b, at, &q, &base);
    let condition = condition_editor(b, at, &q, &base);
    view! {
        <li class="builder-question card stack stack--tight" id=format!("{base}-box")>
            <div class="cluster builder-question__head">
                <strong>{format!("{} · ", q.id)} {move || kind_label(locale.get(), kind)}</strong>
                <span class="cluster">
                    <button type="button" class="btn btn--ghost btn--small" id=format!("{base}-up") disabled=frozen || (s == 0 && i == 0)
                        aria-label=move || format(locale.get(), k::CONSULT_MOVE_UP, &[("item", &qid_up)]) on:click=move |_| move_q(true)>"↑"</button>
                    <button type="button" class="btn btn--ghost btn--small" id=format!("{base}-down") disabled=frozen || (last && s + 1 == b.q.with_untracked(|q| q.sections.len()))
                        aria-label=move || format(locale.get(), k::CONSULT_MOVE_DOWN, &[("item", &qid_down)]) on:click=move |_| move_down(false)>"↓"</button>
                    <button type="button" class="btn btn--ghost btn--small" id=format!("{base}-remove") disabled=frozen
                        on:click=move |_| b.reshape(|x| { x.sections[s].questions.remove(i); }, Some(format!("b-add-{s}")))>{tr(k::CONSULT_REMOVE)}</button>
                </span>
            </div>
            {problems_of(form, field.clone())}
            <div class="field">
                <label class="field__label" for=format!("{base}-kind")>{tr(k::CONSULT_KIND)}</label>
                <select class="select" id=format!("{base}-kind") disabled=frozen on:change=move |ev| {
                    if let Some(kind) = SurveyQuestionKind::parse(&event_target_value(&ev)) {
                        b.question(at, |x| retype(x, kind, lang));
                        b.reshape(|_| {}, Some(format!("b-{}-kind", b.get(at).map(|x| x.id).unwrap_or_default())));
                    }
                }>
                    {SurveyQuestionKind::ALL.iter().map(|k2| view! { <option value=k2.as_str() selected=*k2 == kind>{move || kind_label(locale.get(), *k2)}</option> }).collect_view()}
                </select>
            </div>
            {text_input(b, format!("{base}-title"), k::CONSULT_FIELD_QUESTION, q.title.clone(), move |x, v| x.sections[s].questions[i].title = v, false)}
            {text_input(b, format!("{base}-help"), k::CONSULT_FIELD_HELP, q.help.clone(), move |x, v| x.sections[s].questions[i].help = v, true)}
            <label class="checkbox">
                <input type="checkbox" id=format!("{base}-required") disabled=frozen prop:checked=q.required
                    on:change=move |ev| { let on = event_target_checked(&ev); b.question(at, |x| x.required = on) } />
                {tr(k::CONSULT_FIELD_REQUIRED)}
            </label>
            {settings}
            {options}
            {rows}
            {condition}
        </li>
    }
}

/// The options (or a matrix's rows): each one's text, moved up or down, removed; one added.
fn choices_editor(b: Build, at: At, q: &SurveyQuestion, rows: bool, base: &str) -> impl IntoView + use<> {
    let list = if rows { q.rows.clone() } else { q.options.clone() };
    let n = list.len();
    let (s, i) = (at.0, at.1);
    let part = if rows { "row" } else { "option" };
    let frozen = b.frozen;
    let items = list
        .into_iter()
        .enumerate()
        .map(|(j, c)| {
            let id = format!("{base}-{part}-{j}");
            let up = format!("{base}-{part}-{j}-up");
            view! {
                <li class="builder-choice cluster">
                    {text_input(b, id, if rows { k::CONSULT_ROW } else { k::CONSULT_OPTION }, c.label.clone(), move |x, v| pick_list(x, s, i, rows)[j].label = v, false)}
                    <span class="cluster">
                        <button type="button" class="btn btn--ghost btn--small" id=up disabled=frozen || j == 0
                            aria-label=tr(k::CONSULT_MOVE_UP_ONE)
                            on:click=move |_| b.reshape(|x| pick_list(x, s, i, rows).swap(j, j - 1), Some(format!("b-{}-{part}-{}-up", b.get(at).map(|q| q.id).unwrap_or_default(), j - 1)))>"↑"</button>
                        <button type="button" class="btn btn--ghost btn--small" disabled=frozen || j + 1 == n
                            aria-label=tr(k::CONSULT_MOVE_DOWN_ONE)
                            on:click=move |_| b.reshape(|x| pick_list(x, s, i, rows).swap(j, j + 1), None)>"↓"</button>
                        <button type="button" class="btn btn--ghost btn--small" disabled={frozen || n <= if rows { 1 } else { 2 }}
                            aria-label=tr(k::CONSULT_REMOVE)
                            on:click=move |_| b.reshape(|x| { pick_list(x, s, i, rows).remove(j); }, None)>"✕"</button>
                    </span>
                </li>
            }
        })
        .collect_view();
    let add = move |_| {
        let lang = b.lang.get_untracked();
        b.reshape(
            |x| {
                let list = pick_list(x, s, i, rows);
                let id = next_id(if rows { "r" } else { "o" }, list.iter().map(|c| c.id.as_str()));
                let n = (list.len() + 1).to_string();
                list.push(choice(
                    id,
                    lang,
                    &format(lang, if rows { k::CONSULT_ROW_N } else { k::CONSULT_OPTION_N }, &[("n", &n)]),
                ));
            },
            Some(format!("{}-{part}-{n}", b.get(at).map(|q| format!("b-{}", q.id)).unwrap_or_default())),
        );
    };
    view! {
        <fieldset class="builder-choices">
            <legend class="field__label">{tr(if rows { k::CONSULT_ROWS } else { k::CONSULT_OPTIONS })}</legend>
            <ol class="stack stack--tight">{items}</ol>
            <button type="button" class="btn btn--secondary btn--small" id=format!("{base}-add-{part}") disabled={frozen || n >= 30} on:click=add>
                {tr(if rows { k::CONSULT_ADD_ROW } else { k::CONSULT_ADD_OPTION })}
            </button>
        </fieldset>
    }
}

/// The options (or the rows) of the question at `s`, `i`.
fn pick_list(x: &mut Questionnaire, s: usize, i: usize, rows: bool) -> &mut Vec<SurveyChoice> {
    let question = &mut x.sections[s].questions[i];
    if rows { &mut question.rows } else { &mut question.options }
}

/// A number input for an optional setting.
fn number_input<T: std::str::FromStr + ToString + Send + Sync + 'static>(
    b: Build,
    at: At,
    id: String,
    key: usize,
    value: Option<T>,
    set: fn(&mut SurveyQuestion, Option<T>),
) -> impl IntoView {
    view! {
        <div class="field">
            <label class="field__label" for=id.clone()>{tr(key)}</label>
            <input class="input input--number" type="number" id=id dir="ltr" disabled=b.frozen prop:value=value.map(|v| v.to_string()).unwrap_or_default()
                on:change=move |ev| { let v = event_target_value(&ev).trim().parse::<T>().ok(); b.question(at, |x| set(x, v)) } />
        </div>
    }
}

/// The settings of a kind: picks allowed, the scale and its end labels, a number's bounds.
fn settings_editor(b: Build, at: At, q: &SurveyQuestion, base: &str) -> AnyView {
    let (s, i) = (at.0, at.1);
    match q.kind {
        SurveyQuestionKind::MultipleChoice => view! {
            <div class="cluster">
                {number_input(b, at, format!("{base}-min-choices"), k::CONSULT_MIN_CHOICES, q.min_choices, |x, v| x.min_choices = v)}
                {number_input(b, at, format!("{base}-max-choices"), k::CONSULT_MAX_CHOICES, q.max_choices, |x, v| x.max_choices = v)}
            </div>
        }
        .into_any(),
        SurveyQuestionKind::Scale => {
            let max = q.scale_max.unwrap_or(5);
            view! {
                <div class="field">
                    <label class="field__label" for=format!("{base}-scale")>{tr(k::CONSULT_SCALE_MAX)}</label>
                    <select class="select" id=format!("{base}-scale") disabled=b.frozen on:change=move |ev| {
                        let v = event_target_value(&ev).parse().ok();
                        b.question(at, |x| x.scale_max = v)
                    }>
                        <option value="5" selected=max == 5>"1 – 5"</option>
                        <option value="10" selected=max == 10>"1 – 10"</option>
                    </select>
                </div>
                {text_input(b, format!("{base}-low"), k::CONSULT_LOW_LABEL, q.low_label.clone(), move |x, v| x.sections[s].questions[i].low_label = v, false)}
                {text_input(b, format!("{base}-high"), k::CONSULT_HIGH_LABEL, q.high_label.clone(), move |x, v| x.sections[s].questions[i].high_label = v, false)}
            }
            .into_any()
        }
        SurveyQuestionKind::Number => view! {
            <div class="cluster">
                {number_input(b, at, format!("{base}-min"), k::CONSULT_MIN, q.min, |x, v| x.min = v)}
                {number_input(b, at, format!("{base}-max"), k::CONSULT_MAX, q.max, |x, v| x.max = v)}
            </div>
        }
        .into_any(),
        _ => ().into_any(),
    }
}

/// "Show only when": an earlier question, how to compare, and its option.
fn condition_editor(b: Build, at: At, q: &SurveyQuestion, base: &str) -> impl IntoView + use<> {
    let locale = use_locale();
    let earlier: Vec<SurveyQuestion> = b.q.with_untracked(|x| {
        x.sections
            .iter()
            .enumerate()
            .flat_map(|(s, sec)| {
                sec.questions.iter().enumerate().filter(move |(i, _)| (s, *i) < (at.0, at.1)).map(|(_, q)| q.clone())
            })
            .collect()
    });
    let cond = q.show_if.clone();
    let target = cond.as_ref().and_then(|c| earlier.iter().find(|q| q.id == c.question_id).cloned());
    let set = move |c: Option<DisplayCondition>| {
        let focus = format!("b-{}-cond-q", b.get(at).map(|q| q.id).unwrap_or_default());
        b.question(at, |x| x.show_if = c);
        b.reshape(|_| {}, Some(focus));
    };
    let current_q = cond.as_ref().map(|c| c.question_id.clone()).unwrap_or_default();
    let operators: Vec<ConditionOperator> = match target.as_ref().map(|t| t.kind) {
        Some(SurveyQuestionKind::SingleChoice) => {
            vec![ConditionOperator::Equals, ConditionOperator::NotEquals, ConditionOperator::Answered]
        }
        Some(SurveyQuestionKind::MultipleChoice) => vec![ConditionOperator::Contains, ConditionOperator::Answered],
        Some(_) => vec![ConditionOperator::Answered],
        None => Vec::new(),
    };
    let on_question = {
        let earlier = earlier.clone();
        move |ev| {
            let id = event_target_value(&ev);
            let c = earlier.iter().find(|q| q.id == id).map(|t| {
                let (operator, option_id) = match t.kind {
                    SurveyQuestionKind::SingleChoice => {
                        (ConditionOperator::Equals, t.options.first().map(|o| o.id.clone()))
                    }
                    SurveyQuestionKind::MultipleChoice => {
                        (ConditionOperator::Contains, t.options.first().map(|o| o.id.clone()))
                    }
                    _ => (ConditionOperator::Answered, None),
                };
                DisplayCondition { question_id: t.id.clone(), operator, option_id }
            });
            set(c);
        }
    };
    let detail = cond.clone().zip(target).map(|(c, t)| {
        let (c1, c2) = (c.clone(), c.clone());
        let needs_option = c.operator != ConditionOperator::Answered;
        view! {
            <div class="field">
                <label class="field__label" for=format!("{base}-cond-op")>{tr(k::CONSULT_CONDITION_OPERATOR)}</label>
                <select class="select" id=format!("{base}-cond-op") disabled=b.frozen on:change=move |ev| {
                    if let Some(op) = ConditionOperator::parse(&event_target_value(&ev)) {
                        let mut c = c1.clone();
                        c.operator = op;
                        c.option_id = (op != ConditionOperator::Answered).then(|| c.option_id.clone().or_else(|| t.options.first().map(|o| o.id.clone()))).flatten();
                        set(Some(c));
                    }
                }>
                    {operators.into_iter().map(|op| view! { <option value=op.as_str() selected=op == c.operator>{move || label(locale.get(), "consult.operator", op.as_str())}</option> }).collect_view()}
                </select>
            </div>
            {needs_option.then(|| {
                let options = b.q.with_untracked(|x| x.question(&c.question_id).map(|q| q.options.clone()).unwrap_or_default());
                view! {
                    <div class="field">
                        <label class="field__label" for=format!("{base}-cond-option")>{tr(k::CONSULT_CONDITION_OPTION)}</label>
                        <select class="select" id=format!("{base}-cond-option") disabled=b.frozen on:change=move |ev| {
                            let mut c = c2.clone();
                            c.option_id = Some(event_target_value(&ev));
                            set(Some(c));
                        }>
                            {options.into_iter().map(|o| {
                                let selected = c.option_id.as_deref() == Some(o.id.as_str());
                                view! { <option value=o.id.clone() selected=selected>{move || o.label.get(locale.get()).to_owned()}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                }
            })}
        }
    });
    view! {
        <fieldset class="builder-condition cluster">
            <legend class="field__label">{tr(k::CONSULT_CONDITION)}</legend>
            <div class="field">
                <label class="field__label" for=format!("{base}-cond-q")>{tr(k::CONSULT_CONDITION_QUESTION)}</label>
                <select class="select" id=format!("{base}-cond-q") disabled=b.frozen || earlier.is_empty() on:change=on_question>
                    <option value="" selected=current_q.is_empty()>{tr(k::CONSULT_ALWAYS_SHOWN)}</option>
                    {earlier.iter().map(|q| {
                        let title = q.title.clone();
                        let id = q.id.clone();
                        let selected = id == current_q;
                        let value = id.clone();
                        view! { <option value=value selected=selected>{move || format!("{id} – {}", title.get(locale.get()))}</option> }
                    }).collect_view()}
                </select>
            </div>
            {detail}
        </fieldset>
    }
}
