//! `/api/v1/events`: your events by polling, for a client whose WebSocket is blocked.

use std::time::Duration;

use actix_web::{get, web};
use madani_shared::messaging::{EventBatch, EventsQuery};

use crate::auth::AuthUser;
use crate::http::ValidQuery;
use crate::state::{Answer, State};

/// Your events
///
/// Your events after `since`, oldest first, at most 500 (`more` says whether others follow); `seq`
/// is the number to ask from next. With `wait`, an empty answer waits up to that many seconds for
/// an event (a long poll). Events are kept 7 days; `gap` says when some after `since` are gone. The
/// WebSocket at `/api/v1/ws` sends the same events as they happen.
#[utoipa::path(tag = "messaging", params(EventsQuery), responses((status = 200, description = "Your events", body = EventBatch)), security(("bearer" = [])))]
#[get("/events")]
pub async fn list_my_events(state: State, user: AuthUser, query: ValidQuery<EventsQuery>) -> Answer<EventBatch> {
    let q = query.0;
    // Registered before the first read, so that an event committed in between still wakes us.
    let registration = (q.wait > 0).then(|| state.realtime.register(&user.id, &user.session_id, None)).flatten();
    let (id, hub) = (user.id.clone(), state.realtime.clone());
    let batch = state.db(move |conn| super::read(conn, &hub, &id, q.since)).await?;
    let Some(registration) = registration.filter(|_| batch.events.is_empty() && !batch.gap) else {
        return Ok(web::Json(batch));
    };
    let woken = tokio::time::timeout(Duration::from_secs(u64::from(q.wait)), registration.slot.wake.notified()).await;
    if woken.is_err() {
        return Ok(web::Json(batch));
    }
    let (id, hub) = (user.id.clone(), state.realtime.clone());
    Ok(web::Json(state.db(move |conn| super::read(conn, &hub, &id, q.since)).await?))
}
