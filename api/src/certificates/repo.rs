//! Diesel queries for the certificates, one per function.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::rows::CertificateRow;
use crate::db::DbConn;
use crate::db::schema::certificates;

pub fn insert(conn: &mut DbConn, row: &CertificateRow) -> QueryResult<usize> {
    diesel::insert_into(certificates::table).values(row).execute(conn)
}

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<CertificateRow> {
    certificates::table.find(id).first(conn)
}

pub fn find_by_code(conn: &mut DbConn, code: &str) -> QueryResult<CertificateRow> {
    certificates::table.filter(certificates::code.eq(code)).first(conn)
}

/// Up to `limit` of the user's certificates, newest first.
pub fn of_user(conn: &mut DbConn, user_id: &str, limit: i64) -> QueryResult<Vec<CertificateRow>> {
    certificates::table
        .filter(certificates::user_id.eq(user_id))
        .order((certificates::issued_at.desc(), certificates::id.desc()))
        .limit(limit)
        .load(conn)
}

/// The user's certificates for these courses.
pub fn of_user_in(conn: &mut DbConn, user_id: &str, course_ids: &[String]) -> QueryResult<Vec<CertificateRow>> {
    certificates::table
        .filter(certificates::user_id.eq(user_id))
        .filter(certificates::course_id.eq_any(course_ids))
        .load(conn)
}

pub fn exists_for(conn: &mut DbConn, course_id: &str, user_id: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        certificates::table.filter(certificates::course_id.eq(course_id)).filter(certificates::user_id.eq(user_id)),
    ))
    .get_result(conn)
}

/// The id of the learner's certificate for a course, if there is one.
pub fn id_for(conn: &mut DbConn, course_id: &str, user_id: &str) -> QueryResult<Option<String>> {
    certificates::table
        .filter(certificates::course_id.eq(course_id))
        .filter(certificates::user_id.eq(user_id))
        .select(certificates::id)
        .first(conn)
        .optional()
}

/// Does a certificate have this code or this place in the status list?
pub fn code_or_index_taken(conn: &mut DbConn, code: &str, index: i32) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        certificates::table.filter(certificates::code.eq(code).or(certificates::status_index.eq(index))),
    ))
    .get_result(conn)
}

/// Mark the certificate revoked, unless it already is: 0 then (or when there is none).
pub fn revoke(conn: &mut DbConn, id: &str, reason: &str, by: &str, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(certificates::table.find(id).filter(certificates::revoked_at.is_null()))
        .set((
            certificates::revoked_at.eq(Some(at)),
            certificates::revoked_reason.eq(Some(reason)),
            certificates::revoked_by.eq(Some(by)),
        ))
        .execute(conn)
}

/// The places in the status list of the revoked certificates.
pub fn revoked_indexes(conn: &mut DbConn) -> QueryResult<Vec<i32>> {
    certificates::table.filter(certificates::revoked_at.is_not_null()).select(certificates::status_index).load(conn)
}
