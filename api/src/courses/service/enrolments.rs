//! Officers of an association enrol its members in a course: every one of them or none, under the
//! same rules as a learner enrolling alone (a published course, before its end date, with room),
//! each told by a notification, the officer recorded on the enrolment and the act in the audit log.

use std::collections::{HashMap, HashSet};

use madani_shared::courses::*;
use madani_shared::ids::UserId;
use madani_shared::{ErrorCode, FieldError, LocalizedText};

use super::{check_open, check_room};
use crate::associations::rows::AssociationRow;
use crate::auth::AuthUser;
use crate::courses::repo;
use crate::courses::rows::{CourseRow, EnrolmentRow};
use crate::db::{DbConn, now, write_tx};
use crate::error::{ApiError, ApiResult};

/// Enrol these members of `association` (which the officer `user` manages, see
/// [`crate::associations::service::can_manage`]) in the course.
pub fn enrol_members(
    conn: &mut DbConn,
    course: &CourseRow,
    association: &AssociationRow,
    user: &AuthUser,
    req: &EnrolMembers,
) -> ApiResult<EnrolmentOutcome> {
    let id = course.id.as_str();
    if !association.status().is_public() {
        return Err(ApiError::Conflict(ErrorCode::AssociationInactive));
    }
    // Each id once, in the order given; errors name the place of its first mention.
    let mut seen = HashSet::new();
    let wanted: Vec<(usize, String)> =
        req.user_ids.iter().enumerate().filter(|(_, u)| seen.insert(**u)).map(|(i, u)| (i, u.to_string())).collect();
    let ids: Vec<String> = wanted.iter().map(|(_, u)| u.clone()).collect();
    let at = now();
    // Decided under the course's lock, so that what is checked still holds at the commit: open,
    // room left, and who the active members are.
    let (enrolled, already, learners) = write_tx(conn, |conn| {
        let course = repo::lock_course(conn, id)?;
        check_open(course.status(), course.ends_on, at.date())?;
        let members: HashMap<String, bool> =
            crate::associations::repo::members_among(conn, &association.id, &ids)?.into_iter().collect();
        let errors: Vec<FieldError> = wanted
            .iter()
            .filter_map(|(i, u)| {
                let (code, message) = match members.get(u) {
                    None => ("not_member", "is not a member of this association"),
                    Some(false) => {
                        ("not_active", "is not active: the account is disabled or its email address unverified")
                    }
                    Some(true) => return None,
                };
                Some(FieldError { field: format!("user_ids[{i}]"), code: code.into(), message: message.into() })
            })
            .collect();
        if !errors.is_empty() {
            return Err(ApiError::Validation(errors));
        }

        let already: HashSet<String> = repo::enrolled_among(conn, id, &ids)?.into_iter().collect();
        let new: Vec<String> = ids.iter().filter(|u| !already.contains(*u)).cloned().collect();
        let count = repo::count_enrolments(conn, id)?;
        check_room(course.capacity, count, new.len())?;
        let rows: Vec<EnrolmentRow> = new
            .iter()
            .map(|learner| EnrolmentRow {
                course_id: id.to_owned(),
                user_id: learner.clone(),
                enrolled_at: at,
                completed_at: None,
                enrolled_by: Some(user.id.clone()),
                association_id: Some(association.id.clone()),
            })
            .collect();
        repo::insert_enrolments(conn, &rows)?;
        crate::notifications::notify_all(
            conn,
            &new,
            "course.enrolled",
            crate::notifications::About {
                association_id: Some(association.id.clone()),
                course_id: Some(id.to_owned()),
                actor_id: Some(user.id.clone()),
                ..crate::notifications::About::default()
            },
        )?;
        if !new.is_empty() {
            crate::audit::record(
                conn,
                Some(&user.id),
                "course.members_enrolled",
                crate::audit::Subject::course(id),
                Some(&audit_reason(new.len(), &association.name(), &association.id)),
            )?;
        }
        let learners = count + new.len() as i64;
        Ok::<_, ApiError>((new, already, learners))
    })?;
    tracing::info!(
        course = %id, association = %association.id, by = %user.id, enrolled = enrolled.len(),
        already = already.len(), "members enrolled"
    );
    let typed = |list: Vec<&String>| -> Vec<UserId> { list.into_iter().filter_map(|u| u.parse().ok()).collect() };
    Ok(EnrolmentOutcome {
        enrolled: typed(enrolled.iter().collect()),
        already_enrolled: typed(ids.iter().filter(|u| already.contains(*u)).collect()),
        learner_count: learners,
    })
}

/// What the audit log says of one enrolment by an officer.
fn audit_reason(count: usize, association: &LocalizedText, association_id: &str) -> String {
    let name = association.fr.as_deref().or(association.ar.as_deref()).or(association.en.as_deref()).unwrap_or("");
    let members = if count == 1 { "1 member".to_owned() } else { format!("{count} members") };
    format!("{members} enrolled by an officer of {name} ({association_id})")
}
