//! `/consultations/{id}/moderation` and `/consultations/{id}/blocks`: the moderators' queue, their
//! decisions and the people they block.

use actix_web::{HttpResponse, delete, get, post, put, web};
use madani_shared::Page;
use madani_shared::consultations::*;
use madani_shared::ids::{ConsultationId, UserId};

use super::service::moderation as service;
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::http::{ValidJson, ValidQuery};
use crate::openapi::errors::{Errors, NotFound, NotOrganiser};
use crate::state::{Answer, State};

/// The moderation queue
///
/// For the consultation's moderators (staff of its organisers, administrators): reported
/// proposals and comments with their reports (`status` `pending`, the default), or the hidden
/// ones, or all, most recently reported first.
#[utoipa::path(tag = "consultations", params(("id" = ConsultationId, Path, description = "The consultation id"), ModerationQuery), responses((status = 200, description = "A page of reported or hidden items", body = Page<ModerationItem>), Errors<(NotFound, NotOrganiser)>), security(("bearer" = [])))]
#[get("/consultations/{id}/moderation")]
pub async fn moderation_queue(
    state: State,
    user: AuthUser,
    path: web::Path<ConsultationId>,
    query: ValidQuery<ModerationQuery>,
) -> Answer<Page<ModerationItem>> {
    let id = path.into_inner().to_string();
    let q = query.0;
    Ok(web::Json(state.db(move |conn| service::queue(conn, &user, &id, &q)).await?))
}

/// Decide on a reported item
///
/// Hide it (its author is told the reason), restore it (told too), or dismiss its reports; its
/// waiting reports close and the decision is audited. 404 for an item of another consultation.
#[utoipa::path(tag = "consultations", params(("id" = ConsultationId, Path, description = "The consultation id")), request_body = ModerationDecision, responses((status = 200, description = "The item after the decision", body = ModerationItem), Errors<(NotFound, NotOrganiser)>), security(("bearer" = [])))]
#[post("/consultations/{id}/moderation")]
pub async fn decide_moderation(
    state: State,
    user: AuthUser,
    path: web::Path<ConsultationId>,
    body: ValidJson<ModerationDecision>,
) -> Answer<ModerationItem> {
    let id = path.into_inner().to_string();
    let req = body.0;
    Ok(web::Json(state.db(move |conn| service::decide(conn, &user, &id, &req)).await?))
}

/// People blocked from a consultation
///
/// For its moderators, latest first.
#[utoipa::path(tag = "consultations", params(("id" = ConsultationId, Path, description = "The consultation id")), responses((status = 200, description = "The blocked people", body = Vec<ConsultationBlock>), Errors<(NotFound, NotOrganiser)>), security(("bearer" = [])))]
#[get("/consultations/{id}/blocks")]
pub async fn list_blocks(
    state: State,
    user: AuthUser,
    path: web::Path<ConsultationId>,
) -> Answer<Vec<ConsultationBlock>> {
    let id = path.into_inner().to_string();
    Ok(web::Json(state.db(move |conn| service::blocks(conn, &user, &id)).await?))
}

/// Block a person from a consultation
///
/// A moderator blocks someone (not another moderator: 422 `user_id` `moderator`) from proposing,
/// commenting and supporting in it, with a reason they are told; blocking again changes the reason.
#[utoipa::path(tag = "consultations", params(("id" = ConsultationId, Path, description = "The consultation id"), ("user_id" = UserId, Path, description = "The person's user id")), request_body = BlockUser, responses((status = 200, description = "The block", body = ConsultationBlock), Errors<(NotFound, NotOrganiser)>), security(("bearer" = [])))]
#[put("/consultations/{id}/blocks/{user_id}")]
pub async fn block_from_consultation(
    state: State,
    user: AuthUser,
    path: web::Path<(ConsultationId, UserId)>,
    body: ValidJson<BlockUser>,
) -> Answer<ConsultationBlock> {
    let (id, person) = path.into_inner();
    let (id, person) = (id.to_string(), person.to_string());
    let req = body.0;
    Ok(web::Json(state.db(move |conn| service::block(conn, &user, &id, &person, &req)).await?))
}

/// Lift a block
///
/// A moderator; lifting a block that does not exist changes nothing.
#[utoipa::path(tag = "consultations", params(("id" = ConsultationId, Path, description = "The consultation id"), ("user_id" = UserId, Path, description = "The person's user id")), responses((status = 204, description = "Not blocked"), Errors<(NotFound, NotOrganiser)>), security(("bearer" = [])))]
#[delete("/consultations/{id}/blocks/{user_id}")]
pub async fn unblock_from_consultation(
    state: State,
    user: AuthUser,
    path: web::Path<(ConsultationId, UserId)>,
) -> ApiResult<HttpResponse> {
    let (id, person) = path.into_inner();
    let (id, person) = (id.to_string(), person.to_string());
    state.db(move |conn| service::unblock(conn, &user, &id, &person)).await?;
    Ok(HttpResponse::NoContent().finish())
}
