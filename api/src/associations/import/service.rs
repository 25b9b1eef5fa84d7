//! The import job: every row checked (with progress kept in the job's row, so that any instance
//! can report it), and then, unless it is a dry run or any row is wrong, all of them written in one
//! transaction: all rows or none. It runs on its own thread; the job's row is its only output.

use std::collections::HashMap;

use madani_shared::associations::*;

use super::parse::{Record, columns, row_error, to_request};
use crate::associations::cache::DirectoryCache;
use crate::associations::repo;
use crate::associations::rows::ImportJobRow;
use crate::associations::service::{check_place, insert_association};
use crate::audit::{self, Subject};
use crate::csv::unescape_text;
use crate::db::{DbConn, DbPool, new_id, now, write_tx};
use crate::error::{ApiError, ApiResult};

/// Largest file, in bytes.
pub const MAX_IMPORT_BYTES: usize = 10 * 1024 * 1024;
/// Most data rows in one file.
pub const MAX_IMPORT_ROWS: usize = 50_000;
/// Row errors kept in the report.
const MAX_ERRORS: usize = 1_000;
/// Progress is written every this many rows.
const PROGRESS_EVERY: usize = 250;
/// An import still running after this long has died with its instance (the largest file takes
/// minutes).
const ABANDONED_AFTER_MINUTES: i64 = 60;

/// (field, code, message) of a problem with a place.
type PlaceError = (String, String, String);

/// Record a new job of `created_by` for a file of `total_rows` data rows.
pub fn start(conn: &mut DbConn, created_by: &str, dry_run: bool, total_rows: i64) -> ApiResult<ImportJobRow> {
    let job = ImportJobRow {
        id: new_id(),
        created_by: Some(created_by.to_owned()),
        dry_run,
        status: ImportStatus::Validating.as_str().into(),
        total_rows,
        processed_rows: 0,
        created_count: 0,
        errors: "[]".into(),
        created_at: now(),
        finished_at: None,
        notes: "[]".into(),
    };
    repo::insert_import_job(conn, &job)?;
    tracing::info!(import = %job.id, staff = %created_by, rows = total_rows, dry_run, "import started");
    Ok(job)
}

/// Run the job on a thread of its own: a long import must not hold one of the request-serving
/// blocking threads. A panic in it still ends the job, as failed, rather than leaving it running
/// for ever.
pub fn spawn(
    pool: DbPool,
    directory: std::sync::Arc<DirectoryCache>,
    job: ImportJobRow,
    actor: String,
    records: Vec<Record>,
) {
    std::thread::spawn(move || {
        let id = job.id.clone();
        let ran =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(&pool, &directory, job, actor, records)));
        if ran.is_err() {
            tracing::error!(import = %id, "import panicked");
            if let Ok(mut conn) = pool.get() {
                let _ = interrupt(&mut conn, &id);
            }
        }
    });
}

/// The job as it stands; one running for too long has died with its instance and is ended.
pub fn get(conn: &mut DbConn, id: &str) -> ApiResult<ImportJob> {
    let row = repo::find_import_job(conn, id)?;
    let running = matches!(ImportStatus::parse(&row.status), Some(ImportStatus::Validating | ImportStatus::Writing));
    if running && row.created_at < now() - chrono::Duration::minutes(ABANDONED_AFTER_MINUTES) {
        interrupt(conn, id)?;
        return Ok(repo::find_import_job(conn, id)?.to_api());
    }
    Ok(row.to_api())
}

/// End a job that stopped without finishing (a panic, or a restart of its instance).
fn interrupt(conn: &mut DbConn, id: &str) -> ApiResult<usize> {
    let errors = serde_json::to_string(&[row_error(
        0,
        "file",
        "interrupted",
        "the import stopped before the end; start it again",
    )])
    .unwrap_or_else(|_| "[]".into());
    Ok(repo::fail_running_import_job(conn, id, &errors, now())?)
}

/// Why writing the rows stopped (the transaction is rolled back either way).
enum WriteError {
    /// The row's registration number was registered since it was checked.
    Taken(u32),
    Api(ApiError),
}

