//! The shell: language, session and toasts in context; the header with navigation, language switcher
//! and account menu; the routes.

use leptos::prelude::*;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::{Lazy, LazyRoute, path};

use crate::components::auth::RequireAuth;
use crate::components::bell::NotificationBell;
use crate::components::icon::{Icon, icon};
use crate::components::states::ErrorState;
use crate::components::toast::{ToastRegion, Toasts};
use crate::i18n::{self, Locale, k, tr, use_locale};
use crate::pages::{
    account, associations, auth, certificates, circles, consultations, courses, home::Home, institutions, messages,
    network, not_found::NotFound, notification_settings, notifications, projects, staff,
};
use crate::session::{Session, use_session};
use crate::shell::{AccountMenu, Footer, LanguageSwitcher};

/// A page's module could not be fetched (after the loader's own retries): a slow or broken link.
/// The app goes on; the page says so and offers to try again.
#[derive(Debug)]
struct PageLoadFailed;

impl From<::leptos::wasm_split::SplitLoaderError> for PageLoadFailed {
    fn from(_: ::leptos::wasm_split::SplitLoaderError) -> Self {
        PageLoadFailed
    }
}

fn page_load_failed() -> AnyView {
    let reload = Callback::new(|()| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    });
    let locale = use_locale();
    let message = Signal::derive(move || i18n::text(locale.get(), k::APP_PAGE_LOAD_FAILED).to_owned());
    view! { <ErrorState message on_retry=reload /> }.into_any()
}

/// A page for signed-in users: anyone else goes to the login page and back.
fn signed_in<V: IntoView + 'static>(page: fn() -> V) -> AnyView {
    view! { <RequireAuth>{page()}</RequireAuth> }.into_any()
}

/// A page of the area of pages `group`, with the texts its area needs beyond the main module's
/// (`web/locales/areas.json`: they come with the area's first page).
fn area_texts(group: &'static str, page: impl Fn() -> AnyView + Send + Sync + 'static) -> AnyView {
    let texts = match group {
        "consultations" | "proposals" | "institutions" | "consultation_editor" => "consultations",
        "learning" | "course_editor" => "learning",
        "projects" | "project_editor" | "calendar" => "projects",
        "staff" => "staff",
        "account" => "account",
        "messages" => "messages",
        "circles" => "circles",
        "certificates" => "certificates",
        _ => return page(),
    };
    i18n::with_area_texts(texts, page).into_any()
}

/// The pages are split out of the main WASM module, by area: an area's module is fetched the first
/// time one of its pages opens (`cargo xtask web` splits the module at these functions). Only the
/// shell and the home page are in the module every visitor downloads. A page marked `signed_in` is
/// for signed-in users only.
macro_rules! lazy_pages {
    (@page $area:ident, $page:path) => { area_texts(stringify!($area), || $page().into_any()) };
    (@page $area:ident, $page:path, signed_in) => { area_texts(stringify!($area), || signed_in($page)) };
    ($area:ident: $($route:ident $page_fn:ident => $page:path $(: $guard:ident)?,)*) => {$(
        struct $route;

        mod $page_fn {
            use super::*;

            #[::leptos::wasm_split::wasm_split(
                $area,
                wasm_split_path = ::leptos::wasm_split,
                preload(#[doc(hidden)] preload),
                fallible
            )]
            pub fn $page_fn() -> Result<AnyView, PageLoadFailed> {
                Ok(lazy_pages!(@page $area, $page $(, $guard)?))
            }
        }

        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_this: Self) -> AnyView {
                $page_fn::$page_fn().await.unwrap_or_else(|_| page_load_failed())
            }

            async fn preload() {
                // A failure shows when the page's view is asked for.
                let _ = $page_fn::preload().await;
            }
        }
    )*};
}

