//! Indicators: written by the lead's officers, read by whoever sees the project; each period's
//! actual is computed from the actuals measured in it. The observatory reads them rolled up by
//! field and wilaya.

use std::collections::{BTreeMap, HashMap};

use madani_shared::ids::{ActualId, IndicatorId};
use madani_shared::projects::*;

use super::super::access;
use super::super::repo::indicators as repo;
use super::super::rows::{ActualRow, IndicatorRow, fields_of, split_list};
use crate::auth::AuthUser;
use crate::db::{DbConn, new_id, now, to_utc, write_tx};
use crate::error::{ApiError, ApiResult};

fn check(input: &IndicatorInput) -> ApiResult<()> {
    if input.baseline_value.is_some() != input.baseline_on.is_some() {
        return Err(ApiError::field("baseline_on", "required", "give the baseline's value and date together"));
    }
    if input.baseline_value.is_some_and(|v| !v.is_finite()) {
        return Err(ApiError::field("baseline_value", "range", "must be a number"));
    }
    for (i, p) in input.periods.iter().enumerate() {
        if p.end <= p.start {
            return Err(ApiError::field(&format!("periods[{i}].end"), "range", "must be after start"));
        }
        if p.target
            .is_some_and(|t| !t.is_finite() || (input.measure == Measure::Percentage && !(0.0..=100.0).contains(&t)))
        {
            return Err(ApiError::field(
                &format!("periods[{i}].target"),
                "range",
                "must be a number (0 to 100 for a percentage)",
            ));
        }
    }
    let mut sorted: Vec<&IndicatorPeriod> = input.periods.iter().collect();
    sorted.sort_by_key(|p| p.start);
    if sorted.windows(2).any(|w| w[1].start <= w[0].end) {
        return Err(ApiError::field("periods", "overlap", "periods must not overlap"));
    }
    Ok(())
}

fn fill(row: &mut IndicatorRow, input: &IndicatorInput) -> ApiResult<()> {
    row.result_kind = input.result_kind.as_str().to_owned();
    (row.result_title_ar, row.result_title_fr, row.result_title_en) = input.result_title.trimmed();
    (row.title_ar, row.title_fr, row.title_en) = input.title.trimmed();
    row.measure = input.measure.as_str().to_owned();
    row.unit = input.unit.as_deref().map(str::trim).filter(|u| !u.is_empty()).map(str::to_owned);
    row.ascending = input.ascending;
    row.baseline_value = input.baseline_value;
    row.baseline_on = input.baseline_on;
    let mut periods = input.periods.clone();
    periods.sort_by_key(|p| p.start);
    row.periods = serde_json::to_string(&periods).map_err(ApiError::internal)?;
    Ok(())
}

pub fn create(conn: &mut DbConn, user: &AuthUser, project: &str, input: &IndicatorInput) -> ApiResult<Indicator> {
    check(input)?;
    write_tx(conn, |conn| {
        access::require_editor(conn, project, user)?;
        let mut row = IndicatorRow {
            id: new_id(),
            project_id: project.to_owned(),
            result_kind: String::new(),
            result_title_ar: None,
            result_title_fr: None,
            result_title_en: None,
            title_ar: None,
            title_fr: None,
            title_en: None,
            measure: String::new(),
            unit: None,
            ascending: true,
            baseline_value: None,
            baseline_on: None,
            periods: String::new(),
            created_at: now(),
        };
        fill(&mut row, input)?;
        repo::insert(conn, &row)?;
        Ok(view(row, Vec::new()))
    })
}

pub fn update(
    conn: &mut DbConn,
    user: &AuthUser,
    project: &str,
    id: &str,
    input: &IndicatorInput,
) -> ApiResult<Indicator> {
    check(input)?;
    write_tx(conn, |conn| {
        access::require_editor(conn, project, user)?;
        let mut row = repo::find(conn, project, id)?;
        fill(&mut row, input)?;
        repo::update(conn, &row)?;
        let actuals = repo::actuals_of(conn, std::slice::from_ref(&row.id))?;
        Ok(view(row, actuals))
    })
}

