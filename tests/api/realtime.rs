//! The WebSocket at `/api/v1/ws`, on both backends and across two instances: refused without a valid
//! token (missing, expired, revoked; a token in the address is ignored), closed when the session
//! ends, events delivered live and, after a reconnect with `since`, exactly those missed, in order.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use madani_shared::auth::TokenResponse;
use madani_shared::endpoints::*;
use madani_shared::messaging::*;
use madani_tests::{TestApp, both_backends};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::{self, Message};

use crate::messaging::{direct, people, start};

type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

fn ws_url(app: &TestApp, query: &str) -> String {
    format!("{}/api/v1/ws{query}", app.base.replacen("http", "ws", 1))
}

/// Open a socket with the token in the `Sec-WebSocket-Protocol` header.
async fn open(app: &TestApp, token: &str, since: Option<i64>) -> Result<Socket, tungstenite::Error> {
    let query = since.map(|s| format!("?since={s}")).unwrap_or_default();
    let mut request = ws_url(app, &query).into_client_request().unwrap();
    request
        .headers_mut()
        .insert("sec-websocket-protocol", HeaderValue::from_str(&format!("madani.v1, bearer.{token}")).unwrap());
    let (socket, response) = tokio_tungstenite::connect_async(request).await?;
    assert_eq!(response.headers().get("sec-websocket-protocol").unwrap(), "madani.v1");
    Ok(socket)
}

/// The next JSON message (pings are answered by the library), within `within`.
async fn next(socket: &mut Socket, within: Duration) -> Option<Value> {
    loop {
        match tokio::time::timeout(within, socket.next()).await.ok()?? {
            Ok(Message::Text(text)) => return Some(serde_json::from_str(&text).unwrap()),
            Ok(Message::Close(_)) | Err(_) => return None,
            Ok(_) => {}
        }
    }
}

/// The close code the server ends the socket with, within `within`.
async fn closed_with(socket: &mut Socket, within: Duration) -> Option<u16> {
    loop {
        match tokio::time::timeout(within, socket.next()).await.ok()? {
            Some(Ok(Message::Close(frame))) => return frame.map(|f| u16::from(f.code)),
            Some(Ok(_)) => {}
            Some(Err(_)) | None => return None,
        }
    }
}

/// The events' message texts (and reads), as the socket sends them, until `n` have come.
async fn events(socket: &mut Socket, n: usize) -> Vec<Value> {
    let mut out = Vec::new();
    while out.len() < n {
        let v = next(socket, Duration::from_secs(5))
            .await
            .unwrap_or_else(|| panic!("only {} of {n} events came: {out:?}", out.len()));
        if v["type"] == "event" {
            out.push(v);
        }
    }
    out
}

async fn say(app: &TestApp, who: &TokenResponse, c: &Conversation, body: &str) {
    app.as_user(who).call::<SendMessageCall>(c.id, &SendMessage::new(body)).await.unwrap();
}

/// A socket receives a message sent through `sender`'s instance at once, and after a drop the
/// events it missed, exactly and in order, from `since`.
async fn live_then_catch_up(sender: &TestApp, reader: &TestApp) {
    let p = people(sender).await;
    let c = start(sender, &p.amina, &direct(&p.bilal, "Premier")).await;
    let mut socket = open(reader, &p.bilal.access_token, None).await.expect("socket");
    let ready = next(&mut socket, Duration::from_secs(5)).await.unwrap();
    assert_eq!(ready["type"], "ready");
    let head = ready["seq"].as_i64().unwrap();

    let sent = std::time::Instant::now();
    say(sender, &p.amina, &c, "En direct").await;
    let live = events(&mut socket, 1).await;
    assert!(sent.elapsed() < Duration::from_secs(1), "the message took {:?}", sent.elapsed());
    assert_eq!(live[0]["kind"], "message.created");
    assert_eq!(live[0]["message"]["body"], "En direct");
    assert_eq!(live[0]["seq"].as_i64().unwrap(), head + 1);
    let last = head + 1;

    // The socket drops; three things happen meanwhile; reconnecting with `since` brings them.
    drop(socket);
    say(sender, &p.amina, &c, "Pendant").await;
    say(sender, &p.amina, &c, "l'absence").await;
    sender
        .as_user(&p.amina)
        .call::<UpdateMessage>(c.last_message.as_ref().unwrap().id, &EditMessage::new("Premier (corrigé)"))
        .await
        .unwrap();
    let mut socket = open(reader, &p.bilal.access_token, Some(last)).await.expect("socket again");
    assert_eq!(next(&mut socket, Duration::from_secs(5)).await.unwrap()["type"], "ready");
    let missed = events(&mut socket, 3).await;
    let seqs: Vec<i64> = missed.iter().map(|e| e["seq"].as_i64().unwrap()).collect();
    assert_eq!(seqs, [last + 1, last + 2, last + 3]);
    let kinds: Vec<&str> = missed.iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["message.created", "message.created", "message.updated"]);
    assert_eq!(missed[2]["message"]["body"], "Premier (corrigé)");
    // Nothing more than what was missed.
    assert!(next(&mut socket, Duration::from_millis(500)).await.is_none());
    // And it keeps going live.
    say(sender, &p.amina, &c, "Encore").await;
    assert_eq!(events(&mut socket, 1).await[0]["seq"].as_i64().unwrap(), last + 4);
}

