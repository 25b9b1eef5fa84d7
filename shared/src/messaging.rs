//! Messaging: direct, group and association-inbox conversations, their messages, read positions and
//! unread counts; who takes messages and whom a member blocks. The events a member receives are in
//! [`crate::events`] (re-exported here).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

pub use crate::events::*;
use crate::ids::{AssociationId, AttachmentId, ConversationId, MessageId, UserId};

/// The most people in a group conversation, its starter included.
pub const MAX_GROUP: usize = 50;
/// How long after sending its author may change a message, in minutes.
pub const EDIT_WINDOW_MINUTES: i64 = 15;

/// A conversation between two members, among up to 50, or with an association.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ConversationKind {
    /// Two members; one conversation per pair.
    Direct,
    /// Up to 50 members, with a title; people are added and removed, and leave.
    Group,
    /// Addressed to an association: its current officers read and answer, signed as the association.
    Inbox,
}

impl ConversationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ConversationKind::Direct => "direct",
            ConversationKind::Group => "group",
            ConversationKind::Inbox => "inbox",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [ConversationKind::Direct, ConversationKind::Group, ConversationKind::Inbox]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// A member of a conversation, as the others see them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Participant {
    pub user_id: UserId,
    pub display_name: String,
    /// Whether they are no longer in the group (they left, or were removed).
    pub left: bool,
    /// Whether the group's starter removed them (`left` is then true too).
    #[serde(default)]
    pub removed: bool,
}

/// How far another member of the conversation has read: given only where both of you share read
/// receipts (the messaging settings' `read_receipts`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReadPosition {
    pub user_id: UserId,
    /// The number of the last message they read.
    #[cfg_attr(feature = "openapi", schema(minimum = 0))]
    pub read_seq: i64,
}

/// The association an inbox conversation is addressed to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssociationSide {
    pub id: AssociationId,
    pub name: crate::LocalizedText,
}

/// A conversation as one of its participants sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": "01938a8e-7c4d-7b1e-9a2f-3c4d5e6f7a8b",
    "kind": "direct",
    "title": null,
    "association": null,
    "for_association": false,
    "participants": [
        {"user_id": "01938a8e-7c4d-7b1e-9a2f-3c4d5e6f7a01", "display_name": "Amina Benali", "left": false},
        {"user_id": "01938a8e-7c4d-7b1e-9a2f-3c4d5e6f7a02", "display_name": "Karim Haddad", "left": false}
    ],
    "started_by": "01938a8e-7c4d-7b1e-9a2f-3c4d5e6f7a02",
    "last_message": null,
    "last_seq": 4,
    "read_seq": 3,
    "read_positions": [{"user_id": "01938a8e-7c4d-7b1e-9a2f-3c4d5e6f7a01", "read_seq": 4}],
    "unread": 1,
    "created_at": "2026-12-06T09:00:00Z",
    "last_message_at": "2026-12-06T09:30:00Z"
})))]
pub struct Conversation {
    pub id: ConversationId,
    pub kind: ConversationKind,
    /// A group's title.
    pub title: Option<String>,
    /// The association an inbox conversation is addressed to.
    pub association: Option<AssociationSide>,
    /// Whether you read this inbox conversation as one of the association's officers.
    pub for_association: bool,
    /// The members on the conversation's side (an inbox's officers are not listed: the
    /// association answers).
    pub participants: Vec<Participant>,
    /// Who started it: a group's starter may remove people from it.
    #[serde(default)]
    pub started_by: Option<UserId>,
    pub last_message: Option<Message>,
    /// The number of the latest message (messages are numbered from 1 in each conversation).
    #[cfg_attr(feature = "openapi", schema(minimum = 0))]
    pub last_seq: i64,
    /// The number of the last message you read.
    #[cfg_attr(feature = "openapi", schema(minimum = 0))]
    pub read_seq: i64,
    /// How far the others have read, for those who share read receipts, if you share yours
    /// (empty otherwise, and in an inbox conversation).
    #[serde(default)]
    pub read_positions: Vec<ReadPosition>,
    /// Messages of others after your read position.
    #[cfg_attr(feature = "openapi", schema(minimum = 0))]
    pub unread: i64,
    pub created_at: DateTime<Utc>,
    pub last_message_at: DateTime<Utc>,
}

