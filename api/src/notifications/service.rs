//! `notify`: the one way a domain tells a member something happened.

use madani_shared::associations::Notification;

use super::repo;
use super::rows::NotificationRow;
use crate::db::{DbConn, new_id, now};
use crate::error::ApiResult;

/// What a notification is about: the objects it links to, and the reason given (a rejection's).
#[derive(Debug, Clone, Default)]
pub struct About {
    pub association_id: Option<String>,
    pub course_id: Option<String>,
    pub reason: Option<String>,
}

impl About {
    pub fn association(id: &str) -> Self {
        About { association_id: Some(id.to_owned()), ..Default::default() }
    }

    pub fn course(id: &str) -> Self {
        About { course_id: Some(id.to_owned()), ..Default::default() }
    }

    pub fn with_reason(self, reason: Option<&str>) -> Self {
        About { reason: reason.map(str::to_owned), ..self }
    }
}

/// Tell `recipient` that `kind` happened (`association.verified`, `course.enrolled`, …). Call it
/// inside the transaction that makes it true, so that both are written or neither.
pub fn notify(conn: &mut DbConn, recipient: &str, kind: &str, about: About) -> ApiResult<()> {
    repo::insert(
        conn,
        &NotificationRow {
            id: new_id(),
            user_id: recipient.to_owned(),
            kind: kind.to_owned(),
            association_id: about.association_id,
            reason: about.reason,
            created_at: now(),
            read_at: None,
            course_id: about.course_id,
        },
    )?;
    Ok(())
}

/// How many notifications a member reads at once.
const LATEST: i64 = 100;

/// A member's latest notifications, newest first.
pub fn latest(conn: &mut DbConn, user_id: &str) -> ApiResult<Vec<Notification>> {
    Ok(repo::latest_for(conn, user_id, LATEST)?.iter().map(Notification::from).collect())
}

/// Mark every notification of a member read.
pub fn mark_all_read(conn: &mut DbConn, user_id: &str) -> ApiResult<()> {
    repo::mark_all_read(conn, user_id, now())?;
    Ok(())
}
