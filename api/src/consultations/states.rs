//! `/institutions/{id}/proposal-states`: the states an institution defines for its answers to
//! proposals.

use actix_web::{HttpResponse, delete, get, put, web};
use madani_shared::consultations::*;
use madani_shared::ids::{InstitutionId, ProposalStateKey};

use super::service::states as service;
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::http::ValidJson;
use crate::openapi::errors::{Errors, NotFound, NotInstitutionManager, ProposalStateInUse};
use crate::state::{Answer, State};

/// An institution's proposal states
///
/// Public. States the institution defined for its answers to proposals, each refining a base
/// state (`evaluating`, `accepted`, `rejected`), by key.
#[utoipa::path(tag = "institutions", params(("id" = InstitutionId, Path, description = "The institution id")), responses((status = 200, description = "Its states, by key", body = Vec<CustomProposalState>), Errors<NotFound>), security((), ("bearer" = [])))]
#[get("/institutions/{id}/proposal-states")]
pub async fn list_proposal_states(state: State, path: web::Path<InstitutionId>) -> Answer<Vec<CustomProposalState>> {
    let id = path.into_inner().to_string();
    Ok(web::Json(state.db(move |conn| service::list(conn, &id)).await?))
}

/// Define or change a proposal state
///
/// The institution's managers and administrators. The key is 2 to 40 of `a`–`z`, digits and `_`,
/// from a letter, and not a base state's name (404 otherwise); `state` is the base state it
/// refines (422 `state` `not_answered` for `not_answered`). Renaming changes every answer and
/// history that shows it.
#[utoipa::path(tag = "institutions", params(("id" = InstitutionId, Path, description = "The institution id"), ("key" = ProposalStateKey, Path, description = "The state's key")), request_body = PutProposalState, responses((status = 200, description = "The state", body = CustomProposalState), Errors<(NotFound, NotInstitutionManager)>), security(("bearer" = [])))]
#[put("/institutions/{id}/proposal-states/{key}")]
pub async fn put_proposal_state(
    state: State,
    user: AuthUser,
    path: web::Path<(InstitutionId, ProposalStateKey)>,
    body: ValidJson<PutProposalState>,
) -> Answer<CustomProposalState> {
    let (id, key) = path.into_inner();
    let (id, key) = (id.to_string(), key.to_string());
    let input = body.0;
    Ok(web::Json(state.db(move |conn| service::put(conn, &user, &id, &key, &input)).await?))
}

/// Remove a proposal state
///
/// The institution's managers and administrators; not a state that an answer (even a draft) or a
/// proposal's history carries (409 `proposal_state_in_use`): rename it instead.
#[utoipa::path(tag = "institutions", params(("id" = InstitutionId, Path, description = "The institution id"), ("key" = ProposalStateKey, Path, description = "The state's key")), responses((status = 204, description = "Removed"), Errors<(NotFound, NotInstitutionManager, ProposalStateInUse)>), security(("bearer" = [])))]
#[delete("/institutions/{id}/proposal-states/{key}")]
pub async fn delete_proposal_state(
    state: State,
    user: AuthUser,
    path: web::Path<(InstitutionId, ProposalStateKey)>,
) -> ApiResult<HttpResponse> {
    let (id, key) = path.into_inner();
    let (id, key) = (id.to_string(), key.to_string());
    state.db(move |conn| service::delete(conn, &user, &id, &key)).await?;
    Ok(HttpResponse::NoContent().finish())
}
