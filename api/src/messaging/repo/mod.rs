//! Diesel queries for conversations, participants, messages, settings and blocks; attachments in
//! [`attachments`].

pub mod attachments;

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

use super::rows::{BlockRow, ConversationRow, MessageRow, ParticipantRow, SettingsRow};
use crate::db::schema::{
    association_members, connections, conversation_participants, conversations, member_blocks, messages,
    messaging_settings, users,
};
use crate::db::{DbConn, MultiBackend};

/// The roles that answer for an association.
const OFFICERS: [&str; 2] = ["owner", "admin"];

pub fn find_conversation(conn: &mut DbConn, id: &str) -> QueryResult<Option<ConversationRow>> {
    conversations::table.find(id).select(ConversationRow::as_select()).first(conn).optional()
}

pub fn find_direct(conn: &mut DbConn, pair_key: &str) -> QueryResult<Option<ConversationRow>> {
    conversations::table
        .filter(conversations::pair_key.eq(pair_key))
        .select(ConversationRow::as_select())
        .first(conn)
        .optional()
}

pub fn insert_conversation(conn: &mut DbConn, row: &ConversationRow) -> QueryResult<usize> {
    diesel::insert_into(conversations::table).values(row).execute(conn)
}

/// Number the next message: the conversation's counter, raised (and its row locked until the
/// commit, so that two messages never share a number).
pub fn next_seq(conn: &mut DbConn, id: &str, at: NaiveDateTime) -> QueryResult<i64> {
    diesel::update(conversations::table.find(id))
        .set((conversations::last_seq.eq(conversations::last_seq + 1), conversations::last_message_at.eq(at)))
        .returning(conversations::last_seq)
        .get_result(conn)
}

pub fn participant(conn: &mut DbConn, conversation_id: &str, user_id: &str) -> QueryResult<Option<ParticipantRow>> {
    conversation_participants::table
        .find((conversation_id, user_id))
        .select(ParticipantRow::as_select())
        .first(conn)
        .optional()
}

/// The conversation's people with their names, in the order they joined.
pub fn participants(conn: &mut DbConn, conversation_id: &str) -> QueryResult<Vec<(ParticipantRow, String)>> {
    conversation_participants::table
        .inner_join(users::table)
        .filter(conversation_participants::conversation_id.eq(conversation_id))
        .order((conversation_participants::joined_at.asc(), conversation_participants::user_id.asc()))
        .select((ParticipantRow::as_select(), users::display_name))
        .load(conn)
}

/// The people of each of `conversation_ids`, with their names, in the order they joined: one query
/// for a whole list.
pub fn participants_of(conn: &mut DbConn, conversation_ids: &[String]) -> QueryResult<Vec<(ParticipantRow, String)>> {
    if conversation_ids.is_empty() {
        return Ok(Vec::new());
    }
    conversation_participants::table
        .inner_join(users::table)
        .filter(conversation_participants::conversation_id.eq_any(conversation_ids))
        .order((
            conversation_participants::conversation_id.asc(),
            conversation_participants::joined_at.asc(),
            conversation_participants::user_id.asc(),
        ))
        .select((ParticipantRow::as_select(), users::display_name))
        .load(conn)
}

/// Run an upsert on whichever backend (the multi-backend connection has no `ON CONFLICT`).
macro_rules! per_backend {
    ($conn:expr, $query:expr) => {
        match $conn {
            DbConn::Pg(c) => $query.execute(c),
            DbConn::Sqlite(c) => $query.execute(c),
        }
    };
}

/// Add or bring back a member on the conversation's side.
pub fn join(conn: &mut DbConn, row: &ParticipantRow) -> QueryResult<usize> {
    per_backend!(
        conn,
        diesel::insert_into(conversation_participants::table)
            .values(row)
            .on_conflict((conversation_participants::conversation_id, conversation_participants::user_id))
            .do_update()
            .set((
                conversation_participants::left_at.eq(None::<NaiveDateTime>),
                conversation_participants::removed.eq(false),
                conversation_participants::for_association.eq(row.for_association),
            ))
    )
}

