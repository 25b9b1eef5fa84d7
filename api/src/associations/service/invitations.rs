//! Invitations by email: officers invite an address with a role, within limits that keep it from
//! becoming a way to send mail to anyone; whoever holds a verified account with that address
//! accepts or declines.

use chrono::{Duration, NaiveDateTime};
use madani_shared::associations::*;
use madani_shared::page::PageQuery;
use madani_shared::text::Language;
use madani_shared::{ErrorCode, Page};

use crate::associations::access::{check_invitation_role, inviter_may_still_grant};
use crate::associations::repo;
use crate::associations::rows::{AssociationRow, InvitationRow};
use crate::auth::AuthUser;
use crate::auth::rows::UserRow;
use crate::db::{DbConn, new_id, now, write_tx};
use crate::error::{ApiError, ApiResult, is_unique_violation};
use crate::mail;
use crate::notifications::{About, notify};
use crate::pagination::{self, page_of};

/// How long an invitation stays open.
pub const INVITATION_DAYS: i64 = 14;
/// Open invitations an association may have at once.
pub const MAX_PENDING: i64 = 200;
/// Invitations (whatever became of them) in 24 hours: by an association, by one inviter, and by an
/// association to one address. Each sends an email with the inviter's words from Madani's address:
/// revoking and inviting again must not make it a way to send mail to anyone.
pub const DAILY_PER_ASSOCIATION: i64 = 50;
pub const DAILY_PER_INVITER: i64 = 100;
pub const DAILY_PER_ADDRESS: i64 = 3;

fn role_label(lang: Language, role: MemberRole) -> &'static str {
    match (lang, role) {
        (Language::Ar, MemberRole::Admin) => "مسؤول",
        (Language::Ar, _) => "عضو",
        (Language::Fr, MemberRole::Admin) => "administrateur",
        (Language::Fr, _) => "membre",
        (Language::En, MemberRole::Admin) => "administrator",
        (Language::En, _) => "member",
    }
}

fn view(conn: &mut DbConn, row: &InvitationRow, inviter: Option<String>, now: NaiveDateTime) -> ApiResult<Invitation> {
    let association = repo::find(conn, &row.association_id)?;
    Ok(row.to_api(association.name(), inviter, now))
}

/// What an officer asks: who, as what, with which words; and where the invitee answers.
pub struct NewInvitation {
    pub email: String,
    pub role: MemberRole,
    pub message: Option<String>,
    /// The web app's address, for the link in the email.
    pub public_url: String,
}

/// `user`, an officer of `association` whose role is `actor`, invites `new.email`: the row, an
/// email to the address (in the language of its account, if it has one) and, for a verified
/// account, a notification, in one transaction.
pub fn invite(
    conn: &mut DbConn,
    association: &AssociationRow,
    actor: MemberRole,
    user: &AuthUser,
    new: NewInvitation,
) -> ApiResult<Invitation> {
    let id = association.id.as_str();
    check_invitation_role(actor, new.role)?;
    let email = crate::auth::service::normalize_email(&new.email);
    if repo::is_member_email(conn, id, &email)? {
        return Err(ApiError::Conflict(ErrorCode::AlreadyMember));
    }
    let now = now();
    let (by_association, by_inviter, to_address) =
        repo::invitations_sent_since(conn, id, &user.id, &email, now - Duration::hours(24))?;
    if by_association >= DAILY_PER_ASSOCIATION || by_inviter >= DAILY_PER_INVITER || to_address >= DAILY_PER_ADDRESS {
        tracing::warn!(association = %id, by = %user.id, "refused: invitation rate");
        return Err(ApiError::TooManyRequests { retry_after_secs: 3600 });
    }
    if repo::count_pending_invitations(conn, id, now)? >= MAX_PENDING {
        return Err(ApiError::Refused {
            code: ErrorCode::TooManyPendingInvitations,
            detail: format!(
                "This association already has {MAX_PENDING} open invitations; revoke some or wait for answers."
            ),
        });
    }
    let inviter = crate::auth::repo::find_user(conn, &user.id)?;
    let invitee: Option<UserRow> = crate::auth::repo::find_user_by_email(conn, &email)?;
    let row = InvitationRow {
        id: new_id(),
        association_id: id.to_owned(),
        email: email.clone(),
        role: new.role.as_str().to_owned(),
        message: new.message.map(|m| m.trim().to_owned()).filter(|m| !m.is_empty()),
        status: "pending".into(),
        invited_by: Some(user.id.clone()),
        created_at: now,
        expires_at: now + Duration::days(INVITATION_DAYS),
        decided_at: None,
    };
    let lang = invitee.as_ref().map(UserRow::language).unwrap_or_else(|| inviter.language());
    let (subject, text) = mail::templates::invitation(
        lang,
        &inviter.display_name,
        association.name().get(lang),
        role_label(lang, new.role),
        row.message.as_deref(),
        &format!("{}/my/associations", new.public_url.trim_end_matches('/')),
    );
    write_tx(conn, |conn| {
        repo::expire_invitations(conn, id, &email, now)?;
        repo::insert_invitation(conn, &row).map_err(|e| {
            if is_unique_violation(&e) { ApiError::Conflict(ErrorCode::InvitationPending) } else { e.into() }
        })?;
        mail::enqueue(conn, &email, &subject, &text, now)?;
        if let Some(invitee) = invitee.as_ref().filter(|u| u.email_verified) {
            notify(conn, &invitee.id, "invitation.received", About::association(id))?;
        }
        Ok::<_, ApiError>(())
    })?;
    tracing::info!(association = %id, by = %user.id, invitation = %row.id, "invitation sent");
    Ok(row.to_api(association.name(), Some(inviter.display_name), now))
}

