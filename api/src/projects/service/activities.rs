//! Activities: their times (a wall clock in a time zone, kept also in UTC), their changes (each
//! raises the iCalendar SEQUENCE), cancellation, and registrations with a capacity and a waiting
//! list.

use std::collections::HashMap;

use chrono::{NaiveDateTime, TimeDelta, TimeZone as _};
use madani_shared::ErrorCode;
use madani_shared::ids::{ActivityId, AssociationId, ProjectId, UserId};
use madani_shared::projects::*;

use super::super::access::{self, Access};
use super::super::repo::activities::{self as activity_repo, LONGEST_DAYS};
use super::super::rows::{ActivityRow, ProjectRow, RegistrationRow, fields_of};
use super::projects::names;
use crate::auth::AuthUser;
use crate::db::{DbConn, new_id, now, to_utc, write_tx};
use crate::error::{ApiError, ApiResult};
use crate::notifications::{About, notify, notify_all};

fn tz(zone: TimeZone) -> chrono_tz::Tz {
    match zone {
        TimeZone::Algiers => chrono_tz::Africa::Algiers,
        TimeZone::Casablanca => chrono_tz::Africa::Casablanca,
    }
}

/// The UTC instant of a wall-clock time in `zone`: the earlier one when the clock is set back, and
/// the time just after the gap when it is set forward.
pub fn to_utc_in(zone: TimeZone, local: NaiveDateTime) -> NaiveDateTime {
    let tz = tz(zone);
    let mut probe = local;
    for _ in 0..4 {
        if let Some(t) = tz.from_local_datetime(&probe).earliest() {
            return t.naive_utc();
        }
        probe += TimeDelta::minutes(30);
    }
    local
}

fn fill(row: &mut ActivityRow, project: &ProjectRow, input: &ActivityInput) -> ApiResult<()> {
    let zone = input.time_zone.unwrap_or_else(|| project.country().time_zone());
    let (start, end) = if input.all_day {
        let (s, e) = (input.start.date(), input.end.date());
        if e < s {
            return Err(ApiError::field("end", "range", "must not be before start"));
        }
        (s.and_time(chrono::NaiveTime::MIN), e.and_time(chrono::NaiveTime::MIN))
    } else {
        if input.end <= input.start {
            return Err(ApiError::field("end", "range", "must be after start"));
        }
        (input.start, input.end)
    };
    let starts_at = to_utc_in(zone, start);
    let ends_at = if input.all_day { to_utc_in(zone, end + TimeDelta::days(1)) } else { to_utc_in(zone, end) };
    if ends_at - starts_at > TimeDelta::days(LONGEST_DAYS) {
        return Err(ApiError::field("end", "range", "an activity lasts at most 92 days"));
    }
    (row.title_ar, row.title_fr, row.title_en) = input.title.trimmed();
    (row.description_ar, row.description_fr, row.description_en) = input.description.trimmed();
    row.time_zone = zone.as_str().to_owned();
    row.all_day = input.all_day;
    row.start_local = start;
    row.end_local = end;
    row.starts_at = starts_at;
    row.ends_at = ends_at;
    row.commune_id = input.commune_id;
    row.address = input.address.as_deref().map(str::trim).filter(|a| !a.is_empty()).map(str::to_owned);
    row.online_url = input.online_url.clone();
    row.public = input.public;
    row.capacity = input.capacity.map(|c| c as i32);
    row.waitlist = input.waitlist;
    Ok(())
}

fn place(conn: &mut DbConn, row: &mut ActivityRow) -> ApiResult<()> {
    row.wilaya_code = match row.commune_id {
        Some(id) => Some(
            activity_repo::commune_wilaya(conn, id)?
                .ok_or_else(|| ApiError::field("commune_id", "unknown", "no such commune"))?,
        ),
        None => None,
    };
    Ok(())
}