/// The observatory's pages, `/staff/<tab>`: one route for the three (the staff area's code).
fn staff_pages() -> impl IntoView {
    let params = leptos_router::hooks::use_params_map();
    let tab = Memo::new(move |_| params.with(|p| p.get("tab")));
    move || match tab.get().as_deref() {
        Some("verification") => associations::VerificationQueuePage().into_any(),
        Some("import") => staff::ImportPage().into_any(),
        Some("audit") => staff::AuditPage().into_any(),
        _ => NotFound().into_any(),
    }
}

/// A signed-in member's home, in the account pages' module (the home page itself is in the main
/// module, which every visitor downloads).
mod dashboard_part {
    use super::*;

    #[::leptos::wasm_split::wasm_split(account, wasm_split_path = ::leptos::wasm_split, fallible)]
    pub fn dashboard_part() -> Result<AnyView, PageLoadFailed> {
        Ok(crate::pages::dashboard::Dashboard().into_any())
    }
}

/// The dashboard, once its module has come (a skeleton meanwhile).
pub fn lazy_dashboard() -> impl IntoView {
    view! {
        <Suspense fallback=|| view! { <crate::components::states::Skeleton lines=6 /> }>
            {Suspend::new(async { dashboard_part::dashboard_part().await.unwrap_or_else(|_| page_load_failed()) })}
        </Suspense>
    }
}

lazy_pages! { auth:
    LoginRoute login_page => auth::Login,
    RegisterRoute register_page => auth::Register,
    VerifyEmailRoute verify_email_page => auth::VerifyEmail,
    ForgotPasswordRoute forgot_password_page => auth::ForgotPassword,
    ResetPasswordRoute reset_password_page => auth::ResetPassword,
}

lazy_pages! { account:
    AccountRoute account_page => account::AccountPages: signed_in,
    MemberPageRoute member_page => network::MemberPage,
    MyNetworkRoute my_network_page => network::MyNetwork: signed_in,
    NotificationsPageRoute notifications_page => notifications::NotificationsPage: signed_in,
    UnsubscribeRoute unsubscribe_page => notification_settings::UnsubscribePage,
}

lazy_pages! { associations:
    DirectoryRoute directory_page => associations::Directory,
    NewAssociationRoute new_association_page => associations::NewAssociation: signed_in,
    AssociationPageRoute association_page => associations::AssociationPage,
    EditAssociationRoute edit_association_page => associations::EditAssociation: signed_in,
    MyAssociationsRoute my_associations_page => associations::MyAssociations: signed_in,
}

lazy_pages! { learning:
    CatalogRoute catalog_page => courses::Catalog,
    CoursePageRoute course_page => courses::CoursePage,
    LessonPageRoute lesson_page => courses::LessonPage: signed_in,
    MyLearningRoute my_learning_page => courses::MyLearning: signed_in,
}

lazy_pages! { course_editor:
    NewCourseRoute new_course_page => courses::NewCourse: signed_in,
    EditCourseRoute edit_course_page => courses::EditCourse: signed_in,
}

lazy_pages! { certificates:
    MyCertificatesRoute my_certificates_page => certificates::MyCertificates: signed_in,
    CertificatePageRoute certificate_page => certificates::CertificatePage: signed_in,
    VerifyPageRoute verify_page => certificates::VerifyPage,
}

lazy_pages! { consultations:
    ConsultationsRoute consultations_page => consultations::Consultations,
    ConsultationPageRoute consultation_page => consultations::ConsultationPage,
    AnswerPageRoute answer_page => consultations::AnswerPage: signed_in,
    ResultsPageRoute results_page => consultations::ResultsPage,
}

lazy_pages! { proposals:
    ProposalsPageRoute proposals_page => consultations::ProposalsPage,
    ProposalPageRoute proposal_page => consultations::ProposalPage,
    ModerationPageRoute moderation_page => consultations::ModerationPage: signed_in,
}

lazy_pages! { institutions:
    InstitutionPageRoute institution_page => institutions::InstitutionPage,
}

lazy_pages! { consultation_editor:
    NewConsultationRoute new_consultation_page => consultations::NewConsultation: signed_in,
    EditConsultationRoute edit_consultation_page => consultations::EditConsultation: signed_in,
}

