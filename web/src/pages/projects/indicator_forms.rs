//! The indicators' forms: an indicator (new, or a change of one: its periods replace the previous
//! ones, its actuals stay) and a value reported.

use leptos::prelude::*;
use madani_shared::FieldError;
use madani_shared::endpoints::{CreateIndicator, ReportActual, UpdateIndicator};
use madani_shared::ids::{IndicatorId, ProjectId};
use madani_shared::projects::*;

use super::indicators::Panel;
use super::when::date_input;
use crate::components::form::{ErrorSummary, FormState, SelectField, SubmitButton, TextField};
use crate::components::localized::LocalizedTextEditor;
use crate::components::mutation::Mutation;
use crate::i18n::{k, tr};
use crate::session::use_session;

/// A period being typed.
#[derive(Clone, Copy)]
struct PeriodDraft {
    start: RwSignal<String>,
    end: RwSignal<String>,
    target: RwSignal<String>,
}

#[component]
pub(super) fn IndicatorForm(
    project: ProjectId,
    existing: Option<Indicator>,
    panel: RwSignal<Panel>,
    refresh: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let form = FormState::new();
    let e = existing.as_ref();
    let id = e.map(|i| i.id);
    let kind = RwSignal::new(e.map_or(ResultKind::Output, |i| i.result_kind).as_str().to_owned());
    let result_title = RwSignal::new(e.map(|i| i.result_title.clone()).unwrap_or_default());
    let title = RwSignal::new(e.map(|i| i.title.clone()).unwrap_or_default());
    let measure = RwSignal::new(e.map_or(Measure::Unit, |i| i.measure).as_str().to_owned());
    let unit = RwSignal::new(e.and_then(|i| i.unit.clone()).unwrap_or_default());
    let ascending = RwSignal::new(e.is_none_or(|i| i.ascending));
    let baseline = RwSignal::new(e.and_then(|i| i.baseline_value).map(|v| v.to_string()).unwrap_or_default());
    let baseline_on = RwSignal::new(e.and_then(|i| i.baseline_on).map(|d| d.to_string()).unwrap_or_default());
    let period = |start: String, end: String, target: String| PeriodDraft {
        start: RwSignal::new(start),
        end: RwSignal::new(end),
        target: RwSignal::new(target),
    };
    let new_period = move || period(String::new(), String::new(), String::new());
    let mut drafts: Vec<PeriodDraft> = e
        .map(|i| {
            let target = |p: &PeriodView| p.target.map(|t| t.to_string()).unwrap_or_default();
            i.periods.iter().map(|p| period(p.start.to_string(), p.end.to_string(), target(p))).collect()
        })
        .unwrap_or_default();
    if drafts.is_empty() {
        drafts.push(new_period());
    }
    let periods = RwSignal::new(drafts);
    let save = Mutation::new(move |input: IndicatorInput| async move {
        match id {
            Some(id) => session.call::<UpdateIndicator>((project, id), &input).await,
            None => session.call::<CreateIndicator>(project, &input).await,
        }
    })
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
        save.submit(IndicatorInput {
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
            <h3 class="card__subtitle">{tr(if id.is_some() { k::INDICATOR_EDIT } else { k::INDICATOR_ADD })}</h3>
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
                <button type="button" class="btn btn--ghost" on:click=move |_| panel.set(Panel::None)>{tr(k::COMMON_CANCEL)}</button>
            </div>
        </form>
    }
}

#[component]
pub(super) fn ActualForm(
    project: ProjectId,
    indicator: IndicatorId,
    percentage: bool,
    panel: RwSignal<Panel>,
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
                <button type="button" class="btn btn--ghost" on:click=move |_| panel.set(Panel::None)>{tr(k::COMMON_CANCEL)}</button>
            </div>
        </form>
    }
}
