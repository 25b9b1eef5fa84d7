//! Reading the territories.

use madani_shared::territories::{Commune, Wilaya};

use super::repo;
use crate::db::DbConn;
use crate::error::{ApiError, ApiResult};

pub fn wilayas(conn: &mut DbConn) -> ApiResult<Vec<Wilaya>> {
    Ok(repo::list_wilayas(conn)?)
}

/// The communes of the wilaya `code`; 404 for a code that names no wilaya.
pub fn communes(conn: &mut DbConn, code: &str) -> ApiResult<Vec<Commune>> {
    if !repo::wilaya_exists(conn, code)? {
        return Err(ApiError::NotFound);
    }
    Ok(repo::list_communes(conn, code)?)
}
