//! Diesel queries for the courses.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::rows::*;
use crate::db::DbConn;
use crate::db::schema::{
    course_lessons, course_modules, course_trainers, courses, enrolments, lesson_completions, quiz_attempts, quizzes,
    users,
};

pub fn insert_course(conn: &mut DbConn, row: &CourseRow) -> QueryResult<usize> {
    diesel::insert_into(courses::table).values(row).execute(conn)
}

pub fn update_course(conn: &mut DbConn, row: &CourseRow) -> QueryResult<usize> {
    diesel::update(courses::table.find(&row.id)).set(row).execute(conn)
}

pub fn find_course(conn: &mut DbConn, id: &str) -> QueryResult<CourseRow> {
    courses::table.find(id).first(conn)
}

/// Inside a write transaction ([`crate::db::write_tx`]): the course, held until the end of it, so
/// that what is decided from it (open, room left) still holds when the transaction commits, and
/// enrolments in the course at the same moment are counted one after the other. On PostgreSQL the
/// row is locked (`FOR UPDATE`); SQLite's write transactions (`BEGIN IMMEDIATE`) already hold the
/// whole database and run one at a time.
pub fn lock_course(conn: &mut DbConn, id: &str) -> QueryResult<CourseRow> {
    if let DbConn::Pg(c) = conn {
        return courses::table.find(id).for_update().first(c);
    }
    courses::table.find(id).first(conn)
}

/// Point the course at a new cover key (or none); the previous key, for the caller to delete.
/// The row is locked while it is read (PostgreSQL), so two uploads at once each get the key the
/// other replaced, and no file is left that no row names.
pub fn set_cover(conn: &mut DbConn, id: &str, key: Option<&str>, now: NaiveDateTime) -> QueryResult<Option<String>> {
    crate::db::write_tx(conn, |conn| {
        let query = courses::table.find(id).select(courses::cover);
        let previous: Option<String> = match conn {
            DbConn::Pg(c) => query.for_update().first(c)?,
            DbConn::Sqlite(c) => query.first(c)?,
        };
        diesel::update(courses::table.find(id))
            .set((courses::cover.eq(key), courses::updated_at.eq(now)))
            .execute(conn)?;
        Ok(previous)
    })
}

/// Point the lesson at a new video (key and size in bytes) or none; the previous key, for the
/// caller to delete. Locked like [`set_cover`]; `NotFound` when the lesson is gone.
pub fn set_lesson_video(
    conn: &mut DbConn,
    id: &str,
    video: Option<(&str, i64)>,
    now: NaiveDateTime,
) -> QueryResult<Option<String>> {
    crate::db::write_tx(conn, |conn| {
        let previous = lock_lesson_videos(conn, &[id.to_owned()])?.pop().ok_or(diesel::result::Error::NotFound)?;
        diesel::update(course_lessons::table.find(id))
            .set((
                course_lessons::video.eq(video.map(|v| v.0)),
                course_lessons::video_bytes.eq(video.map(|v| v.1)),
                course_lessons::updated_at.eq(now),
            ))
            .execute(conn)?;
        Ok(previous)
    })
}

