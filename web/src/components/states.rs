//! Loading, empty and error states.

use std::sync::Arc;

use leptos::prelude::*;
use madani_shared::ClientError;

use crate::errors::problem_text;
use crate::i18n::{k, tr, use_locale};

/// Grey placeholders while content loads; announced once as "Loading…".
#[component]
pub fn Skeleton(#[prop(default = 3)] lines: usize) -> impl IntoView {
    view! {
        <div class="stack" aria-busy="true">
            <span class="sr-only">{tr(k::COMMON_LOADING)}</span>
            <div class="skeleton skeleton--title"></div>
            {(0..lines).map(|_| view! { <div class="skeleton skeleton--text"></div> }).collect_view()}
        </div>
    }
}

/// Nothing to show yet.
#[component]
pub fn EmptyState(#[prop(default = k::COMMON_EMPTY)] message: usize) -> impl IntoView {
    view! {
        <div class="empty">
            <div class="empty__icon" aria-hidden="true">"∅"</div>
            <p class="empty__text">{tr(message)}</p>
        </div>
    }
}

/// A failure with its message and a retry button.
#[component]
pub fn ErrorState(message: Signal<String>, on_retry: Callback<()>) -> impl IntoView {
    view! {
        <div class="alert alert--error" role="alert">
            <p>
                <strong>{tr(k::COMMON_ERROR_TITLE)}</strong>
            </p>
            <p>{move || message.get()}</p>
            <button type="button" class="btn btn--secondary btn--small" on:click=move |_| on_retry.run(())>
                {tr(k::COMMON_RETRY)}
            </button>
        </div>
    }
}

/// A failed call: its problem in the reader's language (again when the language changes), and a
/// retry button.
#[component]
pub fn ProblemState(error: Arc<ClientError>, on_retry: Callback<()>) -> impl IntoView {
    let locale = use_locale();
    let message = Signal::derive(move || problem_text(locale.get(), &error));
    view! { <ErrorState message on_retry /> }
}

/// What a page shows a user who may not use it: its heading, if the content would have held it,
/// and why not.
#[component]
pub fn Forbidden(#[prop(optional)] title: Option<usize>) -> impl IntoView {
    view! {
        {title.map(|key| view! { <h1 class="page__title">{tr(key)}</h1> })}
        <div class="alert alert--error" role="alert">{tr(k::ERROR_FORBIDDEN)}</div>
    }
}
