//! Officers enrolling their association's members in a course, on both backends: only owners and
//! admins, only their own active members, all or none within the course's capacity, each learner
//! notified, the officer recorded and audited.

use madani_shared::associations::*;
use madani_shared::auth::{TokenResponse, UpdateUserRequest};
use madani_shared::courses::*;
use madani_shared::endpoints::*;
use madani_shared::ids::{CourseId, UserId};
use madani_shared::page::PageQuery;
use madani_tests::{AssociationBuilder, CourseBuilder, TestApp, both_backends, futures_join, problem};

fn enrol(association: &Association, users: &[&TokenResponse]) -> EnrolMembers {
    EnrolMembers { association_id: association.id, user_ids: users.iter().map(|u| u.user.id).collect() }
}

async fn learners(app: &TestApp, trainer: &TokenResponse, course: CourseId) -> Vec<Learner> {
    app.as_user(trainer).call::<ListLearners>(course, &PageQuery::default()).await.unwrap().items
}

both_backends! {
    async fn officers_enrol_their_own_active_members_all_or_none(app) {
        let staff = app.admin("staff@example.org").await;
        let owner_a = app.member("owner-a@example.org").await;
        let owner_b = app.member("owner-b@example.org").await;
        let alice = app.member("alice@example.org").await;
        let bob = app.member("bob@example.org").await;
        let carol = app.member("carol@example.org").await;
        let dave = app.member("dave@example.org").await;
        let a = AssociationBuilder::new(&owner_a).name_fr("Association A").members(&[&alice, &bob, &carol]).expect_build(&app).await;
        let b = AssociationBuilder::new(&owner_b).name_fr("Association B").members(&[&dave]).expect_build(&app).await;
        let id = CourseBuilder::new(&staff).title("Gestion de projet").capacity(2).published().expect_build(&app).await.id();
        let as_owner_a = app.as_user(&owner_a);

        // A plain member does not enrol others, even fellow members.
        let p = problem(app.as_user(&alice).call::<EnrolMembersEndpoint>(id, &enrol(&a, &[&bob])).await);
        assert_eq!(p.status, 403);
        // The officer of A is nobody in B: B's members are not theirs to enrol, through B or through A.
        let p = problem(as_owner_a.call::<EnrolMembersEndpoint>(id, &enrol(&b, &[&dave])).await);
        assert_eq!(p.status, 403);
        let p = problem(as_owner_a.call::<EnrolMembersEndpoint>(id, &enrol(&a, &[&alice, &dave])).await);
        assert_eq!((p.status, p.field("user_ids[1]").map(|e| e.code.as_str())), (422, Some("not_member")));
        assert!(p.field("user_ids[0]").is_none(), "alice is a member: {p:?}");
        // An account that is not a member of anything, and one that does not exist.
        let stranger = app.member("stranger@example.org").await;
        let mut unknown = enrol(&a, &[&stranger]);
        unknown.user_ids.push(UserId("01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e7a".parse().unwrap()));
        let p = problem(as_owner_a.call::<EnrolMembersEndpoint>(id, &unknown).await);
        let fields: Vec<(&str, &str)> = p.errors.iter().map(|e| (e.field.as_str(), e.code.as_str())).collect();
        assert_eq!(fields, [("user_ids[0]", "not_member"), ("user_ids[1]", "not_member")]);
        let p = problem(as_owner_a.call::<EnrolMembersEndpoint>(id, &enrol(&a, &[])).await);
        assert_eq!((p.status, p.field("user_ids").map(|e| e.code.as_str())), (422, Some("length")));
        // More members than places: nobody is enrolled.
        let p = problem(as_owner_a.call::<EnrolMembersEndpoint>(id, &enrol(&a, &[&alice, &bob, &carol])).await);
        assert_eq!(p.status, 409, "{p:?}");
        // Nothing half-written by any of these.
        assert!(learners(&app, &staff, id).await.is_empty());
        for who in [&alice, &bob, &carol, &dave] {
            assert!(app.as_user(who).call::<ListMyCourses>((), &()).await.unwrap().is_empty());
            let notes = app.as_user(who).call::<ListMyNotifications>((), &()).await.unwrap();
            assert!(notes.iter().all(|n| n.kind != "course.enrolled"), "{notes:?}");
        }

        // Alice enrolled herself; the officer enrols her and Bob (named twice): she is reported, he
        // takes the last place.
        app.as_user(&alice).call::<Enrol>(id, &()).await.unwrap();
        let outcome = as_owner_a.call::<EnrolMembersEndpoint>(id, &enrol(&a, &[&alice, &bob, &bob])).await.unwrap();
        assert_eq!(outcome, EnrolmentOutcome { enrolled: vec![bob.user.id], already_enrolled: vec![alice.user.id], learner_count: 2 });
        let list = learners(&app, &staff, id).await;
        let by = |u: &TokenResponse| list.iter().find(|l| l.user_id == u.user.id).map(|l| (l.enrolled_by, l.association_id));
        assert_eq!(by(&bob), Some((Some(owner_a.user.id), Some(a.id))));
        assert_eq!(by(&alice), Some((None, None)), "she enrolled herself");
        // Bob learns of it, with the course and the association to follow; he is a learner now.
        let notes = app.as_user(&bob).call::<ListMyNotifications>((), &()).await.unwrap();
        let note = notes.iter().find(|n| n.kind == "course.enrolled").expect("notified");
        assert_eq!((note.course_id, note.association_id), (Some(id), Some(a.id)));
        assert_eq!(app.as_user(&bob).call::<ListMyCourses>((), &()).await.unwrap().len(), 1);
        assert!(app.as_user(&alice).call::<ListMyNotifications>((), &()).await.unwrap().iter().all(|n| n.kind != "course.enrolled"));
        // The course is full now.
        assert_eq!(problem(as_owner_a.call::<EnrolMembersEndpoint>(id, &enrol(&a, &[&carol])).await).status, 409);
        // Staff read who did it in the audit log.
        let log = app.as_user(&staff).call::<ListAuditLog>((), &PageQuery::default()).await.unwrap();
        let entry = log.items.iter().find(|e| e.action == "course.members_enrolled").expect("audited");
        assert_eq!((entry.actor_id, entry.target_id.as_str()), (Some(owner_a.user.id), id.to_string().as_str()));
        assert!(entry.reason.as_deref().is_some_and(|r| r.contains("1 member") && r.contains("Association A")), "{entry:?}");

        // An admin of the association may too; a disabled account is not an active member.
        let other = CourseBuilder::new(&staff).title("Comptabilité").published().expect_build(&app).await.course;
        as_owner_a.call::<UpdateMemberEndpoint>((a.id, carol.user.id), &UpdateMember { role: MemberRole::Admin }).await.unwrap();
        app.as_user(&staff).call::<UpdateUser>(bob.user.id, &UpdateUserRequest { role: None, disabled: Some(true) }).await.unwrap();
        let p = problem(app.as_user(&carol).call::<EnrolMembersEndpoint>(other.summary.id, &enrol(&a, &[&carol, &bob])).await);
        assert_eq!(p.field("user_ids[1]").map(|e| e.code.as_str()), Some("not_active"));
        let outcome = app.as_user(&carol).call::<EnrolMembersEndpoint>(other.summary.id, &enrol(&a, &[&carol, &alice])).await.unwrap();
        assert_eq!((outcome.enrolled.len(), outcome.learner_count), (2, 2));

        // A draft does not exist for an officer; an archived course takes nobody.
        let draft = CourseBuilder::new(&staff).title("Brouillon").expect_build(&app).await.course;
        assert_eq!(problem(as_owner_a.call::<EnrolMembersEndpoint>(draft.summary.id, &enrol(&a, &[&alice])).await).status, 404);
        app.as_user(&staff).call::<UpdateCourseEndpoint>(other.summary.id, &UpdateCourse { status: Some(CourseStatus::Archived), ..Default::default() }).await.unwrap();
        let p = problem(app.as_user(&carol).call::<EnrolMembersEndpoint>(other.summary.id, &enrol(&a, &[&alice])).await);
        assert_eq!(p.status, 409, "carol is a learner of it, so she sees it; it takes nobody new");
    }

    async fn a_rejected_or_suspended_association_enrols_nobody(app) {
        let staff = app.admin("staff@example.org").await;
        let owner = app.member("owner@example.org").await;
        let alice = app.member("alice@example.org").await;
        let id = CourseBuilder::new(&staff).title("Gestion de projet").published().expect_build(&app).await.id();
        let suspended = AssociationBuilder::new(&owner).name_fr("Suspendue").members(&[&alice]).suspended_by(&staff, "Inactive depuis 2023").expect_build(&app).await;
        let rejected = AssociationBuilder::new(&owner).name_fr("Refusée").members(&[&alice]).rejected_by(&staff, "Statuts manquants").expect_build(&app).await;
        for a in [&suspended, &rejected] {
            let p = problem(app.as_user(&owner).call::<EnrolMembersEndpoint>(id, &enrol(a, &[&alice])).await);
            assert_eq!(p.status, 409, "{}: {p:?}", a.id);
        }
        assert!(learners(&app, &staff, id).await.is_empty());
        assert!(app.as_user(&alice).call::<ListMyNotifications>((), &()).await.unwrap().iter().all(|n| n.kind != "course.enrolled"));
    }

    async fn four_officers_racing_for_the_last_place_enrol_exactly_one(app) {
        let staff = app.admin("staff@example.org").await;
        let mut officers = Vec::new();
        let mut members = Vec::new();
        let mut associations = Vec::new();
        for i in 0..4 {
            let officer = app.member(&format!("officer{i}@example.org")).await;
            let member = app.member(&format!("member{i}@example.org")).await;
            associations.push(AssociationBuilder::new(&officer).name_fr(&format!("Association {i}")).members(&[&member]).expect_build(&app).await);
            officers.push(officer);
            members.push(member);
        }
        let id = CourseBuilder::new(&staff).title("Plaidoyer").capacity(1).published().expect_build(&app).await.id();
        let calls: Vec<_> = (0..4)
            .map(|i| (app.as_user(&officers[i]), enrol(&associations[i], &[&members[i]])))
            .collect();
        let calls = std::sync::Arc::new(std::sync::Mutex::new(calls));
        let results = futures_join(4, || {
            let (client, body) = calls.lock().unwrap().pop().unwrap();
            async move { client.call::<EnrolMembersEndpoint>(id, &body).await }
        })
        .await;
        assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1, "{results:?}");
        assert!(results.into_iter().filter_map(Result::err).all(|e| e.problem().is_some_and(|p| p.status == 409)));
        assert_eq!(app.as_user(&staff).call::<ListLearners>(id, &PageQuery::default()).await.unwrap().items.len(), 1);
    }
}
