//! The notices of a consultation, each sent once by a job: when it opens (to the officers of the
//! associations it targets, or their members when members answer), two days before it closes (to
//! those who have not answered), and when its results are published (to those who answered).
//! A job that runs early (the dates changed) puts itself back to the right time.

use std::collections::{BTreeSet, HashSet};

use chrono::TimeDelta;
use madani_shared::consultations::Respondent;

use super::super::repo::{self, notices};
use super::super::rows::ConsultationRow;
use crate::db::{DbConn, now};
use crate::error::{ApiError, ApiResult};
use crate::jobs::{self, Job};
use crate::notifications::{About, notify_all};

/// How long before closing the reminder goes out.
pub const REMINDER_BEFORE: TimeDelta = TimeDelta::hours(48);

/// Queue the opening and closing notices of a published consultation at their times (again after
/// its dates changed: the notices go out once whatever runs).
pub fn schedule(conn: &mut DbConn, row: &ConsultationRow) -> ApiResult<()> {
    let id = row.id.clone();
    jobs::enqueue_at(conn, &Job::ConsultationOpened { consultation_id: id.clone() }, row.opens_at.max(now()))?;
    jobs::enqueue_at(
        conn,
        &Job::ConsultationClosing { consultation_id: id },
        (row.closes_at - REMINDER_BEFORE).max(now()),
    )
}

fn published(conn: &mut DbConn, id: &str) -> ApiResult<Option<ConsultationRow>> {
    match repo::find(conn, id) {
        Ok(row) => Ok(Some(row)),
        Err(diesel::result::Error::NotFound) => Ok(None),
        Err(e) => Err(ApiError::from(e)),
    }
}

/// The people the consultation is addressed to: (user, association) pairs.
fn addressees(conn: &mut DbConn, row: &ConsultationRow) -> ApiResult<Vec<(String, String)>> {
    let associations = notices::candidate_associations(conn, &row.audience())?;
    Ok(notices::people_of(conn, &associations, row.respondent() == Respondent::Association)?)
}

fn tell(conn: &mut DbConn, users: impl IntoIterator<Item = String>, kind: &str, id: &str) -> ApiResult<usize> {
    let users: BTreeSet<String> = users.into_iter().collect();
    let list: Vec<String> = users.iter().cloned().collect();
    notify_all(conn, &list, kind, About::consultation(id))?;
    Ok(users.len())
}

/// The job at `opens_at`.
pub fn opened(conn: &mut DbConn, id: &str) -> ApiResult<()> {
    let Some(row) = published(conn, id)? else { return Ok(()) };
    if row.status != "published" || row.opened_notified_at.is_some() {
        return Ok(());
    }
    let at = now();
    if at < row.opens_at {
        return jobs::enqueue_at(conn, &Job::ConsultationOpened { consultation_id: id.to_owned() }, row.opens_at);
    }
    if at < row.closes_at {
        let people = addressees(conn, &row)?.into_iter().map(|(user, _)| user);
        let told = tell(conn, people, "consultation.opened", id)?;
        tracing::info!(consultation = %id, told, "consultation opened");
    }
    notices::mark(conn, id, notices::Notice::Opened, at)?;
    Ok(())
}

/// The job two days before `closes_at`.
pub fn closing(conn: &mut DbConn, id: &str) -> ApiResult<()> {
    let Some(row) = published(conn, id)? else { return Ok(()) };
    if row.status != "published" || row.reminded_at.is_some() {
        return Ok(());
    }
    let at = now();
    let due = row.closes_at - REMINDER_BEFORE;
    if at < due {
        return jobs::enqueue_at(conn, &Job::ConsultationClosing { consultation_id: id.to_owned() }, due);
    }
    if at >= row.opens_at && at < row.closes_at {
        let answered: Vec<(Option<String>, Option<String>)> = notices::respondents(conn, id)?;
        let by_association: HashSet<String> = answered.iter().filter_map(|(a, _)| a.clone()).collect();
        let by_member: HashSet<String> = answered.iter().filter_map(|(_, u)| u.clone()).collect();
        let association_answers = row.respondent() == Respondent::Association;
        let people = addressees(conn, &row)?.into_iter().filter_map(|(user, association)| {
            let done =
                if association_answers { by_association.contains(&association) } else { by_member.contains(&user) };
            (!done).then_some(user)
        });
        let told = tell(conn, people, "consultation.closing", id)?;
        tracing::info!(consultation = %id, told, "consultation closing reminder");
    }
    notices::mark(conn, id, notices::Notice::Closing, at)?;
    Ok(())
}

/// The job when the results are published: the officers of the associations that answered (as
/// they are now), or the members who did.
pub fn results(conn: &mut DbConn, id: &str) -> ApiResult<()> {
    let Some(row) = published(conn, id)? else { return Ok(()) };
    if row.status != "results_published" || row.results_notified_at.is_some() {
        return Ok(());
    }
    let answered = notices::respondents(conn, id)?;
    let people: Vec<String> = if row.respondent() == Respondent::Association {
        let associations: Vec<String> = answered.into_iter().filter_map(|(a, _)| a).collect();
        notices::people_of(conn, &associations, true)?.into_iter().map(|(user, _)| user).collect()
    } else {
        answered.into_iter().filter_map(|(_, u)| u).collect()
    };
    let told = tell(conn, people, "consultation.results", id)?;
    tracing::info!(consultation = %id, told, "consultation results published");
    notices::mark(conn, id, notices::Notice::Results, now())?;
    Ok(())
}
