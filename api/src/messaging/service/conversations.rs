//! Starting conversations, listing and reading them, and the unread totals.

use std::collections::{HashMap, HashSet};

use chrono::TimeDelta;
use madani_shared::Page;
use madani_shared::ids::{ConversationId, UserId};
use madani_shared::messaging::{
    Conversation, ConversationKind, EventKind, MAX_GROUP, Message, Participant, ReadPosition, StartConversation,
    UnreadTotals,
};
use madani_shared::page::PageQuery;

use super::super::access::{self, Side, Sight};
use super::super::repo;
use super::super::rows::{ConversationRow, ParticipantRow};
use super::{author_names, message_view};
use crate::auth::AuthUser;
use crate::db::{DbConn, new_id, now, to_utc, write_tx};
use crate::error::{ApiError, ApiResult};
use crate::pagination;
use crate::realtime::{NewEvent, publish};

/// New conversations a member may start per hour.
const STARTS_PER_HOUR: i64 = 30;

/// Start a conversation with its first message; a direct one you already have is reused (`false`).
pub fn start(conn: &mut DbConn, user: &AuthUser, req: &StartConversation) -> ApiResult<(Conversation, bool)> {
    check_shape(req)?;
    crate::ratelimit::hit(conn, &format!("conversations:{}", user.id), STARTS_PER_HOUR, TimeDelta::hours(1))?;
    let (id, created) = write_tx(conn, |conn| -> ApiResult<(String, bool)> {
        let at = now();
        let (conversation, created) = match req.kind {
            ConversationKind::Direct => direct(conn, user, &req.with[0], at)?,
            ConversationKind::Group => group(conn, user, req, at)?,
            ConversationKind::Inbox => {
                inbox(conn, user, &req.association_id.map(|a| a.to_string()).unwrap_or_default(), at)?
            }
        };
        let sight = Sight { conversation, side: Side::Member, participant: None };
        super::messages::write(conn, user, &sight, &req.body, at)?;
        Ok((sight.conversation.id, created))
    })?;
    Ok((get(conn, &user.id, &id)?, created))
}

/// The fields each kind takes (422 naming the field otherwise).
fn check_shape(req: &StartConversation) -> ApiResult<()> {
    let not_for_kind = |field: &str| ApiError::field(field, "not_for_kind", "is not for this kind of conversation");
    match req.kind {
        ConversationKind::Direct if req.with.len() != 1 => {
            Err(ApiError::field("with", "one_person", "names exactly one member"))
        }
        ConversationKind::Group if req.with.is_empty() => Err(ApiError::field("with", "required", "is required")),
        ConversationKind::Group if req.title.is_none() => Err(ApiError::field("title", "required", "is required")),
        ConversationKind::Inbox if req.association_id.is_none() => {
            Err(ApiError::field("association_id", "required", "is required"))
        }
        ConversationKind::Inbox if !req.with.is_empty() => Err(not_for_kind("with")),
        ConversationKind::Direct | ConversationKind::Inbox if req.title.is_some() => Err(not_for_kind("title")),
        ConversationKind::Direct | ConversationKind::Group if req.association_id.is_some() => {
            Err(not_for_kind("association_id"))
        }
        _ => Ok(()),
    }
}

fn member(conversation_id: &str, user_id: &str, at: chrono::NaiveDateTime) -> ParticipantRow {
    ParticipantRow {
        conversation_id: conversation_id.to_owned(),
        user_id: user_id.to_owned(),
        for_association: false,
        joined_at: at,
        left_at: None,
        removed: false,
        read_seq: 0,
    }
}

fn new_conversation(kind: ConversationKind, user: &AuthUser, at: chrono::NaiveDateTime) -> ConversationRow {
    ConversationRow {
        id: new_id(),
        kind: kind.as_str().to_owned(),
        title: None,
        pair_key: None,
        association_id: None,
        created_by: Some(user.id.clone()),
        created_at: at,
        last_message_at: at,
        last_seq: 0,
    }
}

/// Of `ids`, refuse yourself and accounts that do not exist (422 naming `field`).
pub(crate) fn others(conn: &mut DbConn, user: &AuthUser, ids: &[UserId], field: &str) -> ApiResult<Vec<String>> {
    let mut ids: Vec<String> = ids.iter().map(ToString::to_string).collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.contains(&user.id) {
        return Err(ApiError::field(field, "self", "names yourself"));
    }
    let active = repo::active_users(conn, &ids)?;
    if active.len() != ids.len() {
        return Err(ApiError::field(field, "unknown", "names a member who does not exist"));
    }
    Ok(ids)
}

