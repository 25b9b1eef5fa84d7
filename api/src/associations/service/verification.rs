//! Verification by the observatory: the queue of pending associations, and staff decisions (verify,
//! reject, suspend), each recorded in the audit log and told to the association's officers in the
//! app and by email.

use madani_shared::associations::*;
use madani_shared::ids::AssociationId;
use madani_shared::{ErrorCode, LocalizedText, Page};

use super::{decode_cursor, encode_cursor, summaries};
use crate::associations::repo::{self, After};
use crate::audit::{self, Subject};
use crate::auth::AuthUser;
use crate::db::{DbConn, now, write_tx};
use crate::error::{ApiError, ApiResult, is_unique_violation};
use crate::mail;
use crate::notifications::{About, notify};
use crate::pagination::page_of;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StaffAction {
    Verify,
    Reject,
    Suspend,
}

impl StaffAction {
    pub fn past(self) -> &'static str {
        match self {
            StaffAction::Verify => "verified",
            StaffAction::Reject => "rejected",
            StaffAction::Suspend => "suspended",
        }
    }
}

/// The status a staff action leads to, or why it cannot apply.
pub fn next_status(
    current: AssociationStatus,
    action: StaffAction,
    reason: Option<&str>,
) -> Result<AssociationStatus, ApiError> {
    use AssociationStatus::*;
    if action != StaffAction::Verify && reason.is_none_or(|r| r.trim().is_empty()) {
        return Err(ApiError::field("reason", "required", "give the reason, which the association will read"));
    }
    match (action, current) {
        (StaffAction::Verify, Pending | Rejected | Suspended) => Ok(Verified),
        (StaffAction::Reject, Pending) => Ok(Rejected),
        (StaffAction::Suspend, Verified) => Ok(Suspended),
        (_, from) => Err(ApiError::Refused {
            code: ErrorCode::InvalidStatusChange,
            detail: format!("An association that is {} cannot be {}.", from.as_str(), action.past()),
        }),
    }
}

/// A page of the queue: pending associations, oldest first, each with the other associations
/// registered under its number; their fields and those claims from one grouped query each.
pub fn queue(conn: &mut DbConn, q: VerificationQueueQuery) -> ApiResult<Page<QueuedAssociation>> {
    let limit = i64::from(q.limit.unwrap_or(20));
    let after = match q.cursor.as_deref().map(decode_cursor).transpose()? {
        Some(After::Newest { created_at, id }) => Some((created_at, id)),
        Some(_) => return Err(ApiError::field("cursor", "invalid_value", "is not a cursor from this list")),
        None => None,
    };
    let rows = repo::pending(conn, q.wilaya.as_deref(), q.category.map(|c| c.as_str()), after, limit + 1)?;
    let (rows, next_cursor) =
        page_of(rows, limit, |r| encode_cursor(&After::Newest { created_at: r.created_at, id: r.id.clone() }));
    let numbers: Vec<String> = rows.iter().map(|r| r.registration_number.clone()).collect();
    let claims = repo::claims_of(conn, &numbers)?;
    let items = summaries(conn, &rows)?
        .into_iter()
        .zip(&rows)
        .map(|(association, row)| QueuedAssociation {
            association,
            registration_number: row.registration_number.clone(),
            number_claimed_by: claims
                .iter()
                .filter(|(number, id, ..)| *number == row.registration_number && *id != row.id)
                .map(|(_, id, ar, fr, en, status)| NumberClaim {
                    id: AssociationId::stored(id),
                    name: LocalizedText { ar: ar.clone(), fr: fr.clone(), en: en.clone() },
                    status: AssociationStatus::parse(status).unwrap_or(AssociationStatus::Pending),
                })
                .collect(),
        })
        .collect();
    Ok(Page { items, next_cursor })
}

