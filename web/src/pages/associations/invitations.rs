//! Officers invite by email and revoke pending invitations; only the owner invites admins.

use leptos::prelude::*;
use madani_shared::associations::*;
use madani_shared::endpoints::{CreateInvitationEndpoint, ListInvitations, RevokeInvitation};
use madani_shared::ids::{AssociationId, InvitationId};
use madani_shared::page::PageQuery;

use crate::components::form::{ErrorSummary, FormState, SelectField, SubmitButton, TextField};
use crate::components::label::label;
use crate::components::list::all_pages;
use crate::components::mutation::Mutation;
use crate::i18n::{format, format_date, k, text, tr, use_locale};
use crate::session::use_session;

#[component]
pub(super) fn Invitations(id: AssociationId, owner: bool) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let form = FormState::new();
    let email = RwSignal::new(String::new());
    let role = RwSignal::new(MemberRole::Member.as_str().to_owned());
    let message = RwSignal::new(String::new());
    let invite = Mutation::new(move |request: CreateInvitation| async move {
        session.call::<CreateInvitationEndpoint>(id, &request).await
    })
    .form(form)
    .toast(k::INVITE_SENT)
    .then(move |_| {
        email.try_set(String::new());
        message.try_set(String::new());
    });
    let revoke = Mutation::new(move |invitation: InvitationId| async move {
        session.call::<RevokeInvitation>((id, invitation), &()).await
    })
    .toast(k::INVITE_REVOKED);
    let pending = LocalResource::new(move || {
        invite.version().track();
        revoke.version().track();
        // Every open invitation, within reason (the server takes at most 200 unexpired at a time).
        let page = move |cursor| {
            let query = PageQuery { limit: Some(100), cursor };
            async move { session.call::<ListInvitations>(id, &query).await }
        };
        async move { all_pages(page, 5).await.unwrap_or_default() }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        invite.submit(CreateInvitation {
            email: email.get_untracked().trim().to_owned(),
            role: MemberRole::parse(&role.get_untracked()).unwrap_or(MemberRole::Member),
            message: Some(message.get_untracked()).filter(|m| !m.trim().is_empty()),
        });
    };
    let mut roles = vec![(MemberRole::Member.as_str(), k::MROLE_MEMBER)];
    if owner {
        roles.push((MemberRole::Admin.as_str(), k::MROLE_ADMIN));
    }
    let item = move |i: Invitation| {
        let invitation = i.id;
        let expired = i.status == InvitationStatus::Expired;
        let until = i.expires_at;
        view! {
            <li class="list__item">
                <div>
                    <bdi>{i.email.clone()}</bdi>
                    <p class="list__meta">
                        {move || label(locale.get(), "mrole", i.role.as_str())} " · "
                        {move || if expired {
                            text(locale.get(), k::INVITE_EXPIRED).to_owned()
                        } else {
                            format(locale.get(), k::INVITE_EXPIRES, &[("date", &format_date(locale.get(), until))])
                        }}
                    </p>
                </div>
                <button type="button" class="btn btn--secondary btn--small" on:click=move |_| revoke.dispatch(invitation)>
                    {tr(k::INVITE_REVOKE)}
                </button>
            </li>
        }
    };
    view! {
        <section class="card stack" aria-labelledby="invitations-title">
            <h2 class="card__title" id="invitations-title">{tr(k::INVITE_TITLE)}</h2>
            <p class="muted">{tr(k::INVITE_LEAD)}</p>
            <form class="stack" id="invite-form" on:submit=submit novalidate=true>
                <ErrorSummary form=form />
                <TextField id="invite-email" field="email" label=k::INVITE_EMAIL value=email form=form kind="email" dir="ltr" />
                <SelectField id="invite-role" field="role" label=k::INVITE_ROLE value=role options=roles form=form />
                <TextField id="invite-message" field="message" label=k::INVITE_MESSAGE value=message form=form required=false />
                <div class="form-actions">
                    <SubmitButton label=k::INVITE_SEND form=form />
                </div>
            </form>
            <h3 class="card__subtitle">{tr(k::INVITE_PENDING)}</h3>
            {move || {
                let list = pending.get().unwrap_or_default();
                if list.is_empty() {
                    view! { <p class="muted">{tr(k::INVITE_NONE)}</p> }.into_any()
                } else {
                    view! { <ul class="list" id="invitation-list">{list.into_iter().map(item).collect_view()}</ul> }.into_any()
                }
            }}
        </section>
    }
}
