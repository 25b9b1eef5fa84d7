//! A project's indicators: a chart per indicator (target against actual per period, an inline SVG)
//! with the same figures in a table; its editors add indicators, report actuals and remove them.

use leptos::prelude::*;
use madani_shared::FieldError;
use madani_shared::endpoints::{CreateIndicator, DeleteIndicator, ListIndicators, ReportActual};
use madani_shared::ids::{IndicatorId, ProjectId};
use madani_shared::projects::*;
use madani_shared::text::Language;

use super::when::date_input;
use crate::components::dialog::ConfirmDialog;
use crate::components::form::{ErrorSummary, FormState, SelectField, SubmitButton, TextField};
use crate::components::loaded::{Loaded, fetched};
use crate::components::localized::LocalizedTextEditor;
use crate::components::mutation::Mutation;
use crate::i18n::{format, format_day, k, text, tr, use_locale};
use crate::pages::consultations::session_ready;
use crate::session::use_session;

fn kind_key(kind: ResultKind) -> usize {
    match kind {
        ResultKind::Output => k::INDICATOR_KIND_OUTPUT,
        ResultKind::Outcome => k::INDICATOR_KIND_OUTCOME,
        ResultKind::Impact => k::INDICATOR_KIND_IMPACT,
    }
}

/// A value as the language writes it, with its unit or "%".
fn value_text(lang: Language, value: f64, i: &Indicator) -> String {
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
    match (i.measure, &i.unit) {
        (Measure::Percentage, _) => format!("{n}\u{a0}%"),
        (Measure::Unit, Some(unit)) if !unit.is_empty() => format!("{n} {unit}"),
        _ => n,
    }
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
    let adding = RwSignal::new(false);
    let reporting: RwSignal<Option<IndicatorId>> = RwSignal::new(None);
    let remove =
        Mutation::new(move |id: IndicatorId| async move { session.call::<DeleteIndicator>((project, id), &()).await })
            .toast(k::INDICATOR_REMOVED)
            .then(move |_| changed.update(|n| *n += 1));
    let to_remove: RwSignal<Option<IndicatorId>> = RwSignal::new(None);
    let confirm = RwSignal::new(false);
    let refresh = Callback::new(move |()| {
        adding.set(false);
        reporting.set(None);
        changed.update(|n| *n += 1);
    });
    view! {
        <section class="card stack" aria-labelledby="indicators-title" id="project-indicators">
            <h2 class="card__title" id="indicators-title">{tr(k::INDICATOR_TITLE)}</h2>
            <Loaded resource=list is_empty=Vec::is_empty empty_message=k::INDICATOR_NONE let:items>
                <div class="stack stack--loose" id="indicator-list">
                    {items.into_iter().map(|i| view! { <IndicatorView i project editor reporting to_remove confirm refresh /> }).collect_view()}
                </div>
            </Loaded>
            {editor.then(|| view! {
                <Show when=move || !adding.get() fallback=move || view! { <IndicatorForm project adding refresh /> }>
                    <p><button type="button" class="btn btn--secondary" id="indicator-add" on:click=move |_| adding.set(true)>{tr(k::INDICATOR_ADD)}</button></p>
                </Show>
                <ConfirmDialog open=confirm title=k::INDICATOR_REMOVE_TITLE message=k::INDICATOR_REMOVE_TEXT
                    confirm_label=k::PROJECT_ACT_REMOVE title_id="indicator-remove-title"
                    on_confirm=Callback::new(move |()| if let Some(id) = to_remove.get_untracked() { remove.dispatch(id) }) />
            })}
        </section>
    }
}

