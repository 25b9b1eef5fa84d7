//! What the issuer publishes: the revocation status list.

use crate::certificates::issue::{self, Issuer};
use crate::certificates::repo;
use crate::db::{DbConn, now};
use crate::error::ApiResult;

/// The signed status list, as it is now.
pub fn status_list(conn: &mut DbConn, issuer: &Issuer) -> ApiResult<String> {
    let revoked = repo::revoked_indexes(conn)?;
    issue::status_list(issuer, &revoked, now())
}
