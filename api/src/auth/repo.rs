//! Diesel queries for accounts, sessions, refresh tokens, email links and login attempts.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::rows::*;
use crate::db::DbConn;
use crate::db::schema::{link_tokens, login_attempts, refresh_tokens, sessions, users};

pub fn find_user(conn: &mut DbConn, id: &str) -> QueryResult<UserRow> {
    users::table.find(id).first(conn)
}

pub fn find_user_by_email(conn: &mut DbConn, email: &str) -> QueryResult<Option<UserRow>> {
    users::table.filter(users::email.eq(email)).first(conn).optional()
}

pub fn insert_user(conn: &mut DbConn, user: &NewUser<'_>) -> QueryResult<UserRow> {
    diesel::insert_into(users::table).values(user).get_result(conn)
}

pub fn update_profile(
    conn: &mut DbConn,
    id: &str,
    display_name: Option<&str>,
    language: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<UserRow> {
    let target = users::table.find(id);
    if let Some(name) = display_name {
        diesel::update(target).set(users::display_name.eq(name)).execute(conn)?;
    }
    if let Some(lang) = language {
        diesel::update(target).set(users::preferred_language.eq(lang)).execute(conn)?;
    }
    diesel::update(target).set(users::updated_at.eq(now)).get_result(conn)
}

pub fn set_password(conn: &mut DbConn, id: &str, hash: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(users::table.find(id)).set((users::password_hash.eq(hash), users::updated_at.eq(now))).execute(conn)
}

pub fn set_email_verified(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<UserRow> {
    diesel::update(users::table.find(id))
        .set((users::email_verified.eq(true), users::updated_at.eq(now)))
        .get_result(conn)
}

pub fn set_role_and_disabled(
    conn: &mut DbConn,
    id: &str,
    role: Option<&str>,
    disabled: Option<bool>,
    now: NaiveDateTime,
) -> QueryResult<UserRow> {
    let target = users::table.find(id);
    if let Some(role) = role {
        diesel::update(target).set(users::role.eq(role)).execute(conn)?;
    }
    if let Some(disabled) = disabled {
        diesel::update(target).set(users::disabled.eq(disabled)).execute(conn)?;
    }
    diesel::update(target).set(users::updated_at.eq(now)).get_result(conn)
}

pub fn delete_user(conn: &mut DbConn, id: &str) -> QueryResult<usize> {
    diesel::delete(users::table.find(id)).execute(conn)
}

pub fn count_admins(conn: &mut DbConn) -> QueryResult<i64> {
    users::table.filter(users::role.eq("admin")).filter(users::disabled.eq(false)).count().get_result(conn)
}

/// Accounts by id (time order), optionally by role and a text found in email or display name.
pub fn list_users(
    conn: &mut DbConn,
    role: Option<&str>,
    text: Option<&str>,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<UserRow>> {
    let mut query = users::table.into_boxed();
    if let Some(role) = role {
        query = query.filter(users::role.eq(role.to_owned()));
    }
    if let Some(text) = text {
        let pattern = format!("%{}%", escape_like(&text.to_lowercase()));
        query = query.filter(
            users::email.like(pattern.clone()).escape('\\').or(diesel::dsl::sql::<diesel::sql_types::Bool>(
                "LOWER(display_name) LIKE ",
            )
            .bind::<diesel::sql_types::Text, _>(pattern)
            .sql(" ESCAPE '\\'")),
        );
    }
    if let Some(after) = after {
        query = query.filter(users::id.gt(after.to_owned()));
    }
    query.order(users::id.asc()).limit(limit).load(conn)
}

/// Escape `%`, `_` and `\` for a LIKE pattern with `ESCAPE '\'`.
pub fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

pub fn insert_session(conn: &mut DbConn, session: &SessionRow) -> QueryResult<usize> {
    diesel::insert_into(sessions::table).values(session).execute(conn)
}

pub fn find_session(conn: &mut DbConn, id: &str) -> QueryResult<SessionRow> {
    sessions::table.find(id).first(conn)
}

/// A session with its account, in one query (every authenticated request asks it).
pub fn session_with_user(conn: &mut DbConn, id: &str) -> QueryResult<Option<(SessionRow, UserRow)>> {
    sessions::table.inner_join(users::table).filter(sessions::id.eq(id.to_owned())).first(conn).optional()
}

pub fn list_sessions(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<SessionRow>> {
    sessions::table.filter(sessions::user_id.eq(user_id)).order(sessions::created_at.desc()).load(conn)
}

/// Up to `limit` sessions of the user neither signed out nor expired at `now`, newest first.
pub fn active_sessions(
    conn: &mut DbConn,
    user_id: &str,
    now: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<SessionRow>> {
    sessions::table
        .filter(sessions::user_id.eq(user_id))
        .filter(sessions::revoked_at.is_null())
        .filter(sessions::expires_at.gt(now))
        .order(sessions::created_at.desc())
        .limit(limit)
        .load(conn)
}

/// Forget the sessions that ended (expired, whether signed out or not) before `before`, with their
/// refresh tokens.
pub fn sweep_sessions(conn: &mut DbConn, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(sessions::table.filter(sessions::expires_at.lt(before))).execute(conn)
}

pub fn touch_session(conn: &mut DbConn, id: &str, now: NaiveDateTime, expires_at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(sessions::table.find(id))
        .set((sessions::last_used_at.eq(now), sessions::expires_at.eq(expires_at)))
        .execute(conn)
}

/// Revoke one session of `user_id`; 0 when it is not theirs or already revoked.
pub fn revoke_session(
    conn: &mut DbConn,
    user_id: &str,
    id: &str,
    reason: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        sessions::table
            .filter(sessions::id.eq(id))
            .filter(sessions::user_id.eq(user_id))
            .filter(sessions::revoked_at.is_null()),
    )
    .set((sessions::revoked_at.eq(now), sessions::revoked_reason.eq(reason)))
    .execute(conn)
    .and_then(|n| revoked(conn, user_id, Some(id), n))
}

/// Tell the member's sockets that `n` sessions ended (`session`, or several): those of an ended
/// session close.
fn revoked(conn: &mut DbConn, user_id: &str, session: Option<&str>, n: usize) -> QueryResult<usize> {
    if n > 0 {
        let event = crate::realtime::NewEvent {
            session_id: session,
            ..crate::realtime::NewEvent::new(madani_shared::messaging::EventKind::SessionRevoked)
        };
        crate::realtime::publish(conn, &[user_id.to_owned()], &event)?;
    }
    Ok(n)
}

/// Revoke every live session of a user, except `keep`.
pub fn revoke_user_sessions(
    conn: &mut DbConn,
    user_id: &str,
    keep: Option<&str>,
    reason: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        sessions::table
            .filter(sessions::user_id.eq(user_id))
            .filter(sessions::revoked_at.is_null())
            .filter(sessions::id.ne(keep.unwrap_or(""))),
    )
    .set((sessions::revoked_at.eq(now), sessions::revoked_reason.eq(reason)))
    .execute(conn)
    .and_then(|n| revoked(conn, user_id, None, n))
}

pub fn insert_refresh_token(conn: &mut DbConn, token: &RefreshTokenRow) -> QueryResult<usize> {
    diesel::insert_into(refresh_tokens::table).values(token).execute(conn)
}

pub fn find_refresh_token(conn: &mut DbConn, hash: &str) -> QueryResult<Option<RefreshTokenRow>> {
    refresh_tokens::table.find(hash).first(conn).optional()
}

/// Mark a refresh token used; 0 if it already was (a concurrent or replayed use).
pub fn use_refresh_token(conn: &mut DbConn, hash: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        refresh_tokens::table.filter(refresh_tokens::token_hash.eq(hash)).filter(refresh_tokens::used_at.is_null()),
    )
    .set(refresh_tokens::used_at.eq(now))
    .execute(conn)
}

pub fn insert_link_token(conn: &mut DbConn, token: &LinkTokenRow) -> QueryResult<usize> {
    diesel::insert_into(link_tokens::table).values(token).execute(conn)
}

/// The live (unused, unexpired) link token of `purpose` with this hash, left unused.
pub fn find_live_link_token(
    conn: &mut DbConn,
    hash: &str,
    purpose: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<LinkTokenRow>> {
    link_tokens::table
        .filter(link_tokens::token_hash.eq(hash))
        .filter(link_tokens::purpose.eq(purpose))
        .filter(link_tokens::used_at.is_null())
        .filter(link_tokens::expires_at.gt(now))
        .first(conn)
        .optional()
}

/// Consume a live link token of `purpose`: mark it used and return it; `None` when unknown, used or expired.
pub fn consume_link_token(
    conn: &mut DbConn,
    hash: &str,
    purpose: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<LinkTokenRow>> {
    let live = link_tokens::table
        .filter(link_tokens::token_hash.eq(hash))
        .filter(link_tokens::purpose.eq(purpose))
        .filter(link_tokens::used_at.is_null())
        .filter(link_tokens::expires_at.gt(now));
    let Some(row) = live.first::<LinkTokenRow>(conn).optional()? else {
        return Ok(None);
    };
    let updated = diesel::update(live).set(link_tokens::used_at.eq(now)).execute(conn)?;
    Ok((updated == 1).then_some(row))
}

/// Spend every other live link of `purpose` for the user (a new password makes old reset links void).
pub fn spend_link_tokens(conn: &mut DbConn, user_id: &str, purpose: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        link_tokens::table
            .filter(link_tokens::user_id.eq(user_id))
            .filter(link_tokens::purpose.eq(purpose))
            .filter(link_tokens::used_at.is_null()),
    )
    .set(link_tokens::used_at.eq(now))
    .execute(conn)
}

pub fn count_link_tokens_since(
    conn: &mut DbConn,
    user_id: &str,
    purpose: &str,
    since: NaiveDateTime,
) -> QueryResult<i64> {
    link_tokens::table
        .filter(link_tokens::user_id.eq(user_id))
        .filter(link_tokens::purpose.eq(purpose))
        .filter(link_tokens::created_at.gt(since))
        .count()
        .get_result(conn)
}

pub fn record_login_attempt(conn: &mut DbConn, attempt: &LoginAttemptRow) -> QueryResult<usize> {
    diesel::insert_into(login_attempts::table).values(attempt).execute(conn)
}

/// Failed attempts since `since` for an email (`by_ip` false) or an IP, and the oldest one's time.
pub fn failures_since(
    conn: &mut DbConn,
    key: &str,
    by_ip: bool,
    since: NaiveDateTime,
) -> QueryResult<(i64, Option<NaiveDateTime>)> {
    let base = login_attempts::table
        .filter(login_attempts::succeeded.eq(false))
        .filter(login_attempts::created_at.gt(since))
        .into_boxed();
    let filtered = if by_ip {
        base.filter(login_attempts::ip.eq(key.to_owned()))
    } else {
        base.filter(login_attempts::email.eq(key.to_owned()))
    };
    let rows: Vec<NaiveDateTime> =
        filtered.select(login_attempts::created_at).order(login_attempts::created_at.asc()).load(conn)?;
    Ok((rows.len() as i64, rows.first().copied()))
}

pub fn login_attempts_for(conn: &mut DbConn, email: &str) -> QueryResult<Vec<LoginAttemptRow>> {
    login_attempts::table
        .filter(login_attempts::email.eq(email))
        .order(login_attempts::created_at.desc())
        .limit(1000)
        .load(conn)
}

pub fn delete_login_attempts_for(conn: &mut DbConn, email: &str) -> QueryResult<usize> {
    diesel::delete(login_attempts::table.filter(login_attempts::email.eq(email))).execute(conn)
}
