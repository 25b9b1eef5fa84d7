//! `/circles`: the circles, latest active first, searched as you type, filtered by field and wilaya
//! and, for a signed-in member, to the circles they belong to (or asked to join, or are invited
//! to); each card says where the reader stands. Institution staff create one from here.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::components::A;
use madani_shared::associations::Field;
use madani_shared::circles::{Circle, CirclesQuery};
use madani_shared::endpoints::{ListCircles, ListWilayas};

use super::{circle_href, counts_text, excerpt, policy_badge, separator, session_ready, standing_badge, use_staff};
use crate::components::debounce::debounced;
use crate::components::facet::FacetSelect;
use crate::components::label::{label, labelled};
use crate::components::page::PageHeader;
use crate::components::search::{Search, SearchField, SearchResults};
use crate::components::territory::wilaya_label;
use crate::i18n::{k, tr, use_locale};
use crate::session::{base_client, use_session};

#[component]
pub(super) fn Directory() -> impl IntoView {
    let session = use_session();
    let q = RwSignal::new(String::new());
    let settled = debounced(q, Duration::from_millis(250));
    let field = RwSignal::new(String::new());
    let wilaya = RwSignal::new(String::new());
    let mine = RwSignal::new(false);
    let staff = use_staff(session);
    let wilayas = LocalResource::new(|| async { base_client().call::<ListWilayas>((), &()).await.unwrap_or_default() });
    let search = Search::new(move |cursor| {
        // Signed in or out, the same search again: where the reader stands is part of each card.
        session.user.track();
        let request = CirclesQuery {
            q: Some(settled.get()).filter(|s| !s.trim().is_empty()),
            field: Field::parse(&field.get()),
            wilaya: Some(wilaya.get()).filter(|w| !w.is_empty()),
            mine: (mine.get() && session.is_signed_in()).then_some(true),
            limit: None,
            cursor,
        };
        async move {
            session_ready(session).await;
            session.call_as_viewer::<ListCircles>((), &request).await
        }
    });
    let empty_message = Signal::derive(move || {
        let filtered = !settled.get().trim().is_empty() || !field.get().is_empty() || !wilaya.get().is_empty();
        match (filtered, mine.get()) {
            (false, false) => k::CIRCLE_NONE_YET,
            (false, true) => k::CIRCLE_NONE_MINE,
            _ => k::CIRCLE_EMPTY,
        }
    });
    view! {
        <div class="page">
            <PageHeader title=k::CIRCLE_LIST_TITLE lead=k::CIRCLE_LIST_LEAD>
                <Show when=move || staff.get().unwrap_or(false)>
                    <A href="/circles/new" attr:class="btn btn--primary" attr:id="new-circle">{tr(k::CIRCLE_NEW)}</A>
                </Show>
            </PageHeader>
            <div class="stack">
                <SearchField id="circles-q" label=k::CIRCLE_SEARCH hint=k::CIRCLE_SEARCH_HINT value=q />
                <fieldset class="cluster">
                    <legend class="sr-only">{tr(k::DIR_FILTERS)}</legend>
                    <FacetSelect id="circles-field" label=k::DIR_FIELD selected=field options=|lang| {
                        labelled(lang, "activity", Field::ALL.iter().map(|f| f.as_str()))
                    } />
                    <FacetSelect id="circles-wilaya" label=k::PICKER_WILAYA selected=wilaya options=move |lang| {
                        wilayas
                            .get()
                            .unwrap_or_default()
                            .into_iter()
                            .map(|w| (w.code.clone(), format!("{} – {}", w.code, w.name.get(lang))))
                            .collect()
                    } />
                    <Show when=move || session.is_signed_in()>
                        <label class="checkbox">
                            <input type="checkbox" id="circles-mine" prop:checked=move || mine.get()
                                on:change=move |ev| mine.set(event_target_checked(&ev)) />
                            {tr(k::CIRCLE_MINE)}
                        </label>
                    </Show>
                </fieldset>
                <SearchResults search empty_message more_id="circles-more">
                    <div class="grid grid--cards" id="circles-results">
                        {move || search.items.get().into_iter().map(circle_card).collect_view()}
                    </div>
                </SearchResults>
            </div>
        </div>
    }
}

/// A circle as a card: its name, the first words of its description, who may join, where the
/// reader stands, its members and threads, its wilaya and fields.
fn circle_card(c: Circle) -> impl IntoView {
    let locale = use_locale();
    let name = c.name.clone();
    let description = c.description.clone();
    let fields = c.fields.clone();
    let (members, threads) = (c.member_count, c.thread_count);
    let wilaya = c.wilaya.clone();
    view! {
        <article class="card card--link circle-card" data-circle=c.id.to_string()>
            <h2 class="card__title">
                <A href=circle_href(c.id) attr:dir="auto">{move || name.get(locale.get()).to_owned()}</A>
            </h2>
            <p class="circle-card__excerpt" dir="auto">{move || excerpt(description.get(locale.get()), 160)}</p>
            <p class="cluster">{policy_badge(c.policy)}{c.standing.map(standing_badge)}</p>
            <p class="list__meta circle-card__counts">{move || counts_text(locale.get(), members, threads)}</p>
            {(wilaya.is_some() || !fields.is_empty()).then(|| {
                let has_wilaya = wilaya.is_some();
                let place = wilaya.map(wilaya_label);
                view! {
                    <p class="list__meta">
                        {place.map(|w| view! { <bdi>{w}</bdi> })}
                        {move || {
                            let lang = locale.get();
                            let names: Vec<String> = fields.iter().map(|f| label(lang, "activity", f.as_str())).collect();
                            let lead = if has_wilaya && !names.is_empty() { " · " } else { "" };
                            format!("{lead}{}", names.join(separator(lang)))
                        }}
                    </p>
                }
            })}
        </article>
    }
}
