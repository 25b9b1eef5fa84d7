//! An association's logo: which stored picture it names. The picture itself is read, checked,
//! stored and forgotten by `crate::media`.

use crate::associations::repo;
use crate::associations::rows::AssociationRow;
use crate::auth::AuthUser;
use crate::db::{DbConn, now, write_tx};
use crate::error::ApiResult;
use madani_shared::associations::Association;

/// Point the association at the stored picture `key`: the key it named before, for the caller to
/// forget, and the profile as `user` now sees it.
pub fn replace(
    conn: &mut DbConn,
    association_id: &str,
    key: &str,
    user: &AuthUser,
) -> ApiResult<(Option<String>, Association)> {
    let previous = swap(conn, association_id, Some(key))?;
    let row = repo::find(conn, association_id)?;
    Ok((previous, super::profile::view_for(conn, &row, user)?))
}

/// Remove the logo: the key it named, for the caller to forget.
pub fn clear(conn: &mut DbConn, association_id: &str) -> ApiResult<Option<String>> {
    swap(conn, association_id, None)
}

fn swap(conn: &mut DbConn, association_id: &str, key: Option<&str>) -> ApiResult<Option<String>> {
    Ok(write_tx(conn, |conn| {
        let previous = repo::logo_of(conn, association_id)?;
        repo::set_logo(conn, association_id, key, now())?;
        Ok::<_, diesel::result::Error>(previous)
    })?)
}

/// The stored key of the logo, and whether the association is public (and so may its logo be
/// kept by shared caches); 404 when it has none.
pub fn stored(row: AssociationRow) -> ApiResult<(String, bool)> {
    let public = row.status().is_public();
    Ok((row.logo.ok_or(crate::error::ApiError::NotFound)?, public))
}
