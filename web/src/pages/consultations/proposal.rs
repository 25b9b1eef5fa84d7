//! `/proposals/:id`: a proposal — its text, who made it, its supports (support or withdraw), its
//! state with the public history of its changes, where the organisers sent it and how long the
//! answer took, the official answer — then its comments. Its author may change it in its first
//! minutes; organisers answer and route it; anyone signed in may report it. A proposal hidden by
//! the moderators is a placeholder (its moderators still read it).

use leptos::prelude::*;
use leptos_router::components::A;
use madani_shared::consultations::*;
use madani_shared::endpoints::{
    GetConsultation, GetProposal, ListMyInstitutions, SupportProposal, UpdateProposalEndpoint, WithdrawSupport,
};
use madani_shared::ids::ProposalId;

use super::comments::Comments;
use super::proposal_answer::{AnswerForm, RouteForm};
use super::proposals::state_text;
use super::report::{ReportButton, Reported};
use super::{
    check_scoped, focus_soon, proposals_href, routing_delay, scoped_error, session_ready, state_badge, still_before,
};
use crate::app::use_title;
use crate::components::auth::login_then;
use crate::components::form::{BusyButton, ErrorSummary, FormState, SubmitButton, TextAreaField, TextField};
use crate::components::loaded::{Loaded, param, read_of};
use crate::components::mutation::Mutation;
use crate::components::page::BackLink;
use crate::components::territory::wilaya_label;
use crate::i18n::{format, format_datetime, format_day, k, plural, text, tr, use_locale};
use crate::session::use_session;

#[component]
pub fn ProposalPage() -> impl IntoView {
    use_title(k::PROPOSAL_TITLE);
    let session = use_session();
    let read = read_of(param::<ProposalId>("id"), move |id| {
        session.user.track();
        async move {
            session_ready(session).await;
            let p = session.call_as_viewer::<GetProposal>(id, &()).await?;
            let c = session.call_as_viewer::<GetConsultation>(p.consultation_id, &()).await?;
            Ok((p, c))
        }
    });
    view! {
        <div class="page">
            <Loaded resource=read title=k::PROPOSAL_TITLE let:pc>
                <ProposalView p=pc.0 c=pc.1 />
            </Loaded>
        </div>
    }
}

