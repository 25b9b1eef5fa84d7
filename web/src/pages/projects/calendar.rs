//! `/calendar` (the network's activities, by wilaya, field and association) and `/calendar/mine`
//! (the projects I belong to or follow, the activities I registered for): a month grid — its weeks
//! starting on the language's first day, right to left in Arabic, compact on a phone — or an agenda
//! list; and how to subscribe to it from a phone's calendar (the iCalendar feed's address, or the
//! member's secret one).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use madani_shared::associations::{Field, ListAssociationsQuery};
use madani_shared::endpoints::{
    GetCalendar, GetMyCalendar, GetPersonalFeed, ListAssociations, ListWilayas, ResetPersonalFeed,
};
use madani_shared::ids::{AssociationId, ProjectId};
use madani_shared::projects::*;

use super::activities::activity_item;
use super::activity_href;
use super::when::{
    clock, days_of, long_day, month_end, month_grid, month_of, month_title, shift_month, today, week_start,
    weekday_name,
};
use crate::components::dialog::ConfirmDialog;
use crate::components::facet::FacetSelect;
use crate::components::label::labelled;
use crate::components::loaded::{Loaded, fetched};
use crate::components::mutation::Mutation;
use crate::components::page::PageHeader;
use crate::components::toast::use_toasts;
use crate::i18n::{format, format_datetime, k, text, tr, use_locale};
use crate::pages::consultations::session_ready;
use crate::session::{base_client, use_session};

#[component]
pub fn CalendarPage() -> impl IntoView {
    view! {
        <div class="page calendar-page">
            <PageHeader title=k::CALENDAR_TITLE lead=k::CALENDAR_LEAD>
                <A href="/calendar/mine" attr:class="btn btn--secondary" attr:id="my-calendar-link">{tr(k::CALENDAR_MINE_TITLE)}</A>
            </PageHeader>
            <CalendarView mine=false />
        </div>
    }
}

#[component]
pub fn MyCalendarPage() -> impl IntoView {
    view! {
        <div class="page calendar-page">
            <PageHeader title=k::CALENDAR_MINE_TITLE lead=k::CALENDAR_MINE_LEAD>
                <A href="/calendar" attr:class="btn btn--secondary">{tr(k::CALENDAR_TITLE)}</A>
            </PageHeader>
            <CalendarView mine=true />
        </div>
    }
}

/// The page's origin (`https://madani.example`).
fn origin() -> String {
    web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default()
}

/// `a=1&b=2` of the present filters.
fn query_string(pairs: &[(&str, String)]) -> String {
    pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", String::from(js_sys::encode_uri_component(v))))
        .collect::<Vec<_>>()
        .join("&")
}

