//! The rules of one's own account: profile changes, deletion, the personal-data export, sessions.

use madani_shared::ErrorCode;
use madani_shared::auth::{AccountExport, Session, UpdateMeRequest, User};

use crate::auth::rows::UserRow;
use crate::auth::{repo, service as auth};
use crate::db::{DbConn, now, to_utc, write_tx};
use crate::error::{ApiError, ApiResult};
use crate::mail;

pub fn find(conn: &mut DbConn, user: &str) -> ApiResult<UserRow> {
    Ok(repo::find_user(conn, user)?)
}

/// Change the display name or the language.
pub fn update(conn: &mut DbConn, user: &str, req: &UpdateMeRequest) -> ApiResult<UserRow> {
    Ok(repo::update_profile(
        conn,
        user,
        req.display_name.as_deref().map(str::trim),
        req.preferred_language.map(|l| l.code()),
        now(),
    )?)
}

/// Delete the account, whose password the caller checked (`ok`; counted like a sign-in, see
/// `auth::service::reauth_start`), unless it still owns associations or is the last administrator.
pub fn delete(conn: &mut DbConn, row: UserRow, ip: &str, ok: bool) -> ApiResult<()> {
    auth::reauth_finish(conn, &row, ip, ok, "password")?;
    if !crate::associations::repo::solely_owned_by(conn, &row.id)?.is_empty() {
        return Err(ApiError::Conflict(ErrorCode::OwnsAssociations));
    }
    if row.role == "admin" && repo::count_admins(conn)? <= 1 {
        return Err(ApiError::Conflict(ErrorCode::LastAdmin));
    }
    write_tx(conn, |conn| {
        repo::delete_login_attempts_for(conn, &row.email)?;
        mail::forget_address(conn, &row.email)?;
        // Their comments become tombstones: the threads keep their shape, not their words.
        crate::consultations::repo::comments::tombstone_all_of(conn, &row.id, now())?;
        repo::delete_user(conn, &row.id)
    })?;
    tracing::info!(user = %row.id, "account deleted by its owner");
    Ok(())
}

/// Everything Madani holds about the account.
pub fn export(conn: &mut DbConn, user: &str, session: &str) -> ApiResult<AccountExport> {
    let row = repo::find_user(conn, user)?;
    let sessions = repo::list_sessions(conn, user)?;
    let attempts = repo::login_attempts_for(conn, &row.email)?;
    Ok(AccountExport {
        exported_at: to_utc(now()),
        account: User::from(&row),
        sessions: sessions.iter().map(|s| s.to_api(Some(session))).collect(),
        login_attempts: attempts.iter().map(Into::into).collect(),
        network: crate::network::export(conn, user)?,
        consultations: crate::consultations::service::export::of_user(conn, user)?,
        messaging: crate::messaging::export(conn, user)?,
    })
}

/// At most this many sessions are listed (the newest): each sign-in on a device is one.
pub const LISTED_SESSIONS: i64 = 100;

/// The account's sessions that are neither signed out nor expired, newest first.
pub fn active_sessions(conn: &mut DbConn, user: &str, current: &str) -> ApiResult<Vec<Session>> {
    Ok(repo::active_sessions(conn, user, now(), LISTED_SESSIONS)?
        .into_iter()
        .map(|s| s.to_api(Some(current)))
        .collect())
}

/// Sign out one of the account's sessions; 404 for another account's.
pub fn revoke_session(conn: &mut DbConn, user: &str, session: &str) -> ApiResult<()> {
    match repo::revoke_session(conn, user, session, "signed_out_by_user", now())? {
        0 => Err(ApiError::NotFound),
        _ => Ok(()),
    }
}
