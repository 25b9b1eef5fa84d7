//! The organisers' forms on a proposal: the official answer (a state and a text in Arabic, French
//! and English, kept as a draft or published, with one of the answering institution's own states
//! when it has some), and where to send it for an answer (an institution and the day it is due).
//! Staff of the institution it was sent to answer it too.

use leptos::prelude::*;
use madani_shared::FieldError;
use madani_shared::consultations::*;
use madani_shared::endpoints::{AnswerProposalEndpoint, ListInstitutions, ListProposalStates, RouteProposalEndpoint};
use madani_shared::ids::InstitutionId;

use super::proposals::state_text;
use crate::components::form::{ErrorSummary, FormState, Labelled, SubmitButton, TextField, described_by, invalid};
use crate::components::localized::LocalizedTextEditor;
use crate::components::mutation::Mutation;
use crate::i18n::{k, tr, use_locale};
use crate::session::{base_client, use_session};

/// The states an answer gives.
const ANSWER_STATES: [ProposalState; 3] = [ProposalState::Evaluating, ProposalState::Accepted, ProposalState::Rejected];

/// `institution`: the one the answer is recorded for, whose states it offers.
#[component]
pub(super) fn AnswerForm(proposal: RwSignal<Proposal>, institution: Option<InstitutionId>) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let form = FormState::new();
    let (id, answer) = proposal.with_untracked(|p| (p.id, p.answer.clone()));
    let state =
        RwSignal::new(answer.as_ref().map(|a| a.state).unwrap_or(ProposalState::Evaluating).as_str().to_owned());
    // The answer's own state, if it is one of this institution's (another answered it before).
    let custom = RwSignal::new(
        answer
            .as_ref()
            .and_then(|a| a.custom_state.as_ref())
            .filter(|c| Some(c.institution_id) == institution)
            .map(|c| c.key.clone())
            .unwrap_or_default(),
    );
    let states = LocalResource::new(move || async move {
        match institution {
            Some(id) => base_client().call::<ListProposalStates>(id, &()).await.unwrap_or_default(),
            None => Vec::new(),
        }
    });
    let has_states = move || states.get().is_some_and(|list| !list.is_empty());
    let answer_text = RwSignal::new(answer.as_ref().map(|a| a.text.clone()).unwrap_or_default());
    let publish = RwSignal::new(answer.as_ref().is_none_or(|a| a.published_at.is_some()));
    let save = Mutation::new(move |request: AnswerProposal| async move {
        session.call::<AnswerProposalEndpoint>(id, &request).await
    })
    .form(form)
    .toast_by(|p: &Proposal| {
        Some(if p.answer.as_ref().is_some_and(|a| a.published_at.is_some()) {
            k::PROPOSAL_ANSWER_PUBLISHED
        } else {
            k::PROPOSAL_ANSWER_SAVED
        })
    })
    .then(move |p| {
        proposal.try_set(p);
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.submit(AnswerProposal {
            state: ProposalState::parse(&state.get_untracked()).unwrap_or(ProposalState::Evaluating),
            custom_state: Some(custom.get_untracked()).filter(|k| !k.is_empty()),
            text: answer_text.get_untracked(),
            publish: publish.get_untracked(),
        });
    };
    view! {
        <section class="card stack" aria-labelledby="answer-form-title">
            <h2 class="card__title" id="answer-form-title">{tr(k::PROPOSAL_ANSWER_FORM)}</h2>
            <form class="stack" id="proposal-answer-form" on:submit=submit novalidate=true>
                <ErrorSummary form=form />
                <Labelled id="answer-state" label=k::PROPOSAL_STATE form field="state">
                    <select class="select" id="answer-state" on:change=move |ev| {
                        let chosen = event_target_value(&ev);
                        // An own state refines one base state: another base state leaves it.
                        let fits = states.get_untracked().unwrap_or_default().iter().any(|c| {
                            c.key == custom.get_untracked() && c.state.as_str() == chosen
                        });
                        if !fits {
                            custom.set(String::new());
                        }
                        state.set(chosen);
                        form.changed("state");
                        form.changed("custom_state");
                    }>
                        {ANSWER_STATES.into_iter().map(|s| view! {
                            <option value=s.as_str() selected=move || state.get() == s.as_str()>{move || state_text(locale.get(), s)}</option>
                        }).collect_view()}
                    </select>
                </Labelled>
                <Show when=has_states>
                    <Labelled id="answer-custom-state" label=k::PROPOSAL_CUSTOM_STATE hint=k::PROPOSAL_CUSTOM_STATE_HINT form field="custom_state">
                        <select class="select" id="answer-custom-state"
                            aria-invalid=invalid(form, "custom_state")
                            aria-describedby=described_by("answer-custom-state", true, form, "custom_state")
                            on:change=move |ev| {
                                custom.set(event_target_value(&ev));
                                form.changed("custom_state");
                            }>
                            <option value="" selected=move || custom.get().is_empty()>{tr(k::PROPOSAL_CUSTOM_STATE_NONE)}</option>
                            {move || {
                                let base = state.get();
                                states.get().unwrap_or_default().into_iter().filter(|c| c.state.as_str() == base).map(|c| {
                                    let key = c.key.clone();
                                    let selected = move || custom.get() == key;
                                    view! { <option value=c.key.clone() selected=selected>{move || c.label.get(locale.get()).to_owned()}</option> }
                                }).collect_view()
                            }}
                        </select>
                    </Labelled>
                </Show>
                <LocalizedTextEditor id="answer-text" label=k::PROPOSAL_ANSWER_TEXT value=answer_text form field="text" multiline=true />
                <label class="checkbox">
                    <input type="checkbox" id="answer-publish" prop:checked=move || publish.get()
                        on:change=move |ev| publish.set(event_target_checked(&ev)) />
                    {tr(k::PROPOSAL_ANSWER_PUBLISH)}
                </label>
                <div class="form-actions">
                    <SubmitButton label=k::PROPOSAL_ANSWER_SUBMIT form=form class="btn btn--primary" />
                </div>
            </form>
        </section>
    }
}

