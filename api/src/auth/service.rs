//! The rules of accounts and sessions, as plain functions over a connection: registration, login with
//! throttling, refresh-token rotation with reuse detection, email links, password changes.
//! Each public function is one transaction.

use chrono::{NaiveDateTime, TimeDelta};
use madani_shared::auth::RegisterRequest;

use super::repo;
use super::rows::*;
use super::tokens::{hash_token, random_token};
use crate::config::Limits;
use crate::db::{DbConn, new_id, now};
use crate::error::{ApiError, ApiResult, is_unique_violation};
use crate::mail::{self, templates};

pub const VERIFY_EMAIL: &str = "verify_email";
pub const PASSWORD_RESET: &str = "password_reset";
const VERIFY_LINK_HOURS: i64 = 48;
const RESET_LINK_MINUTES: i64 = 60;
/// Verification or reset emails one account may trigger per hour.
const LINKS_PER_HOUR: i64 = 5;

/// Lower-case and trim, so that one mailbox has one account.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// A new session with its first refresh token (the token is returned once, stored hashed).
pub struct IssuedSession {
    pub user: UserRow,
    pub session: SessionRow,
    pub refresh_token: String,
}

pub fn register(conn: &mut DbConn, req: &RegisterRequest, password_hash: &str, public_url: &str) -> ApiResult<UserRow> {
    let email = normalize_email(&req.email);
    let now = now();
    crate::db::write_tx(conn, |conn| {
        let user = repo::insert_user(
            conn,
            &NewUser {
                id: &new_id(),
                email: &email,
                email_verified: false,
                password_hash,
                display_name: req.display_name.trim(),
                preferred_language: req.preferred_language.code(),
                role: "member",
                disabled: false,
                created_at: now,
                updated_at: now,
            },
        )
        .map_err(|e| if is_unique_violation(&e) { ApiError::EmailTaken } else { e.into() })?;
        send_link(conn, &user, VERIFY_EMAIL, public_url, now)?;
        tracing::info!(user = %user.id, "account registered");
        Ok(user)
    })
}

/// Make a one-time link for `purpose` and queue the email carrying it.
fn send_link(conn: &mut DbConn, user: &UserRow, purpose: &str, public_url: &str, now: NaiveDateTime) -> ApiResult<()> {
    let token = random_token(32);
    let (lifetime, path) = match purpose {
        VERIFY_EMAIL => (TimeDelta::hours(VERIFY_LINK_HOURS), "verify-email"),
        _ => (TimeDelta::minutes(RESET_LINK_MINUTES), "reset-password"),
    };
    repo::insert_link_token(
        conn,
        &LinkTokenRow {
            token_hash: hash_token(&token),
            user_id: user.id.clone(),
            purpose: purpose.to_owned(),
            created_at: now,
            expires_at: now + lifetime,
            used_at: None,
        },
    )?;
    let link = format!("{public_url}/{path}?token={token}");
    let (subject, body) = match purpose {
        VERIFY_EMAIL => templates::verify_email(user.language(), &user.display_name, &link),
        _ => templates::password_reset(user.language(), &user.display_name, &link),
    };
    mail::enqueue(conn, &user.email, &subject, &body, now)?;
    Ok(())
}

/// Refuse with 429 when the account or the address has too many recent failures.
pub fn check_throttle(conn: &mut DbConn, email: &str, ip: &str, limits: &Limits) -> ApiResult<()> {
    let now = now();
    let window = TimeDelta::hours(1);
    for (key, by_ip, limit) in
        [(email, false, limits.login_failures_per_account), (ip, true, limits.login_failures_per_ip)]
    {
        let (failures, oldest) = repo::failures_since(conn, key, by_ip, now - window)?;
        if failures >= limit {
            let retry = oldest.map_or(3600, |t| (t + window - now).num_seconds().max(1)) as u64;
            tracing::warn!(by_ip, failures, "login throttled");
            return Err(ApiError::TooManyRequests { retry_after_secs: retry });
        }
    }
    Ok(())
}

pub fn record_attempt(conn: &mut DbConn, email: &str, ip: &str, succeeded: bool) -> ApiResult<()> {
    repo::record_login_attempt(
        conn,
        &LoginAttemptRow { id: new_id(), email: email.to_owned(), ip: ip.to_owned(), succeeded, created_at: now() },
    )?;
    Ok(())
}

