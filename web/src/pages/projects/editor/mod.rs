//! The project editor: `/projects/new?association=<id>` and `/projects/:id/edit` — its titles and
//! texts in three languages, status and visibility, country, wilayas and fields, budget and funders,
//! planned and actual dates, and partners.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use madani_shared::associations::{Field, ListAssociationsQuery};
use madani_shared::endpoints::{
    CreateProject, GetAssociation, GetProject, ListAssociations, ListInstitutions, ListWilayas, UpdateProject,
};
use madani_shared::ids::{AssociationId, ProjectId};
use madani_shared::projects::*;
use madani_shared::{FieldError, LocalizedText};

use super::when::date_input;
use super::{STATUSES, VISIBILITIES, project_href, status_key, visibility_key};
use crate::app::use_title;
use crate::components::form::{ErrorSummary, FormState, SelectField, SubmitButton, TextField};
use crate::components::label::label;
use crate::components::loaded::{Loaded, param, read_of};
use crate::components::localized::LocalizedTextEditor;
use crate::components::mutation::Mutation;
use crate::components::page::BackLink;
use crate::components::states::Forbidden;
use crate::i18n::{format, k, tr, use_locale};
use crate::pages::consultations::session_ready;
use crate::session::{base_client, use_session};

#[derive(Clone, Copy)]
struct FunderDraft {
    name: RwSignal<String>,
    amount: RwSignal<String>,
}

#[derive(Clone, Copy)]
struct PartnerDraft {
    /// `a:<id>` for an association, `i:<id>` for an institution.
    who: RwSignal<String>,
    role: RwSignal<String>,
}

/// The project as the form holds it.
#[derive(Clone, Copy)]
struct Draft {
    title: RwSignal<LocalizedText>,
    summary: RwSignal<LocalizedText>,
    description: RwSignal<LocalizedText>,
    status: RwSignal<String>,
    visibility: RwSignal<String>,
    country: RwSignal<String>,
    wilayas: RwSignal<Vec<String>>,
    fields: RwSignal<Vec<Field>>,
    budget: RwSignal<String>,
    currency: RwSignal<String>,
    funders: RwSignal<Vec<FunderDraft>>,
    planned_start: RwSignal<String>,
    planned_end: RwSignal<String>,
    actual_start: RwSignal<String>,
    actual_end: RwSignal<String>,
    partners: RwSignal<Vec<PartnerDraft>>,
    communes: StoredValue<Vec<i32>>,
}

