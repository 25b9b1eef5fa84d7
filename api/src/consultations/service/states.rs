//! States an institution defines for its answers to proposals: its managers define, rename and
//! remove them (not one that an answer or a history carries); the answer picks one of the
//! answering institution's, which must refine the answer's base state.

use std::collections::HashMap;

use madani_shared::ErrorCode;
use madani_shared::consultations::*;

use super::super::repo::states as repo;
use super::super::rows::ProposalStateRow;
use crate::audit::{self, Subject};
use crate::auth::AuthUser;
use crate::db::{DbConn, now, write_tx};
use crate::error::{ApiError, ApiResult};
use crate::institutions::{access as institutions, repo as institutions_repo};

/// The institution's states, by key (public, as the proposals showing them are).
pub fn list(conn: &mut DbConn, institution: &str) -> ApiResult<Vec<CustomProposalState>> {
    institutions_repo::find(conn, institution)?;
    Ok(repo::of_institution(conn, institution)?.iter().map(ProposalStateRow::to_api).collect())
}

/// Define a state, or rename it or change its base state (the institution's managers).
pub fn put(
    conn: &mut DbConn,
    user: &AuthUser,
    institution: &str,
    key: &str,
    input: &PutProposalState,
) -> ApiResult<CustomProposalState> {
    if input.state == ProposalState::NotAnswered {
        return Err(ApiError::field("state", "not_answered", "a state refines evaluating, accepted or rejected"));
    }
    write_tx(conn, |conn| {
        institutions::require_manager_of(conn, institution, user)?;
        let at = now();
        let (label_ar, label_fr, label_en) = input.label.trimmed();
        let row = match repo::find(conn, institution, key)? {
            Some(old) => {
                let row = ProposalStateRow {
                    base_state: input.state.as_str().to_owned(),
                    label_ar,
                    label_fr,
                    label_en,
                    updated_at: at,
                    ..old
                };
                repo::update(conn, &row)?;
                row
            }
            None => {
                let row = ProposalStateRow {
                    institution_id: institution.to_owned(),
                    key: key.to_owned(),
                    base_state: input.state.as_str().to_owned(),
                    label_ar,
                    label_fr,
                    label_en,
                    created_at: at,
                    updated_at: at,
                };
                repo::insert(conn, &row)?;
                row
            }
        };
        audit::record(
            conn,
            Some(&user.id),
            "institution.proposal_state_set",
            Subject::institution(institution),
            Some(&format!("{key} {}", input.state.as_str())),
        )?;
        Ok(row.to_api())
    })
}

/// Remove a state no answer or history carries (409 `proposal_state_in_use` otherwise).
pub fn delete(conn: &mut DbConn, user: &AuthUser, institution: &str, key: &str) -> ApiResult<()> {
    write_tx(conn, |conn| {
        institutions::require_manager_of(conn, institution, user)?;
        repo::find(conn, institution, key)?.ok_or(ApiError::NotFound)?;
        if repo::in_use(conn, institution, key)? {
            return Err(ApiError::Conflict(ErrorCode::ProposalStateInUse));
        }
        repo::delete(conn, institution, key)?;
        audit::record(
            conn,
            Some(&user.id),
            "institution.proposal_state_removed",
            Subject::institution(institution),
            Some(key),
        )?;
        Ok(())
    })
}

/// The state `key` of the answering institution, checked against the answer's base `state`
/// (422 `custom_state` `unknown` or `state_mismatch`).
pub(super) fn chosen(conn: &mut DbConn, institution: &str, key: &str, state: ProposalState) -> ApiResult<()> {
    let row = repo::find(conn, institution, key)?.ok_or_else(|| {
        ApiError::field("custom_state", "unknown", "is not one of the answering institution's states")
    })?;
    if row.base_state != state.as_str() {
        return Err(ApiError::field("custom_state", "state_mismatch", "refines another state than the answer's"));
    }
    Ok(())
}

/// The states of these institutions, by (institution, key).
pub(super) fn labels(
    conn: &mut DbConn,
    institutions: &[String],
) -> ApiResult<HashMap<(String, String), CustomProposalState>> {
    if institutions.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(repo::of_institutions(conn, institutions)?
        .iter()
        .map(|r| ((r.institution_id.clone(), r.key.clone()), r.to_api()))
        .collect())
}
