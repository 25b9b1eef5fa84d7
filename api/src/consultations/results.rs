//! `/consultations/{id}/results`: the results, their CSV, the free-text answers, and the
//! organisers' export of the answers.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use madani_shared::Page;
use madani_shared::consultations::*;
use madani_shared::ids::{ConsultationId, TextAnswerId};

use super::access;
use super::service::results as service;
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::http::{ValidJson, ValidQuery};
use crate::openapi::errors::{Errors, NotFound, NotOrganiser, ResultsNotPublished, TooManyRequests};
use crate::state::{Answer, State};

/// The results
///
/// Public once published (also to anonymous visitors, 120 reads a minute per address); its
/// organisers see them live. Per question:
/// counts and percentages (a multiple choice counts each option picked), mean and median, average
/// ranks, matrices; with `breakdown`, by wilaya or by field, every cell under 5 respondents `null`.
#[utoipa::path(tag = "consultations", params(("id" = ConsultationId, Path, description = "The consultation id"), ResultsQuery), responses((status = 200, description = "The results", body = ConsultationResults), Errors<(NotFound, ResultsNotPublished, TooManyRequests)>), security((), ("bearer" = [])))]
#[get("/consultations/{id}/results")]
pub async fn get_results(
    state: State,
    req: HttpRequest,
    user: Option<AuthUser>,
    path: web::Path<ConsultationId>,
    query: ValidQuery<ResultsQuery>,
) -> Answer<ConsultationResults> {
    let id = path.into_inner().to_string();
    let anonymous_from = user.is_none().then(|| state.client_ip(&req));
    let breakdown = query.0.breakdown;
    let cache = state.results.clone();
    let results = state
        .db(move |conn| {
            let row = access::require_results(conn, &id, user.as_ref(), anonymous_from.as_deref())?;
            service::cached(conn, &cache, &row, breakdown)
        })
        .await?;
    Ok(web::Json(ConsultationResults::clone(&results)))
}

/// The results as CSV
///
/// As the results: a line per question and option, value or matrix cell, with the labels in each
/// language (UTF-8 with a byte-order mark, RFC 4180).
#[utoipa::path(tag = "consultations", params(("id" = ConsultationId, Path, description = "The consultation id")), responses((status = 200, description = "The results, as an attachment", content((String = "text/csv", example = "question_id,question_kind,question_ar,question_fr,question_en,answered,row_id,row_ar,row_fr,row_en,option_id,option_ar,option_fr,option_en,count,percent,average_rank,mean,median\r\n"))), Errors<(NotFound, ResultsNotPublished, TooManyRequests)>), security((), ("bearer" = [])))]
#[get("/consultations/{id}/results.csv")]
pub async fn export_results(
    state: State,
    req: HttpRequest,
    user: Option<AuthUser>,
    path: web::Path<ConsultationId>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner().to_string();
    let anonymous_from = user.is_none().then(|| state.client_ip(&req));
    let cache = state.results.clone();
    let results = state
        .db(move |conn| {
            let row = access::require_results(conn, &id, user.as_ref(), anonymous_from.as_deref())?;
            service::cached(conn, &cache, &row, None)
        })
        .await?;
    Ok(csv_attachment("results.csv", service::results_csv(&results)))
}

/// A question's free-text answers
///
/// As the results, without who wrote them; newest first.
#[utoipa::path(tag = "consultations", params(("id" = ConsultationId, Path, description = "The consultation id"), TextAnswersQuery), responses((status = 200, description = "A page of answers", body = Page<TextAnswer>), Errors<(NotFound, ResultsNotPublished, TooManyRequests)>), security((), ("bearer" = [])))]
#[get("/consultations/{id}/results/texts")]
pub async fn list_text_answers(
    state: State,
    req: HttpRequest,
    user: Option<AuthUser>,
    path: web::Path<ConsultationId>,
    query: ValidQuery<TextAnswersQuery>,
) -> Answer<Page<TextAnswer>> {
    let id = path.into_inner().to_string();
    let anonymous_from = user.is_none().then(|| state.client_ip(&req));
    let q = query.0;
    let page = state
        .db(move |conn| {
            let row = access::require_results(conn, &id, user.as_ref(), anonymous_from.as_deref())?;
            let moderator = access::is_organiser(conn, &row, user.as_ref())?;
            service::texts(conn, &row, &q, moderator)
        })
        .await?;
    Ok(web::Json(page))
}

/// Hide or restore a free-text answer
///
/// Its organisers (the consultation's moderators): a hidden answer leaves the published list
/// (moderators still see it, marked, with the reason); submitting the same text again keeps it
/// hidden. Audited. `dismiss` does not apply (422 `action` `not_applicable`).
#[utoipa::path(tag = "consultations", params(("id" = ConsultationId, Path, description = "The consultation id"), ("answer_id" = TextAnswerId, Path, description = "The text answer's id")), request_body = TextAnswerDecision, responses((status = 200, description = "The answer as moderators see it", body = TextAnswer), Errors<(NotFound, NotOrganiser)>), security(("bearer" = [])))]
#[post("/consultations/{id}/results/texts/{answer_id}/moderation")]
pub async fn moderate_text_answer(
    state: State,
    user: AuthUser,
    path: web::Path<(ConsultationId, TextAnswerId)>,
    body: ValidJson<TextAnswerDecision>,
) -> Answer<TextAnswer> {
    let (id, answer) = path.into_inner();
    let (id, answer) = (id.to_string(), answer.to_string());
    let input = body.0;
    let text = state.db(move |conn| service::moderate_text(conn, &user, &id, &answer, &input)).await?;
    Ok(web::Json(text))
}

/// The answers as CSV
///
/// Its organisers only: a line per final answer, numbered, with the respondent's wilaya and fields
/// but not who they are, and a column per question.
#[utoipa::path(tag = "consultations", params(("id" = ConsultationId, Path, description = "The consultation id")), responses((status = 200, description = "The answers, as an attachment", content((String = "text/csv", example = "respondent,submitted_at,wilaya,fields,funding\r\n1,2027-01-12T09:30:00Z,06,youth,yes\r\n"))), Errors<(NotFound, NotOrganiser)>), security(("bearer" = [])))]
#[get("/consultations/{id}/answers.csv")]
pub async fn export_answers(state: State, user: AuthUser, path: web::Path<ConsultationId>) -> ApiResult<HttpResponse> {
    let id = path.into_inner().to_string();
    let csv = state
        .db(move |conn| {
            let row = access::require_organiser(conn, &id, &user)?;
            service::answers_csv(conn, &row)
        })
        .await?;
    Ok(csv_attachment("answers.csv", csv))
}

fn csv_attachment(name: &str, body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(("content-disposition", format!("attachment; filename=\"{name}\"")))
        .body(format!("\u{feff}{body}"))
}
