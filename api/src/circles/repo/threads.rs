//! Diesel queries for threads, posts and the threads' search terms.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::super::rows::{PostRow, ThreadRow};
use crate::db::DbConn;
use crate::db::schema::{circle_posts, circle_terms, circle_threads};

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<ThreadRow>> {
    circle_threads::table.find(id).select(ThreadRow::as_select()).first(conn).optional()
}

pub fn insert(conn: &mut DbConn, row: &ThreadRow) -> QueryResult<usize> {
    diesel::insert_into(circle_threads::table).values(row).execute(conn)
}

pub fn set_title(conn: &mut DbConn, id: &str, title: &str) -> QueryResult<usize> {
    diesel::update(circle_threads::table.find(id)).set(circle_threads::title.eq(title)).execute(conn)
}

pub fn set_pinned(conn: &mut DbConn, id: &str, pinned: bool) -> QueryResult<usize> {
    diesel::update(circle_threads::table.find(id)).set(circle_threads::pinned.eq(pinned)).execute(conn)
}

pub fn set_answer(conn: &mut DbConn, id: &str, post_id: Option<&str>) -> QueryResult<usize> {
    diesel::update(circle_threads::table.find(id)).set(circle_threads::answer_post_id.eq(post_id)).execute(conn)
}

/// Count a reply written at `at`.
pub fn bump(conn: &mut DbConn, id: &str, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(circle_threads::table.find(id))
        .set((circle_threads::reply_count.eq(circle_threads::reply_count + 1), circle_threads::last_post_at.eq(at)))
        .execute(conn)
}

/// A circle's threads matching every word, pinned first, then latest active, after the cursor
/// `(pinned, last_post_at, id)`.
pub fn page(
    conn: &mut DbConn,
    circle_id: &str,
    words: &[String],
    after: Option<(bool, NaiveDateTime, String)>,
    limit: i64,
) -> QueryResult<Vec<ThreadRow>> {
    let mut query = circle_threads::table
        .filter(circle_threads::circle_id.eq(circle_id))
        .select(ThreadRow::as_select())
        .into_boxed();
    for word in words {
        let upper = crate::search::prefix_end(word);
        query = query.filter(
            circle_threads::id.eq_any(
                circle_terms::table
                    .filter(circle_terms::circle_id.eq(circle_id))
                    .filter(circle_terms::term.ge(word.clone()))
                    .filter(circle_terms::term.lt(upper))
                    .select(circle_terms::thread_id),
            ),
        );
    }
    if let Some((pinned, at, id)) = after {
        let same = circle_threads::pinned.eq(pinned);
        let later =
            circle_threads::last_post_at.lt(at).or(circle_threads::last_post_at.eq(at).and(circle_threads::id.lt(id)));
        query = if pinned {
            query.filter(circle_threads::pinned.eq(false).or(same.and(later)))
        } else {
            query.filter(same.and(later))
        };
    }
    query
        .order((circle_threads::pinned.desc(), circle_threads::last_post_at.desc(), circle_threads::id.desc()))
        .limit(limit)
        .load(conn)
}

pub fn find_post(conn: &mut DbConn, id: &str) -> QueryResult<Option<PostRow>> {
    circle_posts::table.find(id).select(PostRow::as_select()).first(conn).optional()
}

pub fn insert_post(conn: &mut DbConn, row: &PostRow) -> QueryResult<usize> {
    diesel::insert_into(circle_posts::table).values(row).execute(conn)
}

/// A new text (and its mentions), or a tombstone (`body` none).
pub fn change_post(conn: &mut DbConn, id: &str, body: Option<(&str, &str)>, at: NaiveDateTime) -> QueryResult<usize> {
    match body {
        Some((text, mentions)) => diesel::update(circle_posts::table.find(id))
            .set((circle_posts::body.eq(text), circle_posts::mentions.eq(mentions), circle_posts::edited_at.eq(at)))
            .execute(conn),
        None => diesel::update(circle_posts::table.find(id))
            .set((circle_posts::body.eq(""), circle_posts::mentions.eq(""), circle_posts::deleted_at.eq(at)))
            .execute(conn),
    }
}

pub fn set_hidden(conn: &mut DbConn, id: &str, at: Option<NaiveDateTime>, reason: Option<&str>) -> QueryResult<usize> {
    diesel::update(circle_posts::table.find(id))
        .set((circle_posts::hidden_at.eq(at), circle_posts::hidden_reason.eq(reason)))
        .execute(conn)
}

/// A thread's posts, oldest first, from `offset`.
pub fn posts(conn: &mut DbConn, thread_id: &str, offset: i64, limit: i64) -> QueryResult<Vec<PostRow>> {
    circle_posts::table
        .filter(circle_posts::thread_id.eq(thread_id))
        .order((circle_posts::created_at.asc(), circle_posts::id.asc()))
        .offset(offset)
        .limit(limit)
        .select(PostRow::as_select())
        .load(conn)
}

/// The live texts of a thread's posts (for its search terms).
pub fn live_texts(conn: &mut DbConn, thread_id: &str) -> QueryResult<Vec<String>> {
    circle_posts::table
        .filter(circle_posts::thread_id.eq(thread_id))
        .filter(circle_posts::deleted_at.is_null())
        .filter(circle_posts::hidden_at.is_null())
        .select(circle_posts::body)
        .load(conn)
}

/// Replace a thread's search terms with `words`.
pub fn set_terms(conn: &mut DbConn, thread_id: &str, circle_id: &str, words: &[String]) -> QueryResult<()> {
    diesel::delete(circle_terms::table.filter(circle_terms::thread_id.eq(thread_id))).execute(conn)?;
    add_terms(conn, thread_id, circle_id, words)
}

/// Of `words`, those the thread's terms already hold.
pub fn known_terms(conn: &mut DbConn, thread_id: &str, words: &[String]) -> QueryResult<Vec<String>> {
    let mut known = Vec::new();
    for chunk in words.chunks(300) {
        known.extend(
            circle_terms::table
                .filter(circle_terms::thread_id.eq(thread_id))
                .filter(circle_terms::term.eq_any(chunk))
                .select(circle_terms::term)
                .load::<String>(conn)?,
        );
    }
    Ok(known)
}

/// Add `words` (none of which the thread holds yet) to the thread's terms.
pub fn add_terms(conn: &mut DbConn, thread_id: &str, circle_id: &str, words: &[String]) -> QueryResult<()> {
    let rows: Vec<_> = words
        .iter()
        .map(|w| {
            (
                circle_terms::term.eq(w.as_str()),
                circle_terms::thread_id.eq(thread_id),
                circle_terms::circle_id.eq(circle_id),
            )
        })
        .collect();
    crate::db::insert_chunks!(conn, circle_terms::table, rows, 300);
    Ok(())
}
