//! `record`: the one way an action enters the audit log.

use madani_shared::Page;
use madani_shared::associations::AuditEntry;
use madani_shared::ids::{AuditEntryId, UserId};

use super::repo;
use super::rows::AuditRow;
use crate::db::{DbConn, new_id, now, to_utc};
use crate::error::ApiResult;
use crate::pagination::{self, page_of};

/// What an action was done to: its kind (`association`, `certificate`, `course`) and id.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    pub kind: &'static str,
    pub id: &'a str,
}

impl<'a> Subject<'a> {
    pub fn association(id: &'a str) -> Self {
        Subject { kind: "association", id }
    }

    pub fn course(id: &'a str) -> Self {
        Subject { kind: "course", id }
    }

    pub fn certificate(id: &'a str) -> Self {
        Subject { kind: "certificate", id }
    }

    pub fn institution(id: &'a str) -> Self {
        Subject { kind: "institution", id }
    }

    pub fn consultation(id: &'a str) -> Self {
        Subject { kind: "consultation", id }
    }

    pub fn project(id: &'a str) -> Self {
        Subject { kind: "project", id }
    }

    pub fn circle(id: &'a str) -> Self {
        Subject { kind: "circle", id }
    }
}

/// Record that `actor` (none for the system) did `action` (`association.verified`, …) to `subject`,
/// with the reason or detail they gave. Call it inside the transaction of the action itself.
pub fn record(
    conn: &mut DbConn,
    actor: Option<&str>,
    action: &str,
    subject: Subject<'_>,
    detail: Option<&str>,
) -> ApiResult<()> {
    let target_name = repo::name_of(conn, subject.kind, subject.id)?;
    repo::insert(
        conn,
        &AuditRow {
            id: new_id(),
            actor_id: actor.map(str::to_owned),
            action: action.to_owned(),
            target_type: subject.kind.to_owned(),
            target_id: subject.id.to_owned(),
            reason: detail.map(str::to_owned),
            created_at: now(),
            target_name,
        },
    )?;
    Ok(())
}

/// A page of the log, newest first.
pub fn page(conn: &mut DbConn, cursor: Option<&str>, limit: i64) -> ApiResult<Page<AuditEntry>> {
    let before = match cursor.map(pagination::decode).transpose()?.as_deref() {
        Some([id]) => Some(id.clone()),
        Some(_) => return Err(pagination::bad_cursor()),
        None => None,
    };
    let rows = repo::page(conn, before.as_deref(), limit + 1)?;
    let (rows, next_cursor) = page_of(rows, limit, |(r, _)| Some(pagination::encode(&[&r.id])));
    let items = rows
        .into_iter()
        .map(|(r, name)| AuditEntry {
            id: AuditEntryId::stored(&r.id),
            actor_id: r.actor_id.as_deref().map(UserId::stored),
            actor_name: name,
            action: r.action,
            target_id: r.target_id,
            target_name: r.target_name.as_deref().and_then(|n| serde_json::from_str(n).ok()),
            reason: r.reason,
            created_at: to_utc(r.created_at),
        })
        .collect();
    Ok(Page { items, next_cursor })
}