#[component]
fn IndicatorView(
    i: Indicator,
    project: ProjectId,
    editor: bool,
    reporting: RwSignal<Option<IndicatorId>>,
    to_remove: RwSignal<Option<IndicatorId>>,
    confirm: RwSignal<bool>,
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
    let t2 = title.clone();
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
            {editor.then(|| view! {
                <div class="cluster">
                    <button type="button" class="btn btn--secondary btn--small" id=format!("{base}-report")
                        on:click=move |_| reporting.set(Some(id))>{tr(k::INDICATOR_REPORT)}</button>
                    <button type="button" class="btn btn--ghost btn--small" id=format!("{base}-remove")
                        on:click=move |_| { to_remove.set(Some(id)); confirm.set(true); }>{tr(k::PROJECT_ACT_REMOVE)}</button>
                </div>
                <Show when=move || reporting.get() == Some(id)>
                    <ActualForm project indicator=id percentage=i.measure == Measure::Percentage reporting refresh />
                </Show>
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

/// A period being typed.
#[derive(Clone, Copy)]
struct PeriodDraft {
    start: RwSignal<String>,
    end: RwSignal<String>,
    target: RwSignal<String>,
}

#[component]
fn IndicatorForm(project: ProjectId, adding: RwSignal<bool>, refresh: Callback<()>) -> impl IntoView {
    let session = use_session();
    let form = FormState::new();
    let kind = RwSignal::new("output".to_owned());
    let result_title = RwSignal::new(Default::default());
    let title = RwSignal::new(Default::default());
    let measure = RwSignal::new("unit".to_owned());
    let unit = RwSignal::new(String::new());
    let ascending = RwSignal::new(true);
    let baseline = RwSignal::new(String::new());
    let baseline_on = RwSignal::new(String::new());
    let new_period = || PeriodDraft {
        start: RwSignal::new(String::new()),
        end: RwSignal::new(String::new()),
        target: RwSignal::new(String::new()),
    };
    let periods = RwSignal::new(vec![new_period()]);
    let create =
        Mutation::new(
            move |input: IndicatorInput| async move { session.call::<CreateIndicator>(project, &input).await },
        )
        .form(form)
        .toast(k::INDICATOR_SAVED)
        .then(move |_| refresh.run(()));
    let number = |v: &str| -> Option<f64> { v.trim().replace(',', ".").parse().ok() };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut problems = Vec::new();
        let mut list = Vec::new();
        for (n, p) in periods.get_untracked().into_iter().enumerate() {
            let (s, e) = (p.start.get_untracked(), p.end.get_untracked());
            if s.trim().is_empty() && e.trim().is_empty() {
                continue;
            }
            match (date_input(&s), date_input(&e)) {
                (Some(start), Some(end)) => {
                    list.push(IndicatorPeriod { start, end, target: number(&p.target.get_untracked()) })
                }
                _ => problems.push(FieldError::new(&format!("periods[{n}]"), "required", "")),
            }
        }
        if !problems.is_empty() {
            return form.show(problems);
        }
        create.submit(IndicatorInput {
            result_kind: ResultKind::parse(&kind.get_untracked()).unwrap_or(ResultKind::Output),
            result_title: result_title.get_untracked(),
            title: title.get_untracked(),
            measure: Measure::parse(&measure.get_untracked()).unwrap_or(Measure::Unit),
            unit: Some(unit.get_untracked().trim().to_owned()).filter(|u| !u.is_empty()),
            ascending: ascending.get_untracked(),
            baseline_value: number(&baseline.get_untracked()),
            baseline_on: date_input(&baseline_on.get_untracked()),
            periods: list,
        });
    };
    view! {
        <form class="stack form-panel" id="indicator-form" on:submit=submit novalidate=true>
            <h3 class="card__subtitle">{tr(k::INDICATOR_ADD)}</h3>
            <ErrorSummary form=form />
            <SelectField id="indicator-kind" field="result_kind" label=k::INDICATOR_FIELD_KIND value=kind form
                options=vec![("output", k::INDICATOR_KIND_OUTPUT), ("outcome", k::INDICATOR_KIND_OUTCOME), ("impact", k::INDICATOR_KIND_IMPACT)] />
            <LocalizedTextEditor id="indicator-result" field="result_title" label=k::INDICATOR_FIELD_RESULT value=result_title form />
            <LocalizedTextEditor id="indicator-title" field="title" label=k::INDICATOR_FIELD_TITLE value=title form />
            <div class="cluster">
                <SelectField id="indicator-measure" field="measure" label=k::INDICATOR_FIELD_MEASURE value=measure form
                    options=vec![("unit", k::INDICATOR_MEASURE_UNIT), ("percentage", k::INDICATOR_MEASURE_PERCENTAGE)] />
                <Show when=move || measure.get() == "unit">
                    <TextField id="indicator-unit" field="unit" label=k::INDICATOR_FIELD_UNIT value=unit form required=false />
                </Show>
            </div>
            <label class="checkbox">
                <input type="checkbox" id="indicator-ascending" prop:checked=move || ascending.get()
                    on:change=move |ev| ascending.set(event_target_checked(&ev)) />
                {tr(k::INDICATOR_FIELD_ASCENDING)}
            </label>
            <div class="cluster">
                <TextField id="indicator-baseline" field="baseline_value" label=k::INDICATOR_FIELD_BASELINE value=baseline form kind="number" required=false />
                <TextField id="indicator-baseline-on" field="baseline_on" label=k::INDICATOR_FIELD_BASELINE_ON value=baseline_on form kind="date" required=false />
            </div>
            <fieldset class="stack stack--tight indicator-periods" id="indicator-periods">
                <legend class="field__label">{tr(k::INDICATOR_PERIODS)}</legend>
                {move || periods.get().into_iter().enumerate().map(|(n, p)| view! {
                    <div class="cluster indicator-period">
                        <TextField id=format!("period-{n}-start") field=format!("periods[{n}].start") label=k::INDICATOR_PERIOD_START value=p.start form kind="date" />
                        <TextField id=format!("period-{n}-end") field=format!("periods[{n}].end") label=k::INDICATOR_PERIOD_END value=p.end form kind="date" />
                        <TextField id=format!("period-{n}-target") field=format!("periods[{n}].target") label=k::INDICATOR_TARGET value=p.target form kind="number" required=false />
                    </div>
                }).collect_view()}
                <p><button type="button" class="btn btn--ghost btn--small" id="period-add"
                    on:click=move |_| periods.update(|list| list.push(new_period()))>{tr(k::INDICATOR_PERIOD_ADD)}</button></p>
            </fieldset>
            <div class="cluster">
                <SubmitButton label=k::PROJECT_ACT_SAVE form=form class="btn btn--primary" />
                <button type="button" class="btn btn--ghost" on:click=move |_| adding.set(false)>{tr(k::COMMON_CANCEL)}</button>
            </div>
        </form>
    }
}

#[component]
fn ActualForm(
    project: ProjectId,
    indicator: IndicatorId,
    percentage: bool,
    reporting: RwSignal<Option<IndicatorId>>,
    refresh: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let form = FormState::new();
    let value = RwSignal::new(String::new());
    let measured = RwSignal::new(super::when::today().to_string());
    let comment = RwSignal::new(String::new());
    let wilaya = RwSignal::new(String::new());
    let report = Mutation::new(move |input: ActualInput| async move {
        session.call::<ReportActual>((project, indicator), &input).await
    })
    .form(form)
    .toast(k::INDICATOR_REPORTED)
    .then(move |_| refresh.run(()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut problems = Vec::new();
        let v: Option<f64> = value.get_untracked().trim().replace(',', ".").parse().ok();
        let on = date_input(&measured.get_untracked());
        if v.is_none() {
            problems.push(FieldError::new("value", "required", ""));
        }
        if on.is_none() {
            problems.push(FieldError::new("measured_on", "required", ""));
        }
        let (Some(v), Some(on)) = (v, on) else { return form.show(problems) };
        report.submit(ActualInput {
            value: v,
            measured_on: on,
            comment: Some(comment.get_untracked().trim().to_owned()).filter(|c| !c.is_empty()),
            wilaya: Some(wilaya.get_untracked().trim().to_owned()).filter(|w| !w.is_empty()),
        });
    };
    view! {
        <form class="stack form-panel" id="actual-form" on:submit=submit novalidate=true>
            <ErrorSummary form=form />
            <div class="cluster">
                <TextField id="actual-value" field="value" label=if percentage { k::INDICATOR_VALUE_PERCENT } else { k::INDICATOR_VALUE } value form kind="number" />
                <TextField id="actual-date" field="measured_on" label=k::INDICATOR_MEASURED_ON value=measured form kind="date" />
                <TextField id="actual-wilaya" field="wilaya" label=k::INDICATOR_WILAYA value=wilaya form required=false hint=k::INDICATOR_WILAYA_HINT />
            </div>
            <TextField id="actual-comment" field="comment" label=k::INDICATOR_COMMENT value=comment form required=false />
            <div class="cluster">
                <SubmitButton label=k::INDICATOR_REPORT form=form class="btn btn--primary" />
                <button type="button" class="btn btn--ghost" on:click=move |_| reporting.set(None)>{tr(k::COMMON_CANCEL)}</button>
            </div>
        </form>
    }
}
