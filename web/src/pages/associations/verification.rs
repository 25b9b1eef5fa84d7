//! `/staff/verification`: the observatory verifies the associations registered, rejects them with a
//! reason, or deletes a registration that is not its registrant's to make (a number squatted, a
//! duplicate). Each shows its registration number and the other associations registered under it.

use leptos::prelude::*;
use leptos_router::components::A;
use madani_shared::FieldError;
use madani_shared::associations::{
    AssociationStatus, NumberClaim, QueuedAssociation, StatusDecision, VerificationQueueQuery,
};
use madani_shared::endpoints::{DeleteAssociation, RejectAssociation, VerificationQueue, VerifyAssociation};
use madani_shared::ids::AssociationId;

use super::{card, status_badge};
use crate::components::dialog::ConfirmDialog;
use crate::components::form::{ErrorSummary, FormState, TextField};
use crate::components::loaded::{Loaded, fetched};
use crate::components::mutation::Mutation;
use crate::components::page::StaffHeader;
use crate::i18n::{k, tr, use_locale};
use crate::session::use_session;

/// What staff ask of a queued association, besides verifying or rejecting it (which its entry
/// sends): deleting it, after a confirmation, and loading the queue again.
#[derive(Clone, Copy)]
struct Decisions {
    delete: Callback<(AssociationId, String)>,
    decided: Trigger,
}

#[component]
pub fn VerificationQueuePage() -> impl IntoView {
    let session = use_session();
    let decided = Trigger::new();
    let delete = Mutation::new(move |(id, reason): (AssociationId, String)| async move {
        session.call::<DeleteAssociation>(id, &StatusDecision { reason: Some(reason) }).await
    })
    .toast(k::VERIFY_DELETED);
    let queue = LocalResource::new(move || {
        decided.track();
        delete.version().track();
        async move {
            let query = VerificationQueueQuery { limit: Some(50), ..Default::default() };
            fetched(session.call::<VerificationQueue>((), &query).await.map(|page| page.items))
        }
    });
    // The association the dialog asks about deleting, and why.
    let deleting: RwSignal<Option<(AssociationId, String)>> = RwSignal::new(None);
    let confirm = RwSignal::new(false);
    let decisions = Decisions {
        delete: Callback::new(move |asked: (AssociationId, String)| {
            deleting.set(Some(asked));
            confirm.set(true);
        }),
        decided,
    };
    let confirmed = Callback::new(move |()| {
        if let Some(asked) = deleting.get_untracked() {
            delete.dispatch(asked);
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

/// What staff do with one association.
#[derive(Clone, Copy)]
enum Action {
    Verify,
    Reject,
    Delete,
}

/// One association waiting: its card, its registration number and who else claims it, and the
/// decision as a small form: the reason (needed to reject or delete) and the buttons.
#[component]
fn QueuedEntry(entry: QueuedAssociation, decisions: Decisions) -> impl IntoView {
    let session = use_session();
    let a = entry.association;
    let id = a.id;
    let reason_id = format!("reason-{id}");
    let form = FormState::new();
    let reason = RwSignal::new(String::new());
    let decide = Mutation::new(move |(verify, reason): (bool, Option<String>)| async move {
        let body = StatusDecision { reason };
        if verify {
            session.call::<VerifyAssociation>(id, &body).await.map(drop)
        } else {
            session.call::<RejectAssociation>(id, &body).await.map(drop)
        }
    })
    .form(form)
    .toast(k::VERIFY_DONE)
    .then(move |()| decisions.decided.notify());
    let act = move |action: Action| {
        form.clear();
        let given = Some(reason.get_untracked().trim().to_owned()).filter(|r| !r.is_empty());
        match (action, given) {
            (Action::Verify, given) => decide.dispatch((true, given)),
            (Action::Reject, Some(given)) => decide.dispatch((false, Some(given))),
            (Action::Delete, Some(given)) => decisions.delete.run((id, given)),
            (_, None) => {
                let message = String::new();
                form.show(vec![FieldError { field: "reason".into(), code: "required".into(), message }]);
            }
        }
    };
    let button = move |action: Action, class: &'static str, key: usize| {
        view! {
            <button type="button" class=class disabled=move || form.pending.get() on:click=move |_| act(action)>{tr(key)}</button>
        }
    };
    view! {
        <li class="list__item stack" id=format!("queued-{id}")>
            {card(a)}
            <dl class="kv">
                <dt>{tr(k::ASSOC_REGISTRATION_NUMBER)}</dt>
                <dd><bdi id=format!("number-{id}")>{entry.registration_number}</bdi></dd>
            </dl>
            {claims_view(id, entry.number_claimed_by)}
            <form class="stack" on:submit=move |ev| ev.prevent_default() novalidate=true>
                <ErrorSummary form=form />
                <TextField id=reason_id label=k::ASSOC_REASON value=reason form=form field="reason" hint=k::VERIFY_REASON_HINT required=false dir="auto" />
                <div class="cluster">
                    {button(Action::Verify, "btn btn--primary btn--small verify", k::VERIFY_VERIFY)}
                    {button(Action::Reject, "btn btn--secondary btn--small reject", k::VERIFY_REJECT)}
                    <button type="button" class="btn btn--danger btn--small delete" id=format!("delete-{id}") disabled=move || form.pending.get()
                        on:click=move |_| act(Action::Delete)>{tr(k::VERIFY_DELETE)}</button>
                </div>
            </form>
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
