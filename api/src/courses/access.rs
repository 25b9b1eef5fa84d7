//! Who may see or do what with a course: drafts are known to their trainers and staff only, a
//! course is edited by its trainers and staff, its lessons are read by its learners too.

use madani_shared::ErrorCode;
use madani_shared::courses::CourseStatus;

use super::repo;
use super::rows::{CourseRow, EnrolmentRow};
use crate::associations::rows::AssociationRow;
use crate::auth::{AuthUser, is_staff};
use crate::db::DbConn;
use crate::error::{ApiError, ApiResult};

/// What the viewer may do with the course: edit it (trainer or staff), and their enrolment; and
/// who they are (the user id media addresses are signed for).
pub struct Rights {
    pub can_edit: bool,
    pub enrolment: Option<EnrolmentRow>,
    pub viewer: Option<String>,
}

impl Rights {
    /// The rights of whoever created the course, before anybody could enrol.
    pub fn creator(user_id: &str) -> Self {
        Rights { can_edit: true, enrolment: None, viewer: Some(user_id.to_owned()) }
    }
}

pub fn rights(conn: &mut DbConn, course: &CourseRow, user: Option<&AuthUser>) -> ApiResult<Rights> {
    let Some(u) = user else { return Ok(Rights { can_edit: false, enrolment: None, viewer: None }) };
    Ok(Rights {
        can_edit: is_staff(user) || repo::is_trainer(conn, &course.id, &u.id)?,
        enrolment: repo::enrolment(conn, &course.id, &u.id)?,
        viewer: Some(u.id.clone()),
    })
}

/// The course and the viewer's rights; 404 when they may not know it exists (drafts are seen by
/// their trainers and staff; archived courses also by their learners).
pub fn load(conn: &mut DbConn, id: &str, user: Option<&AuthUser>) -> ApiResult<(CourseRow, Rights)> {
    let (course, r) = match user {
        // The course, whether the viewer teaches it and their enrolment in one query.
        Some(u) => {
            let (course, teaches, enrolment) = repo::course_for_viewer(conn, id, &u.id)?.ok_or(ApiError::NotFound)?;
            let can_edit = is_staff(user) || teaches;
            (course, Rights { can_edit, enrolment, viewer: Some(u.id.clone()) })
        }
        None => (repo::find_course(conn, id)?, Rights { can_edit: false, enrolment: None, viewer: None }),
    };
    let visible = match course.status() {
        CourseStatus::Published => true,
        CourseStatus::Archived => r.can_edit || r.enrolment.is_some(),
        CourseStatus::Draft => r.can_edit,
    };
    if !visible {
        return Err(ApiError::NotFound);
    }
    Ok((course, r))
}

/// The course, 403 `not_trainer` unless the viewer teaches it or is staff (404 when they may not
/// know it exists).
pub fn require_trainer(conn: &mut DbConn, id: &str, user: &AuthUser) -> ApiResult<CourseRow> {
    let (course, r) = load(conn, id, Some(user))?;
    if !r.can_edit {
        tracing::warn!(user = %user.id, course = %id, "refused: edit course");
        return Err(ApiError::Forbidden(ErrorCode::NotTrainer));
    }
    Ok(course)
}

/// The viewer's enrolment in the course whose rights these are, 403 `not_enrolled` without one.
pub fn require_enrolled(r: Rights, user: &AuthUser, course: &str) -> ApiResult<EnrolmentRow> {
    r.enrolment.ok_or_else(|| {
        tracing::warn!(user = %user.id, course = %course, "refused: a learner's act without enrolment");
        ApiError::Forbidden(ErrorCode::NotEnrolled)
    })
}

/// May the viewer read the course's lessons? Its learners, trainers and staff; 403 `not_enrolled`
/// for anyone else who can see the course.
pub fn require_reader(r: &Rights, user: &AuthUser, course: &str) -> ApiResult<()> {
    if r.enrolment.is_none() && !r.can_edit {
        tracing::warn!(user = %user.id, course = %course, "refused: lesson of a course not enrolled in");
        return Err(ApiError::Forbidden(ErrorCode::NotEnrolled));
    }
    Ok(())
}

/// May the user `user_id` still read the course's lessons (and see it, though it is not
/// published)? Asked each time a signed media address made for them is used (each byte range of
/// a video, each captions track, a draft's cover), where no token comes with the request: the rule
/// of [`load`] and [`require_reader`] from the database alone, in one query — an active account
/// that is staff, teaches the course, or is enrolled in it while it is not a draft.
pub fn still_reads(conn: &mut DbConn, course_id: &str, user_id: &str) -> ApiResult<bool> {
    Ok(repo::reads_course(conn, course_id, user_id)?)
}

/// 403 `not_enrolled` unless the reader a media address of the lesson was signed for still may
/// read it.
pub fn require_still_reads(conn: &mut DbConn, course_id: &str, reader: &str, lesson_id: &str) -> ApiResult<()> {
    if !still_reads(conn, course_id, reader)? {
        tracing::warn!(lesson = %lesson_id, reader, "refused: a media address of someone who may not read the lesson now");
        return Err(ApiError::Forbidden(ErrorCode::NotEnrolled));
    }
    Ok(())
}

/// The association whose members an officer enrols in `course`: 404 when they may not know it,
/// 403 `not_officer` unless they are one of its owners or admins.
pub fn require_officer_of(
    conn: &mut DbConn,
    association_id: &str,
    user: &AuthUser,
    course: &str,
) -> ApiResult<AssociationRow> {
    let (association, role) = crate::associations::load_visible(conn, association_id, Some(user))?;
    if !crate::associations::service::can_manage(role) {
        tracing::warn!(user = %user.id, association = %association.id, course = %course, "refused: enrol members");
        return Err(ApiError::Forbidden(ErrorCode::NotOfficer));
    }
    Ok(association)
}
