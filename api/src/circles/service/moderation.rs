//! Moderation of circle posts, as in consultations: anyone who reads a post reports it once; the
//! third report hides it until a moderator looks (the circle's moderators are told); moderators
//! hide (with a reason its author is told), restore or dismiss; every decision is audited.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use madani_shared::circles::{CircleModerationDecision, CircleModerationItem, CircleModerationQuery};
use madani_shared::consultations::{
    AUTO_HIDE_REPORTS, CreateReport, ModerationAction, ModerationStatus, Report, ReportReason,
};
use madani_shared::ids::{PostId, ThreadId, UserId};
use madani_shared::{ErrorCode, Page};

use super::super::access;
use super::super::repo::{self, moderation as repo_mod, threads as threads_repo};
use super::super::rows::{PostRow, ReportRow};
use super::threads::{readable, reindex};
use crate::audit::{self, Subject};
use crate::auth::AuthUser;
use crate::db::{DbConn, new_id, now, to_utc, write_tx};
use crate::error::{ApiError, ApiResult};
use crate::notifications::{About, notify, notify_all};
use crate::pagination;

/// Report a post (409 `already_reported` the second time, `conflict` for your own).
pub fn report(conn: &mut DbConn, user: &AuthUser, id: &str, req: &CreateReport) -> ApiResult<()> {
    write_tx(conn, |conn| {
        let post = threads_repo::find_post(conn, id)?.ok_or(ApiError::NotFound)?;
        let (thread, _) = readable(conn, &post.thread_id, Some(user))?;
        if post.author_id.as_deref() == Some(user.id.as_str()) {
            return Err(ApiError::Conflict(ErrorCode::Conflict));
        }
        let row = ReportRow {
            id: new_id(),
            circle_id: post.circle_id.clone(),
            post_id: post.id.clone(),
            reporter_id: user.id.clone(),
            reason: req.reason.as_str().to_owned(),
            details: req.details.as_deref().map(str::trim).map(str::to_owned),
            created_at: now(),
            resolved_at: None,
        };
        if repo_mod::insert_report(conn, &row)? == 0 {
            return Err(ApiError::Conflict(ErrorCode::AlreadyReported));
        }
        if post.hidden_at.is_none() && repo_mod::pending_count(conn, &post.id)? >= AUTO_HIDE_REPORTS {
            threads_repo::set_hidden(conn, &post.id, Some(now()), None)?;
            reindex(conn, &thread)?;
            let moderators = repo::with_role(conn, &post.circle_id, "moderator")?;
            let about = About::thread(&post.circle_id, &thread.id);
            notify_all(conn, &moderators, "circle.post_hidden_by_reports", about)?;
        }
        Ok(())
    })
}

/// The circle's reported posts (pending by default), or hidden ones, or all, latest first.
pub fn queue(
    conn: &mut DbConn,
    user: &AuthUser,
    circle: &str,
    q: &CircleModerationQuery,
) -> ApiResult<Page<CircleModerationItem>> {
    let sight = access::moderated(conn, circle, user)?;
    let id = sight.circle.id.clone();
    let mut keys: Vec<(String, NaiveDateTime)> = match q.status.unwrap_or(ModerationStatus::Pending) {
        ModerationStatus::Pending => repo_mod::reported(conn, &id, true)?,
        ModerationStatus::Hidden => repo_mod::hidden(conn, &id)?,
        ModerationStatus::All => {
            let mut keys = repo_mod::reported(conn, &id, false)?;
            for (post, at) in repo_mod::hidden(conn, &id)? {
                if !keys.iter().any(|(k, _)| *k == post) {
                    keys.push((post, at));
                }
            }
            keys
        }
    };
    keys.sort_by(|a, b| b.1.cmp(&a.1).then(b.0.cmp(&a.0)));
    let (keys, next_cursor) = pagination::offset_page(keys, q.cursor.as_deref(), q.limit.unwrap_or(20))?;
    let mut posts = Vec::new();
    for (post, _) in &keys {
        if let Some(p) = threads_repo::find_post(conn, post)? {
            posts.push(p);
        }
    }
    Ok(Page { items: items(conn, &posts)?, next_cursor })
}

