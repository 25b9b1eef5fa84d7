//! Comments on proposals: who may write them (as for proposing: the consultation open, not
//! blocked), threads three deep, the author's short window to change one, tombstones, and what a
//! viewer who does not moderate sees of a hidden one (a placeholder).

use std::collections::HashMap;

use chrono::TimeDelta;
use madani_shared::consultations::*;
use madani_shared::ids::{CommentId, ProposalId, UserId};
use madani_shared::page::PageQuery;
use madani_shared::{ErrorCode, Page};

use super::super::access;
use super::super::repo::{comments as repo, moderation as moderation_repo, proposals as proposals_repo};
use super::super::rows::CommentRow;
use crate::audit::{self, Subject};
use crate::auth::AuthUser;
use crate::db::{DbConn, new_id, now, to_utc, write_tx};
use crate::error::{ApiError, ApiResult};
use crate::notifications::{About, notify};
use crate::pagination::{self, page_of};

/// The comments as `viewer` sees them: tombstones and, unless they moderate, placeholders for
/// hidden ones, without text or author.
fn views(
    conn: &mut DbConn,
    rows: &[CommentRow],
    viewer: Option<&AuthUser>,
    moderator: bool,
) -> ApiResult<Vec<Comment>> {
    let mut people: Vec<String> = rows.iter().filter_map(|r| r.author_id.clone()).collect();
    people.sort();
    people.dedup();
    let names: HashMap<String, String> = proposals_repo::names(conn, &people)?.into_iter().collect();
    let reported = match viewer {
        Some(u) => {
            let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
            moderation_repo::reported_by(conn, &ids, &u.id)?
        }
        None => Vec::new(),
    };
    Ok(rows
        .iter()
        .map(|r| {
            let deleted = r.deleted_at.is_some() || r.author_id.is_none();
            let hidden = r.hidden_at.is_some();
            let shown = !deleted && (!hidden || moderator);
            let body = if shown { r.body.clone() } else { String::new() };
            Comment {
                id: CommentId::stored(&r.id),
                proposal_id: ProposalId::stored(&r.proposal_id),
                parent_id: r.parent_id.as_deref().map(CommentId::stored),
                depth: i16::try_from(r.depth).unwrap_or(COMMENT_MAX_DEPTH),
                body_html: crate::markdown::to_html(&body),
                body,
                author_id: r.author_id.as_deref().filter(|_| shown).map(UserId::stored),
                author_name: r.author_id.as_ref().filter(|_| shown).and_then(|a| names.get(a).cloned()),
                deleted,
                hidden,
                created_at: to_utc(r.created_at),
                edited_at: r.edited_at.map(to_utc),
                editable_until: to_utc(r.created_at + TimeDelta::minutes(COMMENT_EDIT_MINUTES)),
                reported: reported.contains(&r.id),
            }
        })
        .collect())
}

fn view(conn: &mut DbConn, row: &CommentRow, viewer: &AuthUser, moderator: bool) -> ApiResult<Comment> {
    views(conn, std::slice::from_ref(row), Some(viewer), moderator)?.pop().ok_or(ApiError::NotFound)
}

/// A page of the proposal's comments, oldest first.
pub fn list(conn: &mut DbConn, viewer: Option<&AuthUser>, proposal: &str, q: &PageQuery) -> ApiResult<Page<Comment>> {
    let (p, moderator) = super::proposals::load_visible(conn, viewer, proposal)?;
    // A hidden proposal's discussion is hidden with it, but from its author and the moderators.
    if p.hidden_at.is_some() && !moderator && viewer.is_none_or(|u| u.id != p.author_id) {
        return Ok(Page { items: Vec::new(), next_cursor: None });
    }
    let limit = i64::from(q.limit());
    let after = pagination::after_time_and_id(q.cursor.as_deref())?;
    let rows = repo::page(conn, &p.id, after, limit + 1)?;
    let (rows, next_cursor) = page_of(rows, limit, |r| Some(pagination::time_and_id(r.created_at, &r.id)));
    Ok(Page { items: views(conn, &rows, viewer, moderator)?, next_cursor })
}

