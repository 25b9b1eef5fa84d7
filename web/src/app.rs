//! The shell: language, session and toasts in context; the header with navigation, language switcher
//! and account menu; the routes.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::{NavigateOptions, path};
use madani_shared::text::Language;

use crate::components::toast::{ToastRegion, Toasts};
use crate::i18n::{self, Locale, k, tr, use_locale};
use crate::pages::{
    account, associations, auth, certificates, courses, home::Home, network, not_found::NotFound, notifications, staff,
};
use crate::session::{Session, use_session};

#[component]
pub fn App() -> impl IntoView {
    let locale = Locale(RwSignal::new(i18n::initial_language()));
    provide_context(locale);
    Effect::new(move |_| i18n::apply(locale.get()));
    let session = Session::new();
    provide_context(session);
    session.start();
    provide_context(Toasts::new());
    provide_context(crate::components::territory::WilayaNames::new());

    view! {
        <Router>
            <a class="skip-link" href="#main">{tr(k::SKIP_TO_CONTENT)}</a>
            <div class="app">
                <Header />
                <main id="main" tabindex="-1">
                    <Routes fallback=NotFound>
                        <Route path=path!("/") view=Home />
                        <Route path=path!("/login") view=auth::Login />
                        <Route path=path!("/register") view=auth::Register />
                        <Route path=path!("/verify-email") view=auth::VerifyEmail />
                        <Route path=path!("/forgot-password") view=auth::ForgotPassword />
                        <Route path=path!("/reset-password") view=auth::ResetPassword />
                        <Route path=path!("/account") view=account::Profile />
                        <Route path=path!("/account/security") view=account::Security />
                        <Route path=path!("/account/data") view=account::Data />
                        <Route path=path!("/account/profile") view=network::MyProfilePage />
                        <Route path=path!("/members/:id") view=network::MemberPage />
                        <Route path=path!("/my/network") view=network::MyNetwork />
                        <Route path=path!("/associations") view=associations::Directory />
                        <Route path=path!("/associations/new") view=associations::NewAssociation />
                        <Route path=path!("/associations/:id") view=associations::AssociationPage />
                        <Route path=path!("/associations/:id/edit") view=associations::EditAssociation />
                        <Route path=path!("/my/associations") view=associations::MyAssociations />
                        <Route path=path!("/courses") view=courses::Catalog />
                        <Route path=path!("/courses/new") view=courses::NewCourse />
                        <Route path=path!("/courses/:id") view=courses::CoursePage />
                        <Route path=path!("/courses/:id/edit") view=courses::EditCourse />
                        <Route path=path!("/courses/:id/lessons/:lesson_id") view=courses::LessonPage />
                        <Route path=path!("/my/learning") view=courses::MyLearning />
                        <Route path=path!("/my/certificates") view=certificates::MyCertificates />
                        <Route path=path!("/certificates/:id") view=certificates::CertificatePage />
                        <Route path=path!("/verify") view=certificates::VerifyPage />
                        <Route path=path!("/verify/:code") view=certificates::VerifyPage />
                        <Route path=path!("/my/notifications") view=notifications::NotificationsPage />
                        <Route path=path!("/staff/verification") view=associations::VerificationQueuePage />
                        <Route path=path!("/staff/import") view=staff::ImportPage />
                        <Route path=path!("/staff/audit") view=staff::AuditPage />
                    </Routes>
                </main>
                <Footer />
            </div>
            <ToastRegion />
        </Router>
    }
}

#[component]
fn Header() -> impl IntoView {
    let session = use_session();
    view! {
        <header class="site-header">
            <div class="site-header__inner">
                <A href="/" attr:class="brand">
                    <span class="brand__mark" aria-hidden="true"></span>
                    <span>"Madani · مدني"</span>
                </A>
                <nav class="nav" aria-label=tr(k::NAV_MAIN)>
                    <A href="/" exact=true>{tr(k::NAV_HOME)}</A>
                    <A href="/associations" exact=true>{tr(k::NAV_ASSOCIATIONS)}</A>
                    <A href="/courses">{tr(k::NAV_COURSES)}</A>
                    <Show when=move || session.is_signed_in()>
                        <A href="/my/associations">{tr(k::NAV_MY_ASSOCIATIONS)}</A>
                        <A href="/my/network">{tr(k::NAV_MY_NETWORK)}</A>
                    </Show>
                    <Show when=move || session.user.with(|u| u.as_ref().is_some_and(|u| u.role.is_staff()))>
                        <A href="/staff/verification">{tr(k::NAV_VERIFICATION)}</A>
                    </Show>
                </nav>
                <div class="header-actions">
                    <LanguageSwitcher />
                    <Show
                        when=move || session.is_signed_in()
                        fallback=|| {
                            view! {
                                <A href="/login" attr:class="btn btn--ghost btn--small">{tr(k::HEADER_SIGN_IN)}</A>
                                <A href="/register" attr:class="btn btn--primary btn--small">{tr(k::HEADER_REGISTER)}</A>
                            }
                        }
                    >
                        <AccountMenu />
                    </Show>
                </div>
            </div>
        </header>
    }
}

#[component]
fn LanguageSwitcher() -> impl IntoView {
    let locale = use_locale();
    let options = [(Language::Ar, "العربية"), (Language::Fr, "Français"), (Language::En, "English")];
    view! {
        <select
            id="lang-switcher"
            class="lang-switcher select"
            aria-label=tr(k::HEADER_LANGUAGE)
            on:change=move |ev| {
                if let Some(lang) = Language::parse(&event_target_value(&ev)) {
                    locale.0.set(lang);
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
fn AccountMenu() -> impl IntoView {
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
                {name}
            </button>
            <div class="menu" id="account-menu" hidden=move || !open.get()>
                <A href="/account" attr:class="menu__item">{tr(k::NAV_ACCOUNT)}</A>
                <A href="/account/security" attr:class="menu__item">{tr(k::HEADER_SECURITY)}</A>
                <A href="/account/data" attr:class="menu__item">{tr(k::HEADER_MY_DATA)}</A>
                <A href="/my/learning" attr:class="menu__item">{tr(k::LEARNING_TITLE)}</A>
                <A href="/my/certificates" attr:class="menu__item">{tr(k::CERTIFICATES_TITLE)}</A>
                <A href="/my/notifications" attr:class="menu__item">{tr(k::NOTIF_TITLE)}</A>
                <button type="button" id="logout" class="menu__item link-button" on:click=logout>
                    {tr(k::HEADER_SIGN_OUT)}
                </button>
            </div>
        </div>
    }
}

#[component]
fn Footer() -> impl IntoView {
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

/// Set the document title for a page: "<page> · Madani".
pub fn use_title(key: usize) {
    let locale = use_locale();
    Effect::new(move |_| {
        let title = format!("{} · {}", i18n::text(locale.get(), key), i18n::text(locale.get(), k::APP_NAME));
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            doc.set_title(&title);
        }
    });
}
