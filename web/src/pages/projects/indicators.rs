//! A project's indicators: a chart per indicator (target against actual per period, an inline SVG)
//! with the same figures in a table, and the values reported; its editors add, change and remove
//! indicators, report values and remove one entered wrongly.

use leptos::prelude::*;
use madani_shared::endpoints::{DeleteActual, DeleteIndicator, ListIndicators};
use madani_shared::ids::{ActualId, IndicatorId, ProjectId};
use madani_shared::projects::*;
use madani_shared::text::Language;

use super::indicator_forms::{ActualForm, IndicatorForm};
use crate::components::dialog::ConfirmDialog;
use crate::components::loaded::{Loaded, fetched};
use crate::components::mutation::Mutation;
use crate::components::territory::wilaya_label;
use crate::i18n::{format, format_day, k, text, tr, use_locale};
use crate::pages::consultations::session_ready;
use crate::session::use_session;

pub(super) fn kind_key(kind: ResultKind) -> usize {
    match kind {
        ResultKind::Output => k::INDICATOR_KIND_OUTPUT,
        ResultKind::Outcome => k::INDICATOR_KIND_OUTCOME,
        ResultKind::Impact => k::INDICATOR_KIND_IMPACT,
    }
}

/// A value as the language writes it, with its unit or "%".
fn value_text(lang: Language, value: f64, i: &Indicator) -> String {
    figure(lang, value, i.measure, i.unit.as_deref())
}

/// A value of `measure` (in `unit`, for a count) as the language writes it: "64 %", "120 learners".
pub(super) fn figure(lang: Language, value: f64, measure: Measure, unit: Option<&str>) -> String {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"maximumFractionDigits".into(), &2.into());
    let locales = js_sys::Array::of1(
        &match lang {
            Language::Ar => "ar-DZ-u-nu-latn",
            Language::Fr => "fr-DZ",
            Language::En => "en-GB",
        }
        .into(),
    );
    let formatter = js_sys::Intl::NumberFormat::new(&locales, &options);
    let n = formatter
        .format()
        .call1(&formatter, &value.into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| value.to_string());
    match (measure, unit) {
        (Measure::Percentage, _) => format!("{n}\u{a0}%"),
        (Measure::Unit, Some(unit)) if !unit.is_empty() => format!("{n} {unit}"),
        _ => n,
    }
}

/// The form open in the section: one at a time, so that the forms' ids stay unique on the page.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Panel {
    None,
    Add,
    Edit(IndicatorId),
    Report(IndicatorId),
}

/// What the editors' buttons set: the form open, and what a confirmation is asked for.
#[derive(Clone, Copy)]
struct Editing {
    panel: RwSignal<Panel>,
    indicator: RwSignal<Option<IndicatorId>>,
    confirm_indicator: RwSignal<bool>,
    actual: RwSignal<Option<(IndicatorId, ActualId)>>,
    confirm_actual: RwSignal<bool>,
}

#[component]
pub fn ProjectIndicators(project: ProjectId, editor: bool) -> impl IntoView {
    let session = use_session();
    let changed = RwSignal::new(0u32);
    let list = LocalResource::new(move || {
        changed.track();
        session.user.track();
        async move {
            session_ready(session).await;
            fetched(session.call_as_viewer::<ListIndicators>(project, &()).await)
        }
    });
    let editing = Editing {
        panel: RwSignal::new(Panel::None),
        indicator: RwSignal::new(None),
        confirm_indicator: RwSignal::new(false),
        actual: RwSignal::new(None),
        confirm_actual: RwSignal::new(false),
    };
    let panel = editing.panel;
    let remove =
        Mutation::new(move |id: IndicatorId| async move { session.call::<DeleteIndicator>((project, id), &()).await })
            .toast(k::INDICATOR_REMOVED)
            .then(move |_| changed.update(|n| *n += 1));
    let remove_actual = Mutation::new(move |(indicator, actual): (IndicatorId, ActualId)| async move {
        session.call::<DeleteActual>((project, indicator, actual), &()).await
    })
    .toast(k::INDICATOR_ACTUAL_REMOVED)
    .then(move |_| changed.update(|n| *n += 1));
    let refresh = Callback::new(move |()| {
        panel.set(Panel::None);
        changed.update(|n| *n += 1);
    });
    view! {
        <section class="card stack" aria-labelledby="indicators-title" id="project-indicators">
            <h2 class="card__title" id="indicators-title">{tr(k::INDICATOR_TITLE)}</h2>
            <Loaded resource=list is_empty=Vec::is_empty empty_message=k::INDICATOR_NONE let:items>
                <div class="stack stack--loose" id="indicator-list">
                    {items.into_iter().map(|i| view! { <IndicatorView i project editor editing refresh /> }).collect_view()}
                </div>
            </Loaded>
            {editor.then(|| view! {
                <Show when=move || panel.get() == Panel::Add fallback=move || view! {
                    <p><button type="button" class="btn btn--secondary" id="indicator-add" on:click=move |_| panel.set(Panel::Add)>{tr(k::INDICATOR_ADD)}</button></p>
                }>
                    <IndicatorForm project existing=None panel refresh />
                </Show>
                <ConfirmDialog open=editing.confirm_indicator title=k::INDICATOR_REMOVE_TITLE message=k::INDICATOR_REMOVE_TEXT
                    confirm_label=k::PROJECT_ACT_REMOVE title_id="indicator-remove-title"
                    on_confirm=Callback::new(move |()| if let Some(id) = editing.indicator.get_untracked() { remove.dispatch(id) }) />
                <ConfirmDialog open=editing.confirm_actual title=k::INDICATOR_ACTUAL_REMOVE_TITLE message=k::INDICATOR_ACTUAL_REMOVE_TEXT
                    confirm_label=k::PROJECT_ACT_REMOVE title_id="actual-remove-title"
                    on_confirm=Callback::new(move |()| if let Some(ids) = editing.actual.get_untracked() { remove_actual.dispatch(ids) }) />
            })}
        </section>
    }
}

