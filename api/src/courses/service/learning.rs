//! A learner's part: enrolling and leaving, completing lessons (and so the course, with its
//! certificate), their progress, and their courses.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;
use madani_shared::ErrorCode;
use madani_shared::courses::*;
use madani_shared::ids::CertificateId;

use super::{check_open, check_room, is_complete, progress, with_certificate};
use crate::courses::access::Rights;
use crate::courses::repo;
use crate::courses::rows::{CourseRow, EnrolmentRow, LessonRow};
use crate::db::{DbConn, now, to_utc, write_tx};
use crate::error::{ApiError, ApiResult, is_unique_violation};
use crate::media::UrlSigner;

/// The progress of the learner of `e` through these lessons of the course.
pub fn learner_progress(
    conn: &mut DbConn,
    course: &str,
    e: &EnrolmentRow,
    lessons: &[LessonRow],
) -> ApiResult<Progress> {
    let done: HashSet<String> = repo::completed_lessons(conn, course, &e.user_id)?.into_iter().collect();
    with_certificate(conn, course, &e.user_id, progress(lessons, &done, e.completed_at))
}

/// Enrol the viewer whose rights these are in a published course, with a verified email address,
/// before its end date and within its capacity. Enrolling again changes nothing.
pub fn enrol(conn: &mut DbConn, course: &CourseRow, r: Rights, user_id: &str) -> ApiResult<Progress> {
    let id = course.id.as_str();
    let lessons = repo::lessons(conn, id)?;
    if let Some(e) = &r.enrolment {
        return learner_progress(conn, id, e, &lessons);
    }
    if !crate::auth::repo::find_user(conn, user_id)?.email_verified {
        return Err(ApiError::Forbidden(ErrorCode::EmailNotVerified));
    }
    let row = EnrolmentRow {
        course_id: id.to_owned(),
        user_id: user_id.to_owned(),
        enrolled_at: now(),
        completed_at: None,
        enrolled_by: None,
        association_id: None,
    };
    write_tx(conn, |conn| {
        // Read again under the lock: archived, ended or filled meanwhile, it takes nobody.
        let course = repo::lock_course(conn, id)?;
        // A second click at the same moment finds the enrolment made: that is fine.
        if repo::enrolment(conn, id, user_id)?.is_some() {
            return Ok(());
        }
        check_open(course.status(), course.ends_on, now().date())?;
        check_room(course.capacity, repo::count_enrolments(conn, id)?, 1)?;
        match write_tx(conn, |conn| repo::insert_enrolment(conn, &row)) {
            Err(e) if !is_unique_violation(&e) => Err(ApiError::from(e)),
            _ => Ok(()),
        }
    })?;
    tracing::info!(course = %id, learner = %user_id, "enrolled");
    learner_progress(conn, id, &row, &lessons)
}

/// Leave a course (404 when not enrolled); completed lessons are kept for a return.
pub fn unenrol(conn: &mut DbConn, course: &CourseRow, user_id: &str) -> ApiResult<()> {
    if repo::delete_enrolment(conn, &course.id, user_id)? == 0 {
        return Err(ApiError::NotFound);
    }
    Ok(())
}

/// The learner of `enrolment` has done every required lesson: mark the enrolment completed and issue
/// the certificate, in the caller's transaction. Only the request that marks it issues it (on
/// PostgreSQL a concurrent one waits for the row and then finds it completed).
fn finish_course(
    conn: &mut DbConn,
    issuer: &crate::certificates::Issuer,
    enrolment: &mut EnrolmentRow,
    now: NaiveDateTime,
) -> ApiResult<()> {
    let (course, user) = (enrolment.course_id.clone(), enrolment.user_id.clone());
    if repo::set_completed(conn, &course, &user, now)? == 1 {
        enrolment.completed_at = Some(now);
        tracing::info!(course = %course, learner = %user, "course completed");
        let course_row = repo::find_course(conn, &course)?;
        crate::certificates::service::issue(conn, issuer, &course_row, &user, now)?;
    }
    Ok(())
}

