//! `/api/v1/me/notifications` and `/api/v1/me/notification-settings`.

use actix_web::{HttpResponse, get, post, put, web};
use madani_shared::associations::Notification;
use madani_shared::notifications::{NotificationSettings, UnreadCount};

use super::service;
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::http::ValidJson;
use crate::state::{Answer, State};

/// Your notifications
///
/// Each names the association, the course and the member it is about, as they are now.
#[utoipa::path(tag = "me", responses((status = 200, description = "Your latest notifications (100), newest first", body = Vec<Notification>)), security(("bearer" = [])))]
#[get("/me/notifications")]
pub async fn list_my_notifications(state: State, user: AuthUser) -> Answer<Vec<Notification>> {
    Ok(web::Json(state.db(move |conn| service::latest(conn, &user.id)).await?))
}

/// How many of your notifications are unread
#[utoipa::path(tag = "me", responses((status = 200, description = "The number of unread notifications", body = UnreadCount)), security(("bearer" = [])))]
#[get("/me/notifications/unread")]
pub async fn count_unread_notifications(state: State, user: AuthUser) -> Answer<UnreadCount> {
    let unread = state.db(move |conn| service::unread(conn, &user.id)).await?;
    Ok(web::Json(UnreadCount { unread }))
}

/// Mark your notifications read
#[utoipa::path(tag = "me", responses((status = 204, description = "Every notification you had is now read")), security(("bearer" = [])))]
#[post("/me/notifications/read")]
pub async fn mark_notifications_read(state: State, user: AuthUser) -> ApiResult<HttpResponse> {
    state.db(move |conn| service::mark_all_read(conn, &user.id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// How your notifications reach you
#[utoipa::path(tag = "me", responses((status = 200, description = "Your settings (email immediately unless you changed it)", body = NotificationSettings)), security(("bearer" = [])))]
#[get("/me/notification-settings")]
pub async fn get_notification_settings(state: State, user: AuthUser) -> Answer<NotificationSettings> {
    Ok(web::Json(state.db(move |conn| service::settings(conn, &user.id)).await?))
}

/// Change how your notifications reach you
///
/// Every notification is shown in the app; `email` says whether it is also emailed to you.
#[utoipa::path(tag = "me", request_body = NotificationSettings, responses((status = 200, description = "Your settings, saved", body = NotificationSettings)), security(("bearer" = [])))]
#[put("/me/notification-settings")]
pub async fn update_notification_settings(
    state: State,
    user: AuthUser,
    body: ValidJson<NotificationSettings>,
) -> Answer<NotificationSettings> {
    let settings = body.0;
    Ok(web::Json(state.db(move |conn| service::save_settings(conn, &user.id, settings)).await?))
}