fn direct(
    conn: &mut DbConn,
    user: &AuthUser,
    other: &UserId,
    at: chrono::NaiveDateTime,
) -> ApiResult<(ConversationRow, bool)> {
    let other = others(conn, user, std::slice::from_ref(other), "with")?.remove(0);
    access::may_write_to(conn, user, &other)?;
    let pair = crate::network::service::pair_key(&user.id, &other);
    if let Some(existing) = repo::find_direct(conn, &pair)? {
        // Someone who left comes back with the new message.
        repo::join(conn, &member(&existing.id, &user.id, at))?;
        repo::join(conn, &member(&existing.id, &other, at))?;
        return Ok((existing, false));
    }
    let row = ConversationRow { pair_key: Some(pair), ..new_conversation(ConversationKind::Direct, user, at) };
    repo::insert_conversation(conn, &row)?;
    repo::join(conn, &member(&row.id, &user.id, at))?;
    repo::join(conn, &member(&row.id, &other, at))?;
    Ok((row, true))
}

fn group(
    conn: &mut DbConn,
    user: &AuthUser,
    req: &StartConversation,
    at: chrono::NaiveDateTime,
) -> ApiResult<(ConversationRow, bool)> {
    let people = others(conn, user, &req.with, "with")?;
    if people.len() + 1 > MAX_GROUP {
        return Err(ApiError::Conflict(madani_shared::ErrorCode::ConversationFull));
    }
    for other in &people {
        access::may_write_to(conn, user, other)?;
    }
    let row = ConversationRow {
        title: req.title.as_deref().map(|t| t.trim().to_owned()),
        ..new_conversation(ConversationKind::Group, user, at)
    };
    repo::insert_conversation(conn, &row)?;
    repo::join(conn, &member(&row.id, &user.id, at))?;
    for other in &people {
        repo::join(conn, &member(&row.id, other, at))?;
    }
    Ok((row, true))
}

fn inbox(
    conn: &mut DbConn,
    user: &AuthUser,
    association_id: &str,
    at: chrono::NaiveDateTime,
) -> ApiResult<(ConversationRow, bool)> {
    let (association, _) = crate::associations::access::load_visible(conn, association_id, Some(user))?;
    if repo::is_officer(conn, &user.id, &association.id)? {
        return Err(ApiError::field("association_id", "self", "is an association you answer for"));
    }
    access::may_write_to_inbox(conn, user, &association.id)?;
    let row =
        ConversationRow { association_id: Some(association.id), ..new_conversation(ConversationKind::Inbox, user, at) };
    repo::insert_conversation(conn, &row)?;
    repo::join(conn, &member(&row.id, &user.id, at))?;
    Ok((row, true))
}

/// A conversation, if `user_id` reads it.
pub fn get(conn: &mut DbConn, user_id: &str, id: &str) -> ApiResult<Conversation> {
    let sight = access::load(conn, user_id, id)?;
    Ok(views(conn, user_id, vec![sight])?.remove(0))
}

/// The conversations as each is seen by `user_id`, with their last message and unread count.
pub(crate) fn views(conn: &mut DbConn, user_id: &str, sights: Vec<Sight>) -> ApiResult<Vec<Conversation>> {
    let rows: Vec<ConversationRow> = sights.iter().map(|s| s.conversation.clone()).collect();
    let last = repo::last_messages(conn, &rows)?;
    let names = author_names(conn, &last)?;
    let last: HashMap<String, _> = last.into_iter().map(|m| (m.conversation_id.clone(), m)).collect();
    let ids: Vec<String> = rows.iter().map(|c| c.id.clone()).collect();
    let unread = repo::unread_in(conn, user_id, &ids)?;
    // The people, the read positions and the inboxes' associations of every conversation at once.
    let mut people: HashMap<String, Vec<(ParticipantRow, String)>> = HashMap::new();
    for (p, name) in repo::participants_of(conn, &ids)? {
        people.entry(p.conversation_id.clone()).or_default().push((p, name));
    }
    let inboxes: Vec<&str> = rows.iter().filter_map(|c| c.association_id.as_deref()).collect();
    let sides = super::association_sides(conn, &inboxes)?;
    // Read receipts: the others' positions, if you share yours, for those who share theirs.
    let sharing: HashSet<String> = if super::people::shares_receipts(conn, user_id)? {
        let others: Vec<String> = people
            .values()
            .flatten()
            .filter(|(p, _)| p.user_id != user_id && !p.for_association && p.left_at.is_none())
            .map(|(p, _)| p.user_id.clone())
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        repo::sharing_receipts(conn, &others)?.into_iter().collect()
    } else {
        HashSet::new()
    };
    let mut out = Vec::with_capacity(sights.len());
    for sight in sights {
        let c = &sight.conversation;
        let association = c.association_id.as_ref().and_then(|a| sides.get(a).cloned());
        let theirs = people.remove(&c.id).unwrap_or_default();
        let read_seq = theirs.iter().find(|(p, _)| p.user_id == user_id).map_or(0, |(p, _)| p.read_seq);
        let read_positions = if c.kind == ConversationKind::Inbox.as_str() {
            Vec::new()
        } else {
            theirs
                .iter()
                .filter(|(p, _)| p.user_id != user_id && sharing.contains(&p.user_id))
                .map(|(p, _)| ReadPosition { user_id: UserId::stored(&p.user_id), read_seq: p.read_seq })
                .collect()
        };
        let participants = theirs
            .into_iter()
            .filter(|(p, _)| !p.for_association)
            .map(|(p, name)| Participant {
                user_id: UserId::stored(&p.user_id),
                display_name: name,
                left: p.left_at.is_some(),
                removed: p.removed && p.left_at.is_some(),
            })
            .collect();
        out.push(Conversation {
            id: ConversationId::stored(&c.id),
            kind: ConversationKind::parse(&c.kind).unwrap_or(ConversationKind::Direct),
            title: c.title.clone(),
            for_association: sight.side == Side::Officer,
            participants,
            started_by: c.created_by.as_deref().map(UserId::stored),
            last_message: last.get(&c.id).map(|m| message_view(m, sight.side, &names, association.as_ref())),
            association,
            last_seq: c.last_seq,
            read_seq,
            read_positions,
            unread: unread.get(&c.id).copied().unwrap_or(0),
            created_at: to_utc(c.created_at),
            last_message_at: to_utc(c.last_message_at),
        });
    }
    // The last messages' files, in one query.
    let mut lasts: Vec<Message> = out.iter_mut().filter_map(|c| c.last_message.take()).collect();
    super::attachments::attach(conn, &mut lasts)?;
    let mut lasts: HashMap<ConversationId, Message> = lasts.into_iter().map(|m| (m.conversation_id, m)).collect();
    for c in &mut out {
        c.last_message = lasts.remove(&c.id);
    }
    Ok(out)
}

