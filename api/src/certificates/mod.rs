//! Certificates of completion: issued when a learner completes a course, verifiable by anyone with
//! their short code, signed as Open Badges 3.0 credentials (VC-JOSE, EdDSA) whose key is published,
//! and revocable through a Bitstring Status List.

mod handlers;
pub mod issue;
pub mod keys;

pub use issue::Issuer;

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::list_my_certificates)
        .service(handlers::get_certificate)
        .service(handlers::revoke_certificate)
        .service(handlers::verification_qr)
        .service(handlers::verify_certificate)
        .service(handlers::status_list);
}

/// Routes outside `/api/v1`.
pub fn well_known(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::jwks);
}
