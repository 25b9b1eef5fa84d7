//! Registering for an activity (register, withdraw, the place on the waiting list) and, for its
//! editors, the registrants.

use leptos::prelude::*;
use madani_shared::endpoints::{CancelRegistration, ListRegistrants, RegisterForActivity};
use madani_shared::ids::ActivityId;
use madani_shared::projects::*;

use super::activity_href;
use crate::components::auth::login_then;
use crate::components::loaded::{Loaded, fetched};
use crate::components::mutation::Mutation;
use crate::components::table::Table;
use crate::i18n::{format, format_datetime, k, text, tr, use_locale};
use crate::session::use_session;

/// Registering for an activity: its places, the viewer's registration (with the place on the
/// waiting list once known), and the button to register or withdraw.
#[component]
pub(super) fn Registration(
    id: ActivityId,
    status: Option<RegistrationStatus>,
    info: RegistrationInfo,
    cancelled: bool,
    refetch: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let navigate = leptos_router::hooks::use_navigate();
    let mine: RwSignal<Option<MyRegistration>> =
        RwSignal::new(status.filter(|s| *s != RegistrationStatus::Cancelled).map(|status| MyRegistration {
            activity_id: id,
            status,
            position: None,
        }));
    let register = Mutation::new(move |()| async move { session.call::<RegisterForActivity>(id, &()).await })
        .toast_by(|r: &MyRegistration| {
            Some(if r.status == RegistrationStatus::Waitlisted {
                k::EVENT_WAITLISTED_DONE
            } else {
                k::EVENT_REGISTERED_DONE
            })
        })
        .then(move |r| {
            mine.try_set(Some(r));
            refetch.run(());
        });
    let withdraw = Mutation::new(move |()| async move { session.call::<CancelRegistration>(id, &()).await })
        .toast(k::EVENT_WITHDRAWN_DONE)
        .then(move |_| {
            mine.try_set(None);
            refetch.run(());
        });
    let click = move |_| {
        if !session.is_signed_in() {
            navigate(&login_then(&activity_href(id)), leptos_router::NavigateOptions::default());
            return;
        }
        if mine.get_untracked().is_some() {
            withdraw.dispatch(());
        } else {
            register.dispatch(());
        }
    };
    let busy = Signal::derive(move || register.pending().get() || withdraw.pending().get());
    let left = info.capacity.saturating_sub(info.registered);
    let full = left == 0;
    let closed = cancelled || (full && !info.waitlist);
    view! {
        <section class="card stack" aria-labelledby="registration-title" id="activity-registration">
            <h2 class="card__title" id="registration-title">{tr(k::EVENT_REGISTRATION)}</h2>
            <p id="activity-places">
                {move || format(locale.get(), k::EVENT_PLACES, &[
                    ("registered", &info.registered.to_string()),
                    ("capacity", &info.capacity.to_string()),
                ])}
                {(info.waitlisted > 0).then(|| view! { " · " {move || format(locale.get(), k::EVENT_WAITING, &[("count", &info.waitlisted.to_string())])} })}
            </p>
            <p id="my-registration" role="status">
                {move || mine.get().map(|r| match (r.status, r.position) {
                    (RegistrationStatus::Waitlisted, Some(p)) => format(locale.get(), k::EVENT_YOUR_POSITION, &[("position", &p.to_string())]),
                    (RegistrationStatus::Waitlisted, None) => text(locale.get(), k::EVENT_YOU_WAITLISTED).to_owned(),
                    _ => text(locale.get(), k::EVENT_YOU_REGISTERED).to_owned(),
                })}
            </p>
            <Show when=move || !closed || mine.get().is_some() fallback=move || view! {
                <p class="alert alert--info">{tr(if cancelled { k::EVENT_CANCELLED } else { k::EVENT_FULL })}</p>
            }>
                <p>
                    <button type="button" id="registration-button"
                        class=move || if mine.get().is_some() { "btn btn--secondary" } else { "btn btn--primary" }
                        disabled=move || busy.get() aria-busy=crate::components::form::aria_busy(busy)
                        on:click=click.clone()>
                        {move || text(locale.get(), match mine.get() {
                            Some(_) => k::EVENT_WITHDRAW,
                            None if full => k::EVENT_JOIN_WAITLIST,
                            None => k::EVENT_REGISTER,
                        })}
                    </button>
                </p>
            </Show>
        </section>
    }
}

/// The registrants, for the activity's editors.
#[component]
pub(super) fn Registrants(id: ActivityId) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let list = LocalResource::new(move || async move { fetched(session.call::<ListRegistrants>(id, &()).await) });
    view! {
        <h3 class="card__subtitle" id="registrants-title">{tr(k::EVENT_REGISTRANTS)}</h3>
        <Loaded resource=list is_empty=Vec::is_empty empty_message=k::EVENT_REGISTRANTS_NONE let:items>
            <Table id="registrant-list" caption=k::EVENT_REGISTRANTS columns=&[k::EVENT_COL_NAME, k::EVENT_COL_EMAIL, k::EVENT_COL_STATUS, k::EVENT_COL_SINCE]>
                {items.into_iter().map(|r| {
                    let status = r.status;
                    let position = r.position;
                    let at = r.created_at;
                    view! {
                        <tr>
                            <td><bdi>{r.name}</bdi></td>
                            <td><bdi>{r.email}</bdi></td>
                            <td>{move || match (status, position) {
                                (RegistrationStatus::Waitlisted, Some(p)) => format(locale.get(), k::EVENT_STATUS_WAITLISTED_AT, &[("position", &p.to_string())]),
                                (RegistrationStatus::Waitlisted, None) => text(locale.get(), k::EVENT_STATUS_WAITLISTED).to_owned(),
                                (RegistrationStatus::Registered, _) => text(locale.get(), k::EVENT_STATUS_REGISTERED).to_owned(),
                                (RegistrationStatus::Cancelled, _) => text(locale.get(), k::EVENT_STATUS_CANCELLED).to_owned(),
                            }}</td>
                            <td>{move || format_datetime(locale.get(), at)}</td>
                        </tr>
                    }
                }).collect_view()}
            </Table>
        </Loaded>
    }
}
