//! `/conversations/{id}/messages` and `/messages/{id}`.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use madani_shared::ids::{ConversationId, MessageId};
use madani_shared::messaging::{EditMessage, Message, MessagePage, MessagesQuery, SendMessage};

use super::service::messages as service;
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::http::{ValidJson, ValidQuery};
use crate::openapi::errors::{Errors, MessageLocked, MessagesRefused, NotAuthor, NotFound, TooManyRequests};
use crate::state::{Answer, State};

/// A conversation's messages
///
/// The latest 50 by default, in the order they were written; `before` pages back, `after` reads
/// what came since a number. Deleted messages stay as tombstones. An answer signed as an
/// association does not name its officer to the other side.
#[utoipa::path(tag = "messaging", params(("id" = ConversationId, Path, description = "The conversation id"), MessagesQuery), responses((status = 200, description = "Messages", body = MessagePage), Errors<NotFound>), security(("bearer" = [])))]
#[get("/conversations/{id}/messages")]
pub async fn list_messages(
    state: State,
    user: AuthUser,
    path: web::Path<ConversationId>,
    query: ValidQuery<MessagesQuery>,
) -> Answer<MessagePage> {
    let id = path.into_inner().to_string();
    let q = query.0;
    Ok(web::Json(state.db(move |conn| service::page(conn, &user, &id, &q)).await?))
}

/// Write a message
///
/// Light Markdown, up to 4,000 characters, and up to 5 files uploaded to the conversation first
/// (`attachment_ids`; the text may then be empty). An association's officer writing in its inbox
/// signs as the association. In a direct conversation, a block either way stops it (403
/// `messages_refused`). Everyone in the conversation gets it at once on their sockets. 60 messages
/// a minute (429).
#[utoipa::path(tag = "messaging", params(("id" = ConversationId, Path, description = "The conversation id")), request_body = SendMessage, responses((status = 201, description = "The message", body = Message), Errors<(NotFound, MessagesRefused, TooManyRequests)>), security(("bearer" = [])))]
#[post("/conversations/{id}/messages")]
pub async fn send_message(
    state: State,
    user: AuthUser,
    path: web::Path<ConversationId>,
    body: ValidJson<SendMessage>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner().to_string();
    let SendMessage { body: text, attachment_ids } = body.0;
    let message = state.db(move |conn| service::send(conn, &user, &id, &text, &attachment_ids)).await?;
    Ok(HttpResponse::Created().json(message))
}

/// Change your message
///
/// Its author, in its first 15 minutes (409 `message_locked` after, or once deleted). Its text only:
/// its files stay as they were sent.
#[utoipa::path(tag = "messaging", params(("id" = MessageId, Path, description = "The message id")), request_body = EditMessage, responses((status = 200, description = "The message", body = Message), Errors<(NotFound, NotAuthor, MessageLocked)>), security(("bearer" = [])))]
#[patch("/messages/{id}")]
pub async fn update_message(
    state: State,
    user: AuthUser,
    path: web::Path<MessageId>,
    body: ValidJson<EditMessage>,
) -> Answer<Message> {
    let id = path.into_inner().to_string();
    let text = body.0.body;
    Ok(web::Json(state.db(move |conn| service::change(conn, &user, &id, Some(&text))).await?))
}

/// Delete your message
///
/// Its author, in its first 15 minutes: it becomes a tombstone that keeps its place, and its files
/// are removed. Deleting it again changes nothing.
#[utoipa::path(tag = "messaging", params(("id" = MessageId, Path, description = "The message id")), responses((status = 200, description = "The tombstone", body = Message), Errors<(NotFound, NotAuthor, MessageLocked)>), security(("bearer" = [])))]
#[delete("/messages/{id}")]
pub async fn delete_message(state: State, user: AuthUser, path: web::Path<MessageId>) -> Answer<Message> {
    let id = path.into_inner().to_string();
    Ok(web::Json(state.db(move |conn| service::change(conn, &user, &id, None)).await?))
}
