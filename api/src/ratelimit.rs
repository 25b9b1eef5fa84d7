//! Rate limits that hold across instances: a counter per key (`login:<email>|<ip>`,
//! `register:<ip>`, …) and fixed window, kept in the database and counted with one atomic upsert,
//! so that parallel requests cannot all slip under the limit and every instance sees the same count.
//! Reads answered from memory use [`Batched`], which adds an instance's hits to the same count in
//! batches. Old windows are swept by the job worker.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use diesel::sql_types::{Integer, Text, Timestamp};

use crate::db::schema::rate_limits;
use crate::db::{DbConn, now};
use crate::error::{ApiError, ApiResult};

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = Integer)]
    hits: i32,
    #[diesel(sql_type = Timestamp)]
    window_start: NaiveDateTime,
}

/// Count one hit for `key` in its current window of `window`; 429 (with the seconds until the
/// window ends) once more than `limit` hits fell in it.
pub fn hit(conn: &mut DbConn, key: &str, limit: i64, window: TimeDelta) -> ApiResult<()> {
    let now = now();
    let count = add(conn, key, 1, window, now)?;
    refuse_over(key, i64::from(count.hits), limit, count.window_start + window, now)
}

/// Add `n` hits to `key`'s current window (a new window holds `n`).
fn add(conn: &mut DbConn, key: &str, n: i32, window: TimeDelta, now: NaiveDateTime) -> QueryResult<Count> {
    // SQLite numbers `$n` by first appearance: keep them in order.
    diesel::sql_query(
        "INSERT INTO rate_limits (key, window_start, hits) VALUES ($1, $2, $3) \
         ON CONFLICT (key) DO UPDATE SET \
           hits = CASE WHEN rate_limits.window_start <= $4 THEN excluded.hits ELSE rate_limits.hits + excluded.hits END, \
           window_start = CASE WHEN rate_limits.window_start <= $4 THEN $2 ELSE rate_limits.window_start END \
         RETURNING hits, window_start",
    )
    .bind::<Text, _>(key)
    .bind::<Timestamp, _>(now)
    .bind::<Integer, _>(n)
    .bind::<Timestamp, _>(now - window)
    .get_result(conn)
}

fn refuse_over(key: &str, hits: i64, limit: i64, ends: NaiveDateTime, now: NaiveDateTime) -> ApiResult<()> {
    if hits > limit {
        let retry = (ends - now).num_seconds().max(1) as u64;
        tracing::warn!(key = key.split(':').next().unwrap_or(""), hits, "rate limited");
        return Err(ApiError::TooManyRequests { retry_after_secs: retry });
    }
    Ok(())
}

/// Hits an instance counts before it adds them to the shared count, and how long it waits at most.
const BATCH_HITS: i64 = 20;
const BATCH_WAIT: std::time::Duration = std::time::Duration::from_secs(1);
/// Keys kept in memory before the finished windows are dropped (all of them, if none finished).
const BATCH_KEYS: usize = 10_000;

/// One key's count as this instance knows it.
struct Batch {
    /// The shared count and its window, as of the last addition.
    shared: i64,
    window_start: NaiveDateTime,
    /// Hits counted here since then.
    here: i64,
    added_at: std::time::Instant,
}

/// Rate limits for reads that cost little (answered from memory), where a database write per
/// request would cost more than the read: each instance counts a key's hits in memory and adds
/// them to the shared count in the database every [`BATCH_HITS`] hits or [`BATCH_WAIT`], deciding
/// in between from the shared count it last read plus its own. One instance refuses exactly at the
/// limit; each other instance may let up to [`BATCH_HITS`] more through before it learns of them.
#[derive(Default)]
pub struct Batched {
    keys: std::sync::Mutex<std::collections::HashMap<String, Batch>>,
}

