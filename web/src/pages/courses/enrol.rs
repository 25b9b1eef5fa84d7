//! Owners and admins of an association enrol its members in a course, from the course's page: all
//! the members they tick or none of them, each told by a notification.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;
use madani_shared::associations::{AssociationStatus, MemberRole, MyAssociation};
use madani_shared::courses::{CourseStatus, CourseSummary, EnrolMembers, EnrolmentOutcome};
use madani_shared::endpoints::{EnrolMembersEndpoint, GetCourse, ListMembers, ListMyAssociations};
use madani_shared::ids::UserId;
use madani_shared::text::Language;
use madani_shared::{ClientError, ErrorCode, FieldError};

use crate::components::form::{FormAlert, FormState, SubmitButton};
use crate::components::states::{EmptyState, ErrorState, Skeleton};
use crate::components::toast::use_toasts;
use crate::errors::{field_text, problem_text};
use crate::i18n::{format, k, plural, text, tr, use_locale};
use crate::session::use_session;

/// Why the course refused the members (409). The server's answer has one code for every reason, so
/// the reason is told from the course and the association as they are now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Refusal {
    AssociationInactive,
    NotOpen,
    Ended,
    Full,
    /// Room for this many learners only, fewer than were asked for.
    RoomFor(i64),
    Other,
}

fn refusal(course: &CourseSummary, association: AssociationStatus, today: NaiveDate, asked: usize) -> Refusal {
    if !association.is_public() {
        return Refusal::AssociationInactive;
    }
    if course.status != CourseStatus::Published {
        return Refusal::NotOpen;
    }
    if course.ends_on.is_some_and(|end| end < today) {
        return Refusal::Ended;
    }
    match course.capacity.map(|c| i64::from(c) - course.learner_count) {
        Some(left) if left <= 0 => Refusal::Full,
        Some(left) if left < asked as i64 => Refusal::RoomFor(left),
        _ => Refusal::Other,
    }
}

fn refusal_text(lang: Language, why: Refusal, fallback: &ClientError) -> String {
    match why {
        Refusal::AssociationInactive => text(lang, k::ENROL_ASSOCIATION_INACTIVE).to_owned(),
        Refusal::NotOpen => text(lang, k::COURSE_NOT_OPEN).to_owned(),
        Refusal::Ended => text(lang, k::ENROL_CLOSED).to_owned(),
        Refusal::Full => text(lang, k::ENROL_FULL).to_owned(),
        Refusal::RoomFor(left) => plural(lang, "enrol.room_left", left),
        Refusal::Other => problem_text(lang, fallback),
    }
}

/// The members a 422 names (`user_ids[i]`: the `i`-th of those sent), with the reason's code.
fn named_members(sent: &[UserId], errors: &[FieldError]) -> Vec<(UserId, String)> {
    errors
        .iter()
        .filter_map(|e| {
            let i: usize = e.field.strip_prefix("user_ids[")?.strip_suffix(']')?.parse().ok()?;
            Some((*sent.get(i)?, e.code.clone()))
        })
        .collect()
}

/// Why one member could not be enrolled, naming them.
fn member_error_text(lang: Language, name: &str, code: &str) -> String {
    match code {
        "not_member" => format(lang, k::ENROL_NOT_MEMBER, &[("name", name)]),
        "not_active" => format(lang, k::ENROL_NOT_ACTIVE, &[("name", name)]),
        other => {
            let error = FieldError { field: "user_ids".into(), code: other.into(), message: other.into() };
            format!("{name}: {}", field_text(lang, &error))
        }
    }
}

/// "2 members enrolled. 1 member was already enrolled."
fn outcome_text(lang: Language, enrolled: usize, already: usize) -> String {
    let mut s = plural(lang, "enrol.enrolled_count", enrolled as i64);
    if already > 0 {
        s.push(' ');
        s.push_str(&plural(lang, "enrol.already_count", already as i64));
    }
    s
}

