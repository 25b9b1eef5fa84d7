//! The controls of a consultation's questions, one per kind, each a labelled group with its hint and
//! its error: radio groups, checkboxes, a scale as radio buttons with its end labels, a ranking with
//! up/down buttons that keep the focus and announce the new place, text, number and date inputs,
//! and a matrix as a table of radio groups. The answers live in one signal shared by the page.

use leptos::prelude::*;
use madani_shared::consultations::*;
use madani_shared::text::Language;

use super::focus_soon;
use crate::components::form::{FormState, field_error};
use crate::i18n::{format, k, tr, use_locale};

/// The answer to `question` in `answers` (blank when there is none).
pub(crate) fn answer_of(answers: &[AnswerItem], question: &str) -> AnswerItem {
    answers
        .iter()
        .find(|a| a.question_id == question)
        .cloned()
        .unwrap_or_else(|| AnswerItem { question_id: question.to_owned(), ..Default::default() })
}

/// Change the answer to `question`.
pub(crate) fn set_answer(answers: RwSignal<Vec<AnswerItem>>, question: &str, change: impl FnOnce(&mut AnswerItem)) {
    answers.update(|list| {
        let i = match list.iter().position(|a| a.question_id == question) {
            Some(i) => i,
            None => {
                list.push(AnswerItem { question_id: question.to_owned(), ..Default::default() });
                list.len() - 1
            }
        };
        change(&mut list[i]);
    });
}

/// The field the server and `check_answers` name for a question's missing answer; an item's
/// problems (`answers[i]`) are renamed to it by the page.
pub(crate) fn answer_field(question: &str) -> String {
    format!("answers.{question}")
}

