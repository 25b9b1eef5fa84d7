//! `/projects/:id`: a project — its overview (status, dates, budget and funders, places, fields,
//! progress), partners, the timeline of its milestones (its editors add, change, mark done and
//! remove them), its activities, its indicators with their charts, and its updates (posted by the
//! officers of the lead and partner associations); following it.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use madani_shared::endpoints::{FollowProject, GetProject, UnfollowProject};
use madani_shared::ids::ProjectId;
use madani_shared::projects::*;

use super::activities::ProjectActivities;
use super::indicators::ProjectIndicators;
use super::milestones::Milestones;
use super::updates::Updates;
use super::{money, progress_bar, separator, status_badge, visibility_badge};
use crate::app::use_title;
use crate::components::auth::login_then;
use crate::components::label::label;
use crate::components::loaded::{Loaded, param, read_of};
use crate::components::mutation::Mutation;
use crate::components::territory::wilaya_label;
use crate::i18n::{format, format_day, k, text, tr, use_locale};
use crate::pages::consultations::session_ready;
use crate::session::use_session;

#[component]
pub fn ProjectPage() -> impl IntoView {
    use_title(k::PROJECT_TITLE);
    let session = use_session();
    let project = read_of(param::<ProjectId>("id"), move |id| {
        session.user.track();
        async move {
            session_ready(session).await;
            session.call_as_viewer::<GetProject>(id, &()).await
        }
    });
    let refetch = Callback::new(move |()| project.refetch());
    view! {
        <div class="page project-page">
            <Loaded resource=project title=k::PROJECT_TITLE lines=8 let:p>
                <ProjectView p refetch />
            </Loaded>
        </div>
    }
}

#[component]
fn ProjectView(p: Project, refetch: Callback<()>) -> impl IntoView {
    let locale = use_locale();
    let s = p.summary.clone();
    let id = s.id;
    let title = s.title.clone();
    let lead = s.association_name.clone();
    let description = p.description_html.clone();
    let viewer = p.viewer.clone();
    let milestones = p.milestones.clone();
    let partners = p.partners.clone();
    let funders = p.funders.clone();
    let currency = p.currency;
    let budget = p.budget;
    let fields = s.fields.clone();
    let cover = s.cover_url.clone();
    let has_cover = cover.is_some();
    let dates = [
        (k::PROJECT_PLANNED_START, s.planned_start, "project-planned-start"),
        (k::PROJECT_PLANNED_END, s.planned_end, "project-planned-end"),
        (k::PROJECT_ACTUAL_START, p.actual_start, "project-actual-start"),
        (k::PROJECT_ACTUAL_END, p.actual_end, "project-actual-end"),
    ];
    view! {
        <article class="stack stack--loose">
            <div class="page__header course-hero" class:course-hero--cover=has_cover>
                // Decorative, as a course's cover: the title says what the project is.
                {cover.map(|src| view! { <img class="course-cover course-hero__cover" id="project-cover" src=src alt="" width="640" height="320" /> })}
                <div class="stack stack--tight">
                    <p class="list__meta">
                        <A href=format!("/associations/{}", s.association_id)><bdi>{move || lead.get(locale.get()).to_owned()}</bdi></A>
                    </p>
                    <h1 class="page__title" id="project-title" dir="auto">{move || title.get(locale.get()).to_owned()}</h1>
                    <p class="cluster" id="project-badges">{status_badge(s.status)}{visibility_badge(s.visibility)}</p>
                    {progress_bar("project-progress".into(), s.progress)}
                    <div class="cluster">
                        <FollowProjectButton id following=viewer.following followers=p.follower_count />
                        {viewer.editor.then(|| view! {
                            <A href=format!("/projects/{id}/edit") attr:class="btn btn--secondary" attr:id="edit-project">{tr(k::PROJECT_EDIT)}</A>
                        })}
                        <A href=format!("/calendar?project={id}") attr:class="btn btn--ghost">{tr(k::CALENDAR_OF_PROJECT)}</A>
                    </div>
                </div>
            </div>
            <section class="card stack" aria-labelledby="overview-title" id="project-overview">
                <h2 class="card__title" id="overview-title">{tr(k::PROJECT_OVERVIEW)}</h2>
                <dl class="kv kv--inline">
                    {dates.into_iter().filter_map(|(key, day, id)| day.map(|d| view! {
                        <div>
                            <dt>{tr(key)}</dt>
                            <dd id=id>{move || format_day(locale.get(), d)}</dd>
                        </div>
                    })).collect_view()}
                    {budget.map(|b| view! {
                        <div>
                            <dt>{tr(k::PROJECT_BUDGET)}</dt>
                            <dd id="project-budget"><bdi>{move || super::money(locale.get(), b, currency)}</bdi></dd>
                        </div>
                    })}
                    <div>
                        <dt>{tr(k::PROJECT_PLACES)}</dt>
                        <dd id="project-places">
                            {if s.wilayas.is_empty() {
                                view! { <span>{tr(k::PROJECT_NO_PLACE)}</span> }.into_any()
                            } else {
                                let last = s.wilayas.len() - 1;
                                s.wilayas.iter().enumerate().map(|(i, w)| view! {
                                    <bdi>{wilaya_label(w.clone())}</bdi>
                                    {(i < last).then_some(move || separator(locale.get()))}
                                }).collect_view().into_any()
                            }}
                        </dd>
                    </div>
                    {(!fields.is_empty()).then(|| view! {
                        <div>
                            <dt>{tr(k::ASSOC_FIELDS)}</dt>
                            <dd class="cluster">
                                {fields.iter().map(|f| { let f = *f; view! { <span class="badge">{move || label(locale.get(), "activity", f.as_str())}</span> } }).collect_view()}
                            </dd>
                        </div>
                    })}
                </dl>
                {(!funders.is_empty()).then(|| view! {
                    <h3 class="card__subtitle">{tr(k::PROJECT_FUNDERS)}</h3>
                    <ul class="list" id="project-funders">
                        {funders.into_iter().map(|f| view! {
                            <li class="list__item cluster cluster--between">
                                <bdi>{f.name}</bdi>
                                {f.amount.map(|a| view! { <bdi class="muted">{move || money(locale.get(), a, currency)}</bdi> })}
                            </li>
                        }).collect_view()}
                    </ul>
                })}
                {move || {
                    // Rendered and sanitized by the server.
                    let html = description.get(locale.get()).to_owned();
                    (!html.is_empty()).then(|| view! { <div class="prose" dir="auto" inner_html=html></div> })
                }}
            </section>
            {(!partners.is_empty()).then(|| view! { <Partners partners /> })}
            <Milestones project=id milestones editor=viewer.editor refetch />
            <ProjectActivities project=id editor=viewer.editor />
            <ProjectIndicators project=id editor=viewer.editor />
            <Updates project=id poster=viewer.poster milestones=p.milestones.clone() />
        </article>
    }
}

