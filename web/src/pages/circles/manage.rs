//! A circle's people: for its moderators, the requests to join (approve or refuse) and the
//! invitations not yet accepted (withdraw); for whoever reads the circle, its members with their
//! roles.

use leptos::prelude::*;
use leptos_router::components::A;
use madani_shared::circles::{CircleMembersQuery, CirclePending, CircleRole, CircleStanding, DecideCircleRequest};
use madani_shared::endpoints::{DecideCircleRequestCall, ListCircleMembers, ListCirclePending, RemoveCircleMember};
use madani_shared::ids::{CircleId, UserId};

use crate::components::form::aria_busy;
use crate::components::loaded::{Loaded, fetched};
use crate::components::mutation::Mutation;
use crate::components::search::{Search, SearchResults};
use crate::i18n::{format_datetime, k, text, tr, use_locale};
use crate::session::use_session;

/// What a moderator does with someone waiting.
#[derive(Clone, Copy, PartialEq)]
enum Decision {
    Approve,
    Refuse,
    Withdraw,
}

#[component]
pub(super) fn Pending(circle: CircleId, reload: Callback<()>) -> impl IntoView {
    let session = use_session();
    let decide = Mutation::new(move |(user, decision): (UserId, Decision)| async move {
        match decision {
            Decision::Approve | Decision::Refuse => {
                let request = DecideCircleRequest { approve: decision == Decision::Approve };
                session.call::<DecideCircleRequestCall>((circle, user), &request).await?;
            }
            Decision::Withdraw => session.call::<RemoveCircleMember>((circle, user), &()).await?,
        }
        Ok::<_, madani_shared::ClientError>(decision)
    })
    .toast_by(|d: &Decision| {
        Some(match d {
            Decision::Approve => k::CIRCLE_APPROVED,
            Decision::Refuse => k::CIRCLE_REFUSED,
            Decision::Withdraw => k::CIRCLE_INVITATION_WITHDRAWN,
        })
    })
    .then(move |d| {
        // A new member counts in the circle's header.
        if d == Decision::Approve {
            reload.run(());
        }
    });
    let pending = LocalResource::new(move || {
        decide.version().track();
        async move { fetched(session.call::<ListCirclePending>(circle, &()).await) }
    });
    view! {
        <section class="card stack" aria-labelledby="pending-title" id="circle-pending">
            <h2 class="card__title" id="pending-title">{tr(k::CIRCLE_PENDING_TITLE)}</h2>
            <Loaded resource=pending is_empty=Vec::is_empty empty_message=k::CIRCLE_PENDING_EMPTY let:list>
                <ul class="list" id="pending-list">
                    {list.into_iter().map(|p| view! { <PendingItem p decide=decide /> }).collect_view()}
                </ul>
            </Loaded>
        </section>
    }
}

#[component]
fn PendingItem(p: CirclePending, decide: Mutation<(UserId, Decision), Decision>) -> impl IntoView {
    let locale = use_locale();
    let user = p.user_id;
    let since = p.since;
    let requested = p.standing == CircleStanding::Requested;
    let busy = decide.pending();
    let button = move |suffix: &'static str, class: &'static str, key: usize, decision: Decision| {
        view! {
            <button type="button" class=class id=format!("pending-{user}-{suffix}") disabled=move || busy.get()
                aria-busy=aria_busy(busy) aria-describedby=format!("pending-{user}-name")
                on:click=move |_| decide.dispatch((user, decision))>{tr(key)}</button>
        }
    };
    view! {
        <li class="list__item" id=format!("pending-{user}") data-standing=p.standing.as_str()>
            <div class="stack stack--tight">
                <A href=format!("/members/{user}") attr:id=format!("pending-{user}-name")><bdi>{p.name.clone()}</bdi></A>
                <p class="list__meta">
                    {move || {
                        let lang = locale.get();
                        let key = if requested { k::CIRCLE_REQUESTED_ON } else { k::CIRCLE_INVITED_ON };
                        text(lang, key).replace("{when}", &format_datetime(lang, since))
                    }}
                </p>
            </div>
            <div class="cluster">
                {if requested {
                    view! {
                        {button("approve", "btn btn--primary btn--small", k::CIRCLE_APPROVE, Decision::Approve)}
                        {button("refuse", "btn btn--secondary btn--small", k::CIRCLE_REFUSE, Decision::Refuse)}
                    }
                    .into_any()
                } else {
                    button("withdraw", "btn btn--secondary btn--small", k::CIRCLE_WITHDRAW_INVITATION, Decision::Withdraw).into_any()
                }}
            </div>
        </li>
    }
}

/// The circle's members (moderators, members, observers), 50 at a time; read again when their
/// number changes (a request approved).
#[component]
pub(super) fn Members(circle: CircleId, count: Memo<i64>) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let search = Search::new(move |cursor| {
        session.user.track();
        // Read, not only tracked: a memo nobody reads is never computed, nor told of changes.
        let _ = count.get();
        let query = CircleMembersQuery { limit: Some(50), cursor, q: None };
        async move { session.call_as_viewer::<ListCircleMembers>(circle, &query).await }
    });
    view! {
        <section class="card stack" aria-labelledby="members-title" id="circle-members">
            <h2 class="card__title" id="members-title">{tr(k::CIRCLE_MEMBERS_TITLE)}</h2>
            <SearchResults search empty_message=k::CIRCLE_MEMBERS_EMPTY more_id="members-more">
                <ul class="list" id="members-list">
                    {move || search.items.get().into_iter().map(|m| {
                        let (class, key) = match m.role {
                            CircleRole::Moderator => ("badge badge--info", k::CIRCLE_ROLE_MODERATOR),
                            CircleRole::Member => ("badge", k::CIRCLE_ROLE_MEMBER),
                            CircleRole::Observer => ("badge badge--warning", k::CIRCLE_ROLE_OBSERVER),
                        };
                        view! {
                            <li class="list__item" data-role=m.role.as_str()>
                                <A href=format!("/members/{}", m.user_id)><bdi>{m.name}</bdi></A>
                                <span class=class>{move || text(locale.get(), key)}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </SearchResults>
        </section>
    }
}