/// Today in UTC, as the server counts a course's end date.
fn today() -> NaiveDate {
    let now = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(now.get_utc_full_year() as i32, now.get_utc_month() + 1, now.get_utc_date())
        .unwrap_or_default()
}

/// The panel, for a signed-in user who runs (owns or administers) at least one active association;
/// nothing for anyone else. `on_enrolled` gets what the server did.
#[component]
pub(crate) fn EnrolMembersPanel(course_id: String, on_enrolled: Callback<EnrolmentOutcome>) -> impl IntoView {
    let session = use_session();
    let run = LocalResource::new(move || async move {
        let mine = session.call::<ListMyAssociations>(&[], &()).await.unwrap_or_default();
        mine.into_iter()
            .filter(|m| matches!(m.role, MemberRole::Owner | MemberRole::Admin) && m.association.status.is_public())
            .collect::<Vec<MyAssociation>>()
    });
    move || {
        let course_id = course_id.clone();
        run.get().filter(|list| !list.is_empty()).map(|list| {
            view! { <EnrolMembersForm course_id=course_id associations=list on_enrolled=on_enrolled /> }
        })
    }
}

#[component]
fn EnrolMembersForm(
    course_id: String,
    associations: Vec<MyAssociation>,
    on_enrolled: Callback<EnrolmentOutcome>,
) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let toasts = use_toasts();
    let form = FormState::new();
    let open = RwSignal::new(false);
    let association = RwSignal::new(associations.first().map(|a| a.association.id.clone()).unwrap_or_default());
    let statuses_of: HashMap<String, AssociationStatus> =
        associations.iter().map(|a| (a.association.id.clone(), a.association.status)).collect();
    let members = LocalResource::new(move || {
        let (open, id) = (open.get(), association.get());
        async move {
            if !open || id.is_empty() {
                return None;
            }
            Some(session.call::<ListMembers>(&[&id], &()).await.map_err(Arc::new))
        }
    });
    let selected: RwSignal<Vec<UserId>> = RwSignal::new(Vec::new());
    // After an answer: who is enrolled now (true) or was already (false).
    let enrolled: RwSignal<HashMap<UserId, bool>> = RwSignal::new(HashMap::new());
    let outcome: RwSignal<Option<(usize, usize)>> = RwSignal::new(None);
    // A 422: the members it names and why; a 409: why the course refused.
    let invalid: RwSignal<Vec<(UserId, String)>> = RwSignal::new(Vec::new());
    let refused: RwSignal<Option<(Refusal, Arc<ClientError>)>> = RwSignal::new(None);
    let reset = move || {
        form.clear();
        invalid.set(Vec::new());
        refused.set(None);
        outcome.set(None);
    };
    let listed = move || members.get().flatten().and_then(|r| r.ok()).unwrap_or_default();
    let name_of = move |user: UserId| {
        listed().into_iter().find(|m| m.user_id == user).map(|m| m.display_name).unwrap_or_else(|| user.to_string())
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        reset();
        let chosen = selected.get_untracked();
        // In the list's order.
        let user_ids: Vec<UserId> = members
            .get_untracked()
            .flatten()
            .and_then(|r| r.ok())
            .unwrap_or_default()
            .into_iter()
            .map(|m| m.user_id)
            .filter(|u| chosen.contains(u))
            .collect();
        let request = EnrolMembers { association_id: association.get_untracked(), user_ids };
        if !form.validate(&request) {
            return;
        }
        let association_status =
            statuses_of.get(&request.association_id).copied().unwrap_or(AssociationStatus::Verified);
        let course = course_id.clone();
        form.pending.set(true);
        spawn_local(async move {
            let result = session.call::<EnrolMembersEndpoint>(&[&course], &request).await;
            match result {
                Ok(done) => {
                    enrolled.try_update(|map| {
                        map.extend(done.enrolled.iter().map(|u| (*u, true)));
                        map.extend(done.already_enrolled.iter().map(|u| (*u, false)));
                    });
                    selected.try_set(Vec::new());
                    outcome.try_set(Some((done.enrolled.len(), done.already_enrolled.len())));
                    toasts.success(outcome_text(
                        locale.get_untracked(),
                        done.enrolled.len(),
                        done.already_enrolled.len(),
                    ));
                    on_enrolled.run(done);
                }
                Err(ClientError::Api(p)) if !named_members(&request.user_ids, &p.errors).is_empty() => {
                    invalid.try_set(named_members(&request.user_ids, &p.errors));
                }
                Err(e) if e.problem().is_some_and(|p| p.code == ErrorCode::Conflict) => {
                    let why = match session.call::<GetCourse>(&[&course], &()).await {
                        Ok(c) => refusal(&c.summary, association_status, today(), request.user_ids.len()),
                        Err(_) => Refusal::Other,
                    };
                    refused.try_set(Some((why, Arc::new(e))));
                }
                Err(e) => form.fail(e),
            }
            form.pending.try_set(false);
        });
    };

    let all_ids = move || listed().into_iter().map(|m| m.user_id).collect::<Vec<_>>();
    let all_selected = move || {
        let all = all_ids();
        !all.is_empty() && selected.with(|s| all.iter().all(|u| s.contains(u)))
    };
    let some_selected = move || selected.with(|s| !s.is_empty()) && !all_selected();
    let error_for =
        move |user: UserId| invalid.with(|list| list.iter().find(|(u, _)| *u == user).map(|(_, c)| c.clone()));

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
                <FormAlert form=form />
                <div class="field">
                    <label class="field__label" for="enrol-association">{tr(k::ENROL_ASSOCIATION)}</label>
                    <select
                        class="select"
                        id="enrol-association"
                        on:change=move |ev| {
                            association.set(event_target_value(&ev));
                            selected.set(Vec::new());
                            enrolled.set(HashMap::new());
                            reset();
                        }
                    >
                        {associations
                            .iter()
                            .map(|a| {
                                let id = a.association.id.clone();
                                let name = a.association.name.clone();
                                let current = id.clone();
                                view! {
                                    <option value=id selected=move || association.get() == current>
                                        {move || name.get(locale.get()).to_owned()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
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
                    <Suspense fallback=|| view! { <Skeleton lines=2 /> }>
                        {move || members.get().flatten().map(|result| match result {
                            Err(e) => {
                                let message = Signal::derive(move || problem_text(locale.get(), &e));
                                view! { <ErrorState message=message on_retry=Callback::new(move |_| members.refetch()) /> }.into_any()
                            }
                            Ok(list) if list.is_empty() => view! { <EmptyState message=k::ENROL_NO_MEMBERS /> }.into_any(),
                            Ok(list) => view! {
                                <label class="checkbox enrol-members__all">
                                    <input
                                        type="checkbox"
                                        id="enrol-select-all"
                                        prop:checked=all_selected
                                        prop:indeterminate=some_selected
                                        on:change=move |ev| selected.set(if event_target_checked(&ev) { all_ids() } else { Vec::new() })
                                    />
                                    {tr(k::ENROL_SELECT_ALL)}
                                </label>
                                <ul class="enrol-members__list" id="enrol-member-list">
                                    {list
                                        .into_iter()
                                        .map(|m| {
                                            let user = m.user_id;
                                            let input_id = format!("enrol-member-{user}");
                                            let error_id = format!("enrol-member-{user}-error");
                                            let described = error_id.clone();
                                            let name = m.display_name.clone();
                                            view! {
                                                <li class="enrol-members__item" data-user=user.to_string()>
                                                    <label class="checkbox">
                                                        <input
                                                            type="checkbox"
                                                            id=input_id
                                                            value=user.to_string()
                                                            aria-invalid=move || error_for(user).is_some().then_some("true")
                                                            aria-describedby=move || error_for(user).map(|_| described.clone())
                                                            prop:checked=move || selected.with(|s| s.contains(&user))
                                                            on:change=move |ev| {
                                                                let on = event_target_checked(&ev);
                                                                selected.update(|s| {
                                                                    s.retain(|u| *u != user);
                                                                    if on {
                                                                        s.push(user);
                                                                    }
                                                                });
                                                            }
                                                        />
                                                        <span dir="auto">{m.display_name.clone()}</span>
                                                    </label>
                                                    {move || enrolled.with(|map| map.get(&user).copied()).map(|now| view! {
                                                        <span class=if now { "badge badge--success" } else { "badge badge--info" }>
                                                            {tr(if now { k::ENROL_STATUS_ENROLLED } else { k::ENROL_STATUS_ALREADY })}
                                                        </span>
                                                    })}
                                                    {
                                                        let (name, error_id) = (name.clone(), error_id.clone());
                                                        move || error_for(user).map(|code| {
                                                            let name = name.clone();
                                                            view! { <p class="field__error" id=error_id.clone()>{move || member_error_text(locale.get(), &name, &code)}</p> }
                                                        })
                                                    }
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any(),
                        })}
                    </Suspense>
                </fieldset>
                <SubmitButton label=k::ENROL_SUBMIT form=form class="btn btn--primary" />
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use madani_shared::LocalizedText;
    use madani_shared::associations::Field;
    use madani_shared::courses::CourseLevel;

    fn course(status: CourseStatus, ends_on: Option<NaiveDate>, capacity: Option<u32>, learners: i64) -> CourseSummary {
        CourseSummary {
            id: "c".into(),
            title: LocalizedText::default(),
            summary: LocalizedText::default(),
            field: Field::ALL[0],
            level: CourseLevel::Beginner,
            languages: vec![Language::Fr],
            status,
            estimated_minutes: None,
            starts_on: None,
            ends_on,
            capacity,
            lesson_count: 1,
            learner_count: learners,
            created_at: chrono::DateTime::default(),
            cover_url: None,
        }
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    #[test]
    fn a_refusal_is_told_from_the_course_as_it_is_now() {
        let open = CourseStatus::Published;
        let verified = AssociationStatus::Verified;
        assert_eq!(
            refusal(&course(open, None, None, 3), AssociationStatus::Suspended, day(21), 1),
            Refusal::AssociationInactive
        );
        assert_eq!(refusal(&course(CourseStatus::Archived, None, None, 3), verified, day(21), 1), Refusal::NotOpen);
        assert_eq!(refusal(&course(open, Some(day(20)), None, 3), verified, day(21), 1), Refusal::Ended);
        // The last day still takes learners.
        assert_eq!(refusal(&course(open, Some(day(21)), None, 3), verified, day(21), 1), Refusal::Other);
        assert_eq!(refusal(&course(open, None, Some(10), 10), verified, day(21), 2), Refusal::Full);
        assert_eq!(refusal(&course(open, None, Some(10), 8), verified, day(21), 3), Refusal::RoomFor(2));
        // Room enough now: someone left meanwhile, or another reason.
        assert_eq!(refusal(&course(open, None, Some(10), 8), verified, day(21), 2), Refusal::Other);
    }

    #[test]
    fn the_members_a_422_names_are_found_by_their_place() {
        let ids: Vec<UserId> = [
            "01936b2f-1a2b-7c3d-9a4e-2f1b6c8d0e71",
            "01936b2f-1a2b-7c3d-9a4e-2f1b6c8d0e72",
            "01936b2f-1a2b-7c3d-9a4e-2f1b6c8d0e73",
        ]
        .iter()
        .map(|s| s.parse().unwrap())
        .collect();
        let error =
            |field: &str, code: &str| FieldError { field: field.into(), code: code.into(), message: String::new() };
        let named = named_members(
            &ids,
            &[
                error("user_ids[2]", "not_active"),
                error("user_ids[0]", "not_member"),
                error("user_ids[9]", "x"),
                error("association_id", "length"),
            ],
        );
        assert_eq!(named, vec![(ids[2], "not_active".to_owned()), (ids[0], "not_member".to_owned())]);
    }
}