/// Check email and password (throttled) and open a session.
pub fn login(
    conn: &mut DbConn,
    email: &str,
    password: &str,
    ip: &str,
    user_agent: Option<&str>,
    limits: &Limits,
) -> ApiResult<IssuedSession> {
    let email = normalize_email(email);
    check_throttle(conn, &email, ip, limits)?;
    let user = repo::find_user_by_email(conn, &email)?;
    let ok = match &user {
        Some(u) => super::passwords::verify(password, &u.password_hash),
        None => {
            super::passwords::verify_dummy(password);
            false
        }
    };
    record_attempt(conn, &email, ip, ok)?;
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

pub fn verify_email(conn: &mut DbConn, token: &str) -> ApiResult<UserRow> {
    let now = now();
    crate::db::write_tx(conn, |conn| {
        let row =
            repo::consume_link_token(conn, &hash_token(token), VERIFY_EMAIL, now)?.ok_or(ApiError::InvalidLinkToken)?;
        Ok(repo::set_email_verified(conn, &row.user_id, now)?)
    })
}

/// Send a fresh verification link, at most `LINKS_PER_HOUR` an hour.
pub fn resend_verification(conn: &mut DbConn, user_id: &str, public_url: &str) -> ApiResult<()> {
    let now = now();
    crate::db::write_tx(conn, |conn| {
        let user = repo::find_user(conn, user_id)?;
        if user.email_verified {
            return Err(ApiError::Conflict("The email address is already verified.".into()));
        }
        if repo::count_link_tokens_since(conn, user_id, VERIFY_EMAIL, now - TimeDelta::hours(1))? >= LINKS_PER_HOUR {
            return Err(ApiError::TooManyRequests { retry_after_secs: 3600 });
        }
        send_link(conn, &user, VERIFY_EMAIL, public_url, now)
    })
}

/// Send a reset link if the address has an active account; say nothing either way.
pub fn request_password_reset(conn: &mut DbConn, email: &str, public_url: &str) -> ApiResult<()> {
    let now = now();
    crate::db::write_tx(conn, |conn| {
        let Some(user) = repo::find_user_by_email(conn, &normalize_email(email))? else {
            tracing::info!("password reset asked for an unknown address");
            return Ok(());
        };
        if user.disabled
            || repo::count_link_tokens_since(conn, &user.id, PASSWORD_RESET, now - TimeDelta::hours(1))?
                >= LINKS_PER_HOUR
        {
            tracing::info!(user = %user.id, "password reset not sent (disabled or too many)");
            return Ok(());
        }
        send_link(conn, &user, PASSWORD_RESET, public_url, now)
    })
}

/// Set a new password from a reset link; every session ends and the address counts as verified.
pub fn confirm_password_reset(conn: &mut DbConn, token: &str, new_hash: &str) -> ApiResult<()> {
    let now = now();
    crate::db::write_tx(conn, |conn| {
        let row = repo::consume_link_token(conn, &hash_token(token), PASSWORD_RESET, now)?
            .ok_or(ApiError::InvalidLinkToken)?;
        repo::set_password(conn, &row.user_id, new_hash, now)?;
        repo::set_email_verified(conn, &row.user_id, now)?;
        repo::spend_link_tokens(conn, &row.user_id, PASSWORD_RESET, now)?;
        let ended = repo::revoke_user_sessions(conn, &row.user_id, None, "password_reset", now)?;
        tracing::info!(user = %row.user_id, sessions_ended = ended, "password reset");
        Ok(())
    })
}

/// Change the password after checking the current one; other sessions end, this one stays.
pub fn change_password(
    conn: &mut DbConn,
    user_id: &str,
    session_id: &str,
    current: &str,
    new_hash: &str,
    ip: &str,
    limits: &Limits,
) -> ApiResult<()> {
    let user = repo::find_user(conn, user_id)?;
    check_throttle(conn, &user.email, ip, limits)?;
    if !super::passwords::verify(current, &user.password_hash) {
        record_attempt(conn, &user.email, ip, false)?;
        return Err(ApiError::field("current_password", "wrong_password", "is not your current password"));
    }
    let now = now();
    crate::db::write_tx(conn, |conn| {
        repo::set_password(conn, user_id, new_hash, now)?;
        repo::spend_link_tokens(conn, user_id, PASSWORD_RESET, now)?;
        repo::revoke_user_sessions(conn, user_id, Some(session_id), "password_changed", now)?;
        Ok(())
    })
}

/// Make `email` an administrator: promote the account if it exists (keeping its password), else
/// create it, verified, with `password_hash`. Returns whether an account was created.
pub fn create_or_promote_admin(
    conn: &mut DbConn,
    email: &str,
    display_name: &str,
    password_hash: &str,
) -> ApiResult<bool> {
    let email = normalize_email(email);
    let now = now();
    crate::db::write_tx(conn, |conn| match repo::find_user_by_email(conn, &email)? {
        Some(existing) => {
            repo::set_role_and_disabled(conn, &existing.id, Some("admin"), Some(false), now)?;
            repo::set_email_verified(conn, &existing.id, now)?;
            tracing::info!(user = %existing.id, "account promoted to administrator");
            Ok(false)
        }
        None => {
            let user = repo::insert_user(
                conn,
                &NewUser {
                    id: &new_id(),
                    email: &email,
                    email_verified: true,
                    password_hash,
                    display_name,
                    preferred_language: "fr",
                    role: "admin",
                    disabled: false,
                    created_at: now,
                    updated_at: now,
                },
            )?;
            tracing::info!(user = %user.id, "administrator created");
            Ok(true)
        }
    })
}
