//! Notifications: one [`notify`] that every domain calls inside its own transaction; the email it
//! sends through a job, at once or in a digest, as each member's preferences say; the member's
//! routes to read them and to choose how they arrive; and the emails' one-click unsubscribe.

pub mod digest;
pub mod email;
mod handlers;
pub mod preferences;
pub(crate) mod repo;
mod rows;
mod service;
pub mod unsubscribe;

pub use service::{About, notify, notify_all};
pub use unsubscribe::UnsubscribeSigner;

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::list_my_notifications)
        .service(handlers::count_unread_notifications)
        .service(handlers::mark_notifications_read)
        .service(handlers::get_notification_settings)
        .service(handlers::update_notification_settings)
        .service(handlers::get_unsubscription)
        .service(handlers::unsubscribe_by_link);
}