/// Comment on a proposal, or reply (three deep at most: 422 `parent_id` `too_deep`). The
/// proposal's author and the author of the comment answered are told.
pub fn create(conn: &mut DbConn, user: &AuthUser, proposal: &str, input: &CreateComment) -> ApiResult<Comment> {
    write_tx(conn, |conn| {
        let (p, moderator) = super::proposals::load_visible(conn, Some(user), proposal)?;
        let consultation = super::super::repo::find(conn, &p.consultation_id)?;
        crate::associations::access::require_verified_email(conn, user)?;
        access::require_not_blocked(conn, &consultation.id, user)?;
        super::proposals::require_open_for_proposals(&consultation)?;
        if p.hidden_at.is_some() && !moderator {
            return Err(ApiError::Conflict(ErrorCode::ProposalLocked));
        }
        let parent = match &input.parent_id {
            Some(id) => {
                let parent = repo::find(conn, &id.to_string())
                    .map_err(|_| ApiError::field("parent_id", "unknown", "is not a comment of this proposal"))?;
                if parent.proposal_id != p.id {
                    return Err(ApiError::field("parent_id", "unknown", "is not a comment of this proposal"));
                }
                if i16::try_from(parent.depth).unwrap_or(COMMENT_MAX_DEPTH) >= COMMENT_MAX_DEPTH {
                    return Err(ApiError::field("parent_id", "too_deep", "a reply to a reply cannot be answered"));
                }
                Some(parent)
            }
            None => None,
        };
        let row = CommentRow {
            id: new_id(),
            proposal_id: p.id.clone(),
            parent_id: parent.as_ref().map(|c| c.id.clone()),
            depth: parent.as_ref().map_or(1, |c| c.depth + 1),
            author_id: Some(user.id.clone()),
            body: input.body.trim().to_owned(),
            created_at: now(),
            edited_at: None,
            deleted_at: None,
            hidden_at: None,
            hidden_reason: None,
        };
        repo::insert(conn, &row)?;
        let about = About::proposal(&p.consultation_id, &p.id).by(&user.id);
        if p.author_id != user.id {
            notify(conn, &p.author_id, "proposal.commented", about.clone())?;
        }
        if let Some(parent_author) = parent.and_then(|c| c.author_id).filter(|a| *a != user.id && *a != p.author_id) {
            notify(conn, &parent_author, "comment.replied", about)?;
        }
        view(conn, &row, user, moderator)
    })
}

/// The comment, its proposal's consultation, and whether `user` moderates it.
fn load(conn: &mut DbConn, user: &AuthUser, id: &str) -> ApiResult<(CommentRow, String, bool)> {
    let c = repo::find(conn, id)?;
    let (p, moderator) = super::proposals::load_visible(conn, Some(user), &c.proposal_id)?;
    Ok((c, p.consultation_id, moderator))
}

/// Its author changes it, within its first minutes (`comment_locked` after, or once deleted or
/// hidden).
pub fn update(conn: &mut DbConn, user: &AuthUser, id: &str, input: &UpdateComment) -> ApiResult<Comment> {
    write_tx(conn, |conn| {
        let (c, _, moderator) = load(conn, user, id)?;
        if c.author_id.as_deref() != Some(user.id.as_str()) {
            return Err(ApiError::Forbidden(ErrorCode::NotAuthor));
        }
        let late = now() > c.created_at + TimeDelta::minutes(COMMENT_EDIT_MINUTES);
        if late || c.deleted_at.is_some() || c.hidden_at.is_some() {
            return Err(ApiError::Conflict(ErrorCode::CommentLocked));
        }
        repo::set_body(conn, &c.id, input.body.trim(), now())?;
        let c = repo::find(conn, id)?;
        view(conn, &c, user, moderator)
    })
}

/// Its author or a moderator deletes it: a tombstone keeps its place (deleting again changes
/// nothing). A moderator's deletion is audited.
pub fn delete(conn: &mut DbConn, user: &AuthUser, id: &str) -> ApiResult<Comment> {
    write_tx(conn, |conn| {
        let (c, consultation, moderator) = load(conn, user, id)?;
        let author = c.author_id.as_deref() == Some(user.id.as_str());
        if !author && !moderator {
            return Err(ApiError::Forbidden(ErrorCode::NotAuthor));
        }
        if repo::tombstone(conn, &c.id, now())? == 1 && !author {
            audit::record(conn, Some(&user.id), "comment.deleted", Subject::consultation(&consultation), Some(&c.id))?;
        }
        let c = repo::find(conn, id)?;
        view(conn, &c, user, moderator)
    })
}
