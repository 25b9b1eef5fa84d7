//! `/staff/verification`: the observatory verifies the associations registered, rejects them with a
//! reason, or deletes a registration that is not its registrant's to make (a number squatted, a
//! duplicate). Each shows its registration number and the other associations registered under it.

use std::collections::HashMap;

use leptos::prelude::*;
use leptos_router::components::A;
use madani_shared::associations::{
    AssociationStatus, NumberClaim, QueuedAssociation, StatusDecision, VerificationQueueQuery,
};
use madani_shared::endpoints::{DeleteAssociation, RejectAssociation, VerificationQueue, VerifyAssociation};
use madani_shared::ids::AssociationId;

use super::{card, status_badge};
use crate::components::dialog::ConfirmDialog;
use crate::components::form::Labelled;
use crate::components::loaded::{Loaded, fetched};
use crate::components::mutation::Mutation;
use crate::components::page::StaffHeader;
use crate::components::toast::use_toasts;
use crate::i18n::{k, text, tr, use_locale};
use crate::session::use_session;

/// What staff ask of a queued association: verify (`true`) or reject it, or delete it.
#[derive(Clone, Copy)]
struct Decisions {
    decide: Callback<(AssociationId, bool)>,
    delete: Callback<AssociationId>,
    reasons: RwSignal<HashMap<AssociationId, String>>,
}

#[component]
pub fn VerificationQueuePage() -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let toasts = use_toasts();
    // `(association, verify, reason)`.
    let decide = Mutation::new(move |(id, verify, reason): (AssociationId, bool, Option<String>)| async move {
        let body = StatusDecision { reason };
        if verify {
            session.call::<VerifyAssociation>(id, &body).await.map(drop)
        } else {
            session.call::<RejectAssociation>(id, &body).await.map(drop)
        }
    })
    .toast(k::VERIFY_DONE);
    let delete = Mutation::new(move |(id, reason): (AssociationId, String)| async move {
        session.call::<DeleteAssociation>(id, &StatusDecision { reason: Some(reason) }).await
    })
    .toast(k::VERIFY_DELETED);
    let queue = LocalResource::new(move || {
        decide.version().track();
        delete.version().track();
        async move {
            let query = VerificationQueueQuery { limit: Some(50), ..Default::default() };
            fetched(session.call::<VerificationQueue>((), &query).await.map(|page| page.items))
        }
    });
    let reasons: RwSignal<HashMap<AssociationId, String>> = RwSignal::new(Default::default());
    let reason_of =
        move |id: AssociationId| reasons.with_untracked(|r| r.get(&id).cloned()).filter(|r| !r.trim().is_empty());
    let reason_required = move || toasts.error(text(locale.get_untracked(), k::VERIFY_REASON_REQUIRED));
    // The association the dialog asks about deleting.
    let deleting: RwSignal<Option<AssociationId>> = RwSignal::new(None);
    let confirm = RwSignal::new(false);
    let decisions = Decisions {
        decide: Callback::new(move |(id, verify): (AssociationId, bool)| {
            let reason = reason_of(id);
            if !verify && reason.is_none() {
                reason_required();
            } else {
                decide.dispatch((id, verify, reason));
            }
        }),
        delete: Callback::new(move |id: AssociationId| {
            if reason_of(id).is_none() {
                reason_required();
            } else {
                deleting.set(Some(id));
                confirm.set(true);
            }
        }),
        reasons,
    };
    let confirmed = Callback::new(move |()| {
        if let Some(id) = deleting.get_untracked()
            && let Some(reason) = reason_of(id)
        {
            delete.dispatch((id, reason.trim().to_owned()));
        }
    });
    let staff = move || session.user.with(|u| u.as_ref().is_some_and(|u| u.role.is_staff()));
    view! {
        <div class="page">
            <StaffHeader title=k::VERIFY_QUEUE_TITLE lead=k::VERIFY_QUEUE_LEAD />
            <Show when=staff fallback=|| view! { <div class="alert alert--error" role="alert">{tr(k::ERROR_FORBIDDEN)}</div> }>
                <Loaded resource=queue is_empty=Vec::is_empty empty_message=k::VERIFY_EMPTY let:list>
                    <ul class="list" id="verification-queue">
                        {list.into_iter().map(|entry| view! { <QueuedEntry entry decisions /> }).collect_view()}
                    </ul>
                </Loaded>
                <ConfirmDialog open=confirm title=k::VERIFY_DELETE_TITLE message=k::VERIFY_DELETE_TEXT
                    confirm_label=k::VERIFY_DELETE on_confirm=confirmed title_id="delete-association-title" />
            </Show>
        </div>
    }
}

/// One association waiting: its card, its registration number and who else claims it, the reason,
/// and the decisions.
#[component]
fn QueuedEntry(entry: QueuedAssociation, decisions: Decisions) -> impl IntoView {
    let a = entry.association;
    let id = a.id;
    let reason_id = format!("reason-{id}");
    let hint_id = format!("{reason_id}-hint");
    let Decisions { decide, delete, reasons } = decisions;
    view! {
        <li class="list__item stack" id=format!("queued-{id}")>
            {card(a)}
            <dl class="kv">
                <dt>{tr(k::ASSOC_REGISTRATION_NUMBER)}</dt>
                <dd><bdi id=format!("number-{id}")>{entry.registration_number}</bdi></dd>
            </dl>
            {claims_view(id, entry.number_claimed_by)}
            <Labelled id=reason_id.clone() label=k::ASSOC_REASON hint=k::VERIFY_REASON_HINT>
                <input class="input" id=reason_id aria-describedby=hint_id dir="auto" on:input=move |ev| {
                    let v = event_target_value(&ev);
                    reasons.update(|r| { r.insert(id, v); });
                } />
            </Labelled>
            <div class="cluster">
                <button type="button" class="btn btn--primary btn--small verify" on:click=move |_| decide.run((id, true))>{tr(k::VERIFY_VERIFY)}</button>
                <button type="button" class="btn btn--secondary btn--small reject" on:click=move |_| decide.run((id, false))>{tr(k::VERIFY_REJECT)}</button>
                <button type="button" class="btn btn--danger btn--small delete" id=format!("delete-{id}") on:click=move |_| delete.run(id)>{tr(k::VERIFY_DELETE)}</button>
            </div>
        </li>
    }
}

/// The other associations registered under the same number, with links: a warning while they only
/// compete for it, an error when a verified or suspended one holds it (verifying is then refused).
fn claims_view(id: AssociationId, claims: Vec<NumberClaim>) -> impl IntoView {
    let locale = use_locale();
    let held = claims.iter().any(|c| matches!(c.status, AssociationStatus::Verified | AssociationStatus::Suspended));
    (!claims.is_empty()).then(|| {
        view! {
            <div class=if held { "alert alert--error stack stack--tight" } else { "alert alert--warning stack stack--tight" } id=format!("claims-{id}")>
                <p><strong>{tr(k::VERIFY_NUMBER_CLAIMED)}</strong></p>
                <ul class="plain-list stack stack--tight">
                    {claims
                        .into_iter()
                        .map(|c| {
                            let name = c.name.clone();
                            view! {
                                <li class="cluster">
                                    <A href=format!("/associations/{}", c.id) attr:dir="auto">{move || name.get(locale.get()).to_owned()}</A>
                                    {status_badge(c.status)}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
                <p>{tr(if held { k::VERIFY_NUMBER_HELD } else { k::VERIFY_NUMBER_COMPETING })}</p>
            </div>
        }
    })
}
