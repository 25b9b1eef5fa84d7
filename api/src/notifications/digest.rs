//! Digests: notifications a member wants daily or weekly wait in their rows (`digest`), and one job
//! per member and frequency sends them together on the member's next morning (07:00 in their time
//! zone; weekly on the first working day: Sunday in Algeria, Monday elsewhere). The job is claimed
//! like every job (`FOR UPDATE SKIP LOCKED` on PostgreSQL), and it takes its notifications with one
//! `UPDATE … RETURNING` that marks them sent in the transaction that queues the email: two digests
//! running at once (two instances, two jobs queued by racing requests) share the items out, each
//! exactly once, and a notification written while a digest runs waits for the next one.

use chrono::{DateTime, Datelike, Days, NaiveDateTime, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use madani_shared::notifications::{EmailDelivery, UnsubscribeScope};

use super::{preferences, repo};
use crate::db::{DbConn, now};
use crate::error::ApiResult;
use crate::jobs::{Context, Job};

/// The local hour digests leave at.
const MORNING: u32 = 7;

/// The first working day of the week in `zone`: Sunday in Algeria, Monday elsewhere.
fn week_starts(zone: Tz) -> Weekday {
    if zone == chrono_tz::Africa::Algiers { Weekday::Sun } else { Weekday::Mon }
}

/// When the next `frequency` digest after `after` leaves for a member in `zone` (UTC, naive).
pub fn next_morning(after: DateTime<Utc>, zone: Tz, frequency: EmailDelivery) -> NaiveDateTime {
    let local = after.with_timezone(&zone);
    let mut day = local.date_naive();
    let morning = NaiveTime::from_hms_opt(MORNING, 0, 0).expect("a valid hour");
    if local.time() >= morning {
        day = day + Days::new(1);
    }
    if frequency == EmailDelivery::Weekly {
        while day.weekday() != week_starts(zone) {
            day = day + Days::new(1);
        }
    }
    // 07:00 exists on every day in these zones; `earliest` is for a zone that would skip it.
    let at = zone
        .from_local_datetime(&day.and_time(morning))
        .earliest()
        .unwrap_or_else(|| zone.from_utc_datetime(&day.and_time(morning)));
    at.with_timezone(&Utc).naive_utc()
}

/// A notification of `user_id` now waits for their `frequency` digest: make sure the digest is
/// queued for their next morning (once: a digest already waiting takes it).
pub fn schedule(conn: &mut DbConn, user_id: &str, frequency: EmailDelivery) -> ApiResult<()> {
    let zone = preferences::time_zone(repo::settings(conn, user_id)?.as_ref());
    let at = next_morning(Utc::now(), zone, frequency);
    let job = Job::NotificationDigest { user_id: user_id.to_owned(), frequency: frequency.as_str().to_owned() };
    crate::jobs::enqueue_once_at(conn, &job, at)
}

/// The job's work: email `user_id` every notification waiting for their `frequency` digest, in one
/// email; nothing when none waits (another digest took them), the account cannot receive email, or
/// the member stopped every notification email meanwhile (the items are then dropped, not kept for later).
pub fn send(conn: &mut DbConn, user_id: &str, frequency: &str, ctx: &Context) -> ApiResult<()> {
    let Some(frequency) = EmailDelivery::parse(frequency).filter(|f| f.is_digest()) else { return Ok(()) };
    let rows = repo::take_digest(conn, user_id, frequency.as_str(), now())?;
    if rows.is_empty() {
        return Ok(());
    }
    let Ok(user) = crate::auth::repo::find_user(conn, user_id) else { return Ok(()) };
    if user.disabled || !user.email_verified || !preferences::settings(conn, user_id)?.email_enabled {
        return Ok(());
    }
    let names = repo::names_of(conn, &rows)?;
    let items: Vec<_> = rows.into_iter().zip(names).collect();
    let links = ctx.unsubscribe.links(&ctx.public_url, user_id, UnsubscribeScope::Digest(frequency));
    let (subject, body) = super::email::render_digest(
        user.language(),
        &user.display_name,
        frequency == EmailDelivery::Weekly,
        &items,
        &ctx.public_url,
        &links.page,
    );
    crate::mail::enqueue_unsubscribable(conn, &user.email, &subject, &body, now(), &links.one_click)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn a_daily_digest_leaves_on_the_next_local_morning() {
        let algiers = chrono_tz::Africa::Algiers; // UTC+1, no summer time
        // 05:30 UTC is 06:30 in Algiers: this morning at 07:00 local, 06:00 UTC.
        let at = next_morning(utc("2026-12-07T05:30:00Z"), algiers, EmailDelivery::Daily);
        assert_eq!(at.to_string(), "2026-12-07 06:00:00");
        // 06:00 UTC is 07:00 there: tomorrow.
        let at = next_morning(utc("2026-12-07T06:00:00Z"), algiers, EmailDelivery::Daily);
        assert_eq!(at.to_string(), "2026-12-08 06:00:00");
        // 23:30 UTC on the 7th is already 00:30 on the 8th in Casablanca (UTC+1): the 8th at 07:00.
        let at = next_morning(utc("2026-12-07T23:30:00Z"), chrono_tz::Africa::Casablanca, EmailDelivery::Daily);
        assert_eq!(at.to_string(), "2026-12-08 06:00:00");
    }

    #[test]
    fn a_weekly_digest_leaves_on_the_first_working_day() {
        // Monday 7 December 2026.
        let algiers = next_morning(utc("2026-12-07T10:00:00Z"), chrono_tz::Africa::Algiers, EmailDelivery::Weekly);
        assert_eq!(algiers.to_string(), "2026-12-13 06:00:00", "the next Sunday in Algeria");
        let paris = next_morning(utc("2026-12-07T10:00:00Z"), chrono_tz::Europe::Paris, EmailDelivery::Weekly);
        assert_eq!(paris.to_string(), "2026-12-14 06:00:00", "the next Monday elsewhere");
        let early = next_morning(utc("2026-12-07T05:00:00Z"), chrono_tz::Europe::Paris, EmailDelivery::Weekly);
        assert_eq!(early.to_string(), "2026-12-07 06:00:00", "this Monday, before 07:00");
    }
}
