//! A project's timeline of milestones: done ones checked, overdue ones marked; its editors add,
//! change, mark done and remove them.

use leptos::prelude::*;
use madani_shared::FieldError;
use madani_shared::endpoints::{CreateMilestone, DeleteMilestone, UpdateMilestone};
use madani_shared::ids::{MilestoneId, ProjectId};
use madani_shared::projects::*;

use super::when::{date_input, today};
use crate::components::dialog::ConfirmDialog;
use crate::components::form::{ErrorSummary, FormState, SubmitButton, TextField};
use crate::components::localized::LocalizedTextEditor;
use crate::components::mutation::Mutation;
use crate::i18n::{format, format_day, k, tr, use_locale};
use crate::session::use_session;

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
pub(super) fn Milestones(
    project: ProjectId,
    milestones: Vec<Milestone>,
    editor: bool,
    refetch: Callback<()>,
) -> impl IntoView {
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