/// One question: its title (numbered), "required", its help, its error and its control.
#[component]
pub(crate) fn QuestionControl(
    q: SurveyQuestion,
    answers: RwSignal<Vec<AnswerItem>>,
    form: FormState,
    /// Makes the ids unique on the page (the preview and the form may both be there).
    prefix: &'static str,
    #[prop(optional)] number: Option<usize>,
    #[prop(into, default = Signal::stored(false))] disabled: Signal<bool>,
) -> impl IntoView {
    let locale = use_locale();
    let base = format!("{prefix}-{}", q.id);
    let title_id = format!("{base}-title");
    let hint_id = format!("{base}-hint");
    let field = answer_field(&q.id);
    let title = q.title.clone();
    let help = q.help.clone();
    let has_help = !q.help.is_empty();
    let first_input = match q.kind {
        SurveyQuestionKind::Ranking => format!("{base}-rank"),
        SurveyQuestionKind::Matrix => format!("{base}-m0-0"),
        SurveyQuestionKind::Scale | SurveyQuestionKind::SingleChoice | SurveyQuestionKind::MultipleChoice => {
            format!("{base}-0")
        }
        _ => format!("{base}-input"),
    };
    {
        let field = field.clone();
        let title = title.clone();
        let input = first_input.clone();
        form.control_with(
            Signal::derive(move || field.clone()),
            Signal::derive(move || input.clone()),
            Signal::derive(move || title.get(locale.get()).to_owned()),
        );
    }
    let error_field = field.clone();
    let has_error = move || form.error_for(&error_field).is_some();
    let described = {
        let (hint_id, base) = (hint_id.clone(), base.clone());
        let has_error = has_error.clone();
        move || {
            let mut ids = Vec::new();
            if has_help {
                ids.push(hint_id.clone());
            }
            if has_error() {
                ids.push(format!("{base}-error"));
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let required = q.required;
    let q_box = format!("{base}-q");
    let control = control_for(q.clone(), answers, base.clone(), title_id.clone(), described.clone(), disabled);
    let clear_field = field.clone();
    // Any change to this answer clears its error.
    let qid = q.id.clone();
    Effect::watch(move || answers.with(|list| answer_of(list, &qid)), move |_, _, _| form.changed(&clear_field), false);
    view! {
        <fieldset
            class="survey-q"
            class:survey-q--invalid=has_error.clone()
            id=q_box
            aria-describedby=described
            aria-invalid=move || has_error().then_some("true")
        >
            <legend class="survey-q__title" id=title_id>
                {number.map(|n| view! { <span class="survey-q__n">{format!("{n}. ")}</span> })}
                <span dir="auto">{move || title.get(locale.get()).to_owned()}</span>
                {required.then(|| view! { <span class="survey-q__required">" " {tr(k::CONSULT_REQUIRED)}</span> })}
            </legend>
            {has_help.then(|| view! { <p class="field__hint" id=hint_id dir="auto">{move || help.get(locale.get()).to_owned()}</p> })}
            {field_error(base, form, field)}
            {control}
        </fieldset>
    }
}

fn control_for(
    q: SurveyQuestion,
    answers: RwSignal<Vec<AnswerItem>>,
    base: String,
    title_id: String,
    described: impl Fn() -> Option<String> + Clone + Send + Sync + 'static,
    disabled: Signal<bool>,
) -> AnyView {
    let locale = use_locale();
    let qid = q.id.clone();
    match q.kind {
        SurveyQuestionKind::SingleChoice | SurveyQuestionKind::MultipleChoice => {
            let multiple = q.kind == SurveyQuestionKind::MultipleChoice;
            let hint = multiple.then(|| {
                let (lo, hi) = (q.min_choices.unwrap_or(1), q.max_choices.unwrap_or(q.options.len() as u32));
                view! { <p class="field__hint">{move || format(locale.get(), k::CONSULT_PICK_BETWEEN, &[("min", &lo.to_string()), ("max", &hi.to_string())])}</p> }
            });
            let options = q
                .options
                .into_iter()
                .enumerate()
                .map(|(i, o)| {
                    let id = format!("{base}-{i}");
                    let for_id = id.clone();
                    let (oid, oid2, qid, qid2) = (o.id.clone(), o.id.clone(), qid.clone(), qid.clone());
                    let label = o.label.clone();
                    view! {
                        <label class="survey-choice" for=for_id>
                            <input
                                type=if multiple { "checkbox" } else { "radio" }
                                id=id
                                name=base.clone()
                                value=o.id.clone()
                                disabled=move || disabled.get()
                                prop:checked=move || answers.with(|list| {
                                    let a = answer_of(list, &qid);
                                    if multiple { a.choices.contains(&oid) } else { a.choice.as_deref() == Some(oid.as_str()) }
                                })
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    let oid = oid2.clone();
                                    set_answer(answers, &qid2, |a| {
                                        if multiple {
                                            a.choices.retain(|c| *c != oid);
                                            if on {
                                                a.choices.push(oid);
                                            }
                                        } else if on {
                                            a.choice = Some(oid);
                                        }
                                    });
                                }
                            />
                            <span dir="auto">{move || label.get(locale.get()).to_owned()}</span>
                        </label>
                    }
                })
                .collect_view();
            view! {
                {hint}
                <div class="survey-choices">{options}</div>
            }
            .into_any()
        }
        SurveyQuestionKind::Scale => {
            let max = q.scale_max.unwrap_or(5);
            let (low, high) = (q.low_label.clone(), q.high_label.clone());
            let (low2, high2) = (low.clone(), high.clone());
            let points = (1..=max)
                .map(|n| {
                    let id = format!("{base}-{}", n - 1);
                    let for_id = id.clone();
                    let (qid, qid2) = (qid.clone(), qid.clone());
                    let end = if n == 1 { Some(low2.clone()) } else if n == max { Some(high2.clone()) } else { None };
                    view! {
                        <label class="scale__point" for=for_id>
                            <input
                                type="radio"
                                id=id
                                name=base.clone()
                                value=n.to_string()
                                disabled=move || disabled.get()
                                prop:checked=move || answers.with(|list| answer_of(list, &qid).number == Some(f64::from(n)))
                                on:change=move |_| set_answer(answers, &qid2, |a| a.number = Some(f64::from(n)))
                            />
                            <span>{n}</span>
                            {end.filter(|e| !e.is_empty()).map(|e| view! { <span class="sr-only">{move || format!(" ({})", e.get(locale.get()))}</span> })}
                        </label>
                    }
                })
                .collect_view();
            view! {
                <div class="scale">
                    <span class="scale__end" aria-hidden="true" dir="auto">{move || low.get(locale.get()).to_owned()}</span>
                    <div class="scale__points">{points}</div>
                    <span class="scale__end scale__end--high" aria-hidden="true" dir="auto">{move || high.get(locale.get()).to_owned()}</span>
                </div>
            }
            .into_any()
        }
        SurveyQuestionKind::Ranking => ranking(q, answers, base, disabled),
        SurveyQuestionKind::ShortText | SurveyQuestionKind::LongText => {
            let long = q.kind == SurveyQuestionKind::LongText;
            let id = format!("{base}-input");
            let (qid, qid2) = (qid.clone(), qid.clone());
            let value = move || answers.with(|list| answer_of(list, &qid).text.unwrap_or_default());
            let on_input = move |ev| {
                let v = event_target_value(&ev);
                set_answer(answers, &qid2, |a| a.text = (!v.is_empty()).then_some(v));
            };
            if long {
                view! { <textarea class="textarea" id=id rows="6" maxlength="5000" dir="auto" aria-labelledby=title_id aria-describedby=described disabled=move || disabled.get() prop:value=value on:input=on_input></textarea> }.into_any()
            } else {
                view! { <input class="input" id=id type="text" maxlength="500" dir="auto" aria-labelledby=title_id aria-describedby=described disabled=move || disabled.get() prop:value=value on:input=on_input /> }.into_any()
            }
        }
        SurveyQuestionKind::Number => {
            let id = format!("{base}-input");
            let (qid, qid2) = (qid.clone(), qid.clone());
            let (min, max) = (q.min, q.max);
            let bounds = match (min, max) {
                (None, None) => None,
                _ => Some(move |lang: Language| {
                    let show = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_else(|| "…".into());
                    format(lang, k::CONSULT_NUMBER_BETWEEN, &[("min", &show(min)), ("max", &show(max))])
                }),
            };
            view! {
                {bounds.map(|b| view! { <p class="field__hint">{move || b(locale.get())}</p> })}
                <input class="input input--number" id=id type="number" inputmode="decimal" step="any" dir="ltr"
                    min=min.map(|v| v.to_string()) max=max.map(|v| v.to_string())
                    aria-labelledby=title_id aria-describedby=described disabled=move || disabled.get()
                    prop:value=move || answers.with(|list| answer_of(list, &qid).number.map(|n| n.to_string()).unwrap_or_default())
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        set_answer(answers, &qid2, |a| a.number = v.trim().parse::<f64>().ok().filter(|n| n.is_finite()));
                    }
                />
            }
            .into_any()
        }
        SurveyQuestionKind::Date => {
            let id = format!("{base}-input");
            let (qid, qid2) = (qid.clone(), qid.clone());
            view! {
                <input class="input input--date" id=id type="date" aria-labelledby=title_id aria-describedby=described disabled=move || disabled.get()
                    prop:value=move || answers.with(|list| answer_of(list, &qid).date.map(|d| d.to_string()).unwrap_or_default())
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        set_answer(answers, &qid2, |a| a.date = v.parse().ok());
                    }
                />
            }
            .into_any()
        }
        SurveyQuestionKind::Matrix => matrix(q, answers, base, disabled),
    }
}

