//! Account administration for platform administrators: list accounts, change roles, disable.

mod handlers;

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::list_users).service(handlers::update_user);
}
