//! The delivery loop: claim due emails, send them, record the outcome, back off on failure.
//! On PostgreSQL, `FOR UPDATE SKIP LOCKED` lets several server processes share the queue.

use std::sync::Arc;
use std::time::Duration;

use chrono::TimeDelta;
use diesel::prelude::*;
use diesel::sql_types::{Integer, Timestamp};
use tokio::sync::Notify;

use super::{OutboxEmail, Transport};
use crate::db::schema::outbox_emails;
use crate::db::{DbConn, DbPool, now};

const BATCH: i32 = 20;
const MAX_ATTEMPTS: i32 = 8;
const LOCK_SECS: i64 = 120;

/// Take up to `BATCH` due emails, locking them for `LOCK_SECS` so no other worker sends them too.
fn claim(conn: &mut DbConn) -> QueryResult<Vec<OutboxEmail>> {
    let now = now();
    let until = now + TimeDelta::seconds(LOCK_SECS);
    // SQLite numbers `$n` placeholders by first appearance, not by n: keep them in order.
    let select = "SELECT id FROM outbox_emails WHERE sent_at IS NULL AND next_attempt_at <= $2 AND attempts < $3 \
                  AND (locked_until IS NULL OR locked_until < $2) ORDER BY next_attempt_at LIMIT $4";
    let sql = match conn {
        DbConn::Pg(_) => format!(
            "UPDATE outbox_emails SET locked_until = $1 WHERE id IN ({select} FOR UPDATE SKIP LOCKED) RETURNING *"
        ),
        DbConn::Sqlite(_) => {
            format!("UPDATE outbox_emails SET locked_until = $1 WHERE id IN ({select}) RETURNING *")
        }
    };
    diesel::sql_query(sql)
        .bind::<Timestamp, _>(until)
        .bind::<Timestamp, _>(now)
        .bind::<Integer, _>(MAX_ATTEMPTS)
        .bind::<Integer, _>(BATCH)
        .load(conn)
}

fn mark_sent(conn: &mut DbConn, email: &OutboxEmail) -> QueryResult<usize> {
    let row = diesel::update(outbox_emails::table.find(&email.id));
    let (sent_at, unlocked) =
        (outbox_emails::sent_at.eq(now()), outbox_emails::locked_until.eq(None::<chrono::NaiveDateTime>));
    let forgotten = outbox_emails::unsubscribe_url.eq(None::<String>);
    if email.redact_after_send {
        row.set((sent_at, unlocked, forgotten, outbox_emails::body.eq(super::REDACTED_BODY))).execute(conn)
    } else {
        row.set((sent_at, unlocked, forgotten)).execute(conn)
    }
}

fn mark_failed(conn: &mut DbConn, email: &OutboxEmail, error: &str) -> QueryResult<usize> {
    let attempts = email.attempts + 1;
    let backoff = TimeDelta::seconds(30 * 2i64.pow(attempts.min(10) as u32));
    diesel::update(outbox_emails::table.find(&email.id))
        .set((
            outbox_emails::attempts.eq(attempts),
            outbox_emails::next_attempt_at.eq(now() + backoff),
            outbox_emails::locked_until.eq(None::<chrono::NaiveDateTime>),
            outbox_emails::last_error.eq(error.chars().take(500).collect::<String>()),
        ))
        .execute(conn)
}

/// Deliver what is due once; returns how many were sent.
pub fn deliver_due(pool: &DbPool, transport: &dyn Transport) -> Result<usize, String> {
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    let batch = claim(&mut conn).map_err(|e| e.to_string())?;
    let mut sent = 0;
    for email in &batch {
        match transport.send(email) {
            Ok(()) => {
                mark_sent(&mut conn, email).map_err(|e| e.to_string())?;
                sent += 1;
            }
            Err(error) => {
                tracing::warn!(email = %email.id, attempt = email.attempts + 1, %error, "email delivery failed");
                mark_failed(&mut conn, email, &error).map_err(|e| e.to_string())?;
            }
        }
    }
    Ok(sent)
}

/// Run forever: deliver when woken by `notify` (a new email) or every few seconds (retries, other
/// processes' emails).
pub async fn run(pool: DbPool, transport: Arc<dyn Transport>, notify: Arc<Notify>) {
    tracing::debug!("outbox worker started");
    loop {
        let (pool2, transport2) = (pool.clone(), transport.clone());
        match actix_web::web::block(move || deliver_due(&pool2, transport2.as_ref())).await {
            Ok(Ok(n)) if n > 0 => continue,
            Ok(Ok(_)) => tracing::debug!("outbox: nothing due"),
            Ok(Err(e)) => tracing::warn!(error = %e, "outbox worker"),
            Err(e) => tracing::warn!(error = %e, "outbox worker task"),
        }
        tokio::select! {
            _ = notify.notified() => {}
            _ = tokio::time::sleep(Duration::from_secs(5)) => {}
        }
    }
}
