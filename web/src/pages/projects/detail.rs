//! `/projects/:id`: a project — its overview (status, dates, budget and funders, places, fields,
//! progress), partners, the timeline of its milestones (its editors add, change, mark done and
//! remove them), its activities, its indicators with their charts, and its updates (posted by the
//! officers of the lead and partner associations); following it.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use madani_shared::FieldError;
use madani_shared::endpoints::{
    CreateMilestone, DeleteMilestone, FollowProject, GetProject, ListProjectUpdates, PostProjectUpdate,
    UnfollowProject, UpdateMilestone,
};
use madani_shared::ids::{MilestoneId, ProjectId};
use madani_shared::page::PageQuery;
use madani_shared::projects::*;

use super::activities::ProjectActivities;
use super::indicators::ProjectIndicators;
use super::when::{date_input, today};
use super::{money, progress_bar, separator, status_badge, visibility_badge};
use crate::app::use_title;
use crate::components::auth::login_then;
use crate::components::dialog::ConfirmDialog;
use crate::components::form::{ErrorSummary, FormState, Labelled, SubmitButton, TextAreaField, TextField};
use crate::components::label::label;
use crate::components::loaded::{Loaded, param, read_of};
use crate::components::localized::LocalizedTextEditor;
use crate::components::mutation::Mutation;
use crate::components::search::{Search, SearchResults};
use crate::components::territory::wilaya_label;
use crate::i18n::{format, format_datetime, format_day, k, text, tr, use_locale};
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
    let dates = [
        (k::PROJECT_PLANNED_START, s.planned_start, "project-planned-start"),
        (k::PROJECT_PLANNED_END, s.planned_end, "project-planned-end"),
        (k::PROJECT_ACTUAL_START, p.actual_start, "project-actual-start"),
        (k::PROJECT_ACTUAL_END, p.actual_end, "project-actual-end"),
    ];
    view! {
        <article class="stack stack--loose">
            <div class="page__header stack stack--tight">
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

/// What the milestone form edits: a new milestone, or one of the list.
#[derive(Clone, PartialEq)]
enum Editing {
    None,
    New,
    One(Milestone),
}

/// The timeline of milestones: done ones checked, overdue ones marked; editors add, change, mark
/// done and remove them (one form at a time, under the list).
#[component]
fn Milestones(project: ProjectId, milestones: Vec<Milestone>, editor: bool, refetch: Callback<()>) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let editing = RwSignal::new(Editing::None);
    let done = Mutation::new(move |m: Milestone| async move {
        let input = MilestoneInput { title: m.title, due_on: m.due_on, weight: m.weight, done_on: Some(today()) };
        session.call::<UpdateMilestone>((project, m.id), &input).await
    })
    .toast(k::MILESTONE_MARKED_DONE)
    .then(move |_| refetch.run(()));
    let remove =
        Mutation::new(move |id: MilestoneId| async move { session.call::<DeleteMilestone>((project, id), &()).await })
            .toast(k::MILESTONE_REMOVED)
            .then(move |_| refetch.run(()));
    let to_remove: RwSignal<Option<MilestoneId>> = RwSignal::new(None);
    let confirm = RwSignal::new(false);
    let confirmed = Callback::new(move |()| {
        if let Some(id) = to_remove.get_untracked() {
            remove.dispatch(id);
        }
    });
    let empty = milestones.is_empty();
    view! {
        <section class="card stack" aria-labelledby="milestones-title" id="project-milestones">
            <h2 class="card__title" id="milestones-title">{tr(k::MILESTONE_TITLE)}</h2>
            {empty.then(|| view! { <p class="muted">{tr(k::MILESTONE_NONE)}</p> })}
            <ol class="milestones" id="milestone-list">
                {milestones.into_iter().map(|m| {
                    let title = m.title.clone();
                    let state = if m.done_on.is_some() { "done" } else if m.overdue { "overdue" } else { "upcoming" };
                    let due = m.due_on;
                    let done_on = m.done_on;
                    let (for_done, for_edit) = (m.clone(), m.clone());
                    let id = m.id;
                    view! {
                        <li class=format!("milestone milestone--{state}") data-state=state id=format!("milestone-{id}")>
                            <span class="milestone__dot" aria-hidden="true"></span>
                            <div class="milestone__body stack stack--tight">
                                <strong dir="auto">{move || title.get(locale.get()).to_owned()}</strong>
                                <span class="list__meta">
                                    {move || format(locale.get(), k::MILESTONE_DUE, &[("date", &format_day(locale.get(), due))])}
                                </span>
                                <span class="cluster">
                                    {match (done_on, state) {
                                        (Some(d), _) => view! { <span class="badge badge--success">{move || format(locale.get(), k::MILESTONE_DONE_ON, &[("date", &format_day(locale.get(), d))])}</span> }.into_any(),
                                        (None, "overdue") => view! { <span class="badge badge--danger">{tr(k::MILESTONE_OVERDUE)}</span> }.into_any(),
                                        _ => view! { <span class="badge">{tr(k::MILESTONE_UPCOMING)}</span> }.into_any(),
                                    }}
                                </span>
                                {editor.then(|| view! {
                                    <span class="cluster">
                                        {done_on.is_none().then(|| view! {
                                            <button type="button" class="btn btn--secondary btn--small milestone__done" disabled=move || done.pending().get()
                                                on:click=move |_| done.dispatch(for_done.clone())>{tr(k::MILESTONE_MARK_DONE)}</button>
                                        })}
                                        <button type="button" class="btn btn--ghost btn--small milestone__edit"
                                            on:click=move |_| editing.set(Editing::One(for_edit.clone()))>{tr(k::PROJECT_ACT_EDIT)}</button>
                                        <button type="button" class="btn btn--ghost btn--small milestone__remove"
                                            on:click=move |_| { to_remove.set(Some(id)); confirm.set(true); }>{tr(k::PROJECT_ACT_REMOVE)}</button>
                                    </span>
                                })}
                            </div>
                        </li>
                    }
                }).collect_view()}
            </ol>
            {editor.then(|| view! {
                <Show when=move || editing.get() == Editing::None>
                    <p><button type="button" class="btn btn--secondary" id="milestone-add" on:click=move |_| editing.set(Editing::New)>{tr(k::MILESTONE_ADD)}</button></p>
                </Show>
                {move || match editing.get() {
                    Editing::None => None,
                    Editing::New => Some(view! { <MilestoneForm project existing=None editing refetch /> }.into_any()),
                    Editing::One(m) => Some(view! { <MilestoneForm project existing=Some(m) editing refetch /> }.into_any()),
                }}
                <ConfirmDialog open=confirm title=k::MILESTONE_REMOVE_TITLE message=k::MILESTONE_REMOVE_TEXT
                    confirm_label=k::PROJECT_ACT_REMOVE title_id="milestone-remove-title" on_confirm=confirmed />
            })}
        </section>
    }
}

