//! Registering an association, and its officers editing it, with one form: identity, activity and
//! place, then description and contacts, the postal address and each contact with its own
//! public/members-only switch. Editing a verified association says that a new name or wilaya sends
//! it back to the observatory.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;
use madani_shared::FieldError;
use madani_shared::associations::*;
use madani_shared::endpoints::{CreateAssociationEndpoint, GetAssociation, UpdateAssociationEndpoint};
use madani_shared::ids::AssociationId;

use crate::app::use_title;
use crate::components::form::{
    ErrorSummary, FormState, Labelled, SelectField, SubmitButton, TextField, described_by, group_error, invalid,
};
use crate::components::label::{label, label_options};
use crate::components::loaded::{Loaded, param, read_of};
use crate::components::localized::LocalizedTextEditor;
use crate::components::mutation::Mutation;
use crate::components::page::PageHeader;
use crate::components::states::Forbidden;
use crate::components::territory::TerritoryPicker;
use crate::i18n::{k, tr, use_locale};
use crate::session::use_session;

#[component]
pub fn NewAssociation() -> impl IntoView {
    view! {
        <div class="page page--narrow">
            <AssociationForm initial=None />
        </div>
    }
}

/// Owners and admins edit the profile with the same form, filled in.
#[component]
pub fn EditAssociation() -> impl IntoView {
    use_title(k::EDIT_TITLE);
    let session = use_session();
    let association =
        read_of(param::<AssociationId>("id"), move |id| async move { session.call::<GetAssociation>(id, &()).await });
    view! {
        <div class="page page--narrow">
            <Loaded resource=association title=k::EDIT_TITLE let:a>
                {if matches!(a.viewer_role, Some(MemberRole::Owner | MemberRole::Admin)) {
                    view! { <AssociationForm initial=Some(a) /> }.into_any()
                } else {
                    view! { <Forbidden title=k::EDIT_TITLE /> }.into_any()
                }}
            </Loaded>
        </div>
    }
}

/// What the form sends.
#[derive(Clone)]
enum Save {
    Create(CreateAssociation),
    Update(AssociationId, UpdateAssociation),
}

/// An emptied text field: none.
fn text_or_none(value: RwSignal<String>) -> Option<String> {
    Some(value.get_untracked().trim().to_owned()).filter(|v| !v.is_empty())
}

