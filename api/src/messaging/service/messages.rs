//! Writing, reading, changing and deleting messages.

use chrono::{NaiveDateTime, TimeDelta};
use madani_shared::ErrorCode;
use madani_shared::ids::AttachmentId;
use madani_shared::messaging::{EDIT_WINDOW_MINUTES, EventKind, Message, MessagePage, MessagesQuery};

use super::super::access::{self, Side, Sight};
use super::super::repo;
use super::super::rows::MessageRow;
use super::{association_side, attachments, author_names, message_view};
use crate::auth::AuthUser;
use crate::db::{DbConn, new_id, now, write_tx};
use crate::error::{ApiError, ApiResult};
use crate::realtime::{NewEvent, publish};

/// Messages a member may write per minute.
const PER_MINUTE: i64 = 60;

/// Write `body` in the conversation as `sight` shows it (an officer signs as the association);
/// every reader is told.
pub(crate) fn write(
    conn: &mut DbConn,
    user: &AuthUser,
    sight: &Sight,
    body: &str,
    at: NaiveDateTime,
) -> ApiResult<MessageRow> {
    let c = &sight.conversation;
    let row = MessageRow {
        id: new_id(),
        conversation_id: c.id.clone(),
        seq: repo::next_seq(conn, &c.id, at)?,
        author_id: Some(user.id.clone()),
        as_association: sight.side == Side::Officer,
        body: Some(body.trim().to_owned()),
        created_at: at,
        edited_at: None,
        deleted_at: None,
    };
    repo::insert_message(conn, &row)?;
    // You have read what you wrote.
    repo::read_up_to(conn, &c.id, &user.id, row.seq, at)?;
    let readers = access::readers(conn, c)?;
    publish(conn, &readers, &NewEvent::message(EventKind::MessageCreated, &c.id, &row.id))?;
    Ok(row)
}

/// Write in a conversation you read, with files you uploaded to it. In a direct conversation, a
/// block either way stops it.
pub fn send(conn: &mut DbConn, user: &AuthUser, id: &str, body: &str, files: &[AttachmentId]) -> ApiResult<Message> {
    if body.trim().is_empty() && files.is_empty() {
        return Err(ApiError::field("body", "required", "write something or send a file"));
    }
    crate::ratelimit::hit(conn, &format!("messages:{}", user.id), PER_MINUTE, TimeDelta::minutes(1))?;
    let (row, side, association) = write_tx(conn, |conn| -> ApiResult<_> {
        let sight = access::load(conn, &user.id, id)?;
        if sight.conversation.kind == "direct" {
            for (p, _) in repo::participants(conn, id)? {
                if p.user_id != user.id && repo::blocked_between(conn, &user.id, &p.user_id)? {
                    return Err(ApiError::Forbidden(ErrorCode::MessagesRefused));
                }
            }
        }
        let row = write(conn, user, &sight, body, now())?;
        attachments::claim(conn, files, id, &user.id, &row.id)?;
        let association = association_side(conn, sight.conversation.association_id.as_deref())?;
        Ok((row, sight.side, association))
    })?;
    let names = author_names(conn, std::slice::from_ref(&row))?;
    let mut message = [message_view(&row, side, &names, association.as_ref())];
    attachments::attach(conn, &mut message)?;
    let [message] = message;
    Ok(message)
}

/// A page of a conversation's messages.
pub fn page(conn: &mut DbConn, user: &AuthUser, id: &str, q: &MessagesQuery) -> ApiResult<MessagePage> {
    let sight = access::load(conn, &user.id, id)?;
    let limit = q.limit.unwrap_or(50);
    let rows = repo::page(conn, id, q.before, q.after, limit)?;
    let older = rows.first().is_some_and(|m| m.seq > 1);
    let names = author_names(conn, &rows)?;
    let association = association_side(conn, sight.conversation.association_id.as_deref())?;
    let mut messages: Vec<Message> =
        rows.iter().map(|m| message_view(m, sight.side, &names, association.as_ref())).collect();
    attachments::attach(conn, &mut messages)?;
    Ok(MessagePage { messages, older })
}

/// Change your message's text, or delete it (a tombstone, whose files go), in its first 15 minutes.
pub fn change(conn: &mut DbConn, user: &AuthUser, message_id: &str, body: Option<&str>) -> ApiResult<Message> {
    if body.is_some_and(|b| b.trim().is_empty()) {
        return Err(ApiError::field("body", "required", "must not be blank"));
    }
    let (row, side, association) = write_tx(conn, |conn| -> ApiResult<_> {
        let row = repo::find_message(conn, message_id)?.ok_or(ApiError::NotFound)?;
        let sight = access::load(conn, &user.id, &row.conversation_id)?;
        if row.author_id.as_deref() != Some(user.id.as_str()) {
            tracing::warn!(user = %user.id, message = message_id, "refused: not the author");
            return Err(ApiError::Forbidden(ErrorCode::NotAuthor));
        }
        let at = now();
        if row.deleted_at.is_some() && body.is_none() {
            // Deleting again changes nothing.
            let association = association_side(conn, sight.conversation.association_id.as_deref())?;
            return Ok((row, sight.side, association));
        }
        if row.deleted_at.is_some() || at > row.created_at + TimeDelta::minutes(EDIT_WINDOW_MINUTES) {
            return Err(ApiError::Conflict(ErrorCode::MessageLocked));
        }
        repo::update_body(conn, message_id, body.map(str::trim), at, body.is_none())?;
        if body.is_none() {
            repo::attachments::release(conn, message_id)?;
        }
        let readers = access::readers(conn, &sight.conversation)?;
        publish(conn, &readers, &NewEvent::message(EventKind::MessageUpdated, &row.conversation_id, &row.id))?;
        let row = repo::find_message(conn, message_id)?.ok_or(ApiError::NotFound)?;
        let association = association_side(conn, sight.conversation.association_id.as_deref())?;
        Ok((row, sight.side, association))
    })?;
    let names = author_names(conn, std::slice::from_ref(&row))?;
    let mut message = [message_view(&row, side, &names, association.as_ref())];
    attachments::attach(conn, &mut message)?;
    let [message] = message;
    Ok(message)
}
