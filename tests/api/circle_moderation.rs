//! Circle threads over HTTP, on both backends, continued: reports and moderation, the
//! `circle.updated` events, direct messages between members who share a circle, and the rate
//! limits on threads and replies.

use madani_shared::ErrorCode;
use madani_shared::auth::TokenResponse;
use madani_shared::circles::*;
use madani_shared::consultations::{CreateReport, ModerationAction, ReportReason};
use madani_shared::endpoints::*;
use madani_shared::ids::{CircleId, PostId, ThreadId};
use madani_shared::messaging::{ConversationKind, EventKind, EventsQuery};
use madani_tests::{TestApp, both_backends};

use crate::circle_threads::{edit, posts, told};
use crate::circles::{NOT_FOUND, cast, circle, create, join, notes, opening, post, refused, start_thread};
use crate::messaging::{direct, start};

/// The number of `who`'s latest event.
async fn head(app: &TestApp, who: &TokenResponse) -> i64 {
    app.as_user(who).call::<ListMyEvents>((), &EventsQuery::default()).await.expect("events").seq
}

/// Whether post `id` of `list` is hidden, and its text as the list shows it.
fn body_of(list: &[CirclePost], id: PostId) -> Option<(bool, Option<String>)> {
    list.iter().find(|p| p.id == id).map(|p| (p.hidden, p.body.clone()))
}

fn decide(post_id: PostId, action: ModerationAction, reason: &str) -> CircleModerationDecision {
    CircleModerationDecision { post_id, action, reason: reason.into() }
}

/// The `circle.updated` events `who` received after `since`.
async fn updates(app: &TestApp, who: &TokenResponse, since: i64) -> Vec<(Option<CircleId>, Option<ThreadId>)> {
    let batch = app.as_user(who).call::<ListMyEvents>((), &EventsQuery { since, wait: 0 }).await.expect("events");
    let circle_events = batch.events.into_iter().filter(|e| e.kind == EventKind::CircleUpdated);
    circle_events.map(|e| (e.circle_id, e.thread_id)).collect()
}