/// Registering (`initial` None) or editing an association.
#[component]
fn AssociationForm(initial: Option<Association>) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let navigate = use_navigate();
    let form = FormState::new();
    let editing = initial.as_ref().map(|a| a.id);
    // A verified association renamed or moved waits for the observatory again.
    let verified = initial.as_ref().is_some_and(|a| a.status == AssociationStatus::Verified);
    let init = initial;
    let contact = |pick: fn(&Association) -> Option<ContactItem>| {
        let item = init.as_ref().and_then(pick);
        (
            RwSignal::new(item.as_ref().map(|c| c.value.clone()).unwrap_or_default()),
            RwSignal::new(item.map(|c| c.public).unwrap_or(false)),
        )
    };
    let (email, email_public) = contact(|a| a.email.clone());
    let (phone, phone_public) = contact(|a| a.phone.clone());
    let (website, website_public) = contact(|a| a.website.clone());
    let name = RwSignal::new(init.as_ref().map(|a| a.name.clone()).unwrap_or_default());
    let description = RwSignal::new(init.as_ref().map(|a| a.description.clone()).unwrap_or_default());
    let acronym = RwSignal::new(init.as_ref().and_then(|a| a.acronym.clone()).unwrap_or_default());
    let registration = RwSignal::new(init.as_ref().map(|a| a.registration_number.clone()).unwrap_or_default());
    // The postal address and whether the public sees it (private until ticked).
    let (address, address_public) = contact(|a| a.address.clone());
    let founded = RwSignal::new(init.as_ref().and_then(|a| a.founded_on).map(|d| d.to_string()).unwrap_or_default());
    let category = RwSignal::new(init.as_ref().map_or(Category::Wilaya, |a| a.category).as_str().to_owned());
    let size = RwSignal::new(init.as_ref().map_or(SizeBand::Small, |a| a.size).as_str().to_owned());
    let fields: RwSignal<Vec<Field>> = RwSignal::new(init.as_ref().map(|a| a.fields.clone()).unwrap_or_default());
    let wilaya = RwSignal::new(init.as_ref().map(|a| a.wilaya_code.clone()));
    let commune = RwSignal::new(init.as_ref().and_then(|a| a.commune_id));
    let item = |value: RwSignal<String>, public: RwSignal<bool>| {
        text_or_none(value).map(|value| ContactItem { value, public: public.get_untracked() })
    };
    let save = Mutation::new(move |save: Save| async move {
        match save {
            Save::Create(create) => session.call::<CreateAssociationEndpoint>((), &create).await,
            Save::Update(id, update) => session.call::<UpdateAssociationEndpoint>(id, &update).await,
        }
    })
    .form(form)
    .toast_by(move |a: &Association| {
        Some(match editing {
            None => k::NEW_CREATED,
            Some(_) if verified && a.status == AssociationStatus::Pending => k::EDIT_SAVED_REVERIFY,
            Some(_) => k::EDIT_SAVED,
        })
    })
    .then(move |a| navigate(&format!("/associations/{}", a.id), NavigateOptions::default()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let founded_on = match founded.get_untracked().trim() {
            "" => None,
            text => match chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
                Ok(d) => Some(d),
                Err(_) => {
                    let message = String::new();
                    form.show(vec![FieldError { field: "founded_on".into(), code: "invalid_value".into(), message }]);
                    return;
                }
            },
        };
        let create = CreateAssociation {
            name: name.get_untracked(),
            acronym: text_or_none(acronym),
            registration_number: registration.get_untracked().trim().to_owned(),
            category: Category::parse(&category.get_untracked()).unwrap_or(Category::Wilaya),
            fields: fields.get_untracked(),
            wilaya_code: wilaya.get_untracked().unwrap_or_default(),
            commune_id: commune.get_untracked(),
            address: item(address, address_public),
            founded_on,
            size: SizeBand::parse(&size.get_untracked()).unwrap_or(SizeBand::Small),
            description: description.get_untracked(),
            email: item(email, email_public),
            phone: item(phone, phone_public),
            website: item(website, website_public),
            social_links: vec![],
        };
        if !form.validate(&create) {
            return;
        }
        let Some(id) = editing else {
            save.dispatch(Save::Create(create));
            return;
        };
        // In a change, an emptied contact is sent empty, which removes it.
        let kept = |value: RwSignal<String>, public: RwSignal<bool>| {
            Some(ContactItem { value: value.get_untracked().trim().to_owned(), public: public.get_untracked() })
        };
        let update = UpdateAssociation {
            name: Some(create.name),
            acronym: Some(acronym.get_untracked().trim().to_owned()),
            category: Some(create.category),
            fields: Some(create.fields),
            wilaya_code: Some(create.wilaya_code),
            commune_id: create.commune_id,
            address: kept(address, address_public),
            founded_on: create.founded_on,
            size: Some(create.size),
            description: Some(create.description),
            email: kept(email, email_public),
            phone: kept(phone, phone_public),
            website: kept(website, website_public),
            social_links: None,
        };
        save.dispatch(Save::Update(id, update));
    };
    let is_edit = editing.is_some();
    let contact_row = move |id: &'static str,
                            field: &'static str,
                            label_key: usize,
                            kind: &'static str,
                            value: RwSignal<String>,
                            public: RwSignal<bool>| {
        let switch = format!("{id}-public");
        view! {
            <TextField id=id field=field label=label_key value=value form=form kind=kind required=false dir="ltr" />
            <label class="checkbox">
                <input type="checkbox" id=switch prop:checked=move || public.get() on:change=move |ev| public.set(event_target_checked(&ev)) />
                {tr(k::ASSOC_PUBLIC)}
            </label>
        }
    };
    view! {
        <PageHeader title=if is_edit { k::EDIT_TITLE } else { k::NEW_TITLE } lead=if is_edit { k::EDIT_LEAD } else { k::NEW_LEAD } />
        <form class="stack stack--loose" id="association-form" on:submit=submit novalidate=true>
            <ErrorSummary form=form />
            {(is_edit && verified).then(|| view! { <p class="alert alert--info" id="reverification-note">{tr(k::EDIT_REVERIFY_NOTE)}</p> })}
            <fieldset class="card stack">
                <legend class="card__title">{tr(k::FORM_IDENTITY)}</legend>
                <LocalizedTextEditor id="name" label=k::ASSOC_NAME value=name form=form />
                <TextField id="acronym" label=k::ASSOC_ACRONYM value=acronym form=form required=false />
                {if is_edit {
                    view! {
                        <div class="field">
                            <span class="field__label">{tr(k::ASSOC_REGISTRATION_NUMBER)}</span>
                            <p><bdi>{registration.get_untracked()}</bdi></p>
                        </div>
                    }
                        .into_any()
                } else {
                    view! { <TextField id="registration_number" label=k::ASSOC_REGISTRATION_NUMBER value=registration form=form dir="ltr" /> }.into_any()
                }}
                <SelectField id="category" label=k::DIR_CATEGORY value=category options=label_options("category", Category::ALL.iter().map(|c| c.as_str())) form=form />
                <Labelled id="founded_on" label=k::FORM_FOUNDED form=form field="founded_on">
                    <input class="input" id="founded_on" type="date" dir="ltr" aria-invalid=invalid(form, "founded_on")
                        aria-describedby=described_by("founded_on", false, form, "founded_on")
                        prop:value=move || founded.get() on:change=move |ev| {
                            founded.set(event_target_value(&ev));
                            form.changed("founded_on");
                        } />
                </Labelled>
            </fieldset>
            <fieldset class="card stack">
                <legend class="card__title">{tr(k::FORM_ACTIVITY)}</legend>
                <fieldset class="field" aria-describedby=move || form.error_for("fields").map(|_| "fields-error")>
                    <legend class="field__label">{tr(k::ASSOC_FIELDS)}</legend>
                    <div class="cluster">
                        {Field::ALL
                            .iter()
                            .map(|f| {
                                let f = *f;
                                view! {
                                    <label class="checkbox">
                                        <input type="checkbox" id=format!("activity-{}", f.as_str()) value=f.as_str() prop:checked=move || fields.with(|l| l.contains(&f)) on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            fields.update(|list| { list.retain(|x| *x != f); if on { list.push(f); } });
                                        } />
                                        {move || label(locale.get(), "activity", f.as_str())}
                                    </label>
                                }
                            })
                            .collect_view()}
                    </div>
                    {group_error(form, "fields", format!("activity-{}", Field::ALL[0].as_str()), k::ASSOC_FIELDS, move || fields.track())}
                </fieldset>
                <TerritoryPicker wilaya=wilaya commune=commune id="place" form=form />
                <TextField id="address" label=k::FORM_ADDRESS value=address form=form required=false hint=k::FORM_ADDRESS_HINT />
                <label class="checkbox">
                    <input type="checkbox" id="address-public" prop:checked=move || address_public.get() on:change=move |ev| address_public.set(event_target_checked(&ev)) />
                    {tr(k::ASSOC_PUBLIC)}
                </label>
                <SelectField id="size" label=k::ASSOC_SIZE value=size options=label_options("size", SizeBand::ALL.iter().map(|s| s.as_str())) form=form />
            </fieldset>
            <fieldset class="card stack">
                <legend class="card__title">{tr(k::FORM_PRESENTATION)}</legend>
                <LocalizedTextEditor id="description" label=k::ASSOC_DESCRIPTION value=description multiline=true form=form />
                <p class="field__hint">{tr(k::FORM_MARKDOWN_HINT)}</p>
                {contact_row("contact_email", "email", k::ASSOC_EMAIL, "email", email, email_public)}
                {contact_row("contact_phone", "phone", k::ASSOC_PHONE, "tel", phone, phone_public)}
                {contact_row("contact_website", "website", k::ASSOC_WEBSITE, "url", website, website_public)}
            </fieldset>
            <SubmitButton label=if is_edit { k::EDIT_SUBMIT } else { k::NEW_SUBMIT } form=form />
        </form>
    }
}