#[component]
fn IndicatorView(
    i: Indicator,
    project: ProjectId,
    editor: bool,
    editing: Editing,
    refresh: Callback<()>,
) -> impl IntoView {
    let locale = use_locale();
    let id = i.id;
    let base = format!("indicator-{id}");
    let title = i.title.clone();
    let result = i.result_title.clone();
    let kind = i.result_kind;
    let for_table = i.clone();
    let for_baseline = i.clone();
    let for_edit = i.clone();
    let actuals = i.clone();
    let t2 = title.clone();
    let panel = editing.panel;
    view! {
        <article class="indicator stack" id=base.clone() aria-labelledby=format!("{base}-title")>
            <div class="stack stack--tight">
                <p class="list__meta"><span class="badge">{move || text(locale.get(), kind_key(kind))}</span>" "<bdi>{move || result.get(locale.get()).to_owned()}</bdi></p>
                <h3 class="card__subtitle" id=format!("{base}-title") dir="auto">{move || title.get(locale.get()).to_owned()}</h3>
                {i.baseline_value.map(|b| {
                    let on = i.baseline_on;
                    view! {
                        <p class="list__meta">{move || {
                            let lang = locale.get();
                            format(lang, k::INDICATOR_BASELINE_TEXT, &[
                                ("value", &value_text(lang, b, &for_baseline)),
                                ("date", &on.map(|d| format_day(lang, d)).unwrap_or_default()),
                            ])
                        }}</p>
                    }
                })}
            </div>
            {chart(&i, &base)}
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby=format!("{base}-caption")>
                <table class="table" id=format!("{base}-table")>
                    <caption id=format!("{base}-caption")>{move || format(locale.get(), k::INDICATOR_TABLE_OF, &[("title", t2.get(locale.get()))])}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{tr(k::INDICATOR_PERIOD)}</th>
                            <th scope="col">{tr(k::INDICATOR_TARGET)}</th>
                            <th scope="col">{tr(k::INDICATOR_ACTUAL)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {for_table.periods.clone().into_iter().map(|p| {
                            let ind = for_table.clone();
                            let ind2 = for_table.clone();
                            view! {
                                <tr>
                                    <th scope="row">{move || format!("{} – {}", format_day(locale.get(), p.start), format_day(locale.get(), p.end))}</th>
                                    <td>{move || p.target.map(|t| value_text(locale.get(), t, &ind)).unwrap_or_else(|| "—".into())}</td>
                                    <td>{move || p.actual.map(|a| value_text(locale.get(), a, &ind2)).unwrap_or_else(|| "—".into())}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            {(!i.actuals.is_empty()).then(|| view! { <Actuals i=actuals editor editing /> })}
            {editor.then(|| view! {
                <div class="cluster">
                    <button type="button" class="btn btn--secondary btn--small" id=format!("{base}-report") aria-describedby=format!("{base}-title")
                        on:click=move |_| panel.set(Panel::Report(id))>{tr(k::INDICATOR_REPORT)}</button>
                    <button type="button" class="btn btn--ghost btn--small" id=format!("{base}-edit") aria-describedby=format!("{base}-title")
                        on:click=move |_| panel.set(Panel::Edit(id))>{tr(k::PROJECT_ACT_EDIT)}</button>
                    <button type="button" class="btn btn--ghost btn--small" id=format!("{base}-remove") aria-describedby=format!("{base}-title")
                        on:click=move |_| { editing.indicator.set(Some(id)); editing.confirm_indicator.set(true); }>{tr(k::PROJECT_ACT_REMOVE)}</button>
                </div>
                {move || match panel.get() {
                    Panel::Report(shown) if shown == id => Some(view! {
                        <ActualForm project indicator=id percentage=i.measure == Measure::Percentage panel refresh />
                    }.into_any()),
                    Panel::Edit(shown) if shown == id => Some(view! {
                        <IndicatorForm project existing=Some(for_edit.clone()) panel refresh />
                    }.into_any()),
                    _ => None,
                }}
            })}
        </article>
    }
}

/// Target and actual bars per period, in an SVG drawn from the start side (mirrored in Arabic);
/// its figures are in the table under it.
fn chart(i: &Indicator, base: &str) -> impl IntoView + use<> {
    const W: f64 = 320.0;
    const H: f64 = 120.0;
    let locale = use_locale();
    let values = i.periods.iter().flat_map(|p| [p.target, p.actual]).flatten().chain(i.baseline_value);
    let max = values.fold(0.0_f64, f64::max).max(if i.measure == Measure::Percentage { 100.0 } else { 1.0 });
    let n = i.periods.len().max(1) as f64;
    let slot = W / n;
    let bar = (slot / 3.0).min(40.0);
    let height = |v: f64| (v / max * (H - 4.0)).max(0.0);
    let bars = i
        .periods
        .iter()
        .enumerate()
        .map(|(n, p)| {
            let x = n as f64 * slot + (slot - 2.0 * bar) / 2.0;
            let t = p.target.map(height).unwrap_or(0.0);
            let a = p.actual.map(height).unwrap_or(0.0);
            view! {
                <rect class="ichart__target" x=format!("{x:.1}") y=format!("{:.1}", H - t) width=format!("{bar:.1}") height=format!("{t:.1}") />
                <rect class="ichart__actual" x=format!("{:.1}", x + bar) y=format!("{:.1}", H - a) width=format!("{bar:.1}") height=format!("{a:.1}") />
            }
        })
        .collect_view();
    let baseline = i.baseline_value.map(|b| {
        let y = H - height(b);
        view! { <line class="ichart__baseline" x1="0" x2=W.to_string() y1=format!("{y:.1}") y2=format!("{y:.1}") /> }
    });
    let title = i.title.clone();
    let title_id = format!("{base}-chart-title");
    let labelled_by = title_id.clone();
    view! {
        <figure class="ichart">
            <svg class="ichart__svg" viewBox=format!("0 0 {W} {H}") role="img" aria-labelledby=labelled_by focusable="false" preserveAspectRatio="none">
                <title id=title_id>{move || format(locale.get(), k::INDICATOR_CHART_OF, &[("title", title.get(locale.get()))])}</title>
                <line class="ichart__axis" x1="0" x2=W.to_string() y1=H.to_string() y2=H.to_string() />
                {bars}
                {baseline}
            </svg>
            <figcaption class="cluster ichart__legend">
                <span><span class="ichart__swatch ichart__swatch--target" aria-hidden="true"></span>{tr(k::INDICATOR_TARGET)}</span>
                <span><span class="ichart__swatch ichart__swatch--actual" aria-hidden="true"></span>{tr(k::INDICATOR_ACTUAL)}</span>
                {i.baseline_value.is_some().then(|| view! { <span><span class="ichart__swatch ichart__swatch--baseline" aria-hidden="true"></span>{tr(k::INDICATOR_BASELINE)}</span> })}
            </figcaption>
        </figure>
    }
}

/// The values reported, newest first (folded: the table above sums them by period); its editors
/// remove one entered wrongly, once they confirm.
#[component]
fn Actuals(i: Indicator, editor: bool, editing: Editing) -> impl IntoView {
    let locale = use_locale();
    let id = i.id;
    let count = i.actuals.len();
    let list = i.actuals.clone();
    view! {
        <details class="audience-wilayas" id=format!("indicator-{id}-actuals")>
            <summary>{move || format(locale.get(), k::INDICATOR_ACTUALS, &[("count", &count.to_string())])}</summary>
            <ul class="list">
                {list.into_iter().map(|a| {
                    let (ind, ind2) = (i.clone(), i.clone());
                    let (value, on, actual) = (a.value, a.measured_on, a.id);
                    view! {
                        <li class="list__item" data-actual=actual.to_string()>
                            <div class="stack stack--tight">
                                <p><strong>{move || value_text(locale.get(), value, &ind)}</strong>" · "{move || format_day(locale.get(), on)}
                                    {a.wilaya.clone().map(|w| view! { " · " <bdi>{wilaya_label(w)}</bdi> })}</p>
                                {a.comment.clone().map(|c| view! { <p class="list__meta" dir="auto">{c}</p> })}
                            </div>
                            {editor.then(|| view! {
                                <button type="button" class="btn btn--ghost btn--small" id=format!("actual-{actual}-remove")
                                    aria-label=move || format(locale.get(), k::INDICATOR_ACTUAL_REMOVE, &[
                                        ("value", &value_text(locale.get(), value, &ind2)),
                                        ("date", &format_day(locale.get(), on)),
                                    ])
                                    on:click=move |_| { editing.actual.set(Some((id, actual))); editing.confirm_actual.set(true); }>{tr(k::PROJECT_ACT_REMOVE)}</button>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </details>
    }
}
