//! `/api/v1/ws`: your events as they happen. The access token comes in the `Sec-WebSocket-Protocol`
//! header (`madani.v1, bearer.<token>`) or in the first message (`{"type": "auth", "token": …}`),
//! never in the address. The socket first sends `{"type": "ready", "seq": n}`, then every event after
//! `since` (the address's `?since=` or the auth message's) and then each new one as
//! `{"type": "event", …}`. A later auth message with a fresh token keeps the socket open past the
//! first one's expiry. Close codes: 4401 (no valid token, the token expired, the session ended), 4408
//! (the client stopped answering pings or reading), 4429 (too many sockets for this member).

use std::time::Duration;

use actix_web::{HttpRequest, HttpResponse, get, web};
use actix_ws::{CloseCode, CloseReason, Message, Session};
use madani_shared::ErrorCode;
use madani_shared::messaging::{EventBatch, EventKind, SocketQuery};
use serde::Deserialize;

use crate::auth::AuthUser;
use crate::auth::extract::authenticate;
use crate::error::{ApiError, ApiResult};
use crate::http::ValidQuery;
use crate::openapi::errors::{Errors, NotWebsocket, TooManyRequests};
use crate::state::State;

/// The sub-protocol the server speaks.
pub const PROTOCOL: &str = "madani.v1";
/// Sockets one member may hold at once.
pub const PER_MEMBER: usize = 8;
/// How long a socket waits for its auth message.
const AUTH_WAIT: Duration = Duration::from_secs(10);
/// How often the server pings, and checks that the session still holds.
const HEARTBEAT: Duration = Duration::from_secs(20);
/// Silence after which the client is taken for gone.
const SILENCE: Duration = Duration::from_secs(60);
/// How long a send may wait for a client that does not read before it is disconnected.
const SEND_WAIT: Duration = Duration::from_secs(10);
/// The largest message the client may send (an auth message).
const MAX_FRAME: usize = 16 * 1024;

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum ClientMessage {
    Auth { token: String, since: Option<i64> },
}

/// Your events, live (WebSocket)
///
/// Upgrade to a WebSocket (sub-protocol `madani.v1`) that sends your events as they happen, each
/// with its number; reconnect with `?since=<the last number you have>` to get those you missed
/// first. Authenticate with `Sec-WebSocket-Protocol: madani.v1, bearer.<access token>` (a bad token
/// is then refused with 401 before the upgrade) or with `{"type": "auth", "token": "…", "since": n}`
/// as the first message; a token in the address is ignored. See the module's close codes in the
/// README; `/api/v1/events` serves the same events to a client that cannot keep a socket. 600
/// sockets opened a minute per client address (429).
#[utoipa::path(tag = "messaging", params(SocketQuery), responses((status = 101, description = "Switching to the WebSocket protocol"), Errors<(NotWebsocket, TooManyRequests)>), security((), ("bearer" = [])))]
#[get("/ws")]
pub async fn open_socket(
    state: State,
    req: HttpRequest,
    body: web::Payload,
    query: ValidQuery<SocketQuery>,
) -> ApiResult<HttpResponse> {
    let since = query.0.since;
    // Opening costs a socket (and, without a token, up to 10 s of waiting): limited per address.
    let (key, per_minute) =
        (crate::ratelimit::keys::socket_address(&state.client_ip(&req)), state.config.limits.socket_opens_per_minute);
    state.db(move |conn| crate::ratelimit::hit(conn, &key, per_minute, chrono::TimeDelta::minutes(1))).await?;
    // A token offered as a sub-protocol is checked before the upgrade.
    let offered = offered_token(&req);
    let authenticated = match offered {
        Some(token) => Some(authenticate(&state, &token).await?),
        None => None,
    };
    let (response, session, stream) = actix_ws::handle_with_protocols(&req, body, &[PROTOCOL]).map_err(|e| {
        ApiError::Refused { code: ErrorCode::NotWebsocket, detail: format!("Not a WebSocket handshake: {e}.") }
    })?;
    let stream = stream.max_frame_size(MAX_FRAME);
    actix_web::rt::spawn(run(state, session, stream, authenticated, since));
    Ok(response)
}

