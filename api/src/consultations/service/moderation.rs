//! Moderation: reports (once per person and item; the third hides the item until a moderator
//! looks), the moderators' queue and decisions (hide, restore, dismiss — with a reason the author
//! is told), blocks, and the daily summary of what waits. Moderators are the organisers' staff and
//! administrators; every decision is audited.

use std::collections::HashMap;

use chrono::{NaiveDateTime, TimeDelta};
use madani_shared::consultations::*;
use madani_shared::ids::{ProposalId, UserId};
use madani_shared::{ErrorCode, Page};
use uuid::Uuid;

use super::super::access;
use super::super::repo::{comments as comments_repo, moderation as repo, proposals as proposals_repo};
use super::super::rows::{BlockRow, ReportRow};
use crate::audit::{self, Subject};
use crate::auth::AuthUser;
use crate::db::{DbConn, new_id, now, to_utc, write_tx};
use crate::error::{ApiError, ApiResult};
use crate::jobs::{self, Job};
use crate::notifications::{About, notify};
use crate::pagination;

/// What a report or a decision is about, as stored.
struct Item {
    kind: ModeratedKind,
    id: String,
    proposal_id: String,
    consultation_id: String,
    author_id: Option<String>,
    hidden: bool,
}

fn item(conn: &mut DbConn, kind: ModeratedKind, id: &str) -> ApiResult<Item> {
    Ok(match kind {
        ModeratedKind::Proposal => {
            let p = proposals_repo::find(conn, id)?;
            Item {
                kind,
                id: p.id.clone(),
                consultation_id: p.consultation_id,
                author_id: Some(p.author_id),
                hidden: p.hidden_at.is_some(),
                proposal_id: p.id,
            }
        }
        ModeratedKind::Comment => {
            let c = comments_repo::find(conn, id)?;
            let p = proposals_repo::find(conn, &c.proposal_id)?;
            Item {
                kind,
                id: c.id,
                consultation_id: p.consultation_id,
                author_id: c.author_id,
                hidden: c.hidden_at.is_some(),
                proposal_id: p.id,
            }
        }
    })
}

fn set_hidden(conn: &mut DbConn, item: &Item, at: Option<NaiveDateTime>, reason: Option<&str>) -> ApiResult<()> {
    match item.kind {
        ModeratedKind::Proposal => repo::set_proposal_hidden(conn, &item.id, at, reason)?,
        ModeratedKind::Comment => comments_repo::set_hidden(conn, &item.id, at, reason)?,
    };
    Ok(())
}

/// The next morning's summary time: 08:00 in Algiers (07:00 UTC, no summer time).
fn next_summary_at(at: NaiveDateTime) -> NaiveDateTime {
    let today = at.date().and_hms_opt(7, 0, 0).unwrap_or(at);
    if today > at { today } else { today + TimeDelta::days(1) }
}

/// Report a proposal or comment (409 `already_reported` the second time). The third pending
/// report hides it until a moderator decides; the moderators get a summary the next morning.
pub fn report(
    conn: &mut DbConn,
    user: &AuthUser,
    kind: ModeratedKind,
    id: &str,
    input: &CreateReport,
) -> ApiResult<()> {
    write_tx(conn, |conn| {
        let it = item(conn, kind, id)?;
        access::load_visible(conn, &it.consultation_id, Some(user))?;
        let at = now();
        let inserted = repo::insert_report(
            conn,
            &ReportRow {
                id: new_id(),
                consultation_id: it.consultation_id.clone(),
                proposal_id: it.proposal_id.clone(),
                subject_kind: kind.as_str().to_owned(),
                subject_id: it.id.clone(),
                reporter_id: user.id.clone(),
                reason: input.reason.as_str().to_owned(),
                details: input.details.as_deref().map(|d| d.trim().to_owned()),
                created_at: at,
                resolved_at: None,
            },
        )?;
        if inserted == 0 {
            return Err(ApiError::Conflict(ErrorCode::AlreadyReported));
        }
        if !it.hidden && repo::pending_count(conn, &it.id)? >= AUTO_HIDE_REPORTS {
            set_hidden(conn, &it, Some(at), None)?;
            audit::record(
                conn,
                None,
                &format!("{}.hidden_by_reports", kind.as_str()),
                Subject::consultation(&it.consultation_id),
                Some(&it.id),
            )?;
        }
        let summary = Job::ModerationSummary { consultation_id: it.consultation_id.clone() };
        jobs::enqueue_once_at(conn, &summary, next_summary_at(at))?;
        Ok(())
    })
}

