//! Circle threads over HTTP, on both backends: the list (pins first, then the latest active), replies
//! that stay in their thread, titles and posts changed by their author (or a moderator) and locked
//! after 30 minutes or once deleted, tombstones, answers to questions, @mentions and replies that
//! notify once each, and the search inside a circle (moderation, events and limits are in
//! `circle_moderation.rs`).

use madani_shared::ErrorCode;
use madani_shared::auth::TokenResponse;
use madani_shared::circles::*;
use madani_shared::endpoints::*;
use madani_shared::ids::{CircleId, PostId, ThreadId};
use madani_shared::page::PageQuery;
use madani_tests::{TestApp, both_backends};

use crate::circles::{
    assert_invalid, cast, circle, create, join, notes, opening, post, reader, refused, start_thread, thread_ids,
};

pub(crate) async fn posts(app: &TestApp, who: Option<&TokenResponse>, thread: ThreadId) -> Vec<CirclePost> {
    reader(app, who).call::<ListPosts>(thread, &PageQuery::default()).await.expect("posts").items
}

pub(crate) fn edit(body: &str, mentions: &[&TokenResponse]) -> EditPost {
    EditPost { body: body.into(), mentions: mentions.iter().map(|t| t.user.id).collect() }
}

fn mark(post_id: Option<PostId>) -> MarkAnswer {
    MarkAnswer { post_id }
}

fn retitle(title: &str) -> ThreadChange {
    ThreadChange { title: Some(title.into()), ..Default::default() }
}

/// The circle and thread of each of `who`'s notifications of `kind`.
pub(crate) async fn told(app: &TestApp, who: &TokenResponse, kind: &str) -> Vec<(Option<CircleId>, Option<ThreadId>)> {
    notes(app, who, kind).await.iter().map(|n| (n.circle_id, n.thread_id)).collect()
}

