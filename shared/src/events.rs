//! The events a member receives, numbered in the order they happened to them: live on the WebSocket
//! or by polling (messages, read positions, conversations, notifications, sessions, circles).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::ids::{ConversationId, NotificationId, UserId};
use crate::messaging::Message;

/// What an event is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum EventKind {
    /// A message was written in one of your conversations (`message` holds it).
    #[serde(rename = "message.created")]
    MessageCreated,
    /// A message was changed or deleted (`message` holds it as it is now).
    #[serde(rename = "message.updated")]
    MessageUpdated,
    /// Someone read a conversation up to `read_seq`: you, on another device, or another participant
    /// when both of you share read receipts.
    #[serde(rename = "conversation.read")]
    ConversationRead,
    /// You were added to a conversation, or its participants changed.
    #[serde(rename = "conversation.updated")]
    ConversationUpdated,
    /// You have a new notification.
    #[serde(rename = "notification.created")]
    NotificationCreated,
    /// One of your sessions was ended (a socket of that session closes).
    #[serde(rename = "session.revoked")]
    SessionRevoked,
    /// A thread of a circle you belong to was started, answered, changed or deleted
    /// (`circle_id`, `thread_id`).
    #[serde(rename = "circle.updated")]
    CircleUpdated,
}

impl EventKind {
    pub const ALL: [EventKind; 7] = [
        EventKind::MessageCreated,
        EventKind::MessageUpdated,
        EventKind::ConversationRead,
        EventKind::ConversationUpdated,
        EventKind::NotificationCreated,
        EventKind::SessionRevoked,
        EventKind::CircleUpdated,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::MessageCreated => "message.created",
            EventKind::MessageUpdated => "message.updated",
            EventKind::ConversationRead => "conversation.read",
            EventKind::ConversationUpdated => "conversation.updated",
            EventKind::NotificationCreated => "notification.created",
            EventKind::SessionRevoked => "session.revoked",
            EventKind::CircleUpdated => "circle.updated",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One of your events, numbered from 1 in the order they happened to you.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "seq": 42,
    "kind": "conversation.read",
    "at": "2026-12-06T09:31:00Z",
    "conversation_id": "01938a8e-7c4d-7b1e-9a2f-3c4d5e6f7a8b",
    "user_id": "01938a8e-7c4d-7b1e-9a2f-3c4d5e6f7a02",
    "read_seq": 4
})))]
pub struct Event {
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub seq: i64,
    pub kind: EventKind,
    pub at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversation_id: Option<ConversationId>,
    /// The message, as it is now (`message.*`; none if you may no longer read it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<Message>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notification_id: Option<NotificationId>,
    /// Who read (`conversation.read`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<UserId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_seq: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub circle_id: Option<crate::ids::CircleId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread_id: Option<crate::ids::ThreadId>,
}

/// Your events after `since`, oldest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventBatch {
    pub events: Vec<Event>,
    /// The number to ask from next (`since`): your latest event's, or with `more`, this batch's
    /// last one's.
    #[cfg_attr(feature = "openapi", schema(minimum = 0))]
    pub seq: i64,
    /// Whether more events follow (the batch is capped at 500).
    pub more: bool,
    /// Whether events after `since` are no longer kept (they are kept 7 days): reload what you show
    /// instead of catching up.
    pub gap: bool,
}

/// What to read of your events.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams, utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct EventsQuery {
    /// The number of the last event you have (0 for all that are kept).
    #[serde(default)]
    #[validate(range(min = 0))]
    #[cfg_attr(feature = "openapi", param(minimum = 0))]
    pub since: i64,
    /// Seconds to wait for an event when none is there yet (a long poll; 0 answers at once).
    #[serde(default)]
    #[validate(range(min = 0, max = 25))]
    #[cfg_attr(feature = "openapi", param(minimum = 0, maximum = 25))]
    pub wait: u32,
}

/// Where a socket starts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams, utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct SocketQuery {
    /// The number of the last event you have: those after it come first (none: only new ones).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(range(min = 0))]
    #[cfg_attr(feature = "openapi", param(minimum = 0))]
    pub since: Option<i64>,
}
