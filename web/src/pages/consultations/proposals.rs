//! `/consultations/:id/proposals`: a consultation's proposals — most supported, newest, or shuffled
//! by a seed kept in the address (so that "Load more" and a shared link keep the order), filtered
//! by state — and, while it is open, the form to propose.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use madani_shared::associations::MemberRole;
use madani_shared::consultations::*;
use madani_shared::endpoints::{
    CreateProposalEndpoint, GetConsultation, ListMyAssociations, ListProposals, ListWilayas,
};
use madani_shared::ids::ConsultationId;

use super::{
    check_scoped, consultation_href, custom_state_badge, proposal_href, proposals_href, routing_delay, scoped_error,
    session_ready,
};
use crate::app::use_title;
use crate::components::auth::login_then;
use crate::components::facet::FacetSelect;
use crate::components::form::{ErrorSummary, FormState, Labelled, SubmitButton, TextAreaField, TextField};
use crate::components::loaded::{Loaded, param, read_of};
use crate::components::mutation::Mutation;
use crate::components::page::BackLink;
use crate::components::search::{Search, SearchResults};
use crate::components::territory::wilaya_label;
use crate::i18n::{format, k, plural, tr, use_locale};
use crate::session::{base_client, use_session};

/// The states a list may be filtered by, in their order.
const STATES: [ProposalState; 4] =
    [ProposalState::NotAnswered, ProposalState::Evaluating, ProposalState::Accepted, ProposalState::Rejected];

/// A fresh shuffle for "random" (the API takes 0 to 1,000,000).
fn new_seed() -> u32 {
    (js_sys::Math::random() * 1_000_000.0) as u32
}

/// The query of the page's address: `?sort=random&seed=123&state=accepted`.
fn list_query(sort: ProposalSort, seed: Option<u32>, state: Option<ProposalState>) -> String {
    let mut parts = Vec::new();
    if sort != ProposalSort::MostSupported {
        parts.push(format!("sort={}", sort.as_str()));
    }
    if let (ProposalSort::Random, Some(seed)) = (sort, seed) {
        parts.push(format!("seed={seed}"));
    }
    if let Some(state) = state {
        parts.push(format!("state={}", state.as_str()));
    }
    if parts.is_empty() { String::new() } else { format!("?{}", parts.join("&")) }
}

#[component]
pub fn ProposalsPage() -> impl IntoView {
    use_title(k::PROPOSAL_LIST_TITLE);
    let session = use_session();
    let consultation = read_of(param::<ConsultationId>("id"), move |id| {
        session.user.track();
        async move {
            session_ready(session).await;
            session.call_as_viewer::<GetConsultation>(id, &()).await
        }
    });
    view! {
        <div class="page">
            <Loaded resource=consultation title=k::PROPOSAL_LIST_TITLE let:c>
                <ProposalsView c />
            </Loaded>
        </div>
    }
}

/// A proposal in a list: its title (a link), who made it, where, its supports, state and comments.
pub(super) fn proposal_card(p: Proposal) -> impl IntoView {
    let locale = use_locale();
    let association = p.association_name.clone();
    let author = p.author_name.clone();
    let (supports, comments) = (p.support_count, p.comment_count);
    let routing = p.routing.clone();
    view! {
        <article class="card card--link proposal-card" data-proposal=p.id.to_string()>
            <h2 class="card__title">
                <A href=proposal_href(p.id) attr:dir="auto">{p.title.clone()}</A>
            </h2>
            <p class="list__meta">
                <bdi>{author}</bdi>
                {association.map(|a| view! { " · " <bdi>{move || a.get(locale.get()).to_owned()}</bdi> })}
                {p.wilaya_code.clone().map(|w| view! { " · " <bdi>{wilaya_label(w)}</bdi> })}
            </p>
            <p class="cluster">
                {custom_state_badge(p.state, p.custom_state.clone())}
                {p.threshold_reached.then(|| view! { <span class="badge badge--success">{tr(k::PROPOSAL_THRESHOLD_REACHED)}</span> })}
                {p.hidden.then(|| view! { <span class="badge badge--warning">{tr(k::MODERATION_HIDDEN)}</span> })}
                {routing.map(|r| view! { <span class="proposal-card__delay">{move || routing_delay(locale.get(), &r)}</span> })}
            </p>
            <p class="list__meta">
                <span class="proposal-card__supports">{move || plural(locale.get(), "proposal.supports_count", supports)}</span>
                " · "
                <span>{move || plural(locale.get(), "proposal.comments_count", comments)}</span>
            </p>
        </article>
    }
}

