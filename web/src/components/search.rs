//! A search (the directory, the catalog, the audit log): its first page loads again whenever its
//! query changes, an answer to an older query is dropped, and "Load more" appends the next pages.

use std::future::Future;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use madani_shared::{ClientError, Page};

use super::form::{Labelled, aria_busy};
use super::loaded::{Fetched, fetched};
use super::states::{EmptyState, ProblemState, Skeleton};
use crate::i18n::{k, tr};

/// A page of results.
pub trait Paged: Clone + Send + Sync + 'static {
    type Item: Clone + Send + Sync + 'static;

    fn items(&self) -> &[Self::Item];

    /// Where the next page starts, if there is one.
    fn next_cursor(&self) -> Option<String>;
}

impl<T: Clone + Send + Sync + 'static> Paged for Page<T> {
    type Item = T;

    fn items(&self) -> &[T] {
        &self.items
    }

    fn next_cursor(&self) -> Option<String> {
        self.next_cursor.clone()
    }
}

/// The state of a search.
pub struct Search<P: Paged> {
    /// The results so far, the pages loaded one after the other.
    pub items: RwSignal<Vec<P::Item>>,
    /// The last answer (a page, with its cursor and whatever else it tells), or its failure; `None`
    /// before the first.
    pub last: RwSignal<Option<Fetched<P>>>,
    pub loading: RwSignal<bool>,
    load: Callback<Option<String>>,
}

impl<P: Paged> Clone for Search<P> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<P: Paged> Copy for Search<P> {}

impl<P: Paged> Search<P> {
    /// A search that `fetch`es the page at a cursor (the first page at `None`). It starts again
    /// whenever a signal `fetch` reads (the query) changes.
    pub fn new<F, Fut>(fetch: F) -> Self
    where
        F: Fn(Option<String>) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<P, ClientError>> + 'static,
    {
        let items = RwSignal::new(Vec::new());
        let last: RwSignal<Option<Fetched<P>>> = RwSignal::new(None);
        let loading = RwSignal::new(false);
        let generation = RwSignal::new(0u64);
        // Wait for an answer (the first page, or the next one when `more`), unless a newer search
        // starts meanwhile.
        let receive = move |answer: Fut, more: bool| {
            let n = generation.get_untracked() + 1;
            generation.set(n);
            loading.set(true);
            spawn_local(async move {
                let answer = fetched(answer.await);
                // A newer search has started, or the page is gone: drop this answer.
                if generation.try_get_untracked() != Some(n) {
                    return;
                }
                if let Ok(page) = &answer {
                    if more {
                        items.try_update(|list| list.extend_from_slice(page.items()));
                    } else {
                        items.try_set(page.items().to_vec());
                    }
                }
                last.try_set(Some(answer));
                loading.try_set(false);
            });
        };
        let fetch = Arc::new(fetch);
        let tracked = fetch.clone();
        let load = Callback::new(move |cursor: Option<String>| {
            let more = cursor.is_some();
            receive(untrack(|| fetch(cursor)), more);
        });
        // The first page, again whenever the query changes.
        Effect::new(move |_| receive(tracked(None), false));
        Search { items, last, loading, load }
    }

    /// The last page loaded, if the last answer was one.
    pub fn page(&self) -> Option<P> {
        self.last.get().and_then(Result::ok)
    }

    fn next_cursor(&self) -> Option<String> {
        self.last.with(|last| last.as_ref().and_then(|l| l.as_ref().ok()).and_then(Paged::next_cursor))
    }
}

/// The search box of a search, with its hint.
#[component]
pub fn SearchField(id: &'static str, label: usize, hint: usize, value: RwSignal<String>) -> impl IntoView {
    view! {
        <Labelled id label hint>
            <input
                class="input"
                id=id
                type="search"
                autocomplete="off"
                aria-describedby=format!("{id}-hint")
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        </Labelled>
    }
}

/// A search's results, by `children`: a skeleton before the first answer, its problem with a retry,
/// the empty state; then "Load more" while there are more.
#[component]
pub fn SearchResults<P: Paged>(
    search: Search<P>,
    /// What an empty answer says (read when the answer comes: it may depend on the query).
    #[prop(into)]
    empty_message: Signal<usize>,
    /// The id of the "Load more" button.
    #[prop(optional)]
    more_id: Option<&'static str>,
    children: ChildrenFn,
) -> impl IntoView {
    let retry = Callback::new(move |()| search.load.run(None));
    view! {
        {move || match search.last.get() {
            None => view! { <Skeleton /> }.into_any(),
            Some(Err(error)) => view! { <ProblemState error on_retry=retry /> }.into_any(),
            Some(Ok(_)) if search.items.with(Vec::is_empty) => {
                view! { <EmptyState message=empty_message.get_untracked() /> }.into_any()
            }
            Some(Ok(_)) => children().into_any(),
        }}
        <Show when=move || search.next_cursor().is_some()>
            <button
                type="button"
                class="btn btn--secondary"
                id=more_id
                aria-busy=aria_busy(search.loading)
                on:click=move |_| search.load.run(search.next_cursor())
            >
                {tr(k::COMMON_LOAD_MORE)}
            </button>
        </Show>
    }
}
