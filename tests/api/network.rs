//! Networking over HTTP, on both backends: following associations, member profiles whose fields
//! each have a visibility, connection requests and who may act on them.

use madani_shared::associations::*;
use madani_shared::auth::{AccountExport, DeleteAccountRequest, TokenResponse};
use madani_shared::endpoints::*;
use madani_shared::ids::{AssociationId, UserId};
use madani_shared::network::*;
use madani_shared::page::PageQuery;
use madani_shared::{ErrorCode, Problem};
use madani_tests::{AssociationBuilder, MemberBuilder, PASSWORD, TestApp, both_backends, problem};
use serde_json::json;

async fn reject(app: &TestApp, staff: &TokenResponse, id: AssociationId) {
    app.as_user(staff)
        .call::<RejectAssociation>(id, &StatusDecision { reason: Some("No statutes on file".into()) })
        .await
        .expect("reject");
}

fn uid(t: &TokenResponse) -> UserId {
    t.user.id
}

async fn send(app: &TestApp, from: &TokenResponse, to: &TokenResponse) -> Connection {
    app.as_user(from)
        .call::<CreateConnectionEndpoint>((), &CreateConnection { user_id: to.user.id, message: None })
        .await
        .expect("send request")
}

async fn network(app: &TestApp, who: &TokenResponse, status: ConnectionFilter) -> Vec<Connection> {
    let q = ListConnectionsQuery { status: Some(status), ..Default::default() };
    app.as_user(who).call::<ListConnections>((), &q).await.expect("list").items
}

async fn put_profile_raw(app: &TestApp, who: &TokenResponse, body: serde_json::Value) -> (u16, Option<Problem>) {
    let response =
        app.http.put(app.url("/api/v1/me/profile")).bearer_auth(&who.access_token).json(&body).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.ok())
}

fn field_code(p: &Problem, field: &str) -> Option<String> {
    p.field(field).map(|e| e.code.clone())
}

