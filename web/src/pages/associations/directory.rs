//! `/associations`: the directory, searched as you type, with filters that show their counts and an
//! export of the same search as CSV.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::components::A;
use madani_shared::associations::*;
use madani_shared::endpoints::{ListAssociations, ListWilayas};

use super::card;
use crate::components::debounce::debounced;
use crate::components::facet::{FacetSelect, with_count};
use crate::components::label::labelled;
use crate::components::page::PageHeader;
use crate::components::search::{Paged, Search, SearchField, SearchResults};
use crate::i18n::{k, plural, tr, use_locale};
use crate::session::{base_client, use_session};

impl Paged for DirectoryPage {
    type Item = AssociationSummary;

    fn items(&self) -> &[AssociationSummary] {
        &self.items
    }

    fn next_cursor(&self) -> Option<String> {
        self.next_cursor.clone()
    }
}

#[component]
pub fn Directory() -> impl IntoView {
    let locale = use_locale();
    let session = use_session();
    let q = RwSignal::new(String::new());
    let debounced = debounced(q, Duration::from_millis(250));
    let wilaya = RwSignal::new(String::new());
    let field = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let verified_only = RwSignal::new(false);
    let search = Search::new(move |cursor| {
        let request = ListAssociationsQuery {
            q: Some(debounced.get()).filter(|s| !s.trim().is_empty()),
            wilaya: Some(wilaya.get()).filter(|s| !s.is_empty()),
            field: Field::parse(&field.get()),
            category: Category::parse(&category.get()),
            verified_only: verified_only.get().then_some(true),
            cursor,
            ..Default::default()
        };
        async move { base_client().call::<ListAssociations>((), &request).await }
    });
    // Each option with its count in the results, when the search has one.
    let counted = move |options: Vec<(String, String)>, counts: fn(&Facets) -> &Vec<FacetCount>| {
        let page = search.page();
        let count = |value: &str| {
            page.as_ref().and_then(|p| counts(&p.facets).iter().find(|f| f.value == value)).map(|f| f.count)
        };
        options
            .into_iter()
            .map(|(value, text)| (value.clone(), format!("{text}{}", with_count(count(&value)))))
            .collect()
    };
    let wilayas = LocalResource::new(|| async { base_client().call::<ListWilayas>((), &()).await.unwrap_or_default() });
    // The same search as a CSV file.
    let export_href = move || {
        let mut params: Vec<(&str, String)> = vec![("format", "csv".into())];
        let q = debounced.get();
        if !q.trim().is_empty() {
            params.push(("q", q));
        }
        for (name, value) in [("wilaya", wilaya.get()), ("field", field.get()), ("category", category.get())] {
            if !value.is_empty() {
                params.push((name, value));
            }
        }
        if verified_only.get() {
            params.push(("verified_only", "true".into()));
        }
        let query: Vec<String> =
            params.iter().map(|(k, v)| format!("{k}={}", js_sys::encode_uri_component(v))).collect();
        format!("/api/v1/associations/export?{}", query.join("&"))
    };
    view! {
        <div class="page">
            <PageHeader title=k::DIR_TITLE lead=k::DIR_LEAD>
                <Show when=move || session.is_signed_in()>
                    <A href="/associations/new" attr:class="btn btn--primary">{tr(k::DIR_REGISTER)}</A>
                </Show>
            </PageHeader>
            <div class="stack">
                <SearchField id="directory-q" label=k::DIR_SEARCH hint=k::DIR_SEARCH_HINT value=q />
                <fieldset class="cluster">
                    <legend class="sr-only">{tr(k::DIR_FILTERS)}</legend>
                    <FacetSelect id="filter-wilaya" label=k::PICKER_WILAYA selected=wilaya options=move |lang| {
                        let wilayas = wilayas.get().unwrap_or_default().into_iter();
                        counted(wilayas.map(|w| (w.code.clone(), format!("{} – {}", w.code, w.name.get(lang)))).collect(), |f| &f.wilaya)
                    } />
                    <FacetSelect id="filter-field" label=k::DIR_FIELD selected=field options=move |lang| {
                        counted(labelled(lang, "activity", Field::ALL.iter().map(|f| f.as_str())), |f| &f.field)
                    } />
                    <FacetSelect id="filter-category" label=k::DIR_CATEGORY selected=category options=move |lang| {
                        counted(labelled(lang, "category", Category::ALL.iter().map(|c| c.as_str())), |f| &f.category)
                    } />
                    <label class="checkbox">
                        <input type="checkbox" id="filter-verified" prop:checked=move || verified_only.get() on:change=move |ev| verified_only.set(event_target_checked(&ev)) />
                        {tr(k::DIR_VERIFIED_ONLY)}
                    </label>
                </fieldset>
                <div class="cluster">
                    <p class="muted" role="status" id="directory-total">
                        {move || search.page().map(|p| plural(locale.get(), "dir.results", p.total))}
                    </p>
                    <a class="btn btn--ghost btn--small" id="directory-export" download="" href=export_href>
                        {tr(k::DIR_EXPORT)}
                    </a>
                </div>
                <SearchResults search empty_message=k::DIR_EMPTY>
                    <div class="grid grid--cards" id="directory-results">{move || search.items.get().into_iter().map(card).collect_view()}</div>
                </SearchResults>
            </div>
        </div>
    }
}
