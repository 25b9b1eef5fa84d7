//! Queries of quizzes and the attempts at them.

use diesel::prelude::*;

use crate::courses::rows::*;
use crate::db::DbConn;
use crate::db::schema::{quiz_attempts, quizzes};

pub fn find_quiz(conn: &mut DbConn, lesson_id: &str) -> QueryResult<Option<QuizRow>> {
    quizzes::table.find(lesson_id).first(conn).optional()
}

/// Every quiz of a course.
pub fn quizzes_of_course(conn: &mut DbConn, course_id: &str) -> QueryResult<Vec<QuizRow>> {
    quizzes::table.filter(quizzes::course_id.eq(course_id)).load(conn)
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