#[component]
fn ProposalView(p: Proposal, c: Consultation) -> impl IntoView {
    let locale = use_locale();
    let session = use_session();
    let id = p.id;
    let consultation = c.summary.id;
    let organiser = c.viewer.organiser;
    let open = c.summary.phase == ConsultationPhase::Open;
    let blocked = c.viewer.blocked;
    let proposal = RwSignal::new(p.clone());
    let hidden_from_me = p.hidden && !organiser;
    let me = move || session.user.with(|u| u.as_ref().map(|u| u.id));
    let author = p.author_id;
    let is_author = move || me() == Some(author);
    // Taking part: signed in, while it is open, unless blocked.
    let may_take_part = move || session.is_signed_in() && open && !blocked;
    let reported = RwSignal::new(p.reported);
    let created = p.created_at;
    let my_supports = RwSignal::new(c.viewer.supports);
    let support_limit = c.support_limit;
    // Staff of the institution it was sent to answer it too.
    let routed = Memo::new(move |_| proposal.with(|p| p.routing.as_ref().map(|r| r.institution_id)));
    let answerer = LocalResource::new(move || {
        let routed = routed.get();
        let signed_in = session.is_signed_in();
        async move {
            if organiser {
                return true;
            }
            let (Some(routed), true) = (routed, signed_in) else { return false };
            session.call::<ListMyInstitutions>((), &()).await.is_ok_and(|list| list.iter().any(|i| i.id == routed))
        }
    });
    let answerer = move || answerer.get().unwrap_or(false);
    let back = view! { <BackLink href=proposals_href(consultation) label=k::PROPOSAL_BACK /> };
    if hidden_from_me {
        return view! {
            <article class="stack stack--loose proposal">
                <div class="page__header stack stack--tight">
                    {back}
                    <h1 class="page__title">{tr(k::PROPOSAL_TITLE)}</h1>
                </div>
                <p class="alert alert--info" id="proposal-hidden">{tr(k::PROPOSAL_HIDDEN_PLACEHOLDER)}</p>
            </article>
        }
        .into_any();
    }
    let toggle = Mutation::new(move |withdraw: bool| async move {
        if withdraw {
            session.call::<WithdrawSupport>(id, &()).await
        } else {
            session.call::<SupportProposal>(id, &()).await
        }
    })
    .then(move |p| {
        // The viewer's supports in the consultation, against its limit.
        if proposal.try_with_untracked(|q| q.supported) == Some(!p.supported) {
            my_supports.try_update(|n| *n += if p.supported { 1 } else { -1 });
        }
        proposal.try_set(p);
    });
    let supported = move || proposal.with(|p| p.supported);
    let here = super::proposal_href(id);
    let editing = RwSignal::new(false);
    let editable = move || {
        proposal.with(|p| p.state == ProposalState::NotAnswered && still_before(p.editable_until)) && is_author()
    };
    view! {
        <article class="stack stack--loose proposal">
            <div class="page__header stack stack--tight">
                {back}
                <h1 class="page__title" id="proposal-title" dir="auto">{move || proposal.with(|p| p.title.clone())}</h1>
                <p class="list__meta" id="proposal-author">
                    <bdi>{p.author_name.clone()}</bdi>
                    {p.association_name.clone().map(|a| view! {
                        " · " <bdi>{move || format(locale.get(), k::PROPOSAL_FOR_ASSOCIATION, &[("name", a.get(locale.get()))])}</bdi>
                    })}
                    " · " <bdi>{move || format_datetime(locale.get(), created)}</bdi>
                    {p.wilaya_code.clone().map(|w| view! { " · " <bdi>{wilaya_label(w)}</bdi> })}
                </p>
                <p class="cluster" id="proposal-state">
                    {move || state_badge(proposal.with(|p| p.state))}
                    {move || proposal.with(|p| p.threshold_reached).then(|| view! { <span class="badge badge--success" id="proposal-threshold">{tr(k::PROPOSAL_THRESHOLD_REACHED)}</span> })}
                    {move || proposal.with(|p| p.hidden).then(|| view! { <span class="badge badge--warning" id="proposal-hidden-badge">{tr(k::MODERATION_HIDDEN)}</span> })}
                </p>
            </div>
            <section class="card stack" aria-labelledby="proposal-title">
                <p class="proposal__body" id="proposal-body" dir="auto">{move || proposal.with(|p| p.body.clone())}</p>
                <div class="cluster proposal__actions">
                    <span id="proposal-supports" aria-live="polite">
                        {move || plural(locale.get(), "proposal.supports_count", proposal.with(|p| p.support_count))}
                    </span>
                    {move || {
                        if may_take_part() {
                            Some(view! {
                                <BusyButton busy=toggle.pending() attr:id="proposal-support"
                                    attr:class=move || if supported() { "btn btn--secondary btn--small" } else { "btn btn--primary btn--small" }
                                    attr:aria-pressed=move || if supported() { "true" } else { "false" }
                                    on:click=move |_| toggle.dispatch(supported())>
                                    {move || text(locale.get(), if supported() { k::PROPOSAL_WITHDRAW } else { k::PROPOSAL_SUPPORT })}
                                </BusyButton>
                            }.into_any())
                        } else if open && !session.is_signed_in() {
                            let href = login_then(&here);
                            Some(view! { <A href=href attr:class="btn btn--primary btn--small" attr:id="proposal-support-sign-in">{tr(k::PROPOSAL_SUPPORT)}</A> }.into_any())
                        } else {
                            None
                        }
                    }}
                    <Show when=move || session.is_signed_in() && !is_author()>
                        <ReportButton what=Reported::Proposal(id) reported />
                    </Show>
                    <Show when=move || editable() && !editing.get()>
                        <button type="button" class="btn btn--ghost btn--small" id="proposal-edit" on:click=move |_| editing.set(true)>
                            {tr(k::PROPOSAL_EDIT)}
                        </button>
                    </Show>
                </div>
                {support_limit.map(|limit| view! {
                    <Show when=may_take_part>
                        <p class="field__hint" id="proposal-support-limit">
                            {move || format(locale.get(), k::PROPOSAL_SUPPORT_LIMIT, &[("count", &my_supports.get().to_string()), ("limit", &limit.to_string())])}
                        </p>
                    </Show>
                })}
                <Show when=move || editing.get()>
                    <EditForm proposal editing />
                </Show>
            </section>
            {move || proposal.with(|p| p.answer.clone()).map(|a| view! { <AnswerView a /> })}
            {move || proposal.with(|p| p.routing.clone()).map(|r| view! { <RoutingView r /> })}
            <History proposal />
            <Show when=answerer>
                <AnswerForm proposal />
            </Show>
            {organiser.then(|| view! { <RouteForm proposal /> })}
            <Comments proposal=id can_comment=Signal::derive(may_take_part) moderator=organiser
                count=Signal::derive(move || proposal.with(|p| p.comment_count))
                on_added=Callback::new(move |()| proposal.update(|p| p.comment_count += 1)) />
        </article>
    }
    .into_any()
}