/// Inside a write transaction: the video key (or none) of each of these lessons that exists, their
/// rows locked until the end of it (PostgreSQL; SQLite's write transactions run one at a time), so
/// that no video is set on them meanwhile.
pub fn lock_lesson_videos(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<Option<String>>> {
    let query = course_lessons::table.filter(course_lessons::id.eq_any(ids)).select(course_lessons::video);
    match conn {
        DbConn::Pg(c) => query.for_update().load(c),
        DbConn::Sqlite(c) => query.load(c),
    }
}

/// A lesson by its id alone, whatever its course (for serving its video by a signed address).
pub fn find_lesson(conn: &mut DbConn, id: &str) -> QueryResult<LessonRow> {
    course_lessons::table.find(id).first(conn)
}

/// What the catalog filters on.
#[derive(Debug, Default)]
pub struct Catalog {
    /// Folded words; each must appear in the title or summary.
    pub words: Vec<String>,
    pub field: Option<String>,
    pub level: Option<String>,
    pub language: Option<String>,
    /// Include drafts and archived courses this user teaches (all of them for staff: `None`).
    pub editable_by: Option<Option<String>>,
}

/// Newest first, after `(created_at, id)`.
pub fn catalog(
    conn: &mut DbConn,
    c: &Catalog,
    after: Option<(NaiveDateTime, String)>,
    limit: i64,
) -> QueryResult<Vec<CourseRow>> {
    let mut query = courses::table.into_boxed();
    query = match &c.editable_by {
        None => query.filter(courses::status.eq("published")),
        Some(None) => query,
        Some(Some(user)) => query.filter(courses::status.eq("published").or(courses::id.eq_any(
            course_trainers::table.filter(course_trainers::user_id.eq(user.clone())).select(course_trainers::course_id),
        ))),
    };
    for word in &c.words {
        query =
            query.filter(courses::search_text.like(format!("%{}%", crate::auth::repo::escape_like(word))).escape('\\'));
    }
    if let Some(f) = &c.field {
        query = query.filter(courses::field.eq(f.clone()));
    }
    if let Some(l) = &c.level {
        query = query.filter(courses::level.eq(l.clone()));
    }
    if let Some(lang) = &c.language {
        query = query.filter(courses::languages.like(format!("%{lang}%")));
    }
    if let Some((at, id)) = after {
        query = query.filter(courses::created_at.lt(at).or(courses::created_at.eq(at).and(courses::id.lt(id))));
    }
    query.order((courses::created_at.desc(), courses::id.desc())).limit(limit).load(conn)
}

/// (course id, count) of lessons.
pub fn lesson_counts(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<(String, i64)>> {
    course_lessons::table
        .filter(course_lessons::course_id.eq_any(ids))
        .group_by(course_lessons::course_id)
        .select((course_lessons::course_id, diesel::dsl::count_star()))
        .load(conn)
}

/// (course id, count) of learners.
pub fn learner_counts(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<(String, i64)>> {
    enrolments::table
        .filter(enrolments::course_id.eq_any(ids))
        .group_by(enrolments::course_id)
        .select((enrolments::course_id, diesel::dsl::count_star()))
        .load(conn)
}

pub fn is_trainer(conn: &mut DbConn, course_id: &str, user_id: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        course_trainers::table
            .filter(course_trainers::course_id.eq(course_id))
            .filter(course_trainers::user_id.eq(user_id)),
    ))
    .get_result(conn)
}

/// (user id, display name) of the trainers, in the order they were added.
pub fn trainers(conn: &mut DbConn, course_id: &str) -> QueryResult<Vec<(String, String)>> {
    course_trainers::table
        .inner_join(users::table)
        .filter(course_trainers::course_id.eq(course_id))
        .order(course_trainers::added_at.asc())
        .select((users::id, users::display_name))
        .load(conn)
}

pub fn add_trainer(conn: &mut DbConn, course_id: &str, user_id: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::insert_into(course_trainers::table)
        .values((
            course_trainers::course_id.eq(course_id),
            course_trainers::user_id.eq(user_id),
            course_trainers::added_at.eq(now),
        ))
        .execute(conn)
}

pub fn remove_trainer(conn: &mut DbConn, course_id: &str, user_id: &str) -> QueryResult<usize> {
    diesel::delete(
        course_trainers::table
            .filter(course_trainers::course_id.eq(course_id))
            .filter(course_trainers::user_id.eq(user_id)),
    )
    .execute(conn)
}

pub fn modules(conn: &mut DbConn, course_id: &str) -> QueryResult<Vec<ModuleRow>> {
    course_modules::table
        .filter(course_modules::course_id.eq(course_id))
        .order((course_modules::position.asc(), course_modules::id.asc()))
        .load(conn)
}

/// The lessons of a course in reading order (module by module).
pub fn lessons(conn: &mut DbConn, course_id: &str) -> QueryResult<Vec<LessonRow>> {
    let order: Vec<String> = modules(conn, course_id)?.into_iter().map(|m| m.id).collect();
    let mut rows: Vec<LessonRow> = course_lessons::table
        .filter(course_lessons::course_id.eq(course_id))
        .order((course_lessons::position.asc(), course_lessons::id.asc()))
        .load(conn)?;
    rows.sort_by_key(|l| (order.iter().position(|m| *m == l.module_id).unwrap_or(usize::MAX), l.position));
    Ok(rows)
}

pub fn insert_module(conn: &mut DbConn, row: &ModuleRow) -> QueryResult<usize> {
    diesel::insert_into(course_modules::table).values(row).execute(conn)
}

pub fn update_module(conn: &mut DbConn, row: &ModuleRow) -> QueryResult<usize> {
    diesel::update(course_modules::table.find(&row.id)).set(row).execute(conn)
}

pub fn delete_module(conn: &mut DbConn, id: &str) -> QueryResult<usize> {
    diesel::delete(course_modules::table.find(id)).execute(conn)
}

pub fn insert_lesson(conn: &mut DbConn, row: &LessonRow) -> QueryResult<usize> {
    diesel::insert_into(course_lessons::table).values(row).execute(conn)
}

pub fn update_lesson(conn: &mut DbConn, row: &LessonRow) -> QueryResult<usize> {
    diesel::update(course_lessons::table.find(&row.id)).set(row).execute(conn)
}

pub fn delete_lesson(conn: &mut DbConn, id: &str) -> QueryResult<usize> {
    diesel::delete(course_lessons::table.find(id)).execute(conn)
}

pub fn set_module_position(conn: &mut DbConn, id: &str, position: i32) -> QueryResult<usize> {
    diesel::update(course_modules::table.find(id)).set(course_modules::position.eq(position)).execute(conn)
}

pub fn set_lesson_position(conn: &mut DbConn, id: &str, position: i32) -> QueryResult<usize> {
    diesel::update(course_lessons::table.find(id)).set(course_lessons::position.eq(position)).execute(conn)
}

pub fn enrolment(conn: &mut DbConn, course_id: &str, user_id: &str) -> QueryResult<Option<EnrolmentRow>> {
    enrolments::table.find((course_id, user_id)).first(conn).optional()
}

pub fn insert_enrolment(conn: &mut DbConn, row: &EnrolmentRow) -> QueryResult<usize> {
    diesel::insert_into(enrolments::table).values(row).execute(conn)
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

/// Record a completion (again, or at the same moment from another request, is fine: the insert
/// runs in a savepoint, and a row already there is what was wanted).
pub fn complete(
    conn: &mut DbConn,
    lesson_id: &str,
    course_id: &str,
    user_id: &str,
    at: NaiveDateTime,
) -> QueryResult<()> {
    let done: bool =
        diesel::select(diesel::dsl::exists(lesson_completions::table.find((lesson_id, user_id)))).get_result(conn)?;
    if done {
        return Ok(());
    }
    let inserted = crate::db::write_tx(conn, |conn| {
        diesel::insert_into(lesson_completions::table)
            .values((
                lesson_completions::lesson_id.eq(lesson_id),
                lesson_completions::user_id.eq(user_id),
                lesson_completions::course_id.eq(course_id),
                lesson_completions::completed_at.eq(at),
            ))
            .execute(conn)
    });
    match inserted {
        Err(e) if !crate::error::is_unique_violation(&e) => Err(e),
        _ => Ok(()),
    }
}

/// The user's enrolments with their courses, newest first.
pub fn my_enrolments(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<(EnrolmentRow, CourseRow)>> {
    enrolments::table
        .inner_join(courses::table)
        .filter(enrolments::user_id.eq(user_id))
        .order(enrolments::enrolled_at.desc())
        .select((enrolments::all_columns, courses::all_columns))
        .load(conn)
}

/// The learners of a course with their names, in enrolment order.
pub fn learners(conn: &mut DbConn, course_id: &str) -> QueryResult<Vec<(EnrolmentRow, String)>> {
    enrolments::table
        .inner_join(users::table)
        .filter(enrolments::course_id.eq(course_id))
        .order(enrolments::enrolled_at.asc())
        .select((enrolments::all_columns, users::display_name))
        .load(conn)
}

pub fn find_quiz(conn: &mut DbConn, lesson_id: &str) -> QueryResult<Option<QuizRow>> {
    quizzes::table.find(lesson_id).first(conn).optional()
}

/// Insert or replace the quiz of a lesson.
pub fn save_quiz(conn: &mut DbConn, row: &QuizRow) -> QueryResult<()> {
    if diesel::update(quizzes::table.find(&row.lesson_id)).set(row).execute(conn)? == 0 {
        diesel::insert_into(quizzes::table).values(row).execute(conn)?;
    }
    Ok(())
}

/// The user's attempts at a quiz, oldest first.
pub fn attempts(conn: &mut DbConn, lesson_id: &str, user_id: &str) -> QueryResult<Vec<AttemptRow>> {
    quiz_attempts::table
        .filter(quiz_attempts::lesson_id.eq(lesson_id))
        .filter(quiz_attempts::user_id.eq(user_id))
        .order((quiz_attempts::started_at.asc(), quiz_attempts::id.asc()))
        .load(conn)
}

pub fn find_attempt(conn: &mut DbConn, id: &str) -> QueryResult<AttemptRow> {
    quiz_attempts::table.find(id).first(conn)
}

pub fn insert_attempt(conn: &mut DbConn, row: &AttemptRow) -> QueryResult<usize> {
    diesel::insert_into(quiz_attempts::table).values(row).execute(conn)
}

/// Record the grading of an attempt still open; 0 when it was already handed in.
pub fn grade_attempt(conn: &mut DbConn, row: &AttemptRow) -> QueryResult<usize> {
    diesel::update(quiz_attempts::table.find(&row.id).filter(quiz_attempts::submitted_at.is_null()))
        .set(row)
        .execute(conn)
}

/// Every graded attempt at the quizzes of a course.
pub fn graded_attempts(conn: &mut DbConn, course_id: &str) -> QueryResult<Vec<AttemptRow>> {
    quiz_attempts::table
        .filter(quiz_attempts::course_id.eq(course_id))
        .filter(quiz_attempts::submitted_at.is_not_null())
        .load(conn)
}
