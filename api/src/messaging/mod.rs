//! Messaging: direct conversations, groups of up to 50, and association inboxes that reach the
//! association's current officers and answer signed as the association; read positions and unread
//! counts; who takes messages and blocks. Each write tells its readers through [`crate::realtime`].

mod access;
mod attachments;
mod conversations;
mod messages;
mod people;
mod repo;
mod rows;
mod service;

pub use service::attachments::sweep as sweep_attachments;
pub use service::live::{LiveMessages, messages_for};
pub use service::people::export;

/// What the demo seed calls: the same rules as over HTTP.
pub mod demo {
    pub use super::service::attachments::record;
    pub use super::service::conversations::start;
    pub use super::service::messages::send;
}

/// A group conversation of `members` (the first starts it), without a message: the WebSocket
/// bench's (`madani seed-sockets`). Returns its id.
pub fn seed_group(conn: &mut crate::db::DbConn, title: &str, members: &[String]) -> crate::error::ApiResult<String> {
    let at = crate::db::now();
    let row = rows::ConversationRow {
        id: crate::db::new_id(),
        kind: "group".into(),
        title: Some(title.to_owned()),
        pair_key: None,
        association_id: None,
        created_by: members.first().cloned(),
        created_at: at,
        last_message_at: at,
        last_seq: 0,
    };
    crate::db::write_tx(conn, |conn| -> crate::error::ApiResult<()> {
        repo::insert_conversation(conn, &row)?;
        for member in members {
            repo::join(
                conn,
                &rows::ParticipantRow {
                    conversation_id: row.id.clone(),
                    user_id: member.clone(),
                    for_association: false,
                    joined_at: at,
                    left_at: None,
                    removed: false,
                    read_seq: 0,
                },
            )?;
        }
        Ok(())
    })?;
    Ok(row.id)
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
        .service(attachments::upload_attachment)
        .service(attachments::get_attachment)
        .service(people::get_messaging_settings)
        .service(people::update_messaging_settings)
        .service(people::list_my_blocks)
        .service(people::block_member)
        .service(people::unblock_member);
}
