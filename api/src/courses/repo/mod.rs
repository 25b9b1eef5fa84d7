//! Diesel queries for the courses, one per function: the courses, their catalog and trainers here;
//! the outline, enrolments and progress, quizzes, and videos' captions in their own files.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use madani_shared::auth::Role;
use madani_shared::courses::CourseStatus;

use super::rows::*;
use crate::db::DbConn;
use crate::db::schema::{course_lessons, course_terms, course_trainers, courses, enrolments, users};

mod captions;
mod learning;
mod outline;
mod quizzes;

pub use captions::*;
pub use learning::*;
pub use outline::*;
pub use quizzes::*;

pub fn insert_course(conn: &mut DbConn, row: &CourseRow) -> QueryResult<usize> {
    let n = diesel::insert_into(courses::table).values(row).execute(conn)?;
    set_terms(conn, row)?;
    Ok(n)
}

pub fn update_course(conn: &mut DbConn, row: &CourseRow) -> QueryResult<usize> {
    let n = diesel::update(courses::table.find(&row.id)).set(row).execute(conn)?;
    set_terms(conn, row)?;
    Ok(n)
}

/// Replace a course's search terms with the words of its `search_text` (the catalog finds a course
/// by the start of any of them).
pub fn set_terms(conn: &mut DbConn, row: &CourseRow) -> QueryResult<()> {
    diesel::delete(course_terms::table.filter(course_terms::course_id.eq(&row.id))).execute(conn)?;
    let mut words: Vec<&str> = row.search_text.split_whitespace().filter(|w| w.chars().count() <= 40).collect();
    words.sort_unstable();
    words.dedup();
    let rows: Vec<_> =
        words.iter().map(|w| (course_terms::term.eq(*w), course_terms::course_id.eq(row.id.as_str()))).collect();
    crate::db::insert_chunks!(conn, course_terms::table, rows, 300);
    Ok(())
}

/// The next `limit` courses after `after_id`, by id (to rebuild their terms).
pub fn courses_after(conn: &mut DbConn, after_id: &str, limit: i64) -> QueryResult<Vec<CourseRow>> {
    courses::table.filter(courses::id.gt(after_id)).order(courses::id.asc()).limit(limit).load(conn)
}

/// The course with what its viewer is to it, in one query: whether they teach it, and their
/// enrolment. `None` when there is no such course.
pub fn course_for_viewer(
    conn: &mut DbConn,
    id: &str,
    user_id: &str,
) -> QueryResult<Option<(CourseRow, bool, Option<EnrolmentRow>)>> {
    let row: Option<(CourseRow, Option<String>, Option<EnrolmentRow>)> = courses::table
        .left_join(
            course_trainers::table
                .on(course_trainers::course_id.eq(courses::id).and(course_trainers::user_id.eq(user_id.to_owned()))),
        )
        .left_join(
            enrolments::table.on(enrolments::course_id.eq(courses::id).and(enrolments::user_id.eq(user_id.to_owned()))),
        )
        .filter(courses::id.eq(id.to_owned()))
        .select((courses::all_columns, course_trainers::user_id.nullable(), enrolments::all_columns.nullable()))
        .first(conn)
        .optional()?;
    Ok(row.map(|(course, trainer, enrolment)| (course, trainer.is_some(), enrolment)))
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

/// Inside a write transaction: the course's cover key, its row locked until the end of it
/// (PostgreSQL), so that two uploads at once each get the key the other replaced.
pub fn lock_cover(conn: &mut DbConn, id: &str) -> QueryResult<Option<String>> {
    let query = courses::table.find(id).select(courses::cover);
    match conn {
        DbConn::Pg(c) => query.for_update().first(c),
        DbConn::Sqlite(c) => query.first(c),
    }
}

/// Point the course at a cover key (or none).
pub fn set_cover(conn: &mut DbConn, id: &str, key: Option<&str>, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(courses::table.find(id)).set((courses::cover.eq(key), courses::updated_at.eq(now))).execute(conn)
}

/// What the catalog filters on.
#[derive(Debug, Default)]
pub struct Catalog {
    /// Folded words; each must be the start of a word of the title or summary.
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
        let upper = crate::search::prefix_end(word);
        query = query.filter(
            courses::id.eq_any(
                course_terms::table
                    .filter(course_terms::term.ge(word.clone()))
                    .filter(course_terms::term.lt(upper))
                    .select(course_terms::course_id),
            ),
        );
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

/// Whether `user_id` is an active account that is staff, teaches the course, or is enrolled in it
/// while it is published or archived: [`crate::courses::access::still_reads`], in one query.
pub fn reads_course(conn: &mut DbConn, course_id: &str, user_id: &str) -> QueryResult<bool> {
    use diesel::dsl::exists;
    let staff: Vec<&str> = Role::STAFF.iter().map(|r| r.as_str()).collect();
    let teaches = exists(
        course_trainers::table
            .filter(course_trainers::course_id.eq(course_id))
            .filter(course_trainers::user_id.eq(user_id)),
    );
    let learns = exists(
        enrolments::table
            .inner_join(courses::table)
            .filter(enrolments::course_id.eq(course_id))
            .filter(enrolments::user_id.eq(user_id))
            .filter(courses::status.eq_any([CourseStatus::Published.as_str(), CourseStatus::Archived.as_str()])),
    );
    diesel::select(exists(
        users::table
            .find(user_id)
            .filter(users::disabled.eq(false))
            .filter(users::role.eq_any(staff).or(teaches).or(learns)),
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
