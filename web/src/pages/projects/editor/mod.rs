//! The project editor: `/projects/new?association=<id>` and `/projects/:id/edit` — its titles and
//! texts in three languages, status and visibility, country, wilayas and fields, budget and funders,
//! planned and actual dates, and partners.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use madani_shared::LocalizedText;
use madani_shared::associations::{Field, ListAssociationsQuery};
use madani_shared::endpoints::{
    CreateProject, DeleteProjectCover, GetAssociation, GetProject, ListAssociations, ListInstitutions, UpdateProject,
    UploadProjectCover,
};
use madani_shared::ids::{AssociationId, ProjectId};
use madani_shared::projects::*;

use self::draft::{Draft, FunderDraft, PartnerDraft, remove_row};
use super::{STATUSES, VISIBILITIES, project_href, status_key, visibility_key};
use crate::app::use_title;
use crate::components::form::{ErrorSummary, FormState, SelectField, SubmitButton, TextField};
use crate::components::label::label;
use crate::components::loaded::{Loaded, param, read_of};
use crate::components::localized::LocalizedTextEditor;
use crate::components::mutation::Mutation;
use crate::components::page::BackLink;
use crate::components::states::Forbidden;
use crate::components::territory::WilayaChecklist;
use crate::components::upload::{PicturePicker, upload_picture};
use crate::i18n::{format, k, tr, use_locale};
use crate::pages::consultations::session_ready;
use crate::session::{base_client, use_session};

mod draft;

#[component]
pub fn NewProject() -> impl IntoView {
    use_title(k::PROJECT_NEW_TITLE);
    let session = use_session();
    let query = use_query_map();
    let association = move || query.with(|q| q.get("association").and_then(|v| v.parse::<AssociationId>().ok()));
    let lead = read_of(association, move |id| async move {
        session_ready(session).await;
        session.call::<GetAssociation>(id, &()).await
    });
    view! {
        <div class="page page--medium">
            <Loaded resource=lead title=k::PROJECT_NEW_TITLE let:a>
                {if matches!(a.viewer_role, Some(madani_shared::associations::MemberRole::Owner | madani_shared::associations::MemberRole::Admin)) {
                    view! { <ProjectForm association=a.id lead=a.name.clone() existing=None /> }.into_any()
                } else {
                    view! { <Forbidden title=k::PROJECT_NEW_TITLE /> }.into_any()
                }}
            </Loaded>
        </div>
    }
}

#[component]
pub fn EditProject() -> impl IntoView {
    use_title(k::PROJECT_EDIT_TITLE);
    let session = use_session();
    let project = read_of(param::<ProjectId>("id"), move |id| async move {
        session_ready(session).await;
        session.call::<GetProject>(id, &()).await
    });
    view! {
        <div class="page page--medium">
            <Loaded resource=project title=k::PROJECT_EDIT_TITLE let:p>
                {if p.viewer.editor {
                    let (a, name) = (p.summary.association_id, p.summary.association_name.clone());
                    view! { <ProjectForm association=a lead=name existing=Some(p) /> }.into_any()
                } else {
                    view! { <Forbidden title=k::PROJECT_EDIT_TITLE /> }.into_any()
                }}
            </Loaded>
        </div>
    }
}

/// A group of boxes, one per value.
fn boxes<T: Copy + PartialEq + Send + Sync + 'static>(
    id: &'static str,
    legend: usize,
    values: Vec<(T, String, Signal<String>)>,
    chosen: RwSignal<Vec<T>>,
) -> impl IntoView {
    view! {
        <fieldset class="field checkbox-group" id=id>
            <legend class="field__label">{tr(legend)}</legend>
            <div class="checkbox-group__items">
                {values.into_iter().map(|(v, key, name)| view! {
                    <label class="checkbox">
                        <input type="checkbox" id=format!("{id}-{key}")
                            prop:checked=move || chosen.with(|c| c.contains(&v))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                chosen.update(|c| {
                                    c.retain(|x| *x != v);
                                    if on {
                                        c.push(v);
                                    }
                                });
                            } />
                        {move || name.get()}
                    </label>
                }).collect_view()}
            </div>
        </fieldset>
    }
}

