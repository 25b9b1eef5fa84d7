//! Real time: each member's events in order ([`publish`] inside the transaction that makes them
//! true), read back by a WebSocket at `/api/v1/ws` or by polling `/api/v1/events`, from the number a
//! client last had, so that a dropped socket loses nothing. Readers are woken in process on SQLite
//! and through PostgreSQL's `LISTEN/NOTIFY` (member ids only) across instances.

pub mod events;
mod handlers;
pub mod hub;
mod listener;
mod socket;

use std::collections::HashMap;
use std::sync::Arc;

use madani_shared::ids::{CircleId, ConversationId, NotificationId, ThreadId, UserId};
use madani_shared::messaging::{Event, EventBatch, EventKind};

pub use events::{NewEvent, publish, publish_each, take_pending};
use hub::Hub;

use crate::db::{Backend, DbConn, to_utc};
use crate::error::ApiResult;

/// The most events one read returns.
pub const BATCH: i64 = 500;
/// How long events are kept for catching up.
pub const KEEP_DAYS: i64 = 7;

/// This instance's readers; on PostgreSQL, with the listener that wakes them for other instances'
/// writes.
pub fn start(backend: Backend, database_url: &str) -> Arc<Hub> {
    let hub = Arc::new(Hub::default());
    if backend == Backend::Postgres {
        listener::spawn(database_url.to_owned(), &hub);
    }
    hub
}

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::list_my_events).service(socket::open_socket);
}

/// `user_id`'s events after `since`, as they read now (a message they may no longer read comes
/// without it). The messages come from what `hub` keeps for the readers woken with this one.
pub fn read(conn: &mut DbConn, hub: &Hub, user_id: &str, since: i64) -> ApiResult<EventBatch> {
    let rows = events::after(conn, user_id, since, BATCH)?;
    // The head is the last event read unless the read stopped at its limit (or found nothing):
    // events are numbered without holes, and a member's events commit in their order.
    let head = match rows.last() {
        Some(last) if (rows.len() as i64) < BATCH => last.seq,
        _ => events::head(conn, user_id)?,
    };
    // Events after `since` swept, or a `since` from before the database was reset: reload.
    let gap =
        rows.first().is_some_and(|first| first.seq > since + 1) || (since < head && rows.is_empty()) || since > head;
    let wanted: Vec<(String, bool)> = rows
        .iter()
        .filter_map(|r| match EventKind::parse(&r.kind)? {
            EventKind::MessageCreated => Some((r.message_id.clone()?, false)),
            EventKind::MessageUpdated => Some((r.message_id.clone()?, true)),
            _ => None,
        })
        .collect();
    let messages: HashMap<String, madani_shared::messaging::Message> =
        crate::messaging::messages_for(conn, &hub.messages, user_id, &wanted)?;
    let last = rows.last().map(|r| r.seq);
    let more = last.is_some_and(|last| last < head);
    let events = rows
        .into_iter()
        .filter_map(|row| {
            let kind = EventKind::parse(&row.kind)?;
            let message = match (&row.message_id, kind) {
                (Some(id), EventKind::MessageCreated | EventKind::MessageUpdated) => messages.get(id).cloned(),
                _ => None,
            };
            Some(Event {
                seq: row.seq,
                kind,
                at: to_utc(row.created_at),
                conversation_id: row.conversation_id.as_deref().and_then(|s| s.parse::<ConversationId>().ok()),
                message,
                notification_id: row.notification_id.as_deref().and_then(|s| s.parse::<NotificationId>().ok()),
                user_id: row.actor_id.as_deref().and_then(|s| s.parse::<UserId>().ok()),
                read_seq: row.read_seq,
                circle_id: row.circle_id.as_deref().and_then(|s| s.parse::<CircleId>().ok()),
                thread_id: row.thread_id.as_deref().and_then(|s| s.parse::<ThreadId>().ok()),
            })
        })
        .collect();
    // With more to come, the next read starts after this batch, not at the head.
    let seq = if more { last.unwrap_or(head) } else { head };
    Ok(EventBatch { events, seq, more, gap })
}

/// Whether the session is still live for its member (not revoked, the account not disabled).
pub fn session_live(conn: &mut DbConn, user_id: &str, session_id: &str) -> ApiResult<bool> {
    Ok(crate::auth::repo::session_with_user(conn, session_id)?
        .is_some_and(|(session, user)| user.id == user_id && !user.disabled && session.revoked_at.is_none()))
}
