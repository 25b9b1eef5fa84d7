//! The home page. A visitor: what Madani is, the areas it has (each a link into it) and the way in.
//! A signed-in member: their own home (the dashboard, fetched with the account pages' module).

use leptos::prelude::*;
use leptos_router::components::A;

use crate::app::{lazy_dashboard, use_title};
use crate::components::icon::{Icon, icon};
use crate::i18n::{format, k, tr, use_locale};
use crate::session::use_session;

#[component]
pub fn Home() -> impl IntoView {
    use_title(k::APP_TAGLINE);
    let session = use_session();
    let locale = use_locale();
    // Only the areas that exist, each leading into it.
    let areas = [
        (Icon::Building, k::HOME_F_REGISTRY_TITLE, k::HOME_F_REGISTRY_TEXT, "/associations"),
        (Icon::Graduation, k::HOME_F_COURSES_TITLE, k::HOME_F_COURSES_TEXT, "/courses"),
        (Icon::Check, k::HOME_F_VERIFY_TITLE, k::HOME_F_VERIFY_TEXT, "/verify"),
    ];
    view! {
        <div class="page">
            <Show
                when=move || session.is_signed_in()
                fallback=|| {
                    view! {
                        <section class="hero">
                            <h1 class="hero__title">{tr(k::HOME_TITLE)}</h1>
                            <p class="hero__text lead">{tr(k::HOME_LEAD)}</p>
                            <div class="hero__actions cluster">
                                <A href="/register" attr:class="btn btn--primary">{tr(k::HOME_CTA_REGISTER)}</A>
                                <A href="/login" attr:class="btn btn--secondary">{tr(k::HOME_CTA_SIGN_IN)}</A>
                            </div>
                        </section>
                    }
                }
            >
                <h1 class="page__title" id="home-welcome">
                    {move || {
                        let name = session.user.with(|u| u.as_ref().map(|u| u.display_name.clone()).unwrap_or_default());
                        format(locale.get(), k::HOME_WELCOME, &[("name", &name)])
                    }}
                </h1>
                {lazy_dashboard()}
            </Show>
            <section aria-labelledby="features-title" class="stack">
                <h2 id="features-title">{tr(k::HOME_FEATURES)}</h2>
                <div class="features">
                    {areas
                        .into_iter()
                        .map(|(which, title, text, href)| {
                            view! {
                                <article class="feature card">
                                    <div class="feature__icon" aria-hidden="true">{icon(which)}</div>
                                    <h3 class="feature__title">
                                        <A href=href attr:class="feature__link">{tr(title)}</A>
                                    </h3>
                                    <p class="feature__text">{tr(text)}</p>
                                </article>
                            }
                        })
                        .collect_view()}
                </div>
            </section>
        </div>
    }
}