#[component]
fn CalendarView(mine: bool) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let query = use_query_map();
    let initial = |name: &str| query.with_untracked(|q| q.get(name)).unwrap_or_default();
    let wilaya = RwSignal::new(initial("wilaya"));
    let field = RwSignal::new(initial("field"));
    let association = RwSignal::new(initial("association"));
    let project: Option<ProjectId> = initial("project").parse().ok();
    let month = RwSignal::new(
        NaiveDate::parse_from_str(&format!("{}-01", initial("month")), "%Y-%m-%d")
            .unwrap_or_else(|_| month_of(today())),
    );
    let agenda = RwSignal::new(initial("view") == "agenda");
    let wilayas = LocalResource::new(|| async { base_client().call::<ListWilayas>((), &()).await.unwrap_or_default() });
    let associations = LocalResource::new(move || async move {
        if mine {
            return Vec::new();
        }
        let query = ListAssociationsQuery { limit: Some(100), ..Default::default() };
        base_client().call::<ListAssociations>((), &query).await.map(|p| p.items).unwrap_or_default()
    });
    // The grid's days (whole weeks, from the language's first day).
    let grid = Memo::new(move |_| month_grid(month.get(), week_start(locale.get())));
    let calendar = LocalResource::new(move || {
        let days = grid.get();
        let from = days.first().copied();
        let to = days.last().copied();
        let request = CalendarQuery {
            from,
            to,
            wilaya: Some(wilaya.get()).filter(|w| !w.is_empty()),
            field: Field::parse(&field.get()),
            association: association.get().parse::<AssociationId>().ok(),
            project,
        };
        session.user.track();
        async move {
            session_ready(session).await;
            if mine {
                fetched(session.call::<GetMyCalendar>((), &request).await)
            } else {
                fetched(session.call_as_viewer::<GetCalendar>((), &request).await)
            }
        }
    });
    let feed = Signal::derive(move || {
        let path = match project {
            Some(p) => format!("/api/v1/projects/{p}/calendar.ics"),
            None => {
                let q = query_string(&[
                    ("wilaya", wilaya.get()),
                    ("field", field.get()),
                    ("association", association.get()),
                ]);
                if q.is_empty() { "/api/v1/calendar.ics".to_owned() } else { format!("/api/v1/calendar.ics?{q}") }
            }
        };
        format!("{}{path}", origin())
    });
    view! {
        <div class="stack stack--loose">
            {(!mine).then(|| view! {
                <fieldset class="cluster" id="calendar-filters">
                    <legend class="sr-only">{tr(k::DIR_FILTERS)}</legend>
                    <FacetSelect id="calendar-wilaya" label=k::PICKER_WILAYA selected=wilaya options=move |lang| {
                        wilayas.get().unwrap_or_default().into_iter().map(|w| (w.code.clone(), format!("{} – {}", w.code, w.name.get(lang)))).collect()
                    } />
                    <FacetSelect id="calendar-field" label=k::DIR_FIELD selected=field options=|lang| {
                        labelled(lang, "activity", Field::ALL.iter().map(|f| f.as_str()))
                    } />
                    <FacetSelect id="calendar-association" label=k::CALENDAR_ASSOCIATION selected=association options=move |lang| {
                        associations.get().unwrap_or_default().into_iter().map(|a| (a.id.to_string(), a.name.get(lang).to_owned())).collect()
                    } />
                </fieldset>
            })}
            <section class="card stack calendar" aria-labelledby="calendar-month">
                <div class="calendar__bar">
                    <button type="button" class="btn btn--secondary btn--small" id="calendar-prev" on:click=move |_| month.update(|m| *m = shift_month(*m, -1))>
                        <span class="flip-rtl" aria-hidden="true">"‹ "</span>{tr(k::CALENDAR_PREVIOUS)}
                    </button>
                    <h2 class="calendar__month" id="calendar-month" aria-live="polite">{move || month_title(locale.get(), month.get())}</h2>
                    <button type="button" class="btn btn--secondary btn--small" id="calendar-next" on:click=move |_| month.update(|m| *m = shift_month(*m, 1))>
                        {tr(k::CALENDAR_NEXT)}<span class="flip-rtl" aria-hidden="true">" ›"</span>
                    </button>
                </div>
                <div class="cluster calendar__views" role="group" aria-label=tr(k::CALENDAR_VIEW)>
                    <button type="button" class="btn btn--small" id="view-month" aria-pressed=move || if agenda.get() { "false" } else { "true" }
                        on:click=move |_| agenda.set(false)>{tr(k::CALENDAR_VIEW_MONTH)}</button>
                    <button type="button" class="btn btn--small" id="view-agenda" aria-pressed=move || if agenda.get() { "true" } else { "false" }
                        on:click=move |_| agenda.set(true)>{tr(k::CALENDAR_VIEW_AGENDA)}</button>
                    <button type="button" class="btn btn--ghost btn--small" id="calendar-today" on:click=move |_| month.set(month_of(today()))>{tr(k::CALENDAR_TODAY)}</button>
                </div>
                <Loaded resource=calendar lines=6 let:c>
                    {c.truncated.then(|| view! { <p class="alert alert--warning">{tr(k::CALENDAR_TRUNCATED)}</p> })}
                    {
                        let activities = c.activities.clone();
                        move || if agenda.get() {
                            agenda_view(month.get(), activities.clone()).into_any()
                        } else {
                            month_view(month.get(), grid.get(), activities.clone()).into_any()
                        }
                    }
                </Loaded>
            </section>
            {if mine { view! { <PersonalFeedPanel /> }.into_any() } else { view! { <SubscribePanel url=feed /> }.into_any() }}
        </div>
    }
}

/// The activities of each day of `days`.
fn by_day(activities: &[Activity]) -> BTreeMap<NaiveDate, Vec<Activity>> {
    let mut map: BTreeMap<NaiveDate, Vec<Activity>> = BTreeMap::new();
    for a in activities {
        for day in days_of(a) {
            map.entry(day).or_default().push(a.clone());
        }
    }
    map
}