pub fn create(conn: &mut DbConn, user: &AuthUser, project: &str, input: &ActivityInput) -> ApiResult<Activity> {
    write_tx(conn, |conn| {
        let (p, access) = access::require_editor(conn, project, user)?;
        let at = now();
        let mut row = ActivityRow {
            id: new_id(),
            project_id: p.id.clone(),
            association_id: p.association_id.clone(),
            visibility: p.visibility.clone(),
            fields: p.fields.clone(),
            title_ar: None,
            title_fr: None,
            title_en: None,
            description_ar: None,
            description_fr: None,
            description_en: None,
            time_zone: String::new(),
            all_day: false,
            start_local: at,
            end_local: at,
            starts_at: at,
            ends_at: at,
            commune_id: None,
            wilaya_code: None,
            address: None,
            online_url: None,
            public: true,
            cancelled_at: None,
            sequence: 0,
            capacity: None,
            waitlist: false,
            created_at: at,
            updated_at: at,
        };
        fill(&mut row, &p, input)?;
        place(conn, &mut row)?;
        activity_repo::insert(conn, &row)?;
        one(conn, row, &p, &access, Some(user))
    })
}

/// The activity and its project, if the viewer sees both (a project-only activity: its members).
fn load_visible(conn: &mut DbConn, id: &str, user: Option<&AuthUser>) -> ApiResult<(ActivityRow, ProjectRow, Access)> {
    let row = activity_repo::find(conn, id)?;
    let (project, access) = access::load_visible(conn, &row.project_id, user)?;
    if !row.public && !access.member(project.visibility()) {
        return Err(ApiError::NotFound);
    }
    Ok((row, project, access))
}

fn load_editable(conn: &mut DbConn, id: &str, user: &AuthUser) -> ApiResult<(ActivityRow, ProjectRow, Access)> {
    let (row, project, access) = load_visible(conn, id, Some(user))?;
    if !access.editor() {
        return Err(ApiError::Forbidden(ErrorCode::NotOfficer));
    }
    Ok((row, project, access))
}

/// Change an activity: its SEQUENCE grows; a larger capacity takes people off the waiting list.
pub fn update(conn: &mut DbConn, user: &AuthUser, id: &str, input: &ActivityInput) -> ApiResult<Activity> {
    write_tx(conn, |conn| {
        let (mut row, project, access) = load_editable(conn, id, user)?;
        fill(&mut row, &project, input)?;
        place(conn, &mut row)?;
        row.sequence += 1;
        row.updated_at = now();
        activity_repo::update(conn, &row)?;
        promote(conn, &row)?;
        one(conn, row, &project, &access, Some(user))
    })
}

/// Cancel an activity: kept and marked, its SEQUENCE raised; whoever registered is told.
pub fn cancel(conn: &mut DbConn, user: &AuthUser, id: &str) -> ApiResult<Activity> {
    write_tx(conn, |conn| {
        let (mut row, project, access) = load_editable(conn, id, user)?;
        if row.cancelled_at.is_some() {
            return Err(ApiError::Conflict(ErrorCode::ActivityCancelled));
        }
        row.cancelled_at = Some(now());
        row.sequence += 1;
        row.updated_at = now();
        activity_repo::update(conn, &row)?;
        let registrants: Vec<String> =
            activity_repo::registrants(conn, id)?.into_iter().map(|(r, _, _)| r.user_id).collect();
        notify_all(conn, &registrants, "activity.cancelled", About::project(&row.project_id).by(&user.id))?;
        one(conn, row, &project, &access, Some(user))
    })
}

pub fn get(conn: &mut DbConn, user: Option<&AuthUser>, id: &str) -> ApiResult<Activity> {
    let (row, project, access) = load_visible(conn, id, user)?;
    one(conn, row, &project, &access, user)
}

/// A project's activities the viewer sees, by start.
pub fn of_project(conn: &mut DbConn, user: Option<&AuthUser>, project: &str) -> ApiResult<Vec<Activity>> {
    let (p, access) = access::load_visible(conn, project, user)?;
    let member = access.member(p.visibility());
    let rows: Vec<ActivityRow> =
        activity_repo::of_project(conn, project)?.into_iter().filter(|a| a.public || member).collect();
    let editors = if access.editor() { vec![p.id.clone()] } else { Vec::new() };
    views(conn, rows, user, &editors)
}

