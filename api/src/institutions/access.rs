//! Who may act for an institution: its staff, its managers, and administrators everywhere.

use madani_shared::ErrorCode;
use madani_shared::auth::Role;
use madani_shared::institutions::InstitutionRole;

use super::repo;
use super::rows::InstitutionRow;
use crate::auth::AuthUser;
use crate::db::DbConn;
use crate::error::{ApiError, ApiResult};

/// `user`'s role in the institution, if any.
pub fn role_in(conn: &mut DbConn, institution_id: &str, user: &AuthUser) -> ApiResult<Option<InstitutionRole>> {
    Ok(repo::role_of(conn, institution_id, &user.id)?.and_then(|r| InstitutionRole::parse(&r)))
}

/// The institution, if `user` is its staff (any role) or an administrator (`not_institution_staff`
/// otherwise, also for an institution that does not exist, so that nothing is learnt by guessing).
pub fn require_staff_of(conn: &mut DbConn, institution_id: &str, user: &AuthUser) -> ApiResult<InstitutionRow> {
    let row = repo::find(conn, institution_id).optional_or_refuse(ErrorCode::NotInstitutionStaff)?;
    if user.role == Role::Admin || role_in(conn, institution_id, user)?.is_some() {
        return Ok(row);
    }
    tracing::warn!(user = %user.id, institution = %institution_id, "refused: not the institution's staff");
    Err(ApiError::Forbidden(ErrorCode::NotInstitutionStaff))
}

/// The institution, if `user` is one of its managers or an administrator (`not_institution_manager`).
pub fn require_manager_of(conn: &mut DbConn, institution_id: &str, user: &AuthUser) -> ApiResult<InstitutionRow> {
    let row = repo::find(conn, institution_id)?;
    if user.role == Role::Admin || role_in(conn, institution_id, user)? == Some(InstitutionRole::Manager) {
        return Ok(row);
    }
    tracing::warn!(user = %user.id, institution = %institution_id, "refused: not a manager of the institution");
    Err(ApiError::Forbidden(ErrorCode::NotInstitutionManager))
}

/// Administrators only (`not_admin`).
pub fn require_admin(user: &AuthUser) -> ApiResult<()> {
    user.require(&[Role::Admin], ErrorCode::NotAdmin)
}

trait OrRefuse<T> {
    fn optional_or_refuse(self, code: ErrorCode) -> ApiResult<T>;
}

impl<T> OrRefuse<T> for diesel::QueryResult<T> {
    fn optional_or_refuse(self, code: ErrorCode) -> ApiResult<T> {
        match self {
            Err(diesel::result::Error::NotFound) => Err(ApiError::Forbidden(code)),
            other => Ok(other?),
        }
    }
}
