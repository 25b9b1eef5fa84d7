//! Projects and the shared calendar in the browser: the list of projects, a project's page (its
//! milestones, updates, activities and indicators), the project editor, an activity's page with its
//! registration, the network's and the member's calendars with their iCalendar feeds, and the
//! indicators of every project rolled up for the observatory and institutions' staff.

mod activities;
mod calendar;
mod detail;
mod editor;
mod indicator_forms;
mod indicators;
mod list;
mod milestones;
mod registration;
mod rollup;
mod updates;
mod when;

pub use activities::ActivityPage;
pub use calendar::{CalendarPage, MyCalendarPage};
pub use detail::ProjectPage;
pub use editor::{EditProject, NewProject};
pub use list::{AssociationProjects, Projects};
pub use rollup::IndicatorRollupPage;

use leptos::prelude::*;
use madani_shared::ids::{ActivityId, ProjectId};
use madani_shared::projects::{Currency, ProjectStatus, ProjectVisibility};
use madani_shared::text::Language;

use crate::components::auth::RequireAuth;
use crate::i18n::{format_number, k, text, use_locale};
use crate::pages::not_found::NotFound;

/// `/calendar` and `/calendar/mine` (signed in): one route, the page by the address, so that the
/// main module holds one route for both.
#[component]
pub fn CalendarPages() -> impl IntoView {
    let params = leptos_router::hooks::use_params_map();
    let which = Memo::new(move |_| params.with(|p| p.get("which")));
    move || match which.get().as_deref() {
        None => view! { <CalendarPage /> }.into_any(),
        Some("mine") => view! { <RequireAuth><MyCalendarPage /></RequireAuth> }.into_any(),
        Some(_) => view! { <NotFound /> }.into_any(),
    }
}

/// A part of another area's page made of this area's texts (an association's projects).
pub(crate) fn with_texts<F, V>(part: F) -> impl IntoView
where
    F: Fn() -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    crate::i18n::with_area_texts("projects", part)
}

pub(crate) fn project_href(id: ProjectId) -> String {
    format!("/projects/{id}")
}

pub(crate) fn activity_href(id: ActivityId) -> String {
    format!("/activities/{id}")
}

pub(crate) const STATUSES: [ProjectStatus; 5] = [
    ProjectStatus::Identification,
    ProjectStatus::Implementation,
    ProjectStatus::Completed,
    ProjectStatus::Suspended,
    ProjectStatus::Cancelled,
];

pub(crate) fn status_key(status: ProjectStatus) -> usize {
    match status {
        ProjectStatus::Identification => k::PROJECT_STATUS_IDENTIFICATION,
        ProjectStatus::Implementation => k::PROJECT_STATUS_IMPLEMENTATION,
        ProjectStatus::Completed => k::PROJECT_STATUS_COMPLETED,
        ProjectStatus::Suspended => k::PROJECT_STATUS_SUSPENDED,
        ProjectStatus::Cancelled => k::PROJECT_STATUS_CANCELLED,
    }
}

pub(crate) const VISIBILITIES: [ProjectVisibility; 3] =
    [ProjectVisibility::Public, ProjectVisibility::Network, ProjectVisibility::Private];

pub(crate) fn visibility_key(v: ProjectVisibility) -> usize {
    match v {
        ProjectVisibility::Public => k::PROJECT_VISIBILITY_PUBLIC,
        ProjectVisibility::Network => k::PROJECT_VISIBILITY_NETWORK,
        ProjectVisibility::Private => k::PROJECT_VISIBILITY_PRIVATE,
    }
}

/// A project's status, as a badge.
pub(crate) fn status_badge(status: ProjectStatus) -> impl IntoView {
    let locale = use_locale();
    let class = match status {
        ProjectStatus::Identification => "badge badge--info",
        ProjectStatus::Implementation => "badge badge--success",
        ProjectStatus::Completed => "badge",
        ProjectStatus::Suspended => "badge badge--warning",
        ProjectStatus::Cancelled => "badge badge--danger",
    };
    view! { <span class=class data-status=status.as_str()>{move || text(locale.get(), status_key(status))}</span> }
}

/// A visibility other than public, as a badge (public needs no saying).
pub(crate) fn visibility_badge(v: ProjectVisibility) -> impl IntoView {
    let locale = use_locale();
    (v != ProjectVisibility::Public).then(|| {
        view! { <span class="badge badge--warning" data-visibility=v.as_str()>{move || text(locale.get(), visibility_key(v))}</span> }
    })
}

/// The progress of a project as a labelled `<progress>`.
pub(crate) fn progress_bar(id: String, progress: u8) -> impl IntoView {
    let locale = use_locale();
    let label_id = format!("{id}-label");
    view! {
        <div class="progress-block">
            <span class="progress-block__label" id=label_id.clone()>
                {move || crate::i18n::format(locale.get(), k::PROJECT_PROGRESS, &[("percent", &crate::i18n::format_percent(locale.get(), progress as i64))])}
            </span>
            <progress id=id max="100" value=progress.to_string() aria-labelledby=label_id></progress>
        </div>
    }
}

/// An amount in a currency as the language writes it: "2 500 000 DZD".
pub(crate) fn money(lang: Language, amount: u64, currency: Currency) -> String {
    format!("{}\u{a0}{}", format_number(lang, amount as i64), currency.as_str())
}

/// The list separator of a language.
pub(crate) fn separator(lang: Language) -> &'static str {
    if lang == Language::Ar { "، " } else { ", " }
}