/// A page of the open invitations of `association`, oldest first, expired ones marked `expired`.
pub fn pending(conn: &mut DbConn, association: &AssociationRow, q: &PageQuery) -> ApiResult<Page<Invitation>> {
    let now = now();
    let after = pagination::after_time_and_id(q.cursor.as_deref())?;
    let limit = i64::from(q.limit());
    let rows = repo::pending_invitations(conn, &association.id, after, limit + 1)?;
    let (rows, next_cursor) = page_of(rows, limit, |(r, _)| Some(pagination::time_and_id(r.created_at, &r.id)));
    let items = rows.into_iter().map(|(row, inviter)| row.to_api(association.name(), inviter, now)).collect();
    Ok(Page { items, next_cursor })
}

/// Revoke an open invitation of the association; 404 if it is another's.
pub fn revoke(conn: &mut DbConn, association_id: &str, invitation_id: &str) -> ApiResult<()> {
    let row = repo::find_invitation(conn, invitation_id)?;
    if row.association_id != association_id {
        return Err(ApiError::NotFound);
    }
    if repo::decide_invitation(conn, invitation_id, "revoked", now(), false)? == 0 {
        return Err(ApiError::Conflict(ErrorCode::AlreadyDecided));
    }
    Ok(())
}

/// At most this many invitations are listed to their invitee (the newest).
pub const LISTED_FOR_INVITEE: i64 = 50;

/// Open invitations to `user`'s email address, once it is verified, newest first (at most
/// [`LISTED_FOR_INVITEE`]); those of associations that take no new members (rejected, suspended)
/// left out. Two queries, however many.
pub fn for_user(conn: &mut DbConn, user: &AuthUser) -> ApiResult<Vec<Invitation>> {
    let me = crate::auth::repo::find_user(conn, &user.id)?;
    if !me.email_verified {
        return Ok(Vec::new());
    }
    let now = now();
    Ok(repo::invitations_for_email(conn, &me.email, now, LISTED_FOR_INVITEE)?
        .into_iter()
        .map(|(row, inviter, association)| row.to_api(association.name(), inviter, now))
        .collect())
}

/// An invitation can still be answered only while it is pending and unexpired.
fn check_open(row: &InvitationRow) -> ApiResult<()> {
    match row.status_at(now()) {
        InvitationStatus::Pending => Ok(()),
        InvitationStatus::Expired => Err(ApiError::Conflict(ErrorCode::InvitationExpired)),
        _ => Err(ApiError::Conflict(ErrorCode::AlreadyDecided)),
    }
}

/// `me` accepts the invitation `row` (addressed to them) and joins with its role; the inviter is
/// told. An invitation whose inviter can no longer grant its role (demoted, removed, no longer the
/// owner) is withdrawn instead (`invitation_void`).
pub fn accept(conn: &mut DbConn, row: InvitationRow, me: &UserRow) -> ApiResult<MyAssociation> {
    check_open(&row)?;
    let now = now();
    if repo::role_of(conn, &row.association_id, &me.id)?.is_some() {
        // Nothing to join; the invitation is settled rather than left open.
        repo::decide_invitation(conn, &row.id, "accepted", now, false)?;
        return Err(ApiError::Conflict(ErrorCode::AlreadyMember));
    }
    if !repo::find(conn, &row.association_id)?.status().is_public() {
        return Err(ApiError::Conflict(ErrorCode::AssociationInactive));
    }
    let role = MemberRole::parse(&row.role).unwrap_or(MemberRole::Member);
    // Checked in the transaction that adds the member, so that it holds when it commits.
    let joined = write_tx(conn, |conn| {
        let inviter = match &row.invited_by {
            Some(by) => repo::role_of(conn, &row.association_id, by)?.and_then(|r| MemberRole::parse(&r)),
            None => None,
        };
        if !inviter_may_still_grant(inviter, role) {
            repo::decide_invitation(conn, &row.id, "revoked", now, false)?;
            return Ok(false);
        }
        if repo::decide_invitation(conn, &row.id, "accepted", now, true)? == 0 {
            return Err(ApiError::Conflict(ErrorCode::AlreadyDecided));
        }
        repo::add_member(conn, &row.association_id, &me.id, &row.role, now)?;
        if let Some(inviter) = &row.invited_by {
            notify(conn, inviter, "invitation.accepted", About::association(&row.association_id).by(&me.id))?;
        }
        Ok::<_, ApiError>(true)
    })?;
    if !joined {
        tracing::warn!(association = %row.association_id, user = %me.id, invitation = %row.id, "refused: the inviter can no longer grant the role");
        return Err(ApiError::Conflict(ErrorCode::InvitationVoid));
    }
    tracing::info!(association = %row.association_id, user = %me.id, "invitation accepted");
    let association = repo::find(conn, &row.association_id)?;
    let fields = repo::fields_of(conn, &association.id)?;
    Ok(MyAssociation { association: association.summary(fields), role, pending_join_requests: 0 })
}

/// Decline the invitation `row` (addressed to the caller); the inviter is told.
pub fn decline(conn: &mut DbConn, row: InvitationRow) -> ApiResult<Invitation> {
    check_open(&row)?;
    let now = now();
    write_tx(conn, |conn| {
        if repo::decide_invitation(conn, &row.id, "declined", now, true)? == 0 {
            return Err(ApiError::Conflict(ErrorCode::AlreadyDecided));
        }
        if let Some(inviter) = &row.invited_by {
            notify(conn, inviter, "invitation.declined", About::association(&row.association_id))?;
        }
        Ok::<_, ApiError>(())
    })?;
    let row = InvitationRow { status: "declined".into(), decided_at: Some(now), ..row };
    view(conn, &row, None, now)
}