impl From<diesel::result::Error> for WriteError {
    fn from(e: diesel::result::Error) -> Self {
        WriteError::Api(e.into())
    }
}

/// Add `new` to the report, which keeps at most [`MAX_ERRORS`].
fn push(errors: &mut Vec<ImportRowError>, new: Vec<ImportRowError>) {
    let room = MAX_ERRORS.saturating_sub(errors.len());
    errors.extend(new.into_iter().take(room));
}

/// Check every row, then write them all in one transaction (unless `job.dry_run` or an error).
/// Runs on a blocking thread; the job row tells how far it got.
fn run(pool: &DbPool, directory: &DirectoryCache, mut job: ImportJobRow, actor: String, records: Vec<Record>) {
    let result = (|| -> ApiResult<()> {
        let mut conn = pool.get()?;
        let Checked { errors, notes, requests } = check(&mut conn, &mut job, records)?;
        job.processed_rows = job.total_rows;
        job.errors = serde_json::to_string(&errors).map_err(ApiError::internal)?;
        job.notes = serde_json::to_string(&notes).map_err(ApiError::internal)?;
        if !errors.is_empty() || job.dry_run {
            job.status = if errors.is_empty() { ImportStatus::Succeeded } else { ImportStatus::Failed }.as_str().into();
            return finish(&mut conn, &mut job);
        }
        job.status = ImportStatus::Writing.as_str().into();
        repo::save_import_job(&mut conn, &job)?;
        let count = requests.len() as i64;
        match write(&mut conn, &job.id, &actor, &requests) {
            Ok(()) => {}
            Err(WriteError::Taken(row)) => {
                let errors = vec![row_error(row, "registration_number", "taken", "is already registered")];
                job.errors = serde_json::to_string(&errors).map_err(ApiError::internal)?;
                job.status = ImportStatus::Failed.as_str().into();
                return finish(&mut conn, &mut job);
            }
            Err(WriteError::Api(e)) => return Err(e),
        }
        directory.invalidate();
        job.created_count = count;
        job.status = ImportStatus::Succeeded.as_str().into();
        finish(&mut conn, &mut job)?;
        tracing::info!(import = %job.id, count, "associations imported");
        Ok(())
    })();
    if let Err(e) = result {
        tracing::error!(import = %job.id, error = %e, "import failed");
        job.status = ImportStatus::Failed.as_str().into();
        job.finished_at = Some(now());
        job.errors = serde_json::to_string(&[row_error(0, "file", "internal", "the import stopped on a server error")])
            .unwrap_or_else(|_| "[]".into());
        if let Ok(mut conn) = pool.get() {
            let _ = repo::save_import_job(&mut conn, &job);
        }
    }
}

fn finish(conn: &mut DbConn, job: &mut ImportJobRow) -> ApiResult<()> {
    job.finished_at = Some(now());
    repo::save_import_job(conn, job)?;
    Ok(())
}

/// What checking a file found.
struct Checked {
    /// Every wrong cell, by row.
    errors: Vec<ImportRowError>,
    /// What rows will do besides creating their association (taking a number over), by row.
    notes: Vec<ImportRowError>,
    /// The rows as requests, with their row numbers.
    requests: Vec<(u32, CreateAssociation)>,
}

