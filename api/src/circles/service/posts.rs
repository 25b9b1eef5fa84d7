//! Posts: a thread's posts (a hidden one's text for moderators only), replies, changes within 30
//! minutes, tombstones; who is told (the thread's author, the author replied to, the members
//! mentioned) and the circle's members' sockets.

use std::collections::HashMap;

use chrono::TimeDelta;
use madani_shared::circles::{CirclePost, EditPost, Mention, NewPost, POST_EDIT_MINUTES};
use madani_shared::ids::{PostId, ThreadId, UserId};
use madani_shared::page::PageQuery;
use madani_shared::{ErrorCode, Page};

use super::super::access::{self, Sight};
use super::super::repo::{self, moderation as moderation_repo, threads as threads_repo};
use super::super::rows::{PostRow, ThreadRow, joined};
use super::files;
use super::threads::{index_post, readable, reindex};
use crate::auth::AuthUser;
use crate::db::{DbConn, new_id, now, to_utc, write_tx};
use crate::error::{ApiError, ApiResult};
use crate::notifications::{About, notify};
use crate::pagination;

/// Replies a member may write in a minute, in all circles.
const REPLIES_PER_MINUTE: i64 = 30;

/// The members `mentions` names, checked: each must write in the circle (422 `mentions` `unknown`
/// otherwise); yourself aside.
pub fn checked_mentions(conn: &mut DbConn, circle: &str, mentions: &[UserId], author: &str) -> ApiResult<Vec<String>> {
    let mut ids: Vec<String> = mentions.iter().map(ToString::to_string).filter(|id| id != author).collect();
    ids.sort();
    ids.dedup();
    if ids.is_empty() {
        return Ok(ids);
    }
    let known = repo::writers_among(conn, circle, &ids)?;
    if known.len() != ids.len() {
        return Err(ApiError::field("mentions", "unknown", "mentions members of this circle only"));
    }
    Ok(ids)
}

/// Tell the members mentioned.
pub fn tell_mentioned(conn: &mut DbConn, thread: &ThreadRow, mentioned: &[String], actor: &str) -> ApiResult<()> {
    for person in mentioned {
        notify(conn, person, "circle.mentioned", About::thread(&thread.circle_id, &thread.id).by(actor))?;
    }
    Ok(())
}

/// The circle's members (but `actor`) hear that the thread changed.
pub fn publish_change(conn: &mut DbConn, thread: &ThreadRow, actor: &str) -> ApiResult<()> {
    let members: Vec<String> = repo::active_ids(conn, &thread.circle_id)?.into_iter().filter(|m| m != actor).collect();
    let event = crate::realtime::NewEvent {
        actor_id: Some(actor),
        ..crate::realtime::NewEvent::circle(&thread.circle_id, &thread.id)
    };
    crate::realtime::publish(conn, &members, &event)?;
    Ok(())
}

/// Whether the post's text and files are shown: not deleted, and not hidden but to moderators.
fn shown(sight: &Sight, post: &PostRow) -> bool {
    post.deleted_at.is_none() && (post.hidden_at.is_none() || sight.is_moderator())
}