/// The moderation queue: reported items (pending by default), or hidden ones, or all, most
/// recently reported first.
pub fn queue(
    conn: &mut DbConn,
    user: &AuthUser,
    consultation: &str,
    q: &ModerationQuery,
) -> ApiResult<Page<ModerationItem>> {
    let row = access::require_organiser(conn, consultation, user)?;
    let status = q.status.unwrap_or(ModerationStatus::Pending);
    // (kind, id, latest report or hiding): only the page's items are then read in full.
    let mut keys: Vec<(String, String, NaiveDateTime)> = match status {
        ModerationStatus::Pending => repo::reported_items(conn, &row.id, true)?,
        ModerationStatus::Hidden => repo::hidden_items(conn, &row.id)?,
        ModerationStatus::All => {
            let mut keys = repo::reported_items(conn, &row.id, false)?;
            // Hidden by a moderator without a report: they belong to `all` too.
            for (kind, id, at) in repo::hidden_items(conn, &row.id)? {
                if !keys.iter().any(|(_, k, _)| *k == id) {
                    keys.push((kind, id, at));
                }
            }
            keys
        }
    };
    keys.sort_by(|a, b| b.2.cmp(&a.2).then(b.1.cmp(&a.1)));
    let (keys, next_cursor) = pagination::offset_page(keys, q.cursor.as_deref(), q.limit.unwrap_or(20))?;
    let mut page = Vec::new();
    for (kind, id, _) in &keys {
        if let Some(kind) = ModeratedKind::parse(kind) {
            page.push(item(conn, kind, id)?);
        }
    }
    Ok(Page { items: views(conn, &row.id, &page)?, next_cursor })
}

fn views(conn: &mut DbConn, consultation: &str, items: &[Item]) -> ApiResult<Vec<ModerationItem>> {
    let ids: Vec<String> = items.iter().map(|i| i.id.clone()).collect();
    let mut reports: HashMap<String, Vec<(ReportRow, String)>> = HashMap::new();
    for (r, name) in repo::reports_of(conn, &ids)? {
        reports.entry(r.subject_id.clone()).or_default().push((r, name));
    }
    let mut people: Vec<String> = items.iter().filter_map(|i| i.author_id.clone()).collect();
    people.sort();
    people.dedup();
    let names: HashMap<String, String> = proposals_repo::names(conn, &people)?.into_iter().collect();
    let blocked = repo::blocked_among(conn, consultation, &people)?;
    let mut out = Vec::new();
    for it in items {
        let (text, hidden_reason, hidden_at) = match it.kind {
            ModeratedKind::Proposal => {
                let p = proposals_repo::find(conn, &it.id)?;
                (format!("{}\n\n{}", p.title, p.body), p.hidden_reason, p.hidden_at)
            }
            ModeratedKind::Comment => {
                let c = comments_repo::find(conn, &it.id)?;
                (c.body, c.hidden_reason, c.hidden_at)
            }
        };
        let mine = reports.remove(&it.id).unwrap_or_default();
        let author = it.author_id.clone().unwrap_or_default();
        out.push(ModerationItem {
            kind: it.kind,
            id: Uuid::parse_str(&it.id).unwrap_or_default(),
            proposal_id: ProposalId::stored(&it.proposal_id),
            text,
            author_id: UserId::stored(&author),
            author_name: names.get(&author).cloned().unwrap_or_default(),
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
            hidden: hidden_at.is_some(),
            hidden_reason,
            hidden_at: hidden_at.map(to_utc),
            author_blocked: blocked.contains(&author),
        });
    }
    Ok(out)
}

