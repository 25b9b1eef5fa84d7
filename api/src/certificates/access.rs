//! Who may read a certificate: its holder and observatory staff; to anyone else it does not exist
//! (the public verifies by code).

use super::rows::CertificateRow;
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};

pub fn require_holder_or_staff(row: &CertificateRow, user: &AuthUser) -> ApiResult<()> {
    if row.user_id != user.id && !user.role.is_staff() {
        tracing::warn!(user = %user.id, certificate = %row.id, "refused: someone else's certificate");
        return Err(ApiError::NotFound);
    }
    Ok(())
}