/// The posts as `viewer` reads them.
pub fn views(
    conn: &mut DbConn,
    sight: &Sight,
    thread: &ThreadRow,
    rows: &[PostRow],
    viewer: Option<&str>,
) -> ApiResult<Vec<CirclePost>> {
    let mut people: Vec<String> = rows.iter().filter_map(|p| p.author_id.clone()).collect();
    for p in rows {
        people.extend(p.mentioned());
    }
    people.sort();
    people.dedup();
    let names: HashMap<String, String> = repo::names(conn, &people)?.into_iter().collect();
    let ids: Vec<String> = rows.iter().map(|p| p.id.clone()).collect();
    let reported = match viewer {
        Some(v) => moderation_repo::reported_by(conn, &ids, v)?,
        None => Vec::new(),
    };
    let shown_ids: Vec<String> = rows.iter().filter(|p| shown(sight, p)).map(|p| p.id.clone()).collect();
    let mut attached = files::of_posts(conn, &shown_ids)?;
    Ok(rows
        .iter()
        .map(|p| {
            let visible = shown(sight, p);
            CirclePost {
                id: PostId::stored(&p.id),
                thread_id: ThreadId::stored(&p.thread_id),
                reply_to: p.reply_to.as_deref().map(PostId::stored),
                author_id: p.author_id.as_deref().map(UserId::stored),
                author_name: p.author_id.as_ref().and_then(|a| names.get(a).cloned()),
                body: visible.then(|| p.body.clone()),
                html: visible.then(|| {
                    let mentioned: Vec<String> = p.mentioned();
                    let named: Vec<&str> = mentioned.iter().filter_map(|m| names.get(m).map(String::as_str)).collect();
                    crate::markdown::to_html_marking(&p.body, &named)
                }),
                mentions: if visible {
                    p.mentioned()
                        .iter()
                        .map(|m| Mention {
                            user_id: UserId::stored(m),
                            name: names.get(m).cloned().unwrap_or_default(),
                        })
                        .collect()
                } else {
                    Vec::new()
                },
                attachments: attached.remove(&p.id).unwrap_or_default(),
                opening: p.opening,
                is_answer: thread.answer_post_id.as_deref() == Some(p.id.as_str()),
                created_at: to_utc(p.created_at),
                edited_at: p.edited_at.map(to_utc),
                deleted: p.deleted_at.is_some(),
                hidden: p.hidden_at.is_some(),
                reported: reported.contains(&p.id),
            }
        })
        .collect())
}

fn one(conn: &mut DbConn, sight: &Sight, thread: &ThreadRow, row: &PostRow, viewer: &str) -> ApiResult<CirclePost> {
    views(conn, sight, thread, std::slice::from_ref(row), Some(viewer))?.pop().ok_or(ApiError::NotFound)
}

/// A thread's posts, oldest first.
pub fn list(conn: &mut DbConn, user: Option<&AuthUser>, thread: &str, q: &PageQuery) -> ApiResult<Page<CirclePost>> {
    let (thread, sight) = readable(conn, thread, user)?;
    let limit = i64::from(q.limit.unwrap_or(20));
    let offset = match q.cursor.as_deref().map(pagination::decode).transpose()?.as_deref() {
        Some([n]) => pagination::parse_number(n)?,
        Some(_) => return Err(pagination::bad_cursor()),
        None => 0,
    };
    let rows = threads_repo::posts(conn, &thread.id, offset, limit + 1)?;
    let next_cursor = (rows.len() as i64 > limit).then(|| pagination::encode(&[&(offset + limit).to_string()]));
    let rows: Vec<PostRow> = rows.into_iter().take(limit as usize).collect();
    let items = views(conn, &sight, &thread, &rows, user.map(|u| u.id.as_str()))?;
    Ok(Page { items, next_cursor })
}

/// Reply in a thread (moderators and members). The thread's author and the author replied to are
/// told, the members mentioned too (once: a mention says more than a reply).
pub fn reply(conn: &mut DbConn, user: &AuthUser, thread: &str, req: &NewPost) -> ApiResult<CirclePost> {
    crate::ratelimit::hit(conn, &format!("circle_posts:{}", user.id), REPLIES_PER_MINUTE, TimeDelta::minutes(1))?;
    write_tx(conn, |conn| {
        let thread = threads_repo::find(conn, thread)?.ok_or(ApiError::NotFound)?;
        let sight = access::writable(conn, &thread.circle_id, user)?;
        let replied = match &req.reply_to {
            Some(id) => Some(
                threads_repo::find_post(conn, &id.to_string())?
                    .filter(|p| p.thread_id == thread.id)
                    .ok_or_else(|| ApiError::field("reply_to", "unknown", "is not a post of this thread"))?,
            ),
            None => None,
        };
        let mentioned = checked_mentions(conn, &thread.circle_id, &req.mentions, &user.id)?;
        let at = now();
        let row = PostRow {
            id: new_id(),
            thread_id: thread.id.clone(),
            circle_id: thread.circle_id.clone(),
            reply_to: replied.as_ref().map(|p| p.id.clone()),
            author_id: Some(user.id.clone()),
            opening: false,
            body: req.body.trim().to_owned(),
            mentions: joined(&mentioned),
            created_at: at,
            edited_at: None,
            deleted_at: None,
            hidden_at: None,
            hidden_reason: None,
        };
        threads_repo::insert_post(conn, &row)?;
        files::claim(conn, &req.attachment_ids, &thread.circle_id, &user.id, &row.id)?;
        threads_repo::bump(conn, &thread.id, at)?;
        repo::touch(conn, &thread.circle_id, 0, at)?;
        index_post(conn, &thread, &row.body)?;
        tell_mentioned(conn, &thread, &mentioned, &user.id)?;
        let mut told: Vec<String> = mentioned.clone();
        told.push(user.id.clone());
        let about = About::thread(&thread.circle_id, &thread.id).by(&user.id);
        for person in [thread.author_id.clone(), replied.and_then(|p| p.author_id)].into_iter().flatten() {
            if !told.contains(&person) {
                notify(conn, &person, "circle.replied", about.clone())?;
                told.push(person);
            }
        }
        publish_change(conn, &thread, &user.id)?;
        let thread = threads_repo::find(conn, &thread.id)?.ok_or(ApiError::NotFound)?;
        one(conn, &sight, &thread, &row, &user.id)
    })
}

