//! Background jobs in the database: any instance may run one, each runs once. A request enqueues a
//! job inside its own transaction (so it exists exactly when the request's change does); a worker
//! claims due jobs with a lock that expires (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so that two
//! instances never take the same one), runs each in a write transaction, and retries failures with
//! backoff. Some requests answer the same way whatever the job will find (a password-reset request
//! for an unknown address), so that the answer's time tells nothing.

use std::sync::Arc;
use std::time::Duration;

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use diesel::sql_types::{Integer, Timestamp};
use tokio::sync::Notify;

use crate::db::schema::jobs;
use crate::db::{DbConn, DbPool, new_id, now, write_tx};
use crate::error::{ApiError, ApiResult};

mod kinds;

pub use kinds::Job;

const BATCH: i32 = 20;
const MAX_ATTEMPTS: i32 = 6;
const LOCK_SECS: i64 = 120;

#[derive(Debug, Clone, Queryable, Insertable, QueryableByName)]
#[diesel(table_name = jobs, treat_none_as_default_value = false)]
struct JobRow {
    id: String,
    kind: String,
    payload: String,
    run_at: NaiveDateTime,
    attempts: i32,
    locked_until: Option<NaiveDateTime>,
    done_at: Option<NaiveDateTime>,
    last_error: Option<String>,
    created_at: NaiveDateTime,
}

/// What jobs may use besides their connection.
#[derive(Clone)]
pub struct Context {
    pub public_url: String,
    /// Wakes the email worker after a job queued an email.
    pub mail_notify: Arc<Notify>,
    /// Signs the unsubscribe links of notification emails.
    pub unsubscribe: crate::notifications::UnsubscribeSigner,
    /// Uploaded files (the sweep removes those no row holds any more).
    pub storage: Arc<dyn crate::storage::Storage>,
}

/// Queue `job` to run as soon as a worker is free; it exists once the surrounding transaction commits.
pub fn enqueue(conn: &mut DbConn, job: &Job) -> ApiResult<()> {
    enqueue_at(conn, job, now())
}

/// Queue `jobs` to run now, in one statement per few hundred.
pub fn enqueue_many(conn: &mut DbConn, list: &[Job]) -> ApiResult<()> {
    let now = now();
    let rows = list.iter().map(|job| row(job, now)).collect::<ApiResult<Vec<JobRow>>>()?;
    crate::db::insert_chunks!(conn, jobs::table, rows, 500);
    Ok(())
}

/// Queue `job` to run at `run_at` (or as soon as a worker is free after it).
pub fn enqueue_at(conn: &mut DbConn, job: &Job, run_at: NaiveDateTime) -> ApiResult<()> {
    diesel::insert_into(jobs::table).values(&row(job, run_at)?).execute(conn)?;
    Ok(())
}

/// The row that queues `job` for `run_at`.
fn row(job: &Job, run_at: NaiveDateTime) -> ApiResult<JobRow> {
    Ok(JobRow {
        id: new_id(),
        kind: job.kind().to_owned(),
        payload: serde_json::to_string(job).map_err(ApiError::internal)?,
        run_at,
        attempts: 0,
        locked_until: None,
        done_at: None,
        last_error: None,
        created_at: now(),
    })
}

/// Queue `job` for `run_at` unless the same job already waits to run (a summary that many
/// events ask for goes out once).
pub fn enqueue_once_at(conn: &mut DbConn, job: &Job, run_at: NaiveDateTime) -> ApiResult<()> {
    let payload = serde_json::to_string(job).map_err(ApiError::internal)?;
    let waiting: bool = diesel::select(diesel::dsl::exists(
        jobs::table
            .filter(jobs::kind.eq(job.kind()))
            .filter(jobs::payload.eq(&payload))
            .filter(jobs::done_at.is_null()),
    ))
    .get_result(conn)?;
    if waiting { Ok(()) } else { enqueue_at(conn, job, run_at) }
}

/// Take up to `BATCH` due jobs, locking them for `LOCK_SECS`.
fn claim(conn: &mut DbConn) -> QueryResult<Vec<JobRow>> {
    let now = now();
    let until = now + TimeDelta::seconds(LOCK_SECS);
    // SQLite numbers `$n` by first appearance: keep them in order.
    let select = "SELECT id FROM jobs WHERE done_at IS NULL AND run_at <= $2 AND attempts < $3 \
                  AND (locked_until IS NULL OR locked_until < $2) ORDER BY run_at LIMIT $4";
    let sql = match conn {
        DbConn::Pg(_) => {
            format!("UPDATE jobs SET locked_until = $1 WHERE id IN ({select} FOR UPDATE SKIP LOCKED) RETURNING *")
        }
        DbConn::Sqlite(_) => format!("UPDATE jobs SET locked_until = $1 WHERE id IN ({select}) RETURNING *"),
    };
    diesel::sql_query(sql)
        .bind::<Timestamp, _>(until)
        .bind::<Timestamp, _>(now)
        .bind::<Integer, _>(MAX_ATTEMPTS)
        .bind::<Integer, _>(BATCH)
        .load(conn)
}

