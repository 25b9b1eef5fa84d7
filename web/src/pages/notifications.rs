//! Your notifications: what the observatory decided about your associations, answers to your join
//! requests and invitations, connection requests, courses your association enrolled you in, consultations to answer, revoked
//! certificates, and issued ones, circles' requests, replies and mentions; each names its
//! association, course, circle or member. Opening the page
//! marks them read (and clears the header's count). Below the list: how each topic reaches you.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use madani_shared::associations::Notification;
use madani_shared::endpoints::*;

use super::notification_settings::NotificationSettingsSection;
use crate::components::bell::Unread;
use crate::components::loaded::{Loaded, fetched};
use crate::components::page::PageHeader;
use crate::i18n::{format_datetime, k, key_index, text, tr, use_locale};
use crate::session::use_session;

/// Where a notification leads: its consultation, association or course (nowhere for a deleted
/// association: it is gone).
fn target(n: &Notification) -> Option<String> {
    madani_shared::notifications::link(n)
}

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let session = use_session();
    let unread = use_context::<Unread>();
    let list = LocalResource::new(move || async move {
        let answer = fetched(session.call::<ListMyNotifications>((), &()).await);
        // Seen now; the list keeps showing which ones were new.
        if answer.as_ref().is_ok_and(|l| l.iter().any(|n| n.read_at.is_none())) {
            spawn_local(async move {
                if session.call::<MarkNotificationsRead>((), &()).await.is_ok()
                    && let Some(unread) = unread
                {
                    unread.recount(session);
                }
            });
        }
        answer
    });
    view! {
        <div class="page page--narrow">
            <PageHeader title=k::NOTIF_TITLE />
            <Loaded resource=list is_empty=Vec::is_empty empty_message=k::NOTIF_EMPTY let:items>
                <ul class="list" id="notifications">{items.into_iter().map(notification_item).collect_view()}</ul>
            </Loaded>
            <NotificationSettingsSection />
        </div>
    }
}

fn notification_item(n: Notification) -> impl IntoView {
    let locale = use_locale();
    let kind = n.kind.clone();
    let href = target(&n);
    let unread = n.read_at.is_none();
    let at = n.created_at;
    // What it is about: the consultation's title, the association's or the course's name, in the
    // reader's language.
    let about = n
        .consultation_title
        .clone()
        .or(n.project_title.clone())
        .or(n.circle_name.clone())
        .or(n.association_name.clone())
        .or(n.course_title.clone())
        .filter(|t| !t.is_empty());
    let actor = n.actor_name.clone();
    view! {
        <li class="list__item">
            <div class="stack stack--tight">
                <p class="cluster">
                    {unread.then(|| view! { <span class="badge badge--info">{tr(k::NOTIF_NEW)}</span> })}
                    <strong>{move || {
                        let lang = locale.get();
                        key_index(&format!("notif.kind.{}", kind.replace('.', "_")))
                            .map(|key| text(lang, key).to_owned())
                            .unwrap_or_else(|| kind.clone())
                    }}</strong>
                </p>
                {about.map(|t| view! { <p class="notification__about" dir="auto">{move || t.get(locale.get()).to_owned()}</p> })}
                {actor.map(|name| {
                    view! { <p class="list__meta" dir="auto">{move || text(locale.get(), k::NOTIF_BY).replace("{name}", &name)}</p> }
                })}
                {n.reason.clone().map(|r| view! { <p class="list__meta" dir="auto">{r}</p> })}
                <p class="list__meta">{move || format_datetime(locale.get(), at)}</p>
            </div>
            {href.map(|h| view! { <A href=h attr:class="btn btn--ghost btn--small">{tr(k::NOTIF_OPEN)}</A> })}
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const N1: &str = "01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e70";
    const A1: &str = "01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e71";
    const C1: &str = "01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e72";

    fn notification(kind: &str, association: Option<&str>, course: Option<&str>) -> Notification {
        Notification {
            id: N1.parse().unwrap(),
            kind: kind.into(),
            association_id: association.map(|a| a.parse().unwrap()),
            course_id: course.map(|c| c.parse().unwrap()),
            reason: None,
            created_at: chrono::DateTime::default(),
            read_at: None,
            association_name: None,
            course_title: None,
            actor_name: None,
            consultation_id: None,
            consultation_title: None,
            proposal_id: None,
            project_id: None,
            project_title: None,
            circle_id: None,
            circle_name: None,
            thread_id: None,
        }
    }

    #[test]
    fn course_notifications_lead_to_the_course() {
        assert_eq!(target(&notification("course.enrolled", Some(A1), Some(C1))), Some(format!("/courses/{C1}")));
        assert_eq!(target(&notification("certificate.revoked", None, Some(C1))).as_deref(), Some("/my/certificates"));
        assert_eq!(target(&notification("association.verified", Some(A1), None)), Some(format!("/associations/{A1}")));
        assert_eq!(target(&notification("connection.requested", None, None)).as_deref(), Some("/my/network"));
    }

    #[test]
    fn consultation_notifications_lead_to_the_consultation() {
        let mut n = notification("consultation.opened", Some(A1), None);
        n.consultation_id = Some(C1.parse().unwrap());
        assert_eq!(target(&n), Some(format!("/consultations/{C1}")));
    }

    #[test]
    fn circle_notifications_lead_to_the_thread_else_the_circle() {
        let mut n = notification("circle.request_approved", None, None);
        n.circle_id = Some(A1.parse().unwrap());
        assert_eq!(target(&n), Some(format!("/circles/{A1}")));
        n.thread_id = Some(C1.parse().unwrap());
        assert_eq!(target(&n), Some(format!("/threads/{C1}")));
    }

    #[test]
    fn a_deleted_association_is_not_linked() {
        assert_eq!(target(&notification("association.deleted", Some(A1), None)), None);
        assert_eq!(target(&notification("association.deleted", None, None)), None);
        let renamed = notification("association.reverification", Some(A1), None);
        assert_eq!(target(&renamed), Some(format!("/associations/{A1}")));
    }

    #[test]
    fn every_association_notification_has_its_text() {
        for kind in ["verified", "rejected", "suspended", "deleted", "reverification"] {
            assert!(key_index(&format!("notif.kind.association_{kind}")).is_some(), "{kind}");
        }
    }
}
