//! `/consultations/:id`: a consultation — its text, its phases on a timeline, who may answer — and
//! what the viewer may do: answer, see the results and the proposals; for its organisers, edit it,
//! moderate it and move it on to its next phase.

use leptos::prelude::*;
use leptos_router::components::A;
use madani_shared::consultations::*;
use madani_shared::endpoints::{CloseConsultation, GetConsultation, PublishConsultation, PublishResults};
use madani_shared::ids::ConsultationId;

use super::{
    PHASES, audience_text, consultation_href, organiser_links, phase_badge, phase_label, proposals_href, session_ready,
};
use crate::app::use_title;
use crate::components::auth::login_then;
use crate::components::dialog::ConfirmDialog;
use crate::components::form::BusyButton;
use crate::components::loaded::{Loaded, param, read_of};
use crate::components::mutation::Mutation;
use crate::components::page::BackLink;
use crate::i18n::{format_datetime, k, plural, tr, use_locale};
use crate::session::use_session;

#[component]
pub fn ConsultationPage() -> impl IntoView {
    use_title(k::CONSULT_TITLE);
    let session = use_session();
    let consultation = read_of(param::<ConsultationId>("id"), move |id| {
        session.user.track();
        async move {
            session_ready(session).await;
            session.call_as_viewer::<GetConsultation>(id, &()).await
        }
    });
    let refetch = Callback::new(move |()| consultation.refetch());
    view! {
        <div class="page">
            <Loaded resource=consultation title=k::CONSULT_TITLE let:c>
                <ConsultationView c refetch />
            </Loaded>
        </div>
    }
}