#[component]
fn ProposalsView(c: Consultation) -> impl IntoView {
    let locale = use_locale();
    let session = use_session();
    let navigate = use_navigate();
    let query = use_query_map();
    let id = c.summary.id;
    let title = c.summary.title.clone();
    let sort = Memo::new(move |_| {
        query.with(|q| q.get("sort").and_then(|s| ProposalSort::parse(&s))).unwrap_or(ProposalSort::MostSupported)
    });
    let seed = Memo::new(move |_| query.with(|q| q.get("seed").and_then(|s| s.parse::<u32>().ok())));
    let state = Memo::new(move |_| query.with(|q| q.get("state").and_then(|s| ProposalState::parse(&s))));
    let go = move |sort: ProposalSort, seed: Option<u32>, state: Option<ProposalState>| {
        let to = format!("{}{}", proposals_href(id), list_query(sort, seed, state));
        navigate(&to, NavigateOptions { replace: true, scroll: false, ..Default::default() });
    };
    // "Random" comes with its seed; a link without one gets one (the address then keeps it).
    {
        let go = go.clone();
        Effect::new(move |_| {
            if sort.get() == ProposalSort::Random && seed.get().is_none() {
                go(ProposalSort::Random, Some(new_seed()), state.get_untracked());
            }
        });
    }
    let search = Search::new(move |cursor| {
        let request = ListProposalsQuery {
            sort: Some(sort.get()),
            seed: (sort.get() == ProposalSort::Random).then(|| seed.get()).flatten(),
            state: state.get(),
            limit: None,
            cursor,
        };
        async move {
            session_ready(session).await;
            session.call_as_viewer::<ListProposals>(id, &request).await
        }
    });
    // The filters, as selects that follow the address.
    let sort_choice = RwSignal::new(sort.get_untracked().as_str().to_owned());
    let state_choice = RwSignal::new(state.get_untracked().map(|s| s.as_str().to_owned()).unwrap_or_default());
    {
        let go = go.clone();
        Effect::watch(
            move || (sort_choice.get(), state_choice.get()),
            move |(s, st), _, _| {
                let s = ProposalSort::parse(s).unwrap_or(ProposalSort::MostSupported);
                let st = ProposalState::parse(st);
                let seed = (s == ProposalSort::Random).then(|| seed.get_untracked().unwrap_or_else(new_seed));
                go(s, seed, st);
            },
            false,
        );
    }
    let open = c.summary.phase == ConsultationPhase::Open;
    let takes = c.proposals_enabled;
    let blocked = c.viewer.blocked;
    let here = proposals_href(id);
    view! {
        <div class="stack stack--loose proposals">
            <div class="page__header stack stack--tight">
                <BackLink href=consultation_href(id) label=k::CONSULT_BACK_TO_ONE />
                <h1 class="page__title" id="proposals-title">
                    <span class="results__kicker">{tr(k::PROPOSAL_LIST_TITLE)}</span>
                    <span dir="auto">{move || title.get(locale.get()).to_owned()}</span>
                </h1>
                {c.viewer.organiser.then(|| view! {
                    <p><A href=format!("{}/moderation", consultation_href(id)) attr:class="btn btn--secondary btn--small" attr:id="moderation-link">{tr(k::MODERATION_TITLE)}</A></p>
                })}
            </div>
            {move || {
                if !takes {
                    view! { <p class="alert alert--info" id="proposals-closed">{tr(k::ERROR_PROPOSALS_DISABLED)}</p> }.into_any()
                } else if !open {
                    view! { <p class="alert alert--info" id="proposals-closed">{tr(k::PROPOSAL_ONLY_WHILE_OPEN)}</p> }.into_any()
                } else if !session.is_signed_in() {
                    let href = login_then(&here);
                    view! { <p><A href=href attr:class="btn btn--primary" attr:id="propose-sign-in">{tr(k::PROPOSAL_SIGN_IN)}</A></p> }.into_any()
                } else if blocked {
                    view! { <p class="alert alert--warning" id="proposals-blocked">{tr(k::ERROR_BLOCKED_FROM_CONSULTATION)}</p> }.into_any()
                } else {
                    view! { <ProposeForm consultation=id /> }.into_any()
                }
            }}
            <section class="stack">
                <fieldset class="cluster">
                    <legend class="sr-only">{tr(k::DIR_FILTERS)}</legend>
                    <div class="field">
                        <label class="field__label" for="proposals-sort">{tr(k::PROPOSAL_SORT)}</label>
                        <select class="select" id="proposals-sort" on:change=move |ev| sort_choice.set(event_target_value(&ev))>
                            {[
                                (ProposalSort::MostSupported, k::PROPOSAL_SORT_MOST_SUPPORTED),
                                (ProposalSort::Newest, k::PROPOSAL_SORT_NEWEST),
                                (ProposalSort::Random, k::PROPOSAL_SORT_RANDOM),
                            ]
                                .into_iter()
                                .map(|(s, key)| view! { <option value=s.as_str() selected=move || sort.get() == s>{tr(key)}</option> })
                                .collect_view()}
                        </select>
                    </div>
                    <FacetSelect id="proposals-state" label=k::PROPOSAL_STATE selected=state_choice options=|lang| {
                        STATES.iter().map(|s| (s.as_str().to_owned(), state_text(lang, *s))).collect()
                    } />
                </fieldset>
                <SearchResults search empty_message=k::PROPOSAL_NONE more_id="proposals-more">
                    <div class="grid grid--cards" id="proposals-results">
                        {move || search.items.get().into_iter().map(proposal_card).collect_view()}
                    </div>
                </SearchResults>
            </section>
        </div>
    }
}

