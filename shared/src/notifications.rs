//! Notifications: where each kind leads in the web app, how many are unread, and how a member wants
//! them delivered by email. The list itself is [`crate::associations::Notification`].

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
    /// An email as soon as it happens (the default).
    #[default]
    Immediately,
    /// In the app only.
    Never,
}

impl EmailDelivery {
    pub const ALL: [EmailDelivery; 2] = [EmailDelivery::Immediately, EmailDelivery::Never];

    pub fn as_str(self) -> &'static str {
        match self {
            EmailDelivery::Immediately => "immediately",
            EmailDelivery::Never => "never",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.as_str() == s)
    }
}

/// How your notifications reach you. Every notification is shown in the app; `email` says whether
/// it is also sent to your address.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"email": "immediately"})))]
pub struct NotificationSettings {
    pub email: EmailDelivery,
}

/// Where a notification of `kind` leads in the web app, as a path; none for a deleted association
/// (it is gone). The server puts the same link in the email.
/// Where a notification about a consultation leads.
pub fn consultation_target(id: &crate::ids::ConsultationId) -> String {
    format!("/consultations/{id}")
}

/// Where a notification leads in the app: its consultation, or what [`target`] says.
pub fn link(n: &crate::associations::Notification) -> Option<String> {
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
    fn email_delivery_round_trips() {
        for d in EmailDelivery::ALL {
            assert_eq!(EmailDelivery::parse(d.as_str()), Some(d));
            assert_eq!(serde_json::to_value(d).unwrap(), serde_json::json!(d.as_str()));
        }
        assert_eq!(EmailDelivery::parse("weekly"), None);
    }
}
