//! Requests to join an association, decided by its owners and admins.

use madani_shared::associations::{JoinRequest, MemberRole};
use madani_shared::page::PageQuery;
use madani_shared::{ErrorCode, Page};

use crate::associations::repo;
use crate::associations::rows::JoinRequestRow;
use crate::auth::AuthUser;
use crate::db::{DbConn, new_id, now, write_tx};
use crate::error::{ApiError, ApiResult, is_unique_violation};
use crate::notifications::{About, notify, notify_all};
use crate::pagination::{self, page_of};

/// `user`, whose role in the association is `role` (none: not a member), asks to join it; its
/// officers are notified.
pub fn ask(
    conn: &mut DbConn,
    association_id: &str,
    user: &AuthUser,
    role: Option<MemberRole>,
    message: Option<String>,
) -> ApiResult<JoinRequest> {
    if role.is_some() {
        return Err(ApiError::Conflict(ErrorCode::AlreadyMember));
    }
    let row = JoinRequestRow {
        id: new_id(),
        association_id: association_id.to_owned(),
        user_id: user.id.clone(),
        message: message.map(|m| m.trim().to_owned()).filter(|m| !m.is_empty()),
        status: "pending".into(),
        created_at: now(),
        decided_at: None,
        decided_by: None,
    };
    let officers = repo::officers(conn, association_id)?;
    write_tx(conn, |conn| {
        repo::insert_join_request(conn, &row).map_err(|e| {
            if is_unique_violation(&e) { ApiError::Conflict(ErrorCode::JoinRequestPending) } else { ApiError::from(e) }
        })?;
        // Its owners and admins decide: each is told, in the app and by email.
        let officers: Vec<String> = officers.iter().map(|o| o.id.clone()).collect();
        notify_all(conn, &officers, "join_request.received", About::association(association_id).by(&user.id))?;
        Ok::<_, ApiError>(())
    })?;
    let name = crate::auth::repo::find_user(conn, &user.id)?.display_name;
    Ok(row.to_api(name))
}

/// The pending requests, oldest first.
pub fn pending(conn: &mut DbConn, association_id: &str, q: &PageQuery) -> ApiResult<Page<JoinRequest>> {
    let after = pagination::after_time_and_id(q.cursor.as_deref())?;
    let limit = i64::from(q.limit());
    let rows = repo::pending_join_requests(conn, association_id, after, limit + 1)?;
    let (rows, next_cursor) = page_of(rows, limit, |(r, _)| Some(pagination::time_and_id(r.created_at, &r.id)));
    Ok(Page { items: rows.into_iter().map(|(r, n)| r.to_api(n)).collect(), next_cursor })
}

/// `officer` approves (the requester becomes a member) or rejects a pending request; the
/// requester is told.
pub fn decide(
    conn: &mut DbConn,
    association_id: &str,
    request_id: &str,
    officer: &AuthUser,
    approve: bool,
) -> ApiResult<JoinRequest> {
    let request = repo::find_join_request(conn, association_id, request_id)?;
    let now = now();
    let status = if approve { "approved" } else { "rejected" };
    write_tx(conn, |conn| {
        if repo::decide_join_request(conn, request_id, status, &officer.id, now)? == 0 {
            return Err(ApiError::Conflict(ErrorCode::AlreadyDecided));
        }
        if approve && repo::role_of(conn, association_id, &request.user_id)?.is_none() {
            repo::add_member(conn, association_id, &request.user_id, MemberRole::Member.as_str(), now)?;
        }
        notify(conn, &request.user_id, &format!("join_request.{status}"), About::association(association_id))?;
        Ok(())
    })?;
    let name = crate::auth::repo::find_user(conn, &request.user_id)?.display_name;
    let decided = JoinRequestRow {
        status: status.into(),
        decided_at: Some(now),
        decided_by: Some(officer.id.clone()),
        ..request
    };
    Ok(decided.to_api(name))
}
