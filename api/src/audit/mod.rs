//! The staff audit log: one [`record`] that every domain calls inside the transaction of the action
//! it records, and the route staff read it through.

mod handlers;
mod repo;
mod rows;
mod service;

pub use service::{Subject, record};

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::list_audit_log);
}
