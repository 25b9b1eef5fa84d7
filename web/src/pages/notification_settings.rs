//! How notifications reach you, topic by topic (in Madani; by email at once, in a daily or weekly
//! digest, or never), with the switch that stops every notification email and the digests' time
//! zone; and the page an email's unsubscribe link opens, which says what will stop and asks for the
//! click (a link scanner's visit changes nothing). Their texts come with the messages area.

use leptos::prelude::*;
use madani_shared::endpoints::*;
use madani_shared::ids::UnsubscribeToken;
use madani_shared::notifications::{
    EmailDelivery, NotificationSettings, NotificationSettingsChange, NotificationTopic, TIME_ZONES, TopicPreference,
    UnsubscribeScope, Unsubscription,
};

use crate::components::loaded::{Loaded, fetched, param, read_of};
use crate::components::mutation::Mutation;
use crate::components::page::PageHeader;
use crate::i18n::{k, text, tr, use_locale, with_area_texts};
use crate::session::use_session;

fn topic_key(topic: NotificationTopic) -> usize {
    match topic {
        NotificationTopic::Association => k::NOTIFPREF_TOPIC_ASSOCIATION,
        NotificationTopic::Membership => k::NOTIFPREF_TOPIC_MEMBERSHIP,
        NotificationTopic::Network => k::NOTIFPREF_TOPIC_NETWORK,
        NotificationTopic::Learning => k::NOTIFPREF_TOPIC_LEARNING,
        NotificationTopic::Consultations => k::NOTIFPREF_TOPIC_CONSULTATIONS,
        NotificationTopic::Proposals => k::NOTIFPREF_TOPIC_PROPOSALS,
        NotificationTopic::Moderation => k::NOTIFPREF_TOPIC_MODERATION,
        NotificationTopic::Projects => k::NOTIFPREF_TOPIC_PROJECTS,
        NotificationTopic::Activities => k::NOTIFPREF_TOPIC_ACTIVITIES,
        NotificationTopic::Circles => k::NOTIFPREF_TOPIC_CIRCLES,
    }
}

const EMAIL_CHOICES: [(EmailDelivery, usize); 4] = [
    (EmailDelivery::Immediately, k::NOTIFPREF_EMAIL_IMMEDIATELY),
    (EmailDelivery::Daily, k::NOTIFPREF_EMAIL_DAILY),
    (EmailDelivery::Weekly, k::NOTIFPREF_EMAIL_WEEKLY),
    (EmailDelivery::Never, k::NOTIFPREF_EMAIL_NEVER),
];

/// The settings, below the notifications list.
#[component]
pub fn NotificationSettingsSection() -> impl IntoView {
    with_area_texts("messages", Settings)
}

#[component]
fn Settings() -> impl IntoView {
    let session = use_session();
    let current = RwSignal::new(None::<NotificationSettings>);
    let loaded = LocalResource::new(move || async move {
        let answer = fetched(session.call::<GetNotificationSettings>((), &()).await);
        if let Ok(settings) = &answer {
            current.set(Some(settings.clone()));
        }
        answer
    });
    let save = Mutation::new(move |change: NotificationSettingsChange| async move {
        session.call::<UpdateNotificationSettings>((), &change).await
    })
    .toast(k::NOTIF_SETTINGS_SAVED)
    .then(move |saved| current.set(Some(saved)));
    let busy = move || save.pending().get();
    let email_enabled = move || current.with(|c| c.as_ref().is_some_and(|c| c.email_enabled));
    view! {
        <section class="card stack" id="settings" aria-labelledby="settings-title">
            <h2 id="settings-title">{tr(k::NOTIF_SETTINGS_TITLE)}</h2>
            <p class="list__meta">{tr(k::NOTIFPREF_LEAD)}</p>
            <Loaded resource=loaded let:_settings>
                <label class="checkbox">
                    <input type="checkbox" id="notification-email-enabled" prop:checked=email_enabled disabled=busy
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            save.dispatch(NotificationSettingsChange { email_enabled: Some(on), ..Default::default() });
                        } />
                    {tr(k::NOTIFPREF_EMAIL_ENABLED)}
                </label>
                <div class="stack" id="notification-topics">
                    {NotificationTopic::ALL.into_iter().map(|topic| view! { <TopicRow topic current save /> }).collect_view()}
                </div>
                <div class="field">
                    <label class="field__label" for="notification-time-zone">{tr(k::NOTIFPREF_TIME_ZONE)}</label>
                    <select id="notification-time-zone" class="select" disabled=busy aria-describedby="notification-time-zone-hint"
                        on:change=move |ev| {
                            let zone = event_target_value(&ev);
                            save.dispatch(NotificationSettingsChange { time_zone: Some(zone), ..Default::default() });
                        }>
                        {TIME_ZONES.iter().map(|zone| {
                            let selected = move || current.with(|c| c.as_ref().is_some_and(|c| c.time_zone == *zone));
                            view! { <option value=*zone selected=selected dir="ltr">{*zone}</option> }
                        }).collect_view()}
                    </select>
                    <p class="field__hint" id="notification-time-zone-hint">{tr(k::NOTIFPREF_TIME_ZONE_HINT)}</p>
                </div>
            </Loaded>
        </section>
    }
}

