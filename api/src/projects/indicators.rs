//! `/projects/{id}/indicators`, the observatory's roll-up, and an association's IATI file.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, delete, get, post, put, web};
use madani_shared::ids::{ActualId, AssociationId, IndicatorId, ProjectId};
use madani_shared::projects::*;

use super::service::{iati, indicators as service};
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::http::ValidJson;
use crate::openapi::errors::{Errors, NotFound, NotInstitutionStaff, NotOfficer, TooManyRequests};
use crate::state::{Answer, State};

/// A project's indicators
///
/// Each with its baseline, its periods (target and actual) and the actuals reported.
#[utoipa::path(tag = "projects", params(("id" = ProjectId, Path, description = "The project id")), responses((status = 200, description = "The indicators", body = Vec<Indicator>), Errors<NotFound>), security((), ("bearer" = [])))]
#[get("/projects/{id}/indicators")]
pub async fn list_indicators(
    state: State,
    user: Option<AuthUser>,
    path: web::Path<ProjectId>,
) -> Answer<Vec<Indicator>> {
    let id = path.into_inner().to_string();
    Ok(web::Json(state.db(move |conn| service::list(conn, user.as_ref(), &id)).await?))
}

/// Add an indicator
///
/// Officers of the lead association. Periods must not overlap (422 `periods` `overlap`); a
/// percentage's targets are 0 to 100.
#[utoipa::path(tag = "projects", params(("id" = ProjectId, Path, description = "The project id")), request_body = IndicatorInput, responses((status = 201, description = "Added", body = Indicator), Errors<(NotFound, NotOfficer)>), security(("bearer" = [])))]
#[post("/projects/{id}/indicators")]
pub async fn create_indicator(
    state: State,
    user: AuthUser,
    path: web::Path<ProjectId>,
    body: ValidJson<IndicatorInput>,
) -> ApiResult<HttpResponse> {
    let (id, input) = (path.into_inner().to_string(), body.0);
    let created = state.db(move |conn| service::create(conn, &user, &id, &input)).await?;
    Ok(HttpResponse::Created().json(created))
}

/// Change an indicator
///
/// Its periods are replaced; its actuals stay, each in the period holding its day.
#[utoipa::path(tag = "projects", params(("id" = ProjectId, Path, description = "The project id"), ("indicator_id" = IndicatorId, Path, description = "The indicator id")), request_body = IndicatorInput, responses((status = 200, description = "The indicator", body = Indicator), Errors<(NotFound, NotOfficer)>), security(("bearer" = [])))]
#[put("/projects/{id}/indicators/{indicator_id}")]
pub async fn update_indicator(
    state: State,
    user: AuthUser,
    path: web::Path<(ProjectId, IndicatorId)>,
    body: ValidJson<IndicatorInput>,
) -> Answer<Indicator> {
    let (project, id) = path.into_inner();
    let (project, id, input) = (project.to_string(), id.to_string(), body.0);
    Ok(web::Json(state.db(move |conn| service::update(conn, &user, &project, &id, &input)).await?))
}