pub fn delete(conn: &mut DbConn, user: &AuthUser, project: &str, id: &str) -> ApiResult<()> {
    write_tx(conn, |conn| {
        access::require_editor(conn, project, user)?;
        repo::find(conn, project, id)?;
        repo::delete(conn, id)?;
        Ok(())
    })
}

pub fn report(
    conn: &mut DbConn,
    user: &AuthUser,
    project: &str,
    id: &str,
    input: &ActualInput,
) -> ApiResult<Indicator> {
    write_tx(conn, |conn| {
        access::require_editor(conn, project, user)?;
        let row = repo::find(conn, project, id)?;
        if !input.value.is_finite() || (row.measure() == Measure::Percentage && !(0.0..=100.0).contains(&input.value)) {
            return Err(ApiError::field("value", "range", "must be a number (0 to 100 for a percentage)"));
        }
        repo::insert_actual(
            conn,
            &ActualRow {
                id: new_id(),
                indicator_id: id.to_owned(),
                value: input.value,
                measured_on: input.measured_on,
                comment: input.comment.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(str::to_owned),
                wilaya_code: input.wilaya.clone(),
                created_by: Some(user.id.clone()),
                created_at: now(),
            },
        )?;
        let actuals = repo::actuals_of(conn, std::slice::from_ref(&row.id))?;
        Ok(view(row, actuals))
    })
}

pub fn delete_actual(
    conn: &mut DbConn,
    user: &AuthUser,
    project: &str,
    id: &str,
    actual: &str,
) -> ApiResult<Indicator> {
    write_tx(conn, |conn| {
        access::require_editor(conn, project, user)?;
        let row = repo::find(conn, project, id)?;
        if repo::delete_actual(conn, id, actual)? == 0 {
            return Err(ApiError::NotFound);
        }
        let actuals = repo::actuals_of(conn, std::slice::from_ref(&row.id))?;
        Ok(view(row, actuals))
    })
}

/// A project's indicators with their actuals.
pub fn list(conn: &mut DbConn, user: Option<&AuthUser>, project: &str) -> ApiResult<Vec<Indicator>> {
    access::load_visible(conn, project, user)?;
    of_projects(conn, &[project.to_owned()])
}

pub fn of_projects(conn: &mut DbConn, projects: &[String]) -> ApiResult<Vec<Indicator>> {
    let rows = repo::of_projects(conn, projects)?;
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut actuals: HashMap<String, Vec<ActualRow>> = HashMap::new();
    for a in repo::actuals_of(conn, &ids)? {
        actuals.entry(a.indicator_id.clone()).or_default().push(a);
    }
    Ok(rows
        .into_iter()
        .map(|r| {
            let a = actuals.remove(&r.id).unwrap_or_default();
            view(r, a)
        })
        .collect())
}

/// A period's actual: the sum of a count's actuals measured in it, a percentage's latest.
pub fn period_actual(measure: Measure, period: &IndicatorPeriod, actuals: &[ActualRow]) -> Option<f64> {
    let inside = actuals.iter().filter(|a| a.measured_on >= period.start && a.measured_on <= period.end);
    match measure {
        Measure::Unit => {
            let values: Vec<f64> = inside.map(|a| a.value).collect();
            (!values.is_empty()).then(|| values.iter().sum())
        }
        Measure::Percentage => inside.max_by_key(|a| (a.measured_on, a.created_at)).map(|a| a.value),
    }
}

pub fn view(row: IndicatorRow, actuals: Vec<ActualRow>) -> Indicator {
    let measure = row.measure();
    let periods = row
        .periods()
        .iter()
        .map(|p| PeriodView {
            start: p.start,
            end: p.end,
            target: p.target,
            actual: period_actual(measure, p, &actuals),
        })
        .collect();
    Indicator {
        id: IndicatorId::stored(&row.id),
        result_kind: row.result_kind(),
        result_title: row.result_title(),
        title: row.title(),
        measure,
        unit: row.unit.clone(),
        ascending: row.ascending,
        baseline_value: row.baseline_value,
        baseline_on: row.baseline_on,
        periods,
        actuals: actuals
            .into_iter()
            .map(|a| Actual {
                id: ActualId::stored(&a.id),
                value: a.value,
                measured_on: a.measured_on,
                comment: a.comment,
                wilaya: a.wilaya_code,
                created_at: to_utc(a.created_at),
            })
            .collect(),
    }
}

