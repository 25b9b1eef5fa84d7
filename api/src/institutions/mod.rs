//! Institutions as actors (the observatory, ministries, councils, wilaya administrations) and their
//! staff: managers and staff act for them, in consultations first.

pub mod access;
mod handlers;
pub mod repo;
pub mod rows;
pub mod service;

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::list_institutions)
        .service(handlers::create_institution)
        .service(handlers::list_my_institutions)
        .service(handlers::get_institution)
        .service(handlers::update_institution)
        .service(handlers::list_institution_staff)
        .service(handlers::add_staff_member)
        .service(handlers::remove_staff_member);
}
