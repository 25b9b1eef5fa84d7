//! Certificates of completion: issued when a learner completes a course, verifiable by anyone with
//! their short code, signed as Open Badges 3.0 credentials (VC-JOSE, EdDSA) whose key is published,
//! and revocable through a Bitstring Status List.

mod access;
mod certificate;
pub mod issue;
pub mod keys;
mod publication;
pub mod repo;
pub mod rows;
pub mod service;
mod verification;

pub use issue::Issuer;

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(certificate::list_my_certificates)
        .service(certificate::get_certificate)
        .service(certificate::revoke_certificate)
        .service(verification::verification_qr)
        .service(verification::verify_certificate)
        .service(publication::status_list);
}

/// Routes outside `/api/v1`.
pub fn well_known(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(publication::jwks);
}
