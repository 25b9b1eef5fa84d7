//! Notifications that reach people, on both backends: who is told of what, in the app and by email
//! as their settings say; the names a notification carries; the unread count; and what a page shows
//! of the viewer's own pending request.

use madani_shared::associations::*;
use madani_shared::auth::TokenResponse;
use madani_shared::courses::{CourseStatus, CreateLesson, LessonKind, UpdateCourse};
use madani_shared::endpoints::*;
use madani_shared::network::CreateConnection;
use madani_shared::notifications::{
    EmailDelivery, NotificationSettings, NotificationSettingsChange, NotificationTopic,
};
use madani_shared::{LocalizedText, Problem};
use madani_tests::{AssociationBuilder, CourseBuilder, TestApp, both_backends, fr, problem};

async fn notifications(app: &TestApp, who: &TokenResponse) -> Vec<Notification> {
    app.as_user(who).call::<ListMyNotifications>((), &()).await.expect("notifications")
}

async fn unread(app: &TestApp, who: &TokenResponse) -> i64 {
    app.as_user(who).call::<CountUnreadNotifications>((), &()).await.expect("unread").unread
}

both_backends! {
    async fn a_join_request_reaches_the_officers_in_the_app_and_by_email(app) {
        let owner = app.member("owner@example.org").await;
        let officer = app.member("officer@example.org").await;
        let plain = app.member("plain@example.org").await;
        let asker = app.member("asker@example.org").await;
        let a = AssociationBuilder::new(&owner)
            .name_fr("Les Amis de Béjaïa")
            .members(&[&officer, &plain])
            .expect_build(&app)
            .await;
        app.as_user(&owner)
            .call::<UpdateMemberEndpoint>((a.id, officer.user.id), &UpdateMember { role: MemberRole::Admin })
            .await
            .expect("make an admin");
        let (owner_before, officer_before) = (unread(&app, &owner).await, unread(&app, &officer).await);

        let request = app
            .as_user(&asker)
            .call::<CreateJoinRequestEndpoint>(a.id, &CreateJoinRequest::default())
            .await
            .expect("ask to join");

        // Both officers are told, naming the association and the member who asks; nobody else is.
        for officer in [&owner, &officer] {
            let list = notifications(&app, officer).await;
            let n = list.iter().find(|n| n.kind == "join_request.received").expect("the officer is told");
            assert_eq!(n.association_id, Some(a.id));
            assert_eq!(n.association_name.as_ref().and_then(|t| t.fr.as_deref()), Some("Les Amis de Béjaïa"));
            assert_eq!(n.actor_name.as_deref(), Some("asker"));
            assert!(n.read_at.is_none());
        }
        assert_eq!(unread(&app, &owner).await, owner_before + 1);
        // Their home counts the requests waiting for them; a plain member's does not.
        let pending = |list: Vec<MyAssociation>| list.iter().find(|m| m.association.id == a.id).map(|m| m.pending_join_requests);
        assert_eq!(pending(app.as_user(&owner).call::<ListMyAssociations>((), &()).await.unwrap()), Some(1));
        assert_eq!(pending(app.as_user(&plain).call::<ListMyAssociations>((), &()).await.unwrap()), Some(0));
        assert_eq!(unread(&app, &officer).await, officer_before + 1);
        for other in [&plain, &asker] {
            assert!(notifications(&app, other).await.iter().all(|n| n.kind != "join_request.received"));
        }

        // And by email, in their language, with the association, the member and the link to decide.
        // (The builder's own members asked to join too: this is the email about the asker.)
        let body = app.wait_for_email("owner@example.org", "asker").await;
        assert!(body.contains("Bonjour owner"), "{body}");
        assert!(body.contains("Les Amis de Béjaïa"), "{body}");
        assert!(body.contains(&format!("/associations/{}#join-requests", a.id)), "{body}");
        assert!(body.contains("/my/notifications#settings"), "{body}");
        app.wait_for_email("officer@example.org", "asker").await;

        // Read: the count is zero again.
        app.as_user(&owner).call::<MarkNotificationsRead>((), &()).await.expect("read");
        assert_eq!(unread(&app, &owner).await, 0);

        // The asker's page shows the pending request after a reload; nobody else sees it.
        let seen = app.as_user(&asker).call::<GetAssociation>(a.id, &()).await.expect("page");
        assert_eq!(seen.viewer_join_request, Some(request.id));
        assert_eq!(seen.viewer_role, None);
        let other = app.member("other@example.org").await;
        let theirs = app.as_user(&other).call::<GetAssociation>(a.id, &()).await.expect("page");
        assert_eq!(theirs.viewer_join_request, None);
        assert_eq!(app.client.call::<GetAssociation>(a.id, &()).await.expect("public page").viewer_join_request, None);

        // Approved: the asker is told, in the app and by email, and the page shows the membership.
        app.as_user(&officer).call::<ApproveJoinRequest>((a.id, request.id), &()).await.expect("approve");
        let told = notifications(&app, &asker).await;
        assert!(told.iter().any(|n| n.kind == "join_request.approved" && n.association_id == Some(a.id)));
        app.wait_for_email("asker@example.org", "Les Amis de Béjaïa").await;
        let seen = app.as_user(&asker).call::<GetAssociation>(a.id, &()).await.expect("page");
        assert_eq!((seen.viewer_role, seen.viewer_join_request), (Some(MemberRole::Member), None));
    }

    async fn an_invitation_shows_on_the_invitees_page_only(app) {
        let owner = app.member("owner@example.org").await;
        let a = AssociationBuilder::new(&owner).name_fr("Association Tafat").expect_build(&app).await;
        let invitee = app.member("invitee@example.org").await;
        let other = app.member("other@example.org").await;
        let invitation = app
            .as_user(&owner)
            .call::<CreateInvitationEndpoint>(
                a.id,
                &CreateInvitation { email: "invitee@example.org".into(), role: MemberRole::Member, message: None },
            )
            .await
            .expect("invite");
        let seen = app.as_user(&invitee).call::<GetAssociation>(a.id, &()).await.expect("page");
        assert_eq!(seen.viewer_invitation, Some(invitation.id));
        let theirs = app.as_user(&other).call::<GetAssociation>(a.id, &()).await.expect("page");
        assert_eq!(theirs.viewer_invitation, None);
    }

    async fn settings_say_whether_notifications_are_emailed(app) {
        let quiet = app.member("quiet@example.org").await;
        let loud = app.member("loud@example.org").await;
        let asker = app.member("asker@example.org").await;
        let me = app.as_user(&quiet);
        let defaults = me.call::<GetNotificationSettings>((), &()).await.unwrap();
        assert!(defaults.email_enabled);
        assert_eq!(defaults.time_zone, "Africa/Algiers");
        let network = |s: &NotificationSettings| s.topics.iter().find(|t| t.topic == NotificationTopic::Network).copied();
        assert_eq!(network(&defaults).map(|t| t.email), Some(EmailDelivery::Immediately));
        let off = NotificationSettingsChange { email_enabled: Some(false), ..Default::default() };
        let saved = me.call::<UpdateNotificationSettings>((), &off).await.unwrap();
        assert!(!saved.email_enabled);
        assert_eq!(network(&saved), network(&defaults), "the topics stay as they were");
        assert_eq!(me.call::<GetNotificationSettings>((), &()).await.unwrap(), saved);
        // Each account has its own: the other one still gets emails.
        assert!(app.as_user(&loud).call::<GetNotificationSettings>((), &()).await.unwrap().email_enabled);
        let emails_before = app.emails_to("quiet@example.org");

        let ask = |to: &TokenResponse| CreateConnection { user_id: to.user.id, message: None };
        app.as_user(&asker).call::<CreateConnectionEndpoint>((), &ask(&quiet)).await.expect("connect");
        app.as_user(&asker).call::<CreateConnectionEndpoint>((), &ask(&loud)).await.expect("connect");
        // Jobs run in the order they were queued: once the second email is out, the first was decided.
        let body = app.wait_for_email("loud@example.org", "asker").await;
        assert!(body.contains("/my/network"), "{body}");
        assert_eq!(app.emails_to("quiet@example.org"), emails_before, "no email for an account that said never");
        let inside = notifications(&app, &quiet).await;
        let n = inside.iter().find(|n| n.kind == "connection.requested").expect("still told in the app");
        assert_eq!(n.actor_name.as_deref(), Some("asker"));

        // A value that does not exist is refused, naming it.
        let response = app
            .http
            .put(app.url("/api/v1/me/notification-settings"))
            .bearer_auth(&quiet.access_token)
            .json(&serde_json::json!({"email_enabled": true, "topics": [{"topic": "network", "in_app": true, "email": "monthly"}]}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 422);
        let p: Problem = response.json().await.unwrap();
        assert_eq!(p.code, madani_shared::ErrorCode::ValidationFailed, "{p:?}");
        assert_eq!(me.call::<GetNotificationSettings>((), &()).await.unwrap(), saved, "nothing changed");
        assert_eq!(problem(app.client.call::<GetNotificationSettings>((), &()).await).status, 401);
    }

    async fn a_completed_course_tells_the_learner_and_leads_to_the_certificate(app) {
        let staff = app.admin("staff@example.org").await;
        let learner = app.member("learner@example.org").await;
        let built = CourseBuilder::new(&staff).title("Gestion de projet").published().expect_build(&app).await;
        let id = built.id();
        let me = app.as_user(&learner);
        me.call::<Enrol>(id, &()).await.expect("enrol");
        let mut progress = None;
        for lesson in &built.lessons {
            progress = Some(me.call::<CompleteLesson>((id, *lesson), &()).await.expect("complete"));
        }
        let progress = progress.expect("lessons");
        assert!(progress.completed_at.is_some());
        let certificates = me.call::<ListMyCertificates>((), &()).await.expect("certificates");
        assert_eq!(certificates.len(), 1);
        assert_eq!(progress.certificate_id, Some(certificates[0].id));
        let course = me.call::<GetCourse>(id, &()).await.expect("course");
        assert_eq!(course.progress.and_then(|p| p.certificate_id), Some(certificates[0].id));
        let mine = me.call::<ListMyCourses>((), &()).await.expect("my courses");
        assert_eq!(mine[0].progress.certificate_id, Some(certificates[0].id));

        let told = notifications(&app, &learner).await;
        let n = told.iter().find(|n| n.kind == "certificate.issued").expect("the learner is told");
        assert_eq!(n.course_id, Some(id));
        assert_eq!(n.course_title.as_ref().and_then(|t| t.fr.as_deref()), Some("Gestion de projet"));
        let body = app.wait_for_email("learner@example.org", "Gestion de projet").await;
        assert!(body.contains("/my/certificates"), "{body}");

        // Another learner's progress carries no certificate of theirs.
        let other = app.member("other@example.org").await;
        let theirs = app.as_user(&other).call::<Enrol>(id, &()).await.expect("enrol");
        assert_eq!(theirs.certificate_id, None);
    }

    async fn publishing_names_each_quiz_without_questions(app) {
        let staff = app.admin("staff@example.org").await;
        let quiz = |title: &str| CreateLesson {
            title: fr(title),
            kind: LessonKind::Quiz,
            required: true,
            body: LocalizedText::default(),
            url: None,
            estimated_minutes: None,
        };
        let built = CourseBuilder::new(&staff)
            .module("M", |m| m.text_lesson("Lire", true).lesson(quiz("Évaluation")).lesson(quiz("Bilan")))
            .expect_build(&app)
            .await;
        let publish = UpdateCourse { status: Some(CourseStatus::Published), ..Default::default() };
        let p = problem(app.as_user(&staff).call::<UpdateCourseEndpoint>(built.id(), &publish).await);
        assert_eq!(p.status, 422);
        for lesson in &built.lessons[1..] {
            let error = p.field(&format!("lessons[{lesson}]")).unwrap_or_else(|| panic!("{lesson} named: {p:?}"));
            assert_eq!(error.code, "quiz_without_questions");
        }
        assert!(p.field(&format!("lessons[{}]", built.lessons[0])).is_none(), "a text lesson needs no questions");
        let course = app.as_user(&staff).call::<GetCourse>(built.id(), &()).await.unwrap();
        assert_eq!(course.summary.status, CourseStatus::Draft, "nothing changed");
    }

    async fn a_place_name_finds_the_associations_there(app) {
        let owner = app.member("owner@example.org").await;
        let staff = app.admin("staff@example.org").await;
        let communes = app.client.call::<ListCommunes>("06".parse().unwrap(), &()).await.expect("communes");
        let commune = communes.iter().find(|c| c.name.fr.as_deref() == Some("Amizour")).unwrap_or(&communes[0]).clone();
        let a = AssociationBuilder::new(&owner)
            .name_fr("Les semeurs de la vallée")
            .name_ar("زارعو الوادي")
            .wilaya("06")
            .commune(Some(commune.id))
            .verified_by(&staff)
            .expect_build(&app)
            .await;
        AssociationBuilder::new(&owner).name_fr("Les semeurs d'Oran").wilaya("31").verified_by(&staff).expect_build(&app).await;
        for q in ["bejaia", "Béjaïa", "بجاية", "beja"] {
            let query = ListAssociationsQuery { q: Some(q.into()), ..Default::default() };
            let page = app.client.call::<ListAssociations>((), &query).await.expect("search");
            assert_eq!(page.items.iter().map(|i| i.id).collect::<Vec<_>>(), vec![a.id], "{q}");
            assert_eq!(page.total, 1, "{q}");
        }
        let commune_fr = commune.name.fr.clone().unwrap();
        let query = ListAssociationsQuery { q: Some(commune_fr.to_lowercase()), ..Default::default() };
        let page = app.client.call::<ListAssociations>((), &query).await.expect("search");
        assert!(page.items.iter().any(|i| i.id == a.id), "the commune's name finds it");
        // The page names the commune.
        let seen = app.client.call::<GetAssociation>(a.id, &()).await.expect("page");
        assert_eq!(seen.commune_name.and_then(|n| n.fr), Some(commune_fr));
    }
}
