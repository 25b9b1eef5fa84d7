//! Notifications: where each kind leads in the web app, how many are unread, and how a member wants
//! each topic delivered (in the app; by email at once, in a digest, or never). The list itself is [`crate::associations::Notification`].

use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::ids::{AssociationId, CourseId};

/// How many notifications you have not read yet (the header's badge).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"unread": 3})))]
pub struct UnreadCount {
    #[cfg_attr(feature = "openapi", schema(minimum = 0))]
    pub unread: i64,
}

/// When a notification also reaches you by email.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EmailDelivery {
    /// An email as soon as it happens.
    #[default]
    Immediately,
    /// Gathered in one email each morning (07:00 in your time zone).
    Daily,
    /// Gathered in one email a week, on the first working day's morning (Sunday in Algeria, Monday
    /// elsewhere).
    Weekly,
    /// In the app only.
    Never,
}

impl EmailDelivery {
    pub const ALL: [EmailDelivery; 4] =
        [EmailDelivery::Immediately, EmailDelivery::Daily, EmailDelivery::Weekly, EmailDelivery::Never];

    pub fn as_str(self) -> &'static str {
        match self {
            EmailDelivery::Immediately => "immediately",
            EmailDelivery::Daily => "daily",
            EmailDelivery::Weekly => "weekly",
            EmailDelivery::Never => "never",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.as_str() == s)
    }

    /// A digest's frequency.
    pub fn is_digest(self) -> bool {
        matches!(self, EmailDelivery::Daily | EmailDelivery::Weekly)
    }
}

/// A family of notifications, chosen for together.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NotificationTopic {
    /// The observatory's decisions about your association (always in the app and by email).
    Association,
    /// Join requests and invitations.
    Membership,
    /// Connection requests between members.
    Network,
    /// Courses and certificates.
    Learning,
    /// Consultations opening, closing and their results.
    Consultations,
    /// Answers, comments and replies on proposals, proposals routed to your institution.
    Proposals,
    /// Moderation of what you wrote, and the moderators' queue.
    Moderation,
    /// Updates of the projects you follow.
    Projects,
    /// Activities you registered for: cancelled, or a place freed up for you.
    Activities,
    /// Circles: requests, invitations, replies, mentions, answers.
    Circles,
}

impl NotificationTopic {
    pub const ALL: [NotificationTopic; 10] = [
        NotificationTopic::Association,
        NotificationTopic::Membership,
        NotificationTopic::Network,
        NotificationTopic::Learning,
        NotificationTopic::Consultations,
        NotificationTopic::Proposals,
        NotificationTopic::Moderation,
        NotificationTopic::Projects,
        NotificationTopic::Activities,
        NotificationTopic::Circles,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NotificationTopic::Association => "association",
            NotificationTopic::Membership => "membership",
            NotificationTopic::Network => "network",
            NotificationTopic::Learning => "learning",
            NotificationTopic::Consultations => "consultations",
            NotificationTopic::Proposals => "proposals",
            NotificationTopic::Moderation => "moderation",
            NotificationTopic::Projects => "projects",
            NotificationTopic::Activities => "activities",
            NotificationTopic::Circles => "circles",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// The topic of a notification kind (`join_request.received` → membership); every kind has one.
    pub fn of_kind(kind: &str) -> NotificationTopic {
        match kind.split('.').next().unwrap_or_default() {
            "join_request" | "invitation" => NotificationTopic::Membership,
            "connection" => NotificationTopic::Network,
            "course" | "certificate" => NotificationTopic::Learning,
            "consultation" => NotificationTopic::Consultations,
            "proposal" | "comment" => NotificationTopic::Proposals,
            "moderation" => NotificationTopic::Moderation,
            "project" => NotificationTopic::Projects,
            "activity" => NotificationTopic::Activities,
            "circle" => NotificationTopic::Circles,
            _ => NotificationTopic::Association,
        }
    }

    /// A topic that cannot be turned off: what the observatory decides about your association.
    pub fn is_essential(self) -> bool {
        self == NotificationTopic::Association
    }

    /// How it reaches a member who never chose: in the app, and by email at once, except the news of
    /// the projects they follow, gathered in a daily digest.
    pub fn default_email(self) -> EmailDelivery {
        match self {
            NotificationTopic::Projects => EmailDelivery::Daily,
            _ => EmailDelivery::Immediately,
        }
    }
}

/// How one topic reaches you.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"topic": "projects", "in_app": true, "email": "weekly"})))]
pub struct TopicPreference {
    pub topic: NotificationTopic,
    /// Shown in the app (the list and the header's count).
    pub in_app: bool,
    pub email: EmailDelivery,
}

/// How your notifications reach you.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "email_enabled": true,
    "topics": [{"topic": "association", "in_app": true, "email": "immediately"},
               {"topic": "projects", "in_app": true, "email": "daily"}],
    "time_zone": "Africa/Algiers"
})))]
pub struct NotificationSettings {
    /// `false`: no notification email at all, whatever the topics say (an email's "unsubscribe
    /// from everything"). The observatory's decisions about your association are still emailed.
    pub email_enabled: bool,
    /// Every topic, in a fixed order.
    pub topics: Vec<TopicPreference>,
    /// Your time zone (IANA name), for the digests' mornings.
    pub time_zone: String,
}

/// The time zone of a member who never chose one.
pub const DEFAULT_TIME_ZONE: &str = "Africa/Algiers";

/// The time zones a member may choose: those of the countries Madani serves and their diasporas.
pub const TIME_ZONES: &[&str] = &[
    "Africa/Algiers",
    "Africa/Casablanca",
    "Africa/Tunis",
    "Africa/Cairo",
    "Africa/Nouakchott",
    "Europe/Paris",
    "Europe/Madrid",
    "Europe/Brussels",
    "Europe/London",
    "America/Montreal",
    "UTC",
];

