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
    pub circle_id: Option<&'a str>,
    pub thread_id: Option<&'a str>,
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
            circle_id: None,
            thread_id: None,
        }
    }

    /// A change in a circle's thread.
    pub fn circle(circle_id: &'a str, thread_id: &'a str) -> Self {
        NewEvent { circle_id: Some(circle_id), thread_id: Some(thread_id), ..NewEvent::new(EventKind::CircleUpdated) }
    }

    pub fn message(kind: EventKind, conversation_id: &'a str, message_id: &'a str) -> Self {
        NewEvent { conversation_id: Some(conversation_id), message_id: Some(message_id), ..NewEvent::new(kind) }
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = member_events, treat_none_as_default_value = false)]
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
    pub circle_id: Option<String>,
    pub thread_id: Option<String>,
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

thread_local! {
    /// Events published inside a PostgreSQL transaction on this thread, numbered together when it
    /// commits ([`flush`]).
    static DEFERRED: RefCell<Vec<(Vec<String>, EventRow)>> = const { RefCell::new(Vec::new()) };
}

/// Give each of `recipients` the event, numbered after their last one. Call it inside the
/// transaction that makes it true: on PostgreSQL the events of a transaction are numbered together
/// just before it commits (`db::write_tx` calls [`flush`]), the members' head rows locked in one
/// order, so that two transactions giving events to the same members never deadlock, whatever
/// order they published in; the other instances hear of them at the commit.
pub fn publish(conn: &mut DbConn, recipients: &[String], event: &NewEvent<'_>) -> QueryResult<()> {
    let mut users: Vec<String> = recipients.to_vec();
    users.sort_unstable();
    users.dedup();
    store(conn, vec![(users, template(event))])
}

/// Publish to each member their own event (a notification each, say), numbered together.
pub fn publish_each(conn: &mut DbConn, events: &[(String, NewEvent<'_>)]) -> QueryResult<()> {
    if events.is_empty() {
        return Ok(());
    }
    store(conn, events.iter().map(|(user, event)| (vec![user.clone()], template(event))).collect())
}

/// The row of `event`, for whichever member.
fn template(event: &NewEvent<'_>) -> EventRow {
    EventRow {
        user_id: String::new(),
        seq: 0,
        kind: event.kind.as_str().to_owned(),
        conversation_id: event.conversation_id.map(str::to_owned),
        message_id: event.message_id.map(str::to_owned),
        notification_id: event.notification_id.map(str::to_owned),
        session_id: event.session_id.map(str::to_owned),
        read_seq: event.read_seq,
        actor_id: event.actor_id.map(str::to_owned),
        created_at: now(),
        circle_id: event.circle_id.map(str::to_owned),
        thread_id: event.thread_id.map(str::to_owned),
    }
}

/// Number and store `events` now, or, inside a PostgreSQL transaction, when it ends.
fn store(conn: &mut DbConn, events: Vec<(Vec<String>, EventRow)>) -> QueryResult<()> {
    if let DbConn::Pg(c) = conn {
        use diesel::connection::{AnsiTransactionManager, TransactionManager};
        if AnsiTransactionManager::transaction_manager_status_mut(c).transaction_depth()?.is_some() {
            DEFERRED.with(|d| d.borrow_mut().extend(events));
            return Ok(());
        }
    }
    number(conn, events)
}

/// Number and store the events this thread's PostgreSQL transaction published: `write_tx` calls it
/// last inside the outermost transaction.
pub fn flush(conn: &mut DbConn) -> QueryResult<()> {
    let pending = DEFERRED.with(|d| std::mem::take(&mut *d.borrow_mut()));
    if pending.is_empty() { Ok(()) } else { number(conn, pending) }
}

/// Forget what a transaction that rolled back published.
pub fn discard() {
    DEFERRED.with(|d| d.borrow_mut().clear());
}

/// Number `events` (in order) for their members: each member's head moves by the number of their
/// events in one statement per 200 members, in the members' order; then the events are stored and,
/// on PostgreSQL, the members named on the channel.
fn number(conn: &mut DbConn, events: Vec<(Vec<String>, EventRow)>) -> QueryResult<()> {
    let mut counts: std::collections::BTreeMap<&str, i64> = std::collections::BTreeMap::new();
    for (users, _) in &events {
        for user in users {
            *counts.entry(user.as_str()).or_default() += 1;
        }
    }
    // The number before each member's first new event.
    let mut next: std::collections::HashMap<String, i64> = std::collections::HashMap::new();
    let members: Vec<(&str, i64)> = counts.into_iter().collect();
    for chunk in members.chunks(CHUNK) {
        let mut sql = String::from("INSERT INTO member_event_heads (user_id, seq) VALUES ");
        for i in 0..chunk.len() {
            if i > 0 {
                sql.push(',');
            }
            sql.push_str(&format!("(${}, ${})", 2 * i + 1, 2 * i + 2));
        }
        sql.push_str(
            " ON CONFLICT (user_id) DO UPDATE SET seq = member_event_heads.seq + excluded.seq RETURNING user_id, seq",
        );
        let mut query = diesel::sql_query(sql).into_boxed::<MultiBackend>();
        for (user, n) in chunk {
            query = query.bind::<Text, _>(user.to_string()).bind::<BigInt, _>(*n);
        }
        let heads: Vec<Head> = query.load(conn)?;
        let wanted: std::collections::HashMap<&str, i64> = chunk.iter().copied().collect();
        for head in heads {
            let n = wanted.get(head.user_id.as_str()).copied().unwrap_or(1);
            next.insert(head.user_id, head.seq - n);
        }
    }
    let mut rows = Vec::new();
    for (users, template) in &events {
        for user in users {
            let seq = next.get_mut(user).map(|s| {
                *s += 1;
                *s
            });
            let Some(seq) = seq else { continue };
            rows.push(EventRow { user_id: user.clone(), seq, ..template.clone() });
        }
    }
    crate::db::insert_chunks!(conn, member_events::table, rows, 1000);
    let names: Vec<&str> = members.iter().map(|(u, _)| *u).collect();
    match conn {
        DbConn::Pg(c) => {
            for chunk in names.chunks(CHUNK) {
                diesel::sql_query("SELECT pg_notify($1, $2)")
                    .bind::<Text, _>(CHANNEL)
                    .bind::<Text, _>(chunk.join(","))
                    .execute(c)?;
            }
        }
        DbConn::Sqlite(_) => PENDING.with(|p| p.borrow_mut().extend(names.iter().map(|u| u.to_string()))),
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
