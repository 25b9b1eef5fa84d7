//! The association registry: profiles, members and roles, join requests, verification by the
//! observatory with an audit log, and the public directory with folded full-text search and facets.

pub mod cache;
mod handlers;
mod import;
mod invitations;
mod logo;

pub(crate) use handlers::load_visible;
pub use handlers::register;
pub mod repo;
pub mod rows;
pub mod service;

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    // `export` before `{id}`: routes match in the order they are registered.
    cfg.service(handlers::list_associations)
        .service(handlers::export_associations)
        .service(handlers::create_association)
        .service(handlers::get_association)
        .service(handlers::update_association)
        .service(logo::upload_logo)
        .service(logo::delete_logo)
        .service(logo::get_logo)
        .service(handlers::list_members)
        .service(handlers::update_member)
        .service(handlers::remove_member)
        .service(handlers::transfer_ownership)
        .service(handlers::create_join_request)
        .service(handlers::list_join_requests)
        .service(handlers::approve_join_request)
        .service(handlers::reject_join_request)
        .service(invitations::create_invitation)
        .service(invitations::list_invitations)
        .service(invitations::revoke_invitation)
        .service(invitations::list_my_invitations)
        .service(invitations::accept_invitation)
        .service(invitations::decline_invitation)
        .service(handlers::verification_queue)
        .service(import::import_associations)
        .service(import::get_import)
        .service(handlers::verify_association)
        .service(handlers::reject_association)
        .service(handlers::suspend_association)
        .service(handlers::list_audit_log)
        .service(handlers::list_my_associations)
        .service(handlers::list_my_notifications)
        .service(handlers::mark_notifications_read);
}