fn one(
    conn: &mut DbConn,
    row: ActivityRow,
    project: &ProjectRow,
    access: &Access,
    user: Option<&AuthUser>,
) -> ApiResult<Activity> {
    let editors = if access.editor() { vec![project.id.clone()] } else { Vec::new() };
    let mut all = views(conn, vec![row], user, &editors)?;
    all.pop().ok_or(ApiError::NotFound)
}

/// Activities as the API shows them, with their projects' names, registration counts and the
/// viewer's registration, in a handful of queries whatever their number.
pub fn views(
    conn: &mut DbConn,
    rows: Vec<ActivityRow>,
    user: Option<&AuthUser>,
    editor_of: &[String],
) -> ApiResult<Vec<Activity>> {
    views_with(conn, rows, user, editor_of, true)
}

/// As [`views`]; without `descriptions`, the descriptions are left empty (a calendar's hundreds of
/// entries do not render Markdown that only an activity's page shows).
pub fn views_with(
    conn: &mut DbConn,
    rows: Vec<ActivityRow>,
    user: Option<&AuthUser>,
    editor_of: &[String],
    descriptions: bool,
) -> ApiResult<Vec<Activity>> {
    let mut project_ids: Vec<String> = rows.iter().map(|r| r.project_id.clone()).collect();
    project_ids.sort();
    project_ids.dedup();
    let named: HashMap<String, (madani_shared::LocalizedText, madani_shared::LocalizedText)> =
        activity_repo::project_names(conn, &project_ids)?
            .into_iter()
            .map(|(id, ta, tf, te, na, nf, ne)| (id, (names((ta, tf, te)), names((na, nf, ne)))))
            .collect();
    let with_places: Vec<String> = rows.iter().filter(|r| r.capacity.is_some()).map(|r| r.id.clone()).collect();
    let mut counts: HashMap<(String, String), i64> = HashMap::new();
    for (id, status, n) in activity_repo::counts(conn, &with_places)? {
        counts.insert((id, status), n);
    }
    let mine: HashMap<String, RegistrationStatus> = match user {
        Some(u) => activity_repo::my_registrations(conn, &with_places, &u.id)?
            .into_iter()
            .filter_map(|r| RegistrationStatus::parse(&r.status).map(|s| (r.activity_id, s)))
            .collect(),
        None => HashMap::new(),
    };
    Ok(rows
        .into_iter()
        .map(|r| {
            let (project_title, association_name) = named.get(&r.project_id).cloned().unwrap_or_default();
            let count = |s: &str| counts.get(&(r.id.clone(), s.to_owned())).copied().unwrap_or(0).max(0) as u32;
            Activity {
                id: ActivityId::stored(&r.id),
                project_id: ProjectId::stored(&r.project_id),
                project_title,
                association_id: AssociationId::stored(&r.association_id),
                association_name,
                title: r.title(),
                description_html: if descriptions {
                    crate::markdown::localized_html(&r.description())
                } else {
                    madani_shared::LocalizedText::default()
                },
                description: if descriptions { r.description() } else { madani_shared::LocalizedText::default() },
                time_zone: r.time_zone(),
                all_day: r.all_day,
                start: r.start_local,
                end: r.end_local,
                starts_at: to_utc(r.starts_at),
                ends_at: to_utc(r.ends_at),
                commune_id: r.commune_id,
                wilaya: r.wilaya_code.clone(),
                address: r.address.clone(),
                online_url: r.online_url.clone(),
                public: r.public,
                cancelled: r.cancelled_at.is_some(),
                sequence: r.sequence.max(0) as u32,
                fields: fields_of(&r.fields),
                registration: r.capacity.map(|c| RegistrationInfo {
                    capacity: c.max(0) as u32,
                    registered: count("registered"),
                    waitlisted: count("waitlisted"),
                    waitlist: r.waitlist,
                }),
                my_registration: mine.get(&r.id).copied(),
                editor: editor_of.contains(&r.project_id),
                visibility: ProjectVisibility::parse(&r.visibility).unwrap_or(ProjectVisibility::Private),
            }
        })
        .collect())
}