/// The post, its thread and circle, for its author or (to delete) a moderator.
fn for_change(conn: &mut DbConn, user: &AuthUser, id: &str) -> ApiResult<(PostRow, ThreadRow, Sight)> {
    let post = threads_repo::find_post(conn, id)?.ok_or(ApiError::NotFound)?;
    let (thread, sight) = readable(conn, &post.thread_id, Some(user))?;
    Ok((post, thread, sight))
}

/// Change your post's text in its first 30 minutes; members newly mentioned are told.
pub fn edit(conn: &mut DbConn, user: &AuthUser, id: &str, req: &EditPost) -> ApiResult<CirclePost> {
    write_tx(conn, |conn| {
        let (post, thread, sight) = for_change(conn, user, id)?;
        if post.author_id.as_deref() != Some(user.id.as_str()) {
            return Err(ApiError::Forbidden(ErrorCode::NotAuthor));
        }
        let at = now();
        if post.deleted_at.is_some()
            || post.hidden_at.is_some()
            || at > post.created_at + TimeDelta::minutes(POST_EDIT_MINUTES)
        {
            return Err(ApiError::Conflict(ErrorCode::PostLocked));
        }
        let sight = if sight.role().is_some() { sight } else { access::writable(conn, &thread.circle_id, user)? };
        let mentioned = checked_mentions(conn, &thread.circle_id, &req.mentions, &user.id)?;
        let before = post.mentioned();
        threads_repo::change_post(conn, id, Some((req.body.trim(), &joined(&mentioned))), at)?;
        let new: Vec<String> = mentioned.into_iter().filter(|m| !before.contains(m)).collect();
        tell_mentioned(conn, &thread, &new, &user.id)?;
        reindex(conn, &thread)?;
        publish_change(conn, &thread, &user.id)?;
        let post = threads_repo::find_post(conn, id)?.ok_or(ApiError::NotFound)?;
        one(conn, &sight, &thread, &post, &user.id)
    })
}

/// Delete a post (its author, or a moderator): a tombstone keeps its place; an answer is unmarked.
pub fn delete(conn: &mut DbConn, user: &AuthUser, id: &str) -> ApiResult<CirclePost> {
    write_tx(conn, |conn| {
        let (post, thread, sight) = for_change(conn, user, id)?;
        if post.author_id.as_deref() != Some(user.id.as_str()) && !sight.is_moderator() {
            return Err(ApiError::Forbidden(ErrorCode::NotAuthor));
        }
        if post.deleted_at.is_none() {
            threads_repo::change_post(conn, id, None, now())?;
            files::release(conn, id)?;
            if thread.answer_post_id.as_deref() == Some(id) {
                threads_repo::set_answer(conn, &thread.id, None)?;
            }
            reindex(conn, &thread)?;
            publish_change(conn, &thread, &user.id)?;
        }
        let thread = threads_repo::find(conn, &thread.id)?.ok_or(ApiError::NotFound)?;
        let post = threads_repo::find_post(conn, id)?.ok_or(ApiError::NotFound)?;
        one(conn, &sight, &thread, &post, &user.id)
    })
}
