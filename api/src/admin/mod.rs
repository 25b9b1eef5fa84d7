//! Account administration, for administrators.

mod service;
mod users;

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(users::list_users).service(users::update_user);
}
