//! The signed-in member's own account: profile, password, sessions, data export, deletion.

mod me;
mod password;
mod service;
mod sessions;

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(me::get_me)
        .service(me::update_me)
        .service(me::delete_me)
        .service(password::change_password)
        .service(me::export_me)
        .service(sessions::list_my_sessions)
        .service(sessions::revoke_my_session);
}
