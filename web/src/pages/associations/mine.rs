//! `/my/associations`: the associations I belong to, with my role in each, and the invitations I
//! received, to accept or decline.

use leptos::prelude::*;
use leptos_router::components::A;
use madani_shared::associations::Invitation;
use madani_shared::endpoints::{AcceptInvitation, DeclineInvitation, ListMyAssociations, ListMyInvitations};
use madani_shared::ids::InvitationId;
use madani_shared::{ClientError, ErrorCode};

use super::card_with;
use crate::components::label::label;
use crate::components::loaded::{Loaded, fetched};
use crate::components::mutation::Mutation;
use crate::components::page::PageHeader;
use crate::i18n::{format, k, tr, use_locale};
use crate::session::use_session;

/// Accepting (`true`) or declining an invitation.
type Answer = Mutation<(InvitationId, bool), bool>;

#[component]
pub fn MyAssociations() -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    // Invitations withdrawn as someone answered them (whoever sent one may no longer grant its
    // role): the list is read again, without it.
    let withdrawn = RwSignal::new(0_usize);
    let answer: Answer = Mutation::new(move |(id, accept): (InvitationId, bool)| async move {
        let answer = if accept {
            session.call::<AcceptInvitation>(id, &()).await.map(drop)
        } else {
            session.call::<DeclineInvitation>(id, &()).await.map(drop)
        };
        if matches!(&answer, Err(ClientError::Api(p)) if p.code == ErrorCode::InvitationVoid) {
            withdrawn.try_update(|n| *n += 1);
        }
        answer.map(|()| accept)
    })
    .toast_by(|accepted| Some(if *accepted { k::INVITE_ACCEPTED } else { k::INVITE_DECLINED }));
    let mine = LocalResource::new(move || {
        answer.version().track();
        async move { fetched(session.call::<ListMyAssociations>((), &()).await) }
    });
    view! {
        <div class="page">
            <PageHeader title=k::MY_TITLE>
                <A href="/associations/new" attr:class="btn btn--primary">{tr(k::DIR_REGISTER)}</A>
            </PageHeader>
            <MyInvitations answer withdrawn />
            <Loaded resource=mine is_empty=Vec::is_empty empty_message=k::MY_EMPTY let:list>
                <div class="grid grid--cards">
                    {list
                        .into_iter()
                        .map(|m| card_with(m.association, view! {
                            <p class="card__role">
                                <span class="badge badge--info">
                                    {move || format(locale.get(), k::ASSOC_YOUR_ROLE, &[("role", &label(locale.get(), "mrole", m.role.as_str()))])}
                                </span>
                            </p>
                        }))
                        .collect_view()}
                </div>
            </Loaded>
        </div>
    }
}

/// Invitations addressed to you, with accept and decline.
#[component]
fn MyInvitations(answer: Answer, withdrawn: RwSignal<usize>) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let invitations = LocalResource::new(move || {
        answer.version().track();
        withdrawn.track();
        async move { session.call::<ListMyInvitations>((), &()).await.unwrap_or_default() }
    });
    let item = move |i: Invitation| {
        let invitation = i.id;
        let name = i.association_name.clone();
        let inviter = i.invited_by.clone().unwrap_or_default();
        let role = i.role;
        view! {
            <li class="list__item">
                <div>
                    <A href=format!("/associations/{}", i.association_id) attr:dir="auto">{move || name.get(locale.get()).to_owned()}</A>
                    <p class="list__meta">
                        {move || format(locale.get(), k::INVITE_FROM, &[("name", &inviter), ("role", &label(locale.get(), "mrole", role.as_str()))])}
                    </p>
                    {i.message.clone().map(|m| view! { <p class="list__meta" dir="auto">{m}</p> })}
                </div>
                <div class="cluster">
                    <button type="button" class="btn btn--primary btn--small accept" on:click=move |_| answer.dispatch((invitation, true))>{tr(k::INVITE_ACCEPT)}</button>
                    <button type="button" class="btn btn--secondary btn--small" on:click=move |_| answer.dispatch((invitation, false))>{tr(k::INVITE_DECLINE)}</button>
                </div>
            </li>
        }
    };
    move || {
        let list = invitations.get().unwrap_or_default();
        (!list.is_empty()).then(|| {
            view! {
                <section class="card stack" aria-labelledby="my-invitations-title">
                    <h2 class="card__title" id="my-invitations-title">{tr(k::INVITE_FOR_YOU)}</h2>
                    <ul class="list" id="my-invitations">{list.into_iter().map(item).collect_view()}</ul>
                </section>
            }
        })
    }
}
