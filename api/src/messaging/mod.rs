//! Messaging: direct conversations, groups of up to 50, and association inboxes that reach the
//! association's current officers and answer signed as the association; read positions and unread
//! counts; who takes messages and blocks. Each write tells its readers through [`crate::realtime`].

mod access;
mod conversations;
mod messages;
mod people;
mod repo;
mod rows;
mod service;

pub use service::messages::messages_for;

/// What the demo seed calls: the same rules as over HTTP.
pub mod demo {
    pub use super::service::conversations::start;
    pub use super::service::messages::send;
}

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(conversations::list_my_conversations)
        .service(conversations::start_conversation)
        .service(conversations::get_conversation)
        .service(conversations::mark_conversation_read)
        .service(conversations::add_participants)
        .service(conversations::remove_participant)
        .service(conversations::count_my_unread)
        .service(messages::list_messages)
        .service(messages::send_message)
        .service(messages::update_message)
        .service(messages::delete_message)
        .service(people::get_messaging_settings)
        .service(people::update_messaging_settings)
        .service(people::list_my_blocks)
        .service(people::block_member)
        .service(people::unblock_member);
}
