//! `/circles/new`: institution staff and administrators create a circle (they become its first
//! moderator): its name and description in Arabic, French and English (the description in
//! Markdown), its fields (five at most), its wilaya, who may join, and whether institution staff may
//! read it as observers. Anyone else is told who creates circles.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;
use madani_shared::LocalizedText;
use madani_shared::associations::Field;
use madani_shared::circles::{JoinPolicy, NewCircle as Request};
use madani_shared::endpoints::{CreateCircle, ListWilayas};

use super::{circle_href, use_staff};
use crate::components::form::{ErrorSummary, FormState, SelectField, SubmitButton, group_error};
use crate::components::label::label;
use crate::components::localized::LocalizedTextEditor;
use crate::components::mutation::Mutation;
use crate::components::page::{BackLink, PageHeader};
use crate::components::states::Skeleton;
use crate::i18n::{k, text, tr, use_locale};
use crate::session::{base_client, use_session};

#[component]
pub(super) fn NewCircle() -> impl IntoView {
    let session = use_session();
    let staff = use_staff(session);
    view! {
        <div class="page page--circle">
            <BackLink href="/circles" label=k::CIRCLE_BACK />
            <PageHeader title=k::CIRCLE_NEW_TITLE lead=k::CIRCLE_NEW_LEAD />
            {move || match staff.get() {
                None => view! { <Skeleton /> }.into_any(),
                Some(true) => view! { <CircleForm /> }.into_any(),
                Some(false) => view! { <div class="alert alert--warning" id="circle-new-refused">{tr(k::CIRCLE_NEW_STAFF_ONLY)}</div> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn CircleForm() -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let navigate = use_navigate();
    let form = FormState::new();
    let name = RwSignal::new(LocalizedText::default());
    let description = RwSignal::new(LocalizedText::default());
    let fields: RwSignal<Vec<Field>> = RwSignal::new(Vec::new());
    let wilaya = RwSignal::new(String::new());
    let policy = RwSignal::new(JoinPolicy::Open.as_str().to_owned());
    let observers = RwSignal::new(true);
    let wilayas = LocalResource::new(|| async { base_client().call::<ListWilayas>((), &()).await.unwrap_or_default() });
    let create = Mutation::new(move |request: Request| async move { session.call::<CreateCircle>((), &request).await })
        .form(form)
        .toast(k::CIRCLE_CREATED)
        .then(move |c| navigate(&circle_href(c.id), NavigateOptions::default()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        create.submit(Request {
            name: name.get_untracked(),
            description: description.get_untracked(),
            fields: fields.get_untracked(),
            wilaya: Some(wilaya.get_untracked()).filter(|w| !w.is_empty()),
            policy: JoinPolicy::parse(&policy.get_untracked()).unwrap_or(JoinPolicy::Open),
            observers_allowed: observers.get_untracked(),
        });
    };
    view! {
        <form class="stack" id="circle-form" on:submit=submit novalidate=true>
            <ErrorSummary form />
            <LocalizedTextEditor id="circle-name" field="name" label=k::CIRCLE_FIELD_NAME value=name form />
            <LocalizedTextEditor id="circle-description" field="description" label=k::CIRCLE_FIELD_DESCRIPTION value=description form multiline=true />
            <p class="field__hint">{tr(k::CIRCLE_MARKDOWN_HINT)}</p>
            <fieldset class="field checkbox-group" id="circle-fields">
                <legend class="field__label">{tr(k::CIRCLE_FIELD_FIELDS)}</legend>
                <p class="field__hint" id="circle-fields-hint">{tr(k::CIRCLE_FIELD_FIELDS_HINT)}</p>
                <div class="checkbox-group__items">
                    {Field::ALL.iter().map(|f| {
                        let f = *f;
                        view! {
                            <label class="checkbox">
                                <input type="checkbox" id=format!("circle-fields-{}", f.as_str())
                                    aria-describedby="circle-fields-hint"
                                    prop:checked=move || fields.with(|c| c.contains(&f))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        fields.update(|c| {
                                            c.retain(|x| *x != f);
                                            if on {
                                                c.push(f);
                                            }
                                        });
                                    } />
                                {move || label(locale.get(), "activity", f.as_str())}
                            </label>
                        }
                    }).collect_view()}
                </div>
                {group_error(form, "fields", format!("circle-fields-{}", Field::ALL[0].as_str()), k::CIRCLE_FIELD_FIELDS, move || fields.track())}
            </fieldset>
            <div class="field">
                <label class="field__label" for="circle-wilaya">{tr(k::CIRCLE_FIELD_WILAYA)}</label>
                <select class="select" id="circle-wilaya" on:change=move |ev| wilaya.set(event_target_value(&ev))>
                    <option value="">{tr(k::CIRCLE_NO_WILAYA)}</option>
                    {move || wilayas.get().unwrap_or_default().into_iter().map(|w| {
                        let code = w.code.clone();
                        let chosen = wilaya.get_untracked() == code;
                        view! { <option value=code.clone() selected=chosen>{format!("{} – {}", w.code, w.name.get(locale.get()))}</option> }
                    }).collect_view()}
                </select>
            </div>
            <SelectField id="circle-policy" field="policy" label=k::CIRCLE_FIELD_POLICY value=policy form options=vec![
                (JoinPolicy::Open.as_str(), k::CIRCLE_POLICY_OPEN_LONG),
                (JoinPolicy::Request.as_str(), k::CIRCLE_POLICY_REQUEST_LONG),
                (JoinPolicy::Invite.as_str(), k::CIRCLE_POLICY_INVITE_LONG),
            ] />
            <label class="checkbox">
                <input type="checkbox" id="circle-observers" prop:checked=move || observers.get()
                    on:change=move |ev| observers.set(event_target_checked(&ev)) />
                {move || text(locale.get(), k::CIRCLE_FIELD_OBSERVERS)}
            </label>
            <SubmitButton label=k::CIRCLE_CREATE form class="btn btn--primary" />
        </form>
    }
}
