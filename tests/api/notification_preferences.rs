//! Notifications as each member wants them, on both backends: per topic in the app or not and by
//! email at once, in a digest or never; the digest sent once with every item, even with two
//! instances running it at once; and the one-click unsubscribe that works without signing in and
//! refuses a forged or altered link.

use std::time::Duration;

use madani_shared::ErrorCode;
use madani_shared::auth::TokenResponse;
use madani_shared::endpoints::*;
use madani_shared::ids::UnsubscribeToken;
use madani_shared::network::CreateConnection;
use madani_shared::notifications::*;
use madani_tests::{TestApp, both_backends, problem};

fn choice(topic: NotificationTopic, in_app: bool, email: EmailDelivery) -> NotificationSettingsChange {
    NotificationSettingsChange { topics: vec![TopicPreference { topic, in_app, email }], ..Default::default() }
}

async fn connect(app: &TestApp, from: &TokenResponse, to: &TokenResponse) {
    let ask = CreateConnection { user_id: to.user.id, message: None };
    app.as_user(from).call::<CreateConnectionEndpoint>((), &ask).await.expect("ask to connect");
}

fn topic(settings: &NotificationSettings, topic: NotificationTopic) -> TopicPreference {
    *settings.topics.iter().find(|t| t.topic == topic).expect("every topic is listed")
}

/// The header `name` of an email written to the outbox.
fn header<'a>(email: &'a str, name: &str) -> Option<&'a str> {
    email.split("\r\n\r\n").next()?.split("\r\n").find_map(|line| line.strip_prefix(&format!("{name}: ")))
}

/// The token of the unsubscribe page linked in an email's body.
fn page_token(email: &str) -> UnsubscribeToken {
    let start = email.rfind("/unsubscribe/").expect("an unsubscribe link") + "/unsubscribe/".len();
    email[start..].split_whitespace().next().expect("token").parse().expect("a well-formed token")
}

