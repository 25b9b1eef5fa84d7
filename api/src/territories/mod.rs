//! Territories: Algeria's wilayas, daïras and communes, loaded from the project's data files on first
//! start, read-only afterwards.

pub mod load;
pub mod repo;
mod service;
mod wilayas;

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(wilayas::list_wilayas).service(wilayas::list_communes);
}
