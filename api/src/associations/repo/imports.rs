//! Bulk import jobs, whose row tells any instance how far an import got.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::associations::rows::ImportJobRow;
use crate::db::DbConn;
use crate::db::schema::import_jobs;

pub fn insert_import_job(conn: &mut DbConn, job: &ImportJobRow) -> QueryResult<usize> {
    diesel::insert_into(import_jobs::table).values(job).execute(conn)
}

pub fn find_import_job(conn: &mut DbConn, id: &str) -> QueryResult<ImportJobRow> {
    import_jobs::table.find(id).first(conn)
}

pub fn save_import_job(conn: &mut DbConn, job: &ImportJobRow) -> QueryResult<usize> {
    diesel::update(import_jobs::table.find(&job.id)).set(job).execute(conn)
}

/// End a job that is still validating or writing as failed, with `errors`; 0 if it had ended.
pub fn fail_running_import_job(conn: &mut DbConn, id: &str, errors: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(import_jobs::table.find(id).filter(import_jobs::status.eq_any(["validating", "writing"])))
        .set((import_jobs::status.eq("failed"), import_jobs::errors.eq(errors), import_jobs::finished_at.eq(Some(now))))
        .execute(conn)
}