/// Every option in order: each with its place and buttons to move it up or down. A move keeps the
/// focus on the moved option's button and announces its new place.
fn ranking(q: SurveyQuestion, answers: RwSignal<Vec<AnswerItem>>, base: String, disabled: Signal<bool>) -> AnyView {
    let locale = use_locale();
    let options = q.options.clone();
    let qid = q.id.clone();
    let announce = RwSignal::new(String::new());
    let order = {
        let (qid, options) = (qid.clone(), options.clone());
        move || {
            let ranked = answers.with(|list| answer_of(list, &qid).ranking);
            if ranked.len() == options.len() { ranked } else { options.iter().map(|o| o.id.clone()).collect() }
        }
    };
    let ranked = {
        let qid = qid.clone();
        move || answers.with(|list| !answer_of(list, &qid).ranking.is_empty())
    };
    let label_of = {
        let options = options.clone();
        move |id: &str, lang: Language| {
            options.iter().find(|o| o.id == id).map(|o| o.label.get(lang).to_owned()).unwrap_or_default()
        }
    };
    let total = options.len();
    let move_item = {
        let (order, qid, base, label_of) = (order.clone(), qid.clone(), base.clone(), label_of.clone());
        move |id: String, up: bool| {
            let mut list = order();
            let Some(i) = list.iter().position(|x| *x == id) else { return };
            let j = if up { i.checked_sub(1) } else { (i + 1 < list.len()).then_some(i + 1) };
            let Some(j) = j else { return };
            list.swap(i, j);
            set_answer(answers, &qid, |a| a.ranking = list);
            let lang = locale.get_untracked();
            announce.set(format(
                lang,
                k::CONSULT_RANK_MOVED,
                &[("option", &label_of(&id, lang)), ("n", &(j + 1).to_string()), ("total", &total.to_string())],
            ));
            // Keep the focus on the button pressed, unless the option reached the end it moved to.
            let button = if up {
                if j == 0 { "down" } else { "up" }
            } else if j + 1 == total {
                "up"
            } else {
                "down"
            };
            focus_soon(format!("{base}-{button}-{id}"));
        }
    };
    let keep = {
        let (order, qid) = (order.clone(), qid.clone());
        move |_| {
            let list = order();
            set_answer(answers, &qid, |a| a.ranking = list);
        }
    };
    let items = {
        let base = base.clone();
        move || {
            let lang = locale.get();
            let list = order();
            list.into_iter()
                .enumerate()
                .map(|(i, id)| {
                    let name = label_of(&id, lang);
                    let (m1, m2) = (move_item.clone(), move_item.clone());
                    let (id1, id2) = (id.clone(), id.clone());
                    view! {
                        <li class="ranking__item">
                            <span class="ranking__n" aria-hidden="true">{i + 1}</span>
                            <span class="ranking__label" dir="auto">{name.clone()}</span>
                            <span class="ranking__buttons">
                                <button type="button" class="btn btn--ghost btn--small" id=format!("{base}-up-{id}")
                                    disabled=move || disabled.get() || i == 0
                                    aria-label=format(lang, k::CONSULT_RANK_UP, &[("option", &name)])
                                    on:click=move |_| m1(id1.clone(), true)>"↑"</button>
                                <button type="button" class="btn btn--ghost btn--small" id=format!("{base}-down-{id}")
                                    disabled=move || disabled.get() || i + 1 == total
                                    aria-label=format(lang, k::CONSULT_RANK_DOWN, &[("option", &name)])
                                    on:click=move |_| m2(id2.clone(), false)>"↓"</button>
                            </span>
                        </li>
                    }
                })
                .collect_view()
        }
    };
    view! {
        <p class="field__hint">{tr(k::CONSULT_RANK_HINT)}</p>
        <ol class="ranking" id=format!("{base}-rank") tabindex="-1">{items}</ol>
        <Show when=move || !ranked()>
            <button type="button" class="btn btn--secondary btn--small" id=format!("{base}-keep") disabled=move || disabled.get() on:click=keep.clone()>
                {tr(k::CONSULT_RANK_KEEP)}
            </button>
        </Show>
        <p class="sr-only" aria-live="polite">{move || announce.get()}</p>
    }
    .into_any()
}