fn items(conn: &mut DbConn, posts: &[PostRow]) -> ApiResult<Vec<CircleModerationItem>> {
    let ids: Vec<String> = posts.iter().map(|p| p.id.clone()).collect();
    let mut reports: HashMap<String, Vec<(ReportRow, String)>> = HashMap::new();
    for (r, name) in repo_mod::reports_of(conn, &ids)? {
        reports.entry(r.post_id.clone()).or_default().push((r, name));
    }
    let mut people: Vec<String> = posts.iter().filter_map(|p| p.author_id.clone()).collect();
    people.sort();
    people.dedup();
    let names: HashMap<String, String> = repo::names(conn, &people)?.into_iter().collect();
    let mut out = Vec::new();
    for p in posts {
        let thread = threads_repo::find(conn, &p.thread_id)?.ok_or(ApiError::NotFound)?;
        let mine = reports.remove(&p.id).unwrap_or_default();
        out.push(CircleModerationItem {
            post_id: PostId::stored(&p.id),
            thread_id: ThreadId::stored(&p.thread_id),
            thread_title: thread.title,
            text: p.body.clone(),
            author_id: p.author_id.as_deref().map(UserId::stored),
            author_name: p.author_id.as_ref().and_then(|a| names.get(a).cloned()),
            pending_reports: mine.iter().filter(|(r, _)| r.resolved_at.is_none()).count() as i64,
            reports: mine
                .into_iter()
                .take(20)
                .map(|(r, reporter_name)| Report {
                    reason: ReportReason::parse(&r.reason).unwrap_or(ReportReason::Other),
                    details: r.details,
                    reporter_name,
                    created_at: to_utc(r.created_at),
                })
                .collect(),
            hidden: p.hidden_at.is_some(),
            hidden_reason: p.hidden_reason.clone(),
            hidden_at: p.hidden_at.map(to_utc),
        });
    }
    Ok(out)
}

/// A moderator hides, restores or dismisses a post of the circle (404 for a post of another one).
pub fn decide(
    conn: &mut DbConn,
    user: &AuthUser,
    circle: &str,
    req: &CircleModerationDecision,
) -> ApiResult<CircleModerationItem> {
    write_tx(conn, |conn| {
        let sight = access::moderated(conn, circle, user)?;
        let post = threads_repo::find_post(conn, &req.post_id.to_string())?
            .filter(|p| p.circle_id == sight.circle.id)
            .ok_or(ApiError::NotFound)?;
        let thread = threads_repo::find(conn, &post.thread_id)?.ok_or(ApiError::NotFound)?;
        let at = now();
        let reason = req.reason.trim();
        let told = match req.action {
            ModerationAction::Hide => {
                threads_repo::set_hidden(conn, &post.id, Some(at), Some(reason))?;
                Some("moderation.post_hidden")
            }
            ModerationAction::Restore => {
                threads_repo::set_hidden(conn, &post.id, None, None)?;
                post.hidden_at.is_some().then_some("moderation.post_restored")
            }
            ModerationAction::Dismiss => None,
        };
        repo_mod::resolve(conn, &post.id, at)?;
        reindex(conn, &thread)?;
        if let (Some(kind), Some(author)) = (told, &post.author_id) {
            notify(conn, author, kind, About::thread(&post.circle_id, &thread.id).with_reason(Some(reason)))?;
        }
        audit::record(
            conn,
            Some(&user.id),
            &format!("circle_post.{}", req.action.as_str()),
            Subject::circle(&sight.circle.id),
            Some(&format!("{}: {reason}", post.id)),
        )?;
        let post = threads_repo::find_post(conn, &post.id)?.ok_or(ApiError::NotFound)?;
        items(conn, std::slice::from_ref(&post))?.pop().ok_or(ApiError::NotFound)
    })
}
