//! Queries of a course's outline: its modules and lessons, and the lessons' uploaded videos.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::courses::rows::*;
use crate::db::DbConn;
use crate::db::schema::{course_lessons, course_modules};

pub fn modules(conn: &mut DbConn, course_id: &str) -> QueryResult<Vec<ModuleRow>> {
    course_modules::table
        .filter(course_modules::course_id.eq(course_id))
        .order((course_modules::position.asc(), course_modules::id.asc()))
        .load(conn)
}

/// The lessons of a course in reading order (module by module).
pub fn lessons(conn: &mut DbConn, course_id: &str) -> QueryResult<Vec<LessonRow>> {
    lessons_of_courses(conn, &[course_id.to_owned()])
}

/// The lessons of these courses, each course's in reading order (module by module): two queries
/// whatever the number of courses.
pub fn lessons_of_courses(conn: &mut DbConn, course_ids: &[String]) -> QueryResult<Vec<LessonRow>> {
    let modules: Vec<String> = course_modules::table
        .filter(course_modules::course_id.eq_any(course_ids))
        .order((course_modules::position.asc(), course_modules::id.asc()))
        .select(course_modules::id)
        .load(conn)?;
    // Ranked across courses, which keeps each course's modules in their own order.
    let rank: HashMap<String, usize> = modules.into_iter().enumerate().map(|(i, m)| (m, i)).collect();
    let mut rows: Vec<LessonRow> = course_lessons::table
        .filter(course_lessons::course_id.eq_any(course_ids))
        .order((course_lessons::position.asc(), course_lessons::id.asc()))
        .load(conn)?;
    rows.sort_by_key(|l| (rank.get(&l.module_id).copied().unwrap_or(usize::MAX), l.position));
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

/// A lesson by its id alone, whatever its course (for serving its video by a signed address).
pub fn find_lesson(conn: &mut DbConn, id: &str) -> QueryResult<Option<LessonRow>> {
    course_lessons::table.find(id).first(conn).optional()
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

/// Point the lesson at a video (key and size in bytes) or none.
pub fn set_lesson_video(
    conn: &mut DbConn,
    id: &str,
    video: Option<(&str, i64)>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(course_lessons::table.find(id))
        .set((
            course_lessons::video.eq(video.map(|v| v.0)),
            course_lessons::video_bytes.eq(video.map(|v| v.1)),
            course_lessons::updated_at.eq(now),
        ))
        .execute(conn)
}
