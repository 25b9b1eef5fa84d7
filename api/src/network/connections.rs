//! `/connections`: requests between members and "my network".

use actix_web::{HttpResponse, delete, get, post, web};
use madani_shared::Page;
use madani_shared::ids::ConnectionId;
use madani_shared::network::{Connection, ConnectionFilter, CreateConnection, ListConnectionsQuery};
use madani_shared::page::PageQuery;

use super::service::connections::{self, Sent};
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::http::{ValidJson, ValidQuery};
use crate::openapi::errors::{
    AlreadyConnected, AlreadyDecided, ConnectionPending, EmailNotVerified, Errors, NotAddressee, NotFound,
};
use crate::state::{Answer, State};

/// Ask a member to connect
///
/// The member is notified. If they already asked you, this accepts their request instead (200).
/// Your email address must be verified. 422 when `user_id` is you (`self`) or nobody (`unknown`).
#[utoipa::path(tag = "network", request_body = CreateConnection, responses((status = 201, description = "Request sent", body = Connection), (status = 200, description = "They had asked you: you are now connected", body = Connection), Errors<(EmailNotVerified, AlreadyConnected, ConnectionPending)>), security(("bearer" = [])))]
#[post("/connections")]
pub async fn create_connection(
    state: State,
    user: AuthUser,
    body: ValidJson<CreateConnection>,
) -> ApiResult<HttpResponse> {
    let req = body.0;
    let target = req.user_id.to_string();
    let sent = state.db(move |conn| connections::send(conn, &user, &target, req.message)).await?;
    Ok(match sent {
        Sent::Requested(c) => HttpResponse::Created().json(c),
        Sent::Accepted(c) => HttpResponse::Ok().json(c),
    })
}

/// My network
///
/// Your connections (`status=accepted`, the default), the requests waiting for your answer
/// (`pending_incoming`) or the requests you sent (`pending_outgoing`); newest first.
#[utoipa::path(tag = "network", params(ListConnectionsQuery), responses((status = 200, description = "A page of your network", body = Page<Connection>)), security(("bearer" = [])))]
#[get("/connections")]
pub async fn list_connections(
    state: State,
    user: AuthUser,
    query: ValidQuery<ListConnectionsQuery>,
) -> Answer<Page<Connection>> {
    let q = query.0;
    let limit = i64::from(q.limit.unwrap_or(PageQuery::DEFAULT_LIMIT));
    let filter = q.status.unwrap_or(ConnectionFilter::Accepted);
    let page = state.db(move |conn| connections::list(conn, &user.id, filter, q.cursor.as_deref(), limit)).await?;
    Ok(web::Json(page))
}

/// Accept a connection request
///
/// The member who received the request only; a request you declined earlier can still be accepted.
#[utoipa::path(tag = "network", params(("id" = ConnectionId, Path, description = "The connection id")), responses((status = 200, description = "You are connected; the requester is notified", body = Connection), Errors<(NotAddressee, NotFound, AlreadyConnected, AlreadyDecided)>), security(("bearer" = [])))]
#[post("/connections/{id}/accept")]
pub async fn accept_connection(state: State, user: AuthUser, path: web::Path<ConnectionId>) -> Answer<Connection> {
    let id = path.into_inner().to_string();
    Ok(web::Json(state.db(move |conn| connections::answer(conn, &user, &id, true)).await?))
}

/// Decline a connection request
///
/// The member who received the request only. The requester is not told: to them the request
/// stays pending, and they cannot send another one.
#[utoipa::path(tag = "network", params(("id" = ConnectionId, Path, description = "The connection id")), responses((status = 200, description = "Declined", body = Connection), Errors<(NotAddressee, NotFound, AlreadyConnected, AlreadyDecided)>), security(("bearer" = [])))]
#[post("/connections/{id}/decline")]
pub async fn decline_connection(state: State, user: AuthUser, path: web::Path<ConnectionId>) -> Answer<Connection> {
    let id = path.into_inner().to_string();
    Ok(web::Json(state.db(move |conn| connections::answer(conn, &user, &id, false)).await?))
}

/// Withdraw a request, or remove a connection
///
/// Either member may do it; afterwards either may send a new request.
#[utoipa::path(tag = "network", params(("id" = ConnectionId, Path, description = "The connection id")), responses((status = 204, description = "Removed"), Errors<NotFound>), security(("bearer" = [])))]
#[delete("/connections/{id}")]
pub async fn delete_connection(state: State, user: AuthUser, path: web::Path<ConnectionId>) -> ApiResult<HttpResponse> {
    let id = path.into_inner().to_string();
    state.db(move |conn| connections::remove(conn, &user, &id)).await?;
    Ok(HttpResponse::NoContent().finish())
}