both_backends! {
    async fn following_is_idempotent_and_hidden_associations_are_404(app) {
        let owner = app.member("owner@example.org").await;
        let fan = app.member("fan@example.org").await;
        let staff = app.admin("staff@example.org").await;
        let a = AssociationBuilder::new(&owner).name_fr("Association A").expect_build(&app).await;
        let as_fan = app.as_user(&fan);

        for _ in 0..2 {
            let s = as_fan.call::<FollowAssociation>(a.id, &()).await.unwrap();
            assert_eq!((s.following, s.follower_count), (true, 1), "following twice counts once");
        }
        let anonymous = app.client.call::<GetFollowStatus>(a.id, &()).await.unwrap();
        assert_eq!((anonymous.following, anonymous.follower_count), (false, 1));
        assert!(!app.as_user(&owner).call::<GetFollowStatus>(a.id, &()).await.unwrap().following);
        let mine = as_fan.call::<ListMyFollowing>((), &PageQuery::default()).await.unwrap();
        assert_eq!(mine.items.iter().map(|f| f.association.id).collect::<Vec<_>>(), vec![a.id]);
        assert_eq!(problem(app.client.call::<FollowAssociation>(a.id, &()).await).status, 401);

        for _ in 0..2 {
            let s = as_fan.call::<UnfollowAssociation>(a.id, &()).await.unwrap();
            assert_eq!((s.following, s.follower_count), (false, 0));
        }
        assert!(as_fan.call::<ListMyFollowing>((), &PageQuery::default()).await.unwrap().items.is_empty());
        let malformed = app.raw_problem(reqwest::Method::PUT, "/api/v1/associations/no-such-association/follow", Some(&fan)).await;
        assert_eq!(malformed.code, ErrorCode::NotFound);

        // A rejected association is hidden from outsiders: following it or reading its count is a 404,
        // and a follower stops seeing it in their list but may still unfollow it.
        let b = AssociationBuilder::new(&owner).name_fr("Association B").expect_build(&app).await;
        as_fan.call::<FollowAssociation>(b.id, &()).await.unwrap();
        reject(&app, &staff, b.id).await;
        let stranger = app.member("stranger@example.org").await;
        assert_eq!(problem(app.as_user(&stranger).call::<FollowAssociation>(b.id, &()).await).status, 404);
        assert_eq!(problem(app.client.call::<GetFollowStatus>(b.id, &()).await).status, 404);
        assert_eq!(app.as_user(&owner).call::<GetFollowStatus>(b.id, &()).await.unwrap().follower_count, 1, "members still see it");
        assert!(as_fan.call::<ListMyFollowing>((), &PageQuery::default()).await.unwrap().items.is_empty());
        assert_eq!(as_fan.call::<UnfollowAssociation>(b.id, &()).await.unwrap().follower_count, 0);
        assert_eq!(problem(as_fan.call::<UnfollowAssociation>(b.id, &()).await).status, 404, "not following and hidden");
    }

    async fn the_following_list_pages_with_cursors(app) {
        let owner = app.member("owner@example.org").await;
        let fan = app.member("fan@example.org").await;
        let mut ids = Vec::new();
        for i in 0..3 {
            let a = AssociationBuilder::new(&owner).name_fr(&format!("Association {i}")).expect_build(&app).await;
            app.as_user(&fan).call::<FollowAssociation>(a.id, &()).await.unwrap();
            ids.push(a.id);
        }
        let first = app.as_user(&fan).call::<ListMyFollowing>((), &PageQuery { limit: Some(2), cursor: None }).await.unwrap();
        assert_eq!(first.items.len(), 2);
        assert_eq!(first.items[0].association.id, ids[2], "newest follow first");
        let cursor = first.next_cursor.clone().expect("a next page");
        let second = app.as_user(&fan).call::<ListMyFollowing>((), &PageQuery { limit: Some(2), cursor: Some(cursor) }).await.unwrap();
        assert_eq!(second.items.iter().map(|f| f.association.id).collect::<Vec<_>>(), vec![ids[0]]);
        assert_eq!(second.next_cursor, None);
        let bad = problem(app.as_user(&fan).call::<ListMyFollowing>((), &PageQuery { limit: None, cursor: Some("garbage!".into()) }).await);
        assert_eq!((bad.status, field_code(&bad, "cursor").as_deref()), (422, Some("invalid_value")));
    }

    async fn profile_fields_show_to_whom_their_visibility_says(app) {
        let amina = app.member("amina@example.org").await;
        let bilal = app.member("bilal@example.org").await;
        let staff = app.admin("staff@example.org").await;
        let assoc = AssociationBuilder::new(&amina).name_fr("Association Tafat").expect_build(&app).await;
        // Before amina writes a profile, what associations she belongs to is not shown to members
        // (connections only), let alone to the public.
        let id = uid(&amina);
        assert_eq!(app.as_user(&bilal).call::<GetMemberProfile>(id, &()).await.unwrap().associations, None);
        assert_eq!(app.client.call::<GetMemberProfile>(id, &()).await.unwrap().associations, None);
        let saved = app.as_user(&amina).call::<UpdateMyProfileEndpoint>((), &UpdateMyProfile {
            headline: Some("Agronome".into()),
            headline_visibility: Visibility::Public,
            skills: vec!["irrigation".into()],
            skills_visibility: Visibility::Members,
            bio: Some("Formatrice bénévole".into()),
            bio_visibility: Visibility::Connections,
            associations_visibility: Visibility::Private,
        }).await.unwrap();
        assert!(saved.updated_at.is_some());

        let anonymous = app.client.call::<GetMemberProfile>(id, &()).await.unwrap();
        assert_eq!(anonymous.display_name, "amina");
        assert_eq!(anonymous.headline.as_deref(), Some("Agronome"));
        assert_eq!((anonymous.skills, anonymous.bio, anonymous.associations, anonymous.connection_count), (None, None, None, None));

        let as_bilal = app.as_user(&bilal);
        let signed_in = as_bilal.call::<GetMemberProfile>(id, &()).await.unwrap();
        assert_eq!(signed_in.skills, Some(vec!["irrigation".to_string()]));
        assert_eq!(signed_in.bio, None, "connections only");
        assert_eq!((signed_in.associations, signed_in.is_self, signed_in.connection), (None, false, None));

        // Once connected, bilal sees the connections-only bio; private stays private.
        let request = send(&app, &bilal, &amina).await;
        let pending = as_bilal.call::<GetMemberProfile>(id, &()).await.unwrap();
        assert_eq!(pending.bio, None, "a pending request is not a connection");
        assert_eq!(pending.connection.as_ref().map(|c| (c.status, c.direction)), Some((ConnectionStatus::Pending, ConnectionDirection::Outgoing)));
        app.as_user(&amina).call::<AcceptConnection>(request.id, &()).await.unwrap();
        let connected = as_bilal.call::<GetMemberProfile>(id, &()).await.unwrap();
        assert_eq!(connected.bio.as_deref(), Some("Formatrice bénévole"));
        assert_eq!(connected.associations, None);
        assert_eq!(connected.connection_count, Some(1));
        assert_eq!(connected.connection.map(|c| c.status), Some(ConnectionStatus::Accepted));

        let own = app.as_user(&amina).call::<GetMemberProfile>(id, &()).await.unwrap();
        assert!(own.is_self);
        assert_eq!(own.associations.unwrap().iter().map(|a| (a.id, a.role)).collect::<Vec<_>>(), vec![(assoc.id, MemberRole::Owner)]);

        // Public associations: anyone sees them, but not one that is rejected (hidden from outsiders).
        let mut public = app.as_user(&amina).call::<GetMyProfile>((), &()).await.unwrap();
        assert_eq!(public.bio_visibility, Visibility::Connections);
        public.associations_visibility = Visibility::Public;
        app.as_user(&amina).call::<UpdateMyProfileEndpoint>((), &UpdateMyProfile {
            headline: public.headline.clone(),
            headline_visibility: public.headline_visibility,
            skills: public.skills.clone(),
            skills_visibility: public.skills_visibility,
            bio: public.bio.clone(),
            bio_visibility: public.bio_visibility,
            associations_visibility: Visibility::Public,
        }).await.unwrap();
        let anonymous = app.client.call::<GetMemberProfile>(id, &()).await.unwrap();
        assert_eq!(anonymous.associations.map(|l| l.len()), Some(1));
        reject(&app, &staff, assoc.id).await;
        assert_eq!(app.client.call::<GetMemberProfile>(id, &()).await.unwrap().associations, None);
        assert_eq!(app.as_user(&amina).call::<GetMemberProfile>(id, &()).await.unwrap().associations.map(|l| l.len()), Some(1));

        assert_eq!(problem(app.client.call::<GetMemberProfile>(uuid_like(), &()).await).status, 404);
        assert_eq!(app.raw_problem(reqwest::Method::GET, "/api/v1/members/not-an-id", None).await.status, 404);
    }

    async fn bad_profiles_name_the_field_and_write_nothing(app) {
        let amina = app.member("amina@example.org").await;
        let cases = [
            (json!({"bio_visibility": "friends"}), "bio_visibility", "invalid_value"),
            (json!({"headline": "x".repeat(121)}), "headline", "length"),
            (json!({"bio": "x".repeat(2001)}), "bio", "length"),
            (json!({"skills": vec!["a"; 31]}), "skills", "length"),
            (json!({"skills": ["ok", "y".repeat(51)]}), "skills", "length"),
            (json!({"skills": "irrigation"}), "skills", "invalid_type"),
        ];
        for (body, field, code) in cases {
            let (status, p) = put_profile_raw(&app, &amina, body.clone()).await;
            let p = p.expect("a problem body");
            assert_eq!((status, field_code(&p, field).as_deref()), (422, Some(code)), "{body}");
        }
        let profile = app.as_user(&amina).call::<GetMyProfile>((), &()).await.unwrap();
        assert_eq!((profile.updated_at, profile.headline_visibility), (None, Visibility::Members), "nothing saved");

        let (status, _) = put_profile_raw(&app, &amina, json!({"headline": "   ", "skills": ["Irrigation", " irrigation ", "  Training  course "]})).await;
        assert_eq!(status, 200);
        let profile = app.as_user(&amina).call::<GetMyProfile>((), &()).await.unwrap();
        assert_eq!(profile.headline, None, "blank clears");
        assert_eq!(profile.skills, vec!["Irrigation".to_string(), "Training course".to_string()]);
        assert_eq!(problem(app.client.call::<GetMyProfile>((), &()).await).status, 401);
    }

    async fn connection_requests_sent_declined_accepted_and_removed(app) {
        let amina = app.member("amina@example.org").await;
        let bilal = app.member("bilal@example.org").await;
        let chafia = app.member("chafia@example.org").await;
        let sent = app.as_user(&amina).call::<CreateConnectionEndpoint>((), &CreateConnection {
            user_id: bilal.user.id,
            message: Some("  Rencontrés au forum de Béjaïa  ".into()),
        }).await.unwrap();
        assert_eq!((sent.status, sent.direction), (ConnectionStatus::Pending, ConnectionDirection::Outgoing));
        assert_eq!(sent.member.user_id, bilal.user.id);
        assert_eq!(sent.message.as_deref(), Some("Rencontrés au forum de Béjaïa"));
        let notes = app.as_user(&bilal).call::<ListMyNotifications>((), &()).await.unwrap();
        assert!(notes.iter().any(|n| n.kind == "connection.requested"), "{notes:?}");
        assert_eq!(problem(app.as_user(&amina).call::<CreateConnectionEndpoint>((), &CreateConnection { user_id: bilal.user.id, message: None }).await).status, 409);

        let incoming = network(&app, &bilal, ConnectionFilter::PendingIncoming).await;
        assert_eq!(incoming.iter().map(|c| (c.id, c.direction, c.member.display_name.clone())).collect::<Vec<_>>(),
            vec![(sent.id, ConnectionDirection::Incoming, "amina".to_string())]);
        assert_eq!(network(&app, &amina, ConnectionFilter::PendingOutgoing).await.len(), 1);
        assert!(network(&app, &amina, ConnectionFilter::PendingIncoming).await.is_empty());
        assert!(network(&app, &bilal, ConnectionFilter::Accepted).await.is_empty());

        // A third member can do nothing with it, and learns nothing (404); the requester cannot answer it.
        let as_chafia = app.as_user(&chafia);
        assert_eq!(problem(as_chafia.call::<AcceptConnection>(sent.id, &()).await).status, 404);
        assert_eq!(problem(as_chafia.call::<DeclineConnection>(sent.id, &()).await).status, 404);
        assert_eq!(problem(as_chafia.call::<DeleteConnection>(sent.id, &()).await).status, 404);
        assert_eq!(problem(app.as_user(&amina).call::<AcceptConnection>(sent.id, &()).await).status, 403);
        assert_eq!(problem(app.as_user(&amina).call::<DeclineConnection>(sent.id, &()).await).status, 403);
        assert_eq!(problem(app.client.call::<AcceptConnection>(sent.id, &()).await).status, 401);
        assert_eq!(network(&app, &bilal, ConnectionFilter::PendingIncoming).await.len(), 1, "still pending");

        // Declining is silent: the request leaves bilal's inbox, amina still sees it pending and
        // cannot send it again.
        let declined = app.as_user(&bilal).call::<DeclineConnection>(sent.id, &()).await.unwrap();
        assert_eq!(declined.status, ConnectionStatus::Declined);
        assert!(network(&app, &bilal, ConnectionFilter::PendingIncoming).await.is_empty());
        let outgoing = network(&app, &amina, ConnectionFilter::PendingOutgoing).await;
        assert_eq!(outgoing.iter().map(|c| c.status).collect::<Vec<_>>(), vec![ConnectionStatus::Pending]);
        assert_eq!(problem(app.as_user(&amina).call::<CreateConnectionEndpoint>((), &CreateConnection { user_id: bilal.user.id, message: None }).await).status, 409);
        // Withdrawing a declined request hides it from amina, but does not let her ask again (and
        // notify bilal once more).
        let notes_before = app.as_user(&bilal).call::<ListMyNotifications>((), &()).await.unwrap().len();
        app.as_user(&amina).call::<DeleteConnection>(sent.id, &()).await.unwrap();
        assert!(network(&app, &amina, ConnectionFilter::PendingOutgoing).await.is_empty());
        assert_eq!(app.as_user(&amina).call::<GetMemberProfile>(uid(&bilal), &()).await.unwrap().connection, None);
        assert_eq!(problem(app.as_user(&amina).call::<CreateConnectionEndpoint>((), &CreateConnection { user_id: bilal.user.id, message: None }).await).status, 409);
        assert_eq!(app.as_user(&bilal).call::<ListMyNotifications>((), &()).await.unwrap().len(), notes_before);

        // Withdrawn means gone (finding 10 of the security review): Bilal cannot accept it any more.
        // If he changes his mind, he asks Amina himself, and she decides.
        assert_eq!(problem(app.as_user(&bilal).call::<AcceptConnection>(sent.id, &()).await).status, 404);
        let his = app.as_user(&bilal).call::<CreateConnectionEndpoint>((), &CreateConnection { user_id: amina.user.id, message: None }).await.unwrap();
        assert_eq!(his.status, ConnectionStatus::Pending);
        let accepted = app.as_user(&amina).call::<AcceptConnection>(his.id, &()).await.unwrap();
        assert_eq!(accepted.status, ConnectionStatus::Accepted);
        assert!(accepted.decided_at.is_some());
        let notes = app.as_user(&bilal).call::<ListMyNotifications>((), &()).await.unwrap();
        assert!(notes.iter().any(|n| n.kind == "connection.accepted"));
        for who in [&amina, &bilal] {
            let mine = network(&app, who, ConnectionFilter::Accepted).await;
            assert_eq!(mine.iter().map(|c| c.id).collect::<Vec<_>>(), vec![his.id]);
        }
        assert!(network(&app, &bilal, ConnectionFilter::PendingOutgoing).await.is_empty());
        assert!(network(&app, &chafia, ConnectionFilter::Accepted).await.is_empty());
        assert_eq!(problem(app.as_user(&amina).call::<AcceptConnection>(his.id, &()).await).status, 409);
        assert_eq!(problem(app.as_user(&amina).call::<DeclineConnection>(his.id, &()).await).status, 409);
        assert_eq!(problem(app.as_user(&bilal).call::<CreateConnectionEndpoint>((), &CreateConnection { user_id: amina.user.id, message: None }).await).status, 409);
        let sent = his;

        // Either member removes it; then both lists are empty and a new request is possible.
        app.as_user(&bilal).call::<DeleteConnection>(sent.id, &()).await.unwrap();
        assert!(network(&app, &amina, ConnectionFilter::Accepted).await.is_empty());
        assert_eq!(problem(app.as_user(&amina).call::<DeleteConnection>(sent.id, &()).await).status, 404);
        assert_eq!(app.as_user(&amina).call::<GetMemberProfile>(uid(&bilal), &()).await.unwrap().connection, None);

        // Asking someone who already asked you accepts their request.
        let theirs = send(&app, &chafia, &amina).await;
        let response = app.http.post(app.url("/api/v1/connections")).bearer_auth(&amina.access_token)
            .json(&json!({"user_id": uid(&chafia)})).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 200);
        let mutual: Connection = response.json().await.unwrap();
        assert_eq!((mutual.id, mutual.status), (theirs.id, ConnectionStatus::Accepted));

        // The requester withdraws a pending request.
        let to_bilal = send(&app, &amina, &bilal).await;
        app.as_user(&amina).call::<DeleteConnection>(to_bilal.id, &()).await.unwrap();
        assert!(network(&app, &bilal, ConnectionFilter::PendingIncoming).await.is_empty());
    }

    async fn bad_connection_requests_name_the_field(app) {
        let amina = app.member("amina@example.org").await;
        let bilal = app.member("bilal@example.org").await;
        let as_amina = app.as_user(&amina);
        let to_self = problem(as_amina.call::<CreateConnectionEndpoint>((), &CreateConnection { user_id: amina.user.id, message: None }).await);
        assert_eq!((to_self.status, field_code(&to_self, "user_id").as_deref()), (422, Some("self")));
        let nobody = uuid_like();
        let unknown = problem(as_amina.call::<CreateConnectionEndpoint>((), &CreateConnection { user_id: nobody, message: None }).await);
        assert_eq!((unknown.status, field_code(&unknown, "user_id").as_deref()), (422, Some("unknown")));
        let long = problem(as_amina.call::<CreateConnectionEndpoint>((), &CreateConnection { user_id: bilal.user.id, message: Some("x".repeat(301)) }).await);
        assert_eq!((long.status, field_code(&long, "message").as_deref()), (422, Some("length")));
        for (body, field, code) in [
            (json!({}), "user_id", "required"),
            (json!({"user_id": "not-a-uuid"}), "user_id", "invalid_type"),
        ] {
            let response = app.http.post(app.url("/api/v1/connections")).bearer_auth(&amina.access_token).json(&body).send().await.unwrap();
            assert_eq!(response.status().as_u16(), 422);
            let p: Problem = response.json().await.unwrap();
            assert_eq!(field_code(&p, field).as_deref(), Some(code), "{body}");
        }
        let response = app.http.get(app.url("/api/v1/connections?status=friends")).bearer_auth(&amina.access_token).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 422);
        let p: Problem = response.json().await.unwrap();
        assert_eq!(field_code(&p, "status").as_deref(), Some("invalid_value"));
        assert!(network(&app, &bilal, ConnectionFilter::PendingIncoming).await.is_empty(), "nothing was sent");

        // An unverified account cannot send requests.
        let fresh = MemberBuilder::new("fresh").unverified().expect_build(&app).await;
        assert_eq!(problem(app.as_user(&fresh).call::<CreateConnectionEndpoint>((), &CreateConnection { user_id: bilal.user.id, message: None }).await).status, 403);
    }

    async fn the_export_holds_the_network_and_deleting_the_account_removes_it(app) {
        let owner = app.member("owner@example.org").await;
        let amina = app.member("amina@example.org").await;
        let bilal = app.member("bilal@example.org").await;
        let chafia = app.member("chafia@example.org").await;
        let assoc = AssociationBuilder::new(&owner).name_fr("Association D").expect_build(&app).await;
        let as_amina = app.as_user(&amina);
        as_amina.call::<UpdateMyProfileEndpoint>((), &UpdateMyProfile { headline: Some("Juriste".into()), ..Default::default() }).await.unwrap();
        as_amina.call::<FollowAssociation>(assoc.id, &()).await.unwrap();
        let with_bilal = send(&app, &amina, &bilal).await;
        app.as_user(&bilal).call::<AcceptConnection>(with_bilal.id, &()).await.unwrap();
        send(&app, &amina, &chafia).await;

        let export: AccountExport = as_amina.call::<ExportMe>((), &()).await.unwrap();
        assert_eq!(export.network.profile.and_then(|p| p.headline).as_deref(), Some("Juriste"));
        assert_eq!(export.network.following.iter().map(|f| f.association.id).collect::<Vec<_>>(), vec![assoc.id]);
        let mut statuses: Vec<_> = export.network.connections.iter().map(|c| (c.member.display_name.clone(), c.status)).collect();
        statuses.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(statuses, vec![("bilal".into(), ConnectionStatus::Accepted), ("chafia".into(), ConnectionStatus::Pending)]);

        as_amina.call::<DeleteMe>((), &DeleteAccountRequest { password: PASSWORD.into() }).await.unwrap();
        assert!(network(&app, &bilal, ConnectionFilter::Accepted).await.is_empty());
        assert!(network(&app, &chafia, ConnectionFilter::PendingIncoming).await.is_empty());
        assert_eq!(app.client.call::<GetFollowStatus>(assoc.id, &()).await.unwrap().follower_count, 0);
        assert_eq!(problem(app.client.call::<GetMemberProfile>(uid(&amina), &()).await).status, 404);
    }
}

fn uuid_like() -> UserId {
    "01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e7a".parse().unwrap()
}