/// Follow or unfollow a project, with its follower count.
#[component]
fn FollowProjectButton(id: ProjectId, following: bool, followers: i64) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let navigate = use_navigate();
    let following = RwSignal::new(following);
    let followers = RwSignal::new(followers);
    let toggle = Mutation::new(move |unfollow: bool| async move {
        if unfollow {
            session.call::<UnfollowProject>(id, &()).await
        } else {
            session.call::<FollowProject>(id, &()).await
        }
    })
    .then(move |p: Project| {
        following.try_set(p.viewer.following);
        followers.try_set(p.follower_count);
    });
    let click = move |_| {
        if !session.is_signed_in() {
            navigate(&login_then(&format!("/projects/{id}")), NavigateOptions::default());
            return;
        }
        toggle.dispatch(following.get_untracked());
    };
    view! {
        <button
            type="button"
            id="follow-project"
            class=move || if following.get() { "btn btn--secondary" } else { "btn btn--primary" }
            aria-pressed=move || if following.get() { "true" } else { "false" }
            disabled=move || toggle.pending().get()
            on:click=click
        >
            {move || text(locale.get(), if following.get() { k::NETWORK_UNFOLLOW } else { k::NETWORK_FOLLOW })}
        </button>
        <span class="muted" id="project-followers">
            {move || format(locale.get(), k::NETWORK_FOLLOWERS, &[("count", &followers.get().to_string())])}
        </span>
    }
}

fn role_key(role: PartnerRole) -> usize {
    match role {
        PartnerRole::Implementing => k::PROJECT_ROLE_IMPLEMENTING,
        PartnerRole::Funding => k::PROJECT_ROLE_FUNDING,
        PartnerRole::Accountable => k::PROJECT_ROLE_ACCOUNTABLE,
    }
}

#[component]
fn Partners(partners: Vec<Partner>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <section class="card stack" aria-labelledby="partners-title" id="project-partners">
            <h2 class="card__title" id="partners-title">{tr(k::PROJECT_PARTNERS)}</h2>
            <ul class="list">
                {partners.into_iter().map(|p| {
                    let name = p.name.clone();
                    let href = match (p.association_id, p.institution_id) {
                        (Some(a), _) => format!("/associations/{a}"),
                        (None, Some(i)) => format!("/institutions/{i}"),
                        _ => String::new(),
                    };
                    let role = p.role;
                    view! {
                        <li class="list__item cluster cluster--between">
                            <A href=href><bdi>{move || name.get(locale.get()).to_owned()}</bdi></A>
                            <span class="badge">{move || text(locale.get(), role_key(role))}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
