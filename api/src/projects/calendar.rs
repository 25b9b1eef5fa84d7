//! `/calendar`, `/me/calendar` and the iCalendar feeds.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use madani_shared::ids::{AssociationId, FeedSecret, ProjectId};
use madani_shared::projects::*;
use sha2::{Digest, Sha256};

use super::service::calendar::{self as service, Site};
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::http::ValidQuery;
use crate::openapi::errors::{Errors, NotFound, TooManyRequests};
use crate::state::{Answer, State};

/// The network's calendar
///
/// The activities the viewer sees in a window (the current month by default, at most 92 days),
/// filtered; at most 1,000 (`truncated` says when there are more). Anonymous reads are limited per
/// client address (429).
#[utoipa::path(tag = "calendar", params(CalendarQuery), responses((status = 200, description = "The calendar", body = Calendar), Errors<(NotFound, TooManyRequests)>), security((), ("bearer" = [])))]
#[get("/calendar")]
pub async fn network_calendar(
    state: State,
    req: HttpRequest,
    user: Option<AuthUser>,
    query: ValidQuery<CalendarQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.0;
    let Some(user) = user else {
        // Anonymous: answered from the public calendar in memory, and counted per address in
        // batches (a database write per read would cost more than the read).
        let (ip, index, limits) = (state.client_ip(&req), state.calendar.clone(), state.read_limits.clone());
        let per_minute = state.config.limits.calendar_reads_per_minute;
        let body = state
            .db(move |conn| {
                let key = crate::ratelimit::keys::calendar_address(&ip);
                limits.hit(conn, &key, per_minute, chrono::TimeDelta::minutes(1))?;
                service::network_anonymous(conn, &index, &q)
            })
            .await?;
        return Ok(HttpResponse::Ok().content_type("application/json").body(body));
    };
    let calendar = state.db(move |conn| service::network(conn, Some(&user), &q)).await?;
    Ok(HttpResponse::Ok().json(calendar))
}

/// My calendar
///
/// The activities of the projects my associations lead or partner, of those I follow, and those
/// I registered for.
#[utoipa::path(tag = "calendar", params(CalendarQuery), responses((status = 200, description = "The calendar", body = Calendar)), security(("bearer" = [])))]
#[get("/me/calendar")]
pub async fn my_calendar(state: State, user: AuthUser, query: ValidQuery<CalendarQuery>) -> Answer<Calendar> {
    let q = query.0;
    Ok(web::Json(state.db(move |conn| service::personal(conn, &user, &q)).await?))
}

/// My calendar's feed
///
/// Whether I have a personal feed, and since when (its address is shown only when made).
#[utoipa::path(tag = "calendar", responses((status = 200, description = "The feed", body = PersonalFeed)), security(("bearer" = [])))]
#[get("/me/calendar-feed")]
pub async fn personal_feed_status(state: State, user: AuthUser) -> Answer<PersonalFeed> {
    Ok(web::Json(state.db(move |conn| service::feed_status(conn, &user)).await?))
}

/// Make my feed's address
///
/// A new secret address for my calendar in iCalendar, shown this once; an older address stops
/// working at once (404).
#[utoipa::path(tag = "calendar", responses((status = 200, description = "The feed with its address", body = PersonalFeed)), security(("bearer" = [])))]
#[post("/me/calendar-feed")]
pub async fn reset_personal_feed(state: State, user: AuthUser) -> Answer<PersonalFeed> {
    let url = state.config.public_url.clone();
    Ok(web::Json(state.db(move |conn| service::reset_feed(conn, &Site { public_url: &url }, &user)).await?))
}

/// Answer a feed: `text/calendar`, with an ETag (304 when it did not change).
fn ics_response(req: &HttpRequest, body: String) -> HttpResponse {
    let digest = Sha256::digest(body.as_bytes());
    let etag = format!("\"{}\"", digest.iter().take(16).map(|b| format!("{b:02x}")).collect::<String>());
    let matches = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    if matches {
        return HttpResponse::NotModified().insert_header((header::ETAG, etag)).finish();
    }
    HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .insert_header((header::ETAG, etag))
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .body(body)
}

