//! Networking: members follow associations, keep a professional profile with a visibility per
//! field, and send, accept and decline connection requests ("my network").

mod handlers;

pub use handlers::export;
pub mod repo;
pub mod rows;
pub mod service;

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::get_follow_status)
        .service(handlers::follow_association)
        .service(handlers::unfollow_association)
        .service(handlers::list_my_following)
        .service(handlers::get_my_profile)
        .service(handlers::update_my_profile)
        .service(handlers::get_member_profile)
        .service(handlers::create_connection)
        .service(handlers::list_connections)
        .service(handlers::accept_connection)
        .service(handlers::decline_connection)
        .service(handlers::delete_connection);
}