/// Your conversations, the latest first.
pub fn list(conn: &mut DbConn, user: &AuthUser, q: &PageQuery) -> ApiResult<Page<Conversation>> {
    let limit = i64::from(q.limit());
    let after = pagination::after_time_and_id(q.cursor.as_deref())?;
    let inboxes = repo::officer_of(conn, &user.id)?;
    let rows = repo::mine(conn, &user.id, &inboxes, after, limit + 1)?;
    let (rows, next) = pagination::page_of(rows, limit, |c| Some(pagination::time_and_id(c.last_message_at, &c.id)));
    let sights = rows
        .into_iter()
        .map(|c| {
            let side = if c.association_id.as_ref().is_some_and(|a| inboxes.contains(a)) {
                Side::Officer
            } else {
                Side::Member
            };
            Sight { conversation: c, side, participant: None }
        })
        .collect();
    Ok(Page { items: views(conn, &user.id, sights)?, next_cursor: next })
}

/// Your unread messages (in up to your 1,000 latest conversations) and notifications.
pub fn unread(conn: &mut DbConn, user: &AuthUser) -> ApiResult<UnreadTotals> {
    let inboxes = repo::officer_of(conn, &user.id)?;
    let ids: Vec<String> = repo::mine(conn, &user.id, &inboxes, None, 1000)?.into_iter().map(|c| c.id).collect();
    let unread = repo::unread_in(conn, &user.id, &ids)?;
    Ok(UnreadTotals {
        messages: unread.values().sum(),
        conversations: unread.values().filter(|n| **n > 0).count() as i64,
        notifications: crate::notifications::repo::unread_count(conn, &user.id)?,
    })
}

/// Mark the conversation read up to `seq`; your other devices are told, and the others when both
/// of you share read receipts.
pub fn mark_read(conn: &mut DbConn, user: &AuthUser, id: &str, seq: i64) -> ApiResult<Conversation> {
    write_tx(conn, |conn| -> ApiResult<()> {
        let sight = access::load(conn, &user.id, id)?;
        let seq = seq.min(sight.conversation.last_seq);
        let before = sight.participant.as_ref().map_or(0, |p| p.read_seq);
        let kept = repo::read_up_to(conn, id, &user.id, seq, now())?;
        if kept == before {
            return Ok(());
        }
        // Your other devices; the others when both of you share read receipts.
        let mut told = vec![user.id.clone()];
        if super::people::shares_receipts(conn, &user.id)? {
            let others: Vec<String> =
                access::readers(conn, &sight.conversation)?.into_iter().filter(|r| *r != user.id).collect();
            told.extend(repo::sharing_receipts(conn, &others)?);
        }
        let event = NewEvent {
            conversation_id: Some(id),
            read_seq: Some(kept),
            actor_id: Some(&user.id),
            ..NewEvent::new(EventKind::ConversationRead)
        };
        publish(conn, &told, &event)?;
        Ok(())
    })?;
    get(conn, &user.id, id)
}
