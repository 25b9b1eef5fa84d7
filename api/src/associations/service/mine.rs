//! The associations a member belongs to.

use std::collections::HashMap;

use madani_shared::associations::{MemberRole, MyAssociation};

use super::summaries;
use crate::associations::repo;
use crate::db::DbConn;
use crate::error::ApiResult;

/// The associations `user_id` belongs to, in name order, with their role and, where they are an
/// officer, the requests to join waiting for them; the fields and the counts of all of them come
/// from two grouped queries.
pub fn list(conn: &mut DbConn, user_id: &str) -> ApiResult<Vec<MyAssociation>> {
    let (rows, roles): (Vec<_>, Vec<_>) = repo::memberships(conn, user_id)?.into_iter().unzip();
    let roles: Vec<MemberRole> = roles.iter().map(|r| MemberRole::parse(r).unwrap_or(MemberRole::Member)).collect();
    let managed: Vec<String> = rows
        .iter()
        .zip(&roles)
        .filter(|(_, role)| matches!(role, MemberRole::Owner | MemberRole::Admin))
        .map(|(row, _)| row.id.clone())
        .collect();
    let pending: HashMap<String, i64> = repo::pending_join_request_counts(conn, &managed)?.into_iter().collect();
    let associations = summaries(conn, &rows)?;
    Ok(associations
        .into_iter()
        .zip(roles)
        .map(|(association, role)| MyAssociation {
            pending_join_requests: pending.get(&association.id.to_string()).copied().unwrap_or(0),
            association,
            role,
        })
        .collect())
}
