//! Email: messages are queued in the `outbox_emails` table in the same transaction as the change that
//! causes them, then delivered by a background worker with retries. Delivery goes over SMTP when
//! `MADANI_SMTP_URL` is set, otherwise to `.eml` files in `<data dir>/outbox/` for local use.

pub mod templates;
mod transport;
pub mod worker;

use chrono::NaiveDateTime;
use diesel::prelude::*;

pub use transport::{FileTransport, SmtpTransport, Transport};

use crate::db::schema::outbox_emails;
use crate::db::{DbConn, new_id};

#[derive(Debug, Clone, Queryable, Insertable, QueryableByName)]
#[diesel(table_name = outbox_emails)]
pub struct OutboxEmail {
    pub id: String,
    pub to_address: String,
    pub subject: String,
    pub body: String,
    pub created_at: NaiveDateTime,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub locked_until: Option<NaiveDateTime>,
    pub sent_at: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    /// The body holds a one-time link: it is not kept once sent.
    pub redact_after_send: bool,
    /// The one-click unsubscribe address (RFC 8058 `List-Unsubscribe`), forgotten once sent.
    pub unsubscribe_url: Option<String>,
}

/// Queue an email; it leaves when the surrounding transaction commits.
pub fn enqueue(conn: &mut DbConn, to: &str, subject: &str, body: &str, now: NaiveDateTime) -> QueryResult<()> {
    insert(conn, to, subject, body, now, false, None)
}

/// Queue a notification email whose recipient can stop such emails in one click at `unsubscribe`
/// (sent as the `List-Unsubscribe` and `List-Unsubscribe-Post` headers, RFC 8058).
pub fn enqueue_unsubscribable(
    conn: &mut DbConn,
    to: &str,
    subject: &str,
    body: &str,
    now: NaiveDateTime,
    unsubscribe: &str,
) -> QueryResult<()> {
    insert(conn, to, subject, body, now, false, Some(unsubscribe))
}

/// Queue an email carrying a live one-time link (verification, password reset): once sent, its body
/// is replaced by a note, so that a copy of the database holds no usable link.
pub fn enqueue_link(conn: &mut DbConn, to: &str, subject: &str, body: &str, now: NaiveDateTime) -> QueryResult<()> {
    insert(conn, to, subject, body, now, true, None)
}

/// What a sent link email keeps instead of its body.
pub const REDACTED_BODY: &str = "(not kept: this email carried a one-time link)";

fn insert(
    conn: &mut DbConn,
    to: &str,
    subject: &str,
    body: &str,
    now: NaiveDateTime,
    redact_after_send: bool,
    unsubscribe_url: Option<&str>,
) -> QueryResult<()> {
    diesel::insert_into(outbox_emails::table)
        .values(&OutboxEmail {
            id: new_id(),
            to_address: to.to_owned(),
            subject: subject.to_owned(),
            body: body.to_owned(),
            created_at: now,
            attempts: 0,
            next_attempt_at: now,
            locked_until: None,
            sent_at: None,
            last_error: None,
            redact_after_send,
            unsubscribe_url: unsubscribe_url.map(str::to_owned),
        })
        .execute(conn)?;
    Ok(())
}

/// Remove every queued or sent email to an address (account deletion).
pub fn forget_address(conn: &mut DbConn, to: &str) -> QueryResult<usize> {
    diesel::delete(outbox_emails::table.filter(outbox_emails::to_address.eq(to))).execute(conn)
}
