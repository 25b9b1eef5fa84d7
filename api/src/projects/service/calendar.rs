//! Calendars (the network's, an association's, a project's, the member's own) and their iCalendar
//! feeds, including the personal feed at a secret address kept only as a hash.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{Datelike, NaiveDate, NaiveDateTime, TimeDelta};
use madani_shared::projects::*;
use madani_shared::text::Language;
use sha2::{Digest, Sha256};

use super::super::access;
use super::super::ical::{self, Event, When};
use super::super::repo;
use super::super::repo::activities::{self as activity_repo, CalendarFilter};
use super::super::rows::{ActivityRow, FeedRow};
use super::activities::{to_utc_in, views_with};
use crate::auth::AuthUser;
use crate::db::{DbConn, now, to_utc, write_tx};
use crate::error::{ApiError, ApiResult};

/// A calendar lists at most this many activities.
pub const CALENDAR_LIMIT: i64 = 1000;
/// A feed holds at most this many events, from this many days back.
pub const FEED_LIMIT: i64 = 2000;
const FEED_PAST_DAYS: i64 = 90;

/// The window `[from, to]` (local days) of a query: the current month by default (the month of
/// `to` when only `to` is given); cut to 92 days; a window that ends before it starts is its first
/// day. Days are kept within 1970–9998, where times compare alike on both backends.
fn window(q: &CalendarQuery) -> ApiResult<(NaiveDate, NaiveDate)> {
    let (lowest, highest) = (
        NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default(),
        NaiveDate::from_ymd_opt(9998, 12, 31).unwrap_or_default(),
    );
    let clamp = |d: NaiveDate| d.clamp(lowest, highest);
    let today = clamp(q.to.unwrap_or_else(super::today));
    let first = today.with_day(1).unwrap_or(today);
    let from = q.from.map_or(first, clamp);
    let to = match q.to {
        Some(t) => t,
        None => {
            let next = if from.month() == 12 {
                NaiveDate::from_ymd_opt(from.year() + 1, 1, 1)
            } else {
                NaiveDate::from_ymd_opt(from.year(), from.month() + 1, 1)
            };
            next.map_or(from, |n| n - TimeDelta::days(1))
        }
    };
    let to = clamp(to).clamp(from, from + TimeDelta::days(91));
    Ok((from, to))
}

fn bounds(from: NaiveDate, to: NaiveDate) -> (NaiveDateTime, NaiveDateTime) {
    let zone = TimeZone::Algiers;
    (
        to_utc_in(zone, from.and_time(chrono::NaiveTime::MIN)),
        to_utc_in(zone, (to + TimeDelta::days(1)).and_time(chrono::NaiveTime::MIN)),
    )
}

fn filter_of(conn: &mut DbConn, user: Option<&AuthUser>, q: &CalendarQuery) -> ApiResult<CalendarFilter> {
    let sight = access::sight(conn, user)?;
    Ok(CalendarFilter {
        associations: sight.associations,
        partnered: sight.partnered,
        wilaya: q.wilaya.clone(),
        field: q.field.map(|f| f.as_str().to_owned()),
        association: q.association.map(|a| a.to_string()),
        project: q.project.map(|p| p.to_string()),
        ..Default::default()
    })
}

fn calendar(
    conn: &mut DbConn,
    user: Option<&AuthUser>,
    (from, to): (NaiveDate, NaiveDate),
    filter: &CalendarFilter,
) -> ApiResult<Calendar> {
    let (start, end) = bounds(from, to);
    let mut rows = activity_repo::window(conn, start, end, filter, CALENDAR_LIMIT + 1)?;
    let truncated = rows.len() as i64 > CALENDAR_LIMIT;
    rows.truncate(CALENDAR_LIMIT as usize);
    let editor_of = editor_projects(conn, user, &rows)?;
    Ok(Calendar { from, to, activities: views_with(conn, rows, user, &editor_of, false)?, truncated })
}