lazy_pages! { projects:
    ProjectsRoute projects_page => projects::Projects,
    ProjectPageRoute project_page => projects::ProjectPage,
    ActivityPageRoute activity_page => projects::ActivityPage,
}

lazy_pages! { project_editor:
    NewProjectRoute new_project_page => projects::NewProject: signed_in,
    EditProjectRoute edit_project_page => projects::EditProject: signed_in,
}

lazy_pages! { calendar:
    CalendarPageRoute calendar_page => projects::CalendarPages,
}

lazy_pages! { messages:
    MessagesRoute messages_page => messages::MessagesPage: signed_in,
}

lazy_pages! { circles:
    CirclesRoute circles_page => circles::CirclesPages,
    ThreadRoute thread_page => circles::ThreadPage,
}

lazy_pages! { staff:
    StaffPagesRoute staff_page => staff_pages: signed_in,
    IndicatorRollupRoute indicator_rollup_page => projects::IndicatorRollupPage: signed_in,
}

#[component]
pub fn App() -> impl IntoView {
    let lang = i18n::install_boot_texts().unwrap_or_else(i18n::initial_language);
    let locale = Locale(RwSignal::new(lang));
    if !i18n::is_loaded(lang) {
        locale.switch(lang);
    }
    provide_context(locale);
    Effect::new(move |_| i18n::apply(locale.get()));
    let session = Session::new();
    provide_context(session);
    session.start();
    provide_context(Toasts::new());
    crate::components::bell::provide_unread();
    provide_context(crate::components::territory::WilayaNames::new());

    view! {
        <Router>
            <a class="skip-link" href="#main">{tr(k::SKIP_TO_CONTENT)}</a>
            <div class="app">
                <Header />
                <main id="main" tabindex="-1">
                    <Routes fallback=NotFound>
                        <Route path=path!("/") view=Home />
                        <Route path=path!("/login") view={Lazy::<LoginRoute>::new()} />
                        <Route path=path!("/register") view={Lazy::<RegisterRoute>::new()} />
                        <Route path=path!("/verify-email") view={Lazy::<VerifyEmailRoute>::new()} />
                        <Route path=path!("/forgot-password") view={Lazy::<ForgotPasswordRoute>::new()} />
                        <Route path=path!("/reset-password") view={Lazy::<ResetPasswordRoute>::new()} />
                        // The account's tabs (`/account/security` …): one route, the tab from the address.
                        <Route path=path!("/account/:tab?") view={Lazy::<AccountRoute>::new()} />
                        <Route path=path!("/members/:id") view={Lazy::<MemberPageRoute>::new()} />
                        <Route path=path!("/my/network") view={Lazy::<MyNetworkRoute>::new()} />
                        <Route path=path!("/associations") view={Lazy::<DirectoryRoute>::new()} />
                        <Route path=path!("/associations/new") view={Lazy::<NewAssociationRoute>::new()} />
                        <Route path=path!("/associations/:id") view={Lazy::<AssociationPageRoute>::new()} />
                        <Route path=path!("/associations/:id/edit") view={Lazy::<EditAssociationRoute>::new()} />
                        <Route path=path!("/my/associations") view={Lazy::<MyAssociationsRoute>::new()} />
                        <Route path=path!("/courses") view={Lazy::<CatalogRoute>::new()} />
                        <Route path=path!("/courses/new") view={Lazy::<NewCourseRoute>::new()} />
                        <Route path=path!("/courses/:id") view={Lazy::<CoursePageRoute>::new()} />
                        <Route path=path!("/courses/:id/edit") view={Lazy::<EditCourseRoute>::new()} />
                        <Route path=path!("/courses/:id/lessons/:lesson_id") view={Lazy::<LessonPageRoute>::new()} />
                        <Route path=path!("/my/learning") view={Lazy::<MyLearningRoute>::new()} />
                        <Route path=path!("/consultations") view={Lazy::<ConsultationsRoute>::new()} />
                        <Route path=path!("/consultations/new") view={Lazy::<NewConsultationRoute>::new()} />
                        <Route path=path!("/consultations/:id") view={Lazy::<ConsultationPageRoute>::new()} />
                        <Route path=path!("/consultations/:id/edit") view={Lazy::<EditConsultationRoute>::new()} />
                        <Route path=path!("/consultations/:id/answer") view={Lazy::<AnswerPageRoute>::new()} />
                        <Route path=path!("/consultations/:id/results") view={Lazy::<ResultsPageRoute>::new()} />
                        <Route path=path!("/consultations/:id/proposals") view={Lazy::<ProposalsPageRoute>::new()} />
                        <Route path=path!("/consultations/:id/moderation") view={Lazy::<ModerationPageRoute>::new()} />
                        <Route path=path!("/proposals/:id") view={Lazy::<ProposalPageRoute>::new()} />
                        <Route path=path!("/institutions/:id") view={Lazy::<InstitutionPageRoute>::new()} />
                        <Route path=path!("/projects") view={Lazy::<ProjectsRoute>::new()} />
                        <Route path=path!("/projects/new") view={Lazy::<NewProjectRoute>::new()} />
                        <Route path=path!("/projects/:id") view={Lazy::<ProjectPageRoute>::new()} />
                        <Route path=path!("/projects/:id/edit") view={Lazy::<EditProjectRoute>::new()} />
                        <Route path=path!("/activities/:id") view={Lazy::<ActivityPageRoute>::new()} />
                        // The network's calendar and the member's (`/calendar/mine`).
                        <Route path=path!("/calendar/:which?") view={Lazy::<CalendarPageRoute>::new()} />
                        <Route path=path!("/my/certificates") view={Lazy::<MyCertificatesRoute>::new()} />
                        <Route path=path!("/certificates/:id") view={Lazy::<CertificatePageRoute>::new()} />
                        <Route path=path!("/verify/:code?") view={Lazy::<VerifyPageRoute>::new()} />
                        <Route path=path!("/my/notifications") view={Lazy::<NotificationsPageRoute>::new()} />
                        <Route path=path!("/unsubscribe/:token") view={Lazy::<UnsubscribeRoute>::new()} />
                        // One route for the list, a conversation and a new one (`/messages/new`): going from one
                        // to another keeps the list and the live events.
                        <Route path=path!("/messages/:id?") view={Lazy::<MessagesRoute>::new()} />
                        // One route for the directory, a new circle (`/circles/new`) and a circle.
                        <Route path=path!("/circles/:id?") view={Lazy::<CirclesRoute>::new()} />
                        <Route path=path!("/threads/:id") view={Lazy::<ThreadRoute>::new()} />
                        // The observatory's tabs (`/staff/verification`, `/staff/import`, `/staff/audit`).
                        <Route path=path!("/staff/:tab") view={Lazy::<StaffPagesRoute>::new()} />
                        <Route path=path!("/indicators") view={Lazy::<IndicatorRollupRoute>::new()} />
                    </Routes>
                </main>
                <Footer />
            </div>
            <ToastRegion />
        </Router>
    }
}

