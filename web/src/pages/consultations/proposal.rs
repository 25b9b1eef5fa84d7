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
use madani_shared::ids::{InstitutionId, ProposalId};

use super::comments::Comments;
use super::proposal_answer::{AnswerForm, RouteForm};
use super::report::{ReportButton, Reported};
use super::{
    check_scoped, custom_state_badge, focus_soon, institution_href, proposals_href, routing_delay, scoped_error,
    session_ready, state_with_custom, still_before,
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
    // Staff of the institution it was sent to answer it too, for that institution; organisers for
    // theirs (the owner first), administrators for the owner: the answer offers its states.
    let routed = Memo::new(move |_| proposal.with(|p| p.routing.as_ref().map(|r| r.institution_id)));
    let organisers = c.summary.organisers.clone();
    let answering = LocalResource::new(move || {
        let routed = routed.get();
        let signed_in = session.is_signed_in();
        let organisers = organisers.clone();
        async move {
            if !signed_in || (!organiser && routed.is_none()) {
                return None;
            }
            let mine: Vec<InstitutionId> = session
                .call::<ListMyInstitutions>((), &())
                .await
                .map(|list| list.into_iter().map(|i| i.id).collect())
                .unwrap_or_default();
            answering_institution(routed, &mine, organiser, &organisers)
        }
    });
    // Only a change of answerer draws the form again (not each reload of the same one).
    let answering = Memo::new(move |_| answering.get().flatten());
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
                    {move || proposal.with(|p| custom_state_badge(p.state, p.custom_state.clone()))}
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
            {move || answering.get().map(|institution| view! { <AnswerForm proposal institution=institution.0 /> })}
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
                {custom_state_badge(a.state, a.custom_state.clone())}
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
    let href = institution_href(r.institution_id);
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
            <p><A href=href attr:id="proposal-routing-institution">{tr(k::INSTITUTION_SEE)}</A></p>
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
                        {events.into_iter().map(|e| {
                            let custom_key = e.custom_state.as_ref().map(|c| c.key.clone());
                            view! {
                            <li class="history__event" data-state=e.state.as_str() data-custom-state=custom_key>
                                <span class="history__dot" aria-hidden="true"></span>
                                <span class="history__state">{move || state_with_custom(locale.get(), e.state, e.custom_state.as_ref())}</span>
                                <span class="history__date"><bdi>{move || format_datetime(locale.get(), e.at)}</bdi></span>
                            </li>
                            }
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

/// Who answers, and for which institution: `None` when the viewer does not answer it; else the
/// institution whose states the answer offers (`None` inside when it is not known).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Answering(Option<InstitutionId>);

/// The institution the server records an answer for: the one it was sent to when the viewer is
/// its staff; else, for an organiser, the organising institution they are staff of (the owner
/// first), and for an administrator who is staff of none, the owner.
fn answering_institution(
    routed: Option<InstitutionId>,
    mine: &[InstitutionId],
    organiser: bool,
    organisers: &[Organiser],
) -> Option<Answering> {
    if let Some(routed) = routed
        && mine.contains(&routed)
    {
        return Some(Answering(Some(routed)));
    }
    if !organiser {
        return None;
    }
    let mut ordered: Vec<&Organiser> = organisers.iter().collect();
    ordered.sort_by_key(|o| !o.owner);
    let chosen = ordered.iter().find(|o| mine.contains(&o.institution_id)).or(ordered.first());
    Some(Answering(chosen.map(|o| o.institution_id)))
}

#[cfg(test)]
mod tests {
    use madani_shared::text::LocalizedText;

    use super::*;

    fn organiser(id: InstitutionId, owner: bool) -> Organiser {
        Organiser { institution_id: id, name: LocalizedText::default(), acronym: None, owner }
    }

    #[test]
    fn the_answer_goes_to_the_institution_the_server_records() {
        let id = |n: u8| -> InstitutionId { format!("00000000-0000-7000-8000-0000000000{n:02}").parse().unwrap() };
        let (owner, co, ministry) = (id(1), id(2), id(3));
        let organisers = [organiser(co, false), organiser(owner, true)];
        // Staff of the institution it was sent to answer for it, organisers or not.
        assert_eq!(
            answering_institution(Some(ministry), &[ministry, owner], true, &organisers),
            Some(Answering(Some(ministry)))
        );
        assert_eq!(
            answering_institution(Some(ministry), &[ministry], false, &organisers),
            Some(Answering(Some(ministry)))
        );
        // Organisers for the organising institution they are staff of, the owner first.
        assert_eq!(
            answering_institution(Some(ministry), &[co, owner], true, &organisers),
            Some(Answering(Some(owner)))
        );
        assert_eq!(answering_institution(None, &[co], true, &organisers), Some(Answering(Some(co))));
        // An administrator staff of none answers for the owner.
        assert_eq!(answering_institution(None, &[], true, &organisers), Some(Answering(Some(owner))));
        // Anyone else does not answer.
        assert_eq!(answering_institution(Some(ministry), &[co], false, &organisers), None);
        assert_eq!(answering_institution(None, &[], false, &organisers), None);
    }
}
