//! No query per row: the lists that once ran one query for each of their rows (the verification
//! queue, my associations, a course's learners, their CSV and figures, my courses) run as many
//! statements for a few rows as for more, on both backends. The server's connections count what
//! they run (`madani_api::db::statements_run`). Telling many people of one thing (an officer
//! enrolling members, a consultation opening) costs the same for two as for six.

use std::future::Future;

use madani_api::db::statements_run;
use madani_shared::associations::{CreateInvitation, MemberRole, VerificationQueueQuery};
use madani_shared::courses::EnrolMembers;
use madani_shared::endpoints::*;
use madani_shared::page::PageQuery;
use madani_tests::{AssociationBuilder, CourseBuilder, MemberBuilder, TestApp, both_backends};

/// The statements `request` costs the server: the fewest of three tries (the background workers
/// share the pool and only ever add to a count).
async fn statements<F, Fut>(app: &TestApp, request: F) -> u64
where
    F: Fn() -> Fut,
    Fut: Future<Output = ()>,
{
    let db = app.database_url();
    let mut fewest = u64::MAX;
    for _ in 0..3 {
        let before = statements_run(&db);
        request().await;
        fewest = fewest.min(statements_run(&db) - before);
    }
    fewest
}

/// What completing a lesson may cost, all told (see the test).
const COMPLETING_A_LESSON: u64 = 6;

async fn enrol(app: &TestApp, who: &madani_shared::auth::TokenResponse, course: madani_shared::ids::CourseId) {
    app.as_user(who).call::<Enrol>(course, &()).await.expect("enrol");
}