/// A message. A deleted one is a tombstone: it keeps its place and number, without text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": "01938a8e-7c4d-7b1e-9a2f-3c4d5e6f7a8c",
    "conversation_id": "01938a8e-7c4d-7b1e-9a2f-3c4d5e6f7a8b",
    "seq": 4,
    "author": {"user_id": "01938a8e-7c4d-7b1e-9a2f-3c4d5e6f7a01", "display_name": "Amina Benali", "left": false},
    "signed_as": null,
    "body": "La réunion est **jeudi** à 10 h.",
    "html": "<p>La réunion est <strong>jeudi</strong> à 10 h.</p>",
    "created_at": "2026-12-06T09:30:00Z",
    "edited_at": null,
    "deleted": false,
    "editable_until": "2026-12-06T09:45:00Z"
})))]
pub struct Message {
    pub id: MessageId,
    pub conversation_id: ConversationId,
    /// Its number in the conversation, from 1.
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub seq: i64,
    /// Who wrote it: hidden from the other side when it is signed as an association.
    pub author: Option<Participant>,
    /// The association it is signed as (an officer's answer in an inbox conversation).
    pub signed_as: Option<AssociationSide>,
    /// The text as written (light Markdown); none once deleted.
    pub body: Option<String>,
    /// The text as sanitized HTML.
    pub html: Option<String>,
    pub created_at: DateTime<Utc>,
    pub edited_at: Option<DateTime<Utc>>,
    pub deleted: bool,
    /// Until when its author may change or delete it.
    pub editable_until: DateTime<Utc>,
    /// The files sent with it (none once it is deleted).
    #[serde(default)]
    pub attachments: Vec<Attachment>,
}

/// A file sent with a message: a picture (PNG, JPEG, WebP) or a PDF document, recognised by its
/// content, at most 10 MB.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": "01938a8e-7c4d-7b1e-9a2f-3c4d5e6f7b10",
    "name": "compte-rendu.pdf",
    "content_type": "application/pdf",
    "size": 48213,
    "url": "/api/v1/attachments/01938a8e-7c4d-7b1e-9a2f-3c4d5e6f7b10"
})))]
pub struct Attachment {
    pub id: AttachmentId,
    /// The file's name as uploaded.
    pub name: String,
    /// `image/png`, `image/jpeg`, `image/webp` or `application/pdf`.
    pub content_type: String,
    /// In bytes.
    pub size: i64,
    /// Where to read it, with your access token.
    pub url: String,
}

/// How an attachment is named when uploaded (`?name=`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams, utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct AttachmentQuery {
    /// The file's name (1 to 200 characters, no `/` or `\\`); `file` when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(min = 1, max = 200), custom(function = "crate::messaging::plain_file_name"))]
    #[cfg_attr(feature = "openapi", param(min_length = 1, max_length = 200, pattern = "^[^/\\\\]+$"))]
    pub name: Option<String>,
}

/// A file name without a path in it.
pub fn plain_file_name(name: &str) -> Result<(), validator::ValidationError> {
    if name.contains(['/', '\\']) || name.chars().any(char::is_control) || name.trim().is_empty() {
        return Err(validator::ValidationError::new("pattern"));
    }
    Ok(())
}

/// Start a conversation, with its first message. `direct`: `with` names one member (the
/// conversation you already have with them is answered, with the new message); `group`: 1 to 49
/// others and a `title`; `inbox`: `association_id` names the association.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "kind": "direct",
    "with": ["01938a8e-7c4d-7b1e-9a2f-3c4d5e6f7a02"],
    "body": "Bonjour Karim, avez-vous le compte rendu ?"
})))]
pub struct StartConversation {
    pub kind: ConversationKind,
    /// The other members (`direct`: exactly one; `group`: 1 to 49; `inbox`: none).
    #[serde(default)]
    #[validate(length(max = 49))]
    #[cfg_attr(feature = "openapi", schema(max_items = 49))]
    pub with: Vec<UserId>,
    /// The association (`inbox` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub association_id: Option<AssociationId>,
    /// A group's title (`group` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(min = 1, max = 100), custom(function = "crate::auth::not_blank"))]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::conversation_title_or_null))]
    pub title: Option<String>,
    #[validate(length(min = 1, max = 4000), custom(function = "crate::auth::not_blank"))]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::message_body))]
    pub body: String,
}

/// Write in a conversation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"body": "Merci, je l'ai reçu.", "attachment_ids": []})))]
pub struct SendMessage {
    /// The text; it may be empty when files are sent (`422 required` otherwise).
    #[validate(length(max = 4000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub body: String,
    /// Files you uploaded to this conversation, sent with the message (at most 5).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[validate(length(max = 5))]
    #[cfg_attr(feature = "openapi", schema(max_items = 5))]
    pub attachment_ids: Vec<AttachmentId>,
}

