//! HTTP handlers for `/api/v1/territories/…`: public, cacheable.

use actix_web::{HttpResponse, get, web};
use madani_shared::Problem;
use madani_shared::territories::{Commune, Wilaya};

use super::repo;
use crate::error::{ApiError, ApiResult};
use crate::startup::AppState;

const CACHE: (&str, &str) = ("cache-control", "public, max-age=86400");

/// List wilayas
///
/// All wilayas in numeric order, with their names in Arabic, French and English.
#[utoipa::path(
    tag = "territories",
    responses((status = 200, description = "The wilayas", body = Vec<Wilaya>)),
    security(())
)]
#[get("/territories/wilayas")]
pub async fn list_wilayas(state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let list = state.db(|conn| Ok(repo::list_wilayas(conn)?)).await?;
    Ok(HttpResponse::Ok().insert_header(CACHE).json(list))
}

/// List the communes of a wilaya
///
/// Sorted by French name, each with its daïra and postal code.
#[utoipa::path(
    tag = "territories",
    params(("code" = String, Path, description = "Two-digit wilaya code", example = "06")),
    responses(
        (status = 200, description = "The communes", body = Vec<Commune>),
        (status = 404, description = "No such wilaya (`not_found`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(())
)]
#[get("/territories/wilayas/{code}/communes")]
pub async fn list_communes(state: web::Data<AppState>, path: web::Path<String>) -> ApiResult<HttpResponse> {
    let code = path.into_inner();
    let list = state
        .db(move |conn| {
            if !repo::wilaya_exists(conn, &code)? {
                return Err(ApiError::NotFound);
            }
            Ok(repo::list_communes(conn, &code)?)
        })
        .await?;
    Ok(HttpResponse::Ok().insert_header(CACHE).json(list))
}