/// Indicators of every project rolled up by field, wilaya, result kind, measure and unit
/// (institution staff and administrators): counts are summed, percentages averaged. A project in
/// several fields or wilayas counts in each; an actual with a wilaya counts in that wilaya only.
pub fn rollup(conn: &mut DbConn, user: &AuthUser) -> ApiResult<Vec<IndicatorRollup>> {
    let staff =
        !crate::institutions::repo::memberships(conn, &user.id)?.is_empty() || crate::auth::is_staff(Some(user));
    if !staff {
        return Err(ApiError::Forbidden(madani_shared::ErrorCode::NotInstitutionStaff));
    }
    let rows = repo::all_with_places(conn)?;
    let ids: Vec<String> = rows.iter().map(|(r, _, _)| r.id.clone()).collect();
    let mut actuals: HashMap<String, Vec<ActualRow>> = HashMap::new();
    for a in repo::actuals_of(conn, &ids)? {
        actuals.entry(a.indicator_id.clone()).or_default().push(a);
    }
    type Key = (Option<String>, Option<String>, String, String, Option<String>);
    #[derive(Default)]
    struct Acc {
        indicators: u32,
        projects: std::collections::BTreeSet<String>,
        values: Vec<f64>,
        targets: Vec<f64>,
    }
    let mut groups: BTreeMap<Key, Acc> = BTreeMap::new();
    for (row, fields, wilayas) in &rows {
        let measure = row.measure();
        let mine = actuals.get(&row.id).map(Vec::as_slice).unwrap_or(&[]);
        let mut fields: Vec<Option<String>> = fields_of(fields).iter().map(|f| Some(f.as_str().to_owned())).collect();
        if fields.is_empty() {
            fields.push(None);
        }
        let mut places: Vec<Option<String>> = split_list(wilayas).map(|w| Some(w.to_owned())).collect();
        places.extend(mine.iter().filter_map(|a| a.wilaya_code.clone()).map(Some));
        places.sort();
        places.dedup();
        if places.is_empty() {
            places.push(None);
        }
        for field in &fields {
            for wilaya in &places {
                let counted: Vec<&ActualRow> =
                    mine.iter().filter(|a| a.wilaya_code.is_none() || a.wilaya_code == *wilaya).collect();
                let key =
                    (field.clone(), wilaya.clone(), row.result_kind.clone(), row.measure.clone(), row.unit.clone());
                let acc = groups.entry(key).or_default();
                acc.indicators += 1;
                acc.projects.insert(row.project_id.clone());
                match measure {
                    Measure::Unit => acc.values.push(counted.iter().map(|a| a.value).sum()),
                    Measure::Percentage => {
                        acc.values.extend(counted.iter().max_by_key(|a| a.measured_on).map(|a| a.value))
                    }
                }
                let reported: Vec<f64> = row
                    .periods()
                    .iter()
                    .filter(|p| counted.iter().any(|a| a.measured_on >= p.start && a.measured_on <= p.end))
                    .filter_map(|p| p.target)
                    .collect();
                acc.targets.extend(reported);
            }
        }
    }
    Ok(groups
        .into_iter()
        .map(|((field, wilaya, kind, measure, unit), acc)| {
            let measure = Measure::parse(&measure).unwrap_or(Measure::Unit);
            let combine = |v: &[f64]| match measure {
                Measure::Unit => v.iter().sum::<f64>(),
                Measure::Percentage => {
                    if v.is_empty() {
                        0.0
                    } else {
                        v.iter().sum::<f64>() / v.len() as f64
                    }
                }
            };
            IndicatorRollup {
                field: field.as_deref().and_then(madani_shared::associations::Field::parse),
                wilaya,
                result_kind: ResultKind::parse(&kind).unwrap_or(ResultKind::Output),
                measure,
                unit,
                indicators: acc.indicators,
                projects: acc.projects.len() as u32,
                actual: combine(&acc.values),
                target: (!acc.targets.is_empty()).then(|| combine(&acc.targets)),
            }
        })
        .collect())
}
