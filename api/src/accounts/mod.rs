//! The signed-in member's own account: profile, password, sessions, data export, deletion.

mod handlers;

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::get_me)
        .service(handlers::update_me)
        .service(handlers::delete_me)
        .service(handlers::change_password)
        .service(handlers::export_me)
        .service(handlers::list_my_sessions)
        .service(handlers::revoke_my_session);
}
