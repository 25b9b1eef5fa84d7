//! The associations a member belongs to.

use madani_shared::associations::{MemberRole, MyAssociation};

use super::summaries;
use crate::associations::repo;
use crate::db::DbConn;
use crate::error::ApiResult;

/// The associations `user_id` belongs to, in name order, with their role; the fields of all of
/// them come from one grouped query.
pub fn list(conn: &mut DbConn, user_id: &str) -> ApiResult<Vec<MyAssociation>> {
    let (rows, roles): (Vec<_>, Vec<_>) = repo::memberships(conn, user_id)?.into_iter().unzip();
    let associations = summaries(conn, &rows)?;
    Ok(associations
        .into_iter()
        .zip(roles)
        .map(|(association, role)| MyAssociation {
            association,
            role: MemberRole::parse(&role).unwrap_or(MemberRole::Member),
        })
        .collect())
}
