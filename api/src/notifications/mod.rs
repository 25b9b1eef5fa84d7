//! In-app notifications: one [`notify`] that every domain calls inside its own transaction, and the
//! member's routes to read them. Preferences and email delivery grow here.

mod handlers;
mod repo;
mod rows;
mod service;

pub use service::{About, notify};

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::list_my_notifications).service(handlers::mark_notifications_read);
}
