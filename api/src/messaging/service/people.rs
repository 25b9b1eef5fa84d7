//! People in group conversations, who takes messages, and blocks.

use madani_shared::ErrorCode;
use madani_shared::ids::{AssociationId, ConversationId, UserId};
use madani_shared::messaging::{
    Blocked, Conversation, ConversationKind, EventKind, ExportedConversation, MAX_GROUP, MessagingExport,
    MessagingSettings,
};

use super::super::access;
use super::super::repo;
use super::super::rows::{BlockRow, ParticipantRow, SettingsRow};
use crate::auth::AuthUser;
use crate::db::{DbConn, now, to_utc, write_tx};
use crate::error::{ApiError, ApiResult};
use crate::realtime::{NewEvent, publish};

pub fn settings(conn: &mut DbConn, user_id: &str) -> ApiResult<MessagingSettings> {
    Ok(repo::settings(conn, user_id)?
        .map(|r| MessagingSettings { accepts_messages: r.accepts_messages, read_receipts: r.read_receipts })
        .unwrap_or_default())
}

pub fn save_settings(conn: &mut DbConn, user_id: &str, s: MessagingSettings) -> ApiResult<MessagingSettings> {
    let row = SettingsRow {
        user_id: user_id.to_owned(),
        accepts_messages: s.accepts_messages,
        read_receipts: s.read_receipts,
        updated_at: now(),
    };
    write_tx(conn, |conn| repo::save_settings(conn, &row))?;
    Ok(s)
}

/// Whether the member shares how far they read.
pub(crate) fn shares_receipts(conn: &mut DbConn, user_id: &str) -> ApiResult<bool> {
    Ok(settings(conn, user_id)?.read_receipts)
}

pub fn blocks(conn: &mut DbConn, user_id: &str) -> ApiResult<Vec<Blocked>> {
    Ok(repo::blocks(conn, user_id)?
        .into_iter()
        .map(|(row, name)| Blocked {
            user_id: UserId::stored(&row.blocked_id),
            display_name: name,
            since: to_utc(row.created_at),
        })
        .collect())
}

/// Block a member (blocking again changes nothing).
pub fn block(conn: &mut DbConn, user: &AuthUser, other: &UserId) -> ApiResult<Vec<Blocked>> {
    let other = super::conversations::others(conn, user, std::slice::from_ref(other), "user_id")?.remove(0);
    write_tx(conn, |conn| {
        repo::block(conn, &BlockRow { user_id: user.id.clone(), blocked_id: other.clone(), created_at: now() })
    })?;
    blocks(conn, &user.id)
}

pub fn unblock(conn: &mut DbConn, user: &AuthUser, other: &str) -> ApiResult<()> {
    write_tx(conn, |conn| repo::unblock(conn, &user.id, other))?;
    Ok(())
}

/// Add members to a group you take part in; each must take messages from you.
pub fn add(conn: &mut DbConn, user: &AuthUser, id: &str, ids: &[UserId]) -> ApiResult<Conversation> {
    write_tx(conn, |conn| -> ApiResult<()> {
        let sight = access::load(conn, &user.id, id)?;
        if sight.conversation.kind != "group" {
            return Err(ApiError::Conflict(ErrorCode::NotAGroup));
        }
        let people = super::conversations::others(conn, user, ids, "user_ids")?;
        let present: Vec<String> = repo::participants(conn, id)?
            .into_iter()
            .filter(|(p, _)| p.left_at.is_none())
            .map(|(p, _)| p.user_id)
            .collect();
        let new: Vec<String> = people.into_iter().filter(|p| !present.contains(p)).collect();
        if present.len() + new.len() > MAX_GROUP {
            return Err(ApiError::Conflict(ErrorCode::ConversationFull));
        }
        let at = now();
        for other in &new {
            access::may_write_to(conn, user, other)?;
            repo::join(
                conn,
                &ParticipantRow {
                    conversation_id: id.to_owned(),
                    user_id: other.clone(),
                    for_association: false,
                    joined_at: at,
                    left_at: None,
                    removed: false,
                    read_seq: 0,
                },
            )?;
        }
        let readers = access::readers(conn, &sight.conversation)?;
        let event = NewEvent {
            conversation_id: Some(id),
            actor_id: Some(&user.id),
            ..NewEvent::new(EventKind::ConversationUpdated)
        };
        publish(conn, &readers, &event)?;
        Ok(())
    })?;
    super::conversations::get(conn, &user.id, id)
}

/// Leave a group (yourself), or remove someone from a group you started.
pub fn remove(conn: &mut DbConn, user: &AuthUser, id: &str, target: &str) -> ApiResult<()> {
    write_tx(conn, |conn| -> ApiResult<()> {
        let sight = access::load(conn, &user.id, id)?;
        if sight.conversation.kind != "group" {
            return Err(ApiError::Conflict(ErrorCode::NotAGroup));
        }
        if target != user.id && sight.conversation.created_by.as_deref() != Some(user.id.as_str()) {
            return Err(ApiError::Forbidden(ErrorCode::NotGroupStarter));
        }
        let readers = access::readers(conn, &sight.conversation)?;
        if repo::leave(conn, id, target, now(), target != user.id)? == 0 {
            return Err(ApiError::NotFound);
        }
        let event = NewEvent {
            conversation_id: Some(id),
            actor_id: Some(&user.id),
            ..NewEvent::new(EventKind::ConversationUpdated)
        };
        publish(conn, &readers, &event)?;
        Ok(())
    })
}

/// Everything messaging holds about `user_id`, for their data export.
pub fn export(conn: &mut DbConn, user_id: &str) -> ApiResult<MessagingExport> {
    let conversations = repo::taken_part(conn, user_id)?
        .into_iter()
        .map(|(p, c)| ExportedConversation {
            id: ConversationId::stored(&c.id),
            kind: ConversationKind::parse(&c.kind).unwrap_or(ConversationKind::Direct),
            title: c.title,
            association_id: c.association_id.as_deref().map(AssociationId::stored),
            for_association: p.for_association,
            joined_at: to_utc(p.joined_at),
            left_at: p.left_at.map(to_utc),
            removed: p.removed && p.left_at.is_some(),
        })
        .collect();
    let written = repo::written_by(conn, user_id)?;
    let names = super::author_names(conn, &written)?;
    Ok(MessagingExport {
        settings: settings(conn, user_id)?,
        blocks: blocks(conn, user_id)?,
        conversations,
        // Your own messages, with your name on them (an answer you signed for an association too).
        messages: written
            .iter()
            .map(|m| super::message_view(m, super::super::access::Side::Officer, &names, None))
            .collect(),
    })
}