/// Take a member out of a group: `removed` when someone else took them out.
pub fn leave(
    conn: &mut DbConn,
    conversation_id: &str,
    user_id: &str,
    at: NaiveDateTime,
    removed: bool,
) -> QueryResult<usize> {
    diesel::update(
        conversation_participants::table
            .find((conversation_id, user_id))
            .filter(conversation_participants::left_at.is_null()),
    )
    .set((conversation_participants::left_at.eq(Some(at)), conversation_participants::removed.eq(removed)))
    .execute(conn)
}

/// Move a read position forward (never back); returns the position now kept.
pub fn read_up_to(
    conn: &mut DbConn,
    conversation_id: &str,
    user_id: &str,
    seq: i64,
    at: NaiveDateTime,
) -> QueryResult<i64> {
    // An officer reading an inbox for the first time gets a row of their own.
    let row = ParticipantRow {
        conversation_id: conversation_id.to_owned(),
        user_id: user_id.to_owned(),
        for_association: true,
        joined_at: at,
        left_at: None,
        removed: false,
        read_seq: 0,
    };
    per_backend!(conn, diesel::insert_into(conversation_participants::table).values(&row).on_conflict_do_nothing())?;
    diesel::update(
        conversation_participants::table
            .find((conversation_id, user_id))
            .filter(conversation_participants::read_seq.lt(seq)),
    )
    .set(conversation_participants::read_seq.eq(seq))
    .execute(conn)?;
    conversation_participants::table
        .find((conversation_id, user_id))
        .select(conversation_participants::read_seq)
        .first(conn)
}

pub fn insert_message(conn: &mut DbConn, row: &MessageRow) -> QueryResult<usize> {
    diesel::insert_into(messages::table).values(row).execute(conn)
}

pub fn find_message(conn: &mut DbConn, id: &str) -> QueryResult<Option<MessageRow>> {
    messages::table.find(id).select(MessageRow::as_select()).first(conn).optional()
}

pub fn update_body(
    conn: &mut DbConn,
    id: &str,
    body: Option<&str>,
    at: NaiveDateTime,
    deleted: bool,
) -> QueryResult<usize> {
    if deleted {
        diesel::update(messages::table.find(id))
            .set((messages::body.eq(None::<String>), messages::deleted_at.eq(Some(at))))
            .execute(conn)
    } else {
        diesel::update(messages::table.find(id))
            .set((messages::body.eq(body), messages::edited_at.eq(Some(at))))
            .execute(conn)
    }
}

/// Up to `limit` messages numbered in `(after, before)`, the newest of them when only `before`
/// bounds them, the oldest when `after` does; in their order.
pub fn page(
    conn: &mut DbConn,
    conversation_id: &str,
    before: Option<i64>,
    after: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<MessageRow>> {
    let mut query = messages::table
        .filter(messages::conversation_id.eq(conversation_id))
        .select(MessageRow::as_select())
        .into_boxed();
    if let Some(before) = before {
        query = query.filter(messages::seq.lt(before));
    }
    let mut rows: Vec<MessageRow> = if let Some(after) = after {
        query.filter(messages::seq.gt(after)).order(messages::seq.asc()).limit(limit).load(conn)?
    } else {
        let mut rows: Vec<MessageRow> = query.order(messages::seq.desc()).limit(limit).load(conn)?;
        rows.reverse();
        rows
    };
    rows.sort_by_key(|m| m.seq);
    Ok(rows)
}

/// The latest message of each conversation.
pub fn last_messages(conn: &mut DbConn, conversations: &[ConversationRow]) -> QueryResult<Vec<MessageRow>> {
    let mut query = messages::table.select(MessageRow::as_select()).into_boxed();
    let mut any = false;
    for c in conversations.iter().filter(|c| c.last_seq > 0) {
        query = query.or_filter(messages::conversation_id.eq(c.id.clone()).and(messages::seq.eq(c.last_seq)));
        any = true;
    }
    if !any {
        return Ok(Vec::new());
    }
    query.load(conn)
}

#[derive(QueryableByName)]
struct Unread {
    #[diesel(sql_type = Text)]
    conversation_id: String,
    #[diesel(sql_type = BigInt)]
    unread: i64,
}

/// Messages of others after `user_id`'s read position, in each of these conversations.
pub fn unread_in(conn: &mut DbConn, user_id: &str, conversation_ids: &[String]) -> QueryResult<HashMap<String, i64>> {
    if conversation_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let marks: Vec<String> = (0..conversation_ids.len()).map(|i| format!("${}", i + 3)).collect();
    let sql = format!(
        "SELECT m.conversation_id AS conversation_id, COUNT(*) AS unread FROM messages m \
         LEFT JOIN conversation_participants p ON p.conversation_id = m.conversation_id AND p.user_id = $1 \
         WHERE m.seq > COALESCE(p.read_seq, 0) AND (m.author_id IS NULL OR m.author_id <> $2) \
         AND m.deleted_at IS NULL AND m.conversation_id IN ({}) GROUP BY m.conversation_id",
        marks.join(",")
    );
    let mut query = diesel::sql_query(sql)
        .into_boxed::<MultiBackend>()
        .bind::<Text, _>(user_id.to_owned())
        .bind::<Text, _>(user_id.to_owned());
    for id in conversation_ids {
        query = query.bind::<Text, _>(id.clone());
    }
    let rows: Vec<Unread> = query.load(conn)?;
    Ok(rows.into_iter().map(|r| (r.conversation_id, r.unread)).collect())
}

/// The associations `user_id` answers for.
pub fn officer_of(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<String>> {
    association_members::table
        .filter(association_members::user_id.eq(user_id))
        .filter(association_members::role.eq_any(OFFICERS))
        .select(association_members::association_id)
        .load(conn)
}

pub fn is_officer(conn: &mut DbConn, user_id: &str, association_id: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        association_members::table
            .filter(association_members::user_id.eq(user_id))
            .filter(association_members::association_id.eq(association_id))
            .filter(association_members::role.eq_any(OFFICERS)),
    ))
    .get_result(conn)
}