impl SendMessage {
    /// A message of text alone.
    pub fn new(body: impl Into<String>) -> Self {
        SendMessage { body: body.into(), attachment_ids: Vec::new() }
    }
}

/// Change what you wrote: its text only (its files stay as they were sent).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"body": "Merci, je l'ai bien reçu."})))]
pub struct EditMessage {
    /// The new text (`422 required` when blank).
    #[validate(length(min = 1, max = 4000), custom(function = "crate::auth::not_blank"))]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::message_body))]
    pub body: String,
}

impl EditMessage {
    pub fn new(body: impl Into<String>) -> Self {
        EditMessage { body: body.into() }
    }
}

/// Mark the conversation read up to a message (a position behind the current one changes nothing).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"seq": 4})))]
pub struct ReadUpTo {
    /// A message's number; beyond the latest, the latest.
    #[validate(range(min = 0))]
    #[cfg_attr(feature = "openapi", schema(minimum = 0))]
    pub seq: i64,
}

/// Add members to a group conversation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"user_ids": ["01938a8e-7c4d-7b1e-9a2f-3c4d5e6f7a03"]})))]
pub struct AddParticipants {
    #[validate(length(min = 1, max = 49))]
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 49))]
    pub user_ids: Vec<UserId>,
}

/// Who may write to you, and whether others see how far you read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"accepts_messages": true, "read_receipts": true})))]
pub struct MessagingSettings {
    /// Whether members may start a conversation with you or add you to a group (institution staff
    /// writing to your association's inbox are not concerned).
    pub accepts_messages: bool,
    /// Whether the others of a conversation see how far you read (you then see theirs).
    pub read_receipts: bool,
}

impl Default for MessagingSettings {
    fn default() -> Self {
        MessagingSettings { accepts_messages: true, read_receipts: true }
    }
}

/// Block a member: neither of you can write to the other any more.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"user_id": "01938a8e-7c4d-7b1e-9a2f-3c4d5e6f7a02"})))]
pub struct BlockRequest {
    pub user_id: UserId,
}

/// A member you block.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Blocked {
    pub user_id: UserId,
    pub display_name: String,
    pub since: DateTime<Utc>,
}

/// Your unread messages and notifications (the header's badges).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"messages": 3, "conversations": 2, "notifications": 1})))]
pub struct UnreadTotals {
    /// Unread messages in all your conversations.
    #[cfg_attr(feature = "openapi", schema(minimum = 0))]
    pub messages: i64,
    /// Conversations with unread messages.
    #[cfg_attr(feature = "openapi", schema(minimum = 0))]
    pub conversations: i64,
    /// Unread notifications.
    #[cfg_attr(feature = "openapi", schema(minimum = 0))]
    pub notifications: i64,
}

/// A page of a conversation's messages: before a number (older), or after one (newer).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams, utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct MessagesQuery {
    /// Messages numbered below this one, newest of them first in the page's order (the latest when
    /// neither `before` nor `after` is given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(range(min = 1))]
    #[cfg_attr(feature = "openapi", param(minimum = 1))]
    pub before: Option<i64>,
    /// Messages numbered above this one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(range(min = 0))]
    #[cfg_attr(feature = "openapi", param(minimum = 0))]
    pub after: Option<i64>,
    /// How many (1 to 100; 50 by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(range(min = 1, max = 100))]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub limit: Option<i64>,
}

/// Messages in the order they were written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessagePage {
    pub messages: Vec<Message>,
    /// Whether older messages come before these (ask with `before` = the first one's `seq`).
    pub older: bool,
}

/// A conversation you took part in, in your data export.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportedConversation {
    pub id: ConversationId,
    pub kind: ConversationKind,
    pub title: Option<String>,
    /// The association an inbox conversation is addressed to.
    pub association_id: Option<AssociationId>,
    /// Whether you read it as an officer of that association.
    pub for_association: bool,
    pub joined_at: DateTime<Utc>,
    pub left_at: Option<DateTime<Utc>>,
    /// Whether the group's starter removed you (rather than you leaving).
    #[serde(default)]
    pub removed: bool,
}

/// Your messaging in your data export: settings, blocks, the conversations you took part in and
/// the messages you wrote.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessagingExport {
    pub settings: MessagingSettings,
    pub blocks: Vec<Blocked>,
    pub conversations: Vec<ExportedConversation>,
    pub messages: Vec<Message>,
}
