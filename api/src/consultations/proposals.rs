//! `/consultations/{id}/proposals` and `/proposals/{id}`: proposing, supporting, answering.

use actix_web::{HttpResponse, delete, get, patch, post, put, web};
use madani_shared::Page;
use madani_shared::consultations::*;
use madani_shared::ids::{ConsultationId, ProposalId};

use super::service::proposals as service;
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::http::{ValidJson, ValidQuery};
use crate::openapi::errors::{
    BlockedFromConsultation, ConsultationNotOpen, EmailNotVerified, Errors, NotAnswerer, NotAuthor, NotFound,
    NotOfficer, NotOrganiser, NotTargeted, ProposalLocked, ProposalsDisabled, SupportLimitReached,
};
use crate::state::{Answer, State};

/// A consultation's proposals
///
/// Public with the consultation. Most supported first, or `newest`, or `random` (the same `seed`
/// gives the same order, page after page); only the published answers (organisers also see drafts).
#[utoipa::path(tag = "consultations", params(("id" = ConsultationId, Path, description = "The consultation id"), ListProposalsQuery), responses((status = 200, description = "A page of proposals", body = Page<Proposal>), Errors<NotFound>), security((), ("bearer" = [])))]
#[get("/consultations/{id}/proposals")]
pub async fn list_proposals(
    state: State,
    user: Option<AuthUser>,
    path: web::Path<ConsultationId>,
    query: ValidQuery<ListProposalsQuery>,
) -> Answer<Page<Proposal>> {
    let id = path.into_inner().to_string();
    let q = query.0;
    Ok(web::Json(state.db(move |conn| service::list(conn, user.as_ref(), &id, &q)).await?))
}

/// Propose
///
/// While the consultation is open and takes proposals (409 `proposals_disabled`,
/// `consultation_not_open`), by a member it is addressed to (403 `not_targeted`); on behalf of an
/// association its owner or an admin (403 `not_officer`).
#[utoipa::path(tag = "consultations", params(("id" = ConsultationId, Path, description = "The consultation id")), request_body = CreateProposal, responses((status = 201, description = "The proposal", body = Proposal), Errors<(NotFound, NotOfficer, NotTargeted, EmailNotVerified, BlockedFromConsultation, ProposalsDisabled, ConsultationNotOpen)>), security(("bearer" = [])))]
#[post("/consultations/{id}/proposals")]
pub async fn create_proposal(
    state: State,
    user: AuthUser,
    path: web::Path<ConsultationId>,
    body: ValidJson<CreateProposal>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner().to_string();
    let req = body.0;
    let created = state.db(move |conn| service::create(conn, &user, &id, &req)).await?;
    Ok(HttpResponse::Created().json(created))
}

/// A proposal
///
/// With its supports, its published answer and the history of its states.
#[utoipa::path(tag = "consultations", params(("id" = ProposalId, Path, description = "The proposal id")), responses((status = 200, description = "The proposal", body = Proposal), Errors<NotFound>), security((), ("bearer" = [])))]
#[get("/proposals/{id}")]
pub async fn get_proposal(state: State, user: Option<AuthUser>, path: web::Path<ProposalId>) -> Answer<Proposal> {
    let id = path.into_inner().to_string();
    Ok(web::Json(state.db(move |conn| service::get(conn, user.as_ref(), &id)).await?))
}

/// Change your proposal
///
/// Its author, in the first 15 minutes and before any answer (409 `proposal_locked`).
#[utoipa::path(tag = "consultations", params(("id" = ProposalId, Path, description = "The proposal id")), request_body = Option<UpdateProposal>, responses((status = 200, description = "The proposal", body = Proposal), Errors<(NotFound, NotAuthor, ProposalLocked)>), security(("bearer" = [])))]
#[patch("/proposals/{id}")]
pub async fn update_proposal(
    state: State,
    user: AuthUser,
    path: web::Path<ProposalId>,
    body: ValidJson<UpdateProposal>,
) -> Answer<Proposal> {
    let id = path.into_inner().to_string();
    let req = body.0;
    Ok(web::Json(state.db(move |conn| service::update(conn, &user, &id, &req)).await?))
}

/// Support a proposal
///
/// While the consultation is open; once per member (supporting again changes nothing), and no
/// more proposals than its `support_limit` (409 `support_limit_reached`).
#[utoipa::path(tag = "consultations", params(("id" = ProposalId, Path, description = "The proposal id")), responses((status = 200, description = "The proposal", body = Proposal), Errors<(NotFound, EmailNotVerified, BlockedFromConsultation, ProposalsDisabled, ConsultationNotOpen, SupportLimitReached)>), security(("bearer" = [])))]
#[put("/proposals/{id}/support")]
pub async fn support_proposal(state: State, user: AuthUser, path: web::Path<ProposalId>) -> Answer<Proposal> {
    let id = path.into_inner().to_string();
    Ok(web::Json(state.db(move |conn| service::support(conn, &user, &id, true)).await?))
}

/// Withdraw your support
///
/// While the consultation is open.
#[utoipa::path(tag = "consultations", params(("id" = ProposalId, Path, description = "The proposal id")), responses((status = 200, description = "The proposal", body = Proposal), Errors<(NotFound, EmailNotVerified, BlockedFromConsultation, ProposalsDisabled, ConsultationNotOpen)>), security(("bearer" = [])))]
#[delete("/proposals/{id}/support")]
pub async fn withdraw_support(state: State, user: AuthUser, path: web::Path<ProposalId>) -> Answer<Proposal> {
    let id = path.into_inner().to_string();
    Ok(web::Json(state.db(move |conn| service::support(conn, &user, &id, false)).await?))
}

/// Answer a proposal
///
/// The consultation's organisers, or the staff of the institution it was sent to: a state
/// (`evaluating`, `accepted`, `rejected`) and a text in each language, kept as a draft unless
/// `publish`; a published answer's state joins the proposal's public history, and its author and
/// supporters are told.
#[utoipa::path(tag = "consultations", params(("id" = ProposalId, Path, description = "The proposal id")), request_body = AnswerProposal, responses((status = 200, description = "The proposal, with the answer", body = Proposal), Errors<(NotFound, NotOrganiser, NotAnswerer)>), security(("bearer" = [])))]
#[post("/proposals/{id}/answer")]
pub async fn answer_proposal(
    state: State,
    user: AuthUser,
    path: web::Path<ProposalId>,
    body: ValidJson<AnswerProposal>,
) -> Answer<Proposal> {
    let id = path.into_inner().to_string();
    let req = body.0;
    Ok(web::Json(state.db(move |conn| service::answer(conn, &user, &id, &req)).await?))
}

/// Send a proposal to an institution for an answer
///
/// The consultation's organisers name an institution (422 `institution_id` `unknown`) and the day
/// the answer is due (422 `due_on` `in_past`); its staff are told and may answer it. The proposal
/// then shows publicly how many days the answer took, or how many days it is overdue.
#[utoipa::path(tag = "consultations", params(("id" = ProposalId, Path, description = "The proposal id")), request_body = RouteProposal, responses((status = 200, description = "The proposal, with its routing", body = Proposal), Errors<(NotFound, NotOrganiser)>), security(("bearer" = [])))]
#[post("/proposals/{id}/route")]
pub async fn route_proposal(
    state: State,
    user: AuthUser,
    path: web::Path<ProposalId>,
    body: ValidJson<RouteProposal>,
) -> Answer<Proposal> {
    let id = path.into_inner().to_string();
    let req = body.0;
    Ok(web::Json(state.db(move |conn| service::route(conn, &user, &id, &req)).await?))
}
