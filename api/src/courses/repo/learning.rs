//! Queries of enrolments and of learners' progress (the lessons they completed).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::courses::rows::*;
use crate::db::DbConn;
use crate::db::schema::{courses, enrolments, lesson_completions, users};

pub fn enrolment(conn: &mut DbConn, course_id: &str, user_id: &str) -> QueryResult<Option<EnrolmentRow>> {
    enrolments::table.find((course_id, user_id)).first(conn).optional()
}

/// Inside a write transaction ([`crate::db::write_tx`]): the enrolment, held until the end of it,
/// so that what the learner does under it (starting a quiz attempt) is decided one request after
/// the other. On PostgreSQL the row is locked (`FOR UPDATE`); SQLite's write transactions
/// (`BEGIN IMMEDIATE`) already run one at a time. `None` once the learner has left the course.
pub fn lock_enrolment(conn: &mut DbConn, course_id: &str, user_id: &str) -> QueryResult<Option<EnrolmentRow>> {
    let query = enrolments::table.find((course_id, user_id));
    match conn {
        DbConn::Pg(c) => query.for_update().first(c).optional(),
        DbConn::Sqlite(c) => query.first(c).optional(),
    }
}

pub fn insert_enrolment(conn: &mut DbConn, row: &EnrolmentRow) -> QueryResult<usize> {
    diesel::insert_into(enrolments::table).values(row).execute(conn)
}

/// Several enrolments in one statement. Each backend in its own arm: the multi-backend connection
/// has no multi-row `.values(&vec)`.
pub fn insert_enrolments(conn: &mut DbConn, rows: &[EnrolmentRow]) -> QueryResult<usize> {
    if rows.is_empty() {
        return Ok(0);
    }
    match conn {
        DbConn::Pg(c) => diesel::insert_into(enrolments::table).values(rows).execute(c),
        DbConn::Sqlite(c) => diesel::insert_into(enrolments::table).values(rows).execute(c),
    }
}

pub fn delete_enrolment(conn: &mut DbConn, course_id: &str, user_id: &str) -> QueryResult<usize> {
    diesel::delete(enrolments::table.find((course_id, user_id))).execute(conn)
}

/// Which of `user_ids` are enrolled in the course.
pub fn enrolled_among(conn: &mut DbConn, course_id: &str, user_ids: &[String]) -> QueryResult<Vec<String>> {
    enrolments::table
        .filter(enrolments::course_id.eq(course_id))
        .filter(enrolments::user_id.eq_any(user_ids))
        .select(enrolments::user_id)
        .load(conn)
}

pub fn count_enrolments(conn: &mut DbConn, course_id: &str) -> QueryResult<i64> {
    enrolments::table.filter(enrolments::course_id.eq(course_id)).count().get_result(conn)
}

pub fn set_completed(conn: &mut DbConn, course_id: &str, user_id: &str, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(enrolments::table.find((course_id, user_id)).filter(enrolments::completed_at.is_null()))
        .set(enrolments::completed_at.eq(Some(at)))
        .execute(conn)
}

/// The lessons of the course the user has completed.
pub fn completed_lessons(conn: &mut DbConn, course_id: &str, user_id: &str) -> QueryResult<Vec<String>> {
    lesson_completions::table
        .filter(lesson_completions::course_id.eq(course_id))
        .filter(lesson_completions::user_id.eq(user_id))
        .select(lesson_completions::lesson_id)
        .load(conn)
}

/// (learner, lesson) of every completion in the course: every learner's progress in one query.
pub fn completions_in_course(conn: &mut DbConn, course_id: &str) -> QueryResult<Vec<(String, String)>> {
    lesson_completions::table
        .filter(lesson_completions::course_id.eq(course_id))
        .select((lesson_completions::user_id, lesson_completions::lesson_id))
        .load(conn)
}

/// (course, lesson) of the user's completions in these courses: their progress in each at once.
pub fn completions_of_learner(
    conn: &mut DbConn,
    user_id: &str,
    course_ids: &[String],
) -> QueryResult<Vec<(String, String)>> {
    lesson_completions::table
        .filter(lesson_completions::user_id.eq(user_id))
        .filter(lesson_completions::course_id.eq_any(course_ids))
        .select((lesson_completions::course_id, lesson_completions::lesson_id))
        .load(conn)
}

/// Record a completion, unless it is there already (then 0 rows): one statement, no savepoint.
pub fn insert_completion(
    conn: &mut DbConn,
    lesson_id: &str,
    course_id: &str,
    user_id: &str,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    let insert = diesel::insert_into(lesson_completions::table)
        .values((
            lesson_completions::lesson_id.eq(lesson_id),
            lesson_completions::user_id.eq(user_id),
            lesson_completions::course_id.eq(course_id),
            lesson_completions::completed_at.eq(at),
        ))
        .on_conflict_do_nothing();
    match conn {
        DbConn::Pg(c) => insert.execute(c),
        DbConn::Sqlite(c) => insert.execute(c),
    }
}

/// Up to `limit` of the user's enrolments in courses that are not drafts, with their courses,
/// newest first.
pub fn my_enrolments(conn: &mut DbConn, user_id: &str, limit: i64) -> QueryResult<Vec<(EnrolmentRow, CourseRow)>> {
    enrolments::table
        .inner_join(courses::table)
        .filter(enrolments::user_id.eq(user_id))
        .filter(courses::status.ne("draft"))
        .order((enrolments::enrolled_at.desc(), enrolments::course_id.desc()))
        .select((enrolments::all_columns, courses::all_columns))
        .limit(limit)
        .load(conn)
}

/// The learners of a course with their names, in enrolment order.
pub fn learners(conn: &mut DbConn, course_id: &str) -> QueryResult<Vec<(EnrolmentRow, String)>> {
    learners_after(conn, course_id, None, i64::MAX)
}

/// Up to `limit` learners in enrolment order after `after` (when they enrolled, their user id).
pub fn learners_after(
    conn: &mut DbConn,
    course_id: &str,
    after: Option<(chrono::NaiveDateTime, String)>,
    limit: i64,
) -> QueryResult<Vec<(EnrolmentRow, String)>> {
    let mut q = enrolments::table
        .inner_join(users::table)
        .filter(enrolments::course_id.eq(course_id))
        .select((enrolments::all_columns, users::display_name))
        .into_boxed();
    if let Some((at, id)) = after {
        q = q.filter(enrolments::enrolled_at.gt(at).or(enrolments::enrolled_at.eq(at).and(enrolments::user_id.gt(id))));
    }
    q.order((enrolments::enrolled_at.asc(), enrolments::user_id.asc())).limit(limit).load(conn)
}

/// (user, lesson) of the completions of these learners in the course.
pub fn completions_of_learners(
    conn: &mut DbConn,
    course_id: &str,
    user_ids: &[String],
) -> QueryResult<Vec<(String, String)>> {
    lesson_completions::table
        .filter(lesson_completions::course_id.eq(course_id))
        .filter(lesson_completions::user_id.eq_any(user_ids))
        .select((lesson_completions::user_id, lesson_completions::lesson_id))
        .load(conn)
}
