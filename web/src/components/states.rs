//! Loading, empty and error states.

use leptos::prelude::*;

use crate::i18n::{k, tr};

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
