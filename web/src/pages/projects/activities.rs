//! A project's activities (its editors add them), and `/activities/:id`: an activity — when (in its
//! own time zone), where, its project, cancelled or not — with registration (register, cancel, the
//! place on the waiting list) and, for its editors, the registrants, changing and cancelling it.

use leptos::prelude::*;
use leptos_router::components::A;
use madani_shared::FieldError;
use madani_shared::endpoints::{CancelActivity, CreateActivity, GetActivity, ListProjectActivities, UpdateActivity};
use madani_shared::ids::{ActivityId, ProjectId};
use madani_shared::projects::*;

use super::activity_href;
use super::registration::{Registrants, Registration};
use super::when::{from_input, to_input, when_text};
use crate::app::use_title;
use crate::components::dialog::ConfirmDialog;
use crate::components::form::{ErrorSummary, FormState, SelectField, SubmitButton, TextField};
use crate::components::loaded::{Loaded, fetched, param, read_of};
use crate::components::localized::LocalizedTextEditor;
use crate::components::mutation::Mutation;
use crate::components::territory::{TerritoryPicker, wilaya_label};
use crate::i18n::{format, k, text, tr, use_locale};
use crate::pages::consultations::session_ready;
use crate::session::use_session;

/// An activity in a list: its title (a link), when, and its state.
pub(crate) fn activity_item(a: Activity) -> impl IntoView {
    let locale = use_locale();
    let title = a.title.clone();
    let when = a.clone();
    view! {
        <li class="list__item stack stack--tight activity-item" data-activity=a.id.to_string() data-date=a.start.date().to_string()>
            <A href=activity_href(a.id) attr:dir="auto"><strong>{move || title.get(locale.get()).to_owned()}</strong></A>
            <span class="list__meta"><time datetime=a.starts_at.to_rfc3339()>{move || when_text(locale.get(), &when)}</time></span>
            <span class="cluster">
                {a.cancelled.then(|| view! { <span class="badge badge--danger">{tr(k::EVENT_CANCELLED)}</span> })}
                {(!a.public).then(|| view! { <span class="badge badge--warning">{tr(k::EVENT_PROJECT_ONLY)}</span> })}
                {a.registration.clone().map(|r| places_badge(&r))}
                {a.my_registration.map(my_badge)}
            </span>
        </li>
    }
}

/// "12 places left", "Full: waiting list", "Full".
fn places_badge(r: &RegistrationInfo) -> impl IntoView + use<> {
    let locale = use_locale();
    let left = r.capacity.saturating_sub(r.registered);
    let waitlist = r.waitlist;
    move || {
        let lang = locale.get();
        if left > 0 {
            view! { <span class="badge badge--info">{format(lang, k::EVENT_PLACES_LEFT, &[("count", &left.to_string())])}</span> }.into_any()
        } else if waitlist {
            view! { <span class="badge badge--warning">{text(lang, k::EVENT_FULL_WAITLIST)}</span> }.into_any()
        } else {
            view! { <span class="badge badge--danger">{text(lang, k::EVENT_FULL)}</span> }.into_any()
        }
    }
}

fn my_badge(status: RegistrationStatus) -> impl IntoView {
    match status {
        RegistrationStatus::Registered => {
            Some(view! { <span class="badge badge--success">{tr(k::EVENT_YOU_REGISTERED)}</span> }.into_any())
        }
        RegistrationStatus::Waitlisted => {
            Some(view! { <span class="badge badge--warning">{tr(k::EVENT_YOU_WAITLISTED)}</span> }.into_any())
        }
        RegistrationStatus::Cancelled => None,
    }
}

/// A project's activities, by start; its editors add one.
#[component]
pub fn ProjectActivities(project: ProjectId, editor: bool) -> impl IntoView {
    let session = use_session();
    let added = RwSignal::new(0u32);
    let adding = RwSignal::new(false);
    let list = LocalResource::new(move || {
        added.track();
        session.user.track();
        async move {
            session_ready(session).await;
            fetched(session.call_as_viewer::<ListProjectActivities>(project, &()).await)
        }
    });
    let done = Callback::new(move |_: Activity| {
        adding.set(false);
        added.update(|n| *n += 1);
    });
    view! {
        <section class="card stack" aria-labelledby="activities-title" id="project-activities">
            <h2 class="card__title" id="activities-title">{tr(k::EVENT_LIST_TITLE)}</h2>
            <Loaded resource=list is_empty=Vec::is_empty empty_message=k::EVENT_NONE let:items>
                <ul class="list" id="activity-list">{items.into_iter().map(activity_item).collect_view()}</ul>
            </Loaded>
            {editor.then(|| view! {
                <Show when=move || !adding.get() fallback=move || view! {
                    <ActivityForm project=Some(project) existing=None done on_cancel=Callback::new(move |()| adding.set(false)) />
                }>
                    <p><button type="button" class="btn btn--secondary" id="activity-add" on:click=move |_| adding.set(true)>{tr(k::EVENT_ADD)}</button></p>
                </Show>
            })}
        </section>
    }
}

