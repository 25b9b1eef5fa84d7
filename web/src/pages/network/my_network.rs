//! `/my/network`: requests received, connections, requests sent, associations followed.

use leptos::prelude::*;
use leptos_router::components::A;
use madani_shared::endpoints::{ListConnections, ListMyFollowing, UnfollowAssociation};
use madani_shared::ids::{AssociationId, ConnectionId};
use madani_shared::network::*;
use madani_shared::page::PageQuery;

use super::{Act, connection_acts};
use crate::app::use_title;
use crate::components::dialog::ConfirmDialog;
use crate::components::list::PagedList;
use crate::components::mutation::Mutation;
use crate::i18n::{k, tr, use_locale};
use crate::session::use_session;

fn connection_item(
    c: Connection,
    on_act: impl Fn(ConnectionId, Act, ConnectionStatus) + Clone + 'static,
) -> impl IntoView {
    let href = format!("/members/{}", c.member.user_id);
    let name = c.member.display_name.clone();
    let id = c.id;
    let status = c.status;
    let button = move |act: Act, key: usize, class: &'static str| {
        let (name, on_act) = (name.clone(), on_act.clone());
        view! {
            <button type="button" class=class on:click=move |_| on_act(id, act, status)>
                {tr(key)}
                <span class="sr-only">" · " {name}</span>
            </button>
        }
    };
    let actions = match (c.status, c.direction) {
        (ConnectionStatus::Accepted, _) => {
            button(Act::Delete, k::NETWORK_REMOVE, "btn btn--ghost btn--small").into_any()
        }
        (_, ConnectionDirection::Outgoing) => view! {
            <span class="badge badge--info">{tr(k::NETWORK_REQUEST_SENT)}</span>
            {button(Act::Delete, k::NETWORK_WITHDRAW, "btn btn--secondary btn--small")}
        }
        .into_any(),
        (_, ConnectionDirection::Incoming) => view! {
            {button(Act::Accept, k::NETWORK_ACCEPT, "btn btn--primary btn--small")}
            {button(Act::Decline, k::NETWORK_DECLINE, "btn btn--secondary btn--small")}
        }
        .into_any(),
    };
    view! {
        <div class="network-item">
            <A href=href attr:dir="auto"><strong>{c.member.display_name.clone()}</strong></A>
            {c.member.headline.clone().map(|h| view! { <p class="list__meta" dir="auto">{h}</p> })}
            {c.message.clone().map(|m| view! { <p class="network-item__note" dir="auto">{m}</p> })}
        </div>
        <div class="cluster">{actions}</div>
    }
}

#[component]
pub fn MyNetwork() -> impl IntoView {
    use_title(k::NAV_MY_NETWORK);
    let session = use_session();
    let locale = use_locale();
    let acts = connection_acts();
    let unfollow =
        Mutation::new(move |id: AssociationId| async move { session.call::<UnfollowAssociation>(id, &()).await })
            .toast(k::NETWORK_UNFOLLOWED_TOAST);
    // A connection is removed after a confirmation.
    let to_remove: RwSignal<Option<(ConnectionId, ConnectionStatus)>> = RwSignal::new(None);
    let confirm = RwSignal::new(false);
    let on_act = move |id: ConnectionId, act: Act, status: ConnectionStatus| {
        if act == Act::Delete && status == ConnectionStatus::Accepted {
            to_remove.set(Some((id, status)));
            confirm.set(true);
        } else {
            acts.dispatch((id, act, status));
        }
    };
    let remove = Callback::new(move |_| {
        if let Some((id, status)) = to_remove.get_untracked() {
            acts.dispatch((id, Act::Delete, status));
        }
    });
    let list = move |filter: ConnectionFilter| {
        let fetch = move |cursor: Option<String>| async move {
            session
                .call::<ListConnections>((), &ListConnectionsQuery { status: Some(filter), limit: None, cursor })
                .await
        };
        view! { <PagedList fetch=fetch render=move |c: Connection| connection_item(c, on_act) /> }
    };
    let followed = move |f: FollowedAssociation| {
        let a = f.association;
        let name = a.name.clone();
        let name2 = a.name.clone();
        let id = a.id;
        view! {
            <A href=format!("/associations/{id}") attr:dir="auto">{move || name.get(locale.get()).to_owned()}</A>
            <button type="button" class="btn btn--ghost btn--small" on:click=move |_| unfollow.dispatch(id)>
                {tr(k::NETWORK_UNFOLLOW)}
                <span class="sr-only">" · " {move || name2.get(locale.get()).to_owned()}</span>
            </button>
        }
    };
    let following = move || {
        let fetch = move |cursor: Option<String>| async move {
            session.call::<ListMyFollowing>((), &PageQuery { limit: None, cursor }).await
        };
        view! { <PagedList fetch=fetch render=followed /> }
    };
    let section = move |id: &'static str, title: usize, body: AnyView| {
        view! {
            <section class="card stack" aria-labelledby=id>
                <h2 class="card__title" id=id>{tr(title)}</h2>
                {body}
            </section>
        }
    };
    view! {
        <div class="page">
            <div class="page__header">
                <h1 class="page__title">{tr(k::NAV_MY_NETWORK)}</h1>
                <p class="muted">{tr(k::NETWORK_INTRO)}</p>
            </div>
            <div class="stack stack--loose">
                {move || {
                    // After each change every list loads again (a request accepted moves to the
                    // connections).
                    acts.version().track();
                    unfollow.version().track();
                    view! {
                        {section("incoming-title", k::NETWORK_INCOMING, list(ConnectionFilter::PendingIncoming).into_any())}
                        {section("connections-title", k::NETWORK_CONNECTIONS, list(ConnectionFilter::Accepted).into_any())}
                        {section("outgoing-title", k::NETWORK_OUTGOING, list(ConnectionFilter::PendingOutgoing).into_any())}
                        {section("following-title", k::NETWORK_FOLLOWING, following().into_any())}
                    }
                }}
            </div>
            <ConfirmDialog open=confirm title=k::NETWORK_REMOVE_CONFIRM_TITLE message=k::NETWORK_REMOVE_CONFIRM_TEXT confirm_label=k::NETWORK_REMOVE
                on_confirm=remove />
        </div>
    }
}