/// Wait for an email to `to` containing `needle` in the outbox of either instance (each writes to
/// its own folder, whichever sends it).
async fn wait_either(apps: [&TestApp; 2], to: &str, needle: &str) -> String {
    for _ in 0..300 {
        for app in apps {
            let found = std::fs::read_dir(app.data_dir.join("outbox")).into_iter().flatten().flatten().find_map(|e| {
                let text = std::fs::read_to_string(e.path()).unwrap_or_default();
                (text.contains(&format!("\r\nTo: {to}\r\n")) && text.contains(needle)).then_some(text)
            });
            if let Some(text) = found {
                return text;
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no email to {to} containing {needle:?}");
}

/// Make every waiting digest due now.
async fn morning_comes(app: &TestApp) {
    app.sql(
        "UPDATE jobs SET run_at = '2000-01-01 00:00:00' WHERE kind = 'notification_digest' AND done_at IS NULL".into(),
    )
    .await;
}

both_backends! {
    async fn a_topic_can_leave_the_app_or_the_email(app) {
        let me = app.member("me@example.org").await;
        let (bob, carol) = (app.member("bob@example.org").await, app.member("carol@example.org").await);
        let client = app.as_user(&me);
        let before = client.call::<CountUnreadNotifications>((), &()).await.unwrap().unread;

        // Email only: nothing in the app, an email at once.
        let saved = client
            .call::<UpdateNotificationSettings>((), &choice(NotificationTopic::Network, false, EmailDelivery::Immediately))
            .await
            .unwrap();
        assert_eq!(topic(&saved, NotificationTopic::Network), TopicPreference { topic: NotificationTopic::Network, in_app: false, email: EmailDelivery::Immediately });
        assert_eq!(topic(&saved, NotificationTopic::Learning).email, EmailDelivery::Immediately, "another topic unchanged");
        connect(&app, &bob, &me).await;
        let email = app.wait_for_email("me@example.org", "bob").await;
        assert_eq!(header(&email, "List-Unsubscribe-Post"), Some("List-Unsubscribe=One-Click"), "{email}");
        assert_eq!(client.call::<CountUnreadNotifications>((), &()).await.unwrap().unread, before);
        let listed = client.call::<ListMyNotifications>((), &()).await.unwrap();
        assert!(listed.iter().all(|n| n.kind != "connection.requested"), "not shown in the app");

        // Neither: not kept at all; the app shows nothing and no email leaves.
        client
            .call::<UpdateNotificationSettings>((), &choice(NotificationTopic::Network, false, EmailDelivery::Never))
            .await
            .unwrap();
        let emails = app.emails_to("me@example.org");
        connect(&app, &carol, &me).await;
        // Carol is told nothing; ask her something that emails her at once, which queues after ours.
        connect(&app, &bob, &carol).await;
        app.wait_for_email("carol@example.org", "bob").await;
        assert_eq!(app.emails_to("me@example.org"), emails);
        assert_eq!(client.call::<CountUnreadNotifications>((), &()).await.unwrap().unread, before);

        // The essential topic cannot be turned off, a topic appears once, a time zone is one offered.
        let refused = client
            .call::<UpdateNotificationSettings>((), &choice(NotificationTopic::Association, true, EmailDelivery::Never))
            .await;
        let p = problem(refused);
        assert_eq!(p.field("topics[0].topic").map(|e| e.code.as_str()), Some("invalid"), "{p:?}");
        let mut twice = choice(NotificationTopic::Projects, true, EmailDelivery::Weekly);
        twice.topics.push(TopicPreference { topic: NotificationTopic::Projects, in_app: true, email: EmailDelivery::Never });
        let p = problem(client.call::<UpdateNotificationSettings>((), &twice).await);
        assert_eq!(p.field("topics[1].topic").map(|e| e.code.as_str()), Some("repeated"), "{p:?}");
        let zone = NotificationSettingsChange { time_zone: Some("Mars/Olympus".into()), ..Default::default() };
        let p = problem(client.call::<UpdateNotificationSettings>((), &zone).await);
        assert_eq!(p.field("time_zone").map(|e| e.code.as_str()), Some("unknown_option"), "{p:?}");
        let current = client.call::<GetNotificationSettings>((), &()).await.unwrap();
        assert_eq!(topic(&current, NotificationTopic::Projects).email, EmailDelivery::Daily, "nothing half-written");
        let casablanca = NotificationSettingsChange { time_zone: Some("Africa/Casablanca".into()), ..Default::default() };
        assert_eq!(client.call::<UpdateNotificationSettings>((), &casablanca).await.unwrap().time_zone, "Africa/Casablanca");
    }

    async fn a_daily_digest_sends_every_item_once_even_from_two_instances(app) {
        let me = app.member("me@example.org").await;
        let people = [
            app.member("bob@example.org").await,
            app.member("carol@example.org").await,
            app.member("driss@example.org").await,
        ];
        let client = app.as_user(&me);
        client
            .call::<UpdateNotificationSettings>((), &choice(NotificationTopic::Network, true, EmailDelivery::Daily))
            .await
            .unwrap();
        let emails = app.emails_to("me@example.org");
        connect(&app, &people[0], &me).await;
        connect(&app, &people[1], &me).await;
        // Shown in the app at once; the email waits for the morning.
        let listed = client.call::<ListMyNotifications>((), &()).await.unwrap();
        assert_eq!(listed.iter().filter(|n| n.kind == "connection.requested").count(), 2);
        tokio::time::sleep(Duration::from_secs(3)).await;
        assert_eq!(app.emails_to("me@example.org"), emails, "nothing before the morning");

        // Two instances, and the digest queued twice (as two racing requests could): both run it at
        // once, and one email leaves with both items.
        let beside = app.spawn_beside().await;
        app.sql(
            "INSERT INTO jobs (id, kind, payload, run_at, attempts, created_at) \
             SELECT 'a-second-digest', kind, payload, run_at, 0, created_at FROM jobs WHERE kind = 'notification_digest'"
                .into(),
        )
        .await;
        morning_comes(&app).await;
        let digest = wait_either([&app, &beside], "me@example.org", "(2)").await;
        assert!(digest.contains("bob") && digest.contains("carol"), "{digest}");
        tokio::time::sleep(Duration::from_secs(5)).await;
        let sent = app.emails_to("me@example.org") + beside.emails_to("me@example.org");
        assert_eq!(sent, emails + 1, "one digest, not two");
        let unsubscribe = header(&digest, "List-Unsubscribe").expect("List-Unsubscribe").to_owned();

        // The next one has only what came after.
        connect(&app, &people[2], &me).await;
        morning_comes(&app).await;
        let next = wait_either([&app, &beside], "me@example.org", "(1)").await;
        assert!(next.contains("driss") && !next.contains("carol"), "{next}");

        // The one-click address stops the daily digest, without signing in.
        let url = unsubscribe.trim_start_matches('<').trim_end_matches('>');
        assert!(url.starts_with("http") && url.contains("/api/v1/unsubscribe/"), "{url}");
        let path = &url[url.find("/api/v1/").unwrap()..];
        let response = app
            .http
            .post(app.url(path))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("List-Unsubscribe=One-Click")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 200);
        let done: Unsubscription = response.json().await.unwrap();
        assert_eq!(done.scope, UnsubscribeScope::Digest(EmailDelivery::Daily));
        assert!(done.done && done.email.ends_with("@example.org") && !done.email.starts_with("me@"), "{done:?}");
        let settings = client.call::<GetNotificationSettings>((), &()).await.unwrap();
        assert!(settings.topics.iter().all(|t| t.email != EmailDelivery::Daily), "{settings:?}");
        assert!(settings.email_enabled, "only the digest stopped");
        assert!(topic(&settings, NotificationTopic::Network).in_app, "still in the app");
    }

    async fn an_unsubscribe_link_works_without_signing_in_and_cannot_be_forged(app) {
        let me = app.member("me@example.org").await;
        let other = app.member("other@example.org").await;
        let bob = app.member("bob@example.org").await;
        connect(&app, &bob, &me).await;
        let email = app.wait_for_email("me@example.org", "bob").await;
        let token = page_token(&email);
        assert!(email.contains(&format!("/unsubscribe/{token}")), "the body links the page");

        // The page reads what it would stop, and changes nothing.
        let seen = app.client.call::<GetUnsubscription>(token.clone(), &()).await.unwrap();
        assert_eq!(seen.scope, UnsubscribeScope::Topic(NotificationTopic::Network));
        assert!(!seen.done);
        let settings = app.as_user(&me).call::<GetNotificationSettings>((), &()).await.unwrap();
        assert_eq!(topic(&settings, NotificationTopic::Network).email, EmailDelivery::Immediately);

        // Altered: another member's id under the same signature; another scope; a bad signature.
        let (payload, signature) = token.as_str().split_at(token.as_str().len() - 43);
        use base64::Engine;
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let text = String::from_utf8(b64.decode(payload).unwrap()).unwrap();
        for altered in [
            text.replace(&me.user.id.to_string(), &other.user.id.to_string()),
            text.replace("topic:network", "all"),
        ] {
            let forged: UnsubscribeToken = format!("{}{signature}", b64.encode(altered)).parse().unwrap();
            let p = problem(app.client.call::<Unsubscribe>(forged, &()).await);
            assert_eq!((p.status, p.code), (403, ErrorCode::BadSignature));
        }
        let unsigned: UnsubscribeToken = format!("{payload}{}", "x".repeat(43)).parse().unwrap();
        assert_eq!(problem(app.client.call::<Unsubscribe>(unsigned, &()).await).code, ErrorCode::BadSignature);
        let raw = app.raw_problem(reqwest::Method::POST, "/api/v1/unsubscribe/not-a-token", None).await;
        assert!(matches!(raw.status, 404 | 422), "{raw:?}");
        for who in [&me, &other] {
            let s = app.as_user(who).call::<GetNotificationSettings>((), &()).await.unwrap();
            assert!(s.email_enabled && topic(&s, NotificationTopic::Network).email == EmailDelivery::Immediately);
        }

        // The real one stops that topic's emails (twice is fine), and only for its member.
        let done = app.client.call::<Unsubscribe>(token.clone(), &()).await.unwrap();
        assert!(done.done);
        assert!(app.client.call::<Unsubscribe>(token.clone(), &()).await.unwrap().done);
        assert!(app.client.call::<GetUnsubscription>(token.clone(), &()).await.unwrap().done);
        let mine = app.as_user(&me).call::<GetNotificationSettings>((), &()).await.unwrap();
        assert_eq!(topic(&mine, NotificationTopic::Network).email, EmailDelivery::Never);
        assert_eq!(topic(&mine, NotificationTopic::Learning).email, EmailDelivery::Immediately);
        let theirs = app.as_user(&other).call::<GetNotificationSettings>((), &()).await.unwrap();
        assert_eq!(topic(&theirs, NotificationTopic::Network).email, EmailDelivery::Immediately);
        let before = app.emails_to("me@example.org");
        connect(&app, &other, &me).await;
        connect(&app, &other, &bob).await;
        app.wait_for_email("bob@example.org", "other").await;
        assert_eq!(app.emails_to("me@example.org"), before, "that topic's emails stopped");
    }

    async fn unsubscribe_links_are_limited_per_client_address(app) {
        let me = app.member("me@example.org").await;
        let bob = app.member("bob@example.org").await;
        connect(&app, &bob, &me).await;
        let token = page_token(&app.wait_for_email("me@example.org", "bob").await);
        let mut limited = false;
        for _ in 0..60 {
            match app.client.call::<GetUnsubscription>(token.clone(), &()).await {
                Ok(_) => {}
                Err(e) => {
                    let p = problem::<Unsubscription>(Err(e));
                    assert_eq!(p.status, 429);
                    limited = true;
                    break;
                }
            }
        }
        assert!(limited, "50 an hour per address");
    }
}