pub fn is_member(conn: &mut DbConn, user_id: &str, association_id: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        association_members::table
            .filter(association_members::user_id.eq(user_id))
            .filter(association_members::association_id.eq(association_id)),
    ))
    .get_result(conn)
}

/// The current officers of an association.
pub fn officers(conn: &mut DbConn, association_id: &str) -> QueryResult<Vec<String>> {
    association_members::table
        .filter(association_members::association_id.eq(association_id))
        .filter(association_members::role.eq_any(OFFICERS))
        .select(association_members::user_id)
        .load(conn)
}

/// The conversations `user_id` reads, newest first, after the cursor's (time, id): those they take
/// part in and the inboxes of the associations they answer for.
pub fn mine(
    conn: &mut DbConn,
    user_id: &str,
    inboxes_of: &[String],
    after: Option<(NaiveDateTime, String)>,
    limit: i64,
) -> QueryResult<Vec<ConversationRow>> {
    let taking_part = conversation_participants::table
        .filter(conversation_participants::user_id.eq(user_id.to_owned()))
        .filter(conversation_participants::for_association.eq(false))
        .filter(conversation_participants::left_at.is_null())
        .select(conversation_participants::conversation_id);
    let mut query = conversations::table
        .filter(
            conversations::id
                .eq_any(taking_part)
                .or(conversations::association_id.eq_any(inboxes_of.to_vec()).and(conversations::kind.eq("inbox"))),
        )
        .select(ConversationRow::as_select())
        .into_boxed();
    if let Some((at, id)) = after {
        query = query.filter(
            conversations::last_message_at
                .lt(at)
                .or(conversations::last_message_at.eq(at).and(conversations::id.lt(id))),
        );
    }
    query.order((conversations::last_message_at.desc(), conversations::id.desc())).limit(limit).load(conn)
}

pub fn display_names(conn: &mut DbConn, ids: &[String]) -> QueryResult<HashMap<String, String>> {
    Ok(users::table
        .filter(users::id.eq_any(ids))
        .select((users::id, users::display_name))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect())
}

