//! `/consultations/{id}/answer`: the draft saved as you go, and the final answer.

use actix_web::{get, post, put, web};
use madani_shared::consultations::*;
use madani_shared::ids::ConsultationId;

use super::service::answers as service;
use crate::auth::AuthUser;
use crate::http::{ValidJson, ValidQuery};
use crate::openapi::errors::{
    AlreadyAnswered, ConsultationNotOpen, EmailNotVerified, Errors, NotFound, NotMember, NotOfficer, NotTargeted,
};
use crate::state::{Answer, State};

/// Your answer (or your association's)
///
/// For an association's answer, name the association (its members read it); 404 while nothing is
/// saved.
#[utoipa::path(tag = "consultations", params(("id" = ConsultationId, Path, description = "The consultation id"), AnswerQuery), responses((status = 200, description = "The answer, draft or final", body = ConsultationAnswer), Errors<(NotFound, NotMember, NotTargeted, EmailNotVerified)>), security(("bearer" = [])))]
#[get("/consultations/{id}/answer")]
pub async fn get_my_answer(
    state: State,
    user: AuthUser,
    path: web::Path<ConsultationId>,
    query: ValidQuery<AnswerQuery>,
) -> Answer<ConsultationAnswer> {
    let id = path.into_inner().to_string();
    let association = query.0.association_id.map(|a| a.to_string());
    Ok(web::Json(state.db(move |conn| service::mine(conn, &user, &id, association.as_deref())).await?))
}

/// Save the draft
///
/// While it is open; for an association's answer any of its members. Incomplete answers are kept;
/// each given answer must fit its question (422 naming `answers[i]`). 409 `already_answered` once
/// the answer is final.
#[utoipa::path(tag = "consultations", params(("id" = ConsultationId, Path, description = "The consultation id")), request_body = Option<SaveAnswer>, responses((status = 200, description = "The draft as saved", body = ConsultationAnswer), Errors<(NotFound, NotMember, NotTargeted, EmailNotVerified, ConsultationNotOpen, AlreadyAnswered)>), security(("bearer" = [])))]
#[put("/consultations/{id}/answer")]
pub async fn save_answer_draft(
    state: State,
    user: AuthUser,
    path: web::Path<ConsultationId>,
    body: ValidJson<SaveAnswer>,
) -> Answer<ConsultationAnswer> {
    let id = path.into_inner().to_string();
    let req = body.0;
    Ok(web::Json(state.db(move |conn| service::save_draft(conn, &user, &id, &req)).await?))
}

/// Submit the final answer
///
/// While it is open; for an association's answer its owner or an admin (`not_officer`). Every
/// required question shown must be answered (422 naming `answers.<question_id>`), no hidden one
/// (`answers[i]`, `hidden_question`). One final answer per association or member: a second is 409
/// `already_answered`, unless the consultation allows changing it until it closes.
#[utoipa::path(tag = "consultations", params(("id" = ConsultationId, Path, description = "The consultation id")), request_body = Option<SaveAnswer>, responses((status = 200, description = "The final answer", body = ConsultationAnswer), Errors<(NotFound, NotMember, NotOfficer, NotTargeted, EmailNotVerified, ConsultationNotOpen, AlreadyAnswered)>), security(("bearer" = [])))]
#[post("/consultations/{id}/answer/submit")]
pub async fn submit_answer(
    state: State,
    user: AuthUser,
    path: web::Path<ConsultationId>,
    body: ValidJson<SaveAnswer>,
) -> Answer<ConsultationAnswer> {
    let id = path.into_inner().to_string();
    let req = body.0;
    Ok(web::Json(state.db(move |conn| service::submit(conn, &user, &id, &req)).await?))
}