both_backends! {
    async fn threads_list_pins_first_and_replies_stay_in_their_thread(app) {
        let c = cast(&app).await;
        let open = create(&app, &c.nadia, &circle("Jeunesse et engagement", JoinPolicy::Open)).await;
        join(&app, &c.amina, open.id).await;
        join(&app, &c.bilal, open.id).await;
        let (amina, bilal) = (app.as_user(&c.amina), app.as_user(&c.bilal));
        let started = amina.call::<StartThread>(open.id, &opening("Premier fil", "Bonjour à **tous**")).await.unwrap();
        assert_eq!((started.standing, started.thread.reply_count), (Some(CircleStanding::Member), 0));
        let first = started.thread;
        let second = start_thread(&app, &c.bilal, open.id, &opening("Deuxième fil", "Un autre sujet")).await;
        let third = start_thread(&app, &c.bilal, open.id, &opening("Troisième fil", "Encore un sujet")).await;
        assert_eq!(thread_ids(&app, None, open.id, None).await, [third.id, second.id, first.id]);

        // A reply answers a post of its own thread only, counts, and brings its thread up.
        let reply = bilal.call::<ReplyCall>(first.id, &post("Bienvenue")).await.unwrap();
        assert_eq!((reply.thread_id, reply.opening, reply.reply_to), (first.id, false, None));
        let elsewhere = posts(&app, None, second.id).await[0].id;
        let stray = NewPost { reply_to: Some(elsewhere), ..post("Mauvais fil") };
        assert_invalid(amina.call::<ReplyCall>(first.id, &stray).await, "reply_to", "unknown");
        let answer = NewPost { reply_to: Some(reply.id), ..post("Merci Bilal") };
        assert_eq!(amina.call::<ReplyCall>(first.id, &answer).await.unwrap().reply_to, Some(reply.id));
        let view = app.client.call::<GetThread>(first.id, &()).await.unwrap();
        assert_eq!((view.thread.reply_count, view.standing), (2, None));
        assert!(view.thread.last_post_at > first.last_post_at);
        let listed = posts(&app, None, first.id).await;
        let bodies: Vec<_> = listed.iter().map(|p| (p.opening, p.body.as_deref())).collect();
        let expected = [(true, Some("Bonjour à **tous**")), (false, Some("Bienvenue")), (false, Some("Merci Bilal"))];
        assert_eq!(bodies, expected);
        assert_eq!(listed[0].html.as_deref(), Some("<p>Bonjour à <strong>tous</strong></p>\n"));
        assert_eq!(thread_ids(&app, None, open.id, None).await, [first.id, third.id, second.id]);
        let card = app.client.call::<GetCircle>(open.id, &()).await.unwrap();
        assert_eq!(card.thread_count, 3);
        assert!(card.last_activity_at >= view.thread.last_post_at);

        // Moderators pin, and a pinned thread comes first.
        let pin = ThreadChange { pinned: Some(true), ..Default::default() };
        assert_eq!(refused(amina.call::<UpdateThread>(second.id, &pin).await), (403, ErrorCode::NotCircleModerator));
        assert!(app.as_user(&c.nadia).call::<UpdateThread>(second.id, &pin).await.unwrap().thread.pinned);
        assert_eq!(thread_ids(&app, None, open.id, None).await, [second.id, first.id, third.id]);

        // A title changes by its author or a moderator, no one else.
        let hijacked = bilal.call::<UpdateThread>(first.id, &retitle("Détourné")).await;
        assert_eq!(refused(hijacked), (403, ErrorCode::NotAuthor));
        let renamed = amina.call::<UpdateThread>(first.id, &retitle("Premier fil, corrigé")).await.unwrap();
        assert_eq!(renamed.thread.title, "Premier fil, corrigé");
        let renamed = app.as_user(&c.nadia).call::<UpdateThread>(first.id, &retitle("Premier fil (modéré)")).await;
        assert_eq!(renamed.unwrap().thread.title, "Premier fil (modéré)");

        // Outsiders read an open circle but write nothing in it.
        let driss = app.as_user(&c.driss);
        let not_member = (403, ErrorCode::NotCircleMember);
        assert_eq!(refused(driss.call::<StartThread>(open.id, &opening("Intrus", "Bonjour")).await), not_member);
        assert_eq!(refused(driss.call::<ReplyCall>(first.id, &post("Bonjour")).await), not_member);
        assert_eq!(refused(app.client.call::<ReplyCall>(first.id, &post("Bonjour")).await).0, 401);
        assert_eq!(app.client.call::<GetThread>(first.id, &()).await.unwrap().thread.reply_count, 2);
    }

    async fn posts_change_for_their_author_and_leave_tombstones(app) {
        let c = cast(&app).await;
        let open = create(&app, &c.nadia, &circle("Culture", JoinPolicy::Open)).await;
        for who in [&c.amina, &c.bilal, &c.chafia] {
            join(&app, who, open.id).await;
        }
        let t = start_thread(&app, &c.amina, open.id, &opening("Festival", "Qui vient ?")).await;
        let bilal = app.as_user(&c.bilal);
        let mine = bilal.call::<ReplyCall>(t.id, &post("Moi")).await.unwrap();

        // Only its author changes it: not another member, the thread's author or a moderator.
        for who in [&c.chafia, &c.amina, &c.nadia] {
            let changed = app.as_user(who).call::<UpdatePost>(mine.id, &edit("Pas moi", &[])).await;
            assert_eq!(refused(changed), (403, ErrorCode::NotAuthor));
        }
        let edited = bilal.call::<UpdatePost>(mine.id, &edit("Moi *aussi*", &[])).await.unwrap();
        assert!(edited.edited_at.is_some());
        assert_eq!(edited.html.as_deref(), Some("<p>Moi <em>aussi</em></p>\n"));

        // Its author or a moderator deletes it, not the thread's author; a tombstone stays.
        for who in [&c.amina, &c.chafia] {
            assert_eq!(refused(app.as_user(who).call::<DeletePost>(mine.id, &()).await), (403, ErrorCode::NotAuthor));
        }
        let gone = bilal.call::<DeletePost>(mine.id, &()).await.unwrap();
        assert!(gone.deleted && gone.body.is_none() && gone.html.is_none());
        assert_eq!(bilal.call::<DeletePost>(mine.id, &()).await.unwrap(), gone, "deleting again changes nothing");
        let locked = (409, ErrorCode::PostLocked);
        assert_eq!(refused(bilal.call::<UpdatePost>(mine.id, &edit("Revenir", &[])).await), locked);
        let listed = posts(&app, None, t.id).await;
        assert_eq!(listed.len(), 2);
        assert!(listed[1].id == mine.id && listed[1].deleted && listed[1].body.is_none() && listed[1].html.is_none());
        let other = app.as_user(&c.chafia).call::<ReplyCall>(t.id, &post("Hors sujet")).await.unwrap();
        assert!(app.as_user(&c.nadia).call::<DeletePost>(other.id, &()).await.unwrap().deleted);

        // Past 30 minutes a post, and its thread's title, are locked for their authors, not for moderators.
        let late = bilal.call::<ReplyCall>(t.id, &post("Plus tard")).await.unwrap();
        let long_ago = "created_at = '2020-01-01 00:00:00'";
        app.sql(format!("UPDATE circle_posts SET {long_ago} WHERE thread_id = '{}'", t.id)).await;
        app.sql(format!("UPDATE circle_threads SET {long_ago} WHERE id = '{}'", t.id)).await;
        assert_eq!(refused(bilal.call::<UpdatePost>(late.id, &edit("Corrigé", &[])).await), locked);
        let amina = app.as_user(&c.amina);
        assert_eq!(refused(amina.call::<UpdateThread>(t.id, &retitle("Festival d'été")).await), locked);
        let renamed = app.as_user(&c.nadia).call::<UpdateThread>(t.id, &retitle("Festival d'été")).await.unwrap();
        assert_eq!(renamed.thread.title, "Festival d'été");
        assert!(bilal.call::<DeletePost>(late.id, &()).await.unwrap().deleted, "deleting has no time limit");
    }

    async fn a_question_takes_one_of_its_replies_as_answer(app) {
        let c = cast(&app).await;
        let open = create(&app, &c.nadia, &circle("Financements", JoinPolicy::Open)).await;
        for who in [&c.amina, &c.bilal, &c.chafia] {
            join(&app, who, open.id).await;
        }
        let ask = NewThread { kind: ThreadKind::Question, ..opening("Quel bailleur ?", "Pour un atelier de lecture") };
        let q = start_thread(&app, &c.amina, open.id, &ask).await;
        let (amina, bilal, chafia) = (app.as_user(&c.amina), app.as_user(&c.bilal), app.as_user(&c.chafia));
        let b = bilal.call::<ReplyCall>(q.id, &post("Le FDAS")).await.unwrap();
        let ch = chafia.call::<ReplyCall>(q.id, &post("La wilaya")).await.unwrap();

        // Only the asker or a moderator marks the answer.
        let by_chafia = chafia.call::<MarkThreadAnswer>(q.id, &mark(Some(ch.id))).await;
        assert_eq!(refused(by_chafia), (403, ErrorCode::NotAuthor));
        // Neither the opening post nor another thread's reply is an answer.
        let first = posts(&app, None, q.id).await[0].id;
        assert_invalid(amina.call::<MarkThreadAnswer>(q.id, &mark(Some(first))).await, "post_id", "unknown");
        let d = start_thread(&app, &c.bilal, open.id, &opening("Discussion", "Sujet libre")).await;
        let other = chafia.call::<ReplyCall>(d.id, &post("Ailleurs")).await.unwrap();
        assert_invalid(amina.call::<MarkThreadAnswer>(q.id, &mark(Some(other.id))).await, "post_id", "unknown");
        // A discussion has no answer.
        let not_question = bilal.call::<MarkThreadAnswer>(d.id, &mark(Some(other.id))).await;
        assert_eq!(refused(not_question), (409, ErrorCode::NotAQuestion));

        // Amina marks Bilal's reply: he is told, and the post says so.
        let marked = amina.call::<MarkThreadAnswer>(q.id, &mark(Some(b.id))).await.unwrap();
        assert_eq!(marked.thread.answer_post_id, Some(b.id));
        assert_eq!(told(&app, &c.bilal, "circle.answer_marked").await, [(Some(open.id), Some(q.id))]);
        assert!(posts(&app, None, q.id).await.iter().any(|p| p.id == b.id && p.is_answer));
        // Null unmarks; a moderator marks Chafia's.
        assert_eq!(amina.call::<MarkThreadAnswer>(q.id, &mark(None)).await.unwrap().thread.answer_post_id, None);
        let nadia = app.as_user(&c.nadia);
        let by_moderator = nadia.call::<MarkThreadAnswer>(q.id, &mark(Some(ch.id))).await.unwrap();
        assert_eq!(by_moderator.thread.answer_post_id, Some(ch.id));
        assert_eq!(notes(&app, &c.chafia, "circle.answer_marked").await.len(), 1);

        // Deleting the answer unmarks it; a deleted post cannot be marked.
        chafia.call::<DeletePost>(ch.id, &()).await.unwrap();
        assert_eq!(app.client.call::<GetThread>(q.id, &()).await.unwrap().thread.answer_post_id, None);
        assert_invalid(amina.call::<MarkThreadAnswer>(q.id, &mark(Some(ch.id))).await, "post_id", "unknown");
        // Marking your own reply tells nobody.
        let own = amina.call::<ReplyCall>(q.id, &post("Finalement, la commune")).await.unwrap();
        amina.call::<MarkThreadAnswer>(q.id, &mark(Some(own.id))).await.unwrap();
        assert!(notes(&app, &c.amina, "circle.answer_marked").await.is_empty());
    }

    async fn mentions_and_replies_notify_once_each(app) {
        let c = cast(&app).await;
        let open = create(&app, &c.nadia, &circle("Santé", JoinPolicy::Open)).await;
        for who in [&c.amina, &c.bilal, &c.chafia] {
            join(&app, who, open.id).await;
        }
        let (amina, bilal, chafia) = (app.as_user(&c.amina), app.as_user(&c.bilal), app.as_user(&c.chafia));

        // Mentioning a non-member is refused and writes nothing.
        let stray = NewThread { mentions: vec![c.driss.user.id], ..opening("Campagne", "Driss s'en charge ?") };
        assert_invalid(amina.call::<StartThread>(open.id, &stray).await, "mentions", "unknown");
        assert_eq!(app.client.call::<GetCircle>(open.id, &()).await.unwrap().thread_count, 0);
        assert!(thread_ids(&app, None, open.id, None).await.is_empty());
        assert!(notes(&app, &c.driss, "circle.mentioned").await.is_empty());

        // Mentioned members are told; an author who mentions herself is not.
        let body = NewThread { mentions: vec![c.bilal.user.id, c.amina.user.id], ..opening("Campagne", "Bilal ?") };
        let t = start_thread(&app, &c.amina, open.id, &body).await;
        assert_eq!(told(&app, &c.bilal, "circle.mentioned").await, [(Some(open.id), Some(t.id))]);
        assert!(notes(&app, &c.amina, "circle.mentioned").await.is_empty());

        // Chafia replies mentioning Bilal: Amina (the thread's author) is told of the reply.
        let bilal_name = &c.bilal.user.display_name;
        let text = format!("@{bilal_name}, tu confirmes ? (écris à bilal@{bilal_name}.dz)");
        let asking = NewPost { mentions: vec![c.bilal.user.id], ..post(&text) };
        let r1 = chafia.call::<ReplyCall>(t.id, &asking).await.unwrap();
        assert_eq!(r1.mentions.iter().map(|m| m.user_id).collect::<Vec<_>>(), [c.bilal.user.id]);
        // The text marks the member it names, and only where it names them.
        let html = r1.html.clone().unwrap_or_default();
        assert_eq!(html.matches(&format!(r#"<span class="mention">@{bilal_name}</span>, tu confirmes"#)).count(), 1, "{html}");
        assert_eq!(html.matches("class=\"mention\"").count(), 1, "{html}");
        let replied: Vec<_> = notes(&app, &c.amina, "circle.replied").await.iter().map(|n| n.thread_id).collect();
        assert_eq!(replied, [Some(t.id)]);
        assert_eq!(notes(&app, &c.bilal, "circle.mentioned").await.len(), 2);
        // Bilal answers Chafia mentioning her: she gets the mention only; he is not told of his own reply.
        let confirm = NewPost { reply_to: Some(r1.id), mentions: vec![c.chafia.user.id], ..post("Oui, Chafia") };
        bilal.call::<ReplyCall>(t.id, &confirm).await.unwrap();
        assert_eq!(notes(&app, &c.chafia, "circle.mentioned").await.len(), 1);
        assert!(notes(&app, &c.chafia, "circle.replied").await.is_empty());
        assert!(notes(&app, &c.bilal, "circle.replied").await.is_empty());
        assert_eq!(notes(&app, &c.amina, "circle.replied").await.len(), 2);
        // Amina answers Chafia in her own thread: Chafia is told, Amina is not.
        amina.call::<ReplyCall>(t.id, &NewPost { reply_to: Some(r1.id), ..post("Merci") }).await.unwrap();
        assert_eq!(notes(&app, &c.chafia, "circle.replied").await.len(), 1);
        assert_eq!(notes(&app, &c.amina, "circle.replied").await.len(), 2);
        // A reply to the thread's opening post tells its author once.
        let first = posts(&app, None, t.id).await[0].id;
        bilal.call::<ReplyCall>(t.id, &NewPost { reply_to: Some(first), ..post("Je m'inscris") }).await.unwrap();
        assert_eq!(notes(&app, &c.amina, "circle.replied").await.len(), 3);

        // An edit tells the members newly mentioned, once.
        let both = [&c.bilal, &c.nadia];
        let changed = chafia.call::<UpdatePost>(r1.id, &edit("Bilal et Nadia, vous confirmez ?", &both)).await;
        assert_eq!(changed.unwrap().mentions.len(), 2);
        assert_eq!(notes(&app, &c.nadia, "circle.mentioned").await.len(), 1);
        assert_eq!(notes(&app, &c.bilal, "circle.mentioned").await.len(), 2, "Bilal was mentioned already");
        chafia.call::<UpdatePost>(r1.id, &edit("Bilal et Nadia, vous confirmez ?!", &both)).await.unwrap();
        assert_eq!(notes(&app, &c.nadia, "circle.mentioned").await.len(), 1);
        assert_invalid(chafia.call::<UpdatePost>(r1.id, &edit("Et Driss ?", &[&c.driss])).await, "mentions", "unknown");
    }

    async fn the_search_inside_a_circle_folds_accents_and_matches_prefixes(app) {
        let c = cast(&app).await;
        let open = create(&app, &c.nadia, &circle("Vie associative", JoinPolicy::Open)).await;
        join(&app, &c.amina, open.id).await;
        join(&app, &c.bilal, open.id).await;
        let meeting = opening("Réunion à Béjaïa", "Ordre du jour en pièce jointe");
        let meeting = start_thread(&app, &c.amina, open.id, &meeting).await;
        let budget = opening("Budget annuel", "Les comptes de la Jeunesse sportive");
        let budget = start_thread(&app, &c.bilal, open.id, &budget).await;
        let elsewhere = create(&app, &c.nadia, &circle("Autre cercle", JoinPolicy::Open)).await;
        start_thread(&app, &c.nadia, elsewhere.id, &opening("Réunion à Oran", "Ailleurs")).await;

        // Titles and posts, by the start of folded words, every word matching, in this circle only.
        for (q, found) in [
            ("bejaia", vec![meeting.id]),
            ("reun", vec![meeting.id]),
            ("RÉUNION béj", vec![meeting.id]),
            ("ordre", vec![meeting.id]),
            ("jeun", vec![budget.id]),
            ("bud", vec![budget.id]),
            ("oran", vec![]),
            ("reunion budget", vec![]),
            ("union", vec![]),
        ] {
            assert_eq!(thread_ids(&app, None, open.id, Some(q)).await, found, "q={q}");
        }

        // A reply counts while it lives; a new title counts at once.
        let bilal = app.as_user(&c.bilal);
        let reply = bilal.call::<ReplyCall>(meeting.id, &post("Rendez-vous ensuite à Oran")).await.unwrap();
        assert_eq!(thread_ids(&app, None, open.id, Some("oran")).await, [meeting.id]);
        // A reply adds its new words to those the thread has (its known ones stay once).
        bilal.call::<ReplyCall>(meeting.id, &post("Réunion du budget, ordre du jour")).await.unwrap();
        assert_eq!(thread_ids(&app, None, open.id, Some("reunion budget")).await, [meeting.id]);
        let terms = app.sql_count(&format!("SELECT COUNT(*) AS n FROM circle_terms WHERE thread_id = '{}' AND term = 'ordre'", meeting.id));
        assert_eq!(terms, 1);
        bilal.call::<DeletePost>(reply.id, &()).await.unwrap();
        assert!(thread_ids(&app, None, open.id, Some("oran")).await.is_empty());
        app.as_user(&c.nadia).call::<UpdateThread>(budget.id, &retitle("Budget de la section Oran")).await.unwrap();
        assert_eq!(thread_ids(&app, None, open.id, Some("oran")).await, [budget.id]);

        // Outsiders of a request circle search nothing in it.
        let r = create(&app, &c.nadia, &circle("Bureau", JoinPolicy::Request)).await;
        let query = ThreadsQuery { q: Some("reun".into()), ..Default::default() };
        let denied = refused(app.as_user(&c.amina).call::<ListThreads>(r.id, &query).await);
        assert_eq!(denied, (403, ErrorCode::NotCircleMember));
    }
}
