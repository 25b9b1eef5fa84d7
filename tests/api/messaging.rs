//! Messaging over HTTP, on both backends: who may start a conversation with whom (connections,
//! shared associations, staff; refusals and blocks), who reads what (A cannot read B and C's
//! conversation), groups and their people, association inboxes that reach the current officers
//! only and answer signed as the association, read positions and unread counts, editing within
//! 15 minutes and tombstones, and the events each reader receives by polling.

use madani_shared::ErrorCode;
use madani_shared::associations::{Association, MemberRole, UpdateMember};
use madani_shared::auth::TokenResponse;
use madani_shared::endpoints::*;
use madani_shared::messaging::*;
use madani_shared::network::CreateConnection;
use madani_shared::page::PageQuery;
use madani_tests::{AssociationBuilder, TestApp, both_backends, problem};

/// Amina owns an association whose members are Bilal and Chafia; Driss knows nobody; Souad is
/// staff (an administrator).
pub(crate) struct People {
    pub amina: TokenResponse,
    pub bilal: TokenResponse,
    pub chafia: TokenResponse,
    pub driss: TokenResponse,
    pub souad: TokenResponse,
    pub association: Association,
}

pub(crate) async fn people(app: &TestApp) -> People {
    let souad = app.admin("souad@madani.test").await;
    let amina = app.member("amina@example.org").await;
    let bilal = app.member("bilal@example.org").await;
    let chafia = app.member("chafia@example.org").await;
    let driss = app.member("driss@example.org").await;
    let association =
        AssociationBuilder::new(&amina).members(&[&bilal, &chafia]).verified_by(&souad).expect_build(app).await;
    People { amina, bilal, chafia, driss, souad, association }
}

pub(crate) fn direct(to: &TokenResponse, body: &str) -> StartConversation {
    StartConversation {
        kind: ConversationKind::Direct,
        with: vec![to.user.id],
        association_id: None,
        title: None,
        body: body.into(),
    }
}

pub(crate) async fn start(app: &TestApp, from: &TokenResponse, req: &StartConversation) -> Conversation {
    app.as_user(from).call::<StartConversationCall>((), req).await.expect("start a conversation")
}

async fn texts(app: &TestApp, who: &TokenResponse, c: &Conversation) -> Vec<String> {
    let page = app.as_user(who).call::<ListMessages>(c.id, &MessagesQuery::default()).await.expect("messages");
    page.messages.into_iter().map(|m| m.body.unwrap_or_else(|| "∅".into())).collect()
}

async fn unread(app: &TestApp, who: &TokenResponse) -> UnreadTotals {
    app.as_user(who).call::<CountMyUnread>((), &()).await.expect("unread")
}

