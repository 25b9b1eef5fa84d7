//! The association registry: profiles, members and roles, join requests and invitations,
//! verification by the observatory with an audit log, bulk imports, and the public directory with
//! folded full-text search and facets.
//!
//! Handlers (one file per resource) parse and answer; `access` says who may see or do what;
//! `service` holds the rules and owns the transactions; `repo` stores.

pub mod access;
pub mod cache;
mod directory;
mod import;
pub mod index;
mod invitations;
mod join_requests;
mod logo;
mod members;
mod mine;
mod profile;
pub mod repo;
pub mod rows;
pub mod service;
mod verification;

/// Kept at the domain's root for the courses, which check an association's officers.
pub(crate) use access::load_visible;

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    // `export` before `{id}`: routes match in the order they are registered.
    cfg.service(directory::list_associations)
        .service(directory::export_associations)
        .service(profile::create_association)
        .service(profile::get_association)
        .service(profile::update_association)
        .service(logo::upload_logo)
        .service(logo::delete_logo)
        .service(logo::get_logo)
        .service(members::list_members)
        .service(members::update_member)
        .service(members::remove_member)
        .service(members::transfer_ownership)
        .service(join_requests::create_join_request)
        .service(join_requests::list_join_requests)
        .service(join_requests::approve_join_request)
        .service(join_requests::reject_join_request)
        .service(invitations::create_invitation)
        .service(invitations::list_invitations)
        .service(invitations::revoke_invitation)
        .service(invitations::list_my_invitations)
        .service(invitations::accept_invitation)
        .service(invitations::decline_invitation)
        .service(verification::verification_queue)
        .service(import::jobs::import_associations)
        .service(import::jobs::get_import)
        .service(verification::verify_association)
        .service(verification::reject_association)
        .service(verification::suspend_association)
        .service(verification::delete_association)
        .service(mine::list_my_associations);
}