/// Inside the caller's transaction: record that the learner of `enrolment` completed `lesson_id`
/// (again is fine), and the course when every required lesson is done, with its certificate.
pub fn record_completion(
    conn: &mut DbConn,
    issuer: &crate::certificates::Issuer,
    enrolment: &mut EnrolmentRow,
    lesson_id: &str,
    lessons: &[LessonRow],
    now: NaiveDateTime,
) -> ApiResult<()> {
    let (course, user) = (enrolment.course_id.clone(), enrolment.user_id.clone());
    repo::insert_completion(conn, lesson_id, &course, &user, now)?;
    let done: HashSet<String> = repo::completed_lessons(conn, &course, &user)?.into_iter().collect();
    if enrolment.completed_at.is_none() && is_complete(&progress(lessons, &done, None)) {
        finish_course(conn, issuer, enrolment, now)?;
    }
    Ok(())
}

/// Mark a lesson completed by an enrolled learner; a quiz is completed by passing it (409). Three
/// statements when the course goes on (the lessons, the completion, the completed lessons) and no
/// transaction; the course's completion and certificate, when it is the last, in one.
pub fn complete_lesson(
    conn: &mut DbConn,
    issuer: &crate::certificates::Issuer,
    mut enrolment: EnrolmentRow,
    lesson_id: &str,
) -> ApiResult<Progress> {
    let (id, user) = (enrolment.course_id.clone(), enrolment.user_id.clone());
    let lessons = repo::lessons(conn, &id)?;
    let lesson = lessons.iter().find(|l| l.id == lesson_id).ok_or(ApiError::NotFound)?;
    if lesson.kind() == LessonKind::Quiz {
        return Err(ApiError::Conflict(ErrorCode::QuizCompletedByPassing));
    }
    let now = now();
    repo::insert_completion(conn, lesson_id, &id, &user, now)?;
    let done: HashSet<String> = repo::completed_lessons(conn, &id, &user)?.into_iter().collect();
    if enrolment.completed_at.is_none() && is_complete(&progress(&lessons, &done, None)) {
        write_tx(conn, |conn| finish_course(conn, issuer, &mut enrolment, now))?;
    }
    with_certificate(conn, &id, &user, progress(&lessons, &done, enrolment.completed_at))
}

/// Each learner's set of completed lessons, from (learner or course, lesson) pairs.
pub fn done_by<I: IntoIterator<Item = (String, String)>>(pairs: I) -> HashMap<String, HashSet<String>> {
    let mut out: HashMap<String, HashSet<String>> = HashMap::new();
    for (who, lesson) in pairs {
        out.entry(who).or_default().insert(lesson);
    }
    out
}

/// At most this many courses are listed to their learner (the latest enrolled in).
pub const MY_COURSES: i64 = 200;

/// The courses the user is enrolled in (drafts aside), newest first (at most [`MY_COURSES`]), with
/// their progress: a fixed number of queries however many courses.
pub fn my_courses(conn: &mut DbConn, urls: &UrlSigner, user_id: &str) -> ApiResult<Vec<MyCourse>> {
    let enrolments: Vec<(EnrolmentRow, CourseRow)> = repo::my_enrolments(conn, user_id, MY_COURSES)?;
    let ids: Vec<String> = enrolments.iter().map(|(_, c)| c.id.clone()).collect();
    let mut lessons: HashMap<String, Vec<LessonRow>> = HashMap::new();
    for l in repo::lessons_of_courses(conn, &ids)? {
        lessons.entry(l.course_id.clone()).or_default().push(l);
    }
    let done = done_by(repo::completions_of_learner(conn, user_id, &ids)?);
    let courses: Vec<CourseRow> = enrolments.iter().map(|(_, c)| c.clone()).collect();
    let summaries = super::catalog::summaries(conn, urls, &courses, Some(user_id))?;
    let certificates: HashMap<String, String> =
        crate::certificates::repo::of_user_in(conn, user_id, &ids)?.into_iter().map(|c| (c.course_id, c.id)).collect();
    let none = HashSet::new();
    Ok(enrolments
        .into_iter()
        .zip(summaries)
        .map(|((e, c), course)| MyCourse {
            progress: Progress {
                certificate_id: certificates.get(&c.id).map(|id| CertificateId::stored(id)),
                ..progress(
                    lessons.get(&c.id).map_or(&[][..], Vec::as_slice),
                    done.get(&c.id).unwrap_or(&none),
                    e.completed_at,
                )
            },
            course,
            enrolled_at: to_utc(e.enrolled_at),
        })
        .collect())
}
