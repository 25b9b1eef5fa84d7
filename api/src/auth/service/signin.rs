//! Signing in: each attempt counted before the password is checked, sessions with rotating refresh
//! tokens, and checking a signed-in user's password again.

use super::*;

/// A new session with its first refresh token (the token is returned once, stored hashed).
pub struct IssuedSession {
    pub user: UserRow,
    pub session: SessionRow,
    pub refresh_token: String,
}

/// Count one attempt at `email`'s password from `ip`, and refuse it (429, recorded as a failure)
/// when too many failed already: per account and address (`login_failures_per_account`, so that a
/// guesser elsewhere never locks the owner out), per account from everywhere
/// (`login_failures_per_account_total`, a slower ceiling that a password reset lifts) and per address
/// (`login_failures_per_ip`). Each count is one atomic upsert made before the password is checked,
/// so parallel guesses cannot all pass; [`password_checked`] gives the attempt back when it succeeds.
pub fn password_attempt(conn: &mut DbConn, email: &str, ip: &str, limits: &Limits) -> ApiResult<()> {
    let hour = TimeDelta::hours(1);
    let counted = crate::db::write_tx(conn, |conn| {
        ratelimit::hit(conn, &keys::login_account_address(email, ip), limits.login_failures_per_account, hour)?;
        ratelimit::hit(conn, &keys::login_account(email), limits.login_failures_per_account_total, hour)?;
        ratelimit::hit(conn, &keys::login_address(ip), limits.login_failures_per_ip, hour)
    });
    if let Err(e @ ApiError::TooManyRequests { .. }) = counted {
        // The window's counts stand (the refused attempt counts too): count them outside the
        // rolled-back transaction.
        for (key, limit) in [
            (keys::login_account_address(email, ip), limits.login_failures_per_account),
            (keys::login_account(email), limits.login_failures_per_account_total),
            (keys::login_address(ip), limits.login_failures_per_ip),
        ] {
            let _ = ratelimit::hit(conn, &key, limit, hour);
        }
        record_attempt(conn, email, ip, false)?;
        tracing::warn!(%ip, "sign-in throttled");
        return Err(e);
    }
    counted
}

/// Record how an attempt counted by [`password_attempt`] ended; a success gives its count back.
pub fn password_checked(conn: &mut DbConn, email: &str, ip: &str, ok: bool) -> ApiResult<()> {
    crate::db::write_tx(conn, |conn| {
        record_attempt(conn, email, ip, ok)?;
        if ok {
            for key in [keys::login_account_address(email, ip), keys::login_account(email), keys::login_address(ip)] {
                ratelimit::refund(conn, &key)?;
            }
        }
        Ok(())
    })
}

pub fn record_attempt(conn: &mut DbConn, email: &str, ip: &str, succeeded: bool) -> ApiResult<()> {
    repo::record_login_attempt(
        conn,
        &LoginAttemptRow { id: new_id(), email: email.to_owned(), ip: ip.to_owned(), succeeded, created_at: now() },
    )?;
    Ok(())
}

/// Before checking a signed-in user's password (to change it, to delete the account): count the
/// attempt like a sign-in; the account, whose hash is then checked off the pool.
pub fn reauth_start(conn: &mut DbConn, user_id: &str, ip: &str, limits: &Limits) -> ApiResult<UserRow> {
    let user = repo::find_user(conn, user_id)?;
    password_attempt(conn, &user.email, ip, limits)?;
    Ok(user)
}

/// After: record the outcome; a wrong password is a 422 naming `field`.
pub fn reauth_finish(conn: &mut DbConn, user: &UserRow, ip: &str, ok: bool, field: &str) -> ApiResult<()> {
    password_checked(conn, &user.email, ip, ok)?;
    if ok { Ok(()) } else { Err(ApiError::field(field, "wrong_password", "is not your password")) }
}

/// The first half of signing in: count the attempt (429 past the limits) and find the account,
/// whose password hash is then checked off the pool.
pub fn login_start(conn: &mut DbConn, email: &str, ip: &str, limits: &Limits) -> ApiResult<Option<UserRow>> {
    let email = normalize_email(email);
    password_attempt(conn, &email, ip, limits)?;
    Ok(repo::find_user_by_email(conn, &email)?)
}

