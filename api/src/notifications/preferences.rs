//! How each member wants each topic of notifications: in the app or not, and by email at once, in a
//! daily or weekly digest, or never; with a switch that stops every notification email, and the time
//! zone whose mornings the digests leave on. A topic never chosen follows its default.

use chrono_tz::Tz;
use madani_shared::notifications::{
    DEFAULT_TIME_ZONE, EmailDelivery, NotificationSettings, NotificationSettingsChange, NotificationTopic, TIME_ZONES,
    TopicPreference,
};

use super::repo;
use super::rows::{PreferenceRow, SettingsRow};
use crate::db::{DbConn, now, write_tx};
use crate::error::{ApiError, ApiResult};

/// How a notification of one topic reaches one member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Delivery {
    pub in_app: bool,
    /// `Never` when the member stopped every notification email.
    pub email: EmailDelivery,
}

fn email_enabled(settings: Option<&SettingsRow>) -> bool {
    settings.is_none_or(|s| s.email != EmailDelivery::Never.as_str())
}

/// The member's time zone for digests.
pub fn time_zone(settings: Option<&SettingsRow>) -> Tz {
    settings
        .and_then(|s| s.time_zone.as_deref())
        .and_then(|name| name.parse().ok())
        .unwrap_or(chrono_tz::Africa::Algiers)
}

fn topic_preference(topic: NotificationTopic, row: Option<&PreferenceRow>) -> TopicPreference {
    match row {
        Some(row) if !topic.is_essential() => TopicPreference {
            topic,
            in_app: row.in_app,
            email: EmailDelivery::parse(&row.email).unwrap_or(topic.default_email()),
        },
        _ => TopicPreference { topic, in_app: true, email: topic.default_email() },
    }
}

/// How a notification of `kind` reaches `user_id` now.
pub fn for_kind(conn: &mut DbConn, user_id: &str, kind: &str) -> ApiResult<Delivery> {
    let mut one = for_kind_many(conn, &[user_id.to_owned()], kind)?;
    Ok(one.pop().expect("one delivery for one member"))
}

/// How a notification of `kind` reaches each of `users` now (in their order), read at once.
pub fn for_kind_many(conn: &mut DbConn, users: &[String], kind: &str) -> ApiResult<Vec<Delivery>> {
    let topic = NotificationTopic::of_kind(kind);
    let (settings, rows) = repo::preferences_of_many(conn, users, topic.as_str())?;
    let settings: std::collections::HashMap<&str, &SettingsRow> =
        settings.iter().map(|s| (s.user_id.as_str(), s)).collect();
    let rows: std::collections::HashMap<&str, &PreferenceRow> = rows.iter().map(|r| (r.user_id.as_str(), r)).collect();
    Ok(users
        .iter()
        .map(|user| {
            let chosen = topic_preference(topic, rows.get(user.as_str()).copied());
            let enabled = email_enabled(settings.get(user.as_str()).copied());
            Delivery { in_app: chosen.in_app, email: if enabled { chosen.email } else { EmailDelivery::Never } }
        })
        .collect())
}

pub fn settings(conn: &mut DbConn, user_id: &str) -> ApiResult<NotificationSettings> {
    let settings = repo::settings(conn, user_id)?;
    let rows = repo::preferences(conn, user_id)?;
    let topics = NotificationTopic::ALL
        .into_iter()
        .map(|topic| topic_preference(topic, rows.iter().find(|r| r.topic == topic.as_str())))
        .collect();
    Ok(NotificationSettings {
        email_enabled: email_enabled(settings.as_ref()),
        topics,
        time_zone: settings.and_then(|s| s.time_zone).unwrap_or_else(|| DEFAULT_TIME_ZONE.to_owned()),
    })
}