/// `staff` applies `action` to the association, with `reason` (required to reject or suspend): its
/// status, an audit entry, and a notification and an email to each officer, in one transaction.
/// The profile as staff see it.
pub fn decide(
    conn: &mut DbConn,
    staff: &AuthUser,
    id: &str,
    action: StaffAction,
    reason: Option<String>,
) -> ApiResult<Association> {
    let reason = reason.map(|r| r.trim().to_owned()).filter(|r| !r.is_empty());
    let mut row = repo::find(conn, id)?;
    let status = next_status(row.status(), action, reason.as_deref())?;
    // A number is verified once: another association holding it keeps it.
    if status == AssociationStatus::Verified && repo::number_holder(conn, &row.registration_number, id)?.is_some() {
        return Err(ApiError::Conflict(ErrorCode::RegistrationNumberTaken));
    }
    let now = now();
    row.status = status.as_str().to_owned();
    row.status_reason = if action == StaffAction::Verify { None } else { reason.clone() };
    row.updated_at = now;
    let officers = repo::officers(conn, id)?;
    write_tx(conn, |conn| {
        // Verified meanwhile under the same number, by another staff decision or an import.
        repo::update(conn, &row).map_err(|e| {
            if is_unique_violation(&e) { ApiError::Conflict(ErrorCode::RegistrationNumberTaken) } else { e.into() }
        })?;
        let kind = format!("association.{}", action.past());
        audit::record(conn, Some(&staff.id), &kind, Subject::association(id), reason.as_deref())?;
        for officer in &officers {
            notify(conn, &officer.id, &kind, About::association(id).with_reason(reason.as_deref()))?;
            let lang = officer.language();
            let name = row.name().get(lang).to_owned();
            let (subject, body) = mail::templates::association_status(
                lang,
                &officer.display_name,
                &name,
                status.as_str(),
                reason.as_deref(),
            );
            mail::enqueue(conn, &officer.email, &subject, &body, now)?;
        }
        Ok::<_, ApiError>(())
    })?;
    tracing::info!(staff = %staff.id, association = %id, action = action.past(), "staff decision");
    super::profile::view(conn, &row, None, Some(staff))
}

/// `staff` deletes a pending or rejected association (a squatted registration number, a duplicate),
/// with `reason`: the audit entry, and a notification and an email to each of its officers, in the
/// transaction that deletes it. Verified and suspended associations are suspended, never deleted.
/// The storage key of its logo, to remove once committed.
pub fn delete(conn: &mut DbConn, staff: &AuthUser, id: &str, reason: Option<String>) -> ApiResult<Option<String>> {
    let reason = reason.map(|r| r.trim().to_owned()).filter(|r| !r.is_empty());
    let Some(reason) = reason else {
        return Err(ApiError::field("reason", "required", "give the reason, which the association will read"));
    };
    let row = repo::find(conn, id)?;
    if !matches!(row.status(), AssociationStatus::Pending | AssociationStatus::Rejected) {
        return Err(ApiError::Refused {
            code: ErrorCode::InvalidStatusChange,
            detail: format!("An association that is {} cannot be deleted: suspend it.", row.status().as_str()),
        });
    }
    let officers = repo::officers(conn, id)?;
    let now = now();
    write_tx(conn, |conn| {
        audit::record(conn, Some(&staff.id), "association.deleted", Subject::association(id), Some(&reason))?;
        for officer in &officers {
            notify(conn, &officer.id, "association.deleted", About::association(id).with_reason(Some(&reason)))?;
            let lang = officer.language();
            let name = row.name().get(lang).to_owned();
            let (subject, body) =
                mail::templates::association_status(lang, &officer.display_name, &name, "deleted", Some(&reason));
            mail::enqueue(conn, &officer.email, &subject, &body, now)?;
        }
        repo::delete(conn, id)?;
        Ok::<_, ApiError>(())
    })?;
    tracing::info!(staff = %staff.id, association = %id, "association deleted");
    Ok(row.logo)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_transitions_need_reasons_to_refuse() {
        use AssociationStatus::*;
        assert_eq!(next_status(Pending, StaffAction::Verify, None).unwrap(), Verified);
        assert!(matches!(next_status(Pending, StaffAction::Reject, None), Err(ApiError::Validation(_))));
        assert_eq!(next_status(Pending, StaffAction::Reject, Some("no statutes")).unwrap(), Rejected);
        assert_eq!(next_status(Verified, StaffAction::Suspend, Some("inactive")).unwrap(), Suspended);
        assert!(matches!(
            next_status(Pending, StaffAction::Suspend, Some("x")),
            Err(ApiError::Refused { code: ErrorCode::InvalidStatusChange, .. })
        ));
        assert!(matches!(
            next_status(Verified, StaffAction::Verify, None),
            Err(ApiError::Refused { code: ErrorCode::InvalidStatusChange, .. })
        ));
    }
}
