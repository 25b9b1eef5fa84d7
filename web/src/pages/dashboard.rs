//! A signed-in member's home: what waits for them (invitations to answer, requests to join their
//! associations), their associations, the courses they are following, their certificates and
//! their unread notifications. Later areas (consultations, activities) add their own section here.

use leptos::prelude::*;
use leptos_router::components::A;
use madani_shared::associations::{Invitation, MyAssociation};
use madani_shared::certificates::Certificate;
use madani_shared::courses::MyCourse;
use madani_shared::endpoints::*;

use crate::components::bell::Unread;
use crate::components::label::label;
use crate::components::loaded::{Loaded, fetched};
use crate::i18n::{format, k, plural, text, tr, use_locale};
use crate::pages::courses::{ProgressBar, course_href};
use crate::session::use_session;

/// Everything the home shows, read at once.
#[derive(Clone)]
struct Home {
    invitations: Vec<Invitation>,
    associations: Vec<MyAssociation>,
    courses: Vec<MyCourse>,
    certificates: Vec<Certificate>,
}

#[component]
pub fn Dashboard() -> impl IntoView {
    let session = use_session();
    let home = LocalResource::new(move || async move {
        // At once: on a slow link, four round trips one after the other would be four waits.
        let (invitations, associations, courses, certificates) = futures_util::future::join4(
            session.call::<ListMyInvitations>((), &()),
            session.call::<ListMyAssociations>((), &()),
            session.call::<ListMyCourses>((), &()),
            session.call::<ListMyCertificates>((), &()),
        )
        .await;
        let read = || -> Result<Home, madani_shared::ClientError> {
            Ok(Home {
                invitations: invitations?,
                associations: associations?,
                courses: courses?,
                certificates: certificates?,
            })
        };
        fetched(read())
    });
    view! {
        <div class="dashboard stack stack--loose" id="dashboard">
            <Loaded resource=home lines=6 let:home>
                <Waiting invitations=home.invitations.clone() associations=home.associations.clone() />
                <div class="dashboard__grid">
                    <MyAssociations associations=home.associations />
                    <MyCourses courses=home.courses />
                    <MyCertificates certificates=home.certificates />
                    <MyNotifications />
                </div>
            </Loaded>
        </div>
    }
}

