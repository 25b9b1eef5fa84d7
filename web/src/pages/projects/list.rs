//! `/projects`: the projects, by status, wilaya and field; and an association's projects, on its page.

use leptos::prelude::*;
use leptos_router::components::A;
use madani_shared::associations::Field;
use madani_shared::endpoints::{
    IatiJson, IatiXml, ListAssociationProjects, ListMyInstitutions, ListProjects, ListWilayas, path_of,
};
use madani_shared::ids::AssociationId;
use madani_shared::projects::*;

use super::{STATUSES, progress_bar, project_href, separator, status_badge, status_key, visibility_badge};
use crate::components::facet::FacetSelect;
use crate::components::label::{label, labelled};
use crate::components::loaded::{Loaded, fetched};
use crate::components::page::PageHeader;
use crate::components::search::{Search, SearchResults};
use crate::i18n::{format_day, k, text, tr, use_locale};
use crate::pages::consultations::session_ready;
use crate::session::{base_client, use_session};

/// A project as a card: its title, lead association, summary, status, places and progress.
pub(crate) fn project_card(p: ProjectSummary) -> impl IntoView {
    let locale = use_locale();
    let title = p.title.clone();
    let summary = p.summary.clone();
    let lead = p.association_name.clone();
    let wilayas = p.wilayas.clone();
    let fields = p.fields.clone();
    let dates = (p.planned_start, p.planned_end);
    view! {
        <article class="card card--link project-card" data-project=p.id.to_string()>
            // Decorative, as a course's cover in the catalog: the title says what the project is.
            {p.cover_url.clone().map(|src| view! { <img class="course-cover" src=src alt="" width="640" height="320" loading="lazy" /> })}
            <h3 class="card__title">
                <A href=project_href(p.id) attr:dir="auto">{move || title.get(locale.get()).to_owned()}</A>
            </h3>
            <p class="list__meta" dir="auto">{move || lead.get(locale.get()).to_owned()}</p>
            <p dir="auto">{move || summary.get(locale.get()).to_owned()}</p>
            <p class="cluster">{status_badge(p.status)}{visibility_badge(p.visibility)}</p>
            <p class="list__meta">
                {move || {
                    let lang = locale.get();
                    let mut parts: Vec<String> = Vec::new();
                    if !wilayas.is_empty() {
                        parts.push(wilayas.join(separator(lang)));
                    }
                    if !fields.is_empty() {
                        parts.push(fields.iter().map(|f| label(lang, "activity", f.as_str())).collect::<Vec<_>>().join(separator(lang)));
                    }
                    if let (Some(from), Some(to)) = dates {
                        parts.push(format!("{} – {}", format_day(lang, from), format_day(lang, to)));
                    }
                    parts.join(" · ")
                }}
            </p>
            {progress_bar(format!("progress-{}", p.id), p.progress)}
        </article>
    }
}

