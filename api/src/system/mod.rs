//! Liveness and readiness probes for load balancers and orchestrators.

use actix_web::{HttpResponse, get, web};
use madani_shared::system::{Health, Ready};

use crate::error::ApiResult;
use crate::state::State;

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(health).service(ready);
}

/// Liveness
///
/// The process is up. Does not touch the database.
#[utoipa::path(tag = "system", responses((status = 200, description = "Up", body = Health)), security(()))]
#[get("/health")]
pub async fn health() -> web::Json<Health> {
    web::Json(Health { status: "ok".into(), version: env!("CARGO_PKG_VERSION").into() })
}

/// Readiness
///
/// The database answers; a load balancer sends traffic only while this is 200.
#[utoipa::path(tag = "system", responses((status = 200, description = "Ready", body = Ready)), security(()))]
#[get("/ready")]
pub async fn ready(state: State) -> ApiResult<HttpResponse> {
    state.db(crate::db::ping).await?;
    Ok(HttpResponse::Ok().json(Ready { status: "ok".into(), database: state.backend.name().into() }))
}
