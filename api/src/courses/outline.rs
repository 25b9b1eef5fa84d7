//! Handlers of a course's modules: `/courses/{id}/modules…`.

use actix_web::{HttpResponse, delete, patch, post, web};
use madani_shared::courses::*;
use madani_shared::ids::{CourseId, ModuleId};

use super::{access, service};
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::http::ValidJson;
use crate::openapi::errors::{Errors, NotFound, NotTrainer};
use crate::state::{Answer, State};

/// Add a module
#[utoipa::path(tag = "courses", params(("id" = CourseId, Path, description = "The course id")), request_body = CreateModule, responses((status = 201, description = "Added at the end", body = Module), Errors<(NotTrainer, NotFound)>), security(("bearer" = [])))]
#[post("/courses/{id}/modules")]
pub async fn create_module(
    state: State,
    user: AuthUser,
    path: web::Path<CourseId>,
    body: ValidJson<CreateModule>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner().to_string();
    let req = body.0;
    let module = state
        .db(move |conn| {
            let course = access::require_trainer(conn, &id, &user)?;
            service::outline::create(conn, &course, req)
        })
        .await?;
    Ok(HttpResponse::Created().json(module))
}

/// Rename or move a module
#[utoipa::path(tag = "courses", params(("id" = CourseId, Path, description = "The course id"), ("module_id" = ModuleId, Path, description = "The module id")), request_body = Option<UpdateModule>, responses((status = 200, description = "The module", body = Module), Errors<(NotTrainer, NotFound)>), security(("bearer" = [])))]
#[patch("/courses/{id}/modules/{module_id}")]
pub async fn update_module(
    state: State,
    user: AuthUser,
    path: web::Path<(CourseId, ModuleId)>,
    body: ValidJson<UpdateModule>,
) -> Answer<Module> {
    let (id, module_id) = path.into_inner();
    let (id, module_id) = (id.to_string(), module_id.to_string());
    let req = body.0;
    let module = state
        .db(move |conn| {
            let course = access::require_trainer(conn, &id, &user)?;
            service::outline::update(conn, &course, &module_id, req)
        })
        .await?;
    Ok(web::Json(module))
}

/// Delete a module and its lessons
#[utoipa::path(tag = "courses", params(("id" = CourseId, Path, description = "The course id"), ("module_id" = ModuleId, Path, description = "The module id")), responses((status = 204, description = "Deleted"), Errors<(NotTrainer, NotFound)>), security(("bearer" = [])))]
#[delete("/courses/{id}/modules/{module_id}")]
pub async fn delete_module(
    state: State,
    user: AuthUser,
    path: web::Path<(CourseId, ModuleId)>,
) -> ApiResult<HttpResponse> {
    let (id, module_id) = path.into_inner();
    let (id, module_id) = (id.to_string(), module_id.to_string());
    let storage = state.storage.clone();
    state
        .db(move |conn| {
            let course = access::require_trainer(conn, &id, &user)?;
            service::outline::delete(conn, storage.as_ref(), &course, &module_id)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
