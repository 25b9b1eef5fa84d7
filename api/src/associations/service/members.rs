//! Members and their roles: the list, a change of role, a removal (or leaving), and the transfer
//! of ownership. Who may do each is checked first, in `access`.

use madani_shared::Page;
use madani_shared::associations::{Member, MemberRole};
use madani_shared::page::PageQuery;

use crate::associations::repo;
use crate::associations::rows::member_to_api;
use crate::db::{DbConn, write_tx};
use crate::error::{ApiError, ApiResult};
use crate::pagination::{self, page_of};

/// A page of the members, the earliest to join first.
pub fn list(conn: &mut DbConn, association_id: &str, q: &PageQuery) -> ApiResult<Page<Member>> {
    let after = pagination::after_time_and_id(q.cursor.as_deref())?;
    let limit = i64::from(q.limit());
    let rows = repo::members(conn, association_id, after, limit + 1)?;
    let (rows, next_cursor) =
        page_of(rows, limit, |(id, _, _, joined_at)| Some(pagination::time_and_id(*joined_at, id)));
    Ok(Page { items: rows.into_iter().map(member_to_api).collect(), next_cursor })
}

/// Give `user_id` the role `role`; the member as they now are.
pub fn change_role(conn: &mut DbConn, association_id: &str, user_id: &str, role: MemberRole) -> ApiResult<Member> {
    repo::set_role(conn, association_id, user_id, role.as_str())?;
    Ok(member_to_api(repo::member(conn, association_id, user_id)?.ok_or(ApiError::NotFound)?))
}

pub fn remove(conn: &mut DbConn, association_id: &str, user_id: &str) -> ApiResult<()> {
    repo::remove_member(conn, association_id, user_id)?;
    Ok(())
}

/// The owner `owner_id` hands the association to `target`, another member, and becomes admin.
pub fn transfer_ownership(conn: &mut DbConn, association_id: &str, owner_id: &str, target: &str) -> ApiResult<()> {
    if target == owner_id || repo::role_of(conn, association_id, target)?.is_none() {
        return Err(ApiError::field("user_id", "not_a_member", "must be another member of the association"));
    }
    write_tx(conn, |conn| {
        repo::set_role(conn, association_id, target, MemberRole::Owner.as_str())?;
        repo::set_role(conn, association_id, owner_id, MemberRole::Admin.as_str())
    })?;
    tracing::info!(association = %association_id, from = %owner_id, to = %target, "ownership transferred");
    Ok(())
}