impl Batched {
    pub fn hit(&self, conn: &mut DbConn, key: &str, limit: i64, window: TimeDelta) -> ApiResult<()> {
        let now = now();
        let pending = {
            let mut keys = self.keys.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            match keys.get_mut(key) {
                Some(b) if now < b.window_start + window => {
                    b.here += 1;
                    if b.here < BATCH_HITS && b.added_at.elapsed() < BATCH_WAIT {
                        return refuse_over(key, b.shared + b.here, limit, b.window_start + window, now);
                    }
                    std::mem::take(&mut b.here)
                }
                _ => {
                    if keys.len() >= BATCH_KEYS {
                        keys.retain(|_, b| now < b.window_start + window);
                        // Still full: forget what is counted here (at most a batch per key, the
                        // shared counts stay).
                        if keys.len() >= BATCH_KEYS {
                            keys.clear();
                        }
                    }
                    1
                }
            }
        };
        let count = add(conn, key, pending as i32, window, now)?;
        let hits = i64::from(count.hits);
        let mut keys = self.keys.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let b = keys.entry(key.to_owned()).or_insert(Batch {
            shared: 0,
            window_start: count.window_start,
            here: 0,
            added_at: std::time::Instant::now(),
        });
        // Hits counted here while the database was written stay counted here.
        if count.window_start != b.window_start {
            b.here = 0;
        }
        (b.shared, b.window_start, b.added_at) = (hits, count.window_start, std::time::Instant::now());
        refuse_over(key, hits + b.here, limit, count.window_start + window, now)
    }
}

/// Give back one hit of `key` (an attempt that turned out to be legitimate, like a good password).
pub fn refund(conn: &mut DbConn, key: &str) -> QueryResult<usize> {
    diesel::update(rate_limits::table.find(key).filter(rate_limits::hits.gt(0)))
        .set(rate_limits::hits.eq(rate_limits::hits - 1))
        .execute(conn)
}

/// Forget `key`'s count (a password reset lifts the sign-in limits on the account).
pub fn clear(conn: &mut DbConn, key: &str) -> QueryResult<usize> {
    diesel::delete(rate_limits::table.find(key)).execute(conn)
}

/// Drop windows that started before `before`; every limit's window is shorter than a day.
pub fn sweep(conn: &mut DbConn, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(rate_limits::table.filter(rate_limits::window_start.lt(before))).execute(conn)
}

/// The keys, in one place so that they cannot collide.
pub mod keys {
    pub fn login_account_address(email: &str, ip: &str) -> String {
        format!("login:{email}|{ip}")
    }
    pub fn login_account(email: &str) -> String {
        format!("login-account:{email}")
    }
    pub fn login_address(ip: &str) -> String {
        format!("login-address:{ip}")
    }
    pub fn register_address(ip: &str) -> String {
        format!("register:{ip}")
    }
    pub fn register_email(email: &str) -> String {
        format!("register-email:{email}")
    }
    pub fn unsubscribe_address(ip: &str) -> String {
        format!("unsubscribe:{ip}")
    }
    pub fn links_address(ip: &str) -> String {
        format!("links:{ip}")
    }
    pub fn links_email(email: &str) -> String {
        format!("links-email:{email}")
    }
    pub fn reset_confirm_address(ip: &str) -> String {
        format!("reset-confirm:{ip}")
    }
    pub fn feed_address(ip: &str) -> String {
        format!("feed:{ip}")
    }
    pub fn socket_address(ip: &str) -> String {
        format!("socket:{ip}")
    }
    pub fn verify_lookup_address(ip: &str) -> String {
        format!("verify:{ip}")
    }
    pub fn export_address(ip: &str) -> String {
        format!("export:{ip}")
    }
    pub fn results_address(ip: &str) -> String {
        format!("results:{ip}")
    }
    pub fn calendar_address(ip: &str) -> String {
        format!("calendar:{ip}")
    }
    pub fn iati_address(ip: &str) -> String {
        format!("iati:{ip}")
    }
}