/// Every wrong cell of the file, and the rows as requests: the header's columns, each row's cells,
/// its place, its registration number (repeated in the file, or held by a verified or suspended
/// association; one only pending or rejected registrations claim is taken over, with a note).
/// Progress goes to the job's row every [`PROGRESS_EVERY`] rows.
fn check(conn: &mut DbConn, job: &mut ImportJobRow, records: Vec<Record>) -> ApiResult<Checked> {
    let mut errors: Vec<ImportRowError> = Vec::new();
    let mut notes: Vec<ImportRowError> = Vec::new();
    let mut records = records.into_iter();
    let (_, header) = records.next().unwrap_or_default();
    let (index, header_errors) = columns(&header);
    push(&mut errors, header_errors);
    let mut requests: Vec<(u32, CreateAssociation)> = Vec::new();
    let mut numbers: HashMap<String, u32> = HashMap::new();
    let mut checked_places: HashMap<(String, Option<i32>), Vec<PlaceError>> = HashMap::new();
    if errors.is_empty() {
        for (n, (row, cells)) in records.enumerate() {
            // A cell of an export that looked like a formula comes back without its apostrophe.
            let cell = |column: &str| -> Option<String> {
                index
                    .get(column)
                    .and_then(|&i| cells.get(i))
                    .map(|v| unescape_text(v.trim()).trim().to_owned())
                    .filter(|v| !v.is_empty())
            };
            match to_request(row, &cell) {
                Err(e) => push(&mut errors, e),
                Ok(request) => {
                    let place = (request.wilaya_code.clone(), request.commune_id);
                    if !checked_places.contains_key(&place) {
                        let found = match check_place(conn, &place.0, place.1) {
                            Ok(()) => vec![],
                            Err(ApiError::Validation(fields)) => {
                                fields.into_iter().map(|f| (f.field, f.code, f.message)).collect()
                            }
                            Err(e) => return Err(e),
                        };
                        checked_places.insert(place.clone(), found);
                    }
                    let place_errors = &checked_places[&place];
                    if !place_errors.is_empty() {
                        push(
                            &mut errors,
                            place_errors.iter().map(|(f, c, m)| row_error(row, f, c, m.clone())).collect(),
                        );
                    } else if let Some(first) = numbers.get(&request.registration_number) {
                        push(
                            &mut errors,
                            vec![row_error(row, "registration_number", "duplicate", format!("is also on row {first}"))],
                        );
                    } else {
                        numbers.insert(request.registration_number.clone(), row);
                        requests.push((row, request));
                    }
                }
            }
            if (n + 1) % PROGRESS_EVERY == 0 {
                job.processed_rows = n as i64 + 1;
                repo::save_import_job(conn, job)?;
            }
        }
        // Registration numbers already in the registry: held (verified, suspended), or only claimed.
        let wanted: Vec<String> = numbers.keys().cloned().collect();
        for chunk in wanted.chunks(500) {
            let claims = repo::claims_of(conn, chunk)?;
            for number in chunk {
                let row = numbers[number];
                let statuses: Vec<&str> = claims.iter().filter(|c| c.0 == *number).map(|c| c.5.as_str()).collect();
                if statuses.iter().any(|s| repo::HOLDING.contains(s)) {
                    push(&mut errors, vec![row_error(row, "registration_number", "taken", "is already registered")]);
                } else if let Some(whose) = ["pending", "rejected"].into_iter().find(|s| statuses.contains(s)) {
                    let message =
                        format!("takes over the number from a {whose} registration, left for staff to decide");
                    push(&mut notes, vec![row_error(row, "registration_number", "takes_over_number", message)]);
                }
            }
        }
    }
    errors.sort_by_key(|e| e.row);
    notes.sort_by_key(|e| e.row);
    Ok(Checked { errors, notes, requests })
}

/// Write every request, verified (they come from the official registry) and without members, and
/// the audit entry: one transaction.
fn write(
    conn: &mut DbConn,
    job_id: &str,
    actor: &str,
    requests: &[(u32, CreateAssociation)],
) -> Result<(), WriteError> {
    let count = requests.len();
    write_tx(conn, |conn| {
        for (row, request) in requests {
            match insert_association(conn, None, request, AssociationStatus::Verified) {
                Ok(_) => {}
                // Registered meanwhile (by someone else): reported on its row, nothing written.
                Err(ApiError::Conflict(_)) => return Err(WriteError::Taken(*row)),
                Err(e) => return Err(WriteError::Api(e)),
            }
        }
        audit::record(
            conn,
            Some(actor),
            "association.imported",
            Subject { kind: "import", id: job_id },
            Some(&format!("{count} associations imported")),
        )
        .map_err(WriteError::Api)?;
        Ok(())
    })
}
