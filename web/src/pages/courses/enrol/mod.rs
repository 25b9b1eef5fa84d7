//! Owners and admins of an association enrol its members in a course, from the course's page: all
//! the members they tick or none of them, each told by a notification.

mod members;
mod rules;

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;
use madani_shared::associations::{AssociationStatus, Member, MemberRole, MyAssociation};
use madani_shared::courses::{EnrolMembers, EnrolmentOutcome};
use madani_shared::endpoints::{EnrolMembersEndpoint, GetCourse, ListMyAssociations};
use madani_shared::ids::{AssociationId, CourseId, UserId};
use madani_shared::{ClientError, ErrorCode};

use self::members::MemberChecklist;
use self::rules::{Refusal, member_error_text, named_members, outcome_text, refusal, refusal_text, today};
use crate::components::form::{ErrorSummary, FormState, Labelled, SubmitButton};
use crate::components::mutation::Mutation;
use crate::components::toast::use_toasts;
use crate::errors::field_text;
use crate::i18n::{k, tr, use_locale};
use crate::session::use_session;

/// The panel, for a signed-in user who runs (owns or administers) at least one active association;
/// nothing for anyone else. `on_enrolled` gets what the server did.
#[component]
pub(crate) fn EnrolMembersPanel(course_id: CourseId, on_enrolled: Callback<EnrolmentOutcome>) -> impl IntoView {
    let session = use_session();
    let run = LocalResource::new(move || async move {
        let mine = session.call::<ListMyAssociations>((), &()).await.unwrap_or_default();
        mine.into_iter()
            .filter(|m| matches!(m.role, MemberRole::Owner | MemberRole::Admin) && m.association.status.is_public())
            .collect::<Vec<MyAssociation>>()
    });
    move || {
        run.get().filter(|list| !list.is_empty()).map(|list| {
            view! { <EnrolMembersForm course_id=course_id associations=list on_enrolled=on_enrolled /> }
        })
    }
}

/// What the server said to the members sent.
#[derive(Clone)]
enum Answer {
    Enrolled(EnrolmentOutcome),
    /// A 422: the members it names and why.
    Invalid(Vec<(UserId, String)>),
    /// A 409: why the course refused.
    Refused(Refusal, Arc<ClientError>),
}

