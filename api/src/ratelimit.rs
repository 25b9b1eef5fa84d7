//! Rate limits that hold across instances: a counter per key (`login:<email>|<ip>`,
//! `register:<ip>`, …) and fixed window, kept in the database and counted with one atomic upsert,
//! so that parallel requests cannot all slip under the limit and every instance sees the same count.
//! Old windows are swept by the job worker.

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
    // SQLite numbers `$n` by first appearance: keep them in order.
    let count: Count = diesel::sql_query(
        "INSERT INTO rate_limits (key, window_start, hits) VALUES ($1, $2, 1) \
         ON CONFLICT (key) DO UPDATE SET \
           hits = CASE WHEN rate_limits.window_start <= $3 THEN 1 ELSE rate_limits.hits + 1 END, \
           window_start = CASE WHEN rate_limits.window_start <= $3 THEN $2 ELSE rate_limits.window_start END \
         RETURNING hits, window_start",
    )
    .bind::<Text, _>(key)
    .bind::<Timestamp, _>(now)
    .bind::<Timestamp, _>(now - window)
    .get_result(conn)?;
    if i64::from(count.hits) > limit {
        let retry = (count.window_start + window - now).num_seconds().max(1) as u64;
        tracing::warn!(key = key.split(':').next().unwrap_or(""), hits = count.hits, "rate limited");
        return Err(ApiError::TooManyRequests { retry_after_secs: retry });
    }
    Ok(())
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