/// The month as a table: a column per weekday from the language's first, a row per week; each day
/// lists its activities (time and title; the time alone on a phone, the title read out).
fn month_view(first: NaiveDate, days: Vec<NaiveDate>, activities: Vec<Activity>) -> impl IntoView {
    let locale = use_locale();
    let map = by_day(&activities);
    let now = today();
    let last = month_end(first);
    let header: Vec<NaiveDate> = days.iter().take(7).copied().collect();
    let weeks: Vec<Vec<NaiveDate>> = days.chunks(7).map(|w| w.to_vec()).collect();
    view! {
        <div class="calendar__grid-wrap">
            <table class="cal" id="calendar-grid" aria-labelledby="calendar-month">
                <thead>
                    <tr>
                        {header.into_iter().map(|d| view! {
                            <th scope="col" class="cal__weekday">
                                <span class="cal__wd" aria-hidden="true">{move || weekday_name(locale.get(), d, "short")}</span>
                                <span class="cal__wd-narrow" aria-hidden="true">{move || weekday_name(locale.get(), d, "narrow")}</span>
                                <span class="sr-only">{move || weekday_name(locale.get(), d, "long")}</span>
                            </th>
                        }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {weeks.into_iter().map(|week| view! {
                        <tr>
                            {week.into_iter().map(|d| {
                                let outside = d < first || d > last;
                                let mut class = String::from("cal__cell");
                                if outside { class.push_str(" cal__cell--out"); }
                                if d == now { class.push_str(" cal__cell--today"); }
                                let items = map.get(&d).cloned().unwrap_or_default();
                                let count = items.len();
                                view! {
                                    <td class=class data-date=d.to_string() aria-current=(d == now).then_some("date")>
                                        <span class="cal__date">
                                            <span aria-hidden="true">{chrono::Datelike::day(&d)}</span>
                                            <span class="sr-only">{move || long_day(locale.get(), d)}</span>
                                        </span>
                                        {(count > 0).then(|| view! {
                                            <ul class="cal__events">
                                                {items.into_iter().map(|a| {
                                                    let title = a.title.clone();
                                                    let start = a.start;
                                                    let all_day = a.all_day || a.start.date() != d;
                                                    let class = if a.cancelled { "cal__event cal__event--cancelled" } else { "cal__event" };
                                                    view! {
                                                        <li>
                                                            <A href=activity_href(a.id) attr:class=class attr:data-activity=a.id.to_string()>
                                                                {if all_day {
                                                                    view! { <span class="cal__time" aria-hidden="true">"•"</span> }.into_any()
                                                                } else {
                                                                    view! { <span class="cal__time">{move || clock(locale.get(), start)}</span> }.into_any()
                                                                }}
                                                                " "
                                                                <span class="cal__title" dir="auto">{move || title.get(locale.get()).to_owned()}</span>
                                                                {a.cancelled.then(|| view! { <span class="sr-only">{tr(k::EVENT_CANCELLED)}</span> })}
                                                            </A>
                                                        </li>
                                                    }
                                                }).collect_view()}
                                            </ul>
                                        })}
                                    </td>
                                }
                            }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// The month's activities day by day.
fn agenda_view(first: NaiveDate, activities: Vec<Activity>) -> impl IntoView {
    let locale = use_locale();
    let last = month_end(first);
    let days: Vec<(NaiveDate, Vec<Activity>)> =
        by_day(&activities).into_iter().filter(|(d, _)| *d >= first && *d <= last).collect();
    if days.is_empty() {
        return view! { <p class="muted" id="calendar-agenda">{tr(k::CALENDAR_EMPTY)}</p> }.into_any();
    }
    view! {
        <div class="stack agenda" id="calendar-agenda">
            {days.into_iter().map(|(d, items)| view! {
                <section class="agenda__day" data-date=d.to_string() aria-labelledby=format!("agenda-{d}")>
                    <h3 class="card__subtitle" id=format!("agenda-{d}")>{move || long_day(locale.get(), d)}</h3>
                    <ul class="list">{items.into_iter().map(activity_item).collect_view()}</ul>
                </section>
            }).collect_view()}
        </div>
    }
    .into_any()
}

/// Copy `text` to the clipboard and say so.
fn copy(text_to_copy: String, toasts: crate::components::toast::Toasts, locale: crate::i18n::Locale) {
    let Some(window) = web_sys::window() else { return };
    let promise = window.navigator().clipboard().write_text(&text_to_copy);
    leptos::task::spawn_local(async move {
        let done = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
        let lang = locale.get_untracked();
        if done {
            toasts.success(text(lang, k::CALENDAR_COPIED));
        } else {
            toasts.error(text(lang, k::CALENDAR_COPY_FAILED));
        }
    });
}

/// The address of a feed, to copy, with a link that opens the phone's calendar app on it.
#[component]
fn FeedAddress(#[prop(into)] url: Signal<String>, id: &'static str) -> impl IntoView {
    let toasts = use_toasts();
    let locale = use_locale();
    let webcal = move || url.get().replacen("https://", "webcal://", 1).replacen("http://", "webcal://", 1);
    let input = format!("{id}-input");
    view! {
        <div class="field">
            <label class="field__label" for=input.clone()>{tr(k::CALENDAR_FEED_ADDRESS)}</label>
            <div class="feed-address">
                <input class="input" id=input type="url" dir="ltr" readonly=true prop:value=move || url.get()
                    on:focus=move |ev| {
                        if let Some(el) = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(t).ok()) {
                            el.select();
                        }
                    } />
                <button type="button" class="btn btn--secondary" id=format!("{id}-copy") on:click=move |_| copy(url.get_untracked(), toasts, locale)>{tr(k::CALENDAR_COPY)}</button>
            </div>
        </div>
        <p><a href=webcal id=format!("{id}-open")>{tr(k::CALENDAR_OPEN_IN_APP)}</a></p>
    }
}

/// How to add a subscribed calendar on a phone.
fn instructions() -> impl IntoView {
    view! {
        <div class="stack stack--tight subscribe__howto">
            <h3 class="card__subtitle">{tr(k::CALENDAR_HOWTO)}</h3>
            <ul class="stack stack--tight">
                <li><strong>{tr(k::CALENDAR_HOWTO_IPHONE)}</strong>" "{tr(k::CALENDAR_HOWTO_IPHONE_STEPS)}</li>
                <li><strong>{tr(k::CALENDAR_HOWTO_ANDROID)}</strong>" "{tr(k::CALENDAR_HOWTO_ANDROID_STEPS)}</li>
            </ul>
            <p class="field__hint">{tr(k::CALENDAR_HOWTO_NOTE)}</p>
        </div>
    }
}

/// Subscribing to the network's calendar, with the filters shown.
#[component]
fn SubscribePanel(url: Signal<String>) -> impl IntoView {
    view! {
        <section class="card stack subscribe" aria-labelledby="subscribe-title" id="calendar-subscribe">
            <h2 class="card__title" id="subscribe-title">{tr(k::CALENDAR_SUBSCRIBE)}</h2>
            <p>{tr(k::CALENDAR_SUBSCRIBE_LEAD)}</p>
            <FeedAddress url id="feed" />
            {instructions()}
        </section>
    }
}

/// The member's own feed, at a secret address shown once when it is made.
#[component]
fn PersonalFeedPanel() -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let made: RwSignal<Option<String>> = RwSignal::new(None);
    let reset = Mutation::new(move |()| async move { session.call::<ResetPersonalFeed>((), &()).await })
        .toast(k::CALENDAR_PERSONAL_MADE)
        .then(move |f: PersonalFeed| {
            let url = f.url.map(|u| if u.starts_with('/') { format!("{}{u}", origin()) } else { u });
            made.try_set(url);
        });
    let state = LocalResource::new(move || {
        reset.version().track();
        async move {
            session_ready(session).await;
            fetched(session.call::<GetPersonalFeed>((), &()).await)
        }
    });
    let confirm = RwSignal::new(false);
    view! {
        <section class="card stack subscribe" aria-labelledby="personal-feed-title" id="personal-feed">
            <h2 class="card__title" id="personal-feed-title">{tr(k::CALENDAR_PERSONAL)}</h2>
            <p>{tr(k::CALENDAR_PERSONAL_LEAD)}</p>
            <Loaded resource=state let:f>
                {
                    let exists = f.created_at.is_some();
                    view! {
                        <p id="personal-feed-state">{move || match f.created_at {
                            Some(at) => format(locale.get(), k::CALENDAR_PERSONAL_SINCE, &[("date", &format_datetime(locale.get(), at))]),
                            None => text(locale.get(), k::CALENDAR_PERSONAL_NONE).to_owned(),
                        }}</p>
                        <p>
                            <button type="button" class="btn btn--primary" id="personal-feed-reset" disabled=move || reset.pending().get()
                                on:click=move |_| if exists { confirm.set(true) } else { reset.dispatch(()) }>
                                {tr(if exists { k::CALENDAR_PERSONAL_RESET } else { k::CALENDAR_PERSONAL_CREATE })}
                            </button>
                        </p>
                    }
                }
            </Loaded>
            {move || made.get().map(|url| view! {
                <div class="alert alert--warning stack stack--tight" role="status" id="personal-feed-once">
                    <p><strong>{tr(k::CALENDAR_PERSONAL_ONCE)}</strong></p>
                    <p>{tr(k::CALENDAR_PERSONAL_SECRET)}</p>
                </div>
                <FeedAddress url=Signal::derive(move || url.clone()) id="personal-feed-url" />
            })}
            <ConfirmDialog open=confirm title=k::CALENDAR_PERSONAL_RESET_TITLE message=k::CALENDAR_PERSONAL_RESET_TEXT
                confirm_label=k::CALENDAR_PERSONAL_RESET title_id="personal-feed-reset-title"
                on_confirm=Callback::new(move |()| reset.dispatch(())) />
            {instructions()}
        </section>
    }
}