/// Check a change before anything is written: each topic at most once, the essential one as it
/// must be, a time zone from the offered list.
fn check(change: &NotificationSettingsChange) -> ApiResult<()> {
    for (i, choice) in change.topics.iter().enumerate() {
        if change.topics[..i].iter().any(|earlier| earlier.topic == choice.topic) {
            return Err(ApiError::field(&format!("topics[{i}].topic"), "repeated", "each topic at most once"));
        }
        let essential = choice.topic.is_essential();
        if essential && (!choice.in_app || choice.email != choice.topic.default_email()) {
            return Err(ApiError::field(
                &format!("topics[{i}].topic"),
                "invalid",
                "the observatory's decisions about your association are always shown and emailed",
            ));
        }
    }
    if let Some(zone) = &change.time_zone
        && !TIME_ZONES.contains(&zone.as_str())
    {
        return Err(ApiError::field("time_zone", "unknown_option", "not one of the offered time zones"));
    }
    Ok(())
}

/// Apply `change` to the member's settings (what it leaves out stays), in one transaction.
pub fn save(conn: &mut DbConn, user_id: &str, change: NotificationSettingsChange) -> ApiResult<NotificationSettings> {
    check(&change)?;
    write_tx(conn, |conn| {
        let now = now();
        if change.email_enabled.is_some() || change.time_zone.is_some() {
            let current = repo::settings(conn, user_id)?;
            let enabled = change.email_enabled.unwrap_or_else(|| email_enabled(current.as_ref()));
            let email = if enabled { EmailDelivery::Immediately } else { EmailDelivery::Never };
            let time_zone = change.time_zone.clone().or_else(|| current.and_then(|c| c.time_zone));
            repo::save_settings(
                conn,
                &SettingsRow {
                    user_id: user_id.to_owned(),
                    email: email.as_str().to_owned(),
                    updated_at: now,
                    time_zone,
                },
            )?;
        }
        for choice in &change.topics {
            repo::save_preference(
                conn,
                &PreferenceRow {
                    user_id: user_id.to_owned(),
                    topic: choice.topic.as_str().to_owned(),
                    in_app: choice.in_app,
                    email: choice.email.as_str().to_owned(),
                    updated_at: now,
                },
            )?;
        }
        Ok::<_, ApiError>(())
    })?;
    settings(conn, user_id)
}

/// Stop email for `topics` (every topic when empty) or, with `all`, every notification email — what
/// an unsubscribe link does; the member's in-app choices stay.
pub fn stop_email(conn: &mut DbConn, user_id: &str, topics: &[NotificationTopic], all: bool) -> ApiResult<()> {
    let mut current = settings(conn, user_id)?;
    let change = NotificationSettingsChange {
        email_enabled: all.then_some(false),
        topics: current
            .topics
            .iter_mut()
            .filter(|t| topics.contains(&t.topic) && !t.topic.is_essential())
            .map(|t| TopicPreference { email: EmailDelivery::Never, ..*t })
            .collect(),
        time_zone: None,
    };
    save(conn, user_id, change).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_offered_time_zone_is_known() {
        for zone in TIME_ZONES {
            assert!(zone.parse::<Tz>().is_ok(), "{zone}");
        }
        assert_eq!(time_zone(None), chrono_tz::Africa::Algiers);
    }

    #[test]
    fn a_change_is_checked_before_anything_is_written() {
        let choice = |topic, email| TopicPreference { topic, in_app: true, email };
        let twice = NotificationSettingsChange {
            topics: vec![
                choice(NotificationTopic::Projects, EmailDelivery::Weekly),
                choice(NotificationTopic::Projects, EmailDelivery::Never),
            ],
            ..Default::default()
        };
        assert!(matches!(check(&twice), Err(ApiError::Validation(e)) if e[0].field == "topics[1].topic"));
        let essential = NotificationSettingsChange {
            topics: vec![choice(NotificationTopic::Association, EmailDelivery::Never)],
            ..Default::default()
        };
        assert!(matches!(check(&essential), Err(ApiError::Validation(e)) if e[0].code == "invalid"));
        let zone = NotificationSettingsChange { time_zone: Some("Mars/Olympus".into()), ..Default::default() };
        assert!(matches!(check(&zone), Err(ApiError::Validation(e)) if e[0].field == "time_zone"));
    }
}