#[component]
fn ProjectForm(association: AssociationId, lead: LocalizedText, existing: Option<Project>) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let navigate = use_navigate();
    let form = FormState::new();
    let draft = Draft::new(existing.as_ref());
    let id = existing.as_ref().map(|p| p.summary.id);
    let cover = existing.as_ref().and_then(|p| p.summary.cover_url.clone());
    let institutions =
        LocalResource::new(|| async { base_client().call::<ListInstitutions>((), &()).await.unwrap_or_default() });
    let associations = LocalResource::new(|| async {
        let query = ListAssociationsQuery { limit: Some(100), ..Default::default() };
        base_client().call::<ListAssociations>((), &query).await.map(|p| p.items).unwrap_or_default()
    });
    let save = Mutation::new(move |input: ProjectInput| async move {
        match id {
            Some(id) => session.call::<UpdateProject>(id, &input).await,
            None => session.call::<CreateProject>((), &input).await,
        }
    })
    .form(form)
    .toast(if id.is_some() { k::PROJECT_SAVED } else { k::PROJECT_CREATED })
    .then(move |p: Project| navigate(&project_href(p.summary.id), NavigateOptions::default()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match draft.input(association) {
            Ok(input) => save.submit(input),
            Err(problems) => form.show(problems),
        }
    };
    let title = if id.is_some() { k::PROJECT_EDIT_TITLE } else { k::PROJECT_NEW_TITLE };
    let back = match id {
        Some(id) => project_href(id),
        None => format!("/associations/{association}"),
    };
    let field_boxes = Field::ALL
        .iter()
        .map(|f| {
            let f = *f;
            (f, f.as_str().to_owned(), Signal::derive(move || label(locale.get(), "activity", f.as_str())))
        })
        .collect();
    view! {
        <div class="stack">
            <div class="page__header stack stack--tight">
                <BackLink href=back label=k::PROJECT_BACK />
                <h1 class="page__title">{tr(title)}</h1>
                <p class="lead">{move || format(locale.get(), k::PROJECT_LED_BY, &[("association", lead.get(locale.get()))])}</p>
            </div>
            <form class="card stack" id="project-form" on:submit=submit novalidate=true>
                <ErrorSummary form=form />
                <LocalizedTextEditor id="project-title-input" field="title" label=k::PROJECT_FIELD_TITLE value=draft.title form />
                <LocalizedTextEditor id="project-summary-input" field="summary" label=k::PROJECT_FIELD_SUMMARY value=draft.summary form multiline=true />
                <LocalizedTextEditor id="project-description-input" field="description" label=k::PROJECT_FIELD_DESCRIPTION value=draft.description form multiline=true />
                <div class="cluster">
                    <SelectField id="project-status" field="status" label=k::PROJECT_STATUS value=draft.status form
                        options=STATUSES.iter().map(|s| (s.as_str(), status_key(*s))).collect() />
                    <SelectField id="project-visibility" field="visibility" label=k::PROJECT_VISIBILITY value=draft.visibility form
                        options=VISIBILITIES.iter().map(|v| (v.as_str(), visibility_key(*v))).collect() />
                    <SelectField id="project-country" field="country" label=k::PROJECT_COUNTRY value=draft.country form
                        options=vec![("DZ", k::PROJECT_COUNTRY_DZ), ("MA", k::PROJECT_COUNTRY_MA)] />
                </div>
                <p class="field__hint">{tr(k::PROJECT_VISIBILITY_HINT)}</p>
                <WilayaChecklist id="project-wilayas" prefix="project-wilaya" summary=k::PROJECT_WILAYAS_CHOSEN legend=k::PROJECT_PLACES chosen=draft.wilayas changed=Callback::new(move |()| form.changed("wilayas")) />
                {boxes("project-fields", k::DIR_FIELD, field_boxes, draft.fields)}
                <div class="cluster">
                    <TextField id="project-budget" field="budget" label=k::PROJECT_BUDGET value=draft.budget form kind="number" required=false hint=k::PROJECT_BUDGET_HINT />
                    <SelectField id="project-currency" field="currency" label=k::PROJECT_CURRENCY value=draft.currency form
                        options=vec![("DZD", k::PROJECT_CURRENCY_DZD), ("MAD", k::PROJECT_CURRENCY_MAD), ("EUR", k::PROJECT_CURRENCY_EUR), ("USD", k::PROJECT_CURRENCY_USD)] />
                </div>
                // Each row as the questionnaire builder's (`builder-choice`): its fields share the width, its
                // button beside them.
                <fieldset class="stack stack--tight" id="project-funders">
                    <legend class="field__label">{tr(k::PROJECT_FUNDERS)}</legend>
                    {move || draft.funders.get().into_iter().enumerate().map(|(n, f)| view! {
                        <div class="cluster builder-choice project-row">
                            <TextField id=format!("funder-{n}-name") field=format!("funders[{n}].name") label=k::PROJECT_FUNDER_NAME value=f.name form required=false />
                            <TextField id=format!("funder-{n}-amount") field=format!("funders[{n}].amount") label=k::PROJECT_FUNDER_AMOUNT value=f.amount form kind="number" required=false />
                            <button type="button" class="btn btn--ghost btn--small" id=format!("funder-{n}-remove")
                                aria-label=move || format(locale.get(), k::PROJECT_FUNDER_REMOVE, &[("n", &(n + 1).to_string())])
                                on:click=move |_| remove_row(draft.funders, n, form, "funders", "funder-add")>{tr(k::PROJECT_ACT_REMOVE)}</button>
                        </div>
                    }).collect_view()}
                    <p><button type="button" class="btn btn--ghost btn--small" id="funder-add" on:click=move |_| draft.funders.update(|l| l.push(FunderDraft::empty()))>{tr(k::PROJECT_FUNDER_ADD)}</button></p>
                </fieldset>
                <div class="cluster">
                    <TextField id="project-planned-start" field="planned_start" label=k::PROJECT_PLANNED_START value=draft.planned_start form kind="date" required=false />
                    <TextField id="project-planned-end" field="planned_end" label=k::PROJECT_PLANNED_END value=draft.planned_end form kind="date" required=false />
                </div>
                <div class="cluster">
                    <TextField id="project-actual-start" field="actual_start" label=k::PROJECT_ACTUAL_START value=draft.actual_start form kind="date" required=false />
                    <TextField id="project-actual-end" field="actual_end" label=k::PROJECT_ACTUAL_END value=draft.actual_end form kind="date" required=false />
                </div>
                <fieldset class="stack stack--tight" id="project-partners">
                    <legend class="field__label">{tr(k::PROJECT_PARTNERS)}</legend>
                    {move || draft.partners.get().into_iter().enumerate().map(|(n, p)| {
                        let who_id = format!("partner-{n}-who");
                        view! {
                            <div class="cluster builder-choice project-row">
                                <div class="field">
                                    <label class="field__label" for=who_id.clone()>{tr(k::PROJECT_PARTNER)}</label>
                                    <select class="select" id=who_id on:change=move |ev| { p.who.set(event_target_value(&ev)); form.changed("partners"); }>
                                        <option value="">{tr(k::PICKER_CHOOSE)}</option>
                                        <optgroup label=tr(k::NAV_ASSOCIATIONS)>
                                            {move || associations.get().unwrap_or_default().into_iter().filter(|a| a.id != association).map(|a| {
                                                let value = format!("a:{}", a.id);
                                                let selected = p.who.get_untracked() == value;
                                                view! { <option value=value selected=selected>{a.name.get(locale.get()).to_owned()}</option> }
                                            }).collect_view()}
                                        </optgroup>
                                        <optgroup label=tr(k::PROJECT_INSTITUTIONS)>
                                            {move || institutions.get().unwrap_or_default().into_iter().map(|i| {
                                                let value = format!("i:{}", i.id);
                                                let selected = p.who.get_untracked() == value;
                                                view! { <option value=value selected=selected>{i.name.get(locale.get()).to_owned()}</option> }
                                            }).collect_view()}
                                        </optgroup>
                                    </select>
                                </div>
                                <SelectField id=format!("partner-{n}-role") field=format!("partners[{n}].role") label=k::PROJECT_PARTNER_ROLE value=p.role form
                                    options=vec![("implementing", k::PROJECT_ROLE_IMPLEMENTING), ("funding", k::PROJECT_ROLE_FUNDING), ("accountable", k::PROJECT_ROLE_ACCOUNTABLE)] />
                                <button type="button" class="btn btn--ghost btn--small" id=format!("partner-{n}-remove")
                                    aria-label=move || format(locale.get(), k::PROJECT_PARTNER_REMOVE, &[("n", &(n + 1).to_string())])
                                    on:click=move |_| remove_row(draft.partners, n, form, "partners", "partner-add")>{tr(k::PROJECT_ACT_REMOVE)}</button>
                            </div>
                        }
                    }).collect_view()}
                    <p><button type="button" class="btn btn--ghost btn--small" id="partner-add" on:click=move |_| draft.partners.update(|l| l.push(PartnerDraft::empty()))>{tr(k::PROJECT_PARTNER_ADD)}</button></p>
                </fieldset>
                <SubmitButton label=if id.is_some() { k::PROJECT_SAVE } else { k::PROJECT_CREATE } form=form />
            </form>
            // A cover for a project that exists (as a course's, in its editor).
            {id.map(|id| view! {
                <PicturePicker id="cover-file" field="cover" picture=cover size=(320, 160) none=k::PROJECT_COVER_NONE
                    upload=move |file| async move { upload_picture::<UploadProjectCover>(session, id, file).await.map(|p| p.summary.cover_url) }
                    remove=move |()| async move { session.call::<DeleteProjectCover>(id, &()).await } />
            })}
        </div>
    }
}
