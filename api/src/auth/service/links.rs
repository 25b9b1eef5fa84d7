//! Registration and the emailed one-time links: verifying an address, resetting a password.

use super::*;

/// Register `req`. An address that already has an account gets the same answer as a new one — a
/// stand-in account that is never stored — and its owner an email saying someone tried, so that
/// registering tells nobody which addresses have accounts.
pub fn register(conn: &mut DbConn, req: &RegisterRequest, password_hash: &str, public_url: &str) -> ApiResult<UserRow> {
    let email = normalize_email(&req.email);
    let now = now();
    let new = NewUser {
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
    };
    let stand_in = || UserRow {
        id: new.id.to_owned(),
        email: email.clone(),
        email_verified: false,
        password_hash: String::new(),
        display_name: new.display_name.to_owned(),
        preferred_language: new.preferred_language.to_owned(),
        role: "member".into(),
        disabled: false,
        created_at: now,
        updated_at: now,
    };
    let outcome = crate::db::write_tx(conn, |conn| {
        if repo::find_user_by_email(conn, &email)?.is_some() {
            crate::jobs::enqueue(conn, &crate::jobs::Job::RegistrationAttempt { email: email.clone() })?;
            tracing::info!("registration asked for an address that has an account: its owner is told");
            return Ok(stand_in());
        }
        let user = repo::insert_user(conn, &new)?;
        send_link(conn, &user, VERIFY_EMAIL, public_url, now)?;
        tracing::info!(user = %user.id, "account registered");
        Ok::<_, ApiError>(user)
    });
    match outcome {
        // Registered at the same moment by another request: that one's account stands.
        Err(ApiError::Conflict(_)) => Ok(stand_in()),
        other => other,
    }
}

/// Tell the owner of `email` that someone tried to register it (a job, see [`register`]).
pub fn tell_owner_of_registration_attempt(conn: &mut DbConn, email: &str, public_url: &str) -> ApiResult<()> {
    let Some(user) = repo::find_user_by_email(conn, email)? else { return Ok(()) };
    let (subject, body) = templates::registration_attempt(
        user.language(),
        &user.display_name,
        &format!("{public_url}/login"),
        &format!("{public_url}/forgot-password"),
    );
    mail::enqueue(conn, &user.email, &subject, &body, now())?;
    Ok(())
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
    mail::enqueue_link(conn, &user.email, &subject, &body, now)?;
    Ok(())
}

/// May the client at `ip` create an account for `email` now? Counted per address and per email,
/// before any password is hashed.
pub fn registration_allowed(conn: &mut DbConn, email: &str, ip: &str, limits: &Limits) -> ApiResult<()> {
    let hour = TimeDelta::hours(1);
    ratelimit::hit(conn, &keys::register_address(ip), limits.registrations_per_ip, hour)?;
    ratelimit::hit(conn, &keys::register_email(&normalize_email(email)), LINKS_PER_HOUR, hour)
}

/// May the client at `ip` ask for an emailed link (reset, verification) to `email` now?
pub fn link_request_allowed(conn: &mut DbConn, email: &str, ip: &str, limits: &Limits) -> ApiResult<()> {
    let hour = TimeDelta::hours(1);
    ratelimit::hit(conn, &keys::links_address(ip), limits.link_requests_per_ip, hour)?;
    ratelimit::hit(conn, &keys::links_email(&normalize_email(email)), LINKS_PER_HOUR, hour)
}

/// May the client at `ip` try a reset link now, and is `token` a live one? Both before the new
/// password is hashed, so that junk costs no hashing.
pub fn reset_confirm_allowed(conn: &mut DbConn, token: &str, ip: &str, limits: &Limits) -> ApiResult<()> {
    ratelimit::hit(conn, &keys::reset_confirm_address(ip), limits.reset_confirms_per_ip, TimeDelta::hours(1))?;
    check_reset_link(conn, token)
}