/// Run one claimed job in a write transaction; mark it done with the change, or failed with backoff.
fn run_one(conn: &mut DbConn, row: &JobRow, ctx: &Context) -> Result<(), String> {
    let outcome = serde_json::from_str::<Job>(&row.payload).map_err(|e| e.to_string()).and_then(|job| {
        write_tx(conn, |conn| {
            job.run(conn, ctx)?;
            diesel::update(jobs::table.find(&row.id))
                .set((jobs::done_at.eq(Some(now())), jobs::locked_until.eq(None::<NaiveDateTime>)))
                .execute(conn)?;
            Ok::<_, ApiError>(())
        })
        .map_err(|e| format!("{e}"))
    });
    if let Err(error) = &outcome {
        let attempts = row.attempts + 1;
        let backoff = TimeDelta::seconds(15 * 2i64.pow(attempts.min(10) as u32));
        diesel::update(jobs::table.find(&row.id))
            .set((
                jobs::attempts.eq(attempts),
                jobs::run_at.eq(now() + backoff),
                jobs::locked_until.eq(None::<NaiveDateTime>),
                jobs::last_error.eq(error.chars().take(500).collect::<String>()),
            ))
            .execute(conn)
            .map_err(|e| e.to_string())?;
    }
    outcome
}

/// Run what is due once; how many jobs ran.
pub fn run_due(pool: &DbPool, ctx: &Context) -> Result<usize, String> {
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    let batch = claim(&mut conn).map_err(|e| e.to_string())?;
    for row in &batch {
        if let Err(error) = run_one(&mut conn, row, ctx) {
            tracing::warn!(job = %row.id, kind = %row.kind, attempt = row.attempts + 1, %error, "job failed");
        }
    }
    Ok(batch.len())
}

/// How long a session is kept after it ended (it shows in the member's data export until then).
const SESSIONS_KEPT_DAYS: i64 = 90;

/// Housekeeping any instance may do at any time: old rate-limit windows, sessions ended 90 days ago, finished jobs, recorded
/// deletions, members' events and the calendar's old changes, attachments no message or post holds, and SQLite's planner statistics.
fn sweep(pool: &DbPool, storage: &dyn crate::storage::Storage) -> Result<(), String> {
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    crate::db::optimize(&mut conn);
    let now = now();
    crate::ratelimit::sweep(&mut conn, now - TimeDelta::days(1)).map_err(|e| e.to_string())?;
    crate::auth::repo::sweep_sessions(&mut conn, now - TimeDelta::days(SESSIONS_KEPT_DAYS))
        .map_err(|e| e.to_string())?;
    crate::associations::repo::sweep_deletions(&mut conn, now - TimeDelta::days(1)).map_err(|e| e.to_string())?;
    crate::projects::calendar_index::sweep(&mut conn).map_err(|e| e.to_string())?;
    crate::realtime::events::sweep(&mut conn, now - TimeDelta::days(crate::realtime::KEEP_DAYS))
        .map_err(|e| e.to_string())?;
    let unsent = crate::messaging::sweep_attachments(&mut conn).map_err(|e| e.to_string())?;
    crate::media::forget(storage, unsent);
    let unposted = crate::circles::sweep_attachments(&mut conn).map_err(|e| e.to_string())?;
    crate::media::forget(storage, unposted);
    diesel::delete(jobs::table.filter(jobs::done_at.lt(now - TimeDelta::days(7))))
        .execute(&mut conn)
        .map_err(|e| e.to_string())?;
    Ok(())
}

/// How long an idle worker waits before looking for due jobs that nobody woke it for (those queued
/// by another instance, or by a notification: `notify` does not reach the worker).
const IDLE: Duration = Duration::from_secs(2);

/// Run forever: when woken by `notify` (a new job), else every `IDLE`; sweep every ten minutes.
pub async fn run(pool: DbPool, ctx: Context, notify: Arc<Notify>) {
    let mut last_sweep = std::time::Instant::now() - Duration::from_secs(3600);
    loop {
        let (pool2, ctx2) = (pool.clone(), ctx.clone());
        match actix_web::web::block(move || run_due(&pool2, &ctx2)).await {
            Ok(Ok(n)) if n > 0 => {
                ctx.mail_notify.notify_one();
                continue;
            }
            Ok(Ok(_)) => {}
            Ok(Err(e)) => tracing::warn!(error = %e, "job worker"),
            Err(e) => tracing::warn!(error = %e, "job worker task"),
        }
        if last_sweep.elapsed() > Duration::from_secs(600) {
            last_sweep = std::time::Instant::now();
            let (pool2, storage) = (pool.clone(), ctx.storage.clone());
            if let Ok(Err(e)) = actix_web::web::block(move || sweep(&pool2, storage.as_ref())).await {
                tracing::warn!(error = %e, "sweep");
            }
        }
        tokio::select! {
            _ = notify.notified() => {}
            _ = tokio::time::sleep(IDLE) => {}
        }
    }
}
