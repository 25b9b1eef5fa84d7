//! HTTP handlers for `/api/v1/admin/…`: administrators only.

use actix_web::{get, patch, web};
use madani_shared::auth::{AdminUser, ListUsersQuery, Role, UpdateUserRequest};
use madani_shared::{Page, Problem};

use crate::auth::{AuthUser, repo};
use crate::db::{now, page_of};
use crate::error::{ApiError, ApiResult};
use crate::http::{ValidJson, ValidQuery};
use crate::startup::AppState;

/// List accounts
///
/// Oldest first, with cursor pagination; filter by role or by text in the email or display name.
#[utoipa::path(
    tag = "admin",
    params(ListUsersQuery),
    responses(
        (status = 200, description = "A page of accounts", body = Page<AdminUser>),
        (status = 403, description = "Not an administrator (`forbidden`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/admin/users")]
pub async fn list_users(
    state: web::Data<AppState>,
    user: AuthUser,
    query: ValidQuery<ListUsersQuery>,
) -> ApiResult<web::Json<Page<AdminUser>>> {
    user.require(&[Role::Admin], "list accounts")?;
    let q = query.0;
    let limit = i64::from(q.page().limit());
    let page = state
        .db(move |conn| {
            let text = q.q.as_deref().map(str::trim).filter(|t| !t.is_empty());
            let rows = repo::list_users(conn, q.role.map(Role::as_str), text, q.cursor.as_deref(), limit + 1)?;
            let (rows, next_cursor) = page_of(rows, limit, |r| Some(r.id.clone()));
            Ok(Page { items: rows.iter().map(AdminUser::from).collect(), next_cursor })
        })
        .await?;
    Ok(web::Json(page))
}

/// Change an account's role or disable it
///
/// Disabling signs the account out everywhere. An administrator cannot demote or disable themselves,
/// so the platform always keeps one.
#[utoipa::path(
    tag = "admin",
    params(("id" = String, Path, description = "The account id")),
    request_body = UpdateUserRequest,
    responses(
        (status = 200, description = "The updated account", body = AdminUser),
        (status = 403, description = "Not an administrator (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Would remove your own administrator rights (`conflict`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/admin/users/{id}")]
pub async fn update_user(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
    body: ValidJson<UpdateUserRequest>,
) -> ApiResult<web::Json<AdminUser>> {
    user.require(&[Role::Admin], "change accounts")?;
    let id = path.into_inner();
    let req = body.0;
    if id == user.id && (req.role.is_some_and(|r| r != Role::Admin) || req.disabled == Some(true)) {
        return Err(ApiError::Conflict("You cannot remove your own administrator rights.".into()));
    }
    let row = state
        .db(move |conn| {
            crate::db::write_tx(conn, |conn| {
                repo::find_user(conn, &id)?;
                let now = now();
                let row = repo::set_role_and_disabled(conn, &id, req.role.map(Role::as_str), req.disabled, now)?;
                if req.disabled == Some(true) {
                    repo::revoke_user_sessions(conn, &id, None, "account_disabled", now)?;
                }
                tracing::info!(admin = %user.id, target = %id, role = ?req.role, disabled = ?req.disabled, "account changed by an administrator");
                Ok(row)
            })
        })
        .await?;
    Ok(web::Json(AdminUser::from(&row)))
}
