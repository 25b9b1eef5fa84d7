//! `/institutions/:id`: an institution — its name, acronym and kind; the states it defined for its
//! answers to proposals (public), which its managers define, rename and remove; and, for its staff,
//! the staff, which its managers add to (by email, with a role), change and remove.

use leptos::prelude::*;
use madani_shared::FieldError;
use madani_shared::auth::Role;
use madani_shared::consultations::{CustomProposalState, ProposalState, PutProposalState};
use madani_shared::endpoints::{
    AddStaffMemberEndpoint, DeleteProposalState, GetInstitution, ListInstitutionStaff, ListProposalStates,
    PutProposalStateEndpoint, RemoveStaffMember,
};
use madani_shared::ids::{InstitutionId, ProposalStateKey, UserId};
use madani_shared::institutions::*;
use validator::Validate;

use crate::app::use_title;
use crate::components::dialog::ConfirmDialog;
use crate::components::form::{ErrorSummary, FormState, SelectField, SubmitButton, TextField};
use crate::components::label::label;
use crate::components::loaded::{Loaded, fetched, param, read_of};
use crate::components::localized::LocalizedTextEditor;
use crate::components::mutation::Mutation;
use crate::i18n::{format, k, tr, use_locale};
use crate::pages::consultations::{check_scoped, custom_state_badge, scoped, scoped_error, session_ready};
use crate::session::{base_client, use_session};

/// The base states an institution's own state may refine.
const BASE_STATES: [(&str, usize); 3] = [
    ("evaluating", k::PROPOSAL_STATE_EVALUATING),
    ("accepted", k::PROPOSAL_STATE_ACCEPTED),
    ("rejected", k::PROPOSAL_STATE_REJECTED),
];

#[component]
pub fn InstitutionPage() -> impl IntoView {
    use_title(k::INSTITUTION_TITLE);
    let session = use_session();
    let read = read_of(param::<InstitutionId>("id"), move |id| {
        session.user.track();
        async move {
            session_ready(session).await;
            session.call_as_viewer::<GetInstitution>(id, &()).await
        }
    });
    view! {
        <div class="page">
            <Loaded resource=read title=k::INSTITUTION_TITLE let:i>
                <InstitutionView i />
            </Loaded>
        </div>
    }
}

#[component]
fn InstitutionView(i: Institution) -> impl IntoView {
    let locale = use_locale();
    let session = use_session();
    let admin = session.user.with_untracked(|u| u.as_ref().is_some_and(|u| u.role == Role::Admin));
    // Administrators do what managers do; staff (and administrators) see the staff.
    let manager = admin || i.viewer_role == Some(InstitutionRole::Manager);
    let staff = admin || i.viewer_role.is_some();
    let id = i.id;
    let name = i.name.clone();
    let kind = i.kind;
    let role = i.viewer_role;
    view! {
        <article class="stack stack--loose institution">
            <div class="page__header stack stack--tight">
                <h1 class="page__title" id="institution-title" dir="auto">{move || name.get(locale.get()).to_owned()}</h1>
                <p class="cluster" id="institution-meta">
                    {i.acronym.clone().filter(|a| !a.is_empty()).map(|a| view! { <span class="badge" id="institution-acronym"><bdi>{a}</bdi></span> })}
                    <span id="institution-kind">{move || label(locale.get(), "institution.kind", kind.as_str())}</span>
                    {role.map(|r| view! {
                        <span class="badge badge--info" id="institution-role">
                            {move || format(locale.get(), k::INSTITUTION_YOUR_ROLE, &[("role", &label(locale.get(), "institution.role", r.as_str()))])}
                        </span>
                    })}
                </p>
            </div>
            <States institution=id manager />
            {staff.then(|| view! { <Staff institution=id manager /> })}
        </article>
    }
}

