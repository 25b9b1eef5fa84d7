//! `/messages/new`: a conversation with a member (`?with=<id>` picks them), a group (a title and
//! several people), or an association's inbox (`?association=<id>`, from the association's page),
//! with its first message. What the server refuses (`connection_required`, `messages_refused`, …)
//! is said in the form's summary, in the reader's language.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use madani_shared::FieldError;
use madani_shared::endpoints::{GetAssociation, GetMemberProfile, StartConversationCall};
use madani_shared::ids::{AssociationId, UserId};
use madani_shared::messaging::{Conversation, ConversationKind, StartConversation};
use validator::Validate;

use super::conversation_href;
use super::people::{PeopleBoxes, Person, people};
use crate::components::form::{
    ErrorSummary, FormState, Labelled, SubmitButton, TextAreaField, TextField, described_by, invalid,
};
use crate::components::mutation::Mutation;
use crate::components::page::{BackLink, PageHeader};
use crate::components::states::{ProblemState, Skeleton};
use crate::i18n::{format, k, tr, use_locale};
use crate::session::use_session;

#[component]
pub(super) fn NewConversation() -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let navigate = use_navigate();
    let query = use_query_map();
    let association = query.with_untracked(|q| q.get("association").and_then(|v| v.parse::<AssociationId>().ok()));
    let with = query.with_untracked(|q| q.get("with")).unwrap_or_default();
    let form = FormState::new();
    let kind = RwSignal::new(if association.is_some() { ConversationKind::Inbox } else { ConversationKind::Direct });
    let wanted = with.parse::<UserId>().ok();
    let person = RwSignal::new(with);
    let chosen: RwSignal<Vec<UserId>> = RwSignal::new(Vec::new());
    let title = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    // The member `?with=` names is offered even when the server may refuse them (it says why).
    let candidates = LocalResource::new(move || async move {
        let mut list = people(session).await.map_err(Arc::new)?;
        if let Some(id) = wanted.filter(|id| !list.iter().any(|p| p.id == *id))
            && let Ok(profile) = session.call::<GetMemberProfile>(id, &()).await
        {
            list.insert(0, Person { id, name: profile.display_name });
        }
        Ok(list)
    });
    let inbox = LocalResource::new(move || async move {
        match association {
            Some(id) => session.call::<GetAssociation>(id, &()).await.ok(),
            None => None,
        }
    });
    let start =
        Mutation::new(move |r: StartConversation| async move { session.call::<StartConversationCall>((), &r).await })
            .form(form)
            .then(move |c: Conversation| navigate(&conversation_href(c.id), NavigateOptions::default()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let kind = kind.get_untracked();
        let mut request =
            StartConversation { kind, with: Vec::new(), association_id: None, title: None, body: body.get_untracked() };
        // Who is chosen, and a group's title, are rules of this form (the shared ones hold the rest).
        let mut missing = Vec::new();
        match kind {
            ConversationKind::Direct => match person.get_untracked().parse::<UserId>() {
                Ok(id) => request.with.push(id),
                Err(_) => missing.push(("with", "one_person")),
            },
            ConversationKind::Group => {
                request.with = chosen.get_untracked();
                if request.with.is_empty() {
                    missing.push(("with", "required"));
                }
                let title = title.get_untracked().trim().to_owned();
                if title.is_empty() {
                    missing.push(("title", "group"));
                }
                request.title = Some(title).filter(|t| !t.is_empty());
            }
            ConversationKind::Inbox => request.association_id = association,
        }
        let mut errors = request.validate().err().map(|e| madani_shared::error::field_errors(&e)).unwrap_or_default();
        errors.extend(missing.into_iter().map(|(field, code)| FieldError {
            field: field.into(),
            code: code.into(),
            message: String::new(),
        }));
        form.clear();
        if errors.is_empty() {
            start.dispatch(request);
        } else {
            form.show(errors);
        }
    };
    let kind_choice = move |value: ConversationKind, key: usize| {
        view! {
            <label class="checkbox">
                <input type="radio" name="kind" id=format!("new-kind-{}", value.as_str()) value=value.as_str()
                    prop:checked=move || kind.get() == value on:change=move |_| kind.set(value) />
                {tr(key)}
            </label>
        }
    };
    let picker = move |list: Vec<Person>| match kind.get() {
        ConversationKind::Direct => view! { <PersonSelect list person form /> }.into_any(),
        ConversationKind::Group => view! {
            <TextField id="new-title" field="title" label=k::MSG_GROUP_TITLE value=title form=form />
            <PeopleBoxes list chosen form ids=("new-people", "new-person") field="with" legend=k::MSG_PEOPLE />
        }
        .into_any(),
        ConversationKind::Inbox => ().into_any(),
    };
    view! {
        <div class="page page--account">
            <BackLink href="/messages" label=k::MSG_BACK />
            <PageHeader title=k::MSG_NEW />
            <form class="stack" id="new-conversation-form" on:submit=submit novalidate=true>
                <ErrorSummary form=form />
                {match association {
                    Some(_) => view! {
                        <p class="lead" id="new-inbox" dir="auto">
                            {move || inbox.get().flatten().map(|a| format(locale.get(), k::MSG_TO_ASSOCIATION, &[("name", a.name.get(locale.get()))]))}
                        </p>
                    }
                    .into_any(),
                    None => view! {
                        <fieldset class="checkbox-group">
                            <legend class="field__label">{tr(k::MSG_KIND)}</legend>
                            <div class="cluster">
                                {kind_choice(ConversationKind::Direct, k::MSG_KIND_DIRECT)}
                                {kind_choice(ConversationKind::Group, k::MSG_KIND_GROUP)}
                            </div>
                        </fieldset>
                        {move || match candidates.get() {
                            None => view! { <Skeleton lines=1 /> }.into_any(),
                            Some(Err(error)) => view! { <ProblemState error on_retry=Callback::new(move |()| candidates.refetch()) /> }.into_any(),
                            Some(Ok(list)) if list.is_empty() => view! { <p class="alert alert--info" id="new-nobody">{tr(k::MSG_NO_PEOPLE)}</p> }.into_any(),
                            Some(Ok(list)) => picker(list),
                        }}
                    }
                    .into_any(),
                }}
                <TextAreaField id="new-body" field="body" label=k::MSG_FIRST_MESSAGE value=body form=form />
                <div class="form-actions">
                    <SubmitButton label=k::MSG_SEND form=form class="btn btn--primary" />
                </div>
            </form>
        </div>
    }
}

/// One member, from a list.
#[component]
fn PersonSelect(list: Vec<Person>, person: RwSignal<String>, form: FormState) -> impl IntoView {
    view! {
        <Labelled id="new-with" label=k::MSG_PERSON hint=k::MSG_PERSON_HINT form=form field="with">
            <select
                id="new-with"
                class="select"
                aria-invalid=invalid(form, "with")
                aria-describedby=described_by("new-with", true, form, "with")
                on:change=move |ev| {
                    person.set(event_target_value(&ev));
                    form.changed("with");
                }
            >
                <option value="" selected=move || person.with(String::is_empty)>{tr(k::MSG_CHOOSE)}</option>
                {list.into_iter().map(|p| {
                    let value = p.id.to_string();
                    let chosen = value.clone();
                    view! { <option value=value selected=move || person.with(|v| *v == chosen)>{p.name}</option> }
                }).collect_view()}
            </select>
        </Labelled>
    }
}