/// A table: a row per statement (its header), a column per option, a radio group per row.
fn matrix(q: SurveyQuestion, answers: RwSignal<Vec<AnswerItem>>, base: String, disabled: Signal<bool>) -> AnyView {
    let locale = use_locale();
    let options = q.options.clone();
    let title = q.title.clone();
    let head = options
        .iter()
        .enumerate()
        .map(|(j, o)| {
            let label = o.label.clone();
            view! { <th scope="col" id=format!("{base}-c{j}") dir="auto">{move || label.get(locale.get()).to_owned()}</th> }
        })
        .collect_view();
    let rows = q
        .rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let row_label = row.label.clone();
            let row_id = row.id.clone();
            let cells = options
                .iter()
                .enumerate()
                .map(|(j, o)| {
                    let (qid, qid2) = (q.id.clone(), q.id.clone());
                    let (r1, r2) = (row_id.clone(), row_id.clone());
                    let (o1, o2) = (o.id.clone(), o.id.clone());
                    view! {
                        <td>
                            <input type="radio" id=format!("{base}-m{i}-{j}") name=format!("{base}-r{i}") value=o.id.clone()
                                aria-labelledby=format!("{base}-r{i}h {base}-c{j}")
                                disabled=move || disabled.get()
                                prop:checked=move || answers.with(|list| answer_of(list, &qid).matrix.iter().any(|m| m.row == r1 && m.choice == o1))
                                on:change=move |_| {
                                    let (row, choice) = (r2.clone(), o2.clone());
                                    set_answer(answers, &qid2, |a| {
                                        a.matrix.retain(|m| m.row != row);
                                        a.matrix.push(MatrixAnswer { row, choice });
                                    });
                                }
                            />
                        </td>
                    }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row" id=format!("{base}-r{i}h") dir="auto">{move || row_label.get(locale.get()).to_owned()}</th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=move || title.get(locale.get()).to_owned()>
            <table class="table matrix">
                <thead>
                    <tr><td></td>{head}</tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
