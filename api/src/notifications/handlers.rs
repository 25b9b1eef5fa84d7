//! `/api/v1/me/notifications`, `/api/v1/me/notification-settings` and `/api/v1/unsubscribe/{token}`.

use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use madani_shared::associations::Notification;
use madani_shared::ids::UnsubscribeToken;
use madani_shared::notifications::{NotificationSettings, NotificationSettingsChange, UnreadCount, Unsubscription};

use super::{preferences, service, unsubscribe};
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::http::ValidJson;
use crate::openapi::errors::{BadSignature, Errors, NotFound, TooManyRequests};
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
///
/// For each topic: whether it is shown in the app, and whether it is emailed at once, in a daily or
/// weekly digest (07:00 in your time zone; weekly on Sunday in Algeria, Monday elsewhere), or never.
#[utoipa::path(tag = "me", responses((status = 200, description = "Your settings (each topic's default until you change it)", body = NotificationSettings)), security(("bearer" = [])))]
#[get("/me/notification-settings")]
pub async fn get_notification_settings(state: State, user: AuthUser) -> Answer<NotificationSettings> {
    Ok(web::Json(state.db(move |conn| preferences::settings(conn, &user.id)).await?))
}

/// Change how your notifications reach you
///
/// What the change leaves out stays as it is. A digest already waiting keeps its items.
#[utoipa::path(tag = "me", request_body = Option<NotificationSettingsChange>, responses((status = 200, description = "Your settings, saved", body = NotificationSettings)), security(("bearer" = [])))]
#[put("/me/notification-settings")]
pub async fn update_notification_settings(
    state: State,
    user: AuthUser,
    body: ValidJson<NotificationSettingsChange>,
) -> Answer<NotificationSettings> {
    let change = body.0;
    Ok(web::Json(state.db(move |conn| preferences::save(conn, &user.id, change)).await?))
}

/// What an unsubscribe link stops
///
/// For the page an email's link opens: what will stop, for which address (partly hidden), and
/// whether it already has. Changes nothing. No sign-in; limited per client address.
#[utoipa::path(tag = "me", params(("token" = UnsubscribeToken, Path, description = "The link's token, from the email")), responses((status = 200, description = "What the link stops", body = Unsubscription), Errors<(BadSignature, NotFound, TooManyRequests)>), security(()))]
#[get("/unsubscribe/{token}")]
pub async fn get_unsubscription(
    state: State,
    req: HttpRequest,
    token: web::Path<UnsubscribeToken>,
) -> Answer<Unsubscription> {
    by_link(state, &req, token.into_inner(), unsubscribe::describe).await
}

/// Unsubscribe in one click
///
/// Stops the emails the link names (a topic, a digest, or every notification email), without
/// signing in: the target of the emails' `List-Unsubscribe` header (RFC 8058: a mail client POSTs
/// `List-Unsubscribe=One-Click`) and of the page their link opens. A forged or altered link is
/// refused (403 `bad_signature`). Again is harmless. Limited per client address.
#[utoipa::path(tag = "me", params(("token" = UnsubscribeToken, Path, description = "The link's token, from the email")), responses((status = 200, description = "Stopped", body = Unsubscription), Errors<(BadSignature, NotFound, TooManyRequests)>), security(()))]
#[post("/unsubscribe/{token}")]
pub async fn unsubscribe_by_link(
    state: State,
    req: HttpRequest,
    token: web::Path<UnsubscribeToken>,
) -> Answer<Unsubscription> {
    by_link(state, &req, token.into_inner(), unsubscribe::apply).await
}

/// Run `act` on an unsubscribe link, counted against the client address's limit (no sign-in).
async fn by_link(
    state: State,
    req: &HttpRequest,
    token: UnsubscribeToken,
    act: fn(&mut crate::db::DbConn, &unsubscribe::UnsubscribeSigner, &UnsubscribeToken) -> ApiResult<Unsubscription>,
) -> Answer<Unsubscription> {
    let (ip, per_hour) = (state.client_ip(req), state.config.limits.link_requests_per_ip);
    let signer = state.keys.unsubscribe.clone();
    let key = crate::ratelimit::keys::unsubscribe_address(&ip);
    Ok(web::Json(
        state
            .db(move |conn| {
                crate::ratelimit::hit(conn, &key, per_hour, chrono::TimeDelta::hours(1))?;
                act(conn, &signer, &token)
            })
            .await?,
    ))
}
