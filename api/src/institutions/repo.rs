//! Diesel queries for institutions and their staff.

use diesel::prelude::*;

use super::rows::{InstitutionRow, StaffRow};
use crate::db::DbConn;
use crate::db::schema::{institution_staff, institutions, users};

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<InstitutionRow> {
    institutions::table.find(id).select(InstitutionRow::as_select()).first(conn)
}

/// Every institution, by name, with its staff count.
pub fn all(conn: &mut DbConn) -> QueryResult<Vec<InstitutionRow>> {
    institutions::table
        .select(InstitutionRow::as_select())
        .order((institutions::name_fr.asc(), institutions::id.asc()))
        .load(conn)
}

/// The institutions `ids`.
pub fn many(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<InstitutionRow>> {
    institutions::table.filter(institutions::id.eq_any(ids)).select(InstitutionRow::as_select()).load(conn)
}

/// (institution id, staff count) for every institution with staff.
pub fn staff_counts(conn: &mut DbConn) -> QueryResult<Vec<(String, i64)>> {
    institution_staff::table
        .group_by(institution_staff::institution_id)
        .select((institution_staff::institution_id, diesel::dsl::count_star()))
        .load(conn)
}

pub fn insert(conn: &mut DbConn, row: &InstitutionRow) -> QueryResult<usize> {
    diesel::insert_into(institutions::table).values(row).execute(conn)
}

pub fn update(conn: &mut DbConn, row: &InstitutionRow) -> QueryResult<usize> {
    diesel::update(institutions::table.find(&row.id)).set(row).execute(conn)
}

/// `user_id`'s role in the institution.
pub fn role_of(conn: &mut DbConn, institution_id: &str, user_id: &str) -> QueryResult<Option<String>> {
    institution_staff::table.find((institution_id, user_id)).select(institution_staff::role).first(conn).optional()
}

/// The institutions `user_id` is staff of, with their role.
pub fn memberships(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<(InstitutionRow, String)>> {
    institution_staff::table
        .inner_join(institutions::table)
        .filter(institution_staff::user_id.eq(user_id))
        .select((InstitutionRow::as_select(), institution_staff::role))
        .order(institutions::name_fr.asc())
        .load(conn)
}

/// The staff with their display name and email, managers first.
pub fn staff(conn: &mut DbConn, institution_id: &str) -> QueryResult<Vec<(StaffRow, String, String)>> {
    institution_staff::table
        .inner_join(users::table)
        .filter(institution_staff::institution_id.eq(institution_id))
        .select((StaffRow::as_select(), users::display_name, users::email))
        .order((institution_staff::role.asc(), institution_staff::added_at.asc()))
        .load(conn)
}

/// Add the member of staff, or change their role (one statement).
pub fn upsert_staff(conn: &mut DbConn, row: &StaffRow) -> QueryResult<usize> {
    let upsert = diesel::insert_into(institution_staff::table)
        .values(row)
        .on_conflict((institution_staff::institution_id, institution_staff::user_id))
        .do_update()
        .set(institution_staff::role.eq(&row.role));
    match conn {
        DbConn::Pg(c) => upsert.execute(c),
        DbConn::Sqlite(c) => upsert.execute(c),
    }
}

pub fn remove_staff(conn: &mut DbConn, institution_id: &str, user_id: &str) -> QueryResult<usize> {
    diesel::delete(institution_staff::table.find((institution_id, user_id))).execute(conn)
}

pub fn manager_count(conn: &mut DbConn, institution_id: &str) -> QueryResult<i64> {
    institution_staff::table
        .filter(institution_staff::institution_id.eq(institution_id))
        .filter(institution_staff::role.eq("manager"))
        .count()
        .get_result(conn)
}