/// A change of your notification settings: what is left out stays as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"topics": [{"topic": "projects", "in_app": true, "email": "weekly"}]})))]
pub struct NotificationSettingsChange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_enabled: Option<bool>,
    #[validate(length(max = 9))]
    #[cfg_attr(feature = "openapi", schema(max_items = 9))]
    /// Topics to change, each at most once; the essential topic (`association`) stays in the app
    /// and by email at once (`422 invalid`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<TopicPreference>,
    /// One of the offered time zones (`422 unknown_option`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(example = "Africa/Casablanca"))]
    pub time_zone: Option<String>,
}

/// What an unsubscribe link stops.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "scope", content = "value", rename_all = "snake_case")]
pub enum UnsubscribeScope {
    /// The emails of one topic.
    Topic(NotificationTopic),
    /// The daily or weekly digest (every topic gathered in it).
    Digest(EmailDelivery),
    /// Every notification email.
    All,
}

/// What an unsubscribe link stops, and for which address (shown before and after).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"scope": {"scope": "topic", "value": "projects"}, "email": "a…@example.org", "done": false})))]
pub struct Unsubscription {
    pub scope: UnsubscribeScope,
    /// The address, partly hidden.
    pub email: String,
    /// The emails are already stopped.
    pub done: bool,
}

/// Where a notification of `kind` leads in the web app, as a path; none for a deleted association
/// (it is gone). The server puts the same link in the email.
/// Where a notification about a consultation leads.
pub fn consultation_target(id: &crate::ids::ConsultationId) -> String {
    format!("/consultations/{id}")
}

/// Where a notification leads in the app: its circle's thread or circle, its proposal, project or
/// consultation, or what [`target`] says.
pub fn link(n: &crate::associations::Notification) -> Option<String> {
    // A circle's: its thread when it is about one, else the circle.
    if let Some(id) = &n.thread_id {
        return Some(format!("/threads/{id}"));
    }
    if let Some(id) = &n.circle_id {
        return Some(format!("/circles/{id}"));
    }
    if let Some(id) = &n.proposal_id {
        return Some(format!("/proposals/{id}"));
    }
    if let Some(id) = &n.project_id {
        return Some(format!("/projects/{id}"));
    }
    match &n.consultation_id {
        Some(id) => Some(consultation_target(id)),
        None => target(&n.kind, n.association_id.as_ref(), n.course_id.as_ref()),
    }
}

pub fn target(kind: &str, association: Option<&AssociationId>, course: Option<&CourseId>) -> Option<String> {
    if kind == "association.deleted" {
        return None;
    }
    match kind.split('.').next() {
        Some("connection") => Some("/my/network".into()),
        Some("invitation") if kind == "invitation.received" => Some("/my/associations".into()),
        Some("join_request") if kind == "join_request.received" => {
            association.map(|id| format!("/associations/{id}#join-requests"))
        }
        Some("course") => course.map(|id| format!("/courses/{id}")),
        Some("certificate") => Some("/my/certificates".into()),
        _ => association.map(|id| format!("/associations/{id}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A1: &str = "01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e71";
    const C1: &str = "01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e72";

    #[test]
    fn each_kind_leads_to_its_object() {
        let a: AssociationId = A1.parse().unwrap();
        let c: CourseId = C1.parse().unwrap();
        assert_eq!(target("course.enrolled", Some(&a), Some(&c)), Some(format!("/courses/{C1}")));
        assert_eq!(target("course.completed", None, None), None);
        assert_eq!(target("certificate.issued", None, Some(&c)).as_deref(), Some("/my/certificates"));
        assert_eq!(target("association.verified", Some(&a), None), Some(format!("/associations/{A1}")));
        assert_eq!(target("join_request.received", Some(&a), None), Some(format!("/associations/{A1}#join-requests")));
        assert_eq!(target("join_request.approved", Some(&a), None), Some(format!("/associations/{A1}")));
        assert_eq!(target("connection.requested", None, None).as_deref(), Some("/my/network"));
        assert_eq!(target("association.deleted", Some(&a), None), None);
    }

    #[test]
    fn every_kind_has_its_topic() {
        assert_eq!(NotificationTopic::of_kind("join_request.received"), NotificationTopic::Membership);
        assert_eq!(NotificationTopic::of_kind("invitation.accepted"), NotificationTopic::Membership);
        assert_eq!(NotificationTopic::of_kind("comment.replied"), NotificationTopic::Proposals);
        assert_eq!(NotificationTopic::of_kind("activity.promoted"), NotificationTopic::Activities);
        assert_eq!(NotificationTopic::of_kind("project.update"), NotificationTopic::Projects);
        assert_eq!(NotificationTopic::of_kind("association.reverification"), NotificationTopic::Association);
        for t in NotificationTopic::ALL {
            assert_eq!(NotificationTopic::parse(t.as_str()), Some(t));
        }
        let scope = serde_json::to_value(UnsubscribeScope::Topic(NotificationTopic::Projects)).unwrap();
        assert_eq!(scope, serde_json::json!({"scope": "topic", "value": "projects"}));
    }

    #[test]
    fn email_delivery_round_trips() {
        for d in EmailDelivery::ALL {
            assert_eq!(EmailDelivery::parse(d.as_str()), Some(d));
            assert_eq!(serde_json::to_value(d).unwrap(), serde_json::json!(d.as_str()));
        }
        assert_eq!(EmailDelivery::parse("monthly"), None);
    }
}
