//! Threads: the list of a circle (pinned first, searchable), starting one with its opening post,
//! changing its title or pin, and marking a question's answer.

use chrono::TimeDelta;
use madani_shared::ErrorCode;
use madani_shared::circles::{
    MarkAnswer, NewThread, POST_EDIT_MINUTES, ThreadChange, ThreadKind, ThreadPage, ThreadView, ThreadsQuery,
};
use madani_shared::search::tokens;

use super::super::access::{self, Sight};
use super::super::repo::{self, threads as threads_repo};
use super::super::rows::{PostRow, ThreadRow, joined};
use super::files;
use super::posts::{checked_mentions, publish_change, tell_mentioned};
use super::{query_words, thread_views};
use crate::audit::{self, Subject};
use crate::auth::AuthUser;
use crate::db::{DbConn, new_id, now, write_tx};
use crate::error::{ApiError, ApiResult};
use crate::notifications::{About, notify};
use crate::pagination::{self, page_of};

/// New threads a member may start in an hour, in all circles.
const THREADS_PER_HOUR: i64 = 20;

/// The thread and its circle as `user` may read them (404 when the circle is hidden from them).
pub fn readable(conn: &mut DbConn, id: &str, user: Option<&AuthUser>) -> ApiResult<(ThreadRow, Sight)> {
    let thread = threads_repo::find(conn, id)?.ok_or(ApiError::NotFound)?;
    let sight = access::readable(conn, &thread.circle_id, user)?;
    Ok((thread, sight))
}

pub fn view(conn: &mut DbConn, thread: &ThreadRow, sight: &Sight) -> ApiResult<ThreadView> {
    let thread = thread_views(conn, std::slice::from_ref(thread))?.pop().ok_or(ApiError::NotFound)?;
    Ok(ThreadView { thread, circle_name: sight.circle.name(), standing: sight.standing() })
}

/// Rebuild a thread's search terms: the folded words of its title and live posts (after a post
/// was changed, hidden or deleted, when words may have gone).
pub fn reindex(conn: &mut DbConn, thread: &ThreadRow) -> ApiResult<()> {
    let mut words: Vec<String> = tokens(&thread.title);
    for text in threads_repo::live_texts(conn, &thread.id)? {
        words.extend(tokens(&text));
    }
    threads_repo::set_terms(conn, &thread.id, &thread.circle_id, &terms(words))?;
    Ok(())
}

/// Add a new post's words to its thread's search terms: a reply only adds words, so the thread's
/// other posts are not read again.
pub fn index_post(conn: &mut DbConn, thread: &ThreadRow, text: &str) -> ApiResult<()> {
    let mut words = terms(tokens(text));
    let known = threads_repo::known_terms(conn, &thread.id, &words)?;
    words.retain(|w| !known.contains(w));
    threads_repo::add_terms(conn, &thread.id, &thread.circle_id, &words)?;
    Ok(())
}

/// The words kept as search terms: at most 40 characters, each once, sorted.
fn terms(mut words: Vec<String>) -> Vec<String> {
    words.retain(|w| w.chars().count() <= 40);
    words.sort_unstable();
    words.dedup();
    words
}

/// A circle's threads: pinned first, then the latest active; `q` keeps those whose title or a
/// live post has a word starting with each of its words.
pub fn list(conn: &mut DbConn, user: Option<&AuthUser>, circle: &str, q: &ThreadsQuery) -> ApiResult<ThreadPage> {
    let sight = access::readable(conn, circle, user)?;
    let limit = i64::from(q.limit.unwrap_or(20));
    let after = match q.cursor.as_deref().map(pagination::decode).transpose()?.as_deref() {
        Some([pinned, at, id]) => Some((pinned == "1", pagination::parse_time(at)?, id.clone())),
        Some(_) => return Err(pagination::bad_cursor()),
        None => None,
    };
    let words = query_words(q.q.as_deref());
    let rows = threads_repo::page(conn, &sight.circle.id, &words, after, limit + 1)?;
    let (rows, next_cursor) = page_of(rows, limit, |t| {
        Some(pagination::encode(&[if t.pinned { "1" } else { "0" }, &pagination::time_part(t.last_post_at), &t.id]))
    });
    Ok(ThreadPage { items: thread_views(conn, &rows)?, next_cursor })
}