/// `bearer.<token>` among the offered sub-protocols.
fn offered_token(req: &HttpRequest) -> Option<String> {
    req.headers()
        .get_all(actix_web::http::header::SEC_WEBSOCKET_PROTOCOL)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .find_map(|p| p.strip_prefix("bearer.").map(str::to_owned))
}

fn close(code: u16, description: &str) -> Option<CloseReason> {
    Some(CloseReason { code: CloseCode::Other(code), description: Some(description.to_owned()) })
}

/// Seconds since the epoch.
fn epoch() -> i64 {
    chrono::Utc::now().timestamp()
}

async fn run(
    state: State,
    mut session: Session,
    mut stream: actix_ws::MessageStream,
    authenticated: Option<(AuthUser, i64)>,
    since: Option<i64>,
) {
    let (user, mut expires, since) = match authenticated {
        Some((user, exp)) => (user, exp, since),
        None => match first_auth(&state, &mut stream).await {
            Ok((user, exp, asked)) => (user, exp, asked.or(since)),
            Err(reason) => {
                let _ = tokio::time::timeout(SEND_WAIT, session.close(close(4401, reason))).await;
                return;
            }
        },
    };
    let Some(registration) = state.realtime.register(&user.id, &user.session_id, Some(PER_MEMBER)) else {
        tracing::info!(user = %user.id, "refused: too many sockets");
        let _ = tokio::time::timeout(SEND_WAIT, session.close(close(4429, "too many sockets"))).await;
        return;
    };
    let reason = serve(&state, &mut session, &mut stream, &user, &mut expires, since, &registration).await;
    drop(registration);
    let _ = tokio::time::timeout(SEND_WAIT, session.close(reason)).await;
}

/// The first message, which must authenticate.
async fn first_auth(
    state: &State,
    stream: &mut actix_ws::MessageStream,
) -> Result<(AuthUser, i64, Option<i64>), &'static str> {
    let deadline = tokio::time::Instant::now() + AUTH_WAIT;
    loop {
        let message = match tokio::time::timeout_at(deadline, stream.recv()).await {
            Err(_) => return Err("no auth message"),
            Ok(None | Some(Err(_))) => return Err("closed"),
            Ok(Some(Ok(m))) => m,
        };
        match message {
            Message::Text(text) => {
                let Ok(ClientMessage::Auth { token, since }) = serde_json::from_str(&text) else {
                    return Err("the first message must be an auth message");
                };
                return match authenticate(state, &token).await {
                    Ok((user, exp)) => Ok((user, exp, since.filter(|s| *s >= 0))),
                    Err(_) => Err("invalid token"),
                };
            }
            Message::Ping(_) | Message::Pong(_) => {}
            _ => return Err("the first message must be an auth message"),
        }
    }
}

/// Send what is new after `*sent`; `Err` with the close reason when the socket must end.
async fn deliver(
    state: &State,
    session: &mut Session,
    user: &AuthUser,
    sent: &mut i64,
) -> Result<(), Option<CloseReason>> {
    loop {
        let (id, since, hub) = (user.id.clone(), *sent, state.realtime.clone());
        let batch: EventBatch = match state.db(move |conn| super::read(conn, &hub, &id, since)).await {
            Ok(batch) => batch,
            Err(e) => {
                tracing::warn!(error = %e, "could not read events");
                return Err(close(1011, "try again"));
            }
        };
        if batch.gap {
            send(session, serde_json::json!({"type": "gap", "seq": batch.seq})).await?;
        }
        let mut revoked = false;
        for event in &batch.events {
            revoked |= event.kind == EventKind::SessionRevoked;
            let mut value = serde_json::to_value(event).unwrap_or_default();
            value["type"] = "event".into();
            send(session, value).await?;
        }
        *sent = batch.seq.max(*sent);
        if revoked {
            let (id, sid) = (user.id.clone(), user.session_id.clone());
            if !state.db(move |conn| super::session_live(conn, &id, &sid)).await.unwrap_or(false) {
                return Err(close(4401, "session ended"));
            }
        }
        if !batch.more {
            return Ok(());
        }
    }
}