/// The projects among these activities' whose lead the viewer is an officer of.
fn editor_projects(conn: &mut DbConn, user: Option<&AuthUser>, rows: &[ActivityRow]) -> ApiResult<Vec<String>> {
    let Some(user) = user else { return Ok(Vec::new()) };
    let officer_of: Vec<String> = repo::memberships(conn, &user.id)?
        .into_iter()
        .filter(|(_, role)| {
            crate::associations::access::can_manage(madani_shared::associations::MemberRole::parse(role))
        })
        .map(|(a, _)| a)
        .collect();
    Ok(rows.iter().filter(|r| officer_of.contains(&r.association_id)).map(|r| r.project_id.clone()).collect())
}

/// The network's calendar for an anonymous visitor, as JSON, from the in-memory index (a
/// question about one project goes to the database: it must check that the project is public).
pub fn network_anonymous(
    conn: &mut DbConn,
    index: &super::super::calendar_index::CalendarIndex,
    q: &CalendarQuery,
) -> ApiResult<String> {
    if q.project.is_some() {
        return Ok(serde_json::to_string(&network(conn, None, q)?).unwrap_or_default());
    }
    let (from, to) = window(q)?;
    let (start, end) = bounds(from, to);
    let association = q.association.map(|a| a.to_string());
    let question = super::super::calendar_index::Question {
        from: start,
        to: end,
        wilaya: q.wilaya.as_deref(),
        field: q.field.map(|f| f.as_str()),
        association: association.as_deref(),
        limit: CALENDAR_LIMIT as usize,
    };
    index.answer(conn, (from, to), &question)
}

/// The activities the viewer sees in a window: the network's, filtered.
pub fn network(conn: &mut DbConn, user: Option<&AuthUser>, q: &CalendarQuery) -> ApiResult<Calendar> {
    let window = window(q)?;
    if let Some(p) = &q.project {
        access::load_visible(conn, &p.to_string(), user)?;
    }
    let filter = filter_of(conn, user, q)?;
    calendar(conn, user, window, &filter)
}

/// What a member's own calendar holds: the projects their associations lead or partner, those
/// they follow, and the activities they registered for.
fn mine(conn: &mut DbConn, user: &AuthUser, mut filter: CalendarFilter) -> ApiResult<CalendarFilter> {
    let mut projects = repo::followed_by(conn, &user.id)?;
    projects.extend(filter.partnered.iter().cloned());
    projects.extend(repo::led_by(conn, &filter.associations)?);
    filter.projects = Some(projects);
    filter.or_activities = activity_repo::registered_activities(conn, &user.id)?;
    Ok(filter)
}

pub fn personal(conn: &mut DbConn, user: &AuthUser, q: &CalendarQuery) -> ApiResult<Calendar> {
    let window = window(q)?;
    let filter = filter_of(conn, Some(user), q)?;
    let filter = mine(conn, user, filter)?;
    calendar(conn, Some(user), window, &filter)
}

/// Where the feeds link back to, and the host their UIDs are made unique with.
pub struct Site<'a> {
    pub public_url: &'a str,
}

impl Site<'_> {
    fn host(&self) -> &str {
        let rest = self.public_url.split("://").nth(1).unwrap_or(self.public_url);
        rest.split('/').next().unwrap_or(rest).split(':').next().unwrap_or(rest)
    }
}

/// The iCalendar text of these activities.
pub fn ics(site: &Site, name: &str, rows: &[ActivityRow], lang: Language) -> ApiResult<String> {
    let base = site.public_url.trim_end_matches('/');
    let host = site.host().to_owned();
    let prepared: Vec<(String, String, String, String, Option<String>)> = rows
        .iter()
        .map(|r| {
            let location = match (&r.address, &r.online_url) {
                (Some(a), _) => Some(a.clone()),
                (None, Some(u)) => Some(u.clone()),
                _ => None,
            };
            (
                format!("activity-{}@{host}", r.id),
                format!("{base}/activities/{}", r.id),
                r.title().get(lang).to_owned(),
                r.description().get(lang).to_owned(),
                location,
            )
        })
        .collect();
    let events = rows.iter().zip(&prepared).map(|(r, (uid, url, summary, description, location))| Event {
        uid,
        stamp: r.updated_at,
        start: if r.all_day { When::Date(r.start_local.date()) } else { When::Utc(r.starts_at) },
        end: if r.all_day { When::Date(r.end_local.date() + TimeDelta::days(1)) } else { When::Utc(r.ends_at) },
        summary,
        description,
        url,
        location: location.as_deref(),
        sequence: r.sequence.max(0) as u32,
        cancelled: r.cancelled_at.is_some(),
        last_modified: r.updated_at,
    });
    Ok(ical::calendar(name, events))
}

