//! A course's trainers, who may edit it: chosen by staff.

use madani_shared::courses::Course;

use crate::courses::access::Rights;
use crate::courses::repo;
use crate::courses::rows::CourseRow;
use crate::db::{DbConn, now};
use crate::error::{ApiError, ApiResult};
use crate::media::UrlSigner;

/// Make `trainer` (a member of Madani, else 422 naming `user_id`) a trainer of the course; once.
pub fn add(conn: &mut DbConn, urls: &UrlSigner, course: &CourseRow, r: &Rights, trainer: &str) -> ApiResult<Course> {
    crate::auth::repo::find_user(conn, trainer).map_err(|e| match ApiError::from(e) {
        ApiError::NotFound => ApiError::field("user_id", "unknown", "is not a member of Madani"),
        other => other,
    })?;
    if !repo::is_trainer(conn, &course.id, trainer)? {
        repo::add_trainer(conn, &course.id, trainer, now())?;
    }
    super::catalog::course_view(conn, urls, course, r)
}

/// 404 when `trainer` does not teach the course.
pub fn remove(conn: &mut DbConn, course: &CourseRow, trainer: &str) -> ApiResult<()> {
    if repo::remove_trainer(conn, &course.id, trainer)? == 0 {
        return Err(ApiError::NotFound);
    }
    Ok(())
}