both_backends! {
    async fn reports_hide_and_moderators_decide(app) {
        let c = cast(&app).await;
        let open = create(&app, &c.nadia, &circle("Environnement", JoinPolicy::Open)).await;
        for who in [&c.amina, &c.bilal, &c.chafia] {
            join(&app, who, open.id).await;
        }
        let t = start_thread(&app, &c.amina, open.id, &opening("Nettoyage de plage", "Samedi matin")).await;
        let spam = app.as_user(&c.bilal).call::<ReplyCall>(t.id, &post("Achetez mes lunettes")).await.unwrap();
        let report = CreateReport { reason: ReportReason::Spam, details: None };

        // Not your own post; once each; the third report hides it.
        let own = app.as_user(&c.bilal).call::<ReportPost>(spam.id, &report).await;
        assert_eq!(refused(own), (409, ErrorCode::Conflict));
        app.as_user(&c.amina).call::<ReportPost>(spam.id, &report).await.unwrap();
        let twice = app.as_user(&c.amina).call::<ReportPost>(spam.id, &report).await;
        assert_eq!(refused(twice), (409, ErrorCode::AlreadyReported));
        app.as_user(&c.chafia).call::<ReportPost>(spam.id, &report).await.unwrap();
        let seen = posts(&app, Some(&c.amina), t.id).await;
        assert!(seen.iter().any(|p| p.id == spam.id && p.reported && !p.hidden), "two reports hide nothing");
        app.as_user(&c.driss).call::<ReportPost>(spam.id, &report).await.unwrap();
        assert_eq!(body_of(&posts(&app, Some(&c.amina), t.id).await, spam.id), Some((true, None)));
        assert_eq!(body_of(&posts(&app, None, t.id).await, spam.id), Some((true, None)));
        let text = Some("Achetez mes lunettes".to_owned());
        assert_eq!(body_of(&posts(&app, Some(&c.nadia), t.id).await, spam.id), Some((true, text.clone())));
        assert_eq!(body_of(&posts(&app, Some(&c.admin), t.id).await, spam.id), Some((true, text.clone())));
        assert_eq!(told(&app, &c.nadia, "circle.post_hidden_by_reports").await, [(Some(open.id), Some(t.id))]);

        // The queue is for moderators and administrators.
        let pending = CircleModerationQuery::default();
        let denied = refused(app.as_user(&c.amina).call::<CircleModerationQueue>(open.id, &pending).await);
        assert_eq!(denied, (403, ErrorCode::NotCircleModerator));
        let nadia = app.as_user(&c.nadia);
        let queue = nadia.call::<CircleModerationQueue>(open.id, &pending).await.unwrap().items;
        assert_eq!(queue.len(), 1);
        let item = &queue[0];
        assert_eq!((item.post_id, item.thread_id, item.pending_reports, item.hidden), (spam.id, t.id, 3, true));
        assert_eq!((item.reports.len(), item.hidden_reason.as_deref()), (3, None));
        let for_admin = app.as_user(&c.admin).call::<CircleModerationQueue>(open.id, &pending).await.unwrap();
        assert_eq!(for_admin.items.len(), 1);

        // Restored: shown again, and its author told.
        let restore = decide(spam.id, ModerationAction::Restore, "Relu : acceptable");
        let denied = refused(app.as_user(&c.amina).call::<DecideCircleModeration>(open.id, &restore).await);
        assert_eq!(denied, (403, ErrorCode::NotCircleModerator));
        assert!(!nadia.call::<DecideCircleModeration>(open.id, &restore).await.unwrap().hidden);
        assert_eq!(body_of(&posts(&app, None, t.id).await, spam.id), Some((false, text)));
        assert_eq!(notes(&app, &c.bilal, "moderation.post_restored").await.len(), 1);

        // Hidden with a reason: members no longer read it, moderators do; its author is told why
        // and can no longer change it.
        let rude = app.as_user(&c.chafia).call::<ReplyCall>(t.id, &post("Propos blessants")).await.unwrap();
        let hide = decide(rude.id, ModerationAction::Hide, "Propos injurieux");
        let hidden = nadia.call::<DecideCircleModeration>(open.id, &hide).await.unwrap();
        assert_eq!((hidden.hidden, hidden.hidden_reason.as_deref()), (true, Some("Propos injurieux")));
        assert_eq!(body_of(&posts(&app, Some(&c.bilal), t.id).await, rude.id), Some((true, None)));
        let shown = Some((true, Some("Propos blessants".to_owned())));
        assert_eq!(body_of(&posts(&app, Some(&c.nadia), t.id).await, rude.id), shown);
        let why = notes(&app, &c.chafia, "moderation.post_hidden").await;
        let why: Vec<_> = why.into_iter().map(|n| (n.reason, n.circle_id)).collect();
        assert_eq!(why, [(Some("Propos injurieux".to_owned()), Some(open.id))]);
        let locked = app.as_user(&c.chafia).call::<UpdatePost>(rude.id, &edit("Pardon", &[])).await;
        assert_eq!(refused(locked), (409, ErrorCode::PostLocked));
        // Only a circle's moderators decide in it, and only about its own posts.
        let other = create(&app, &c.admin, &circle("Autre cercle", JoinPolicy::Open)).await;
        let denied = refused(nadia.call::<DecideCircleModeration>(other.id, &hide).await);
        assert_eq!(denied, (403, ErrorCode::NotCircleModerator));
        let foreign = refused(app.as_user(&c.admin).call::<DecideCircleModeration>(other.id, &hide).await);
        assert_eq!(foreign, NOT_FOUND);
    }

    async fn members_hear_of_their_circles_threads(app) {
        let c = cast(&app).await;
        let open = create(&app, &c.nadia, &circle("Numérique", JoinPolicy::Open)).await;
        join(&app, &c.amina, open.id).await;
        join(&app, &c.bilal, open.id).await;
        let (amina_seq, bilal_seq) = (head(&app, &c.amina).await, head(&app, &c.bilal).await);
        let (nadia_seq, driss_seq) = (head(&app, &c.nadia).await, head(&app, &c.driss).await);

        // A new thread reaches the other members with its circle and thread, not its author nor outsiders.
        let t = start_thread(&app, &c.amina, open.id, &opening("Atelier", "Mardi soir")).await;
        assert_eq!(updates(&app, &c.bilal, bilal_seq).await, [(Some(open.id), Some(t.id))]);
        assert_eq!(updates(&app, &c.nadia, nadia_seq).await, [(Some(open.id), Some(t.id))]);
        assert!(updates(&app, &c.amina, amina_seq).await.is_empty());
        assert!(updates(&app, &c.driss, driss_seq).await.is_empty());

        // A reply, its edit and its deletion: one each.
        let bilal = app.as_user(&c.bilal);
        let r = bilal.call::<ReplyCall>(t.id, &post("J'y serai")).await.unwrap();
        bilal.call::<UpdatePost>(r.id, &edit("J'y serai, promis", &[])).await.unwrap();
        bilal.call::<DeletePost>(r.id, &()).await.unwrap();
        assert_eq!(updates(&app, &c.amina, amina_seq).await, vec![(Some(open.id), Some(t.id)); 3]);
        assert_eq!(updates(&app, &c.bilal, bilal_seq).await.len(), 1, "nothing of his own posts");

        // Once he has left, Bilal hears nothing more.
        bilal.call::<RemoveCircleMember>((open.id, c.bilal.user.id), &()).await.unwrap();
        let since = head(&app, &c.bilal).await;
        start_thread(&app, &c.amina, open.id, &opening("Atelier bis", "Mercredi")).await;
        assert!(updates(&app, &c.bilal, since).await.is_empty());
    }

    async fn members_sharing_a_circle_may_write_to_each_other(app) {
        let c = cast(&app).await;
        let refusal = (403, ErrorCode::ConnectionRequired);
        let first_try = app.as_user(&c.driss).call::<StartConversationCall>((), &direct(&c.amina, "Salut")).await;
        assert_eq!(refused(first_try), refusal);

        let r = create(&app, &c.nadia, &circle("Jeunesse de Tizi Ouzou", JoinPolicy::Request)).await;
        let approve = DecideCircleRequest { approve: true };
        join(&app, &c.amina, r.id).await;
        app.as_user(&c.nadia).call::<DecideCircleRequestCall>((r.id, c.amina.user.id), &approve).await.unwrap();
        // A pending request does not count.
        join(&app, &c.driss, r.id).await;
        let pending = app.as_user(&c.driss).call::<StartConversationCall>((), &direct(&c.amina, "Salut")).await;
        assert_eq!(refused(pending), refusal);
        // Approved, he shares the circle with Amina and may write to her.
        app.as_user(&c.nadia).call::<DecideCircleRequestCall>((r.id, c.driss.user.id), &approve).await.unwrap();
        let conversation = start(&app, &c.driss, &direct(&c.amina, "Salut")).await;
        assert_eq!((conversation.kind, conversation.participants.len()), (ConversationKind::Direct, 2));
        // Bilal, in no circle with her, still needs a connection.
        let bilal = app.as_user(&c.bilal).call::<StartConversationCall>((), &direct(&c.amina, "Bonjour")).await;
        assert_eq!(refused(bilal), refusal);
    }

    async fn threads_and_replies_are_rate_limited_per_member(app) {
        let c = cast(&app).await;
        let open = create(&app, &c.nadia, &circle("Ouvert à tous", JoinPolicy::Open)).await;
        join(&app, &c.amina, open.id).await;
        let mut last = None;
        for i in 0..20 {
            last = Some(start_thread(&app, &c.amina, open.id, &opening(&format!("Sujet {i}"), "Texte")).await);
        }
        let too_many = app.as_user(&c.amina).call::<StartThread>(open.id, &opening("Un de trop", "Texte")).await;
        assert_eq!(refused(too_many), (429, ErrorCode::TooManyRequests));
        // Another member is not held back by Amina's count, and replies count apart.
        assert!(app.as_user(&c.nadia).call::<StartThread>(open.id, &opening("Le sien", "Texte")).await.is_ok());
        let thread = last.unwrap().id;
        for i in 0..30 {
            app.as_user(&c.amina).call::<ReplyCall>(thread, &post(&format!("Réponse {i}"))).await.expect("reply");
        }
        assert_eq!(refused(app.as_user(&c.amina).call::<ReplyCall>(thread, &post("Encore")).await), (429, ErrorCode::TooManyRequests));
        let listed = app.as_user(&c.amina).call::<ListThreads>(open.id, &ThreadsQuery::default()).await.unwrap();
        assert!(listed.items.iter().all(|t| t.title != "Un de trop"), "the refused thread was not written");
    }
}