both_backends! {
    async fn sockets_get_events_live_and_catch_up_after_a_drop(app) {
        live_then_catch_up(&app, &app).await;
    }

    async fn sockets_need_a_valid_token_and_close_when_the_session_ends(app) {
        let member = app.member("socket@example.org").await;
        // Without a token: the first message must authenticate.
        let (mut socket, _) = tokio_tungstenite::connect_async(ws_url(&app, "")).await.unwrap();
        socket.send(Message::Text(json!({"type": "hello"}).to_string().into())).await.unwrap();
        assert_eq!(closed_with(&mut socket, Duration::from_secs(5)).await, Some(4401));
        // A token in the address is ignored.
        let (mut socket, _) =
            tokio_tungstenite::connect_async(ws_url(&app, &format!("?access_token={0}&token={0}", member.access_token))).await.unwrap();
        socket.send(Message::Text(json!({"type": "hello"}).to_string().into())).await.unwrap();
        assert_eq!(closed_with(&mut socket, Duration::from_secs(5)).await, Some(4401));
        // A forged token in the first message.
        let (mut socket, _) = tokio_tungstenite::connect_async(ws_url(&app, "")).await.unwrap();
        socket.send(Message::Text(json!({"type": "auth", "token": "not.a.token"}).to_string().into())).await.unwrap();
        assert_eq!(closed_with(&mut socket, Duration::from_secs(5)).await, Some(4401));
        // A good one in the first message works.
        let (mut socket, _) = tokio_tungstenite::connect_async(ws_url(&app, "")).await.unwrap();
        socket.send(Message::Text(json!({"type": "auth", "token": member.access_token}).to_string().into())).await.unwrap();
        assert_eq!(next(&mut socket, Duration::from_secs(5)).await.unwrap()["type"], "ready");
        drop(socket);

        // An expired token in the header is refused before the upgrade.
        let claims = {
            use base64::Engine;
            let payload = member.access_token.split('.').nth(1).unwrap();
            let mut c: Value = serde_json::from_slice(&base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();
            c["exp"] = json!(chrono::Utc::now().timestamp() - 120);
            c
        };
        let kid = {
            use base64::Engine;
            let header = member.access_token.split('.').next().unwrap();
            let h: Value = serde_json::from_slice(&base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(header).unwrap()).unwrap();
            h["kid"].as_str().unwrap().to_owned()
        };
        let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
        header.kid = Some(kid);
        let expired = jsonwebtoken::encode(&header, &claims, &jsonwebtoken::EncodingKey::from_secret(app.jwt_secret.as_bytes())).unwrap();
        match open(&app, &expired, None).await {
            Err(tungstenite::Error::Http(response)) => assert_eq!(response.status().as_u16(), 401),
            other => panic!("an expired token opened a socket: {:?}", other.map(|_| ())),
        }

        // A socket whose session is signed out closes with 4401 at once.
        let mut socket = open(&app, &member.access_token, None).await.unwrap();
        assert_eq!(next(&mut socket, Duration::from_secs(5)).await.unwrap()["type"], "ready");
        let out = app.http.post(app.url("/api/v1/auth/logout"))
            .json(&json!({"refresh_token": member.refresh_token.clone().unwrap()})).send().await.unwrap();
        assert_eq!(out.status().as_u16(), 204);
        assert_eq!(closed_with(&mut socket, Duration::from_secs(5)).await, Some(4401));
        // And the revoked token cannot open another.
        match open(&app, &member.access_token, None).await {
            Err(tungstenite::Error::Http(response)) => assert_eq!(response.status().as_u16(), 401),
            other => panic!("a revoked token opened a socket: {:?}", other.map(|_| ())),
        }
        // A plain GET is not a WebSocket handshake.
        let plain = app.http.get(app.url("/api/v1/ws")).send().await.unwrap();
        assert_eq!(plain.status().as_u16(), 400);
        let problem: madani_shared::Problem = plain.json().await.unwrap();
        assert_eq!(problem.code, madani_shared::ErrorCode::NotWebsocket);
    }
}

/// Opening sockets is limited per client address (here to 3 a minute).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn opening_sockets_is_rate_limited_per_address() {
    let app =
        TestApp::spawn_with(madani_tests::Backend::Sqlite, &[("MADANI_SOCKET_OPENS_PER_MINUTE", "3")]).await.unwrap();
    let member = app.member("many@example.org").await;
    for _ in 0..3 {
        let mut socket = open(&app, &member.access_token, None).await.expect("under the limit");
        assert_eq!(next(&mut socket, Duration::from_secs(5)).await.unwrap()["type"], "ready");
    }
    match open(&app, &member.access_token, None).await {
        Err(tungstenite::Error::Http(response)) => {
            assert_eq!(response.status().as_u16(), 429);
            assert!(response.headers().contains_key("retry-after"));
        }
        other => panic!("a fourth socket in a minute opened: {:?}", other.map(|_| ())),
    }
}

/// Two instances on one PostgreSQL: a message sent through the first reaches a socket on the second
/// within a second, and a reconnect there catches up exactly.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_fan_out_across_two_instances() {
    let Some(first) = TestApp::spawn(madani_tests::Backend::Postgres).await else { return };
    let second = first.spawn_beside().await;
    live_then_catch_up(&first, &second).await;
}
