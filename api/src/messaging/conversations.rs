//! `/conversations`: yours, starting one, reading one, marking it read, its people.

use actix_web::{HttpResponse, delete, get, post, web};
use madani_shared::Page;
use madani_shared::ids::{ConversationId, UserId};
use madani_shared::messaging::{AddParticipants, Conversation, ReadUpTo, StartConversation, UnreadTotals};
use madani_shared::page::PageQuery;

use super::service::{conversations as service, people};
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::http::{ValidJson, ValidQuery};
use crate::openapi::errors::{
    ConnectionRequired, ConversationFull, Errors, MessagesRefused, NotAGroup, NotFound, NotGroupStarter,
    TooManyRequests,
};
use crate::state::{Answer, State};

/// Your conversations
///
/// The conversations you take part in and the inboxes of the associations you answer for (as an
/// owner or administrator), the latest message first, each with its unread count.
#[utoipa::path(tag = "messaging", params(PageQuery), responses((status = 200, description = "A page of your conversations", body = Page<Conversation>)), security(("bearer" = [])))]
#[get("/conversations")]
pub async fn list_my_conversations(
    state: State,
    user: AuthUser,
    query: ValidQuery<PageQuery>,
) -> Answer<Page<Conversation>> {
    let q = query.0;
    Ok(web::Json(state.db(move |conn| service::list(conn, &user, &q)).await?))
}

/// Start a conversation
///
/// With its first message. `direct`: with one member (201; or 200 with the conversation you
/// already have with them, the message added); `group`: with 1 to 49 others and a title; `inbox`:
/// with an association, whose current officers read and answer it, signed as the association.
/// Each person must take messages from you (403 `messages_refused`: they refuse messages, or one of
/// you blocks the other) and be connected with you or share an association with you (403
/// `connection_required`; institution staff are exempt). An inbox takes messages from staff, the
/// association's members and members connected with one of its officers. 30 new conversations an
/// hour (429).
#[utoipa::path(tag = "messaging", request_body = StartConversation, responses((status = 201, description = "The new conversation", body = Conversation), (status = 200, description = "Your direct conversation with this member, with the new message", body = Conversation), Errors<(NotFound, MessagesRefused, ConnectionRequired, ConversationFull, TooManyRequests)>), security(("bearer" = [])))]
#[post("/conversations")]
pub async fn start_conversation(
    state: State,
    user: AuthUser,
    body: ValidJson<StartConversation>,
) -> ApiResult<HttpResponse> {
    let req = body.0;
    let (conversation, created) = state.db(move |conn| service::start(conn, &user, &req)).await?;
    Ok(if created { HttpResponse::Created() } else { HttpResponse::Ok() }.json(conversation))
}

/// A conversation
///
/// If you take part in it, or answer for the association it is addressed to.
#[utoipa::path(tag = "messaging", params(("id" = ConversationId, Path, description = "The conversation id")), responses((status = 200, description = "The conversation", body = Conversation), Errors<NotFound>), security(("bearer" = [])))]
#[get("/conversations/{id}")]
pub async fn get_conversation(state: State, user: AuthUser, path: web::Path<ConversationId>) -> Answer<Conversation> {
    let id = path.into_inner().to_string();
    Ok(web::Json(state.db(move |conn| service::get(conn, &user.id, &id)).await?))
}

/// Mark a conversation read
///
/// Up to a message's number (a position behind yours changes nothing). Your other devices are
/// told at once, and the others when both of you share read receipts.
#[utoipa::path(tag = "messaging", params(("id" = ConversationId, Path, description = "The conversation id")), request_body = ReadUpTo, responses((status = 200, description = "The conversation", body = Conversation), Errors<NotFound>), security(("bearer" = [])))]
#[post("/conversations/{id}/read")]
pub async fn mark_conversation_read(
    state: State,
    user: AuthUser,
    path: web::Path<ConversationId>,
    body: ValidJson<ReadUpTo>,
) -> Answer<Conversation> {
    let id = path.into_inner().to_string();
    let seq = body.0.seq;
    Ok(web::Json(state.db(move |conn| service::mark_read(conn, &user, &id, seq)).await?))
}

/// Add people to a group
///
/// Any member of the group adds; each must take messages from you (403 as when starting one). At
/// most 50 people (409 `conversation_full`).
#[utoipa::path(tag = "messaging", params(("id" = ConversationId, Path, description = "The conversation id")), request_body = AddParticipants, responses((status = 200, description = "The conversation", body = Conversation), Errors<(NotFound, MessagesRefused, ConnectionRequired, ConversationFull, NotAGroup)>), security(("bearer" = [])))]
#[post("/conversations/{id}/participants")]
pub async fn add_participants(
    state: State,
    user: AuthUser,
    path: web::Path<ConversationId>,
    body: ValidJson<AddParticipants>,
) -> Answer<Conversation> {
    let id = path.into_inner().to_string();
    let ids = body.0.user_ids;
    Ok(web::Json(state.db(move |conn| people::add(conn, &user, &id, &ids)).await?))
}

/// Leave a group, or remove someone
///
/// Yourself: you leave (the group no longer lists for you). Someone else: only the member who
/// started the group (403 `not_group_starter`). Direct and inbox conversations are not left (409
/// `not_a_group`).
#[utoipa::path(tag = "messaging", params(("id" = ConversationId, Path, description = "The conversation id"), ("user_id" = UserId, Path, description = "Who leaves")), responses((status = 204, description = "Gone from the group"), Errors<(NotFound, NotGroupStarter, NotAGroup)>), security(("bearer" = [])))]
#[delete("/conversations/{id}/participants/{user_id}")]
pub async fn remove_participant(
    state: State,
    user: AuthUser,
    path: web::Path<(ConversationId, UserId)>,
) -> ApiResult<HttpResponse> {
    let (id, target) = path.into_inner();
    let (id, target) = (id.to_string(), target.to_string());
    state.db(move |conn| people::remove(conn, &user, &id, &target)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Your unread counts
///
/// Unread messages, conversations with some, and unread notifications: the header's badges.
#[utoipa::path(tag = "me", responses((status = 200, description = "Your unread counts", body = UnreadTotals)), security(("bearer" = [])))]
#[get("/me/unread")]
pub async fn count_my_unread(state: State, user: AuthUser) -> Answer<UnreadTotals> {
    Ok(web::Json(state.db(move |conn| service::unread(conn, &user)).await?))
}
