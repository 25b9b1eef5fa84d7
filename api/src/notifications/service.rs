//! `notify`: the one way a domain tells a member something happened, as their preferences say; the
//! list and the unread count.

use madani_shared::associations::Notification;
use madani_shared::notifications::EmailDelivery;

use super::repo;
use super::rows::NotificationRow;
use crate::db::{DbConn, new_id, now};
use crate::error::ApiResult;

/// What a notification is about: the objects it links to, who caused it, and the reason given (a
/// rejection's).
#[derive(Debug, Clone, Default)]
pub struct About {
    pub association_id: Option<String>,
    pub course_id: Option<String>,
    pub actor_id: Option<String>,
    pub reason: Option<String>,
    pub consultation_id: Option<String>,
    pub proposal_id: Option<String>,
    pub project_id: Option<String>,
    pub circle_id: Option<String>,
    pub thread_id: Option<String>,
}

impl About {
    pub fn association(id: &str) -> Self {
        About { association_id: Some(id.to_owned()), ..Default::default() }
    }

    pub fn course(id: &str) -> Self {
        About { course_id: Some(id.to_owned()), ..Default::default() }
    }

    pub fn consultation(id: &str) -> Self {
        About { consultation_id: Some(id.to_owned()), ..Default::default() }
    }

    /// About a proposal of the consultation `consultation` (the notification leads to the proposal).
    pub fn proposal(consultation: &str, proposal: &str) -> Self {
        About { proposal_id: Some(proposal.to_owned()), ..About::consultation(consultation) }
    }

    pub fn project(id: &str) -> Self {
        About { project_id: Some(id.to_owned()), ..Default::default() }
    }

    pub fn circle(id: &str) -> Self {
        About { circle_id: Some(id.to_owned()), ..Default::default() }
    }

    /// About a thread of the circle `circle` (the notification leads to the thread).
    pub fn thread(circle: &str, thread: &str) -> Self {
        About { thread_id: Some(thread.to_owned()), ..About::circle(circle) }
    }

    /// Caused by the member `user_id` (named in the notification).
    pub fn by(self, user_id: &str) -> Self {
        About { actor_id: Some(user_id.to_owned()), ..self }
    }

    pub fn with_reason(self, reason: Option<&str>) -> Self {
        About { reason: reason.map(str::to_owned), ..self }
    }
}

/// Kinds whose email the domain writes itself, with more than a notification says: the
/// observatory's decisions (with the association's name and the reason) and invitations (with
/// their link). Every other kind is also emailed as the member's settings say.
fn has_own_email(kind: &str) -> bool {
    matches!(
        kind,
        "association.verified"
            | "association.rejected"
            | "association.suspended"
            | "association.deleted"
            | "invitation.received"
    )
}

/// Tell `recipient` that `kind` happened (`association.verified`, `course.enrolled`, …), as their
/// preferences for its topic say: in the app (and on their open sockets), and by email at once (a
/// job writes it after the commit, in their language), in their next digest, or not at all. Call it
/// inside the transaction that makes it true, so that all are written or none.
pub fn notify(conn: &mut DbConn, recipient: &str, kind: &str, about: About) -> ApiResult<()> {
    notify_all(conn, &[recipient.to_owned()], kind, about)
}

/// [`notify`] each of `recipients` (each once) of the same thing, in a few statements however many
/// they are: their preferences read at once, the notifications, their events and their emails'
/// jobs each written in one go (a digest is scheduled per member who chose one).
pub fn notify_all(conn: &mut DbConn, recipients: &[String], kind: &str, about: About) -> ApiResult<()> {
    let mut seen = std::collections::HashSet::new();
    let recipients: Vec<String> = recipients.iter().filter(|r| seen.insert(r.as_str())).cloned().collect();
    if recipients.is_empty() {
        return Ok(());
    }
    let own_email = has_own_email(kind);
    let deliveries = super::preferences::for_kind_many(conn, &recipients, kind)?;
    let created_at = now();
    let (mut rows, mut digests, mut emails) = (Vec::new(), Vec::new(), Vec::new());
    for (recipient, delivery) in recipients.iter().zip(deliveries) {
        let email = if own_email { EmailDelivery::Never } else { delivery.email };
        if !delivery.in_app && email == EmailDelivery::Never {
            continue;
        }
        if email.is_digest() {
            digests.push((recipient.clone(), email));
        }
        rows.push(NotificationRow {
            id: new_id(),
            user_id: recipient.to_owned(),
            kind: kind.to_owned(),
            association_id: about.association_id.clone(),
            reason: about.reason.clone(),
            created_at,
            read_at: None,
            course_id: about.course_id.clone(),
            actor_id: about.actor_id.clone(),
            consultation_id: about.consultation_id.clone(),
            proposal_id: about.proposal_id.clone(),
            project_id: about.project_id.clone(),
            in_app: delivery.in_app,
            digest: email.is_digest().then(|| email.as_str().to_owned()),
            digested_at: None,
            circle_id: about.circle_id.clone(),
            thread_id: about.thread_id.clone(),
        });
        if email == EmailDelivery::Immediately {
            emails.push(crate::jobs::Job::NotificationEmail {
                notification_id: rows.last().expect("just pushed").id.clone(),
            });
        }
    }
    repo::insert_many(conn, &rows)?;
    // The members' open pages hear of it at once (the header's badge).
    let events: Vec<(String, crate::realtime::NewEvent<'_>)> = rows
        .iter()
        .filter(|row| row.in_app)
        .map(|row| {
            let event = crate::realtime::NewEvent {
                notification_id: Some(&row.id),
                ..crate::realtime::NewEvent::new(madani_shared::messaging::EventKind::NotificationCreated)
            };
            (row.user_id.clone(), event)
        })
        .collect();
    crate::realtime::publish_each(conn, &events)?;
    crate::jobs::enqueue_many(conn, &emails)?;
    for (recipient, email) in digests {
        super::digest::schedule(conn, &recipient, email)?;
    }
    Ok(())
}

/// How many notifications a member reads at once.
const LATEST: i64 = 100;

/// A member's latest notifications, newest first, each naming what it is about.
pub fn latest(conn: &mut DbConn, user_id: &str) -> ApiResult<Vec<Notification>> {
    let rows = repo::latest_for(conn, user_id, LATEST)?;
    let names = repo::names_of(conn, &rows)?;
    Ok(rows.iter().zip(names).map(|(row, names)| row.to_api(names)).collect())
}

pub fn unread(conn: &mut DbConn, user_id: &str) -> ApiResult<i64> {
    Ok(repo::unread_count(conn, user_id)?)
}

/// Mark every notification of a member read.
pub fn mark_all_read(conn: &mut DbConn, user_id: &str) -> ApiResult<()> {
    repo::mark_all_read(conn, user_id, now())?;
    Ok(())
}