async fn feed<F>(state: State, req: HttpRequest, build: F) -> ApiResult<HttpResponse>
where
    F: FnOnce(&mut crate::db::DbConn, &Site) -> ApiResult<String> + Send + 'static,
{
    let ip = state.client_ip(&req);
    let url = state.config.public_url.clone();
    // Calendar programs read a feed every few minutes at most.
    let per_minute = state.config.limits.feed_reads_per_minute;
    let body = state
        .db(move |conn| {
            let key = crate::ratelimit::keys::feed_address(&ip);
            crate::ratelimit::hit(conn, &key, per_minute, chrono::TimeDelta::minutes(1))?;
            build(conn, &Site { public_url: &url })
        })
        .await?;
    Ok(ics_response(&req, body))
}

const ICS_EXAMPLE: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Madani//Shared calendar//EN\r\nBEGIN:VEVENT\r\nUID:activity-01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e7a@madani.example\r\nDTSTAMP:20270201T080000Z\r\nDTSTART:20270210T090000Z\r\nDTEND:20270210T113000Z\r\nSUMMARY:Atelier d'écriture de projets\r\nSEQUENCE:0\r\nSTATUS:CONFIRMED\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

/// The network's feed
///
/// Public activities of public projects in iCalendar (RFC 5545), from 90 days back, with the
/// calendar's filters. Each event keeps its UID forever; a change raises SEQUENCE; a cancelled
/// one is `STATUS:CANCELLED`. Limited per client address (429); `If-None-Match` answers 304.
#[utoipa::path(tag = "calendar", params(FeedQuery), responses((status = 200, description = "The feed", content((String = "text/calendar", example = json!(ICS_EXAMPLE)))), (status = 304, description = "Not modified since the ETag given"), Errors<TooManyRequests>), security(()))]
#[get("/calendar.ics")]
pub async fn network_feed(state: State, req: HttpRequest, query: ValidQuery<FeedQuery>) -> ApiResult<HttpResponse> {
    let q = query.0;
    feed(state, req, move |conn, site| service::network_feed(conn, site, &q)).await
}

/// An association's feed
///
/// The public activities of its public projects, as the network's feed.
#[utoipa::path(tag = "calendar", params(("id" = AssociationId, Path, description = "The association id")), responses((status = 200, description = "The feed", content((String = "text/calendar", example = json!(ICS_EXAMPLE)))), (status = 304, description = "Not modified since the ETag given"), Errors<(NotFound, TooManyRequests)>), security(()))]
#[get("/associations/{id}/calendar.ics")]
pub async fn association_feed(
    state: State,
    req: HttpRequest,
    path: web::Path<AssociationId>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner().to_string();
    feed(state, req, move |conn, site| service::association_feed(conn, site, &id)).await
}

/// A project's feed
///
/// A public project's public activities (404 for another project: a feed has no viewer).
#[utoipa::path(tag = "calendar", params(("id" = ProjectId, Path, description = "The project id")), responses((status = 200, description = "The feed", content((String = "text/calendar", example = json!(ICS_EXAMPLE)))), (status = 304, description = "Not modified since the ETag given"), Errors<(NotFound, TooManyRequests)>), security(()))]
#[get("/projects/{id}/calendar.ics")]
pub async fn project_feed(state: State, req: HttpRequest, path: web::Path<ProjectId>) -> ApiResult<HttpResponse> {
    let id = path.into_inner().to_string();
    feed(state, req, move |conn, site| service::project_feed(conn, site, &id)).await
}

/// A personal feed
///
/// The member's own calendar (as `/me/calendar`, project-only activities included) at the secret
/// address made by `POST /me/calendar-feed`; 404 once that address is replaced.
#[utoipa::path(tag = "calendar", params(("secret" = FeedSecret, Path, description = "The feed's secret")), responses((status = 200, description = "The feed", content((String = "text/calendar", example = json!(ICS_EXAMPLE)))), (status = 304, description = "Not modified since the ETag given"), Errors<(NotFound, TooManyRequests)>), security(()))]
#[get("/calendar/feeds/{secret}.ics")]
pub async fn personal_feed(state: State, req: HttpRequest, path: web::Path<FeedSecret>) -> ApiResult<HttpResponse> {
    let secret = path.into_inner().to_string();
    feed(state, req, move |conn, site| service::personal_feed(conn, site, &secret)).await
}
