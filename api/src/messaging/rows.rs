//! Messaging's rows as stored.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{
    conversation_participants, conversations, member_blocks, message_attachments, messages, messaging_settings,
};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Identifiable)]
#[diesel(table_name = conversations)]
pub struct ConversationRow {
    pub id: String,
    pub kind: String,
    pub title: Option<String>,
    pub pair_key: Option<String>,
    pub association_id: Option<String>,
    pub created_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub last_message_at: NaiveDateTime,
    pub last_seq: i64,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = conversation_participants)]
pub struct ParticipantRow {
    pub conversation_id: String,
    pub user_id: String,
    pub for_association: bool,
    pub joined_at: NaiveDateTime,
    pub left_at: Option<NaiveDateTime>,
    pub read_seq: i64,
    /// Removed by the group's starter (`left_at` set), not gone of their own accord.
    pub removed: bool,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Identifiable)]
#[diesel(table_name = messages)]
pub struct MessageRow {
    pub id: String,
    pub conversation_id: String,
    pub seq: i64,
    pub author_id: Option<String>,
    pub as_association: bool,
    pub body: Option<String>,
    pub created_at: NaiveDateTime,
    pub edited_at: Option<NaiveDateTime>,
    pub deleted_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = messaging_settings)]
pub struct SettingsRow {
    pub user_id: String,
    pub accepts_messages: bool,
    pub read_receipts: bool,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = member_blocks)]
pub struct BlockRow {
    pub user_id: String,
    pub blocked_id: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = message_attachments)]
pub struct AttachmentRow {
    pub id: String,
    pub conversation_id: String,
    /// None until a message takes it, and again once that message is deleted.
    pub message_id: Option<String>,
    pub uploader_id: Option<String>,
    pub file_key: String,
    pub name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub created_at: NaiveDateTime,
}
