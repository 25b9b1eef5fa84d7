//! Who sees what of a member: how a viewer relates to them, and which accounts count as members.

use super::repo;
use super::rows::ConnectionRow;
use super::service::{self, Relation};
use crate::auth::AuthUser;
use crate::auth::rows::UserRow;
use crate::db::DbConn;
use crate::error::{ApiError, ApiResult};
use madani_shared::network::ConnectionStatus;

/// How `viewer` relates to `member`, and their connection row if any.
pub fn relation(
    conn: &mut DbConn,
    viewer: Option<&AuthUser>,
    member: &str,
) -> ApiResult<(Relation, Option<ConnectionRow>)> {
    let Some(viewer) = viewer else { return Ok((Relation::Anonymous, None)) };
    if viewer.id == member {
        return Ok((Relation::Owner, None));
    }
    let row = repo::connection_between(conn, &service::pair_key(&viewer.id, member))?
        // A request its requester withdrew (after it was declined) is gone, for both of them.
        .filter(|r| !r.withdrawn);
    let relation = if row.as_ref().is_some_and(|r| r.status() == ConnectionStatus::Accepted) {
        Relation::Connection
    } else {
        Relation::Member
    };
    Ok((relation, row))
}

/// An active account; 404 for unknown and disabled accounts, which are nobody's to see.
pub fn active_user(conn: &mut DbConn, id: &str) -> ApiResult<UserRow> {
    let user = crate::auth::repo::find_user(conn, id)?;
    if user.disabled {
        return Err(ApiError::NotFound);
    }
    Ok(user)
}

/// The connection, if `user` is one of its two members; 404 otherwise.
pub fn own_connection(conn: &mut DbConn, user: &AuthUser, id: &str) -> ApiResult<ConnectionRow> {
    let row = repo::find_connection(conn, id)?;
    if !row.is_party(&user.id) {
        tracing::warn!(user = %user.id, connection = %id, "refused: not a party to the connection");
        return Err(ApiError::NotFound);
    }
    Ok(row)
}
