//! The shell's parts around the pages: the language switcher and the account menu of the header,
//! and the footer.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_navigate};
use madani_shared::text::Language;

use crate::i18n::{k, tr, use_locale};
use crate::session::use_session;

#[component]
pub(crate) fn LanguageSwitcher() -> impl IntoView {
    let locale = use_locale();
    let options = [(Language::Ar, "العربية"), (Language::Fr, "Français"), (Language::En, "English")];
    view! {
        <select
            id="lang-switcher"
            class="lang-switcher select"
            aria-label=tr(k::HEADER_LANGUAGE)
            on:change=move |ev| {
                if let Some(lang) = Language::parse(&event_target_value(&ev)) {
                    locale.switch(lang);
                }
            }
        >
            {options
                .into_iter()
                .map(|(lang, name)| {
                    view! {
                        <option value=lang.code() lang=lang.code() selected=move || locale.get() == lang>
                            {name}
                        </option>
                    }
                })
                .collect_view()}
        </select>
    }
}

#[component]
pub(crate) fn AccountMenu() -> impl IntoView {
    let session = use_session();
    let open = RwSignal::new(false);
    let navigate = use_navigate();
    let location = use_location();
    // Close the menu on navigation.
    Effect::new(move |_| {
        location.pathname.track();
        open.set(false);
    });
    let logout = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            session.logout().await;
            navigate("/", NavigateOptions::default());
        });
    };
    let name = move || session.user.with(|u| u.as_ref().map(|u| u.display_name.clone()).unwrap_or_default());
    view! {
        <div class="account-menu" on:keydown=move |ev| if ev.key() == "Escape" { open.set(false) }>
            <button
                type="button"
                id="account-menu-button"
                class="account-menu__button btn btn--ghost btn--small"
                aria-haspopup="true"
                aria-expanded=move || if open.get() { "true" } else { "false" }
                aria-controls="account-menu"
                on:click=move |_| open.update(|o| *o = !*o)
            >
                <span class="sr-only">{tr(k::HEADER_ACCOUNT_MENU)} ": "</span>
                <span class="account-menu__name" dir="auto">{name}</span>
            </button>
            <div class="menu" id="account-menu" hidden=move || !open.get()>
                <A href="/account" attr:class="menu__item">{tr(k::NAV_ACCOUNT)}</A>
                <A href="/account/security" attr:class="menu__item">{tr(k::HEADER_SECURITY)}</A>
                <A href="/account/data" attr:class="menu__item">{tr(k::HEADER_MY_DATA)}</A>
                <A href="/my/learning" attr:class="menu__item">{tr(k::LEARNING_TITLE)}</A>
                <A href="/my/certificates" attr:class="menu__item">{tr(k::CERTIFICATES_TITLE)}</A>
                <A href="/my/notifications" attr:class="menu__item">{tr(k::NOTIF_TITLE)}</A>
                <A href="/calendar/mine" attr:class="menu__item">{tr(k::NAV_MY_CALENDAR)}</A>
                <button type="button" id="logout" class="menu__item link-button" on:click=logout>
                    {tr(k::HEADER_SIGN_OUT)}
                </button>
            </div>
        </div>
    }
}

#[component]
pub(crate) fn Footer() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <p>{tr(k::FOOTER_TEXT)}</p>
            <p class="site-footer__links">
                <A href="/verify" attr:id="footer-verify">{tr(k::FOOTER_VERIFY)}</A>
                <a href="/api/docs/" rel="external">{tr(k::FOOTER_API_DOCS)}</a>
            </p>
        </footer>
    }
}
