//! `/me/messaging-settings` and `/me/blocks`.

use actix_web::{HttpResponse, delete, get, post, put, web};
use madani_shared::ids::UserId;
use madani_shared::messaging::{BlockRequest, Blocked, MessagingSettings};

use super::service::people as service;
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::http::ValidJson;
use crate::openapi::errors::{Errors, NotFound};
use crate::state::{Answer, State};

/// Your messaging settings
///
/// Whether members may write to you (`accepts_messages`) and whether you share how far you read
/// (`read_receipts`; you then see the others' too). Both on by default.
#[utoipa::path(tag = "me", responses((status = 200, description = "Your settings", body = MessagingSettings)), security(("bearer" = [])))]
#[get("/me/messaging-settings")]
pub async fn get_messaging_settings(state: State, user: AuthUser) -> Answer<MessagingSettings> {
    Ok(web::Json(state.db(move |conn| service::settings(conn, &user.id)).await?))
}

/// Change your messaging settings
#[utoipa::path(tag = "me", request_body = MessagingSettings, responses((status = 200, description = "Your settings", body = MessagingSettings)), security(("bearer" = [])))]
#[put("/me/messaging-settings")]
pub async fn update_messaging_settings(
    state: State,
    user: AuthUser,
    body: ValidJson<MessagingSettings>,
) -> Answer<MessagingSettings> {
    let settings = body.0;
    Ok(web::Json(state.db(move |conn| service::save_settings(conn, &user.id, settings)).await?))
}

/// Members you block
#[utoipa::path(tag = "me", responses((status = 200, description = "Members you block, the latest first", body = Vec<Blocked>)), security(("bearer" = [])))]
#[get("/me/blocks")]
pub async fn list_my_blocks(state: State, user: AuthUser) -> Answer<Vec<Blocked>> {
    Ok(web::Json(state.db(move |conn| service::blocks(conn, &user.id)).await?))
}

/// Block a member
///
/// Neither of you can start a conversation with the other, add the other to a group, or write in
/// your direct conversation. They are not told.
#[utoipa::path(tag = "me", request_body = BlockRequest, responses((status = 200, description = "Members you block", body = Vec<Blocked>)), security(("bearer" = [])))]
#[post("/me/blocks")]
pub async fn block_member(state: State, user: AuthUser, body: ValidJson<BlockRequest>) -> Answer<Vec<Blocked>> {
    let other = body.0.user_id;
    Ok(web::Json(state.db(move |conn| service::block(conn, &user, &other)).await?))
}

/// Unblock a member
#[utoipa::path(tag = "me", params(("user_id" = UserId, Path, description = "The member")), responses((status = 204, description = "No longer blocked"), Errors<NotFound>), security(("bearer" = [])))]
#[delete("/me/blocks/{user_id}")]
pub async fn unblock_member(state: State, user: AuthUser, path: web::Path<UserId>) -> ApiResult<HttpResponse> {
    let other = path.into_inner().to_string();
    state.db(move |conn| service::unblock(conn, &user, &other)).await?;
    Ok(HttpResponse::NoContent().finish())
}