/// Of these ids, the accounts that exist and are active.
pub fn active_users(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<String>> {
    users::table.filter(users::id.eq_any(ids)).filter(users::disabled.eq(false)).select(users::id).load(conn)
}

pub fn settings(conn: &mut DbConn, user_id: &str) -> QueryResult<Option<SettingsRow>> {
    messaging_settings::table.find(user_id).select(SettingsRow::as_select()).first(conn).optional()
}

pub fn save_settings(conn: &mut DbConn, row: &SettingsRow) -> QueryResult<usize> {
    per_backend!(
        conn,
        diesel::insert_into(messaging_settings::table)
            .values(row)
            .on_conflict(messaging_settings::user_id)
            .do_update()
            .set(row)
    )
}

/// Whether either of the two blocks the other.
pub fn blocked_between(conn: &mut DbConn, a: &str, b: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        member_blocks::table.filter(
            member_blocks::user_id
                .eq(a)
                .and(member_blocks::blocked_id.eq(b))
                .or(member_blocks::user_id.eq(b).and(member_blocks::blocked_id.eq(a))),
        ),
    ))
    .get_result(conn)
}

pub fn block(conn: &mut DbConn, row: &BlockRow) -> QueryResult<usize> {
    per_backend!(conn, diesel::insert_into(member_blocks::table).values(row).on_conflict_do_nothing())
}

pub fn unblock(conn: &mut DbConn, user_id: &str, blocked_id: &str) -> QueryResult<usize> {
    diesel::delete(member_blocks::table.find((user_id, blocked_id))).execute(conn)
}

pub fn blocks(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<(BlockRow, String)>> {
    member_blocks::table
        .inner_join(users::table.on(users::id.eq(member_blocks::blocked_id)))
        .filter(member_blocks::user_id.eq(user_id))
        .order(member_blocks::created_at.desc())
        .select((BlockRow::as_select(), users::display_name))
        .limit(1000)
        .load(conn)
}

/// Whether the two are connected (an accepted request, either way).
pub fn connected(conn: &mut DbConn, pair_key: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        connections::table.filter(connections::pair_key.eq(pair_key)).filter(connections::status.eq("accepted")),
    ))
    .get_result(conn)
}

/// Whether the two are members of one association.
pub fn share_association(conn: &mut DbConn, a: &str, b: &str) -> QueryResult<bool> {
    let of_a: Vec<String> = association_members::table
        .filter(association_members::user_id.eq(a))
        .select(association_members::association_id)
        .load(conn)?;
    if of_a.is_empty() {
        return Ok(false);
    }
    diesel::select(diesel::dsl::exists(
        association_members::table
            .filter(association_members::user_id.eq(b))
            .filter(association_members::association_id.eq_any(of_a)),
    ))
    .get_result(conn)
}

/// Whether `user_id` is connected with one of the association's officers.
pub fn connected_with_officer(conn: &mut DbConn, user_id: &str, association_id: &str) -> QueryResult<bool> {
    let pairs: Vec<String> = officers(conn, association_id)?
        .iter()
        .map(|officer| crate::network::service::pair_key(user_id, officer))
        .collect();
    diesel::select(diesel::dsl::exists(
        connections::table.filter(connections::pair_key.eq_any(pairs)).filter(connections::status.eq("accepted")),
    ))
    .get_result(conn)
}

/// Of `ids`, the members who share read receipts (everyone who has not turned them off).
pub fn sharing_receipts(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<String>> {
    let off: Vec<String> = messaging_settings::table
        .filter(messaging_settings::user_id.eq_any(ids))
        .filter(messaging_settings::read_receipts.eq(false))
        .select(messaging_settings::user_id)
        .load(conn)?;
    Ok(ids.iter().filter(|id| !off.contains(id)).cloned().collect())
}
/// Every conversation `user_id` has a row in (taken part in, or read as an officer), with the row.
pub fn taken_part(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<(ParticipantRow, ConversationRow)>> {
    conversation_participants::table
        .inner_join(conversations::table)
        .filter(conversation_participants::user_id.eq(user_id))
        .order(conversation_participants::joined_at.asc())
        .select((ParticipantRow::as_select(), ConversationRow::as_select()))
        .load(conn)
}

/// Every message `user_id` wrote, oldest first.
pub fn written_by(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<MessageRow>> {
    messages::table
        .filter(messages::author_id.eq(user_id))
        .order((messages::created_at.asc(), messages::id.asc()))
        .select(MessageRow::as_select())
        .load(conn)
}
