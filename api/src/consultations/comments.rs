//! `/proposals/{id}/comments`, `/comments/{id}` and the reports on proposals and comments.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use madani_shared::Page;
use madani_shared::consultations::*;
use madani_shared::ids::{CommentId, ProposalId};
use madani_shared::page::PageQuery;

use super::service::{comments as service, moderation};
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::http::{ValidJson, ValidQuery};
use crate::openapi::errors::{
    AlreadyReported, BlockedFromConsultation, CommentLocked, ConsultationNotOpen, EmailNotVerified, Errors, NotAuthor,
    NotFound, ProposalLocked, ProposalsDisabled,
};
use crate::state::{Answer, State};

/// A proposal's comments
///
/// Oldest first, so that a reply always follows what it answers (`parent_id`, `depth` 1 to 3).
/// Deleted comments are tombstones and hidden ones placeholders, without text or author (the
/// consultation's moderators still read a hidden one). A hidden proposal's comments are hidden
/// with it (an empty page), but from its author and the moderators.
#[utoipa::path(tag = "consultations", params(("id" = ProposalId, Path, description = "The proposal id"), PageQuery), responses((status = 200, description = "A page of comments", body = Page<Comment>), Errors<NotFound>), security((), ("bearer" = [])))]
#[get("/proposals/{id}/comments")]
pub async fn list_comments(
    state: State,
    user: Option<AuthUser>,
    path: web::Path<ProposalId>,
    query: ValidQuery<PageQuery>,
) -> Answer<Page<Comment>> {
    let id = path.into_inner().to_string();
    let q = query.0;
    Ok(web::Json(state.db(move |conn| service::list(conn, user.as_ref(), &id, &q)).await?))
}

/// Comment, or reply
///
/// While the consultation is open and takes proposals, by a member with a verified address whom
/// its moderators have not blocked (403 `blocked_from_consultation`). A reply names the comment it
/// answers in `parent_id` (422 `parent_id` `unknown` or `too_deep` for a reply to a reply to a
/// reply). The proposal's author and the answered comment's author are told.
#[utoipa::path(tag = "consultations", params(("id" = ProposalId, Path, description = "The proposal id")), request_body = CreateComment, responses((status = 201, description = "The comment", body = Comment), Errors<(NotFound, EmailNotVerified, BlockedFromConsultation, ProposalsDisabled, ConsultationNotOpen, ProposalLocked)>), security(("bearer" = [])))]
#[post("/proposals/{id}/comments")]
pub async fn create_comment(
    state: State,
    user: AuthUser,
    path: web::Path<ProposalId>,
    body: ValidJson<CreateComment>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner().to_string();
    let req = body.0;
    let created = state.db(move |conn| service::create(conn, &user, &id, &req)).await?;
    Ok(HttpResponse::Created().json(created))
}

/// Change your comment
///
/// Its author, in the first 15 minutes (409 `comment_locked` after, or once deleted or hidden).
#[utoipa::path(tag = "consultations", params(("id" = CommentId, Path, description = "The comment id")), request_body = UpdateComment, responses((status = 200, description = "The comment", body = Comment), Errors<(NotFound, NotAuthor, CommentLocked)>), security(("bearer" = [])))]
#[patch("/comments/{id}")]
pub async fn update_comment(
    state: State,
    user: AuthUser,
    path: web::Path<CommentId>,
    body: ValidJson<UpdateComment>,
) -> Answer<Comment> {
    let id = path.into_inner().to_string();
    let req = body.0;
    Ok(web::Json(state.db(move |conn| service::update(conn, &user, &id, &req)).await?))
}

/// Delete a comment
///
/// Its author, or a moderator of the consultation (audited): the comment becomes a tombstone that
/// keeps its place in the thread. Deleting it again changes nothing.
#[utoipa::path(tag = "consultations", params(("id" = CommentId, Path, description = "The comment id")), responses((status = 200, description = "The tombstone", body = Comment), Errors<(NotFound, NotAuthor)>), security(("bearer" = [])))]
#[delete("/comments/{id}")]
pub async fn delete_comment(state: State, user: AuthUser, path: web::Path<CommentId>) -> Answer<Comment> {
    let id = path.into_inner().to_string();
    Ok(web::Json(state.db(move |conn| service::delete(conn, &user, &id)).await?))
}

/// Report a proposal
///
/// Anyone signed in who can see it, once (409 `already_reported`). The third report waiting for
/// a moderator hides it until one decides; the moderators get a summary the next morning.
#[utoipa::path(tag = "consultations", params(("id" = ProposalId, Path, description = "The proposal id")), request_body = CreateReport, responses((status = 204, description = "Reported"), Errors<(NotFound, AlreadyReported)>), security(("bearer" = [])))]
#[post("/proposals/{id}/reports")]
pub async fn report_proposal(
    state: State,
    user: AuthUser,
    path: web::Path<ProposalId>,
    body: ValidJson<CreateReport>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner().to_string();
    let req = body.0;
    state.db(move |conn| moderation::report(conn, &user, ModeratedKind::Proposal, &id, &req)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Report a comment
///
/// As for a proposal: once each (409 `already_reported`); three waiting reports hide it.
#[utoipa::path(tag = "consultations", params(("id" = CommentId, Path, description = "The comment id")), request_body = CreateReport, responses((status = 204, description = "Reported"), Errors<(NotFound, AlreadyReported)>), security(("bearer" = [])))]
#[post("/comments/{id}/reports")]
pub async fn report_comment(
    state: State,
    user: AuthUser,
    path: web::Path<CommentId>,
    body: ValidJson<CreateReport>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner().to_string();
    let req = body.0;
    state.db(move |conn| moderation::report(conn, &user, ModeratedKind::Comment, &id, &req)).await?;
    Ok(HttpResponse::NoContent().finish())
}
