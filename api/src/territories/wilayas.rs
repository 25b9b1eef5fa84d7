//! `/territories/wilayas…`: public, cacheable.

use actix_web::{HttpResponse, get, web};
use madani_shared::ids::WilayaCode;
use madani_shared::territories::{Commune, Wilaya};

use super::service;
use crate::error::ApiResult;
use crate::openapi::errors::{Errors, NotFound};
use crate::state::State;

const CACHE: (&str, &str) = ("cache-control", "public, max-age=86400");

/// List wilayas
///
/// All wilayas in numeric order, with their names in Arabic, French and English.
#[utoipa::path(tag = "territories", responses((status = 200, description = "The wilayas", body = Vec<Wilaya>)), security(()))]
#[get("/territories/wilayas")]
pub async fn list_wilayas(state: State) -> ApiResult<HttpResponse> {
    let list = state.db(service::wilayas).await?;
    Ok(HttpResponse::Ok().insert_header(CACHE).json(list))
}

/// List the communes of a wilaya
///
/// Sorted by French name, each with its daïra and postal code.
#[utoipa::path(tag = "territories", params(("code" = WilayaCode, Path, description = "Two-digit wilaya code", example = "06")), responses((status = 200, description = "The communes", body = Vec<Commune>), Errors<NotFound>), security(()))]
#[get("/territories/wilayas/{code}/communes")]
pub async fn list_communes(state: State, path: web::Path<WilayaCode>) -> ApiResult<HttpResponse> {
    let code = path.into_inner().to_string();
    let list = state.db(move |conn| service::communes(conn, &code)).await?;
    Ok(HttpResponse::Ok().insert_header(CACHE).json(list))
}
