//! `/institutions`, their staff, and `/me/institutions`.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use madani_shared::ids::{InstitutionId, UserId};
use madani_shared::institutions::*;

use super::service;
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::http::ValidJson;
use crate::openapi::errors::{Errors, LastManager, NotAdmin, NotFound, NotInstitutionManager, NotInstitutionStaff};
use crate::state::{Answer, State};

/// Institutions
///
/// Public: the observatory, ministries, councils and wilaya administrations that run consultations,
/// with your role in each when you are their staff.
#[utoipa::path(tag = "institutions", responses((status = 200, description = "Every institution, by name", body = Vec<Institution>)), security((), ("bearer" = [])))]
#[get("/institutions")]
pub async fn list_institutions(state: State, user: Option<AuthUser>) -> Answer<Vec<Institution>> {
    Ok(web::Json(state.db(move |conn| service::list(conn, user.as_ref())).await?))
}

/// Create an institution
///
/// Administrators. `manager_email` names a verified account, which becomes its first manager.
#[utoipa::path(tag = "institutions", request_body = CreateInstitution, responses((status = 201, description = "Created", body = Institution), Errors<NotAdmin>), security(("bearer" = [])))]
#[post("/institutions")]
pub async fn create_institution(
    state: State,
    user: AuthUser,
    body: ValidJson<CreateInstitution>,
) -> ApiResult<HttpResponse> {
    let req = body.0;
    let created = state.db(move |conn| service::create(conn, &user, &req)).await?;
    Ok(HttpResponse::Created().json(created))
}

/// An institution
#[utoipa::path(tag = "institutions", params(("id" = InstitutionId, Path, description = "The institution id")), responses((status = 200, description = "The institution", body = Institution), Errors<NotFound>), security((), ("bearer" = [])))]
#[get("/institutions/{id}")]
pub async fn get_institution(
    state: State,
    user: Option<AuthUser>,
    path: web::Path<InstitutionId>,
) -> Answer<Institution> {
    let id = path.into_inner().to_string();
    Ok(web::Json(state.db(move |conn| service::get(conn, &id, user.as_ref())).await?))
}

/// Change an institution
///
/// Its managers and administrators. Absent fields stay.
#[utoipa::path(tag = "institutions", params(("id" = InstitutionId, Path, description = "The institution id")), request_body = Option<UpdateInstitution>, responses((status = 200, description = "The institution", body = Institution), Errors<(NotFound, NotInstitutionManager)>), security(("bearer" = [])))]
#[patch("/institutions/{id}")]
pub async fn update_institution(
    state: State,
    user: AuthUser,
    path: web::Path<InstitutionId>,
    body: ValidJson<UpdateInstitution>,
) -> Answer<Institution> {
    let id = path.into_inner().to_string();
    let req = body.0;
    Ok(web::Json(state.db(move |conn| service::update(conn, &user, &id, &req)).await?))
}

/// An institution's staff
///
/// Its staff and administrators.
#[utoipa::path(tag = "institutions", params(("id" = InstitutionId, Path, description = "The institution id")), responses((status = 200, description = "Managers first", body = Vec<StaffMember>), Errors<(NotFound, NotInstitutionStaff)>), security(("bearer" = [])))]
#[get("/institutions/{id}/staff")]
pub async fn list_institution_staff(
    state: State,
    user: AuthUser,
    path: web::Path<InstitutionId>,
) -> Answer<Vec<StaffMember>> {
    let id = path.into_inner().to_string();
    Ok(web::Json(state.db(move |conn| service::staff(conn, &user, &id)).await?))
}

/// Add a member of staff, or change their role
///
/// Managers and administrators; `email` names a verified account (422 `unknown_account`). The last
/// manager cannot become staff (409 `last_manager`).
#[utoipa::path(tag = "institutions", params(("id" = InstitutionId, Path, description = "The institution id")), request_body = AddStaffMember, responses((status = 200, description = "The member of staff", body = StaffMember), Errors<(NotFound, NotInstitutionManager, LastManager)>), security(("bearer" = [])))]
#[post("/institutions/{id}/staff")]
pub async fn add_staff_member(
    state: State,
    user: AuthUser,
    path: web::Path<InstitutionId>,
    body: ValidJson<AddStaffMember>,
) -> Answer<StaffMember> {
    let id = path.into_inner().to_string();
    let req = body.0;
    Ok(web::Json(state.db(move |conn| service::add_staff(conn, &user, &id, &req)).await?))
}

/// Remove a member of staff
///
/// Managers and administrators; anyone may leave. The last manager stays (409 `last_manager`).
#[utoipa::path(tag = "institutions", params(("id" = InstitutionId, Path, description = "The institution id"), ("user_id" = UserId, Path, description = "The member of staff")), responses((status = 204, description = "Removed"), Errors<(NotFound, NotInstitutionManager, LastManager)>), security(("bearer" = [])))]
#[delete("/institutions/{id}/staff/{user_id}")]
pub async fn remove_staff_member(
    state: State,
    user: AuthUser,
    path: web::Path<(InstitutionId, UserId)>,
) -> ApiResult<HttpResponse> {
    let (id, member) = path.into_inner();
    let (id, member) = (id.to_string(), member.to_string());
    state.db(move |conn| service::remove_staff(conn, &user, &id, &member)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Institutions you are staff of
#[utoipa::path(tag = "institutions", responses((status = 200, description = "With your role in each", body = Vec<Institution>)), security(("bearer" = [])))]
#[get("/me/institutions")]
pub async fn list_my_institutions(state: State, user: AuthUser) -> Answer<Vec<Institution>> {
    Ok(web::Json(state.db(move |conn| service::mine(conn, &user)).await?))
}
