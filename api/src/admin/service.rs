//! Account administration: listing accounts and changing their role or disabling them.

use madani_shared::ErrorCode;
use madani_shared::Page;
use madani_shared::auth::{AdminUser, ListUsersQuery, Role, UpdateUserRequest};

use crate::auth::repo;
use crate::db::{DbConn, now, write_tx};
use crate::error::{ApiError, ApiResult};
use crate::pagination::{self, page_of};

/// A page of accounts, oldest first, filtered by role or by text in the email or name.
pub fn list(conn: &mut DbConn, q: &ListUsersQuery) -> ApiResult<Page<AdminUser>> {
    let limit = i64::from(q.page().limit());
    let text = q.q.as_deref().map(str::trim).filter(|t| !t.is_empty());
    let after = match q.cursor.as_deref().map(pagination::decode).transpose()?.as_deref() {
        Some([id]) => Some(id.clone()),
        Some(_) => return Err(pagination::bad_cursor()),
        None => None,
    };
    let rows = repo::list_users(conn, q.role.map(Role::as_str), text, after.as_deref(), limit + 1)?;
    let (rows, next_cursor) = page_of(rows, limit, |r| Some(pagination::encode(&[&r.id])));
    Ok(Page { items: rows.iter().map(AdminUser::from).collect(), next_cursor })
}

/// Change `target`'s role or disable it (which signs it out everywhere). An administrator cannot do
/// either to themselves, so the platform always keeps one.
pub fn update(conn: &mut DbConn, admin: &str, target: &str, req: &UpdateUserRequest) -> ApiResult<AdminUser> {
    if target == admin && (req.role.is_some_and(|r| r != Role::Admin) || req.disabled == Some(true)) {
        return Err(ApiError::Conflict(ErrorCode::CannotDemoteSelf));
    }
    let row = write_tx(conn, |conn| {
        repo::find_user(conn, target)?;
        let now = now();
        let row = repo::set_role_and_disabled(conn, target, req.role.map(Role::as_str), req.disabled, now)?;
        if req.disabled == Some(true) {
            repo::revoke_user_sessions(conn, target, None, "account_disabled", now)?;
        }
        Ok::<_, ApiError>(row)
    })?;
    tracing::info!(%admin, %target, role = ?req.role, disabled = ?req.disabled, "account changed by an administrator");
    Ok(AdminUser::from(&row))
}