#[component]
fn EnrolMembersForm(
    course_id: CourseId,
    associations: Vec<MyAssociation>,
    on_enrolled: Callback<EnrolmentOutcome>,
) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let toasts = use_toasts();
    let form = FormState::new();
    let open = RwSignal::new(false);
    let association: RwSignal<Option<AssociationId>> = RwSignal::new(associations.first().map(|a| a.association.id));
    let statuses_of: HashMap<AssociationId, AssociationStatus> =
        associations.iter().map(|a| (a.association.id, a.association.status)).collect();
    // The chosen association's members, once listed.
    let listed: RwSignal<Vec<Member>> = RwSignal::new(Vec::new());
    let selected: RwSignal<Vec<UserId>> = RwSignal::new(Vec::new());
    // After an answer: who is enrolled now (true) or was already (false).
    let enrolled: RwSignal<HashMap<UserId, bool>> = RwSignal::new(HashMap::new());
    let outcome: RwSignal<Option<(usize, usize)>> = RwSignal::new(None);
    let invalid: RwSignal<Vec<(UserId, String)>> = RwSignal::new(Vec::new());
    let refused: RwSignal<Option<(Refusal, Arc<ClientError>)>> = RwSignal::new(None);
    let reset = move || {
        form.clear();
        invalid.set(Vec::new());
        refused.set(None);
        outcome.set(None);
    };
    let name_of = move |user: UserId| {
        listed
            .with(|list| list.iter().find(|m| m.user_id == user).map(|m| m.display_name.clone()))
            .unwrap_or_else(|| user.to_string())
    };

    // The summary links to the first box of the members; ticking one clears their error.
    form.control("user_ids", "enrol-select-all", k::ENROL_MEMBERS);
    form.clear_on_change("user_ids", move || selected.track());

    let enrol = Mutation::new(move |request: EnrolMembers| {
        let association_status =
            statuses_of.get(&request.association_id).copied().unwrap_or(AssociationStatus::Verified);
        async move {
            match session.call::<EnrolMembersEndpoint>(course_id, &request).await {
                Ok(done) => Ok(Answer::Enrolled(done)),
                Err(ClientError::Api(p)) if !named_members(&request.user_ids, &p.errors).is_empty() => {
                    Ok(Answer::Invalid(named_members(&request.user_ids, &p.errors)))
                }
                Err(e) if e.problem().is_some_and(|p| p.code == ErrorCode::Conflict) => {
                    // The server's answer has one code for every reason: the reason is told from the
                    // course as it is now.
                    let why = match session.call::<GetCourse>(course_id, &()).await {
                        Ok(c) => refusal(&c.summary, association_status, today(), request.user_ids.len()),
                        Err(_) => Refusal::Other,
                    };
                    Ok(Answer::Refused(why, Arc::new(e)))
                }
                Err(e) => Err(e),
            }
        }
    })
    .form(form)
    .then(move |answer| match answer {
        Answer::Enrolled(done) => {
            enrolled.try_update(|map| {
                map.extend(done.enrolled.iter().map(|u| (*u, true)));
                map.extend(done.already_enrolled.iter().map(|u| (*u, false)));
            });
            selected.try_set(Vec::new());
            let counts = (done.enrolled.len(), done.already_enrolled.len());
            outcome.try_set(Some(counts));
            toasts.success(outcome_text(locale.get_untracked(), counts.0, counts.1));
            on_enrolled.try_run(done);
        }
        Answer::Invalid(named) => {
            invalid.try_set(named);
        }
        Answer::Refused(why, e) => {
            refused.try_set(Some((why, e)));
        }
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        reset();
        // The form only shows with at least one association to choose from.
        let Some(association_id) = association.get_untracked() else {
            return;
        };
        let chosen = selected.get_untracked();
        // In the list's order.
        let user_ids = listed
            .with_untracked(|list| list.iter().map(|m| m.user_id).filter(|u| chosen.contains(u)).collect::<Vec<_>>());
        enrol.submit(EnrolMembers { association_id, user_ids });
    };

    view! {
        <section class="card stack enrol-members" id="enrol-members" aria-labelledby="enrol-members-title">
            <div class="stack stack--tight">
                <h2 class="card__title" id="enrol-members-title">{tr(k::ENROL_TITLE)}</h2>
                <p class="field__hint">{tr(k::ENROL_LEAD)}</p>
            </div>
            <Show when=move || !open.get()>
                <div>
                    <button
                        type="button"
                        class="btn btn--secondary"
                        id="enrol-members-open"
                        aria-expanded="false"
                        aria-controls="enrol-members-form"
                        on:click=move |_| {
                            open.set(true);
                            super::focus_soon("enrol-association".into());
                        }
                    >
                        {tr(k::ENROL_OPEN)}
                    </button>
                </div>
            </Show>
            <form class="stack" id="enrol-members-form" hidden=move || !open.get() on:submit=submit novalidate=true>
                <ErrorSummary form=form />
                <Labelled id="enrol-association" label=k::ENROL_ASSOCIATION>
                    <select
                        class="select"
                        id="enrol-association"
                        on:change=move |ev| {
                            association.set(event_target_value(&ev).parse().ok());
                            selected.set(Vec::new());
                            enrolled.set(HashMap::new());
                            reset();
                        }
                    >
                        {associations
                            .iter()
                            .map(|a| {
                                let id = a.association.id;
                                let name = a.association.name.clone();
                                view! {
                                    <option value=id.to_string() selected=move || association.get() == Some(id)>
                                        {move || name.get(locale.get()).to_owned()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </Labelled>
                {move || refused.get().map(|(why, e)| view! {
                    <div class="alert alert--error" role="alert" id="enrol-members-refused">
                        {move || refusal_text(locale.get(), why, &e)}
                    </div>
                })}
                {move || {
                    let list = invalid.get();
                    (!list.is_empty()).then(|| view! {
                        <div class="alert alert--error stack stack--tight" role="alert" id="enrol-members-invalid">
                            <p>{tr(k::ENROL_ALL_OR_NONE)}</p>
                            <ul>
                                {list
                                    .into_iter()
                                    .map(|(user, code)| view! { <li dir="auto">{move || member_error_text(locale.get(), &name_of(user), &code)}</li> })
                                    .collect_view()}
                            </ul>
                        </div>
                    })
                }}
                {move || outcome.get().map(|(done, already)| view! {
                    // Announced by the toast; kept here to read again.
                    <div class="alert alert--success" id="enrol-members-outcome">{move || outcome_text(locale.get(), done, already)}</div>
                })}
                <fieldset class="field enrol-members__fieldset" aria-describedby=move || form.error_for("user_ids").map(|_| "enrol-members-error")>
                    <legend class="field__label">{tr(k::ENROL_MEMBERS)}</legend>
                    {move || form.error_for("user_ids").map(|e| view! {
                        <p class="field__error" id="enrol-members-error">{move || field_text(locale.get(), &e)}</p>
                    })}
                    {move || {
                        let id = association.get().filter(|_| open.get())?;
                        Some(view! { <MemberChecklist id listed selected enrolled invalid /> })
                    }}
                </fieldset>
                <SubmitButton label=k::ENROL_SUBMIT form=form class="btn btn--primary" />
            </form>
        </section>
    }
}