#[component]
pub(super) fn RouteForm(proposal: RwSignal<Proposal>) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let form = FormState::new();
    let (id, routing) = proposal.with_untracked(|p| (p.id, p.routing.clone()));
    let institution = RwSignal::new(routing.as_ref().map(|r| r.institution_id.to_string()).unwrap_or_default());
    let due = RwSignal::new(routing.as_ref().map(|r| r.due_on.to_string()).unwrap_or_default());
    let institutions =
        LocalResource::new(|| async { base_client().call::<ListInstitutions>((), &()).await.unwrap_or_default() });
    let route = Mutation::new(move |request: RouteProposal| async move {
        session.call::<RouteProposalEndpoint>(id, &request).await
    })
    .form(form)
    .toast(k::PROPOSAL_ROUTED)
    .then(move |p| {
        proposal.try_set(p);
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let institution_id = institution.get_untracked().parse().ok();
        let due_on = due.get_untracked().parse().ok();
        let mut problems = Vec::new();
        if institution_id.is_none() {
            problems.push(FieldError::new("institution_id", "required", ""));
        }
        if due_on.is_none() {
            problems.push(FieldError::new("due_on", "required", ""));
        }
        match (institution_id, due_on) {
            (Some(institution_id), Some(due_on)) => route.submit(RouteProposal { institution_id, due_on }),
            _ => form.show(problems),
        }
    };
    view! {
        <section class="card stack" aria-labelledby="route-form-title">
            <h2 class="card__title" id="route-form-title">{tr(k::PROPOSAL_ROUTE_FORM)}</h2>
            <form class="stack" id="proposal-route-form" on:submit=submit novalidate=true>
                <ErrorSummary form=form />
                <p class="field__hint">{tr(k::PROPOSAL_ROUTE_HINT)}</p>
                <Labelled id="route-institution" label=k::CONSULT_INSTITUTION form field="institution_id">
                    <select class="select" id="route-institution" on:change=move |ev| {
                        institution.set(event_target_value(&ev));
                        form.changed("institution_id");
                    }>
                        <option value="">{tr(k::CONSULT_CHOOSE_INSTITUTION)}</option>
                        {move || institutions.get().unwrap_or_default().into_iter().map(|i| {
                            let value = i.id.to_string();
                            let selected = institution.get_untracked() == value;
                            let name = match &i.acronym {
                                Some(a) if !a.is_empty() => format!("{} ({a})", i.name.get(locale.get())),
                                _ => i.name.get(locale.get()).to_owned(),
                            };
                            view! { <option value=value selected=selected>{name}</option> }
                        }).collect_view()}
                    </select>
                </Labelled>
                <TextField id="route-due" field="due_on" label=k::PROPOSAL_DUE_ON value=due form kind="date" />
                <SubmitButton label=k::PROPOSAL_ROUTE_SUBMIT form=form class="btn btn--primary" />
            </form>
        </section>
    }
}
