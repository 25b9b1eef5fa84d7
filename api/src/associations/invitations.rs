//! Invitations by email: officers invite an address with a role; whoever holds a verified account
//! with that address accepts or declines; officers see and revoke the pending ones.

use actix_web::{HttpResponse, delete, get, post, web};
use chrono::{Duration, NaiveDateTime};
use madani_shared::Problem;
use madani_shared::associations::*;
use madani_shared::text::Language;

use super::handlers::load_visible;
use super::repo;
use super::rows::*;
use super::service;
use crate::auth::AuthUser;
use crate::auth::rows::UserRow;
use crate::db::{DbConn, new_id, now};
use crate::error::{ApiError, ApiResult, is_unique_violation};
use crate::http::ValidJson;
use crate::mail;
use crate::startup::AppState;

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

fn notify(conn: &mut DbConn, user_id: &str, kind: &str, association_id: &str, now: NaiveDateTime) -> ApiResult<()> {
    repo::insert_notification(
        conn,
        &NotificationRow {
            id: new_id(),
            user_id: user_id.to_owned(),
            kind: kind.to_owned(),
            association_id: Some(association_id.to_owned()),
            reason: None,
            created_at: now,
            read_at: None,
            course_id: None,
        },
    )?;
    Ok(())
}

/// Invite someone by email
///
/// Owners and admins invite members; only the owner invites admins. An email goes to the address
/// (in the language of its account, if it has one); the invitation is open for 14 days.
#[utoipa::path(
    tag = "associations",
    params(("id" = String, Path, description = "The association id")),
    request_body = CreateInvitation,
    responses(
        (status = 201, description = "Invited; an email is on its way", body = Invitation),
        (status = 403, description = "Not an owner or admin, or an admin inviting an admin (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such association (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already a member, an invitation is pending, or too many are (`conflict`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad `email` or `role` (owner)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "More than 50 invitations by this association, 100 by you, or 3 to this address in 24 hours (`too_many_requests`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/associations/{id}/invitations")]
pub async fn create_invitation(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
    body: ValidJson<CreateInvitation>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let req = body.0;
    let email = crate::auth::service::normalize_email(&req.email);
    let message = req.message.map(|m| m.trim().to_owned()).filter(|m| !m.is_empty());
    let public_url = state.config.public_url.clone();
    let invitation = state
        .db(move |conn| {
            let (association, actor) = load_visible(conn, &id, Some(&user))?;
            if !service::can_manage(actor) {
                tracing::warn!(user = %user.id, association = %id, "refused: invite");
                return Err(ApiError::Forbidden("only owners and admins invite"));
            }
            match req.role {
                MemberRole::Owner => {
                    return Err(ApiError::field("role", "owner", "nobody is invited as owner: transfer ownership"));
                }
                MemberRole::Admin if actor != Some(MemberRole::Owner) => {
                    return Err(ApiError::Forbidden("only the owner invites admins"));
                }
                _ => {}
            }
            if repo::is_member_email(conn, &id, &email)? {
                return Err(ApiError::Conflict("This person is already a member.".into()));
            }
            let now = now();
            let (by_association, by_inviter, to_address) =
                repo::invitations_sent_since(conn, &id, &user.id, &email, now - Duration::hours(24))?;
            if by_association >= DAILY_PER_ASSOCIATION
                || by_inviter >= DAILY_PER_INVITER
                || to_address >= DAILY_PER_ADDRESS
            {
                tracing::warn!(association = %id, by = %user.id, "refused: invitation rate");
                return Err(ApiError::TooManyRequests { retry_after_secs: 3600 });
            }
            if repo::count_pending_invitations(conn, &id, now)? >= MAX_PENDING {
                return Err(ApiError::Conflict(format!(
                    "This association already has {MAX_PENDING} open invitations; revoke some or wait for answers."
                )));
            }
            let inviter = crate::auth::repo::find_user(conn, &user.id)?;
            let invitee: Option<UserRow> = crate::auth::repo::find_user_by_email(conn, &email)?;
            let row = InvitationRow {
                id: new_id(),
                association_id: id.clone(),
                email: email.clone(),
                role: req.role.as_str().to_owned(),
                message,
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
                role_label(lang, req.role),
                row.message.as_deref(),
                &format!("{}/my/associations", public_url.trim_end_matches('/')),
            );
            crate::db::write_tx(conn, |conn| {
                repo::expire_invitations(conn, &id, &email, now)?;
                repo::insert_invitation(conn, &row).map_err(|e| {
                    if is_unique_violation(&e) {
                        ApiError::Conflict("An invitation to this address is already pending.".into())
                    } else {
                        e.into()
                    }
                })?;
                mail::enqueue(conn, &email, &subject, &text, now)?;
                if let Some(invitee) = invitee.as_ref().filter(|u| u.email_verified) {
                    notify(conn, &invitee.id, "invitation.received", &id, now)?;
                }
                Ok::<_, ApiError>(())
            })?;
            tracing::info!(association = %id, by = %user.id, invitation = %row.id, "invitation sent");
            Ok(row.to_api(association.name(), Some(inviter.display_name), now))
        })
        .await?;
    state.mail_notify.notify_one();
    Ok(HttpResponse::Created().json(invitation))
}

/// Pending invitations of an association
///
/// Owners and admins; oldest first, expired ones marked `expired`.
#[utoipa::path(
    tag = "associations",
    params(("id" = String, Path, description = "The association id")),
    responses(
        (status = 200, description = "The open invitations", body = Vec<Invitation>),
        (status = 403, description = "Not an owner or admin (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such association (`not_found`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/associations/{id}/invitations")]
pub async fn list_invitations(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> ApiResult<web::Json<Vec<Invitation>>> {
    let id = path.into_inner();
    let list = state
        .db(move |conn| {
            let (association, role) = load_visible(conn, &id, Some(&user))?;
            if !service::can_manage(role) {
                tracing::warn!(user = %user.id, association = %id, "refused: invitations");
                return Err(ApiError::Forbidden("only owners and admins see invitations"));
            }
            let now = now();
            Ok(repo::pending_invitations(conn, &id)?
                .into_iter()
                .map(|(row, inviter)| row.to_api(association.name(), inviter, now))
                .collect::<Vec<_>>())
        })
        .await?;
    Ok(web::Json(list))
}

/// Revoke an invitation
#[utoipa::path(
    tag = "associations",
    params(("id" = String, Path, description = "The association id"), ("invitation_id" = String, Path, description = "The invitation id")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 403, description = "Not an owner or admin (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such association or invitation (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already answered or revoked (`conflict`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/associations/{id}/invitations/{invitation_id}")]
pub async fn revoke_invitation(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let (id, invitation_id) = path.into_inner();
    state
        .db(move |conn| {
            let (_, role) = load_visible(conn, &id, Some(&user))?;
            if !service::can_manage(role) {
                tracing::warn!(user = %user.id, association = %id, "refused: revoke invitation");
                return Err(ApiError::Forbidden("only owners and admins revoke invitations"));
            }
            let row = repo::find_invitation(conn, &invitation_id)?;
            if row.association_id != id {
                return Err(ApiError::NotFound);
            }
            if repo::decide_invitation(conn, &invitation_id, "revoked", now(), false)? == 0 {
                return Err(ApiError::Conflict("This invitation was already answered or revoked.".into()));
            }
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Invitations for you
///
/// Open invitations addressed to your account's email address, once that address is verified.
#[utoipa::path(
    tag = "me",
    responses((status = 200, description = "Open invitations, newest first", body = Vec<Invitation>)),
    security(("bearer" = []))
)]
#[get("/me/invitations")]
pub async fn list_my_invitations(state: web::Data<AppState>, user: AuthUser) -> ApiResult<web::Json<Vec<Invitation>>> {
    let list = state
        .db(move |conn| {
            let me = crate::auth::repo::find_user(conn, &user.id)?;
            if !me.email_verified {
                return Ok(Vec::new());
            }
            let now = now();
            let mut out = Vec::new();
            for (row, inviter) in repo::invitations_for_email(conn, &me.email, now)? {
                // A rejected or suspended association takes no new members.
                if repo::find(conn, &row.association_id)?.status().is_public() {
                    out.push(view(conn, &row, inviter, now)?);
                }
            }
            Ok(out)
        })
        .await?;
    Ok(web::Json(list))
}

/// The invitation, if it is addressed to `user`'s verified email; 404 otherwise (whether it exists
/// is nobody else's business).
fn mine(conn: &mut DbConn, user: &AuthUser, invitation_id: &str) -> ApiResult<(InvitationRow, UserRow)> {
    let me = crate::auth::repo::find_user(conn, &user.id)?;
    let row = repo::find_invitation(conn, invitation_id)?;
    if !me.email_verified || row.email != me.email {
        tracing::warn!(user = %user.id, invitation = %invitation_id, "refused: someone else's invitation");
        return Err(ApiError::NotFound);
    }
    match row.status_at(now()) {
        InvitationStatus::Pending => Ok((row, me)),
        InvitationStatus::Expired => Err(ApiError::Conflict("This invitation has expired; ask for a new one.".into())),
        _ => Err(ApiError::Conflict("This invitation was already answered or revoked.".into())),
    }
}

/// Accept an invitation
///
/// You join the association with the role you were invited with.
#[utoipa::path(
    tag = "me",
    params(("id" = String, Path, description = "The invitation id")),
    responses(
        (status = 200, description = "You are a member", body = MyAssociation),
        (status = 404, description = "No such invitation for you (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Expired, answered, revoked, or you are already a member (`conflict`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/invitations/{id}/accept")]
pub async fn accept_invitation(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> ApiResult<web::Json<MyAssociation>> {
    let invitation_id = path.into_inner();
    let joined = state
        .db(move |conn| {
            let (row, me) = mine(conn, &user, &invitation_id)?;
            let now = now();
            if repo::role_of(conn, &row.association_id, &me.id)?.is_some() {
                // Nothing to join; the invitation is settled rather than left open.
                repo::decide_invitation(conn, &row.id, "accepted", now, false)?;
                return Err(ApiError::Conflict("You are already a member.".into()));
            }
            if !repo::find(conn, &row.association_id)?.status().is_public() {
                return Err(ApiError::Conflict("This association is not taking new members now.".into()));
            }
            crate::db::write_tx(conn, |conn| {
                if repo::decide_invitation(conn, &row.id, "accepted", now, true)? == 0 {
                    return Err(ApiError::Conflict("This invitation was already answered or revoked.".into()));
                }
                repo::add_member(conn, &row.association_id, &me.id, &row.role, now)?;
                if let Some(inviter) = &row.invited_by {
                    notify(conn, inviter, "invitation.accepted", &row.association_id, now)?;
                }
                Ok::<_, ApiError>(())
            })?;
            tracing::info!(association = %row.association_id, user = %me.id, "invitation accepted");
            let association = repo::find(conn, &row.association_id)?;
            let fields = repo::fields_of(conn, &association.id)?;
            Ok(MyAssociation {
                association: association.summary(fields),
                role: MemberRole::parse(&row.role).unwrap_or(MemberRole::Member),
            })
        })
        .await?;
    Ok(web::Json(joined))
}

/// Decline an invitation
#[utoipa::path(
    tag = "me",
    params(("id" = String, Path, description = "The invitation id")),
    responses(
        (status = 200, description = "Declined", body = Invitation),
        (status = 404, description = "No such invitation for you (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Expired, answered or revoked (`conflict`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/invitations/{id}/decline")]
pub async fn decline_invitation(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> ApiResult<web::Json<Invitation>> {
    let invitation_id = path.into_inner();
    let declined = state
        .db(move |conn| {
            let (row, _) = mine(conn, &user, &invitation_id)?;
            let now = now();
            crate::db::write_tx(conn, |conn| {
                if repo::decide_invitation(conn, &row.id, "declined", now, true)? == 0 {
                    return Err(ApiError::Conflict("This invitation was already answered or revoked.".into()));
                }
                if let Some(inviter) = &row.invited_by {
                    notify(conn, inviter, "invitation.declined", &row.association_id, now)?;
                }
                Ok::<_, ApiError>(())
            })?;
            let row = InvitationRow { status: "declined".into(), decided_at: Some(now), ..row };
            view(conn, &row, None, now)
        })
        .await?;
    Ok(web::Json(declined))
}