/// The institution's own proposal states; its managers define, rename and remove them.
#[component]
fn States(institution: InstitutionId, manager: bool) -> impl IntoView {
    let session = use_session();
    let changed = RwSignal::new(0u32);
    let remove = Mutation::new(move |key: ProposalStateKey| async move {
        session.call::<DeleteProposalState>((institution, key), &()).await
    })
    .toast(k::INSTITUTION_STATE_REMOVED);
    let states = LocalResource::new(move || {
        changed.track();
        remove.version().track();
        async move { fetched(base_client().call::<ListProposalStates>(institution, &()).await) }
    });
    // The state being renamed (one at a time), and the one to remove once confirmed.
    let editing: RwSignal<Option<String>> = RwSignal::new(None);
    let to_remove: RwSignal<Option<ProposalStateKey>> = RwSignal::new(None);
    let confirm = RwSignal::new(false);
    let confirmed = Callback::new(move |()| {
        if let Some(key) = to_remove.get_untracked() {
            remove.dispatch(key);
        }
    });
    view! {
        <section class="card stack" aria-labelledby="states-title" id="institution-states">
            <h2 class="card__title" id="states-title">{tr(k::INSTITUTION_STATES)}</h2>
            <p class="field__hint">{tr(k::INSTITUTION_STATES_LEAD)}</p>
            <Loaded resource=states is_empty=Vec::is_empty empty_message=k::INSTITUTION_STATES_EMPTY let:list>
                <ul class="list" id="states-list">
                    {list.into_iter().map(|c| view! { <StateItem institution c manager editing changed to_remove confirm /> }).collect_view()}
                </ul>
            </Loaded>
            {manager.then(|| view! {
                <details class="stack institution__define" id="state-define">
                    <summary>{tr(k::INSTITUTION_STATE_DEFINE)}</summary>
                    <StateForm institution existing=None changed editing />
                </details>
                <ConfirmDialog open=confirm title=k::INSTITUTION_STATE_REMOVE_TITLE message=k::INSTITUTION_STATE_REMOVE_TEXT
                    confirm_label=k::INSTITUTION_REMOVE title_id="state-remove-title" on_confirm=confirmed />
            })}
        </section>
    }
}

#[component]
fn StateItem(
    institution: InstitutionId,
    c: CustomProposalState,
    manager: bool,
    editing: RwSignal<Option<String>>,
    changed: RwSignal<u32>,
    to_remove: RwSignal<Option<ProposalStateKey>>,
    confirm: RwSignal<bool>,
) -> impl IntoView {
    let locale = use_locale();
    let key = c.key.clone();
    let base = format!("pstate-{key}");
    let name = c.label.clone();
    let is_editing = {
        let key = key.clone();
        move || editing.with(|e| e.as_deref() == Some(key.as_str()))
    };
    let actions = manager.then(|| {
        let (rename_key, remove_key) = (key.clone(), key.clone());
        view! {
            <div class="cluster">
                <button type="button" class="btn btn--secondary btn--small" id=format!("{base}-rename")
                    aria-expanded={
                        let is_editing = is_editing.clone();
                        move || if is_editing() { "true" } else { "false" }
                    }
                    on:click=move |_| editing.set(Some(rename_key.clone()))>
                    {tr(k::INSTITUTION_STATE_RENAME)}
                </button>
                <button type="button" class="btn btn--ghost btn--small" id=format!("{base}-remove")
                    on:click=move |_| {
                        to_remove.set(remove_key.parse().ok());
                        confirm.set(true);
                    }>
                    {tr(k::INSTITUTION_REMOVE)}
                </button>
            </div>
        }
    });
    let form = c.clone();
    view! {
        <li class="list__item" id=base.clone() data-key=key.clone()>
            <div class="stack stack--tight">
                <strong dir="auto">{move || name.get(locale.get()).to_owned()}</strong>
                <p class="cluster list__meta">
                    {custom_state_badge(c.state, None)}
                    <code dir="ltr">{key.clone()}</code>
                </p>
            </div>
            {actions}
            <Show when=is_editing>
                <div class="list__item-form">
                    <StateForm institution existing=Some(form.clone()) changed editing />
                </div>
            </Show>
        </li>
    }
}