/// The activity form: new (for `project`) or a change of `existing`.
#[component]
fn ActivityForm(
    project: Option<ProjectId>,
    existing: Option<Activity>,
    done: Callback<Activity>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let form = FormState::new();
    let e = existing.as_ref();
    let id = e.map(|a| a.id);
    let title = RwSignal::new(e.map(|a| a.title.clone()).unwrap_or_default());
    let description = RwSignal::new(e.map(|a| a.description.clone()).unwrap_or_default());
    let all_day = RwSignal::new(e.is_some_and(|a| a.all_day));
    let start = RwSignal::new(e.map(|a| to_input(a.start)).unwrap_or_default());
    let end = RwSignal::new(e.map(|a| to_input(a.end)).unwrap_or_default());
    let start_day = RwSignal::new(e.map(|a| a.start.date().to_string()).unwrap_or_default());
    let end_day = RwSignal::new(e.map(|a| a.end.date().to_string()).unwrap_or_default());
    let time_zone = RwSignal::new(e.map(|a| a.time_zone.as_str().to_owned()).unwrap_or_default());
    let wilaya = RwSignal::new(e.and_then(|a| a.wilaya.clone()));
    let commune = RwSignal::new(e.and_then(|a| a.commune_id));
    let address = RwSignal::new(e.and_then(|a| a.address.clone()).unwrap_or_default());
    let online = RwSignal::new(e.and_then(|a| a.online_url.clone()).unwrap_or_default());
    let public = RwSignal::new(e.is_none_or(|a| a.public));
    let capacity =
        RwSignal::new(e.and_then(|a| a.registration.as_ref()).map(|r| r.capacity.to_string()).unwrap_or_default());
    let waitlist = RwSignal::new(e.and_then(|a| a.registration.as_ref()).is_some_and(|r| r.waitlist));
    let save = Mutation::new(move |input: ActivityInput| async move {
        match (id, project) {
            (Some(id), _) => session.call::<UpdateActivity>(id, &input).await,
            (None, Some(project)) => session.call::<CreateActivity>(project, &input).await,
            (None, None) => Err(madani_shared::ClientError::Transport("no project".into())),
        }
    })
    .form(form)
    .toast(k::EVENT_SAVED)
    .then(move |a| done.run(a));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let day = all_day.get_untracked();
        let (s, e) = if day {
            (
                from_input(&start_day.get_untracked()),
                from_input(&end_day.get_untracked()).or(from_input(&start_day.get_untracked())),
            )
        } else {
            (from_input(&start.get_untracked()), from_input(&end.get_untracked()))
        };
        let (sf, ef) = if day { ("start_day", "end_day") } else { ("start", "end") };
        let mut problems = Vec::new();
        if s.is_none() {
            problems.push(FieldError::new(sf, "required", ""));
        }
        if e.is_none() {
            problems.push(FieldError::new(ef, "required", ""));
        }
        let (Some(s), Some(e)) = (s, e) else { return form.show(problems) };
        let text = |v: RwSignal<String>| Some(v.get_untracked().trim().to_owned()).filter(|t| !t.is_empty());
        save.submit(ActivityInput {
            title: title.get_untracked(),
            description: description.get_untracked(),
            time_zone: TimeZone::parse(&time_zone.get_untracked()),
            all_day: day,
            start: s,
            end: e,
            commune_id: commune.get_untracked(),
            address: text(address),
            online_url: text(online),
            public: public.get_untracked(),
            capacity: text(capacity).map(|c| c.parse().unwrap_or(0)),
            waitlist: waitlist.get_untracked(),
        });
    };
    let heading = if id.is_some() { k::EVENT_EDIT } else { k::EVENT_ADD };
    view! {
        <form class="stack form-panel" id="activity-form" on:submit=submit novalidate=true>
            <h3 class="card__subtitle">{tr(heading)}</h3>
            <ErrorSummary form=form />
            <LocalizedTextEditor id="activity-title" field="title" label=k::EVENT_FIELD_TITLE value=title form />
            <LocalizedTextEditor id="activity-description" field="description" label=k::EVENT_FIELD_DESCRIPTION value=description form multiline=true />
            <label class="checkbox">
                <input type="checkbox" id="activity-all-day" prop:checked=move || all_day.get()
                    on:change=move |ev| all_day.set(event_target_checked(&ev)) />
                {tr(k::EVENT_FIELD_ALL_DAY)}
            </label>
            <Show when=move || !all_day.get() fallback=move || view! {
                <div class="cluster">
                    <TextField id="activity-start-day" field="start_day" label=k::EVENT_FIELD_FIRST_DAY value=start_day form kind="date" />
                    <TextField id="activity-end-day" field="end_day" label=k::EVENT_FIELD_LAST_DAY value=end_day form kind="date" required=false />
                </div>
            }>
                <div class="cluster">
                    <TextField id="activity-start" field="start" label=k::EVENT_FIELD_START value=start form kind="datetime-local" hint=k::EVENT_LOCAL_TIME_HINT />
                    <TextField id="activity-end" field="end" label=k::EVENT_FIELD_END value=end form kind="datetime-local" />
                </div>
            </Show>
            <SelectField id="activity-time-zone" field="time_zone" label=k::EVENT_FIELD_TIME_ZONE value=time_zone form
                options=vec![("", k::EVENT_TZ_DEFAULT), ("Africa/Algiers", k::EVENT_TZ_ALGIERS), ("Africa/Casablanca", k::EVENT_TZ_CASABLANCA)] />
            <TerritoryPicker wilaya commune id="activity-place" form />
            <TextField id="activity-address" field="address" label=k::EVENT_FIELD_ADDRESS value=address form required=false />
            <TextField id="activity-online" field="online_url" label=k::EVENT_FIELD_ONLINE value=online form kind="url" required=false dir="ltr" />
            <label class="checkbox">
                <input type="checkbox" id="activity-public" prop:checked=move || public.get()
                    on:change=move |ev| public.set(event_target_checked(&ev)) />
                {tr(k::EVENT_FIELD_PUBLIC)}
            </label>
            <div class="cluster">
                <TextField id="activity-capacity" field="capacity" label=k::EVENT_FIELD_CAPACITY value=capacity form kind="number" required=false hint=k::EVENT_CAPACITY_HINT />
            </div>
            <label class="checkbox">
                <input type="checkbox" id="activity-waitlist" prop:checked=move || waitlist.get()
                    on:change=move |ev| waitlist.set(event_target_checked(&ev)) />
                {tr(k::EVENT_FIELD_WAITLIST)}
            </label>
            <div class="cluster">
                <SubmitButton label=k::PROJECT_ACT_SAVE form=form class="btn btn--primary" />
                <button type="button" class="btn btn--ghost" on:click=move |_| on_cancel.run(())>{tr(k::COMMON_CANCEL)}</button>
            </div>
        </form>
    }
}

