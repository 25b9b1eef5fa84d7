//! `/api/v1/me/notifications`.

use actix_web::{HttpResponse, get, post, web};
use madani_shared::associations::Notification;

use super::service;
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::state::{Answer, State};

/// Your notifications
#[utoipa::path(tag = "me", responses((status = 200, description = "Your latest notifications (100), newest first", body = Vec<Notification>)), security(("bearer" = [])))]
#[get("/me/notifications")]
pub async fn list_my_notifications(state: State, user: AuthUser) -> Answer<Vec<Notification>> {
    Ok(web::Json(state.db(move |conn| service::latest(conn, &user.id)).await?))
}

/// Mark your notifications read
#[utoipa::path(tag = "me", responses((status = 204, description = "Every notification you had is now read")), security(("bearer" = [])))]
#[post("/me/notifications/read")]
pub async fn mark_notifications_read(state: State, user: AuthUser) -> ApiResult<HttpResponse> {
    state.db(move |conn| service::mark_all_read(conn, &user.id)).await?;
    Ok(HttpResponse::NoContent().finish())
}
