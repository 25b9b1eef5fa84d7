//! Territories: Algeria's wilayas, daïras and communes, loaded from the project's data files on first
//! start, read-only afterwards.

mod handlers;
pub mod load;
pub mod repo;

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::list_wilayas).service(handlers::list_communes);
}
