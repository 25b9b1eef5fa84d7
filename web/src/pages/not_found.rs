//! Any path the app does not know.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::app::use_title;
use crate::i18n::{k, tr};

#[component]
pub fn NotFound() -> impl IntoView {
    use_title(k::NOTFOUND_TITLE);
    view! {
        <div class="page page--narrow">
            <div class="empty">
                <div class="empty__icon" aria-hidden="true">"404"</div>
                <h1 class="page__title">{tr(k::NOTFOUND_TITLE)}</h1>
                <p class="empty__text">{tr(k::NOTFOUND_TEXT)}</p>
                <A href="/" attr:class="btn btn--primary">{tr(k::NOTFOUND_HOME)}</A>
            </div>
        </div>
    }
}