fn my_registration(conn: &mut DbConn, activity: &str, row: &RegistrationRow) -> ApiResult<MyRegistration> {
    let status = RegistrationStatus::parse(&row.status).unwrap_or(RegistrationStatus::Cancelled);
    let position = match status {
        RegistrationStatus::Waitlisted => {
            Some(activity_repo::waiting_before(conn, activity, row.created_at)? as u32 + 1)
        }
        _ => None,
    };
    Ok(MyRegistration { activity_id: ActivityId::stored(activity), status, position })
}

/// Register for an activity one sees: a place while there is one, else the waiting list (if it
/// has one: 409 `activity_full` otherwise). The activity is locked meanwhile, so that of many
/// people asking for the last place at once, one gets it.
pub fn register(conn: &mut DbConn, user: &AuthUser, id: &str) -> ApiResult<MyRegistration> {
    write_tx(conn, |conn| {
        load_visible(conn, id, Some(user))?;
        let row = activity_repo::find_for_update(conn, id)?;
        if row.cancelled_at.is_some() {
            return Err(ApiError::Conflict(ErrorCode::ActivityCancelled));
        }
        let Some(capacity) = row.capacity else { return Err(ApiError::Conflict(ErrorCode::NoRegistration)) };
        if let Some(existing) = activity_repo::registration(conn, id, &user.id)?
            && existing.status != "cancelled"
        {
            return my_registration(conn, id, &existing);
        }
        let taken = activity_repo::count_status(conn, id, "registered")?;
        let status = if taken < i64::from(capacity) {
            "registered"
        } else if row.waitlist {
            "waitlisted"
        } else {
            return Err(ApiError::Conflict(ErrorCode::ActivityFull));
        };
        let at = now();
        let reg = RegistrationRow {
            activity_id: id.to_owned(),
            user_id: user.id.clone(),
            status: status.to_owned(),
            created_at: at,
            updated_at: at,
        };
        activity_repo::save_registration(conn, &reg)?;
        my_registration(conn, id, &reg)
    })
}

/// Withdraw a registration; a place freed goes to the first on the waiting list, who is told.
pub fn unregister(conn: &mut DbConn, user: &AuthUser, id: &str) -> ApiResult<()> {
    write_tx(conn, |conn| {
        load_visible(conn, id, Some(user))?;
        let row = activity_repo::find_for_update(conn, id)?;
        let Some(existing) = activity_repo::registration(conn, id, &user.id)? else { return Err(ApiError::NotFound) };
        if existing.status == "cancelled" {
            return Err(ApiError::NotFound);
        }
        activity_repo::set_status(conn, id, &user.id, "cancelled", now())?;
        promote(conn, &row)
    })
}

/// Give free places to the waiting list, first come first served.
fn promote(conn: &mut DbConn, row: &ActivityRow) -> ApiResult<()> {
    let Some(capacity) = row.capacity else { return Ok(()) };
    if row.cancelled_at.is_some() {
        return Ok(());
    }
    let free = i64::from(capacity) - activity_repo::count_status(conn, &row.id, "registered")?;
    if free <= 0 {
        return Ok(());
    }
    for waiting in activity_repo::first_waiting(conn, &row.id, free)? {
        activity_repo::set_status(conn, &row.id, &waiting.user_id, "registered", now())?;
        notify(conn, &waiting.user_id, "activity.promoted", About::project(&row.project_id))?;
    }
    Ok(())
}

/// Who registered (the lead's officers).
pub fn registrants(conn: &mut DbConn, user: &AuthUser, id: &str) -> ApiResult<Vec<Registrant>> {
    load_editable(conn, id, user)?;
    let mut position = 0u32;
    Ok(activity_repo::registrants(conn, id)?
        .into_iter()
        .map(|(r, name, email)| {
            let status = RegistrationStatus::parse(&r.status).unwrap_or(RegistrationStatus::Cancelled);
            let place = (status == RegistrationStatus::Waitlisted).then(|| {
                position += 1;
                position
            });
            Registrant {
                user_id: UserId::stored(&r.user_id),
                name,
                email,
                status,
                position: place,
                created_at: to_utc(r.created_at),
            }
        })
        .collect())
}
