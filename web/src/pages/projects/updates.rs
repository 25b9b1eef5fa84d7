//! A project's updates, newest first; the officers of the lead and partner associations post them.

use leptos::prelude::*;
use madani_shared::endpoints::{ListProjectUpdates, PostProjectUpdate};
use madani_shared::ids::ProjectId;
use madani_shared::page::PageQuery;
use madani_shared::projects::*;

use crate::components::form::{ErrorSummary, FormState, Labelled, SubmitButton, TextAreaField};
use crate::components::mutation::Mutation;
use crate::components::search::{Search, SearchResults};
use crate::i18n::{format, format_datetime, k, tr, use_locale};
use crate::session::use_session;

/// The project's news, newest first; officers of the lead and partner associations post.
#[component]
pub(super) fn Updates(project: ProjectId, poster: bool, milestones: Vec<Milestone>) -> impl IntoView {
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