/// Decisions that wait for the member: invitations to answer, requests to join to decide.
#[component]
fn Waiting(invitations: Vec<Invitation>, associations: Vec<MyAssociation>) -> impl IntoView {
    let locale = use_locale();
    let requests: Vec<MyAssociation> = associations.into_iter().filter(|m| m.pending_join_requests > 0).collect();
    if invitations.is_empty() && requests.is_empty() {
        return ().into_any();
    }
    view! {
        <section class="card stack" aria-labelledby="waiting-title" id="dashboard-waiting">
            <h2 class="card__title" id="waiting-title">{tr(k::DASH_WAITING)}</h2>
            <ul class="list">
                {invitations.into_iter().map(|i| {
                    let name = i.association_name.clone();
                    view! {
                        <li class="list__item">
                            <span dir="auto">{move || format(locale.get(), k::DASH_INVITED, &[("association", name.get(locale.get()))])}</span>
                            <A href="/my/associations" attr:class="btn btn--primary btn--small">{tr(k::ASSOC_INVITED_OPEN)}</A>
                        </li>
                    }
                }).collect_view()}
                {requests.into_iter().map(|m| {
                    let name = m.association.name.clone();
                    let count = m.pending_join_requests;
                    let href = format!("/associations/{}#join-requests", m.association.id);
                    view! {
                        <li class="list__item">
                            <span dir="auto">
                                {move || plural(locale.get(), "dash.requests", count)} " · "
                                <bdi>{move || name.get(locale.get()).to_owned()}</bdi>
                            </span>
                            <A href=href attr:class="btn btn--primary btn--small">{tr(k::DASH_DECIDE)}</A>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
    .into_any()
}

#[component]
fn MyAssociations(associations: Vec<MyAssociation>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <section class="card stack" aria-labelledby="dash-associations-title" id="dashboard-associations">
            <h2 class="card__title" id="dash-associations-title">{tr(k::NAV_MY_ASSOCIATIONS)}</h2>
            {if associations.is_empty() {
                view! {
                    <p class="muted">{tr(k::DASH_NO_ASSOCIATIONS)}</p>
                    <p><A href="/associations" attr:class="btn btn--secondary btn--small">{tr(k::DASH_FIND_ASSOCIATIONS)}</A></p>
                }.into_any()
            } else {
                view! {
                    <ul class="list">
                        {associations.into_iter().map(|m| {
                            let name = m.association.name.clone();
                            let role = m.role;
                            view! {
                                <li class="list__item">
                                    <A href=format!("/associations/{}", m.association.id) attr:dir="auto">{move || name.get(locale.get()).to_owned()}</A>
                                    <span class="badge">{move || label(locale.get(), "mrole", role.as_str())}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn MyCourses(courses: Vec<MyCourse>) -> impl IntoView {
    let locale = use_locale();
    let going: Vec<MyCourse> = courses.into_iter().filter(|c| c.progress.completed_at.is_none()).collect();
    view! {
        <section class="card stack" aria-labelledby="dash-courses-title" id="dashboard-courses">
            <h2 class="card__title" id="dash-courses-title">{tr(k::DASH_COURSES)}</h2>
            {if going.is_empty() {
                view! {
                    <p class="muted">{tr(k::DASH_NO_COURSES)}</p>
                    <p><A href="/courses" attr:class="btn btn--secondary btn--small">{tr(k::DASH_FIND_COURSES)}</A></p>
                }.into_any()
            } else {
                view! {
                    <ul class="list">
                        {going.into_iter().map(|c| {
                            let title = c.course.title.clone();
                            let id = c.course.id;
                            view! {
                                <li class="stack stack--tight">
                                    <A href=course_href(id) attr:dir="auto">{move || title.get(locale.get()).to_owned()}</A>
                                    <ProgressBar id=format!("dash-progress-{id}") progress=c.progress />
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn MyCertificates(certificates: Vec<Certificate>) -> impl IntoView {
    let locale = use_locale();
    let count = certificates.len() as i64;
    view! {
        <section class="card stack" aria-labelledby="dash-certificates-title" id="dashboard-certificates">
            <h2 class="card__title" id="dash-certificates-title">{tr(k::CERTIFICATES_TITLE)}</h2>
            <ul class="list">
                {certificates.into_iter().take(3).map(|c| {
                    let title = c.course_title.clone();
                    view! {
                        <li class="list__item">
                            <A href=format!("/certificates/{}", c.id) attr:dir="auto">{move || title.get(locale.get()).to_owned()}</A>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <p class="muted">{move || plural(locale.get(), "dash.certificates", count)}</p>
            <p><A href="/my/certificates" attr:class="btn btn--ghost btn--small">{tr(k::CERTIFICATES_TITLE)}</A></p>
        </section>
    }
}

#[component]
fn MyNotifications() -> impl IntoView {
    let locale = use_locale();
    let unread = use_context::<Unread>().map(|u| u.notifications);
    let count = move || unread.map(|c| c.get()).unwrap_or(0);
    view! {
        <section class="card stack" aria-labelledby="dash-notifications-title" id="dashboard-notifications">
            <h2 class="card__title" id="dash-notifications-title">{tr(k::NOTIF_TITLE)}</h2>
            <p>{move || match count() {
                0 => text(locale.get(), k::NOTIF_EMPTY).to_owned(),
                n => text(locale.get(), k::NOTIF_UNREAD).replace("{count}", &n.to_string()),
            }}</p>
            <p><A href="/my/notifications" attr:class="btn btn--ghost btn--small">{tr(k::NOTIF_OPEN)}</A></p>
        </section>
    }
}