async fn send(session: &mut Session, value: serde_json::Value) -> Result<(), Option<CloseReason>> {
    match tokio::time::timeout(SEND_WAIT, session.text(value.to_string())).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(_)) => Err(None),
        Err(_) => Err(close(4408, "too slow")),
    }
}

async fn serve(
    state: &State,
    session: &mut Session,
    stream: &mut actix_ws::MessageStream,
    user: &AuthUser,
    expires: &mut i64,
    since: Option<i64>,
    registration: &super::hub::Registration,
) -> Option<CloseReason> {
    let id = user.id.clone();
    let head = match state.db(move |conn| Ok(super::events::head(conn, &id)?)).await {
        Ok(head) => head,
        Err(_) => return close(1011, "try again"),
    };
    let mut sent = since.unwrap_or(head).min(head);
    if let Err(reason) = send(session, serde_json::json!({"type": "ready", "seq": head})).await {
        return reason;
    }
    if let Err(reason) = deliver(state, session, user, &mut sent).await {
        return reason;
    }
    let mut heard = tokio::time::Instant::now();
    let mut ticks: u64 = 0;
    let mut heartbeat = tokio::time::interval(HEARTBEAT);
    heartbeat.tick().await;
    loop {
        let expiry = tokio::time::Instant::now() + Duration::from_secs((*expires - epoch()).max(0) as u64);
        tokio::select! {
            _ = registration.slot.wake.notified() => {
                if let Err(reason) = deliver(state, session, user, &mut sent).await {
                    return reason;
                }
            }
            message = stream.recv() => {
                heard = tokio::time::Instant::now();
                match message {
                    None | Some(Err(_)) | Some(Ok(Message::Close(_))) => return None,
                    Some(Ok(Message::Ping(bytes))) => {
                        if session.pong(&bytes).await.is_err() {
                            return None;
                        }
                    }
                    Some(Ok(Message::Text(text))) => match serde_json::from_str(&text) {
                        // A fresh token of the same session keeps the socket open.
                        Ok(ClientMessage::Auth { token, .. }) => match authenticate(state, &token).await {
                            Ok((again, exp)) if again.id == user.id && again.session_id == user.session_id => {
                                *expires = exp;
                            }
                            _ => return close(4401, "invalid token"),
                        },
                        Err(_) => return close(1003, "unknown message"),
                    },
                    Some(Ok(_)) => {}
                }
            }
            _ = heartbeat.tick() => {
                ticks += 1;
                if heard.elapsed() > SILENCE {
                    return close(4408, "no answer to pings");
                }
                // Sign-outs close the socket at once (their event); an account deleted or a session
                // expired is noticed within a minute.
                let (id, sid) = (user.id.clone(), user.session_id.clone());
                if ticks.is_multiple_of(3) && !state.db(move |conn| super::session_live(conn, &id, &sid)).await.unwrap_or(true) {
                    return close(4401, "session ended");
                }
                if tokio::time::timeout(SEND_WAIT, session.ping(b"")).await.map_or(true, |r| r.is_err()) {
                    return close(4408, "too slow");
                }
                // On SQLite, events a background job wrote wake no one (PostgreSQL's NOTIFY reaches
                // every instance): they come with the next ping.
                if state.backend == crate::db::Backend::Sqlite
                    && let Err(reason) = deliver(state, session, user, &mut sent).await
                {
                    return reason;
                }
            }
            _ = tokio::time::sleep_until(expiry) => {
                return close(4401, "token expired");
            }
        }
    }
}
