//! A cursor-paginated list: loads the first page, shows skeleton, empty and error states, and appends
//! further pages with "Load more" (a button, not infinite scroll: it works with keyboards and on slow
//! links).

use std::future::Future;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use madani_shared::{ClientError, Page};

use super::states::{EmptyState, ProblemState, Skeleton};
use crate::i18n::{k, tr};

/// The state of a paginated list, separate from its view so it can be tested on its own.
#[derive(Clone, Debug, PartialEq)]
pub struct Pager<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
    pub loading: bool,
    pub started: bool,
}

impl<T> Default for Pager<T> {
    fn default() -> Self {
        Pager { items: Vec::new(), next_cursor: None, loading: false, started: false }
    }
}

impl<T> Pager<T> {
    /// The cursor to ask for next, or `None` when there is nothing more to load.
    pub fn next_request(&self) -> Option<Option<String>> {
        if self.loading {
            None
        } else if !self.started {
            Some(None)
        } else {
            self.next_cursor.clone().map(Some)
        }
    }

    pub fn begin(&mut self) {
        self.loading = true;
    }

    pub fn receive(&mut self, page: Page<T>) {
        self.items.extend(page.items);
        self.next_cursor = page.next_cursor;
        self.loading = false;
        self.started = true;
    }

    pub fn failed(&mut self) {
        self.loading = false;
    }

    pub fn has_more(&self) -> bool {
        self.started && self.next_cursor.is_some()
    }

    pub fn is_empty(&self) -> bool {
        self.started && self.items.is_empty()
    }
}

/// Every item of a cursor-paginated list, up to `pages` pages: for a picker that needs the whole list
/// at once (a "select all", a merge of several lists).
pub async fn all_pages<T, F, Fut>(fetch: F, pages: usize) -> Result<Vec<T>, ClientError>
where
    F: Fn(Option<String>) -> Fut,
    Fut: Future<Output = Result<Page<T>, ClientError>>,
{
    let mut items = Vec::new();
    let mut cursor = None;
    for _ in 0..pages {
        let page = fetch(cursor).await?;
        items.extend(page.items);
        cursor = page.next_cursor;
        if cursor.is_none() {
            break;
        }
    }
    Ok(items)
}

#[component]
pub fn PagedList<T, F, Fut, R, V>(fetch: F, render: R) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    F: Fn(Option<String>) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<Page<T>, ClientError>> + 'static,
    R: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let pager = RwSignal::new(Pager::<T>::default());
    let error: RwSignal<Option<Arc<ClientError>>> = RwSignal::new(None);
    let load = {
        let fetch = fetch.clone();
        move || {
            let Some(cursor) = pager.with_untracked(|p| p.next_request()) else { return };
            pager.update(|p| p.begin());
            error.set(None);
            let fetch = fetch.clone();
            spawn_local(async move {
                // The list may be gone when the answer comes.
                match fetch(cursor).await {
                    Ok(page) => {
                        pager.try_update(|p| p.receive(page));
                    }
                    Err(e) => {
                        pager.try_update(|p| p.failed());
                        error.try_set(Some(Arc::new(e)));
                    }
                }
            });
        }
    };
    load();
    let retry = {
        let load = load.clone();
        Callback::new(move |_| load())
    };
    view! {
        <div class="stack">
            <ul class="list">
                <For
                    each=move || pager.with(|p| p.items.clone().into_iter().enumerate().collect::<Vec<_>>())
                    key=|(i, _)| *i
                    children={
                        let render = render.clone();
                        move |(_, item)| view! { <li class="list__item">{render(item)}</li> }
                    }
                />
            </ul>
            <Show when=move || pager.with(|p| p.loading && !p.started)>
                <Skeleton />
            </Show>
            <Show when=move || pager.with(|p| p.is_empty())>
                <EmptyState />
            </Show>
            {move || error.get().map(|error| view! { <ProblemState error on_retry=retry /> })}
            <Show when=move || pager.with(|p| p.has_more())>
                <button
                    type="button"
                    class="btn btn--secondary"
                    aria-busy=move || if pager.with(|p| p.loading) { "true" } else { "false" }
                    on:click={
                        let load = load.clone();
                        move |_| load()
                    }
                >
                    {tr(k::COMMON_LOAD_MORE)}
                </button>
            </Show>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_pages_until_the_cursor_runs_out() {
        let mut p = Pager::<u32>::default();
        assert_eq!(p.next_request(), Some(None));
        p.begin();
        assert_eq!(p.next_request(), None, "no second request while one is under way");
        p.receive(Page { items: vec![1, 2], next_cursor: Some("c2".into()) });
        assert!(p.has_more());
        assert_eq!(p.next_request(), Some(Some("c2".into())));
        p.begin();
        p.receive(Page { items: vec![3], next_cursor: None });
        assert_eq!(p.items, vec![1, 2, 3]);
        assert!(!p.has_more());
        assert_eq!(p.next_request(), None);
    }

    #[test]
    fn an_empty_first_page_is_empty_and_a_failure_can_be_retried() {
        let mut p = Pager::<u32>::default();
        assert!(!p.is_empty(), "not empty before loading");
        p.begin();
        p.failed();
        assert_eq!(p.next_request(), Some(None), "retry asks for the first page again");
        p.begin();
        p.receive(Page { items: vec![], next_cursor: None });
        assert!(p.is_empty());
    }
}
