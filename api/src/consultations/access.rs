//! Who may see, organise and answer a consultation. Every rule is here, named.

use madani_shared::ErrorCode;
use madani_shared::associations::{AssociationStatus, Category, Field, MemberRole};
use madani_shared::auth::Role;
use madani_shared::consultations::{Audience, ConsultationPhase, Respondent};

use super::repo;
use super::rows::ConsultationRow;
use crate::associations::rows::AssociationRow;
use crate::auth::AuthUser;
use crate::db::{DbConn, now};
use crate::error::{ApiError, ApiResult};

/// Staff of one of its organising institutions, or an administrator.
pub fn is_organiser(conn: &mut DbConn, row: &ConsultationRow, viewer: Option<&AuthUser>) -> ApiResult<bool> {
    Ok(match viewer {
        Some(u) if u.role == Role::Admin => true,
        Some(u) => repo::is_organiser(conn, &row.id, &u.id)?,
        None => false,
    })
}

/// The consultation and whether the viewer organises it; 404 for a draft the viewer does not
/// organise (nobody else may know it exists).
pub fn load_visible(conn: &mut DbConn, id: &str, viewer: Option<&AuthUser>) -> ApiResult<(ConsultationRow, bool)> {
    let row = repo::find(conn, id)?;
    let organiser = is_organiser(conn, &row, viewer)?;
    if row.status == "draft" && !organiser {
        return Err(ApiError::NotFound);
    }
    Ok((row, organiser))
}

/// The consultation, if `user` organises it (`not_organiser`; 404 for a draft they may not know).
pub fn require_organiser(conn: &mut DbConn, id: &str, user: &AuthUser) -> ApiResult<ConsultationRow> {
    let (row, organiser) = load_visible(conn, id, Some(user))?;
    if !organiser {
        tracing::warn!(user = %user.id, consultation = %id, "refused: not an organiser");
        return Err(ApiError::Forbidden(ErrorCode::NotOrganiser));
    }
    Ok(row)
}

/// 403 `blocked_from_consultation` if its moderators blocked `user` from it.
pub fn require_not_blocked(conn: &mut DbConn, consultation_id: &str, user: &AuthUser) -> ApiResult<()> {
    if repo::moderation::is_blocked(conn, consultation_id, &user.id)? {
        return Err(ApiError::Forbidden(ErrorCode::BlockedFromConsultation));
    }
    Ok(())
}

/// How many reads of results an anonymous address makes a minute (a results page makes a few).
pub const ANONYMOUS_RESULTS_PER_MINUTE: i64 = 120;

/// The results, if published or the viewer organises it (`results_not_published`). Anonymous
/// readers (`anonymous_from`, their address) are counted against a limit per address.
pub fn require_results(
    conn: &mut DbConn,
    id: &str,
    viewer: Option<&AuthUser>,
    anonymous_from: Option<&str>,
) -> ApiResult<ConsultationRow> {
    let (row, organiser) = load_visible(conn, id, viewer)?;
    if !organiser && row.phase(now()) != ConsultationPhase::ResultsPublished {
        return Err(ApiError::Forbidden(ErrorCode::ResultsNotPublished));
    }
    if let Some(ip) = anonymous_from {
        crate::ratelimit::hit(
            conn,
            &crate::ratelimit::keys::results_address(ip),
            ANONYMOUS_RESULTS_PER_MINUTE,
            chrono::TimeDelta::minutes(1),
        )?;
    }
    Ok(row)
}

/// Whether the association is in the audience.
pub fn association_targeted(audience: &Audience, a: &AssociationRow, fields: &[Field]) -> bool {
    let status = AssociationStatus::parse(&a.status);
    let active = matches!(status, Some(AssociationStatus::Verified | AssociationStatus::Pending));
    let verified = status == Some(AssociationStatus::Verified);
    active
        && (!audience.verified_only || verified)
        && (audience.wilayas.is_empty() || audience.wilayas.contains(&a.wilaya_code))
        && (audience.fields.is_empty() || audience.fields.iter().any(|f| fields.contains(f)))
        && (audience.categories.is_empty()
            || Category::parse(&a.category).is_some_and(|c| audience.categories.contains(&c)))
}

/// Who answers, as checked for one request.
pub struct Respondency {
    /// `association:<id>` or `user:<id>`: one answer each.
    pub key: String,
    /// The association answering, or through which a member is targeted.
    pub association: Option<(AssociationRow, Vec<Field>)>,
    /// Whether the viewer may submit (an officer for an association's answer).
    pub may_submit: bool,
}

/// Whose answer `user` works on, and whether they may: for an association's answer, a member of a
/// targeted association (`not_member`, `not_targeted`); for a member's answer, anyone with a
/// verified address when the audience is everyone, else a member of a targeted association.
pub fn respondency(
    conn: &mut DbConn,
    row: &ConsultationRow,
    user: &AuthUser,
    association_id: Option<&str>,
) -> ApiResult<Respondency> {
    let audience = row.audience();
    let member_of = |conn: &mut DbConn, id: &str| -> ApiResult<(AssociationRow, Vec<Field>, MemberRole)> {
        let (a, role) = crate::associations::access::load_visible(conn, id, Some(user))?;
        let Some(role) = role else {
            return Err(ApiError::Forbidden(ErrorCode::NotMember));
        };
        let fields = crate::associations::repo::fields_of(conn, id)?;
        Ok((a, fields, role))
    };
    match (row.respondent(), association_id) {
        (Respondent::Association, None) => {
            Err(ApiError::field("association_id", "required", "name the association whose answer it is"))
        }
        (Respondent::Association, Some(id)) => {
            let (a, fields, role) = member_of(conn, id)?;
            if !association_targeted(&audience, &a, &fields) {
                return Err(ApiError::Forbidden(ErrorCode::NotTargeted));
            }
            Ok(Respondency {
                key: format!("association:{}", a.id),
                may_submit: crate::associations::access::can_manage(Some(role)),
                association: Some((a, fields)),
            })
        }
        (Respondent::Member, association_id) => {
            crate::associations::access::require_verified_email(conn, user)?;
            let association = match association_id {
                Some(id) => {
                    let (a, fields, _) = member_of(conn, id)?;
                    if !association_targeted(&audience, &a, &fields) {
                        return Err(ApiError::Forbidden(ErrorCode::NotTargeted));
                    }
                    Some((a, fields))
                }
                None if audience.is_everyone() => None,
                None => return Err(ApiError::Forbidden(ErrorCode::NotTargeted)),
            };
            Ok(Respondency { key: format!("user:{}", user.id), association, may_submit: true })
        }
    }
}
