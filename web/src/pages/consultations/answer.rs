//! `/consultations/:id/answer`: whose answer it is (for an association's answer, which of the
//! member's associations), that answer loaded, then the questionnaire.

use leptos::prelude::*;
use madani_shared::ClientError;
use madani_shared::associations::MemberRole;
use madani_shared::consultations::*;
use madani_shared::endpoints::{GetConsultation, GetMyAnswer, ListMyAssociations};
use madani_shared::ids::{AssociationId, ConsultationId};

use super::answer_form::AnswerForm;
use super::{consultation_href, phase_badge, session_ready};
use crate::app::use_title;
use crate::components::loaded::{Loaded, fetched, param, read_of};
use crate::components::page::BackLink;
use crate::components::states::EmptyState;
use crate::i18n::{k, tr, use_locale};
use crate::session::use_session;

#[component]
pub fn AnswerPage() -> impl IntoView {
    use_title(k::CONSULT_ANSWER_TITLE);
    let session = use_session();
    let consultation = read_of(param::<ConsultationId>("id"), move |id| async move {
        session_ready(session).await;
        session.call::<GetConsultation>(id, &()).await
    });
    view! {
        <div class="page page--narrow">
            <Loaded resource=consultation title=k::CONSULT_ANSWER_TITLE let:c>
                <AnswerFor c />
            </Loaded>
        </div>
    }
}

#[component]
fn AnswerFor(c: Consultation) -> impl IntoView {
    let locale = use_locale();
    let session = use_session();
    let id = c.summary.id;
    let title = c.summary.title.clone();
    let respondent = c.summary.respondent;
    // Through an association: an association's answer, or a member's answer to a consultation that
    // targets associations of some kind.
    let through_association = respondent == Respondent::Association || !c.summary.audience.is_everyone();
    let chosen: RwSignal<Option<AssociationId>> = RwSignal::new(None);
    let mine = LocalResource::new(move || async move {
        if !through_association {
            return fetched(Ok(Vec::new()));
        }
        let list = session.call::<ListMyAssociations>((), &()).await;
        if let Ok(list) = &list
            && let [only] = list.as_slice()
        {
            chosen.try_set(Some(only.association.id));
        }
        fetched(list)
    });
    let open = c.summary.phase == ConsultationPhase::Open;
    let c2 = c.clone();
    view! {
        <div class="stack stack--loose">
            <div class="page__header stack stack--tight">
                <BackLink href=consultation_href(id) label=k::CONSULT_BACK_TO_ONE />
                <h1 class="page__title" id="answer-title" dir="auto">{move || title.get(locale.get()).to_owned()}</h1>
                <p class="cluster">{phase_badge(c.summary.phase)}</p>
            </div>
            {(!open).then(|| view! { <p class="alert alert--warning" role="status" id="answer-closed">{tr(k::ERROR_CONSULTATION_NOT_OPEN)}</p> })}
            <Loaded resource=mine let:list>
                {
                    let c = c2.clone();
                    let roles: Vec<(AssociationId, MemberRole)> = list.iter().map(|m| (m.association.id, m.role)).collect();
                    let none = through_association && list.is_empty() && respondent == Respondent::Association;
                    let picker = (through_association && list.len() > 1).then(|| {
                        let options = list
                            .into_iter()
                            .map(|m| {
                                let name = m.association.name.clone();
                                let aid = m.association.id;
                                view! { <option value=aid.to_string() selected=move || chosen.get() == Some(aid)>{move || name.get(locale.get()).to_owned()}</option> }
                            })
                            .collect_view();
                        view! {
                            <div class="field">
                                <label class="field__label" for="answer-association">{tr(k::CONSULT_ANSWER_FOR)}</label>
                                <select class="select" id="answer-association" aria-describedby="answer-association-hint"
                                    on:change=move |ev| chosen.set(event_target_value(&ev).parse().ok())>
                                    <option value="" selected=move || chosen.get().is_none()>{tr(k::CONSULT_CHOOSE_ASSOCIATION)}</option>
                                    {options}
                                </select>
                                <p class="field__hint" id="answer-association-hint">{tr(k::CONSULT_ANSWER_FOR_HINT)}</p>
                            </div>
                        }
                    });
                    let form = move || {
                        let c = c.clone();
                        let association = chosen.get();
                        if through_association && respondent == Respondent::Association && association.is_none() {
                            return None;
                        }
                        let officer = match respondent {
                            Respondent::Association => roles
                                .iter()
                                .any(|(a, r)| Some(*a) == association && matches!(r, MemberRole::Owner | MemberRole::Admin)),
                            Respondent::Member => true,
                        };
                        Some(view! { <AnswerLoader c association officer /> })
                    };
                    if none {
                        view! { <EmptyState message=k::CONSULT_NO_ASSOCIATION /> }.into_any()
                    } else {
                        view! { {picker} {form} }.into_any()
                    }
                }
            </Loaded>
        </div>
    }
}

/// The saved answer (none yet: a 404), then the form.
#[component]
fn AnswerLoader(c: Consultation, association: Option<AssociationId>, officer: bool) -> impl IntoView {
    let session = use_session();
    let id = c.summary.id;
    let answer = LocalResource::new(move || async move {
        match session.call::<GetMyAnswer>(id, &AnswerQuery { association_id: association }).await {
            Ok(a) => Ok(Some(a)),
            Err(ClientError::Api(p)) if p.status == 404 => Ok(None),
            Err(e) => fetched(Err(e)),
        }
    });
    view! {
        <Loaded resource=answer lines=6 let:existing>
            <AnswerForm c=c.clone() association officer existing />
        </Loaded>
    }
}
