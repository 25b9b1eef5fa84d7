//! Each member's events, numbered in the order they happen to them: written inside the transaction
//! that makes them true, read back by a socket or a poll after the last number it has. The number
//! comes from the member's head row, locked until the commit, so a member's events commit in order
//! and a reader that has seen n never misses one below n.

use std::cell::RefCell;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use madani_shared::messaging::EventKind;

use crate::db::schema::{member_event_heads, member_events};
use crate::db::{DbConn, MultiBackend, now};

/// The PostgreSQL channel that carries the ids of members with new events.
pub const CHANNEL: &str = "madani_events";

thread_local! {
    /// Members with new events written on this thread (SQLite: woken in process after the commit).
    static PENDING: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// The members given events on this thread since the last call: [`crate::state::AppState::db`]
/// wakes their readers once its work is committed.
pub fn take_pending() -> Vec<String> {
    PENDING.with(|p| std::mem::take(&mut *p.borrow_mut()))
}

/// What happened, with ids only: a reader fetches the objects as they are when it sends the event.
#[derive(Debug, Clone, Copy)]
pub struct NewEvent<'a> {
    pub kind: EventKind,
    pub conversation_id: Option<&'a str>,
    pub message_id: Option<&'a str>,
    pub notification_id: Option<&'a str>,
    pub session_id: Option<&'a str>,
    pub read_seq: Option<i64>,
    pub actor_id: Option<&'a str>,
}

impl<'a> NewEvent<'a> {
    pub fn new(kind: EventKind) -> Self {
        NewEvent {
            kind,
            conversation_id: None,
            message_id: None,
            notification_id: None,
            session_id: None,
            read_seq: None,
            actor_id: None,
        }
    }

    pub fn message(kind: EventKind, conversation_id: &'a str, message_id: &'a str) -> Self {
        NewEvent { conversation_id: Some(conversation_id), message_id: Some(message_id), ..NewEvent::new(kind) }
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = member_events)]
pub struct EventRow {
    pub user_id: String,
    pub seq: i64,
    pub kind: String,
    pub conversation_id: Option<String>,
    pub message_id: Option<String>,
    pub notification_id: Option<String>,
    pub session_id: Option<String>,
    pub read_seq: Option<i64>,
    pub actor_id: Option<String>,
    pub created_at: NaiveDateTime,
}

#[derive(QueryableByName)]
struct Head {
    #[diesel(sql_type = Text)]
    user_id: String,
    #[diesel(sql_type = BigInt)]
    seq: i64,
}

/// How many members one statement numbers (and one NOTIFY names: 200 ids stay under its 8,000
/// bytes).
const CHUNK: usize = 200;

/// Give each of `recipients` the event, numbered after their last one. Call it inside the
/// transaction that makes it true: on PostgreSQL the other instances hear of it at the commit.
pub fn publish(conn: &mut DbConn, recipients: &[String], event: &NewEvent<'_>) -> QueryResult<()> {
    let mut users: Vec<&str> = recipients.iter().map(String::as_str).collect();
    // One order for every writer, so that two events for the same members cannot deadlock.
    users.sort_unstable();
    users.dedup();
    let at = now();
    for chunk in users.chunks(CHUNK) {
        let mut sql = String::from("INSERT INTO member_event_heads (user_id, seq) VALUES ");
        for i in 0..chunk.len() {
            if i > 0 {
                sql.push(',');
            }
            sql.push_str(&format!("(${}, 1)", i + 1));
        }
        sql.push_str(" ON CONFLICT (user_id) DO UPDATE SET seq = member_event_heads.seq + 1 RETURNING user_id, seq");
        let mut query = diesel::sql_query(sql).into_boxed::<MultiBackend>();
        for user in chunk {
            query = query.bind::<Text, _>(user.to_string());
        }
        let heads: Vec<Head> = query.load(conn)?;
        let rows: Vec<EventRow> = heads
            .into_iter()
            .map(|head| EventRow {
                user_id: head.user_id,
                seq: head.seq,
                kind: event.kind.as_str().to_owned(),
                conversation_id: event.conversation_id.map(str::to_owned),
                message_id: event.message_id.map(str::to_owned),
                notification_id: event.notification_id.map(str::to_owned),
                session_id: event.session_id.map(str::to_owned),
                read_seq: event.read_seq,
                actor_id: event.actor_id.map(str::to_owned),
                created_at: at,
            })
            .collect();
        match conn {
            DbConn::Pg(c) => {
                diesel::insert_into(member_events::table).values(&rows).execute(c)?;
                diesel::sql_query("SELECT pg_notify($1, $2)")
                    .bind::<Text, _>(CHANNEL)
                    .bind::<Text, _>(chunk.join(","))
                    .execute(c)?;
            }
            DbConn::Sqlite(c) => {
                diesel::insert_into(member_events::table).values(&rows).execute(c)?;
                PENDING.with(|p| p.borrow_mut().extend(chunk.iter().map(|u| u.to_string())));
            }
        }
    }
    Ok(())
}

/// The number of `user_id`'s latest event (0 before the first).
pub fn head(conn: &mut DbConn, user_id: &str) -> QueryResult<i64> {
    Ok(member_event_heads::table.find(user_id).select(member_event_heads::seq).first(conn).optional()?.unwrap_or(0))
}

/// Up to `limit` of `user_id`'s events after `since`, oldest first.
pub fn after(conn: &mut DbConn, user_id: &str, since: i64, limit: i64) -> QueryResult<Vec<EventRow>> {
    member_events::table
        .filter(member_events::user_id.eq(user_id))
        .filter(member_events::seq.gt(since))
        .order(member_events::seq.asc())
        .limit(limit)
        .select(EventRow::as_select())
        .load(conn)
}

/// Drop events older than `before` (a reader away that long reloads instead of catching up).
pub fn sweep(conn: &mut DbConn, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(member_events::table.filter(member_events::created_at.lt(before))).execute(conn)
}
