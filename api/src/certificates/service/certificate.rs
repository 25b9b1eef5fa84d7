//! A certificate: issued with the completion of a course, read by its holder, revoked by staff.

use chrono::NaiveDateTime;
use madani_shared::ErrorCode;
use madani_shared::certificates::Certificate;

use crate::auth::AuthUser;
use crate::certificates::access;
use crate::certificates::issue::{Issuer, STATUS_LIST_BITS, credential, new_code};
use crate::certificates::repo;
use crate::certificates::rows::CertificateRow;
use crate::courses::rows::CourseRow;
use crate::db::{DbConn, new_id, now, write_tx};
use crate::error::{ApiError, ApiResult};
use crate::notifications::{About, notify};

/// Issue the certificate of `user_id` for `course` (once: nothing when there is one), in the
/// caller's transaction (the completion's).
pub fn issue(
    conn: &mut DbConn,
    issuer: &Issuer,
    course: &CourseRow,
    user_id: &str,
    now: NaiveDateTime,
) -> ApiResult<()> {
    if repo::exists_for(conn, &course.id, user_id)? {
        return Ok(());
    }
    let holder = crate::auth::repo::find_user(conn, user_id)?.display_name;
    // A code and a bit nobody has: collisions are rare (50 bits; 131,072 places), so a few tries do.
    let mut pick = || -> ApiResult<(String, i32)> {
        for _ in 0..20 {
            let code = new_code();
            let index = (rand::random::<u32>() % STATUS_LIST_BITS as u32) as i32;
            if !repo::code_or_index_taken(conn, &code, index)? {
                return Ok((code, index));
            }
        }
        Err(ApiError::internal("no free certificate code or status index"))
    };
    let (code, status_index) = pick()?;
    let mut row = CertificateRow {
        id: new_id(),
        code,
        course_id: course.id.clone(),
        user_id: user_id.to_owned(),
        holder_name: holder,
        course_title: serde_json::to_string(&course.title()).map_err(ApiError::internal)?,
        issued_at: now,
        status_index,
        revoked_at: None,
        revoked_reason: None,
        revoked_by: None,
        credential: String::new(),
    };
    row.credential = credential(issuer, &row, course);
    repo::insert(conn, &row)?;
    notify(conn, user_id, "certificate.issued", About::course(&course.id))?;
    tracing::info!(certificate = %row.id, course = %course.id, holder = %user_id, "certificate issued");
    Ok(())
}

/// At most this many certificates are listed to their holder (the newest).
pub const MINE: i64 = 500;

/// The user's certificates, newest first (at most [`MINE`]).
pub fn mine(conn: &mut DbConn, issuer: &Issuer, user_id: &str) -> ApiResult<Vec<Certificate>> {
    Ok(repo::of_user(conn, user_id, MINE)?.iter().map(|r| r.to_api(issuer)).collect())
}

/// A certificate, for its holder and staff (404 to anyone else).
pub fn get(conn: &mut DbConn, issuer: &Issuer, id: &str, user: &AuthUser) -> ApiResult<Certificate> {
    let row = repo::find(conn, id)?;
    access::require_holder_or_staff(&row, user)?;
    Ok(row.to_api(issuer))
}

/// Revoke a certificate with a reason anyone verifying it reads: recorded in the audit log, its
/// holder notified, all in one transaction; 409 `already_revoked` the second time.
pub fn revoke(conn: &mut DbConn, issuer: &Issuer, id: &str, staff: &str, reason: &str) -> ApiResult<Certificate> {
    let now = now();
    let row = write_tx(conn, |conn| {
        let updated = repo::revoke(conn, id, reason, staff, now)?;
        let row = repo::find(conn, id)?;
        if updated == 0 {
            return Err(ApiError::Conflict(ErrorCode::AlreadyRevoked));
        }
        crate::audit::record(
            conn,
            Some(staff),
            "certificate.revoked",
            crate::audit::Subject::certificate(id),
            Some(reason),
        )?;
        notify(conn, &row.user_id, "certificate.revoked", About::course(&row.course_id).with_reason(Some(reason)))?;
        Ok(row)
    })?;
    tracing::info!(certificate = %row.id, staff = %staff, "certificate revoked");
    Ok(row.to_api(issuer))
}
