//! Notifications: one [`notify`] that every domain calls inside its own transaction; the email it
//! sends through a job, as each member's settings say; the member's routes to read them and to
//! choose how they arrive.

pub mod email;
mod handlers;
pub(crate) mod repo;
mod rows;
mod service;

pub use service::{About, notify};

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::list_my_notifications)
        .service(handlers::count_unread_notifications)
        .service(handlers::mark_notifications_read)
        .service(handlers::get_notification_settings)
        .service(handlers::update_notification_settings);
}