both_backends! {
    async fn the_registry_s_lists_cost_the_same_for_more_rows(app) {
        let staff = app.admin("staff@example.org").await;
        let owner = app.member("owner@example.org").await;
        let queue = || async {
            app.as_user(&staff).call::<VerificationQueue>((), &VerificationQueueQuery::default()).await.expect("queue");
        };
        let mine = || async {
            app.as_user(&owner).call::<ListMyAssociations>((), &()).await.expect("mine");
        };
        // A few rows, then more: the queue's associations (pending, each with a claimed number
        // and an owner), the owner's memberships.
        let mut owners = Vec::new();
        for i in 0..2 {
            owners.push(app.member(&format!("queued{i}@example.org")).await);
        }
        let invited = || async {
            app.as_user(&owner).call::<ListMyInvitations>((), &()).await.expect("invitations");
        };
        let invite = |from: &madani_shared::auth::TokenResponse, id| {
            let request = CreateInvitation { email: "owner@example.org".into(), role: MemberRole::Member, message: None };
            let as_officer = app.as_user(from);
            async move {
                as_officer.call::<CreateInvitationEndpoint>(id, &request).await.expect("invite");
            }
        };
        for o in &owners {
            let made = AssociationBuilder::new(o).expect_build(&app).await;
            invite(o, made.id).await;
        }
        AssociationBuilder::new(&owner).verified_by(&staff).expect_build(&app).await;
        let (queue_few, mine_few) = (statements(&app, queue).await, statements(&app, mine).await);
        let invited_few = statements(&app, invited).await;
        for i in 2..7 {
            let o = app.member(&format!("queued{i}@example.org")).await;
            let made = AssociationBuilder::new(&o).expect_build(&app).await;
            invite(&o, made.id).await;
        }
        for _ in 0..3 {
            AssociationBuilder::new(&owner).verified_by(&staff).expect_build(&app).await;
        }
        let (queue_more, mine_more) = (statements(&app, queue).await, statements(&app, mine).await);
        assert!(queue_few > 0 && mine_few > 0, "the server's statements are counted");
        assert_eq!(queue_more, queue_few, "the verification queue: {queue_few} statements for 3 rows, {queue_more} for 8");
        assert_eq!(mine_more, mine_few, "my associations: {mine_few} statements for 1, {mine_more} for 4");
        let invited_more = statements(&app, invited).await;
        assert_eq!(invited_more, invited_few, "my invitations: {invited_few} statements for 2, {invited_more} for 7");
    }

    async fn the_courses_lists_cost_the_same_for_more_rows(app) {
        let staff = app.admin("staff@example.org").await;
        let course = CourseBuilder::new(&staff).module("M", |m| m.text_lesson("L", true)).published().expect_build(&app).await;
        let id = course.id();
        let learners = || async {
            app.as_user(&staff).call::<ListLearners>(id, &PageQuery::default()).await.expect("learners");
        };
        let stats = || async {
            app.as_user(&staff).call::<GetCourseStats>(id, &()).await.expect("stats");
        };
        let csv = || async {
            let response = app
                .http
                .get(app.url(&format!("/api/v1/courses/{id}/learners/export")))
                .bearer_auth(&staff.access_token)
                .send()
                .await
                .expect("export");
            assert_eq!(response.status(), 200);
        };
        let learner = MemberBuilder::new("learner").expect_build(&app).await;
        let my_courses = || async {
            app.as_user(&learner).call::<ListMyCourses>((), &()).await.expect("my courses");
        };
        enrol(&app, &learner, id).await;
        let few = [
            statements(&app, learners).await,
            statements(&app, csv).await,
            statements(&app, stats).await,
            statements(&app, my_courses).await,
        ];
        for i in 0..4 {
            let other = MemberBuilder::new(&format!("other{i}")).expect_build(&app).await;
            enrol(&app, &other, id).await;
            let more = CourseBuilder::new(&staff).module("M", |m| m.text_lesson("L", true)).published().expect_build(&app).await;
            enrol(&app, &learner, more.id()).await;
        }
        let more = [
            statements(&app, learners).await,
            statements(&app, csv).await,
            statements(&app, stats).await,
            statements(&app, my_courses).await,
        ];
        assert!(few.iter().all(|n| *n > 0), "the server's statements are counted: {few:?}");

        // Completing a lesson of a course that goes on: the session with its account (one read), the
        // course with the learner's part in it (one), the outline (modules, lessons), the completion,
        // the completed lessons; no transaction (it was 15 with two transactions).
        let long = CourseBuilder::new(&staff)
            .module("M", |m| m.text_lesson("L1", true).text_lesson("L2", true).text_lesson("L3", true))
            .published()
            .expect_build(&app)
            .await;
        enrol(&app, &learner, long.id()).await;
        let lesson = long.lessons[0];
        let complete = || async {
            app.as_user(&learner).call::<CompleteLesson>((long.id(), lesson), &()).await.expect("complete");
        };
        let completing = statements(&app, complete).await;
        assert!(completing <= COMPLETING_A_LESSON, "completing a lesson: {completing} statements");
        for (i, what) in ["learners", "learners CSV", "figures", "my courses"].iter().enumerate() {
            assert_eq!(more[i], few[i], "{what}: {} statements for 1 row, {} for 5", few[i], more[i]);
        }
    }

    async fn an_officer_enrolling_more_members_runs_no_more_statements(app) {
        let staff = app.admin("staff@example.org").await;
        let owner = app.member("owner@example.org").await;
        let mut members = Vec::new();
        for i in 0..6 {
            members.push(MemberBuilder::new(&format!("member{i}")).expect_build(&app).await);
        }
        let association = AssociationBuilder::new(&owner).members(&members.iter().collect::<Vec<_>>()).expect_build(&app).await;
        // Each try in a course of its own (a second enrolment of the same people writes nothing).
        let mut courses = Vec::new();
        for _ in 0..6 {
            courses.push(CourseBuilder::new(&staff).module("M", |m| m.text_lesson("L", true)).published().expect_build(&app).await.id());
        }
        let db = app.database_url();
        let cost = |how_many: usize, course| {
            let request = EnrolMembers {
                association_id: association.id,
                user_ids: members[..how_many].iter().map(|m| m.user.id).collect(),
            };
            let db = db.clone();
            let as_owner = app.as_user(&owner);
            async move {
                let before = statements_run(&db);
                let outcome = as_owner.call::<EnrolMembersEndpoint>(course, &request).await.expect("enrol members");
                assert_eq!(outcome.enrolled.len(), how_many);
                statements_run(&db) - before
            }
        };
        // The fewest of three tries each (the background workers share the pool).
        let mut few = u64::MAX;
        let mut more = u64::MAX;
        for i in 0..3 {
            few = few.min(cost(2, courses[i]).await);
            more = more.min(cost(6, courses[3 + i]).await);
        }
        assert!(few > 0, "the server's statements are counted");
        assert_eq!(more, few, "enrolling members: {few} statements for 2, {more} for 6");
        // Each was told.
        for m in &members {
            let notes = app.as_user(m).call::<ListMyNotifications>((), &()).await.unwrap();
            assert_eq!(notes.iter().filter(|n| n.kind == "course.enrolled").count(), if members[..2].iter().any(|x| x.user.id == m.user.id) { 6 } else { 3 });
        }
    }
}