/// Define a state (a key, the base state it refines, its name in each language), or rename one.
#[component]
fn StateForm(
    institution: InstitutionId,
    existing: Option<CustomProposalState>,
    changed: RwSignal<u32>,
    editing: RwSignal<Option<String>>,
) -> impl IntoView {
    let session = use_session();
    let form = FormState::new();
    let renaming = existing.is_some();
    // One rename form at a time: fixed ids.
    let base = if renaming { "pstate-edit" } else { "pstate-new" };
    let label_id = if renaming { "pstate-edit-label" } else { "pstate-new-label" };
    let fixed_key = existing.as_ref().map(|c| c.key.clone());
    let key = RwSignal::new(fixed_key.clone().unwrap_or_default());
    let state = RwSignal::new(existing.as_ref().map_or(ProposalState::Evaluating, |c| c.state).as_str().to_owned());
    let name = RwSignal::new(existing.as_ref().map(|c| c.label.clone()).unwrap_or_default());
    let save = Mutation::new(move |(key, request): (ProposalStateKey, PutProposalState)| async move {
        session.call::<PutProposalStateEndpoint>((institution, key), &request).await.map_err(scoped_error("pstate"))
    })
    .form(form)
    .toast(if renaming { k::INSTITUTION_STATE_RENAMED } else { k::INSTITUTION_STATE_DEFINED })
    .then(move |_| {
        changed.try_update(|n| *n += 1);
        editing.try_set(None);
        if !renaming {
            key.try_set(String::new());
            name.try_set(Default::default());
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.clear();
        let typed = key.get_untracked().trim().to_owned();
        let request = PutProposalState {
            state: ProposalState::parse(&state.get_untracked()).unwrap_or(ProposalState::Evaluating),
            label: name.get_untracked(),
        };
        let mut problems = Vec::new();
        let parsed: Option<ProposalStateKey> = typed.parse().ok();
        if parsed.is_none() {
            let code = if typed.is_empty() { "required" } else { "invalid" };
            problems.push(FieldError::new("pstate.key", code, ""));
        }
        if let Err(e) = request.validate() {
            problems.extend(scoped("pstate", madani_shared::error::field_errors(&e)));
        }
        match parsed {
            Some(parsed) if problems.is_empty() => save.dispatch((parsed, request)),
            _ => form.show(problems),
        }
    };
    view! {
        <form class="stack" id=format!("{base}-form") on:submit=submit novalidate=true>
            <ErrorSummary form=form />
            {match fixed_key {
                Some(fixed) => view! { <p class="list__meta">{tr(k::INSTITUTION_STATE_KEY)} ": " <code dir="ltr">{fixed}</code></p> }.into_any(),
                None => view! {
                    <TextField id=format!("{base}-key") field="pstate.key" label=k::INSTITUTION_STATE_KEY value=key form dir="ltr" hint=k::INSTITUTION_STATE_KEY_HINT />
                }.into_any(),
            }}
            <SelectField id=format!("{base}-state") field="pstate.state" label=k::INSTITUTION_STATE_BASE value=state options=BASE_STATES.to_vec() form />
            <LocalizedTextEditor id=label_id field="pstate.label" label=k::INSTITUTION_STATE_LABEL value=name form />
            <div class="cluster">
                <SubmitButton label=if renaming { k::INSTITUTION_STATE_SAVE } else { k::INSTITUTION_STATE_DEFINE } form=form class="btn btn--primary" />
                {renaming.then(|| view! {
                    <button type="button" class="btn btn--secondary" on:click=move |_| editing.set(None)>{tr(k::COMMON_CANCEL)}</button>
                })}
            </div>
        </form>
    }
}

/// What a manager does to a member of staff.
#[derive(Clone)]
enum StaffChange {
    Role(String, InstitutionRole),
    Remove(UserId),
}

/// The staff (its staff and administrators see it); managers change roles, remove and add.
#[component]
fn Staff(institution: InstitutionId, manager: bool) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    // A refused change (the last manager) draws the list again as the server has it.
    let reload = RwSignal::new(0u32);
    let change = Mutation::new(move |change: StaffChange| async move {
        let done = match change {
            StaffChange::Role(email, role) => session
                .call::<AddStaffMemberEndpoint>(institution, &AddStaffMember { email, role })
                .await
                .map(|_| k::INSTITUTION_ROLE_CHANGED),
            StaffChange::Remove(user) => session
                .call::<RemoveStaffMember>((institution, user), &())
                .await
                .map(|()| k::INSTITUTION_MEMBER_REMOVED),
        };
        if done.is_err() {
            reload.try_update(|n| *n += 1);
        }
        done
    })
    .toast_by(|key| Some(*key));
    let staff = LocalResource::new(move || {
        change.version().track();
        reload.track();
        async move { fetched(session.call::<ListInstitutionStaff>(institution, &()).await) }
    });
    let to_remove: RwSignal<Option<UserId>> = RwSignal::new(None);
    let confirm = RwSignal::new(false);
    let confirmed = Callback::new(move |()| {
        if let Some(user) = to_remove.get_untracked() {
            change.dispatch(StaffChange::Remove(user));
        }
    });
    let row = move |m: StaffMember| {
        let user = m.user_id;
        let select_id = format!("staff-{user}-role");
        let name = m.display_name.clone();
        let email = m.email.clone();
        let manage = manager.then(|| {
            let hidden_name = name.clone();
            let name = name.clone();
            view! {
                <label class="sr-only" for=select_id.clone()>{move || format(locale.get(), k::INSTITUTION_ROLE_OF, &[("name", &name)])}</label>
                <select class="select" id=select_id on:change=move |ev| {
                    if let Some(role) = InstitutionRole::parse(&event_target_value(&ev)) {
                        change.dispatch(StaffChange::Role(email.clone(), role));
                    }
                }>
                    {[InstitutionRole::Staff, InstitutionRole::Manager]
                        .into_iter()
                        .map(|r| view! { <option value=r.as_str() selected=m.role == r>{move || label(locale.get(), "institution.role", r.as_str())}</option> })
                        .collect_view()}
                </select>
                <button type="button" class="btn btn--ghost btn--small" id=format!("staff-{user}-remove") on:click=move |_| {
                    to_remove.set(Some(user));
                    confirm.set(true);
                }>
                    {tr(k::INSTITUTION_REMOVE)}<span class="sr-only">" " <bdi>{hidden_name}</bdi></span>
                </button>
            }
        });
        let role = m.role;
        view! {
            <li class="list__item" id=format!("staff-{user}")>
                <div class="stack stack--tight">
                    <strong><bdi>{m.display_name.clone()}</bdi></strong>
                    <p class="list__meta"><bdi>{m.email.clone()}</bdi></p>
                </div>
                <div class="cluster">
                    {match manage {
                        Some(manage) => manage.into_any(),
                        None => view! { <span class="badge">{move || label(locale.get(), "institution.role", role.as_str())}</span> }.into_any(),
                    }}
                </div>
            </li>
        }
    };
    view! {
        <section class="card stack" aria-labelledby="staff-title" id="institution-staff">
            <h2 class="card__title" id="staff-title">{tr(k::INSTITUTION_STAFF)}</h2>
            <Loaded resource=staff is_empty=Vec::is_empty let:list>
                <ul class="list" id="staff-list">{list.into_iter().map(row).collect_view()}</ul>
            </Loaded>
            {manager.then(|| view! {
                <AddStaffForm institution added=reload />
                <ConfirmDialog open=confirm title=k::INSTITUTION_MEMBER_REMOVE_TITLE message=k::INSTITUTION_MEMBER_REMOVE_TEXT
                    confirm_label=k::INSTITUTION_REMOVE title_id="staff-remove-title" on_confirm=confirmed />
            })}
        </section>
    }
}

/// Add a verified account to the staff, with a role.
#[component]
fn AddStaffForm(institution: InstitutionId, added: RwSignal<u32>) -> impl IntoView {
    let session = use_session();
    let form = FormState::new();
    let email = RwSignal::new(String::new());
    let role = RwSignal::new(InstitutionRole::Staff.as_str().to_owned());
    let add = Mutation::new(move |request: AddStaffMember| async move {
        session.call::<AddStaffMemberEndpoint>(institution, &request).await.map_err(scoped_error("staff"))
    })
    .form(form)
    .toast(k::INSTITUTION_MEMBER_ADDED)
    .then(move |_| {
        email.try_set(String::new());
        added.try_update(|n| *n += 1);
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = AddStaffMember {
            email: email.get_untracked().trim().to_owned(),
            role: InstitutionRole::parse(&role.get_untracked()).unwrap_or(InstitutionRole::Staff),
        };
        if check_scoped(form, "staff", &request) {
            add.dispatch(request);
        }
    };
    view! {
        <form class="stack" id="staff-add-form" on:submit=submit novalidate=true aria-labelledby="staff-add-title">
            <h3 class="card__subtitle" id="staff-add-title">{tr(k::INSTITUTION_ADD_MEMBER)}</h3>
            <ErrorSummary form=form />
            <TextField id="staff-add-email" field="staff.email" label=k::INSTITUTION_EMAIL value=email form kind="email" hint=k::INSTITUTION_EMAIL_HINT />
            <SelectField id="staff-add-role" field="staff.role" label=k::INSTITUTION_ROLE value=role
                options=vec![("staff", k::INSTITUTION_ROLE_STAFF), ("manager", k::INSTITUTION_ROLE_MANAGER)] form />
            <div class="cluster">
                <SubmitButton label=k::INSTITUTION_ADD form=form class="btn btn--primary" />
            </div>
        </form>
    }
}