/// A moderator hides, restores or dismisses an item of the consultation (404 for an item of
/// another one). Its open reports close; its author is told of a hiding or restoring, with the
/// reason; the decision is audited.
pub fn decide(
    conn: &mut DbConn,
    user: &AuthUser,
    consultation: &str,
    input: &ModerationDecision,
) -> ApiResult<ModerationItem> {
    write_tx(conn, |conn| {
        let row = access::require_organiser(conn, consultation, user)?;
        let it = item(conn, input.kind, &input.id.to_string())?;
        if it.consultation_id != row.id {
            return Err(ApiError::NotFound);
        }
        let at = now();
        let reason = input.reason.trim();
        let kind_told = match input.action {
            ModerationAction::Hide => {
                set_hidden(conn, &it, Some(at), Some(reason))?;
                Some("moderation.hidden")
            }
            ModerationAction::Restore => {
                set_hidden(conn, &it, None, None)?;
                it.hidden.then_some("moderation.restored")
            }
            ModerationAction::Dismiss => None,
        };
        repo::resolve(conn, &it.id, at)?;
        if let (Some(kind), Some(author)) = (kind_told, &it.author_id) {
            let about = About::proposal(&row.id, &it.proposal_id).with_reason(Some(reason));
            notify(conn, author, kind, about)?;
        }
        audit::record(
            conn,
            Some(&user.id),
            &format!("{}.{}", input.kind.as_str(), input.action.as_str()),
            Subject::consultation(&row.id),
            Some(&format!("{}: {reason}", it.id)),
        )?;
        let it = item(conn, input.kind, &it.id)?;
        views(conn, &row.id, std::slice::from_ref(&it))?.pop().ok_or(ApiError::NotFound)
    })
}

/// The people blocked from the consultation (its moderators).
pub fn blocks(conn: &mut DbConn, user: &AuthUser, consultation: &str) -> ApiResult<Vec<ConsultationBlock>> {
    let row = access::require_organiser(conn, consultation, user)?;
    Ok(repo::blocks(conn, &row.id)?.into_iter().map(|(b, name)| block_view(b, name)).collect())
}

fn block_view(b: BlockRow, name: String) -> ConsultationBlock {
    ConsultationBlock { user_id: UserId::stored(&b.user_id), name, reason: b.reason, blocked_at: to_utc(b.created_at) }
}

/// Block a person from the consultation (a moderator; not another moderator), or change the
/// reason; they are told why.
pub fn block(
    conn: &mut DbConn,
    user: &AuthUser,
    consultation: &str,
    person: &str,
    input: &BlockUser,
) -> ApiResult<ConsultationBlock> {
    write_tx(conn, |conn| {
        let row = access::require_organiser(conn, consultation, user)?;
        let target = crate::auth::repo::find_user(conn, person)?;
        if super::super::repo::is_organiser(conn, &row.id, &target.id)? {
            return Err(ApiError::field("user_id", "moderator", "a moderator of this consultation cannot be blocked"));
        }
        let b = BlockRow {
            consultation_id: row.id.clone(),
            user_id: target.id.clone(),
            reason: input.reason.trim().to_owned(),
            blocked_by: Some(user.id.clone()),
            created_at: now(),
        };
        repo::upsert_block(conn, &b)?;
        notify(conn, &target.id, "moderation.blocked", About::consultation(&row.id).with_reason(Some(&b.reason)))?;
        audit::record(conn, Some(&user.id), "consultation.blocked", Subject::consultation(&row.id), Some(&target.id))?;
        Ok(block_view(b, target.display_name))
    })
}

/// Lift a block (nothing happens if there was none).
pub fn unblock(conn: &mut DbConn, user: &AuthUser, consultation: &str, person: &str) -> ApiResult<()> {
    write_tx(conn, |conn| {
        let row = access::require_organiser(conn, consultation, user)?;
        if repo::remove_block(conn, &row.id, person)? == 1 {
            audit::record(
                conn,
                Some(&user.id),
                "consultation.unblocked",
                Subject::consultation(&row.id),
                Some(person),
            )?;
        }
        Ok(())
    })
}

/// The daily summary: each moderator of the consultation is told how many reports wait, at most
/// once a day (a job run twice tells nobody twice).
pub fn summary(conn: &mut DbConn, consultation: &str) -> ApiResult<()> {
    write_tx(conn, |conn| {
        let pending =
            repo::pending_by_consultation(conn)?.into_iter().find(|(id, _)| id == consultation).map_or(0, |(_, n)| n);
        if pending == 0 {
            return Ok(());
        }
        let since = now() - TimeDelta::hours(20);
        for person in super::super::repo::organiser_staff(conn, consultation)? {
            if !crate::notifications::repo::sent_since(conn, &person, "moderation.summary", consultation, since)? {
                let about = About::consultation(consultation).with_reason(Some(&pending.to_string()));
                notify(conn, &person, "moderation.summary", about)?;
            }
        }
        Ok(())
    })
}