both_backends! {
    async fn direct_conversations_reach_only_their_two_members(app) {
        let p = people(&app).await;
        let c = start(&app, &p.amina, &direct(&p.bilal, "Bonjour **Bilal**")).await;
        assert_eq!(c.kind, ConversationKind::Direct);
        assert_eq!(c.participants.len(), 2);
        assert_eq!(c.last_seq, 1);
        assert_eq!(c.unread, 0, "your own message is read");
        let m = c.last_message.clone().unwrap();
        assert_eq!(m.html.as_deref(), Some("<p>Bonjour <strong>Bilal</strong></p>\n"));

        // Bilal sees it unread; a second start reuses the conversation (200).
        assert_eq!(unread(&app, &p.bilal).await.messages, 1);
        let response = app.http.post(app.url("/api/v1/conversations")).bearer_auth(&p.bilal.access_token)
            .json(&direct(&p.amina, "Bonjour Amina")).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 200);
        let again: Conversation = response.json().await.unwrap();
        assert_eq!(again.id, c.id);
        assert_eq!(texts(&app, &p.amina, &c).await, ["Bonjour **Bilal**", "Bonjour Amina"]);

        // Chafia (same association) cannot read it, nor write in it, nor see its messages.
        let chafia = app.as_user(&p.chafia);
        assert_eq!(problem(chafia.call::<GetConversation>(c.id, &()).await).code, ErrorCode::NotFound);
        assert_eq!(problem(chafia.call::<ListMessages>(c.id, &MessagesQuery::default()).await).code, ErrorCode::NotFound);
        assert_eq!(problem(chafia.call::<SendMessageCall>(c.id, &SendMessage::new("Moi aussi")).await).code, ErrorCode::NotFound);
        assert_eq!(problem(chafia.call::<MarkConversationRead>(c.id, &ReadUpTo { seq: 2 }).await).code, ErrorCode::NotFound);
        let theirs = app.as_user(&p.amina).call::<ListMessages>(c.id, &MessagesQuery::default()).await.unwrap();
        let first = theirs.messages[0].id;
        assert_eq!(problem(chafia.call::<UpdateMessage>(first, &EditMessage::new("x")).await).code, ErrorCode::NotFound);
        assert!(chafia.call::<ListMyConversations>((), &PageQuery::default()).await.unwrap().items.is_empty());
        // Bilal cannot change Amina's message.
        assert_eq!(problem(app.as_user(&p.bilal).call::<UpdateMessage>(first, &EditMessage::new("x")).await).code, ErrorCode::NotAuthor);

        // Reading clears the count, and never goes back.
        let read = app.as_user(&p.bilal).call::<MarkConversationRead>(c.id, &ReadUpTo { seq: 99 }).await.unwrap();
        assert_eq!((read.read_seq, read.unread), (2, 0));
        let back = app.as_user(&p.bilal).call::<MarkConversationRead>(c.id, &ReadUpTo { seq: 1 }).await.unwrap();
        assert_eq!(back.read_seq, 2);
        let after = unread(&app, &p.bilal).await;
        assert_eq!((after.messages, after.conversations), (0, 0));
    }

    async fn who_may_write_to_whom(app) {
        let p = people(&app).await;
        // Driss shares nothing with Amina: he needs a connection first.
        let refused = problem(app.as_user(&p.driss).call::<StartConversationCall>((), &direct(&p.amina, "Salut")).await);
        assert_eq!((refused.status, refused.code), (403, ErrorCode::ConnectionRequired));
        // Once connected, he may.
        let request = app.as_user(&p.driss)
            .call::<CreateConnectionEndpoint>((), &CreateConnection { user_id: p.amina.user.id, message: None })
            .await.unwrap();
        app.as_user(&p.amina).call::<AcceptConnection>(request.id, &()).await.unwrap();
        start(&app, &p.driss, &direct(&p.amina, "Salut")).await;
        // Staff write to anyone who takes messages.
        start(&app, &p.souad, &direct(&p.driss, "Bonjour de l'observatoire")).await;

        // Bilal refuses messages: nobody starts a conversation with him, staff included.
        app.as_user(&p.bilal)
            .call::<UpdateMessagingSettings>((), &MessagingSettings { accepts_messages: false, read_receipts: true })
            .await.unwrap();
        for who in [&p.amina, &p.souad] {
            let refused = problem(app.as_user(who).call::<StartConversationCall>((), &direct(&p.bilal, "Hello")).await);
            assert_eq!((refused.status, refused.code), (403, ErrorCode::MessagesRefused));
        }

        // Chafia blocks Amina: their conversation stops, both ways, and a new one is refused.
        let c = start(&app, &p.amina, &direct(&p.chafia, "Avant")).await;
        let blocks = app.as_user(&p.chafia).call::<BlockMember>((), &BlockRequest { user_id: p.amina.user.id }).await.unwrap();
        assert_eq!(blocks.len(), 1);
        assert_eq!(blocks[0].user_id, p.amina.user.id);
        let refused = problem(app.as_user(&p.amina).call::<SendMessageCall>(c.id, &SendMessage::new("Après")).await);
        assert_eq!(refused.code, ErrorCode::MessagesRefused);
        let refused = problem(app.as_user(&p.chafia).call::<SendMessageCall>(c.id, &SendMessage::new("Après")).await);
        assert_eq!(refused.code, ErrorCode::MessagesRefused);
        let refused = problem(app.as_user(&p.amina).call::<StartConversationCall>((), &direct(&p.chafia, "Encore")).await);
        assert_eq!(refused.code, ErrorCode::MessagesRefused);
        assert_eq!(texts(&app, &p.chafia, &c).await, ["Avant"], "nothing was half-written");
        // Unblocking lets them write again.
        app.as_user(&p.chafia).call::<UnblockMember>(p.amina.user.id, &()).await.unwrap();
        app.as_user(&p.amina).call::<SendMessageCall>(c.id, &SendMessage::new("Après")).await.unwrap();

        // Bad input names its field.
        let me = problem(app.as_user(&p.amina).call::<StartConversationCall>((), &direct(&p.amina, "Moi")).await);
        assert_eq!((me.status, me.errors[0].field.as_str(), me.errors[0].code.as_str()), (422, "with", "self"));
        let two = StartConversation { with: vec![p.bilal.user.id, p.chafia.user.id], ..direct(&p.bilal, "x") };
        let two = problem(app.as_user(&p.amina).call::<StartConversationCall>((), &two).await);
        assert_eq!((two.errors[0].field.as_str(), two.errors[0].code.as_str()), ("with", "one_person"));
        let ghost = StartConversation { with: vec![madani_shared::ids::UserId(uuid::Uuid::now_v7())], ..direct(&p.bilal, "x") };
        let ghost = problem(app.as_user(&p.amina).call::<StartConversationCall>((), &ghost).await);
        assert_eq!((ghost.errors[0].field.as_str(), ghost.errors[0].code.as_str()), ("with", "unknown"));
        let blank = problem(app.as_user(&p.amina).call::<StartConversationCall>((), &direct(&p.chafia, "   ")).await);
        assert_eq!(blank.errors[0].field, "body");
        let untitled = StartConversation { kind: ConversationKind::Group, ..direct(&p.bilal, "x") };
        let untitled = problem(app.as_user(&p.amina).call::<StartConversationCall>((), &untitled).await);
        assert_eq!((untitled.errors[0].field.as_str(), untitled.errors[0].code.as_str()), ("title", "required"));
    }

    async fn groups_take_people_in_and_let_them_go(app) {
        let p = people(&app).await;
        let group = StartConversation {
            kind: ConversationKind::Group,
            with: vec![p.bilal.user.id],
            association_id: None,
            title: Some("Bureau".into()),
            body: "Réunion jeudi".into(),
        };
        let c = start(&app, &p.amina, &group).await;
        assert_eq!(c.title.as_deref(), Some("Bureau"));
        // Bilal adds Chafia, who reads the history; Driss (no tie to Bilal) cannot be added.
        let added = app.as_user(&p.bilal).call::<AddParticipantsCall>(c.id, &AddParticipants { user_ids: vec![p.chafia.user.id] }).await.unwrap();
        assert_eq!(added.participants.len(), 3);
        assert_eq!(texts(&app, &p.chafia, &c).await, ["Réunion jeudi"]);
        let refused = problem(app.as_user(&p.bilal).call::<AddParticipantsCall>(c.id, &AddParticipants { user_ids: vec![p.driss.user.id] }).await);
        assert_eq!(refused.code, ErrorCode::ConnectionRequired);
        // Only the starter removes others; anyone leaves.
        let refused = problem(app.as_user(&p.bilal).call::<RemoveParticipant>((c.id, p.chafia.user.id), &()).await);
        assert_eq!(refused.code, ErrorCode::NotGroupStarter);
        app.as_user(&p.amina).call::<RemoveParticipant>((c.id, p.chafia.user.id), &()).await.unwrap();
        assert_eq!(problem(app.as_user(&p.chafia).call::<GetConversation>(c.id, &()).await).code, ErrorCode::NotFound);
        app.as_user(&p.bilal).call::<RemoveParticipant>((c.id, p.bilal.user.id), &()).await.unwrap();
        let seen = app.as_user(&p.amina).call::<GetConversation>(c.id, &()).await.unwrap();
        assert_eq!(seen.participants.iter().filter(|x| x.left).count(), 2);
        // Who was removed and who left are told apart; removing someone already gone changes nothing.
        let gone = |who: &madani_shared::ids::UserId| {
            seen.participants.iter().find(|x| x.user_id == *who).map(|x| (x.left, x.removed))
        };
        assert_eq!(gone(&p.chafia.user.id), Some((true, true)), "the starter removed Chafia");
        assert_eq!(gone(&p.bilal.user.id), Some((true, false)), "Bilal left of his own accord");
        let again = problem(app.as_user(&p.amina).call::<RemoveParticipant>((c.id, p.bilal.user.id), &()).await);
        assert_eq!(again.status, 404);
        // Added again, Chafia is in the group as anyone else.
        app.as_user(&p.amina).call::<AddParticipantsCall>(c.id, &AddParticipants { user_ids: vec![p.chafia.user.id] }).await.unwrap();
        let seen = app.as_user(&p.amina).call::<GetConversation>(c.id, &()).await.unwrap();
        let chafia = seen.participants.iter().find(|x| x.user_id == p.chafia.user.id).expect("Chafia");
        assert_eq!((chafia.left, chafia.removed), (false, false));
        // A direct conversation is not a group.
        let d = start(&app, &p.amina, &direct(&p.bilal, "Seul à seul")).await;
        let refused = problem(app.as_user(&p.amina).call::<AddParticipantsCall>(d.id, &AddParticipants { user_ids: vec![p.chafia.user.id] }).await);
        assert_eq!(refused.code, ErrorCode::NotAGroup);
    }

    async fn an_association_inbox_reaches_its_current_officers_only(app) {
        let p = people(&app).await;
        let inbox = StartConversation {
            kind: ConversationKind::Inbox,
            with: Vec::new(),
            association_id: Some(p.association.id),
            title: None,
            body: "L'observatoire vous écrit.".into(),
        };
        // Driss knows nobody there; staff write to any association.
        assert_eq!(problem(app.as_user(&p.driss).call::<StartConversationCall>((), &inbox).await).code, ErrorCode::ConnectionRequired);
        let c = start(&app, &p.souad, &inbox).await;
        assert_eq!(c.association.as_ref().map(|a| a.id), Some(p.association.id));

        // Amina (owner) reads it and answers for the association; Bilal (a plain member) cannot.
        let amina = app.as_user(&p.amina);
        let seen = amina.call::<GetConversation>(c.id, &()).await.unwrap();
        assert!(seen.for_association);
        assert_eq!(seen.unread, 1);
        assert_eq!(problem(app.as_user(&p.bilal).call::<GetConversation>(c.id, &()).await).code, ErrorCode::NotFound);
        amina.call::<SendMessageCall>(c.id, &SendMessage::new("Bien reçu.")).await.unwrap();
        // Souad sees the answer signed as the association, without the officer's name.
        let page = app.as_user(&p.souad).call::<ListMessages>(c.id, &MessagesQuery::default()).await.unwrap();
        let answer = &page.messages[1];
        assert_eq!(answer.signed_as.as_ref().map(|a| a.id), Some(p.association.id));
        assert!(answer.author.is_none(), "the other side does not see which officer answered");
        // The officers see who answered.
        let page = amina.call::<ListMessages>(c.id, &MessagesQuery::default()).await.unwrap();
        assert_eq!(page.messages[1].author.as_ref().map(|a| a.user_id), Some(p.amina.user.id));

        // Bilal becomes an administrator: he reads the whole history; demoted, he loses it.
        amina.call::<UpdateMemberEndpoint>((p.association.id, p.bilal.user.id), &UpdateMember { role: MemberRole::Admin }).await.unwrap();
        assert_eq!(texts(&app, &p.bilal, &c).await, ["L'observatoire vous écrit.", "Bien reçu."]);
        let mine = app.as_user(&p.bilal).call::<ListMyConversations>((), &PageQuery::default()).await.unwrap();
        assert_eq!(mine.items.iter().map(|x| x.id).collect::<Vec<_>>(), [c.id]);
        amina.call::<UpdateMemberEndpoint>((p.association.id, p.bilal.user.id), &UpdateMember { role: MemberRole::Member }).await.unwrap();
        assert_eq!(problem(app.as_user(&p.bilal).call::<GetConversation>(c.id, &()).await).code, ErrorCode::NotFound);
        assert_eq!(problem(app.as_user(&p.bilal).call::<ListMessages>(c.id, &MessagesQuery::default()).await).code, ErrorCode::NotFound);
        assert!(app.as_user(&p.bilal).call::<ListMyConversations>((), &PageQuery::default()).await.unwrap().items.is_empty());
        // An officer does not write to their own association's inbox.
        let own = problem(amina.call::<StartConversationCall>((), &inbox).await);
        assert_eq!((own.errors[0].field.as_str(), own.errors[0].code.as_str()), ("association_id", "self"));
    }

    async fn messages_change_for_fifteen_minutes_and_leave_tombstones(app) {
        let p = people(&app).await;
        let c = start(&app, &p.amina, &direct(&p.bilal, "Brouillon")).await;
        let id = c.last_message.as_ref().unwrap().id;
        let amina = app.as_user(&p.amina);
        let edited = amina.call::<UpdateMessage>(id, &EditMessage::new("Version *finale*")).await.unwrap();
        assert!(edited.edited_at.is_some());
        assert_eq!(edited.html.as_deref(), Some("<p>Version <em>finale</em></p>\n"));
        let gone = amina.call::<DeleteMessage>(id, &()).await.unwrap();
        assert!(gone.deleted && gone.body.is_none() && gone.html.is_none());
        assert_eq!(amina.call::<DeleteMessage>(id, &()).await.unwrap().seq, gone.seq, "deleting again changes nothing");
        assert_eq!(problem(amina.call::<UpdateMessage>(id, &EditMessage::new("Revenir")).await).code, ErrorCode::MessageLocked);
        assert_eq!(texts(&app, &p.bilal, &c).await, ["∅"]);
        // Past 15 minutes a message is locked.
        let second = amina.call::<SendMessageCall>(c.id, &SendMessage::new("Ancien")).await.unwrap();
        app.sql(format!("UPDATE messages SET created_at = '2020-01-01 00:00:00' WHERE id = '{}'", second.id)).await;
        assert_eq!(problem(amina.call::<UpdateMessage>(second.id, &EditMessage::new("Nouveau")).await).code, ErrorCode::MessageLocked);
        assert_eq!(problem(amina.call::<DeleteMessage>(second.id, &()).await).code, ErrorCode::MessageLocked);
    }

    async fn readers_receive_their_events_in_order_by_polling(app) {
        let p = people(&app).await;
        let bilal = app.as_user(&p.bilal);
        let before = bilal.call::<ListMyEvents>((), &EventsQuery::default()).await.unwrap().seq;
        let c = start(&app, &p.amina, &direct(&p.bilal, "Un")).await;
        app.as_user(&p.amina).call::<SendMessageCall>(c.id, &SendMessage::new("Deux")).await.unwrap();
        let batch = bilal.call::<ListMyEvents>((), &EventsQuery { since: before, wait: 0 }).await.unwrap();
        let bodies: Vec<_> = batch.events.iter().filter_map(|e| e.message.as_ref()?.body.clone()).collect();
        assert_eq!(bodies, ["Un", "Deux"]);
        assert!(batch.events.windows(2).all(|w| w[1].seq == w[0].seq + 1), "numbered without gaps");
        assert_eq!(batch.seq, batch.events.last().unwrap().seq);
        assert!(!batch.more && !batch.gap);
        // Chafia hears nothing of it.
        let chafia = app.as_user(&p.chafia).call::<ListMyEvents>((), &EventsQuery::default()).await.unwrap();
        assert!(chafia.events.iter().all(|e| e.conversation_id != Some(c.id)));

        // Bilal reads: Amina (both share receipts by default) hears of it.
        let amina_seq = app.as_user(&p.amina).call::<ListMyEvents>((), &EventsQuery::default()).await.unwrap().seq;
        bilal.call::<MarkConversationRead>(c.id, &ReadUpTo { seq: 2 }).await.unwrap();
        let heard = app.as_user(&p.amina).call::<ListMyEvents>((), &EventsQuery { since: amina_seq, wait: 0 }).await.unwrap();
        assert_eq!(heard.events.len(), 1);
        assert_eq!((heard.events[0].kind, heard.events[0].read_seq, heard.events[0].user_id), (EventKind::ConversationRead, Some(2), Some(p.bilal.user.id)));
        // And her conversation says how far he read; it says who started it.
        let seen = app.as_user(&p.amina).call::<GetConversation>(c.id, &()).await.unwrap();
        assert_eq!(seen.read_positions, [ReadPosition { user_id: p.bilal.user.id, read_seq: 2 }]);
        assert_eq!(seen.started_by, Some(p.amina.user.id));
        // Without receipts, the read position stays Bilal's own.
        bilal.call::<UpdateMessagingSettings>((), &MessagingSettings { accepts_messages: true, read_receipts: false }).await.unwrap();
        app.as_user(&p.amina).call::<SendMessageCall>(c.id, &SendMessage::new("Trois")).await.unwrap();
        let amina_seq = app.as_user(&p.amina).call::<ListMyEvents>((), &EventsQuery::default()).await.unwrap().seq;
        bilal.call::<MarkConversationRead>(c.id, &ReadUpTo { seq: 3 }).await.unwrap();
        let heard = app.as_user(&p.amina).call::<ListMyEvents>((), &EventsQuery { since: amina_seq, wait: 0 }).await.unwrap();
        assert!(heard.events.is_empty(), "{:?}", heard.events);
        // Neither sees the other's position any more: he shares none, so he sees none.
        let seen = app.as_user(&p.amina).call::<GetConversation>(c.id, &()).await.unwrap();
        assert!(seen.read_positions.is_empty(), "{:?}", seen.read_positions);
        let his = bilal.call::<GetConversation>(c.id, &()).await.unwrap();
        assert!(his.read_positions.is_empty(), "{:?}", his.read_positions);
        assert_eq!(his.read_seq, 3);
        let own = bilal.call::<ListMyEvents>((), &EventsQuery { since: batch.seq, wait: 0 }).await.unwrap();
        assert!(own.events.iter().any(|e| e.kind == EventKind::ConversationRead && e.read_seq == Some(3)));

        // A long poll answers as soon as an event comes.
        let head = bilal.call::<ListMyEvents>((), &EventsQuery::default()).await.unwrap().seq;
        let waiting = tokio::spawn({
            let bilal = bilal.clone();
            async move { bilal.call::<ListMyEvents>((), &EventsQuery { since: head, wait: 20 }).await.unwrap() }
        });
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let started = std::time::Instant::now();
        app.as_user(&p.amina).call::<SendMessageCall>(c.id, &SendMessage::new("Quatre")).await.unwrap();
        let woken = waiting.await.unwrap();
        assert!(started.elapsed() < std::time::Duration::from_secs(5), "the long poll waited {:?}", started.elapsed());
        assert_eq!(woken.events[0].message.as_ref().and_then(|m| m.body.as_deref()), Some("Quatre"));

        // A notification is an event too.
        let notified = app.as_user(&p.amina).call::<ListMyEvents>((), &EventsQuery::default()).await.unwrap();
        app.as_user(&p.driss)
            .call::<CreateConnectionEndpoint>((), &CreateConnection { user_id: p.amina.user.id, message: None })
            .await.unwrap();
        let after = app.as_user(&p.amina).call::<ListMyEvents>((), &EventsQuery { since: notified.seq, wait: 0 }).await.unwrap();
        assert!(after.events.iter().any(|e| e.kind == EventKind::NotificationCreated && e.notification_id.is_some()), "{:?}", after.events);
    }

    async fn the_export_holds_your_messaging_and_a_deleted_account_leaves_its_messages(app) {
        let p = people(&app).await;
        let c = start(&app, &p.amina, &direct(&p.bilal, "Message d'Amina")).await;
        app.as_user(&p.bilal).call::<SendMessageCall>(c.id, &SendMessage::new("Réponse de Bilal")).await.unwrap();
        app.as_user(&p.amina).call::<BlockMember>((), &BlockRequest { user_id: p.driss.user.id }).await.unwrap();
        let export: madani_shared::auth::AccountExport =
            app.as_user(&p.amina).call::<ExportMe>((), &()).await.unwrap();
        let m = &export.messaging;
        assert_eq!(m.conversations.iter().map(|x| x.id).collect::<Vec<_>>(), [c.id]);
        assert_eq!(m.messages.iter().filter_map(|x| x.body.as_deref()).collect::<Vec<_>>(), ["Message d'Amina"]);
        assert_eq!(m.blocks.iter().map(|b| b.user_id).collect::<Vec<_>>(), [p.driss.user.id]);
        assert!(m.settings.accepts_messages);

        // Bilal leaves Madani: his message stays in Amina's conversation, without his name.
        app.as_user(&p.bilal)
            .call::<DeleteMe>((), &madani_shared::auth::DeleteAccountRequest { password: madani_tests::PASSWORD.into() })
            .await
            .unwrap();
        let page = app.as_user(&p.amina).call::<ListMessages>(c.id, &MessagesQuery::default()).await.unwrap();
        assert_eq!(page.messages.len(), 2);
        assert_eq!(page.messages[1].body.as_deref(), Some("Réponse de Bilal"));
        assert!(page.messages[1].author.is_none());
    }

    async fn a_long_backlog_comes_in_batches_without_losing_any(app) {
        let member = app.member("backlog@example.org").await;
        let id = member.user.id;
        app.sql(format!("DELETE FROM member_events WHERE user_id = '{id}'")).await;
        app.sql(format!("DELETE FROM member_event_heads WHERE user_id = '{id}'")).await;
        app.sql(format!(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 510) \
             INSERT INTO member_events (user_id, seq, kind, created_at) \
             SELECT '{id}', i, 'notification.created', '2999-01-01 00:00:00' FROM n"
        ))
        .await;
        app.sql(format!("INSERT INTO member_event_heads (user_id, seq) VALUES ('{id}', 510)")).await;
        let client = app.as_user(&member);
        let first = client.call::<ListMyEvents>((), &EventsQuery { since: 0, wait: 0 }).await.unwrap();
        assert_eq!((first.events.len(), first.seq, first.more), (500, 500, true));
        let rest = client.call::<ListMyEvents>((), &EventsQuery { since: first.seq, wait: 0 }).await.unwrap();
        assert_eq!((rest.events.len(), rest.seq, rest.more), (10, 510, false));
        assert_eq!(rest.events.first().map(|e| e.seq), Some(501));
    }
}
