//! `/consultations`: the list, writing one, its questionnaire and its phases.

use actix_web::{HttpResponse, get, patch, post, put, web};
use madani_shared::Page;
use madani_shared::consultations::*;
use madani_shared::ids::ConsultationId;

use super::service::consultations::{self as service, Transition};
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::http::{RequiredJson, ValidJson, ValidQuery};
use crate::openapi::errors::{
    ConsultationPublished, Errors, NotFound, NotInstitutionStaff, NotOrganiser, QuestionnaireEmpty,
    QuestionnaireFrozen, WrongPhase,
};
use crate::state::{Answer, State};

/// Consultations
///
/// Public: every published consultation, newest opening first, with its phase at the server's
/// clock; institution staff also see their institutions' drafts (administrators every draft).
#[utoipa::path(tag = "consultations", params(ListConsultationsQuery), responses((status = 200, description = "A page of consultations", body = Page<ConsultationSummary>)), security((), ("bearer" = [])))]
#[get("/consultations")]
pub async fn list_consultations(
    state: State,
    user: Option<AuthUser>,
    query: ValidQuery<ListConsultationsQuery>,
) -> Answer<Page<ConsultationSummary>> {
    let q = query.0;
    Ok(web::Json(state.db(move |conn| service::list(conn, user.as_ref(), &q)).await?))
}

/// Create a consultation
///
/// Staff of `institution_id` (403 `not_institution_staff` otherwise). It starts as a draft with an
/// empty questionnaire; `closes_at` must be after `opens_at` (422).
#[utoipa::path(tag = "consultations", request_body = CreateConsultation, responses((status = 201, description = "Created, as a draft", body = Consultation), Errors<NotInstitutionStaff>), security(("bearer" = [])))]
#[post("/consultations")]
pub async fn create_consultation(
    state: State,
    user: AuthUser,
    body: ValidJson<CreateConsultation>,
) -> ApiResult<HttpResponse> {
    let req = body.0;
    let created = state.db(move |conn| service::create(conn, &user, &req)).await?;
    Ok(HttpResponse::Created().json(created))
}

/// A consultation
///
/// Public once published, with its questionnaire; a draft is seen by its organisers only (404).
#[utoipa::path(tag = "consultations", params(("id" = ConsultationId, Path, description = "The consultation id")), responses((status = 200, description = "The consultation", body = Consultation), Errors<NotFound>), security((), ("bearer" = [])))]
#[get("/consultations/{id}")]
pub async fn get_consultation(
    state: State,
    user: Option<AuthUser>,
    path: web::Path<ConsultationId>,
) -> Answer<Consultation> {
    let id = path.into_inner().to_string();
    Ok(web::Json(state.db(move |conn| service::get(conn, user.as_ref(), &id)).await?))
}

/// Change a consultation
///
/// Its organisers. Who answers and the audience are fixed once published (409
/// `consultation_published`); the dates until it closes (409 `wrong_phase`).
#[utoipa::path(tag = "consultations", params(("id" = ConsultationId, Path, description = "The consultation id")), request_body = Option<UpdateConsultation>, responses((status = 200, description = "The consultation", body = Consultation), Errors<(NotFound, NotOrganiser, ConsultationPublished, WrongPhase)>), security(("bearer" = [])))]
#[patch("/consultations/{id}")]
pub async fn update_consultation(
    state: State,
    user: AuthUser,
    path: web::Path<ConsultationId>,
    body: ValidJson<UpdateConsultation>,
) -> Answer<Consultation> {
    let id = path.into_inner().to_string();
    let req = body.0;
    Ok(web::Json(state.db(move |conn| service::update(conn, &user, &id, &req)).await?))
}

/// Replace the questionnaire
///
/// Its organisers, until it closes. Question and option ids are unique; conditions name an earlier
/// question (422 naming e.g. `sections[0].questions[2].show_if.option_id`). Once an answer is saved,
/// only the texts may change (409 `questionnaire_frozen`).
#[utoipa::path(tag = "consultations", params(("id" = ConsultationId, Path, description = "The consultation id")), request_body = Questionnaire, responses((status = 200, description = "The consultation with its questionnaire", body = Consultation), Errors<(NotFound, NotOrganiser, QuestionnaireFrozen, WrongPhase)>), security(("bearer" = [])))]
#[put("/consultations/{id}/questionnaire")]
pub async fn put_questionnaire(
    state: State,
    user: AuthUser,
    path: web::Path<ConsultationId>,
    body: RequiredJson<Questionnaire>,
) -> Answer<Consultation> {
    let id = path.into_inner().to_string();
    let req = body.0;
    Ok(web::Json(state.db(move |conn| service::put_questionnaire(conn, &user, &id, &req)).await?))
}

async fn change(state: State, user: AuthUser, id: ConsultationId, to: Transition) -> Answer<Consultation> {
    let id = id.to_string();
    let changed = state.db(move |conn| service::transition(conn, &user, &id, to)).await?;
    state.jobs_notify.notify_one();
    Ok(web::Json(changed))
}

/// Publish a draft
///
/// Its organisers. It opens at `opens_at` by itself (at once if that is past). It needs a question
/// (409 `questionnaire_empty`).
#[utoipa::path(tag = "consultations", params(("id" = ConsultationId, Path, description = "The consultation id")), responses((status = 200, description = "Published", body = Consultation), Errors<(NotFound, NotOrganiser, QuestionnaireEmpty, WrongPhase)>), security(("bearer" = [])))]
#[post("/consultations/{id}/publish")]
pub async fn publish_consultation(
    state: State,
    user: AuthUser,
    path: web::Path<ConsultationId>,
) -> Answer<Consultation> {
    change(state, user, path.into_inner(), Transition::Publish).await
}

/// Close it now
///
/// Its organisers, while it is upcoming or open: `closes_at` becomes now.
#[utoipa::path(tag = "consultations", params(("id" = ConsultationId, Path, description = "The consultation id")), responses((status = 200, description = "Closed", body = Consultation), Errors<(NotFound, NotOrganiser, WrongPhase)>), security(("bearer" = [])))]
#[post("/consultations/{id}/close")]
pub async fn close_consultation(state: State, user: AuthUser, path: web::Path<ConsultationId>) -> Answer<Consultation> {
    change(state, user, path.into_inner(), Transition::Close).await
}

/// Publish the results
///
/// Its organisers, once it is closed: the results become public, also to anonymous visitors.
#[utoipa::path(tag = "consultations", params(("id" = ConsultationId, Path, description = "The consultation id")), responses((status = 200, description = "Results published", body = Consultation), Errors<(NotFound, NotOrganiser, WrongPhase)>), security(("bearer" = [])))]
#[post("/consultations/{id}/results/publish")]
pub async fn publish_results(state: State, user: AuthUser, path: web::Path<ConsultationId>) -> Answer<Consultation> {
    change(state, user, path.into_inner(), Transition::PublishResults).await
}
