//! The organisers' editor: a new consultation (for an institution they are staff of), then its
//! details and its questionnaire.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use madani_shared::FieldError;
use madani_shared::LocalizedText;
use madani_shared::associations::{Category, Field};
use madani_shared::consultations::*;
use madani_shared::endpoints::{
    CreateConsultationEndpoint, GetConsultation, ListMyInstitutions, UpdateConsultationEndpoint,
};
use madani_shared::ids::ConsultationId;

use super::builder::QuestionnaireBuilder;
use super::{consultation_href, from_local_input, phase_badge, session_ready, to_local_input};
use crate::app::use_title;
use crate::components::form::{ErrorSummary, FormState, Labelled, SelectField, SubmitButton, TextField};
use crate::components::label::{label, label_options};
use crate::components::loaded::{Loaded, fetched, param, read_of};
use crate::components::localized::LocalizedTextEditor;
use crate::components::mutation::Mutation;
use crate::components::page::{BackLink, PageHeader};
use crate::components::states::Forbidden;
use crate::components::territory::WilayaChecklist;
use crate::i18n::{k, tr, use_locale};
use crate::session::use_session;

/// The details as the form holds them.
#[derive(Clone, Copy)]
struct Draft {
    title: RwSignal<LocalizedText>,
    summary: RwSignal<LocalizedText>,
    body: RwSignal<LocalizedText>,
    respondent: RwSignal<String>,
    wilayas: RwSignal<Vec<String>>,
    fields: RwSignal<Vec<Field>>,
    categories: RwSignal<Vec<Category>>,
    verified_only: RwSignal<bool>,
    opens: RwSignal<String>,
    closes: RwSignal<String>,
    allow_edit: RwSignal<bool>,
    proposals: RwSignal<bool>,
    /// The limit of supports per member and the threshold, as typed (empty: none).
    support_limit: RwSignal<String>,
    support_threshold: RwSignal<String>,
}

impl Draft {
    fn new(c: Option<&Consultation>) -> Self {
        let s = c.map(|c| &c.summary);
        Draft {
            title: RwSignal::new(s.map(|s| s.title.clone()).unwrap_or_default()),
            summary: RwSignal::new(s.map(|s| s.summary.clone()).unwrap_or_default()),
            body: RwSignal::new(c.map(|c| c.body.clone()).unwrap_or_default()),
            respondent: RwSignal::new(s.map(|s| s.respondent).unwrap_or(Respondent::Association).as_str().to_owned()),
            wilayas: RwSignal::new(s.map(|s| s.audience.wilayas.clone()).unwrap_or_default()),
            fields: RwSignal::new(s.map(|s| s.audience.fields.clone()).unwrap_or_default()),
            categories: RwSignal::new(s.map(|s| s.audience.categories.clone()).unwrap_or_default()),
            verified_only: RwSignal::new(s.is_some_and(|s| s.audience.verified_only)),
            opens: RwSignal::new(s.map(|s| to_local_input(s.opens_at)).unwrap_or_default()),
            closes: RwSignal::new(s.map(|s| to_local_input(s.closes_at)).unwrap_or_default()),
            allow_edit: RwSignal::new(c.is_some_and(|c| c.allow_edit)),
            proposals: RwSignal::new(c.is_some_and(|c| c.proposals_enabled)),
            support_limit: RwSignal::new(c.and_then(|c| c.support_limit).map(|n| n.to_string()).unwrap_or_default()),
            support_threshold: RwSignal::new(
                c.and_then(|c| c.support_threshold).map(|n| n.to_string()).unwrap_or_default(),
            ),
        }
    }

    /// A typed number (`None` when empty; the server says what is out of range). A number that
    /// does not parse is sent as 0, which the server refuses where it is not allowed.
    fn number(value: RwSignal<String>) -> Option<u32> {
        let typed = value.get_untracked();
        let typed = typed.trim();
        (!typed.is_empty()).then(|| typed.parse().unwrap_or(0))
    }