#[component]
pub fn Projects() -> impl IntoView {
    let session = use_session();
    let status = RwSignal::new(String::new());
    let wilaya = RwSignal::new(String::new());
    let field = RwSignal::new(String::new());
    let wilayas = LocalResource::new(|| async { base_client().call::<ListWilayas>((), &()).await.unwrap_or_default() });
    let search = Search::new(move |cursor| {
        let request = ListProjectsQuery {
            status: ProjectStatus::parse(&status.get()),
            wilaya: Some(wilaya.get()).filter(|w| !w.is_empty()),
            field: Field::parse(&field.get()),
            cursor,
            ..Default::default()
        };
        async move {
            session_ready(session).await;
            session.call_as_viewer::<ListProjects>((), &request).await
        }
    });
    // Institution staff and the observatory read every project's indicators rolled up.
    let observer = LocalResource::new(move || {
        let user = session.user.get();
        async move {
            match user {
                None => false,
                Some(u) if u.role.is_staff() => true,
                Some(_) => session.call::<ListMyInstitutions>((), &()).await.is_ok_and(|list| !list.is_empty()),
            }
        }
    });
    let empty_message = Signal::derive(move || {
        if status.get().is_empty() && wilaya.get().is_empty() && field.get().is_empty() {
            k::PROJECT_NONE_YET
        } else {
            k::PROJECT_EMPTY
        }
    });
    view! {
        <div class="page">
            <PageHeader title=k::PROJECT_LIST_TITLE lead=k::PROJECT_LIST_LEAD>
                <div class="cluster">
                    <Show when=move || observer.get().unwrap_or(false)>
                        <A href="/indicators" attr:class="btn btn--ghost" attr:id="open-rollup">{tr(k::PROJECT_ROLLUP_LINK)}</A>
                    </Show>
                    <A href="/calendar" attr:class="btn btn--secondary" attr:id="open-calendar">{tr(k::NAV_CALENDAR)}</A>
                </div>
            </PageHeader>
            <div class="stack">
                <fieldset class="cluster">
                    <legend class="sr-only">{tr(k::DIR_FILTERS)}</legend>
                    <FacetSelect id="filter-status" label=k::PROJECT_STATUS selected=status options=|lang| {
                        STATUSES.iter().map(|s| (s.as_str().to_owned(), text(lang, status_key(*s)).to_owned())).collect()
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
                <SearchResults search empty_message more_id="projects-more">
                    <div class="grid grid--cards" id="projects-results">
                        {move || search.items.get().into_iter().map(project_card).collect_view()}
                    </div>
                </SearchResults>
            </div>
        </div>
    }
}

/// An association's projects, on its page; its officers start a new one from here.
#[component]
pub fn AssociationProjects(id: AssociationId, officer: bool) -> impl IntoView {
    super::with_texts(move || view! { <AssociationProjectsBody id officer /> })
}

#[component]
fn AssociationProjectsBody(id: AssociationId, officer: bool) -> impl IntoView {
    let session = use_session();
    let projects = LocalResource::new(move || {
        session.user.track();
        async move {
            session_ready(session).await;
            let query = ListProjectsQuery { limit: Some(50), ..Default::default() };
            fetched(session.call_as_viewer::<ListAssociationProjects>(id, &query).await.map(|p| p.items))
        }
    });
    let (iati_xml, iati_json) = (path_of::<IatiXml>(&id), path_of::<IatiJson>(&id));
    view! {
        <section class="card stack" aria-labelledby="association-projects-title" id="association-projects">
            <div class="cluster cluster--between">
                <h2 class="card__title" id="association-projects-title">{tr(k::PROJECT_OF_ASSOCIATION)}</h2>
                {officer.then(|| view! {
                    <A href=format!("/projects/new?association={id}") attr:class="btn btn--primary btn--small" attr:id="new-project">{tr(k::PROJECT_NEW)}</A>
                })}
            </div>
            <Loaded resource=projects is_empty=Vec::is_empty empty_message=k::PROJECT_NONE_YET let:list>
                <div class="grid grid--cards">{list.into_iter().map(project_card).collect_view()}</div>
            </Loaded>
            <p><A href=format!("/calendar?association={id}")>{tr(k::CALENDAR_OF_ASSOCIATION)}</A></p>
            // The public projects as an IATI activity file, for funders (public, so plain links).
            <div class="stack stack--tight" id="project-iati">
                <h3 class="card__subtitle" id="project-iati-title">{tr(k::PROJECT_IATI_TITLE)}</h3>
                <p class="muted">{tr(k::PROJECT_IATI_TEXT)}</p>
                <p class="cluster">
                    <a href=iati_xml download="" id="iati-xml">{tr(k::PROJECT_IATI_XML)}</a>
                    <a href=iati_json download="" id="iati-json">{tr(k::PROJECT_IATI_JSON)}</a>
                </p>
            </div>
        </section>
    }
}
