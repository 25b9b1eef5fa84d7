//! The home page: what Madani is, and the way in.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::app::use_title;
use crate::components::icon::{Icon, icon};
use crate::i18n::{format, k, tr, use_locale};
use crate::session::use_session;

#[component]
pub fn Home() -> impl IntoView {
    use_title(k::APP_TAGLINE);
    let session = use_session();
    let locale = use_locale();
    let features = [
        (Icon::Building, k::HOME_F_REGISTRY_TITLE, k::HOME_F_REGISTRY_TEXT),
        (Icon::Graduation, k::HOME_F_COURSES_TITLE, k::HOME_F_COURSES_TEXT),
        (Icon::Calendar, k::HOME_F_PROJECTS_TITLE, k::HOME_F_PROJECTS_TEXT),
        (Icon::Chat, k::HOME_F_CONSULTATIONS_TITLE, k::HOME_F_CONSULTATIONS_TEXT),
    ];
    view! {
        <div class="page">
            <section class="hero">
                <h1 class="hero__title">{tr(k::HOME_TITLE)}</h1>
                <p class="hero__text lead">{tr(k::HOME_LEAD)}</p>
                <div class="hero__actions cluster">
                    <Show
                        when=move || session.is_signed_in()
                        fallback=|| {
                            view! {
                                <A href="/register" attr:class="btn btn--primary">{tr(k::HOME_CTA_REGISTER)}</A>
                                <A href="/login" attr:class="btn btn--secondary">{tr(k::HOME_CTA_SIGN_IN)}</A>
                            }
                        }
                    >
                        <p class="lead">
                            {move || {
                                let name = session.user.with(|u| u.as_ref().map(|u| u.display_name.clone()).unwrap_or_default());
                                format(locale.get(), k::HOME_WELCOME, &[("name", &name)])
                            }}
                        </p>
                        <A href="/account" attr:class="btn btn--primary">{tr(k::HOME_CTA_ACCOUNT)}</A>
                    </Show>
                </div>
            </section>
            <section aria-labelledby="features-title" class="stack">
                <h2 id="features-title">{tr(k::HOME_FEATURES)}</h2>
                <div class="features">
                    {features
                        .into_iter()
                        .map(|(which, title, text)| {
                            view! {
                                <article class="feature card">
                                    <div class="feature__icon" aria-hidden="true">{icon(which)}</div>
                                    <h3 class="feature__title">{tr(title)}</h3>
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
