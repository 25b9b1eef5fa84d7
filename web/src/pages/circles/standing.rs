//! Where the reader stands with a circle, and the button that changes it: join an open circle, ask
//! to join one on request, accept (or decline) an invitation, withdraw a request waiting, leave;
//! institution staff read as observers where the circle allows it. A visitor signs in first.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use madani_shared::circles::{Circle, CircleStanding, JoinCircle, JoinPolicy};
use madani_shared::endpoints::{JoinCircleCall, RemoveCircleMember};
use madani_shared::ids::UserId;

use super::{circle_href, use_staff};
use crate::components::auth::login_then;
use crate::components::dialog::ConfirmDialog;
use crate::components::form::aria_busy;
use crate::components::mutation::Mutation;
use crate::i18n::{k, text, tr, use_locale};
use crate::session::use_session;

/// What leaving means, by where the reader stands: the toast it ends with.
fn left_key(standing: Option<CircleStanding>) -> usize {
    match standing {
        Some(CircleStanding::Requested) => k::CIRCLE_WITHDRAWN,
        Some(CircleStanding::Invited) => k::CIRCLE_DECLINED,
        _ => k::CIRCLE_LEFT,
    }
}

#[component]
pub(super) fn Standing(circle: RwSignal<Circle>, reload: Callback<()>) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let navigate = use_navigate();
    let staff = use_staff(session);
    let (id, policy, observers_allowed) = circle.with_untracked(|c| (c.id, c.policy, c.observers_allowed));
    let standing = Memo::new(move |_| circle.with(|c| c.standing));
    let join = Mutation::new(move |observer: bool| async move {
        session.call::<JoinCircleCall>(id, &JoinCircle { observer }).await
    })
    .toast_by(|c: &Circle| {
        Some(match c.standing {
            Some(CircleStanding::Requested) => k::CIRCLE_REQUEST_SENT,
            Some(CircleStanding::Observer) => k::CIRCLE_OBSERVING,
            _ => k::CIRCLE_JOINED,
        })
    })
    .then(move |c| {
        circle.try_set(c);
    });
    let leave = Mutation::new(move |(user, key): (UserId, usize)| async move {
        session.call::<RemoveCircleMember>((id, user), &()).await.map(|()| key)
    })
    .toast_by(|key: &usize| Some(*key))
    .then(move |_| {
        // An invite-only circle is no longer the reader's to see.
        if policy == JoinPolicy::Invite {
            navigate("/circles", NavigateOptions::default());
        } else {
            reload.run(());
        }
    });
    let me = move || session.user.with_untracked(|u| u.as_ref().map(|u| u.id));
    let remove_me = move || {
        if let Some(user) = me() {
            leave.dispatch((user, left_key(standing.get_untracked())));
        }
    };
    let confirm = RwSignal::new(false);
    let busy = Signal::derive(move || join.pending().get() || leave.pending().get());
    let observe = move || {
        observers_allowed
            && policy != JoinPolicy::Invite
            && standing.get().is_none()
            && session.is_signed_in()
            && staff.get().unwrap_or(false)
    };
    let button = move |id: &'static str, class: &'static str, key: usize, act: Callback<()>| {
        view! {
            <button type="button" id=id class=class disabled=move || busy.get() aria-busy=aria_busy(busy)
                on:click=move |_| act.run(())>{move || text(locale.get(), key)}</button>
        }
    };
    let join_member = Callback::new(move |()| join.dispatch(false));
    let join_observer = Callback::new(move |()| join.dispatch(true));
    let withdraw = Callback::new(move |()| remove_me());
    let ask_leave = Callback::new(move |()| confirm.set(true));
    view! {
        <div class="stack stack--tight circle__standing" id="circle-standing">
            {move || match (session.is_signed_in(), standing.get()) {
                (false, _) => view! {
                    <p>
                        <A href=login_then(&circle_href(id)) attr:class="btn btn--primary" attr:id="circle-sign-in">{tr(k::CIRCLE_SIGN_IN_TO_JOIN)}</A>
                    </p>
                }.into_any(),
                (true, None) => {
                    let (key, hint) = match policy {
                        JoinPolicy::Request => (k::CIRCLE_ASK, Some(k::CIRCLE_ASK_HINT)),
                        _ => (k::CIRCLE_JOIN, None),
                    };
                    view! {
                        <div class="cluster">{button("circle-join", "btn btn--primary", key, join_member)}</div>
                        {hint.map(|h| view! { <p class="muted">{tr(h)}</p> })}
                    }.into_any()
                }
                (true, Some(CircleStanding::Requested)) => view! {
                    <p class="muted" id="circle-waiting">{tr(k::CIRCLE_WAITING)}</p>
                    <div class="cluster">{button("circle-withdraw", "btn btn--secondary", k::CIRCLE_WITHDRAW, withdraw)}</div>
                }.into_any(),
                (true, Some(CircleStanding::Invited)) => view! {
                    <p class="muted">{tr(k::CIRCLE_INVITED_TEXT)}</p>
                    <div class="cluster">
                        {button("circle-join", "btn btn--primary", k::CIRCLE_ACCEPT, join_member)}
                        {button("circle-decline", "btn btn--secondary", k::CIRCLE_DECLINE, withdraw)}
                    </div>
                }.into_any(),
                (true, Some(_)) => view! {
                    <div class="cluster">{button("circle-leave", "btn btn--secondary", k::CIRCLE_LEAVE, ask_leave)}</div>
                }.into_any(),
            }}
            <Show when=observe>
                <div class="cluster">{button("circle-observe", "btn btn--ghost", k::CIRCLE_OBSERVE, join_observer)}</div>
                <p class="muted">{tr(k::CIRCLE_OBSERVE_HINT)}</p>
            </Show>
            <ConfirmDialog open=confirm title=k::CIRCLE_LEAVE_TITLE message=k::CIRCLE_LEAVE_TEXT confirm_label=k::CIRCLE_LEAVE
                title_id="circle-leave-title" on_confirm=Callback::new(move |()| remove_me()) />
        </div>
    }
}
