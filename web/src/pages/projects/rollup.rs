//! `/indicators`: every project's indicators rolled up by field and wilaya, for the observatory and
//! institutions' staff (anyone else is told they may not see it): a table per field, a row per
//! wilaya and result level.

use leptos::prelude::*;
use madani_shared::associations::Field;
use madani_shared::endpoints::IndicatorRollupEndpoint;
use madani_shared::projects::IndicatorRollup;

use super::indicators::{figure, kind_key};
use crate::components::label::label;
use crate::components::loaded::{Loaded, fetched};
use crate::components::page::{PageHeader, StaffHeader};
use crate::components::territory::wilaya_label;
use crate::i18n::{format, format_number, k, text, tr, use_locale};
use crate::pages::consultations::session_ready;
use crate::session::use_session;

#[component]
pub fn IndicatorRollupPage() -> impl IntoView {
    super::with_texts(|| view! { <Rollup /> })
}

#[component]
fn Rollup() -> impl IntoView {
    let session = use_session();
    // The observatory's staff reach their other pages by its tabs; an institution's have this one.
    let observatory = move || session.user.with(|u| u.as_ref().is_some_and(|u| u.role.is_staff()));
    let rollup = LocalResource::new(move || async move {
        session_ready(session).await;
        fetched(session.call::<IndicatorRollupEndpoint>((), &()).await)
    });
    view! {
        <div class="page">
            {move || if observatory() {
                view! { <StaffHeader title=k::ROLLUP_TITLE lead=k::INDICATOR_ROLLUP_LEAD /> }.into_any()
            } else {
                view! { <PageHeader title=k::ROLLUP_TITLE lead=k::INDICATOR_ROLLUP_LEAD /> }.into_any()
            }}
            <Loaded resource=rollup is_empty=Vec::is_empty empty_message=k::INDICATOR_ROLLUP_NONE lines=6 let:rows>
                <div class="stack stack--loose" id="rollup">
                    {by_field(rows).into_iter().map(|(field, rows)| view! { <FieldTable field rows /> }).collect_view()}
                </div>
            </Loaded>
        </div>
    }
}

/// The rows by field, in the server's order (by wilaya within a field), those without a field last.
fn by_field(rows: Vec<IndicatorRollup>) -> Vec<(Option<Field>, Vec<IndicatorRollup>)> {
    let mut groups: Vec<(Option<Field>, Vec<IndicatorRollup>)> = Vec::new();
    for row in rows {
        match groups.iter_mut().find(|(f, _)| *f == row.field) {
            Some((_, list)) => list.push(row),
            None => groups.push((row.field, vec![row])),
        }
    }
    groups.sort_by_key(|(f, _)| f.is_none());
    groups
}

/// A field's figures: a row per wilaya and result level (and measure).
#[component]
fn FieldTable(field: Option<Field>, rows: Vec<IndicatorRollup>) -> impl IntoView {
    let locale = use_locale();
    let key = field.map_or("none", |f| f.as_str());
    let (title_id, caption_id) = (format!("rollup-{key}-title"), format!("rollup-{key}-caption"));
    let (labelled_by, region_labelled_by) = (title_id.clone(), caption_id.clone());
    let name = move || match field {
        Some(f) => label(locale.get(), "activity", f.as_str()),
        None => text(locale.get(), k::INDICATOR_ROLLUP_NO_FIELD).to_owned(),
    };
    view! {
        <section class="card stack" id=format!("rollup-{key}") data-field=key aria-labelledby=labelled_by>
            <h2 class="card__title" id=title_id>{name}</h2>
            // Scrolls sideways on a phone: focusable, so the keyboard can scroll it too.
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby=region_labelled_by>
                <table class="table">
                    <caption class="sr-only" id=caption_id>
                        {move || format(locale.get(), k::INDICATOR_ROLLUP_TABLE_OF, &[("field", &name())])}
                    </caption>
                    <thead>
                        <tr>
                            <th scope="col">{tr(k::PICKER_WILAYA)}</th>
                            <th scope="col">{tr(k::INDICATOR_FIELD_KIND)}</th>
                            <th scope="col">{tr(k::INDICATOR_TITLE)}</th>
                            <th scope="col">{tr(k::NAV_PROJECTS)}</th>
                            <th scope="col">{tr(k::INDICATOR_ACTUAL)}</th>
                            <th scope="col">{tr(k::INDICATOR_TARGET)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows.into_iter().map(|r| {
                            let (measure, unit) = (r.measure, r.unit.clone());
                            let unit2 = unit.clone();
                            let (actual, target) = (r.actual, r.target);
                            let (indicators, projects) = (r.indicators as i64, r.projects as i64);
                            let kind = r.result_kind;
                            let code = r.wilaya.clone().unwrap_or_default();
                            view! {
                                <tr data-wilaya=code>
                                    <th scope="row">
                                        {match r.wilaya {
                                            Some(w) => view! { <bdi>{wilaya_label(w)}</bdi> }.into_any(),
                                            None => view! { <span>{tr(k::INDICATOR_ROLLUP_NO_WILAYA)}</span> }.into_any(),
                                        }}
                                    </th>
                                    <td>{move || text(locale.get(), kind_key(kind))}</td>
                                    <td>{move || format_number(locale.get(), indicators)}</td>
                                    <td>{move || format_number(locale.get(), projects)}</td>
                                    <td><bdi>{move || figure(locale.get(), actual, measure, unit.as_deref())}</bdi></td>
                                    <td><bdi>{move || target.map(|t| figure(locale.get(), t, measure, unit2.as_deref())).unwrap_or_else(|| "—".into())}</bdi></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
