//! Diesel queries for indicators and their actuals.

use diesel::prelude::*;

use super::super::rows::{ActualRow, IndicatorRow};
use crate::db::DbConn;
use crate::db::schema::{indicator_actuals, indicators, projects};

pub fn of_projects(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<IndicatorRow>> {
    indicators::table
        .filter(indicators::project_id.eq_any(ids))
        .select(IndicatorRow::as_select())
        .order((indicators::created_at, indicators::id))
        .load(conn)
}

pub fn find(conn: &mut DbConn, project_id: &str, id: &str) -> QueryResult<IndicatorRow> {
    indicators::table
        .find(id)
        .filter(indicators::project_id.eq(project_id))
        .select(IndicatorRow::as_select())
        .first(conn)
}

pub fn insert(conn: &mut DbConn, row: &IndicatorRow) -> QueryResult<usize> {
    diesel::insert_into(indicators::table).values(row).execute(conn)
}

pub fn update(conn: &mut DbConn, row: &IndicatorRow) -> QueryResult<usize> {
    diesel::update(indicators::table.find(&row.id)).set(row).execute(conn)
}

pub fn delete(conn: &mut DbConn, id: &str) -> QueryResult<usize> {
    diesel::delete(indicators::table.find(id)).execute(conn)
}

pub fn actuals_of(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<ActualRow>> {
    indicator_actuals::table
        .filter(indicator_actuals::indicator_id.eq_any(ids))
        .select(ActualRow::as_select())
        .order((indicator_actuals::measured_on.desc(), indicator_actuals::created_at.desc()))
        .load(conn)
}

pub fn insert_actual(conn: &mut DbConn, row: &ActualRow) -> QueryResult<usize> {
    diesel::insert_into(indicator_actuals::table).values(row).execute(conn)
}

pub fn delete_actual(conn: &mut DbConn, indicator_id: &str, id: &str) -> QueryResult<usize> {
    diesel::delete(indicator_actuals::table.find(id).filter(indicator_actuals::indicator_id.eq(indicator_id)))
        .execute(conn)
}

/// Every indicator with its project's fields and wilayas (the observatory's roll-up).
pub fn all_with_places(conn: &mut DbConn) -> QueryResult<Vec<(IndicatorRow, String, String)>> {
    indicators::table
        .inner_join(projects::table.on(projects::id.eq(indicators::project_id)))
        .select((IndicatorRow::as_select(), projects::fields, projects::wilayas))
        .load(conn)
}
