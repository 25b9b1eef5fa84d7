//! Reading from the server: a `LocalResource` shown through a `Transition`. A skeleton while it
//! first loads; the problem, translated, with a retry button when it fails; an empty state when
//! there is nothing to show; else the content. Later loads (a retry, a write's version) keep what
//! is on screen until the new answer comes.

use std::future::Future;
use std::str::FromStr;
use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use madani_shared::ClientError;

use super::states::{EmptyState, ProblemState, Skeleton};
use crate::errors::not_found;
use crate::i18n::{k, tr};

/// The answer of a read: the data, or the failed call (shared, so that a view can keep it).
pub type Fetched<T> = Result<T, Arc<ClientError>>;

/// A call's result as a read's answer.
pub fn fetched<T>(result: Result<T, ClientError>) -> Fetched<T> {
    result.map_err(Arc::new)
}

/// The page address's parameter `name` (`:id`), parsed; `None` when it is not one.
pub fn param<Id: FromStr>(name: &'static str) -> impl Fn() -> Option<Id> + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || params.with(|p| p.get(name).and_then(|value| value.parse().ok()))
}

/// A read of what `id` names (the page's address, by [`param`]): "not found" when there is no such
/// id, as the server would answer. `fetch` is called where it is tracked: the signals it reads (the
/// signed-in user, say) load it again when they change, as `id` does.
pub fn read_of<Id, T, F, Fut>(id: impl Fn() -> Option<Id> + 'static, fetch: F) -> LocalResource<Fetched<T>>
where
    T: 'static,
    F: Fn(Id) -> Fut + 'static,
    Fut: Future<Output = Result<T, ClientError>> + 'static,
{
    LocalResource::new(move || {
        let answer = id().map(&fetch);
        async move {
            match answer {
                Some(answer) => fetched(answer.await),
                None => fetched(Err(not_found())),
            }
        }
    })
}

/// The content of `resource`, by `children` (`let:data`), once it has loaded.
#[component]
pub fn Loaded<T, C, V>(
    resource: LocalResource<Fetched<T>>,
    children: C,
    /// The skeleton's number of lines.
    #[prop(default = 3)]
    lines: usize,
    /// The page's heading, shown above the error: the content, which holds it, did not come.
    #[prop(optional)]
    title: Option<usize>,
    /// Shown with the error, before it (a way back) and after it (a way out).
    #[prop(optional, into)]
    before_error: Option<ViewFn>,
    #[prop(optional, into)] after_error: Option<ViewFn>,
    /// Whether an answer has nothing to show (`Vec::is_empty`).
    #[prop(optional)]
    is_empty: Option<fn(&T) -> bool>,
    /// What to show then; the empty state with `empty_message` by default.
    #[prop(optional, into)]
    empty: Option<ViewFn>,
    #[prop(default = k::COMMON_EMPTY)] empty_message: usize,
) -> impl IntoView
where
    T: Clone + 'static,
    C: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let retry = Callback::new(move |()| resource.refetch());
    let content = move || {
        resource.get().map(|answer| match answer {
            Err(error) => view! {
                {before_error.as_ref().map(ViewFn::run)}
                {title.map(|key| view! { <h1 class="page__title">{tr(key)}</h1> })}
                <ProblemState error on_retry=retry />
                {after_error.as_ref().map(ViewFn::run)}
            }
            .into_any(),
            Ok(data) if is_empty.is_some_and(|is_empty| is_empty(&data)) => match &empty {
                Some(empty) => empty.run(),
                None => view! { <EmptyState message=empty_message /> }.into_any(),
            },
            Ok(data) => children(data).into_any(),
        })
    };
    view! { <Transition fallback=move || view! { <Skeleton lines /> }>{content}</Transition> }
}