/// The second half: record the outcome and open a session when the password was right.
pub fn login_finish(
    conn: &mut DbConn,
    email: &str,
    user: Option<UserRow>,
    ok: bool,
    ip: &str,
    user_agent: Option<&str>,
    limits: &Limits,
) -> ApiResult<IssuedSession> {
    let email = normalize_email(email);
    let ok = ok && user.is_some();
    password_checked(conn, &email, ip, ok)?;
    tracing::info!(succeeded = ok, known_account = user.is_some(), user = user.as_ref().map(|u| u.id.as_str()), %ip, "login attempt");
    let user = match user {
        Some(u) if ok => u,
        _ => return Err(ApiError::InvalidCredentials),
    };
    if user.disabled {
        return Err(ApiError::AccountDisabled);
    }
    open_session(conn, user, ip, user_agent, limits)
}

pub fn open_session(
    conn: &mut DbConn,
    user: UserRow,
    ip: &str,
    user_agent: Option<&str>,
    limits: &Limits,
) -> ApiResult<IssuedSession> {
    let now = now();
    let session = SessionRow {
        id: new_id(),
        user_id: user.id.clone(),
        created_at: now,
        last_used_at: now,
        expires_at: now + TimeDelta::seconds(limits.session_idle_secs.min(limits.session_max_secs)),
        revoked_at: None,
        revoked_reason: None,
        user_agent: user_agent.map(|ua| ua.chars().take(300).collect()),
        ip: Some(ip.to_owned()),
    };
    let refresh_token = crate::db::write_tx(conn, |conn| {
        repo::insert_session(conn, &session)?;
        new_refresh_token(conn, &session.id, now)
    })?;
    Ok(IssuedSession { user, session, refresh_token })
}

/// A new refresh token of a session: returned once, stored only as its hash.
fn new_refresh_token(conn: &mut DbConn, session_id: &str, now: NaiveDateTime) -> diesel::QueryResult<String> {
    let token = format!("rt_{}", random_token(32));
    repo::insert_refresh_token(
        conn,
        &RefreshTokenRow {
            token_hash: hash_token(&token),
            session_id: session_id.to_owned(),
            created_at: now,
            used_at: None,
        },
    )?;
    Ok(token)
}

/// Rotate a refresh token. A token used twice means it was stolen (or replayed): the whole session
/// (token family) is revoked, so the thief's and the owner's newer tokens die together.
pub fn refresh(conn: &mut DbConn, token: &str, limits: &Limits) -> ApiResult<IssuedSession> {
    let hash = hash_token(token);
    let now = now();
    let outcome = crate::db::write_tx(conn, |conn| -> ApiResult<Result<IssuedSession, &'static str>> {
        let Some(row) = repo::find_refresh_token(conn, &hash)? else {
            return Ok(Err("unknown"));
        };
        let session = repo::find_session(conn, &row.session_id)?;
        if session.revoked_at.is_some() {
            return Ok(Err("session revoked"));
        }
        if session.expires_at <= now {
            return Ok(Err("session expired"));
        }
        if row.used_at.is_some() || repo::use_refresh_token(conn, &hash, now)? == 0 {
            repo::revoke_session(conn, &session.user_id, &session.id, "refresh_token_reuse", now)?;
            tracing::warn!(session = %session.id, user = %session.user_id, "refresh token reused: session revoked");
            return Ok(Err("reused"));
        }
        let user = repo::find_user(conn, &session.user_id)?;
        if user.disabled {
            return Ok(Err("account disabled"));
        }
        let expires_at = (now + TimeDelta::seconds(limits.session_idle_secs))
            .min(session.created_at + TimeDelta::seconds(limits.session_max_secs));
        repo::touch_session(conn, &session.id, now, expires_at)?;
        let refresh_token = new_refresh_token(conn, &session.id, now)?;
        Ok(Ok(IssuedSession { user, session: SessionRow { last_used_at: now, expires_at, ..session }, refresh_token }))
    })?;
    outcome.map_err(|why| {
        tracing::info!(reason = why, "refresh refused");
        ApiError::InvalidRefreshToken
    })
}

/// End the session a refresh token belongs to. Unknown tokens are ignored: logging out is idempotent.
pub fn logout(conn: &mut DbConn, token: &str) -> ApiResult<()> {
    if let Some(row) = repo::find_refresh_token(conn, &hash_token(token))? {
        let session = repo::find_session(conn, &row.session_id)?;
        repo::revoke_session(conn, &session.user_id, &session.id, "logout", now())?;
    }
    Ok(())
}