/// Start a thread with its opening post (moderators and members); the members it mentions are
/// told, and the circle's members hear of it on their sockets.
pub fn start(conn: &mut DbConn, user: &AuthUser, circle: &str, req: &NewThread) -> ApiResult<ThreadView> {
    crate::ratelimit::hit(conn, &format!("circle_threads:{}", user.id), THREADS_PER_HOUR, TimeDelta::hours(1))?;
    write_tx(conn, |conn| {
        let sight = access::writable(conn, circle, user)?;
        let mentioned = checked_mentions(conn, circle, &req.mentions, &user.id)?;
        let at = now();
        let thread = ThreadRow {
            id: new_id(),
            circle_id: circle.to_owned(),
            author_id: Some(user.id.clone()),
            title: req.title.trim().to_owned(),
            kind: req.kind.as_str().to_owned(),
            pinned: false,
            answer_post_id: None,
            reply_count: 0,
            created_at: at,
            last_post_at: at,
        };
        threads_repo::insert(conn, &thread)?;
        let post = PostRow {
            id: new_id(),
            thread_id: thread.id.clone(),
            circle_id: circle.to_owned(),
            reply_to: None,
            author_id: Some(user.id.clone()),
            opening: true,
            body: req.body.trim().to_owned(),
            mentions: joined(&mentioned),
            created_at: at,
            edited_at: None,
            deleted_at: None,
            hidden_at: None,
            hidden_reason: None,
        };
        threads_repo::insert_post(conn, &post)?;
        files::claim(conn, &req.attachment_ids, circle, &user.id, &post.id)?;
        repo::touch(conn, circle, 1, at)?;
        reindex(conn, &thread)?;
        tell_mentioned(conn, &thread, &mentioned, &user.id)?;
        publish_change(conn, &thread, &user.id)?;
        view(conn, &thread, &sight)
    })
}

pub fn get(conn: &mut DbConn, user: Option<&AuthUser>, id: &str) -> ApiResult<ThreadView> {
    let (thread, sight) = readable(conn, id, user)?;
    view(conn, &thread, &sight)
}

/// Change a thread's title (its author in its first 30 minutes, or a moderator) or pin (a
/// moderator).
pub fn update(conn: &mut DbConn, user: &AuthUser, id: &str, req: &ThreadChange) -> ApiResult<ThreadView> {
    write_tx(conn, |conn| {
        let (thread, sight) = readable(conn, id, Some(user))?;
        if req.pinned.is_some() && !sight.is_moderator() {
            return Err(ApiError::Forbidden(ErrorCode::NotCircleModerator));
        }
        if let Some(title) = &req.title {
            if !sight.is_moderator() {
                if thread.author_id.as_deref() != Some(user.id.as_str()) || sight.role().is_none() {
                    return Err(ApiError::Forbidden(ErrorCode::NotAuthor));
                }
                if now() > thread.created_at + TimeDelta::minutes(POST_EDIT_MINUTES) {
                    return Err(ApiError::Conflict(ErrorCode::PostLocked));
                }
            }
            threads_repo::set_title(conn, id, title.trim())?;
        }
        if let Some(pinned) = req.pinned {
            threads_repo::set_pinned(conn, id, pinned)?;
            let action = if pinned { "circle.thread_pinned" } else { "circle.thread_unpinned" };
            audit::record(conn, Some(&user.id), action, Subject::circle(&thread.circle_id), Some(id))?;
        }
        let thread = threads_repo::find(conn, id)?.ok_or(ApiError::NotFound)?;
        if req.title.is_some() {
            reindex(conn, &thread)?;
        }
        publish_change(conn, &thread, &user.id)?;
        view(conn, &thread, &sight)
    })
}

/// Mark a reply as a question's answer, or unmark (the thread's author or a moderator); the
/// answer's author is told.
pub fn mark_answer(conn: &mut DbConn, user: &AuthUser, id: &str, req: &MarkAnswer) -> ApiResult<ThreadView> {
    write_tx(conn, |conn| {
        let (thread, sight) = readable(conn, id, Some(user))?;
        let own = thread.author_id.as_deref() == Some(user.id.as_str()) && sight.role().is_some();
        if !own && !sight.is_moderator() {
            return Err(ApiError::Forbidden(ErrorCode::NotAuthor));
        }
        if ThreadKind::parse(&thread.kind) != Some(ThreadKind::Question) {
            return Err(ApiError::Conflict(ErrorCode::NotAQuestion));
        }
        let post = match &req.post_id {
            Some(post_id) => {
                let post = threads_repo::find_post(conn, &post_id.to_string())?
                    .filter(|p| p.thread_id == thread.id && !p.opening && p.deleted_at.is_none())
                    .ok_or_else(|| ApiError::field("post_id", "unknown", "is not a reply of this thread"))?;
                Some(post)
            }
            None => None,
        };
        threads_repo::set_answer(conn, id, post.as_ref().map(|p| p.id.as_str()))?;
        if let Some(author) = post.as_ref().and_then(|p| p.author_id.as_deref()).filter(|a| *a != user.id) {
            notify(conn, author, "circle.answer_marked", About::thread(&thread.circle_id, &thread.id).by(&user.id))?;
        }
        let thread = threads_repo::find(conn, id)?.ok_or(ApiError::NotFound)?;
        publish_change(conn, &thread, &user.id)?;
        view(conn, &thread, &sight)
    })
}