#[component]
fn MilestoneForm(
    project: ProjectId,
    existing: Option<Milestone>,
    editing: RwSignal<Editing>,
    refetch: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let form = FormState::new();
    let id = existing.as_ref().map(|m| m.id);
    let title = RwSignal::new(existing.as_ref().map(|m| m.title.clone()).unwrap_or_default());
    let due = RwSignal::new(existing.as_ref().map(|m| m.due_on.to_string()).unwrap_or_default());
    let weight = RwSignal::new(existing.as_ref().map(|m| m.weight.to_string()).unwrap_or_else(|| "1".into()));
    let done_on = RwSignal::new(existing.as_ref().and_then(|m| m.done_on).map(|d| d.to_string()).unwrap_or_default());
    let save = Mutation::new(move |input: MilestoneInput| async move {
        match id {
            Some(id) => session.call::<UpdateMilestone>((project, id), &input).await,
            None => session.call::<CreateMilestone>(project, &input).await,
        }
    })
    .form(form)
    .toast(k::MILESTONE_SAVED)
    .then(move |_| {
        editing.try_set(Editing::None);
        refetch.run(());
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(due_on) = date_input(&due.get_untracked()) else {
            return form.show(vec![FieldError::new("due_on", "required", "")]);
        };
        save.submit(MilestoneInput {
            title: title.get_untracked(),
            due_on,
            weight: weight.get_untracked().trim().parse().unwrap_or(0),
            done_on: date_input(&done_on.get_untracked()),
        });
    };
    let heading = if id.is_some() { k::MILESTONE_EDIT } else { k::MILESTONE_ADD };
    view! {
        <form class="stack form-panel" id="milestone-form" on:submit=submit novalidate=true>
            <h3 class="card__subtitle">{tr(heading)}</h3>
            <ErrorSummary form=form />
            <LocalizedTextEditor id="milestone-title" field="title" label=k::MILESTONE_FIELD_TITLE value=title form />
            <div class="cluster">
                <TextField id="milestone-due" field="due_on" label=k::MILESTONE_FIELD_DUE value=due form kind="date" />
                <TextField id="milestone-weight" field="weight" label=k::MILESTONE_FIELD_WEIGHT value=weight form kind="number" hint=k::MILESTONE_WEIGHT_HINT />
                <TextField id="milestone-done" field="done_on" label=k::MILESTONE_FIELD_DONE value=done_on form kind="date" required=false />
            </div>
            <div class="cluster">
                <SubmitButton label=k::PROJECT_ACT_SAVE form=form class="btn btn--primary" />
                <button type="button" class="btn btn--ghost" on:click=move |_| editing.set(Editing::None)>{tr(k::COMMON_CANCEL)}</button>
            </div>
        </form>
    }
}

/// The project's news, newest first; officers of the lead and partner associations post.
#[component]
fn Updates(project: ProjectId, poster: bool, milestones: Vec<Milestone>) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let posted = RwSignal::new(0u32);
    let search = Search::new(move |cursor| {
        posted.track();
        let query = PageQuery { limit: Some(10), cursor };
        async move { session.call_as_viewer::<ListProjectUpdates>(project, &query).await }
    });
    let titles = milestones.clone();
    view! {
        <section class="card stack" aria-labelledby="updates-title" id="project-updates">
            <h2 class="card__title" id="updates-title">{tr(k::PROJECT_UPDATES)}</h2>
            {poster.then(|| view! { <UpdateForm project milestones posted /> })}
            <SearchResults search empty_message=k::PROJECT_UPDATES_NONE more_id="updates-more">
                <ul class="list" id="update-list">
                    {
                        let titles = titles.clone();
                        move || search.items.get().into_iter().map(|u| {
                            let org = u.association_name.clone();
                            let about = u.milestone_id.and_then(|m| titles.iter().find(|t| t.id == m)).map(|m| m.title.clone());
                            let at = u.created_at;
                            view! {
                                <li class="list__item stack stack--tight project-update">
                                    <p class="list__meta">
                                        <bdi>{u.author_name.clone()}</bdi>" · "<bdi>{move || org.get(locale.get()).to_owned()}</bdi>" · "
                                        <time datetime=at.to_rfc3339()>{move || format_datetime(locale.get(), at)}</time>
                                    </p>
                                    {about.map(|t| view! { <p class="badge badge--info badge--wrap">{move || format(locale.get(), k::PROJECT_UPDATE_ABOUT, &[("milestone", t.get(locale.get()))])}</p> })}
                                    <div class="prose" dir="auto" inner_html=u.body_html.clone()></div>
                                </li>
                            }
                        }).collect_view()
                    }
                </ul>
            </SearchResults>
        </section>
    }
}

