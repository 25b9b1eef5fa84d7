//! Your notifications: what the observatory decided about your associations, answers to your join
//! requests and invitations, connection requests, courses your association enrolled you in, revoked
//! certificates. Opening the page marks them read.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use madani_shared::associations::Notification;
use madani_shared::endpoints::*;

use crate::app::use_title;
use crate::components::states::{EmptyState, ErrorState, Skeleton};
use crate::errors::problem_text;
use crate::i18n::{format_datetime, k, key_index, text, tr, use_locale};
use crate::pages::account::RequireAuth;
use crate::session::use_session;

#[component]
pub fn NotificationsPage() -> impl IntoView {
    use_title(k::NOTIF_TITLE);
    view! {
        <RequireAuth>
            <Notifications />
        </RequireAuth>
    }
}

/// Where a notification leads.
fn target(n: &Notification) -> Option<String> {
    match n.kind.split('.').next() {
        Some("connection") => Some("/my/network".into()),
        Some("invitation") if n.kind == "invitation.received" => Some("/my/associations".into()),
        Some("course") if n.course_id.is_some() => n.course_id.as_ref().map(|id| format!("/courses/{id}")),
        Some("certificate") => Some("/my/certificates".into()),
        _ => n.association_id.as_ref().map(|id| format!("/associations/{id}")),
    }
}

#[component]
fn Notifications() -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let list = LocalResource::new(move || async move {
        let answer = session.call::<ListMyNotifications>(&[], &()).await.map_err(Arc::new);
        // Seen now; the list keeps showing which ones were new.
        if answer.as_ref().is_ok_and(|l| l.iter().any(|n| n.read_at.is_none())) {
            spawn_local(async move {
                let _ = session.call::<MarkNotificationsRead>(&[], &()).await;
            });
        }
        answer
    });
    view! {
        <div class="page page--narrow">
            <div class="page__header">
                <h1 class="page__title">{tr(k::NOTIF_TITLE)}</h1>
            </div>
            <Suspense fallback=|| view! { <Skeleton /> }>
                {move || list.get().map(|answer| match answer {
                    Err(e) => {
                        let message = Signal::derive(move || problem_text(locale.get(), &e));
                        view! { <ErrorState message=message on_retry=Callback::new(move |_| list.refetch()) /> }.into_any()
                    }
                    Ok(items) if items.is_empty() => view! { <EmptyState message=k::NOTIF_EMPTY /> }.into_any(),
                    Ok(items) => view! {
                        <ul class="list" id="notifications">
                            {items.into_iter().map(|n| {
                                let kind = n.kind.clone();
                                let href = target(&n);
                                let unread = n.read_at.is_none();
                                let at = n.created_at;
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
                                            {n.reason.clone().map(|r| view! { <p class="list__meta" dir="auto">{r}</p> })}
                                            <p class="list__meta">{move || format_datetime(locale.get(), at)}</p>
                                        </div>
                                        {href.map(|h| view! { <A href=h attr:class="btn btn--ghost btn--small">{tr(k::NOTIF_OPEN)}</A> })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }
                        .into_any(),
                })}
            </Suspense>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notification(kind: &str, association: Option<&str>, course: Option<&str>) -> Notification {
        Notification {
            id: "n".into(),
            kind: kind.into(),
            association_id: association.map(Into::into),
            course_id: course.map(Into::into),
            reason: None,
            created_at: chrono::DateTime::default(),
            read_at: None,
        }
    }

    #[test]
    fn course_notifications_lead_to_the_course() {
        assert_eq!(target(&notification("course.enrolled", Some("a1"), Some("c1"))).as_deref(), Some("/courses/c1"));
        assert_eq!(target(&notification("certificate.revoked", None, Some("c1"))).as_deref(), Some("/my/certificates"));
        assert_eq!(
            target(&notification("association.verified", Some("a1"), None)).as_deref(),
            Some("/associations/a1")
        );
        assert_eq!(target(&notification("connection.requested", None, None)).as_deref(), Some("/my/network"));
    }
}
