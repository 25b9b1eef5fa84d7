//! Networking: members follow associations, keep a professional profile with a visibility per
//! field, and send, accept and decline connection requests ("my network").

mod access;
mod connections;
mod follows;
mod profiles;
pub mod repo;
pub mod rows;
pub mod service;

pub use service::connections::export;

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(follows::get_follow_status)
        .service(follows::follow_association)
        .service(follows::unfollow_association)
        .service(follows::list_my_following)
        .service(profiles::get_my_profile)
        .service(profiles::update_my_profile)
        .service(profiles::get_member_profile)
        .service(connections::create_connection)
        .service(connections::list_connections)
        .service(connections::accept_connection)
        .service(connections::decline_connection)
        .service(connections::delete_connection);
}