/// The main navigation's items for everyone: address, text, whether only that address marks it.
const NAV_ITEMS: [(&str, usize, bool); 7] = [
    ("/", k::NAV_HOME, true),
    ("/associations", k::NAV_ASSOCIATIONS, true),
    ("/courses", k::NAV_COURSES, false),
    ("/consultations", k::NAV_CONSULTATIONS, false),
    ("/projects", k::NAV_PROJECTS, false),
    ("/calendar", k::NAV_CALENDAR, false),
    ("/circles", k::NAV_CIRCLES, false),
];

/// The header. On a wide screen the navigation, the language and the account sit in one row; on a
/// phone or a tablet a menu button opens them as a panel under the row (closed again by Escape, by
/// choosing a page, or by the button), and the row keeps the brand, the button and the account. The
/// brand is named in the page's script (both names do not fit a phone's row).
#[component]
fn Header() -> impl IntoView {
    let session = use_session();
    let open = RwSignal::new(false);
    let location = use_location();
    Effect::new(move |_| {
        location.pathname.track();
        open.set(false);
    });
    let button = NodeRef::<leptos::html::Button>::new();
    let panel = NodeRef::<leptos::html::Div>::new();
    let toggle = move |_| {
        let opening = !open.get_untracked();
        open.set(opening);
        if opening {
            // Into the panel, once it is drawn: its first link.
            request_animation_frame(move || {
                let first = panel.get_untracked().and_then(|p| p.query_selector("a").ok().flatten());
                if let Some(el) = first.and_then(|el| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el).ok()) {
                    let _ = el.focus();
                }
            });
        }
    };
    let escape = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" && open.get_untracked() {
            open.set(false);
            if let Some(b) = button.get_untracked() {
                let _ = b.focus();
            }
        }
    };
    // A link chosen in the panel closes it, even one to the page already shown.
    let chosen = move |ev: leptos::ev::MouseEvent| {
        let on_link = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .is_some_and(|el| el.closest("a").ok().flatten().is_some());
        if on_link {
            open.set(false);
        }
    };
    let staff = move || session.user.with(|u| u.as_ref().is_some_and(|u| u.role.is_staff()));
    view! {
        <header class="site-header">
            <div class="site-header__inner" on:keydown=escape>
                <button
                    type="button"
                    id="nav-toggle"
                    class="nav-toggle"
                    node_ref=button
                    aria-expanded=move || if open.get() { "true" } else { "false" }
                    aria-controls="site-menu"
                    on:click=toggle
                >
                    {move || if open.get() { icon(Icon::Close).into_any() } else { icon(Icon::Menu).into_any() }}
                    <span class="nav-toggle__label">{tr(k::HEADER_MENU)}</span>
                </button>
                <A href="/" attr:class="brand">
                    <span class="brand__mark" aria-hidden="true"></span>
                    <span>{tr(k::APP_NAME)}</span>
                </A>
                <div
                    class=move || if open.get() { "site-menu site-menu--open" } else { "site-menu" }
                    id="site-menu"
                    node_ref=panel
                    on:click=chosen
                >
                    <nav class="nav" aria-label=tr(k::NAV_MAIN)>
                        // Everyone's items, one link each (drawn in a loop: one link's code, not seven).
                        {NAV_ITEMS
                            .into_iter()
                            .map(|(href, key, exact)| view! { <A href=href exact=exact>{tr(key)}</A> })
                            .collect_view()}
                        <Show when=move || session.is_signed_in()>
                            <A href="/my/associations">{tr(k::NAV_MY_ASSOCIATIONS)}</A>
                            <A href="/my/network">{tr(k::NAV_MY_NETWORK)}</A>
                        </Show>
                        <Show when=staff>
                            <A href="/staff/verification">{tr(k::NAV_VERIFICATION)}</A>
                        </Show>
                    </nav>
                    <div class="site-menu__tools">
                        <LanguageSwitcher />
                        <Show when=move || !session.is_signed_in()>
                            <A href="/login" attr:class="btn btn--ghost btn--small site-menu__sign-in">{tr(k::HEADER_SIGN_IN)}</A>
                            <A href="/register" attr:class="btn btn--primary btn--small">{tr(k::HEADER_REGISTER)}</A>
                        </Show>
                    </div>
                </div>
                <div class="header-actions">
                    <Show
                        when=move || session.is_signed_in()
                        fallback=|| {
                            view! {
                                <A href="/login" attr:class="btn btn--ghost btn--small header-sign-in">{tr(k::HEADER_SIGN_IN)}</A>
                            }
                        }
                    >
                        <NotificationBell />
                        <AccountMenu />
                    </Show>
                </div>
            </div>
        </header>
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
