//! Liveness and readiness probes for load balancers and orchestrators.

use actix_web::{HttpResponse, get, web};
use diesel::connection::SimpleConnection;
use madani_shared::Problem;
use madani_shared::system::{Health, Ready};

use crate::error::{ApiError, ApiResult};
use crate::startup::AppState;

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
#[utoipa::path(
    tag = "system",
    responses(
        (status = 200, description = "Ready", body = Ready),
        (status = 503, description = "The database does not answer (`service_unavailable`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(())
)]
#[get("/ready")]
pub async fn ready(state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    state
        .db(|conn| conn.batch_execute("SELECT 1").map_err(|e| ApiError::Unavailable(format!("readiness: {e}"))))
        .await?;
    Ok(HttpResponse::Ok().json(Ready { status: "ok".into(), database: state.backend.name().into() }))
}