    fn audience(&self) -> Audience {
        Audience {
            wilayas: self.wilayas.get_untracked(),
            fields: self.fields.get_untracked(),
            categories: self.categories.get_untracked(),
            verified_only: self.verified_only.get_untracked(),
        }
    }

    /// The dates, or the fields' errors.
    fn dates(&self) -> Result<(chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>), Vec<FieldError>> {
        let opens = from_local_input(&self.opens.get_untracked());
        let closes = from_local_input(&self.closes.get_untracked());
        let mut problems = Vec::new();
        if opens.is_none() {
            problems.push(FieldError::new("opens_at", "required", ""));
        }
        if closes.is_none() {
            problems.push(FieldError::new("closes_at", "required", ""));
        }
        match (opens, closes) {
            (Some(o), Some(c)) if c <= o => Err(vec![FieldError::new("closes_at", "range", "")]),
            (Some(o), Some(c)) => Ok((o, c)),
            _ => Err(problems),
        }
    }
}

/// A group of boxes, one per value.
fn boxes<T: Copy + PartialEq + Send + Sync + 'static>(
    id: &'static str,
    legend: usize,
    values: &'static [T],
    name: fn(T) -> &'static str,
    prefix: &'static str,
    chosen: RwSignal<Vec<T>>,
    disabled: bool,
) -> impl IntoView {
    let locale = use_locale();
    view! {
        <fieldset class="field checkbox-group" id=id disabled=disabled>
            <legend class="field__label">{tr(legend)}</legend>
            <div class="checkbox-group__items">
                {values
                    .iter()
                    .map(|v| {
                        let v = *v;
                        view! {
                            <label class="checkbox">
                                <input type="checkbox" id=format!("{id}-{}", name(v))
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
                                {move || label(locale.get(), prefix, name(v))}
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
        </fieldset>
    }
}

/// The details' fields; who answers and the audience are fixed once it is published.
#[component]
fn DetailsFields(draft: Draft, form: FormState, #[prop(default = false)] published: bool) -> impl IntoView {
    view! {
        <LocalizedTextEditor id="consultation-title-input" label=k::CONSULT_FIELD_TITLE value=draft.title form field="title" />
        <LocalizedTextEditor id="consultation-summary-input" label=k::CONSULT_FIELD_SUMMARY value=draft.summary form field="summary" multiline=true />
        <LocalizedTextEditor id="consultation-body-input" label=k::CONSULT_FIELD_BODY value=draft.body form field="body" multiline=true />
        {if published {
            view! { <p class="alert alert--info">{tr(k::CONSULT_AUDIENCE_FIXED)}</p> }.into_any()
        } else {
            view! {
                <SelectField id="consultation-respondent" label=k::CONSULT_RESPONDENT value=draft.respondent form field="respondent"
                    options=label_options("consult.respondent", Respondent::ALL.iter().map(|r| r.as_str())) />
                <fieldset class="field stack stack--tight" id="consultation-audience">
                    <legend class="field__label">{tr(k::CONSULT_AUDIENCE)}</legend>
                    <p class="field__hint">{tr(k::CONSULT_AUDIENCE_HINT)}</p>
                    <WilayaChecklist prefix="audience-wilaya" summary=k::CONSULT_WILAYAS_CHOSEN legend=k::PICKER_WILAYA chosen=draft.wilayas />
                    {boxes("audience-fields", k::DIR_FIELD, Field::ALL, |f| f.as_str(), "activity", draft.fields, false)}
                    {boxes("audience-categories", k::DIR_CATEGORY, Category::ALL, |c| c.as_str(), "category", draft.categories, false)}
                    <label class="checkbox">
                        <input type="checkbox" id="audience-verified" prop:checked=move || draft.verified_only.get()
                            on:change=move |ev| draft.verified_only.set(event_target_checked(&ev)) />
                        {tr(k::CONSULT_AUDIENCE_VERIFIED_ONLY)}
                    </label>
                </fieldset>
            }.into_any()
        }}
        <div class="cluster">
            <TextField id="consultation-opens" field="opens_at" label=k::CONSULT_OPENS_AT value=draft.opens form kind="datetime-local" hint=k::CONSULT_LOCAL_TIME />
            <TextField id="consultation-closes" field="closes_at" label=k::CONSULT_CLOSES_AT value=draft.closes form kind="datetime-local" />
        </div>
        <label class="checkbox">
            <input type="checkbox" id="consultation-allow-edit" prop:checked=move || draft.allow_edit.get()
                on:change=move |ev| draft.allow_edit.set(event_target_checked(&ev)) />
            {tr(k::CONSULT_ALLOW_EDIT)}
        </label>
        <label class="checkbox">
            <input type="checkbox" id="consultation-proposals" prop:checked=move || draft.proposals.get()
                on:change=move |ev| draft.proposals.set(event_target_checked(&ev)) />
            {tr(k::CONSULT_PROPOSALS_ENABLED)}
        </label>
        <Show when=move || draft.proposals.get()>
            <div class="cluster">
                <TextField id="consultation-support-limit" field="support_limit" label=k::CONSULT_SUPPORT_LIMIT
                    value=draft.support_limit form kind="number" hint=k::CONSULT_SUPPORT_LIMIT_HINT required=false />
                <TextField id="consultation-support-threshold" field="support_threshold" label=k::CONSULT_SUPPORT_THRESHOLD
                    value=draft.support_threshold form kind="number" hint=k::CONSULT_SUPPORT_THRESHOLD_HINT required=false />
            </div>
        </Show>
    }
}

#[component]
pub fn NewConsultation() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let institutions = LocalResource::new(move || async move {
        session_ready(session).await;
        fetched(session.call::<ListMyInstitutions>((), &()).await)
    });
    let institution = RwSignal::new(String::new());
    let form = FormState::new();
    let draft = Draft::new(None);
    let create = Mutation::new(move |request: CreateConsultation| async move {
        session.call::<CreateConsultationEndpoint>((), &request).await
    })
    .form(form)
    .toast(k::CONSULT_CREATED)
    .then(move |c| navigate(&format!("{}/edit", consultation_href(c.summary.id)), NavigateOptions::default()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (opens_at, closes_at) = match draft.dates() {
            Ok(d) => d,
            Err(e) => return form.show(e),
        };
        let Ok(institution_id) = institution.get_untracked().parse() else {
            return form.show(vec![FieldError::new("institution_id", "required", "")]);
        };
        create.submit(CreateConsultation {
            institution_id,
            title: draft.title.get_untracked(),
            summary: draft.summary.get_untracked(),
            body: draft.body.get_untracked(),
            respondent: Respondent::parse(&draft.respondent.get_untracked()).unwrap_or(Respondent::Association),
            audience: draft.audience(),
            opens_at,
            closes_at,
            allow_edit: draft.allow_edit.get_untracked(),
            proposals_enabled: draft.proposals.get_untracked(),
            support_limit: Draft::number(draft.support_limit),
            support_threshold: Draft::number(draft.support_threshold),
        });
    };
    let locale = use_locale();
    view! {
        <div class="page page--narrow">
            <PageHeader title=k::CONSULT_NEW_TITLE lead=k::CONSULT_NEW_LEAD />
            <Loaded resource=institutions is_empty=Vec::is_empty empty=|| view! { <Forbidden /> } let:list>
                {
                    if let [only] = list.as_slice() {
                        institution.set(only.id.to_string());
                    }
                    view! {
                        <form class="card stack" id="consultation-form" on:submit=submit novalidate=true>
                            <ErrorSummary form=form />
                            <Labelled id="consultation-institution" label=k::CONSULT_INSTITUTION form=form field="institution_id">
                                <select class="select" id="consultation-institution" on:change=move |ev| {
                                    institution.set(event_target_value(&ev));
                                    form.changed("institution_id");
                                }>
                                    <option value="">{tr(k::CONSULT_CHOOSE_INSTITUTION)}</option>
                                    {list.iter().map(|i| {
                                        let name = i.name.clone();
                                        let value = i.id.to_string();
                                        let selected = institution.get_untracked() == value;
                                        view! { <option value=value selected=selected>{move || name.get(locale.get()).to_owned()}</option> }
                                    }).collect_view()}
                                </select>
                            </Labelled>
                            <DetailsFields draft form />
                            <SubmitButton label=k::CONSULT_CREATE form=form />
                        </form>
                    }
                }
            </Loaded>
        </div>
    }
}

#[component]
pub fn EditConsultation() -> impl IntoView {
    use_title(k::CONSULT_EDIT_TITLE);
    let session = use_session();
    let consultation = read_of(param::<ConsultationId>("id"), move |id| async move {
        session_ready(session).await;
        session.call::<GetConsultation>(id, &()).await
    });
    view! {
        <div class="page">
            <Loaded resource=consultation title=k::CONSULT_EDIT_TITLE let:c>
                {if c.viewer.organiser {
                    view! { <Editor c /> }.into_any()
                } else {
                    view! { <Forbidden title=k::CONSULT_EDIT_TITLE /> }.into_any()
                }}
            </Loaded>
        </div>
    }
}

#[component]
fn Editor(c: Consultation) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let id = c.summary.id;
    let published = c.summary.phase != ConsultationPhase::Draft;
    let form = FormState::new();
    let draft = Draft::new(Some(&c));
    let title = RwSignal::new(c.summary.title.clone());
    let save = Mutation::new(move |request: UpdateConsultation| async move {
        session.call::<UpdateConsultationEndpoint>(id, &request).await
    })
    .form(form)
    .toast(k::CONSULT_SAVED_DETAILS)
    .then(move |c| {
        title.try_set(c.summary.title);
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (opens_at, closes_at) = match draft.dates() {
            Ok(d) => d,
            Err(e) => return form.show(e),
        };
        save.submit(UpdateConsultation {
            title: Some(draft.title.get_untracked()),
            summary: Some(draft.summary.get_untracked()),
            body: Some(draft.body.get_untracked()),
            respondent: (!published).then(|| Respondent::parse(&draft.respondent.get_untracked())).flatten(),
            audience: (!published).then(|| draft.audience()),
            opens_at: Some(opens_at),
            closes_at: Some(closes_at),
            allow_edit: Some(draft.allow_edit.get_untracked()),
            proposals_enabled: Some(draft.proposals.get_untracked()),
            // Empty removes the limit (0).
            support_limit: Some(Draft::number(draft.support_limit).unwrap_or(0)),
            support_threshold: Some(Draft::number(draft.support_threshold).unwrap_or(0)),
            co_organisers: None,
        });
    };
    view! {
        <div class="stack stack--loose">
            <div class="page__header stack stack--tight">
                <BackLink href=consultation_href(id) label=k::CONSULT_BACK_TO_ONE />
                <h1 class="page__title" id="editor-title">
                    {tr(k::CONSULT_EDIT_TITLE)} ": " <span dir="auto">{move || title.with(|t| t.get(locale.get()).to_owned())}</span>
                </h1>
                <p class="cluster">{phase_badge(c.summary.phase)}</p>
            </div>
            <details class="card" open=c.questionnaire.sections.is_empty()>
                <summary class="card__title">{tr(k::CONSULT_DETAILS)}</summary>
                <form class="stack" id="consultation-form" on:submit=submit novalidate=true>
                    <ErrorSummary form=form />
                    <DetailsFields draft form published />
                    <SubmitButton label=k::CONSULT_SAVE_DETAILS form=form class="btn btn--primary" />
                </form>
            </details>
            <QuestionnaireBuilder id questionnaire=c.questionnaire.clone() frozen=c.questionnaire_frozen />
            <p><A href=consultation_href(id) attr:class="btn btn--secondary">{tr(k::CONSULT_DONE_EDITING)}</A></p>
        </div>
    }
}
