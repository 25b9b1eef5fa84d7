//! `/consultations`: the list, by phase, institution, wilaya and field; cards with the organisers,
//! the phase, the dates and the answers received.

use leptos::prelude::*;
use leptos_router::components::A;
use madani_shared::associations::Field;
use madani_shared::consultations::*;
use madani_shared::endpoints::{ListConsultations, ListInstitutions, ListMyInstitutions, ListWilayas};

use super::{PHASES, consultation_href, dates_text, organisers_text, phase_badge, phase_label, session_ready};
use crate::components::facet::FacetSelect;
use crate::components::label::labelled;
use crate::components::page::PageHeader;
use crate::components::search::{Search, SearchResults};
use crate::i18n::{k, plural, tr, use_locale};
use crate::session::{base_client, use_session};

fn consultation_card(c: ConsultationSummary) -> impl IntoView {
    let locale = use_locale();
    let title = c.title.clone();
    let summary = c.summary.clone();
    let organisers = c.organisers.clone();
    let (opens, closes) = (c.opens_at, c.closes_at);
    let answers = c.answer_count;
    view! {
        <article class="card card--link consultation-card">
            <h2 class="card__title">
                <A href=consultation_href(c.id) attr:dir="auto">{move || title.get(locale.get()).to_owned()}</A>
            </h2>
            <p class="list__meta consultation-card__organisers" dir="auto">{move || organisers_text(locale.get(), &organisers)}</p>
            <p class="consultation-card__summary" dir="auto">{move || summary.get(locale.get()).to_owned()}</p>
            <p class="cluster">{phase_badge(c.phase)}</p>
            <p class="list__meta">
                <bdi>{move || dates_text(locale.get(), opens, closes)}</bdi>
                " · "
                <bdi>{move || plural(locale.get(), "consult.answers_count", answers)}</bdi>
            </p>
        </article>
    }
}

#[component]
pub fn Consultations() -> impl IntoView {
    let session = use_session();
    let phase = RwSignal::new(String::new());
    let institution = RwSignal::new(String::new());
    let wilaya = RwSignal::new(String::new());
    let field = RwSignal::new(String::new());
    let institutions =
        LocalResource::new(|| async { base_client().call::<ListInstitutions>((), &()).await.unwrap_or_default() });
    let wilayas = LocalResource::new(|| async { base_client().call::<ListWilayas>((), &()).await.unwrap_or_default() });
    // Staff of an institution create consultations and see their drafts.
    let mine = LocalResource::new(move || {
        let signed_in = session.is_signed_in();
        async move {
            if !signed_in {
                return false;
            }
            session.call::<ListMyInstitutions>((), &()).await.is_ok_and(|list| !list.is_empty())
        }
    });
    let organiser = move || mine.get().unwrap_or(false);
    let search = Search::new(move |cursor| {
        let request = ListConsultationsQuery {
            phase: ConsultationPhase::parse(&phase.get()),
            institution: institution.get().parse().ok(),
            wilaya: Some(wilaya.get()).filter(|w| !w.is_empty()),
            field: Field::parse(&field.get()),
            cursor,
            ..Default::default()
        };
        async move {
            session_ready(session).await;
            session.call_as_viewer::<ListConsultations>((), &request).await
        }
    });
    let empty_message = Signal::derive(move || {
        let unfiltered =
            phase.get().is_empty() && institution.get().is_empty() && wilaya.get().is_empty() && field.get().is_empty();
        if unfiltered { k::CONSULT_NONE_YET } else { k::CONSULT_EMPTY }
    });
    view! {
        <div class="page">
            <PageHeader title=k::CONSULT_TITLE lead=k::CONSULT_LEAD>
                <Show when=organiser>
                    <A href="/consultations/new" attr:class="btn btn--primary" attr:id="new-consultation">{tr(k::CONSULT_NEW)}</A>
                </Show>
            </PageHeader>
            <div class="stack">
                <fieldset class="cluster">
                    <legend class="sr-only">{tr(k::DIR_FILTERS)}</legend>
                    <FacetSelect id="filter-phase" label=k::CONSULT_PHASE selected=phase options=move |lang| {
                        PHASES
                            .iter()
                            .filter(|p| organiser() || **p != ConsultationPhase::Draft)
                            .map(|p| (p.as_str().to_owned(), phase_label(lang, *p)))
                            .collect()
                    } />
                    <FacetSelect id="filter-institution" label=k::CONSULT_INSTITUTION selected=institution options=move |lang| {
                        institutions
                            .get()
                            .unwrap_or_default()
                            .into_iter()
                            .map(|i| (i.id.to_string(), i.name.get(lang).to_owned()))
                            .collect()
                    } />
                    <FacetSelect id="filter-wilaya" label=k::PICKER_WILAYA selected=wilaya options=move |lang| {
                        wilayas
                            .get()
                            .unwrap_or_default()
                            .into_iter()
                            .map(|w| (w.code.clone(), format!("{} – {}", w.code, w.name.get(lang))))
                            .collect()
                    } />
                    <FacetSelect id="filter-field" label=k::DIR_FIELD selected=field options=|lang| {
                        labelled(lang, "activity", Field::ALL.iter().map(|f| f.as_str()))
                    } />
                </fieldset>
                <SearchResults search empty_message more_id="consultations-more">
                    <div class="grid grid--cards" id="consultations-results">
                        {move || search.items.get().into_iter().map(consultation_card).collect_view()}
                    </div>
                </SearchResults>
            </div>
        </div>
    }
}
