//! Who reads and writes what in messaging. A conversation is read by the members on its side who
//! have not left it, and an inbox conversation also by the current officers of its association (a
//! former officer's read position stays, their access does not). Anyone else gets 404. Starting a
//! conversation with someone, or adding them to a group, needs that neither blocks the other, that
//! they take messages, and that the two are connected or share an association (staff may write to
//! anyone who takes messages).

use madani_shared::ErrorCode;

use super::repo;
use super::rows::{ConversationRow, ParticipantRow};
use crate::auth::{AuthUser, is_staff};
use crate::db::DbConn;
use crate::error::{ApiError, ApiResult};

/// Which side of the conversation the viewer reads from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// One of the members it is between.
    Member,
    /// An officer of the inbox's association, answering for it.
    Officer,
}

/// A conversation as the viewer may read it.
pub struct Sight {
    pub conversation: ConversationRow,
    pub side: Side,
    pub participant: Option<ParticipantRow>,
}

/// The conversation, if `user_id` may read it (404 otherwise).
pub fn load(conn: &mut DbConn, user_id: &str, id: &str) -> ApiResult<Sight> {
    let conversation = repo::find_conversation(conn, id)?.ok_or(ApiError::NotFound)?;
    sight(conn, user_id, conversation).ok_or(ApiError::NotFound)?
}

/// How `user_id` sees `conversation`, if they may.
pub fn sight(conn: &mut DbConn, user_id: &str, conversation: ConversationRow) -> Option<ApiResult<Sight>> {
    let participant = match repo::participant(conn, &conversation.id, user_id) {
        Ok(p) => p,
        Err(e) => return Some(Err(e.into())),
    };
    if participant.as_ref().is_some_and(|p| !p.for_association && p.left_at.is_none()) {
        return Some(Ok(Sight { conversation, side: Side::Member, participant }));
    }
    if let Some(association) = conversation.association_id.as_deref() {
        match repo::is_officer(conn, user_id, association) {
            Ok(true) => return Some(Ok(Sight { conversation, side: Side::Officer, participant })),
            Ok(false) => {}
            Err(e) => return Some(Err(e.into())),
        }
    }
    tracing::warn!(user = %user_id, conversation = %conversation.id, "refused: not in the conversation");
    None
}

/// Everyone who reads the conversation now: its members who have not left, and an inbox's officers.
pub fn readers(conn: &mut DbConn, conversation: &ConversationRow) -> ApiResult<Vec<String>> {
    let mut ids: Vec<String> = repo::participants(conn, &conversation.id)?
        .into_iter()
        .filter(|(p, _)| !p.for_association && p.left_at.is_none())
        .map(|(p, _)| p.user_id)
        .collect();
    if let Some(association) = conversation.association_id.as_deref() {
        ids.extend(repo::officers(conn, association)?);
    }
    Ok(ids)
}

/// Whether `user` may start a conversation with `other` or add them to a group.
pub fn may_write_to(conn: &mut DbConn, user: &AuthUser, other: &str) -> ApiResult<()> {
    if repo::blocked_between(conn, &user.id, other)? {
        tracing::info!(user = %user.id, other, "refused: blocked");
        return Err(ApiError::Forbidden(ErrorCode::MessagesRefused));
    }
    if repo::settings(conn, other)?.is_some_and(|s| !s.accepts_messages) {
        tracing::info!(user = %user.id, other, "refused: takes no messages");
        return Err(ApiError::Forbidden(ErrorCode::MessagesRefused));
    }
    if is_staff(Some(user))
        || repo::connected(conn, &crate::network::service::pair_key(&user.id, other))?
        || repo::share_association(conn, &user.id, other)?
        || crate::circles::share_circle(conn, &user.id, other)?
    {
        return Ok(());
    }
    tracing::info!(user = %user.id, other, "refused: neither connected nor sharing an association");
    Err(ApiError::Forbidden(ErrorCode::ConnectionRequired))
}

/// Whether `user` may write to the association's inbox: staff, its members, and members connected
/// with one of its officers.
pub fn may_write_to_inbox(conn: &mut DbConn, user: &AuthUser, association_id: &str) -> ApiResult<()> {
    if is_staff(Some(user))
        || repo::is_member(conn, &user.id, association_id)?
        || repo::connected_with_officer(conn, &user.id, association_id)?
    {
        return Ok(());
    }
    tracing::info!(user = %user.id, association = association_id, "refused: inbox of an association they do not know");
    Err(ApiError::Forbidden(ErrorCode::ConnectionRequired))
}