fn feed_from() -> NaiveDateTime {
    now() - TimeDelta::days(FEED_PAST_DAYS)
}

/// The network's feed: public activities of public projects, filtered.
pub fn network_feed(conn: &mut DbConn, site: &Site, q: &FeedQuery) -> ApiResult<String> {
    let filter = CalendarFilter {
        public_only: true,
        wilaya: q.wilaya.clone(),
        field: q.field.map(|f| f.as_str().to_owned()),
        association: q.association.map(|a| a.to_string()),
        ..Default::default()
    };
    let rows = activity_repo::feed(conn, &filter, feed_from(), FEED_LIMIT)?;
    ics(site, "Madani", &rows, Language::Fr)
}

/// An association's feed: the public activities of its public projects (404 if it is not visible).
pub fn association_feed(conn: &mut DbConn, site: &Site, id: &str) -> ApiResult<String> {
    let (association, _) = crate::associations::access::load_visible(conn, id, None)?;
    let filter = CalendarFilter { public_only: true, association: Some(id.to_owned()), ..Default::default() };
    let rows = activity_repo::feed(conn, &filter, feed_from(), FEED_LIMIT)?;
    let name = association.name_fr.clone().or(association.name_ar.clone()).unwrap_or_default();
    ics(site, &name, &rows, Language::Fr)
}

/// A public project's feed (404 for a project that is not public: a feed has no viewer).
pub fn project_feed(conn: &mut DbConn, site: &Site, id: &str) -> ApiResult<String> {
    let (project, _) = access::load_visible(conn, id, None)?;
    let filter = CalendarFilter { public_only: true, project: Some(id.to_owned()), ..Default::default() };
    let rows = activity_repo::feed(conn, &filter, feed_from(), FEED_LIMIT)?;
    ics(site, project.title().get(Language::Fr), &rows, Language::Fr)
}

fn hash(secret: &str) -> String {
    Sha256::digest(secret.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// The personal feed behind a secret (404 for an unknown or replaced one).
pub fn personal_feed(conn: &mut DbConn, site: &Site, secret: &str) -> ApiResult<String> {
    let feed = activity_repo::feed_by_hash(conn, &hash(secret))?.ok_or(ApiError::NotFound)?;
    let user_row = crate::auth::repo::find_user(conn, &feed.user_id)?;
    if user_row.disabled {
        return Err(ApiError::NotFound);
    }
    let user = AuthUser {
        id: user_row.id.clone(),
        session_id: String::new(),
        role: madani_shared::auth::Role::parse(&user_row.role).unwrap_or(madani_shared::auth::Role::Member),
    };
    let filter = filter_of(conn, Some(&user), &CalendarQuery::default())?;
    let filter = mine(conn, &user, filter)?;
    let rows = activity_repo::feed(conn, &filter, feed_from(), FEED_LIMIT)?;
    let lang = Language::parse(&user_row.preferred_language).unwrap_or(Language::Fr);
    ics(site, "Madani", &rows, lang)
}

/// Whether the member has a personal feed (its address is shown only when made).
pub fn feed_status(conn: &mut DbConn, user: &AuthUser) -> ApiResult<PersonalFeed> {
    let row = activity_repo::feed_of(conn, &user.id)?;
    Ok(PersonalFeed { url: None, created_at: row.map(|r| to_utc(r.created_at)) })
}

/// Make the personal feed's address anew: the old one stops at once.
pub fn reset_feed(conn: &mut DbConn, site: &Site, user: &AuthUser) -> ApiResult<PersonalFeed> {
    let mut bytes = [0u8; 32];
    rand::fill(&mut bytes);
    let secret = URL_SAFE_NO_PAD.encode(bytes);
    let row = FeedRow { user_id: user.id.clone(), secret_hash: hash(&secret), created_at: now() };
    write_tx(conn, |conn| activity_repo::save_feed(conn, &row))?;
    let base = site.public_url.trim_end_matches('/');
    Ok(PersonalFeed {
        url: Some(format!("{base}/api/v1/calendar/feeds/{secret}.ics")),
        created_at: Some(to_utc(row.created_at)),
    })
}