/// Remove an indicator
#[utoipa::path(tag = "projects", params(("id" = ProjectId, Path, description = "The project id"), ("indicator_id" = IndicatorId, Path, description = "The indicator id")), responses((status = 204, description = "Removed"), Errors<(NotFound, NotOfficer)>), security(("bearer" = [])))]
#[delete("/projects/{id}/indicators/{indicator_id}")]
pub async fn delete_indicator(
    state: State,
    user: AuthUser,
    path: web::Path<(ProjectId, IndicatorId)>,
) -> ApiResult<HttpResponse> {
    let (project, id) = path.into_inner();
    let (project, id) = (project.to_string(), id.to_string());
    state.db(move |conn| service::delete(conn, &user, &project, &id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Report an actual
///
/// Officers of the lead association: a value measured on a day (optionally in a wilaya). A
/// percentage is 0 to 100 (422 `value` `range`).
#[utoipa::path(tag = "projects", params(("id" = ProjectId, Path, description = "The project id"), ("indicator_id" = IndicatorId, Path, description = "The indicator id")), request_body = ActualInput, responses((status = 200, description = "The indicator", body = Indicator), Errors<(NotFound, NotOfficer)>), security(("bearer" = [])))]
#[post("/projects/{id}/indicators/{indicator_id}/actuals")]
pub async fn report_actual(
    state: State,
    user: AuthUser,
    path: web::Path<(ProjectId, IndicatorId)>,
    body: ValidJson<ActualInput>,
) -> Answer<Indicator> {
    let (project, id) = path.into_inner();
    let (project, id, input) = (project.to_string(), id.to_string(), body.0);
    Ok(web::Json(state.db(move |conn| service::report(conn, &user, &project, &id, &input)).await?))
}

/// Remove an actual
#[utoipa::path(tag = "projects", params(("id" = ProjectId, Path, description = "The project id"), ("indicator_id" = IndicatorId, Path, description = "The indicator id"), ("actual_id" = ActualId, Path, description = "The actual id")), responses((status = 200, description = "The indicator", body = Indicator), Errors<(NotFound, NotOfficer)>), security(("bearer" = [])))]
#[delete("/projects/{id}/indicators/{indicator_id}/actuals/{actual_id}")]
pub async fn delete_actual(
    state: State,
    user: AuthUser,
    path: web::Path<(ProjectId, IndicatorId, ActualId)>,
) -> Answer<Indicator> {
    let (project, id, actual) = path.into_inner();
    let (project, id, actual) = (project.to_string(), id.to_string(), actual.to_string());
    Ok(web::Json(state.db(move |conn| service::delete_actual(conn, &user, &project, &id, &actual)).await?))
}

/// Indicators rolled up
///
/// Institution staff and administrators (403 `not_institution_staff`): every project's indicators
/// by field, wilaya, result level, measure and unit — counts summed, percentages averaged.
#[utoipa::path(tag = "projects", responses((status = 200, description = "The roll-up", body = Vec<IndicatorRollup>), Errors<NotInstitutionStaff>), security(("bearer" = [])))]
#[get("/indicators/rollup")]
pub async fn rollup(state: State, user: AuthUser) -> Answer<Vec<IndicatorRollup>> {
    Ok(web::Json(state.db(move |conn| service::rollup(conn, &user)).await?))
}

/// An association's IATI file
///
/// Its public projects as an IATI 2.03 activity file: identifiers, organisations and their roles,
/// status, dates, country, places, DAC sectors (the mapping is in `docs/iati.md`), budget, and
/// results with their indicators, baselines, targets and actuals.
#[utoipa::path(tag = "projects", params(("id" = AssociationId, Path, description = "The association id")), responses((status = 200, description = "The activity file", content((String = "application/xml"))), Errors<(NotFound, TooManyRequests)>), security(()))]
#[get("/associations/{id}/projects/iati.xml")]
pub async fn iati_xml(state: State, req: HttpRequest, path: web::Path<AssociationId>) -> ApiResult<HttpResponse> {
    let activities = iati_activities(&state, &req, path.into_inner()).await?;
    let generated = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    Ok(HttpResponse::Ok()
        .content_type("application/xml; charset=utf-8")
        .insert_header((header::CONTENT_DISPOSITION, "inline; filename=\"iati-activities.xml\""))
        .body(iati::xml(&activities, &generated)))
}

/// An association's IATI activities as JSON
///
/// The same activities as the XML file, field by field.
#[utoipa::path(tag = "projects", params(("id" = AssociationId, Path, description = "The association id")), responses((status = 200, description = "The activities", body = Object), Errors<(NotFound, TooManyRequests)>), security(()))]
#[get("/associations/{id}/projects/iati.json")]
pub async fn iati_json(state: State, req: HttpRequest, path: web::Path<AssociationId>) -> ApiResult<HttpResponse> {
    let activities = iati_activities(&state, &req, path.into_inner()).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "version": "2.03", "activities": activities })))
}

/// The association's public projects as IATI activities; reads are limited per client address,
/// as feeds are (a file of every project with its indicators is work).
async fn iati_activities(state: &State, req: &HttpRequest, id: AssociationId) -> ApiResult<Vec<iati::IatiActivity>> {
    let (id, ip) = (id.to_string(), state.client_ip(req));
    let per_minute = state.config.limits.feed_reads_per_minute;
    state
        .db(move |conn| {
            let key = crate::ratelimit::keys::iati_address(&ip);
            crate::ratelimit::hit(conn, &key, per_minute, chrono::TimeDelta::minutes(1))?;
            iati::activities(conn, &id)
        })
        .await
}