/// The phases, the current one marked, with the opening and closing dates.
#[component]
pub(crate) fn PhaseTimeline(summary: ConsultationSummary) -> impl IntoView {
    let locale = use_locale();
    let current = PHASES.iter().position(|p| *p == summary.phase).unwrap_or(0);
    let (opens, closes) = (summary.opens_at, summary.closes_at);
    view! {
        <ol class="timeline" id="consultation-timeline" aria-label=tr(k::CONSULT_TIMELINE)>
            {PHASES
                .iter()
                .enumerate()
                .map(|(i, phase)| {
                    let phase = *phase;
                    let state = if i < current { "timeline__step--done" } else if i == current { "timeline__step--current" } else { "" };
                    let when = match phase {
                        ConsultationPhase::Open => Some(opens),
                        ConsultationPhase::Closed => Some(closes),
                        _ => None,
                    };
                    view! {
                        <li class=format!("timeline__step {state}") aria-current=(i == current).then_some("step")>
                            <span class="timeline__dot" aria-hidden="true"></span>
                            <span class="timeline__label">{move || phase_label(locale.get(), phase)}</span>
                            {(i == current).then(|| view! { <span class="sr-only">{tr(k::CONSULT_CURRENT_PHASE)}</span> })}
                            {when.map(|at| view! { <span class="timeline__date"><bdi>{move || format_datetime(locale.get(), at)}</bdi></span> })}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

#[component]
fn ConsultationView(c: Consultation, refetch: Callback<()>) -> impl IntoView {
    let locale = use_locale();
    let session = use_session();
    let s = c.summary.clone();
    let id = s.id;
    let phase = s.phase;
    let organiser = c.viewer.organiser;
    let proposals = c.proposals_enabled;
    let title = s.title.clone();
    let summary = s.summary.clone();
    let body = c.body_html.clone();
    let organisers = s.organisers.clone();
    let audience = s.audience.clone();
    let respondent = s.respondent;
    let answers = s.answer_count;
    let questions = c.questionnaire.questions().count();
    let publish = Mutation::new(move |()| async move { session.call::<PublishConsultation>(id, &()).await })
        .toast(k::CONSULT_PUBLISHED)
        .then(move |_| refetch.try_run(()).unwrap_or_default());
    let close = Mutation::new(move |()| async move { session.call::<CloseConsultation>(id, &()).await })
        .toast(k::CONSULT_CLOSED)
        .then(move |_| refetch.try_run(()).unwrap_or_default());
    let results = Mutation::new(move |()| async move { session.call::<PublishResults>(id, &()).await })
        .toast(k::CONSULT_RESULTS_PUBLISHED)
        .then(move |_| refetch.try_run(()).unwrap_or_default());
    let confirm_close = RwSignal::new(false);
    let confirm_results = RwSignal::new(false);
    let answer_href = format!("{}/answer", consultation_href(id));
    let answer_link = {
        let href = answer_href.clone();
        move || if session.is_signed_in() { href.clone() } else { login_then(&href) }
    };
    view! {
        <article class="stack stack--loose consultation">
            <div class="page__header stack stack--tight">
                <BackLink href="/consultations" label=k::CONSULT_BACK />
                <h1 class="page__title" id="consultation-title" dir="auto">{move || title.get(locale.get()).to_owned()}</h1>
                <p class="list__meta" dir="auto" id="consultation-organisers">{organiser_links(organisers)}</p>
                <p class="lead" dir="auto">{move || summary.get(locale.get()).to_owned()}</p>
                <p class="cluster" id="consultation-phase">{phase_badge(phase)}</p>
            </div>
            <div class="cluster consultation__actions">
                {(phase == ConsultationPhase::Open).then(|| view! {
                    <A href=answer_link attr:class="btn btn--primary" attr:id="answer-consultation">{tr(k::CONSULT_ANSWER)}</A>
                })}
                {(phase == ConsultationPhase::ResultsPublished || organiser).then(|| view! {
                    <A href=format!("{}/results", consultation_href(id)) attr:class="btn btn--secondary" attr:id="see-results">{tr(k::CONSULT_SEE_RESULTS)}</A>
                })}
                {proposals.then(|| view! {
                    <A href=proposals_href(id) attr:class="btn btn--secondary" attr:id="see-proposals">{tr(k::PROPOSAL_SEE)}</A>
                })}
            </div>
            {organiser.then(|| view! {
                <section class="card stack" aria-labelledby="organise-title" id="organise">
                    <h2 class="card__title" id="organise-title">{tr(k::CONSULT_ORGANISE)}</h2>
                    <p class="list__meta">{move || plural(locale.get(), "consult.questions_count", questions as i64)}</p>
                    <div class="cluster">
                        <A href=format!("{}/edit", consultation_href(id)) attr:class="btn btn--secondary" attr:id="edit-consultation">{tr(k::CONSULT_EDIT)}</A>
                        {proposals.then(|| view! {
                            <A href=format!("{}/moderation", consultation_href(id)) attr:class="btn btn--secondary" attr:id="moderate-consultation">{tr(k::MODERATION_TITLE)}</A>
                        })}
                        {(phase == ConsultationPhase::Draft).then(|| view! {
                            <BusyButton busy=publish.pending() attr:class="btn btn--primary" attr:id="publish-consultation" on:click=move |_| publish.dispatch(())>
                                {tr(k::CONSULT_PUBLISH)}
                            </BusyButton>
                        })}
                        {(phase == ConsultationPhase::Open).then(|| view! {
                            <BusyButton busy=close.pending() attr:class="btn btn--danger" attr:id="close-consultation" on:click=move |_| confirm_close.set(true)>
                                {tr(k::CONSULT_CLOSE)}
                            </BusyButton>
                        })}
                        {(phase == ConsultationPhase::Closed).then(|| view! {
                            <BusyButton busy=results.pending() attr:class="btn btn--primary" attr:id="publish-results" on:click=move |_| confirm_results.set(true)>
                                {tr(k::CONSULT_PUBLISH_RESULTS)}
                            </BusyButton>
                        })}
                    </div>
                    <p class="field__hint">{tr(match phase {
                        ConsultationPhase::Draft => k::CONSULT_PUBLISH_HINT,
                        ConsultationPhase::Upcoming => k::CONSULT_UPCOMING_HINT,
                        ConsultationPhase::Open => k::CONSULT_CLOSE_HINT,
                        ConsultationPhase::Closed => k::CONSULT_PUBLISH_RESULTS_HINT,
                        _ => k::CONSULT_DONE_HINT,
                    })}</p>
                </section>
            })}
            <section class="card stack" aria-labelledby="phases-title">
                <h2 class="card__title" id="phases-title">{tr(k::CONSULT_TIMELINE)}</h2>
                <PhaseTimeline summary=s.clone() />
            </section>
            <section class="card stack" aria-labelledby="about-title">
                <h2 class="card__title" id="about-title">{tr(k::CONSULT_ABOUT)}</h2>
                <dl class="kv">
                    <dt>{tr(k::CONSULT_AUDIENCE)}</dt>
                    <dd id="consultation-audience">{move || audience_text(locale.get(), respondent, &audience)}</dd>
                    <dt>{tr(k::CONSULT_ANSWERS)}</dt>
                    <dd id="consultation-answers">{move || plural(locale.get(), "consult.answers_count", answers)}</dd>
                    {c.allow_edit.then(|| view! { <dt>{tr(k::CONSULT_ALLOW_EDIT)}</dt> <dd>{tr(k::CONSULT_YES)}</dd> })}
                </dl>
                {move || {
                    // Rendered and sanitized by the server (`body_html`).
                    let html = body.get(locale.get()).to_owned();
                    (!html.is_empty()).then(|| view! { <div class="prose consultation__body" dir="auto" inner_html=html></div> })
                }}
            </section>
            <ConfirmDialog open=confirm_close title=k::CONSULT_CLOSE_TITLE message=k::CONSULT_CLOSE_TEXT confirm_label=k::CONSULT_CLOSE
                on_confirm=Callback::new(move |()| close.dispatch(())) title_id="close-dialog-title" />
            <ConfirmDialog open=confirm_results title=k::CONSULT_PUBLISH_RESULTS_TITLE message=k::CONSULT_PUBLISH_RESULTS_TEXT confirm_label=k::CONSULT_PUBLISH_RESULTS
                on_confirm=Callback::new(move |()| results.dispatch(())) title_id="results-dialog-title" danger=false />
        </article>
    }
}