pub fn verify_email(conn: &mut DbConn, token: &str) -> ApiResult<UserRow> {
    let now = now();
    crate::db::write_tx(conn, |conn| {
        let row =
            repo::consume_link_token(conn, &hash_token(token), VERIFY_EMAIL, now)?.ok_or(ApiError::InvalidLinkToken)?;
        Ok(repo::set_email_verified(conn, &row.user_id, now)?)
    })
}

/// Send a fresh verification link, at most `LINKS_PER_HOUR` an hour (and a client address at most
/// `link_requests_per_ip` links an hour).
pub fn resend_verification(
    conn: &mut DbConn,
    user_id: &str,
    public_url: &str,
    ip: &str,
    limits: &Limits,
) -> ApiResult<()> {
    let now = now();
    ratelimit::hit(conn, &keys::links_address(ip), limits.link_requests_per_ip, TimeDelta::hours(1))?;
    crate::db::write_tx(conn, |conn| {
        let user = repo::find_user(conn, user_id)?;
        if user.email_verified {
            return Err(ApiError::Conflict(ErrorCode::AlreadyVerified));
        }
        if repo::count_link_tokens_since(conn, user_id, VERIFY_EMAIL, now - TimeDelta::hours(1))? >= LINKS_PER_HOUR {
            return Err(ApiError::TooManyRequests { retry_after_secs: 3600 });
        }
        send_link(conn, &user, VERIFY_EMAIL, public_url, now)
    })
}

/// Ask for a reset link: a job sends it if the address has an active account. The request does the
/// same work either way, so its time tells nothing.
pub fn request_password_reset(conn: &mut DbConn, email: &str) -> ApiResult<()> {
    crate::jobs::enqueue(conn, &crate::jobs::Job::PasswordReset { email: normalize_email(email) })
}

/// Send a reset link to `email` if it has an active account (the job of [`request_password_reset`]).
pub fn send_password_reset(conn: &mut DbConn, email: &str, public_url: &str) -> ApiResult<()> {
    let now = now();
    let Some(user) = repo::find_user_by_email(conn, email)? else {
        tracing::info!("password reset asked for an unknown address");
        return Ok(());
    };
    if user.disabled
        || repo::count_link_tokens_since(conn, &user.id, PASSWORD_RESET, now - TimeDelta::hours(1))? >= LINKS_PER_HOUR
    {
        tracing::info!(user = %user.id, "password reset not sent (disabled or too many)");
        return Ok(());
    }
    send_link(conn, &user, PASSWORD_RESET, public_url, now)
}

/// Is `token` a live reset link? Checked before the new password is hashed, so that junk tokens
/// cost no hashing.
pub fn check_reset_link(conn: &mut DbConn, token: &str) -> ApiResult<()> {
    match repo::find_live_link_token(conn, &hash_token(token), PASSWORD_RESET, now())? {
        Some(_) => Ok(()),
        None => Err(ApiError::InvalidLinkToken),
    }
}

/// Set a new password from a reset link; every session ends, the address counts as verified, and
/// the sign-in limits on the account are lifted (the way back in for an owner locked out by guessers).
pub fn confirm_password_reset(conn: &mut DbConn, token: &str, new_hash: &str) -> ApiResult<()> {
    let now = now();
    crate::db::write_tx(conn, |conn| {
        let row = repo::consume_link_token(conn, &hash_token(token), PASSWORD_RESET, now)?
            .ok_or(ApiError::InvalidLinkToken)?;
        repo::set_password(conn, &row.user_id, new_hash, now)?;
        repo::set_email_verified(conn, &row.user_id, now)?;
        repo::spend_link_tokens(conn, &row.user_id, PASSWORD_RESET, now)?;
        let user = repo::find_user(conn, &row.user_id)?;
        ratelimit::clear(conn, &keys::login_account(&user.email))?;
        let ended = repo::revoke_user_sessions(conn, &row.user_id, None, "password_reset", now)?;
        tracing::info!(user = %row.user_id, sessions_ended = ended, "password reset");
        Ok(())
    })
}