/// One topic: shown in Madani or not, and how it is emailed; the essential one is fixed.
#[component]
fn TopicRow(
    topic: NotificationTopic,
    current: RwSignal<Option<NotificationSettings>>,
    save: Mutation<NotificationSettingsChange, NotificationSettings>,
) -> impl IntoView {
    let id = topic.as_str();
    let chosen = move || current.with(|c| c.as_ref().and_then(|c| c.topics.iter().find(|t| t.topic == topic).copied()));
    let change = move |f: &dyn Fn(TopicPreference) -> TopicPreference| {
        if let Some(now) = chosen() {
            save.dispatch(NotificationSettingsChange { topics: vec![f(now)], ..Default::default() });
        }
    };
    let fixed = topic.is_essential();
    let disabled = move || fixed || save.pending().get();
    view! {
        <fieldset class="notification-topic" id=format!("topic-{id}")>
            <legend>{tr(topic_key(topic))}</legend>
            {fixed.then(|| view! { <p class="list__meta">{tr(k::NOTIFPREF_ESSENTIAL)}</p> })}
            <div class="cluster">
                <label class="checkbox">
                    <input type="checkbox" id=format!("topic-{id}-app") disabled=disabled
                        prop:checked=move || chosen().is_some_and(|t| t.in_app)
                        on:change=move |ev| {
                            let in_app = event_target_checked(&ev);
                            change(&|t| TopicPreference { in_app, ..t });
                        } />
                    {tr(k::NOTIFPREF_IN_APP)}
                </label>
                <label class="field__label" for=format!("topic-{id}-email")>{tr(k::NOTIFPREF_EMAIL)}</label>
                <select class="select" id=format!("topic-{id}-email") disabled=disabled
                    on:change=move |ev| {
                        if let Some(email) = EmailDelivery::parse(&event_target_value(&ev)) {
                            change(&|t| TopicPreference { email, ..t });
                        }
                    }>
                    {EMAIL_CHOICES.into_iter().map(|(value, key)| {
                        let selected = move || chosen().is_some_and(|t| t.email == value);
                        view! { <option value=value.as_str() selected=selected>{tr(key)}</option> }
                    }).collect_view()}
                </select>
            </div>
        </fieldset>
    }
}

/// `/unsubscribe/:token`: what the link stops, and the button that stops it.
#[component]
pub fn UnsubscribePage() -> impl IntoView {
    with_area_texts("messages", UnsubscribeConfirm)
}

fn question(lang: madani_shared::text::Language, seen: &Unsubscription) -> String {
    let template = match seen.scope {
        UnsubscribeScope::Topic(topic) => {
            text(lang, k::NOTIFPREF_UNSUB_TOPIC).replace("{topic}", text(lang, topic_key(topic)))
        }
        UnsubscribeScope::Digest(EmailDelivery::Weekly) => text(lang, k::NOTIFPREF_UNSUB_WEEKLY).to_owned(),
        UnsubscribeScope::Digest(_) => text(lang, k::NOTIFPREF_UNSUB_DAILY).to_owned(),
        UnsubscribeScope::All => text(lang, k::NOTIFPREF_UNSUB_ALL).to_owned(),
    };
    template.replace("{email}", &seen.email)
}

#[component]
fn UnsubscribeConfirm() -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let token = param::<UnsubscribeToken>("token");
    let seen = read_of(token, move |token| async move { session.call::<GetUnsubscription>(token, &()).await });
    let done = RwSignal::new(false);
    let stop =
        Mutation::new(move |token: UnsubscribeToken| async move { session.call::<Unsubscribe>(token, &()).await })
            .then(move |_| done.set(true));
    view! {
        <div class="page page--narrow">
            <PageHeader title=k::NOTIFPREF_UNSUB_TITLE />
            <Loaded resource=seen title=k::NOTIFPREF_UNSUB_TITLE let:seen>
                <section class="card stack" id="unsubscribe">
                    <p dir="auto">{
                        let seen = seen.clone();
                        move || question(locale.get(), &seen)
                    }</p>
                    {move || if done.get() || seen.done {
                        view! { <p class="alert alert--success" role="status" id="unsubscribe-done">{tr(if done.get() { k::NOTIFPREF_UNSUB_DONE } else { k::NOTIFPREF_UNSUB_ALREADY })}</p> }.into_any()
                    } else {
                        view! {
                            <button type="button" class="btn btn--primary" id="unsubscribe-button" disabled=move || stop.pending().get()
                                on:click=move |_| if let Some(t) = token() { stop.dispatch(t) }>
                                {tr(k::NOTIFPREF_UNSUB_BUTTON)}
                            </button>
                        }.into_any()
                    }}
                    <p class="list__meta">{tr(k::NOTIFPREF_UNSUB_SETTINGS)}" "<a href="/my/notifications#settings">{tr(k::NOTIF_SETTINGS_TITLE)}</a></p>
                </section>
            </Loaded>
        </div>
    }
}