/// A state in words.
pub(super) fn state_text(lang: madani_shared::text::Language, state: ProposalState) -> String {
    crate::components::label::label(lang, "proposal.state", state.as_str())
}

/// Propose: a title, the text, and optionally an association (one the member is an officer of)
/// and a wilaya.
#[component]
fn ProposeForm(consultation: ConsultationId) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let navigate = use_navigate();
    let form = FormState::new();
    let title = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let association = RwSignal::new(String::new());
    let wilaya = RwSignal::new(String::new());
    let mine = LocalResource::new(move || async move {
        let list = session.call::<ListMyAssociations>((), &()).await.unwrap_or_default();
        list.into_iter().filter(|m| matches!(m.role, MemberRole::Owner | MemberRole::Admin)).collect::<Vec<_>>()
    });
    let wilayas = LocalResource::new(|| async { base_client().call::<ListWilayas>((), &()).await.unwrap_or_default() });
    let create = Mutation::new(move |request: CreateProposal| async move {
        session.call::<CreateProposalEndpoint>(consultation, &request).await.map_err(scoped_error("proposal"))
    })
    .form(form)
    .toast(k::PROPOSAL_CREATED)
    .then(move |p| navigate(&proposal_href(p.id), NavigateOptions::default()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = CreateProposal {
            title: title.get_untracked().trim().to_owned(),
            body: body.get_untracked(),
            association_id: association.get_untracked().parse().ok(),
            wilaya_code: Some(wilaya.get_untracked()).filter(|w| !w.is_empty()),
        };
        if check_scoped(form, "proposal", &request) {
            create.dispatch(request);
        }
    };
    view! {
        <details class="card propose" id="propose">
            <summary class="card__title">{tr(k::PROPOSAL_NEW)}</summary>
            <form class="stack" id="propose-form" on:submit=submit novalidate=true>
                <ErrorSummary form=form />
                <p class="field__hint">{move || format(locale.get(), k::PROPOSAL_NEW_HINT, &[("minutes", &PROPOSAL_EDIT_MINUTES.to_string())])}</p>
                <TextField id="proposal-title" field="proposal.title" label=k::PROPOSAL_FIELD_TITLE value=title form dir="auto" />
                <TextAreaField id="proposal-body" field="proposal.body" label=k::PROPOSAL_FIELD_BODY value=body form rows=6 />
                {move || {
                    let list = mine.get().unwrap_or_default();
                    (!list.is_empty()).then(|| view! {
                        <Labelled id="proposal-association" label=k::PROPOSAL_FIELD_ASSOCIATION hint=k::PROPOSAL_FIELD_ASSOCIATION_HINT form field="proposal.association_id">
                            <select class="select" id="proposal-association" aria-describedby="proposal-association-hint"
                                on:change=move |ev| {
                                    association.set(event_target_value(&ev));
                                    form.changed("proposal.association_id");
                                }>
                                <option value="">{tr(k::PROPOSAL_IN_MY_NAME)}</option>
                                {list.into_iter().map(|m| {
                                    let name = m.association.name.clone();
                                    let value = m.association.id.to_string();
                                    let selected = association.get_untracked() == value;
                                    view! { <option value=value selected=selected>{move || name.get(locale.get()).to_owned()}</option> }
                                }).collect_view()}
                            </select>
                        </Labelled>
                    })
                }}
                <Labelled id="proposal-wilaya" label=k::PICKER_WILAYA form field="proposal.wilaya_code">
                    <select class="select" id="proposal-wilaya" on:change=move |ev| {
                        wilaya.set(event_target_value(&ev));
                        form.changed("proposal.wilaya_code");
                    }>
                        <option value="">{tr(k::PROPOSAL_NO_WILAYA)}</option>
                        {move || wilayas.get().unwrap_or_default().into_iter().map(|w| {
                            let selected = wilaya.get_untracked() == w.code;
                            let name = format!("{} – {}", w.code, w.name.get(locale.get()));
                            view! { <option value=w.code.clone() selected=selected>{name}</option> }
                        }).collect_view()}
                    </select>
                </Labelled>
                <SubmitButton label=k::PROPOSAL_SUBMIT form=form class="btn btn--primary" />
            </form>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_address_keeps_the_order_and_the_filter() {
        assert_eq!(list_query(ProposalSort::MostSupported, None, None), "");
        assert_eq!(list_query(ProposalSort::Newest, Some(5), None), "?sort=newest");
        assert_eq!(
            list_query(ProposalSort::Random, Some(42), Some(ProposalState::Accepted)),
            "?sort=random&seed=42&state=accepted"
        );
    }
}
