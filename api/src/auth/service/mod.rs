//! The rules of accounts and sessions, as plain functions over a connection: registration, login with
//! throttling, refresh-token rotation with reuse detection, email links, password changes.
//! Each public function is one transaction.

use chrono::{NaiveDateTime, TimeDelta};
use madani_shared::ErrorCode;
use madani_shared::auth::RegisterRequest;

use super::repo;
use super::rows::*;
use super::tokens::{hash_token, random_token};
use crate::config::Limits;
use crate::db::{DbConn, new_id, now};
use crate::error::{ApiError, ApiResult};
use crate::mail::{self, templates};
use crate::ratelimit::{self, keys};

mod links;
mod signin;

pub use links::*;
pub use signin::*;

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

/// Set a new password for the signed-in user, whose current password was checked by the caller
/// (see [`password_attempt`]); other sessions end, this one stays.
pub fn change_password(conn: &mut DbConn, user_id: &str, session_id: &str, new_hash: &str) -> ApiResult<()> {
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