#[component]
fn UpdateForm(project: ProjectId, milestones: Vec<Milestone>, posted: RwSignal<u32>) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let form = FormState::new();
    let body = RwSignal::new(String::new());
    let milestone = RwSignal::new(String::new());
    let post = Mutation::new(move |update: NewProjectUpdate| async move {
        session.call::<PostProjectUpdate>(project, &update).await
    })
    .form(form)
    .toast(k::PROJECT_UPDATE_POSTED)
    .then(move |_| {
        body.try_set(String::new());
        milestone.try_set(String::new());
        posted.try_update(|n| *n += 1);
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        post.submit(NewProjectUpdate {
            body: body.get_untracked(),
            milestone_id: milestone.get_untracked().parse().ok(),
        });
    };
    view! {
        <details class="stack" id="update-post">
            <summary class="btn btn--secondary">{tr(k::PROJECT_UPDATE_POST)}</summary>
            <form class="stack form-panel" id="update-form" on:submit=submit novalidate=true>
                <ErrorSummary form=form />
                <TextAreaField id="update-body" field="body" label=k::PROJECT_UPDATE_BODY value=body form hint=k::PROJECT_MARKDOWN_HINT />
                {(!milestones.is_empty()).then(|| view! {
                    <Labelled id="update-milestone" label=k::PROJECT_UPDATE_MILESTONE form=form field="milestone_id">
                        <select class="select" id="update-milestone" on:change=move |ev| milestone.set(event_target_value(&ev))>
                            <option value="" selected=move || milestone.get().is_empty()>{tr(k::PROJECT_UPDATE_NO_MILESTONE)}</option>
                            {milestones.into_iter().map(|m| {
                                let value = m.id.to_string();
                                let title = m.title.clone();
                                let v2 = value.clone();
                                view! { <option value=value selected=move || milestone.get() == v2>{move || title.get(locale.get()).to_owned()}</option> }
                            }).collect_view()}
                        </select>
                    </Labelled>
                })}
                <SubmitButton label=k::PROJECT_UPDATE_SEND form=form class="btn btn--primary" />
            </form>
        </details>
    }
}