/// The official answer: its state, its text, for which institution and when; a draft is marked so
/// (only organisers see one).
#[component]
fn AnswerView(a: OfficialAnswer) -> impl IntoView {
    let locale = use_locale();
    let answer_text = a.text.clone();
    let institution = a.institution_name.clone();
    let at = a.published_at.unwrap_or(a.answered_at);
    let draft = a.published_at.is_none();
    view! {
        <section class="card stack proposal-answer" id="proposal-answer" aria-labelledby="proposal-answer-title">
            <h2 class="card__title" id="proposal-answer-title">{tr(k::PROPOSAL_ANSWER)}</h2>
            <p class="cluster">
                {state_badge(a.state)}
                {draft.then(|| view! { <span class="badge badge--warning" id="proposal-answer-draft">{tr(k::PROPOSAL_ANSWER_DRAFT)}</span> })}
            </p>
            <p class="proposal__body" dir="auto">{move || answer_text.get(locale.get()).to_owned()}</p>
            <p class="list__meta">
                {institution.map(|i| view! { <bdi>{move || i.get(locale.get()).to_owned()}</bdi> " · " })}
                {move || format_datetime(locale.get(), at)}
            </p>
        </section>
    }
}

/// Where the organisers sent it: the institution, the day the answer is due, and how long it took
/// or how late it is.
#[component]
fn RoutingView(r: ProposalRouting) -> impl IntoView {
    let locale = use_locale();
    let name = r.institution_name.clone();
    let (routed, due) = (r.routed_at, r.due_on);
    let late = r.overdue_days.is_some_and(|d| d > 0) && r.answered_in_days.is_none();
    view! {
        <section class="card stack" id="proposal-routing" aria-labelledby="proposal-routing-title">
            <h2 class="card__title" id="proposal-routing-title">{tr(k::PROPOSAL_ROUTING)}</h2>
            <p dir="auto">
                {move || format(locale.get(), k::PROPOSAL_ROUTED_TO, &[
                    ("institution", name.get(locale.get())),
                    ("at", &format_datetime(locale.get(), routed)),
                    ("due", &format_day(locale.get(), due)),
                ])}
            </p>
            {move || routing_delay(locale.get(), &r).map(|delay| view! {
                <p class=if late { "badge badge--danger" } else { "badge badge--success" } id="proposal-delay">{delay}</p>
            })}
        </section>
    }
}

/// The public changes of its state, oldest first.
#[component]
fn History(proposal: RwSignal<Proposal>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <section class="card stack" aria-labelledby="proposal-history-title">
            <h2 class="card__title" id="proposal-history-title">{tr(k::PROPOSAL_HISTORY)}</h2>
            {move || {
                let events = proposal.with(|p| p.history.clone());
                if events.is_empty() {
                    return view! { <p class="muted" id="proposal-history-empty">{tr(k::PROPOSAL_HISTORY_EMPTY)}</p> }.into_any();
                }
                view! {
                    <ol class="history" id="proposal-history">
                        {events.into_iter().map(|e| view! {
                            <li class="history__event" data-state=e.state.as_str()>
                                <span class="history__dot" aria-hidden="true"></span>
                                <span class="history__state">{move || state_text(locale.get(), e.state)}</span>
                                <span class="history__date"><bdi>{move || format_datetime(locale.get(), e.at)}</bdi></span>
                            </li>
                        }).collect_view()}
                    </ol>
                }
                .into_any()
            }}
        </section>
    }
}

/// The author's change, in its first minutes.
#[component]
fn EditForm(proposal: RwSignal<Proposal>, editing: RwSignal<bool>) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let form = FormState::new();
    let (id, until) = proposal.with_untracked(|p| (p.id, p.editable_until));
    let title = RwSignal::new(proposal.with_untracked(|p| p.title.clone()));
    let body = RwSignal::new(proposal.with_untracked(|p| p.body.clone()));
    let save = Mutation::new(move |request: UpdateProposal| async move {
        session.call::<UpdateProposalEndpoint>(id, &request).await.map_err(scoped_error("proposal"))
    })
    .form(form)
    .toast(k::PROPOSAL_SAVED)
    .then(move |p| {
        proposal.try_set(p);
        editing.try_set(false);
        focus_soon("proposal-edit".into());
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request =
            UpdateProposal { title: Some(title.get_untracked().trim().to_owned()), body: Some(body.get_untracked()) };
        if check_scoped(form, "proposal", &request) {
            save.dispatch(request);
        }
    };
    focus_soon("proposal-edit-title".into());
    view! {
        <form class="stack" id="proposal-edit-form" on:submit=submit novalidate=true>
            <ErrorSummary form=form />
            <p class="field__hint">{move || format(locale.get(), k::PROPOSAL_EDITABLE_UNTIL, &[("at", &format_datetime(locale.get(), until))])}</p>
            <TextField id="proposal-edit-title" field="proposal.title" label=k::PROPOSAL_FIELD_TITLE value=title form dir="auto" />
            <TextAreaField id="proposal-edit-body" field="proposal.body" label=k::PROPOSAL_FIELD_BODY value=body form rows=6 />
            <div class="cluster">
                <SubmitButton label=k::PROPOSAL_SAVE form=form class="btn btn--primary" />
                <button type="button" class="btn btn--secondary" on:click=move |_| editing.set(false)>{tr(k::COMMON_CANCEL)}</button>
            </div>
        </form>
    }
}
