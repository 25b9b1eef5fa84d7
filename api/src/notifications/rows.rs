//! The `notifications` table's rows and their API form.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use madani_shared::associations::Notification;
use madani_shared::ids::{AssociationId, CourseId, NotificationId};

use crate::db::schema::notifications;
use crate::db::to_utc;

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = notifications)]
pub struct NotificationRow {
    pub id: String,
    pub user_id: String,
    pub kind: String,
    pub association_id: Option<String>,
    pub reason: Option<String>,
    pub created_at: NaiveDateTime,
    pub read_at: Option<NaiveDateTime>,
    pub course_id: Option<String>,
}

impl From<&NotificationRow> for Notification {
    fn from(r: &NotificationRow) -> Self {
        Notification {
            id: NotificationId::stored(&r.id),
            kind: r.kind.clone(),
            association_id: r.association_id.as_deref().map(AssociationId::stored),
            course_id: r.course_id.as_deref().map(CourseId::stored),
            reason: r.reason.clone(),
            created_at: to_utc(r.created_at),
            read_at: r.read_at.map(to_utc),
        }
    }
}
