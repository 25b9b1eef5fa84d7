//! `/admin/users`: administrators only.

use actix_web::{get, patch, web};
use madani_shared::auth::{AdminUser, ListUsersQuery, Role, UpdateUserRequest};
use madani_shared::ids::UserId;
use madani_shared::{ErrorCode, Page};

use super::service;
use crate::auth::AuthUser;
use crate::http::{ValidJson, ValidQuery};
use crate::openapi::errors::{CannotDemoteSelf, Errors, NotAdmin, NotFound};
use crate::state::{Answer, State};

/// List accounts
///
/// Oldest first, with cursor pagination; filter by role or by text in the email or display name.
#[utoipa::path(tag = "admin", params(ListUsersQuery), responses((status = 200, description = "A page of accounts", body = Page<AdminUser>), Errors<NotAdmin>), security(("bearer" = [])))]
#[get("/admin/users")]
pub async fn list_users(state: State, user: AuthUser, query: ValidQuery<ListUsersQuery>) -> Answer<Page<AdminUser>> {
    user.require(&[Role::Admin], ErrorCode::NotAdmin)?;
    let q = query.0;
    Ok(web::Json(state.db(move |conn| service::list(conn, &q)).await?))
}

/// Change an account's role or disable it
///
/// Disabling signs the account out everywhere. An administrator cannot demote or disable themselves,
/// so the platform always keeps one.
#[utoipa::path(tag = "admin", params(("id" = UserId, Path, description = "The account id")), request_body = Option<UpdateUserRequest>, responses((status = 200, description = "The updated account", body = AdminUser), Errors<(NotAdmin, NotFound, CannotDemoteSelf)>), security(("bearer" = [])))]
#[patch("/admin/users/{id}")]
pub async fn update_user(
    state: State,
    user: AuthUser,
    path: web::Path<UserId>,
    body: ValidJson<UpdateUserRequest>,
) -> Answer<AdminUser> {
    user.require(&[Role::Admin], ErrorCode::NotAdmin)?;
    let id = path.into_inner().to_string();
    let req = body.0;
    Ok(web::Json(state.db(move |conn| service::update(conn, &user.id, &id, &req)).await?))
}
