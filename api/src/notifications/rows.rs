//! The `notifications`, `notification_settings` and `notification_preferences` tables' rows.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use madani_shared::LocalizedText;
use madani_shared::associations::Notification;
use madani_shared::ids::{
    AssociationId, CircleId, ConsultationId, CourseId, NotificationId, ProjectId, ProposalId, ThreadId,
};

use crate::db::schema::{notification_preferences, notification_settings, notifications};
use crate::db::to_utc;

// Absent values are written as NULL (every such column's default): then SQLite takes many rows in
// one statement instead of one each.
#[derive(Debug, Clone, Queryable, QueryableByName, Insertable)]
#[diesel(table_name = notifications, treat_none_as_default_value = false)]
pub struct NotificationRow {
    pub id: String,
    pub user_id: String,
    pub kind: String,
    pub association_id: Option<String>,
    pub reason: Option<String>,
    pub created_at: NaiveDateTime,
    pub read_at: Option<NaiveDateTime>,
    pub course_id: Option<String>,
    pub actor_id: Option<String>,
    pub consultation_id: Option<String>,
    pub proposal_id: Option<String>,
    pub project_id: Option<String>,
    /// Shown in the app (else only emailed).
    pub in_app: bool,
    /// Waiting for the `daily` or `weekly` digest until `digested_at`.
    pub digest: Option<String>,
    pub digested_at: Option<NaiveDateTime>,
    pub circle_id: Option<String>,
    pub thread_id: Option<String>,
}

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = notification_settings)]
pub struct SettingsRow {
    pub user_id: String,
    /// `immediately` (each topic as chosen) or `never` (no notification email at all).
    pub email: String,
    pub updated_at: NaiveDateTime,
    pub time_zone: Option<String>,
}

#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = notification_preferences)]
pub struct PreferenceRow {
    pub user_id: String,
    pub topic: String,
    pub in_app: bool,
    pub email: String,
    pub updated_at: NaiveDateTime,
}

/// The names a notification shows: of its association, its course and whoever caused it.
#[derive(Debug, Clone, Default)]
pub struct Names {
    pub association: Option<LocalizedText>,
    pub course: Option<LocalizedText>,
    pub actor: Option<String>,
    pub consultation: Option<LocalizedText>,
    pub project: Option<LocalizedText>,
    pub circle: Option<LocalizedText>,
}

impl NotificationRow {
    pub fn to_api(&self, names: Names) -> Notification {
        Notification {
            id: NotificationId::stored(&self.id),
            kind: self.kind.clone(),
            association_id: self.association_id.as_deref().map(AssociationId::stored),
            course_id: self.course_id.as_deref().map(CourseId::stored),
            reason: self.reason.clone(),
            created_at: to_utc(self.created_at),
            read_at: self.read_at.map(to_utc),
            association_name: names.association,
            course_title: names.course,
            actor_name: names.actor,
            consultation_id: self.consultation_id.as_deref().map(ConsultationId::stored),
            consultation_title: names.consultation,
            proposal_id: self.proposal_id.as_deref().map(ProposalId::stored),
            project_id: self.project_id.as_deref().map(ProjectId::stored),
            project_title: names.project,
            circle_id: self.circle_id.as_deref().map(CircleId::stored),
            circle_name: names.circle,
            thread_id: self.thread_id.as_deref().map(ThreadId::stored),
        }
    }
}