fn day_text(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

impl Draft {
    fn new(p: Option<&Project>) -> Self {
        let s = p.map(|p| &p.summary);
        Draft {
            title: RwSignal::new(s.map(|s| s.title.clone()).unwrap_or_default()),
            summary: RwSignal::new(s.map(|s| s.summary.clone()).unwrap_or_default()),
            description: RwSignal::new(p.map(|p| p.description.clone()).unwrap_or_default()),
            status: RwSignal::new(s.map(|s| s.status).unwrap_or(ProjectStatus::Identification).as_str().to_owned()),
            visibility: RwSignal::new(s.map(|s| s.visibility).unwrap_or(ProjectVisibility::Public).as_str().to_owned()),
            country: RwSignal::new(s.map(|s| s.country).unwrap_or_default().as_str().to_owned()),
            wilayas: RwSignal::new(s.map(|s| s.wilayas.clone()).unwrap_or_default()),
            fields: RwSignal::new(s.map(|s| s.fields.clone()).unwrap_or_default()),
            budget: RwSignal::new(p.and_then(|p| p.budget).map(|b| b.to_string()).unwrap_or_default()),
            currency: RwSignal::new(p.map(|p| p.currency).unwrap_or_default().as_str().to_owned()),
            funders: RwSignal::new(
                p.map(|p| {
                    p.funders
                        .iter()
                        .map(|f| FunderDraft {
                            name: RwSignal::new(f.name.clone()),
                            amount: RwSignal::new(f.amount.map(|a| a.to_string()).unwrap_or_default()),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            ),
            planned_start: RwSignal::new(day_text(s.and_then(|s| s.planned_start))),
            planned_end: RwSignal::new(day_text(s.and_then(|s| s.planned_end))),
            actual_start: RwSignal::new(day_text(p.and_then(|p| p.actual_start))),
            actual_end: RwSignal::new(day_text(p.and_then(|p| p.actual_end))),
            partners: RwSignal::new(
                p.map(|p| {
                    p.partners
                        .iter()
                        .map(|x| PartnerDraft {
                            who: RwSignal::new(match (x.association_id, x.institution_id) {
                                (Some(a), _) => format!("a:{a}"),
                                (None, Some(i)) => format!("i:{i}"),
                                _ => String::new(),
                            }),
                            role: RwSignal::new(x.role.as_str().to_owned()),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            ),
            communes: StoredValue::new(p.map(|p| p.communes.clone()).unwrap_or_default()),
        }
    }

    /// The request, or the errors the page finds itself (a number or a date that does not read).
    fn input(&self, association_id: AssociationId) -> Result<ProjectInput, Vec<FieldError>> {
        let mut problems = Vec::new();
        let mut day = |field: &str, value: RwSignal<String>| {
            let typed = value.get_untracked();
            if typed.trim().is_empty() {
                return None;
            }
            let d = date_input(&typed);
            if d.is_none() {
                problems.push(FieldError::new(field, "required", ""));
            }
            d
        };
        let planned_start = day("planned_start", self.planned_start);
        let planned_end = day("planned_end", self.planned_end);
        let actual_start = day("actual_start", self.actual_start);
        let actual_end = day("actual_end", self.actual_end);
        let budget = self.budget.get_untracked();
        let budget = budget.trim();
        let budget = if budget.is_empty() {
            None
        } else {
            match budget.replace([' ', '\u{a0}', '.', ','], "").parse::<u64>() {
                Ok(b) => Some(b),
                Err(_) => {
                    problems.push(FieldError::new("budget", "range", ""));
                    None
                }
            }
        };
        let funders = self
            .funders
            .get_untracked()
            .into_iter()
            .filter(|f| !f.name.get_untracked().trim().is_empty())
            .map(|f| Funder {
                name: f.name.get_untracked().trim().to_owned(),
                amount: f.amount.get_untracked().trim().replace([' ', '\u{a0}'], "").parse().ok(),
            })
            .collect();
        let partners = self
            .partners
            .get_untracked()
            .into_iter()
            .filter_map(|p| {
                let who = p.who.get_untracked();
                let role = PartnerRole::parse(&p.role.get_untracked()).unwrap_or(PartnerRole::Implementing);
                match who.split_once(':') {
                    Some(("a", id)) => {
                        id.parse().ok().map(|id| PartnerInput { association_id: Some(id), institution_id: None, role })
                    }
                    Some(("i", id)) => {
                        id.parse().ok().map(|id| PartnerInput { association_id: None, institution_id: Some(id), role })
                    }
                    _ => None,
                }
            })
            .collect();
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(ProjectInput {
            association_id,
            title: self.title.get_untracked(),
            summary: self.summary.get_untracked(),
            description: self.description.get_untracked(),
            status: ProjectStatus::parse(&self.status.get_untracked()).unwrap_or(ProjectStatus::Identification),
            visibility: ProjectVisibility::parse(&self.visibility.get_untracked()).unwrap_or(ProjectVisibility::Public),
            country: Country::parse(&self.country.get_untracked()).unwrap_or_default(),
            wilayas: self.wilayas.get_untracked(),
            communes: self.communes.get_value(),
            fields: self.fields.get_untracked(),
            budget,
            currency: Currency::parse(&self.currency.get_untracked()).unwrap_or_default(),
            funders,
            planned_start,
            planned_end,
            actual_start,
            actual_end,
            partners,
        })
    }
}

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
    let wilayas = LocalResource::new(|| async { base_client().call::<ListWilayas>((), &()).await.unwrap_or_default() });
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
    let chosen = draft.wilayas;
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
                <details class="audience-wilayas" id="project-wilayas">
                    <summary>{move || format(locale.get(), k::PROJECT_WILAYAS_CHOSEN, &[("count", &chosen.with(Vec::len).to_string())])}</summary>
                    <fieldset class="checkbox-group">
                        <legend class="sr-only">{tr(k::PROJECT_PLACES)}</legend>
                        <div class="checkbox-group__items">
                            {move || wilayas.get().unwrap_or_default().into_iter().map(|w| {
                                let code = w.code.clone();
                                let (c1, c2) = (code.clone(), code.clone());
                                let lang = locale.get();
                                view! {
                                    <label class="checkbox">
                                        <input type="checkbox" id=format!("project-wilaya-{code}")
                                            prop:checked=move || chosen.with(|c| c.contains(&c1))
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                let code = c2.clone();
                                                chosen.update(|c| {
                                                    c.retain(|x| *x != code);
                                                    if on {
                                                        c.push(code);
                                                        c.sort();
                                                    }
                                                });
                                                form.changed("wilayas");
                                            } />
                                        {format!("{} – {}", w.code, w.name.get(lang))}
                                    </label>
                                }
                            }).collect_view()}
                        </div>
                    </fieldset>
                </details>
                {boxes("project-fields", k::DIR_FIELD, field_boxes, draft.fields)}
                <div class="cluster">
                    <TextField id="project-budget" field="budget" label=k::PROJECT_BUDGET value=draft.budget form kind="number" required=false hint=k::PROJECT_BUDGET_HINT />
                    <SelectField id="project-currency" field="currency" label=k::PROJECT_CURRENCY value=draft.currency form
                        options=vec![("DZD", k::PROJECT_CURRENCY_DZD), ("MAD", k::PROJECT_CURRENCY_MAD), ("EUR", k::PROJECT_CURRENCY_EUR), ("USD", k::PROJECT_CURRENCY_USD)] />
                </div>
                <fieldset class="stack stack--tight" id="project-funders">
                    <legend class="field__label">{tr(k::PROJECT_FUNDERS)}</legend>
                    {move || draft.funders.get().into_iter().enumerate().map(|(n, f)| view! {
                        <div class="cluster project-row">
                            <TextField id=format!("funder-{n}-name") field=format!("funders[{n}].name") label=k::PROJECT_FUNDER_NAME value=f.name form required=false />
                            <TextField id=format!("funder-{n}-amount") field=format!("funders[{n}].amount") label=k::PROJECT_FUNDER_AMOUNT value=f.amount form kind="number" required=false />
                        </div>
                    }).collect_view()}
                    <p><button type="button" class="btn btn--ghost btn--small" id="funder-add" on:click=move |_| draft.funders.update(|l| l.push(FunderDraft { name: RwSignal::new(String::new()), amount: RwSignal::new(String::new()) }))>{tr(k::PROJECT_FUNDER_ADD)}</button></p>
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
                            <div class="cluster project-row">
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
                            </div>
                        }
                    }).collect_view()}
                    <p><button type="button" class="btn btn--ghost btn--small" id="partner-add" on:click=move |_| draft.partners.update(|l| l.push(PartnerDraft { who: RwSignal::new(String::new()), role: RwSignal::new("implementing".into()) }))>{tr(k::PROJECT_PARTNER_ADD)}</button></p>
                </fieldset>
                <SubmitButton label=if id.is_some() { k::PROJECT_SAVE } else { k::PROJECT_CREATE } form=form />
            </form>
        </div>
    }
}