#[component]
pub fn ActivityPage() -> impl IntoView {
    use_title(k::EVENT_TITLE);
    let session = use_session();
    let activity = read_of(param::<ActivityId>("id"), move |id| {
        session.user.track();
        async move {
            session_ready(session).await;
            session.call_as_viewer::<GetActivity>(id, &()).await
        }
    });
    let refetch = Callback::new(move |()| activity.refetch());
    view! {
        <div class="page activity-page">
            <Loaded resource=activity title=k::EVENT_TITLE lines=6 let:a>
                <ActivityView a refetch />
            </Loaded>
        </div>
    }
}

#[component]
fn ActivityView(a: Activity, refetch: Callback<()>) -> impl IntoView {
    let locale = use_locale();
    let session = use_session();
    let id = a.id;
    let title = a.title.clone();
    let project_title = a.project_title.clone();
    let lead = a.association_name.clone();
    let description = a.description_html.clone();
    let when = a.clone();
    let editing = RwSignal::new(false);
    let confirm = RwSignal::new(false);
    let cancel = Mutation::new(move |()| async move { session.call::<CancelActivity>(id, &()).await })
        .toast(k::EVENT_CANCEL_DONE)
        .then(move |_| refetch.run(()));
    let saved = Callback::new(move |_: Activity| {
        editing.set(false);
        refetch.run(());
    });
    let existing = a.clone();
    let tz = a.time_zone;
    view! {
        <article class="stack stack--loose">
            <div class="page__header stack stack--tight">
                <p class="list__meta">
                    <A href=super::project_href(a.project_id) attr:id="activity-project"><bdi>{move || project_title.get(locale.get()).to_owned()}</bdi></A>
                    " · "<bdi>{move || lead.get(locale.get()).to_owned()}</bdi>
                </p>
                <h1 class="page__title" id="activity-title" dir="auto">{move || title.get(locale.get()).to_owned()}</h1>
                <p class="cluster">
                    {a.cancelled.then(|| view! { <span class="badge badge--danger" id="activity-cancelled">{tr(k::EVENT_CANCELLED)}</span> })}
                    {(!a.public).then(|| view! { <span class="badge badge--warning">{tr(k::EVENT_PROJECT_ONLY)}</span> })}
                </p>
            </div>
            <section class="card stack" aria-labelledby="activity-when-title">
                <h2 class="sr-only" id="activity-when-title">{tr(k::EVENT_DETAILS)}</h2>
                <dl class="kv">
                    <dt>{tr(k::EVENT_WHEN)}</dt>
                    <dd id="activity-when">
                        <time datetime=a.starts_at.to_rfc3339()>{move || when_text(locale.get(), &when)}</time>
                        " "<span class="muted">{move || format(locale.get(), k::EVENT_TIME_ZONE_NOTE, &[("zone", text(locale.get(), tz_key(tz)))])}</span>
                    </dd>
                    {(a.address.is_some() || a.wilaya.is_some()).then(|| view! {
                        <dt>{tr(k::EVENT_WHERE)}</dt>
                        <dd id="activity-where">
                            {a.address.clone().map(|ad| view! { <bdi>{ad}</bdi> })}
                            {a.wilaya.clone().map(|w| view! { " · " <bdi>{wilaya_label(w)}</bdi> })}
                        </dd>
                    })}
                    {a.online_url.clone().map(|url| view! {
                        <dt>{tr(k::EVENT_ONLINE)}</dt>
                        <dd id="activity-online"><a href=url.clone() rel="noopener noreferrer" target="_blank" dir="ltr">{url.clone()}</a></dd>
                    })}
                </dl>
                {move || {
                    let html = description.get(locale.get()).to_owned();
                    (!html.is_empty()).then(|| view! { <div class="prose" dir="auto" inner_html=html></div> })
                }}
            </section>
            {a.registration.clone().map(|r| view! { <Registration id status=a.my_registration info=r cancelled=a.cancelled refetch /> })}
            {a.editor.then(|| view! {
                <section class="card stack" aria-labelledby="activity-manage-title" id="activity-manage">
                    <h2 class="card__title" id="activity-manage-title">{tr(k::EVENT_MANAGE)}</h2>
                    <Show when=move || !editing.get() fallback=move || view! {
                        <ActivityForm project=None existing=Some(existing.clone()) done=saved on_cancel=Callback::new(move |()| editing.set(false)) />
                    }>
                        <div class="cluster">
                            <button type="button" class="btn btn--secondary" id="activity-edit" on:click=move |_| editing.set(true)>{tr(k::EVENT_EDIT)}</button>
                            {(!a.cancelled).then(|| view! {
                                <button type="button" class="btn btn--danger" id="activity-cancel" disabled=move || cancel.pending().get()
                                    on:click=move |_| confirm.set(true)>{tr(k::EVENT_CANCEL)}</button>
                            })}
                        </div>
                    </Show>
                    <ConfirmDialog open=confirm title=k::EVENT_CANCEL_TITLE message=k::EVENT_CANCEL_TEXT confirm_label=k::EVENT_CANCEL
                        title_id="activity-cancel-title" on_confirm=Callback::new(move |()| cancel.dispatch(())) />
                    {a.registration.is_some().then(|| view! { <Registrants id /> })}
                </section>
            })}
        </article>
    }
}

fn tz_key(tz: TimeZone) -> usize {
    match tz {
        TimeZone::Algiers => k::EVENT_TZ_ALGIERS,
        TimeZone::Casablanca => k::EVENT_TZ_CASABLANCA,
    }
}
