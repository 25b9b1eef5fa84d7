//! An association's members: officers change roles and remove members, the owner hands the
//! association over, and a member may leave.

use leptos::prelude::*;
use leptos_router::components::A;
use madani_shared::associations::*;
use madani_shared::endpoints::{ListMembers, RemoveMember, TransferOwnershipEndpoint, UpdateMemberEndpoint};
use madani_shared::ids::{AssociationId, UserId};
use madani_shared::page::PageQuery;

use crate::components::dialog::ConfirmDialog;
use crate::components::label::label;
use crate::components::list::PagedList;
use crate::components::mutation::Mutation;
use crate::i18n::{format, k, tr, use_locale};
use crate::session::use_session;

/// Members shown at a time.
const PAGE: u32 = 50;

/// What an officer or member does to a membership.
#[derive(Clone, Copy)]
enum Change {
    Role(UserId, MemberRole),
    Remove(UserId),
    Transfer(UserId),
}

#[component]
pub(super) fn Members(id: AssociationId, viewer: Option<MemberRole>, refetch: Callback<()>) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let me = session.user.with_untracked(|u| u.as_ref().map(|u| u.id));
    let change = Mutation::new(move |change: Change| async move {
        match change {
            Change::Role(user, role) => {
                session.call::<UpdateMemberEndpoint>((id, user), &UpdateMember { role }).await.map(drop)
            }
            Change::Remove(user) => session.call::<RemoveMember>((id, user), &()).await,
            Change::Transfer(user) => {
                session.call::<TransferOwnershipEndpoint>(id, &TransferOwnership { user_id: user }).await
            }
        }
        .map(|()| match change {
            Change::Role(..) => k::ASSOC_ROLE_CHANGED,
            Change::Remove(user) if Some(user) == me => k::ASSOC_LEFT,
            Change::Remove(_) => k::ASSOC_REMOVED,
            Change::Transfer(_) => k::ASSOC_TRANSFERRED,
        })
    })
    .toast_by(|key| Some(*key))
    .then(move |_| {
        refetch.try_run(());
    });
    let transfer_to: RwSignal<Option<UserId>> = RwSignal::new(None);
    let confirm = RwSignal::new(false);
    let transfer = Callback::new(move |_| {
        if let Some(user) = transfer_to.get_untracked() {
            change.dispatch(Change::Transfer(user));
        }
    });
    let row = move |m: Member| {
        let user = m.user_id;
        let is_me = Some(user) == me;
        let manage_role = matches!(viewer, Some(MemberRole::Owner)) && m.role != MemberRole::Owner && !is_me;
        let can_remove = !is_me
            && m.role != MemberRole::Owner
            && (viewer == Some(MemberRole::Owner)
                || (viewer == Some(MemberRole::Admin) && m.role == MemberRole::Member));
        let can_leave = is_me && m.role != MemberRole::Owner;
        let select_id = format!("role-{user}");
        let name = m.display_name.clone();
        view! {
            <A href=format!("/members/{user}") attr:dir="auto">{m.display_name.clone()}</A>
            <div class="cluster">
                {if manage_role {
                    view! {
                        <label class="sr-only" for=select_id.clone()>{move || format(locale.get(), k::ASSOC_ROLE_OF, &[("name", &name)])}</label>
                        <select class="select" id=select_id on:change=move |ev| {
                            if let Some(role) = MemberRole::parse(&event_target_value(&ev)) {
                                change.dispatch(Change::Role(user, role));
                            }
                        }>
                            {[MemberRole::Member, MemberRole::Admin]
                                .into_iter()
                                .map(|r| view! { <option value=r.as_str() selected=m.role == r>{move || label(locale.get(), "mrole", r.as_str())}</option> })
                                .collect_view()}
                        </select>
                        <button type="button" class="btn btn--ghost btn--small" on:click=move |_| {
                            transfer_to.set(Some(user));
                            confirm.set(true);
                        }>{tr(k::ASSOC_MAKE_OWNER)}</button>
                    }
                        .into_any()
                } else {
                    view! { <span class="badge">{move || label(locale.get(), "mrole", m.role.as_str())}</span> }.into_any()
                }}
                {(can_remove || can_leave).then(|| view! {
                    <button type="button" class="btn btn--secondary btn--small" on:click=move |_| change.dispatch(Change::Remove(user))>
                        {tr(if can_leave { k::ASSOC_LEAVE } else { k::ASSOC_REMOVE })}
                    </button>
                })}
            </div>
        }
    };
    view! {
        <section class="card stack" aria-labelledby="members-title">
            <h2 class="card__title" id="members-title">{tr(k::ASSOC_MEMBERS)}</h2>
            // Read again from the start after each change (a role, a removal).
            <div id="member-list">
                {move || {
                    change.version().track();
                    let fetch = move |cursor| {
                        let query = PageQuery { limit: Some(PAGE), cursor };
                        async move { session.call::<ListMembers>(id, &query).await }
                    };
                    view! { <PagedList fetch render=row /> }
                }}
            </div>
            <ConfirmDialog open=confirm title=k::ASSOC_TRANSFER_TITLE message=k::ASSOC_TRANSFER_TEXT confirm_label=k::ASSOC_MAKE_OWNER danger=false
                on_confirm=transfer />
        </section>
    }
}
