//! `madani seed-demo`: something to see in every area, made through the domains' own services.

use madani_shared::certificates::CertificateStatus;
use madani_shared::circles::{CircleStanding, CirclesQuery, JoinPolicy, ThreadKind, ThreadsQuery};
use madani_shared::consultations::{ConsultationPhase, ListConsultationsQuery, ProposalState};
use madani_shared::courses::{CatalogQuery, CourseStatus};
use madani_shared::endpoints::{
    CountMyUnread, GetCalendar, GetResults, ListCircles, ListConsultations, ListCourses, ListIndicators,
    ListInstitutions, ListMessages, ListMyCertificates, ListMyConversations, ListMyCourses, ListMyInstitutions,
    ListPosts, ListProjects, ListProposals, ListThreads, VerifyCertificate,
};
use madani_shared::institutions::{InstitutionKind, InstitutionRole};
use madani_shared::messaging::{ConversationKind, MessagesQuery};
use madani_shared::page::PageQuery;
use madani_shared::projects::{CalendarQuery, ListProjectsQuery};
use madani_tests::{TestApp, both_backends};

/// Run the demo seed on the app's database, signing with the app's own keys.
async fn seed_demo(app: &TestApp) -> usize {
    let vars = [
        ("DATABASE_URL", app.database_url()),
        ("MADANI_DATA_DIR", app.data_dir.display().to_string()),
        ("MADANI_BIND", "127.0.0.1:0".to_owned()),
        ("MADANI_JWT_SECRET", app.jwt_secret.clone()),
    ];
    let config =
        madani_api::config::Config::from_lookup(|k| vars.iter().find(|(name, _)| *name == k).map(|(_, v)| v.clone()))
            .expect("config");
    let keys = madani_api::startup::demo_keys(&config).expect("keys");
    tokio::task::spawn_blocking(move || {
        let mut conn = madani_api::db::establish(&config.database_url).expect("db");
        madani_api::demo::seed(&mut conn, &keys).expect("seed-demo")
    })
    .await
    .unwrap()
}

both_backends! {
    async fn the_demo_has_courses_and_amina_a_certificate_anyone_can_verify(app) {
        assert_eq!(seed_demo(&app).await, 7, "seven demo accounts");
        let catalog = app.client.call::<ListCourses>((), &CatalogQuery::default()).await.unwrap();
        assert_eq!(catalog.items.len(), 2, "two published courses; the draft is not in the catalog");
        assert!(catalog.items.iter().all(|c| c.status == CourseStatus::Published && c.lesson_count >= 3));
        assert!(catalog.items.iter().all(|c| c.title.ar.is_some() && c.title.fr.is_some()));

        let amina = app.login("amina@madani.test", "demo-amina-madani").await.unwrap();
        let mine = app.as_user(&amina).call::<ListMyCourses>((), &()).await.unwrap();
        assert_eq!(mine.len(), 1);
        assert_eq!(mine[0].progress.percent, 100);
        let certificates = app.as_user(&amina).call::<ListMyCertificates>((), &()).await.unwrap();
        assert_eq!(certificates.len(), 1);
        let verified = app.client.call::<VerifyCertificate>(certificates[0].code.parse().unwrap(), &()).await.unwrap();
        assert_eq!(verified.status, CertificateStatus::Valid);
        assert_eq!(verified.holder_name, "أمينة بن علي");

        // The observatory teaches the draft too.
        let observatory = app.login("observatoire@madani.test", "demo-observatoire-madani").await.unwrap();
        let taught = app
            .as_user(&observatory)
            .call::<ListCourses>((), &CatalogQuery { mine: Some(true), ..Default::default() })
            .await
            .unwrap();
        assert_eq!(taught.items.iter().filter(|c| c.status == CourseStatus::Draft).count(), 1);

        // Three institutions, each with its staff; the observatory runs an open consultation and
        // one whose results are published.
        let institutions = app.client.call::<ListInstitutions>((), &()).await.unwrap();
        assert_eq!(institutions.len(), 3);
        let mine = app.as_user(&observatory).call::<ListMyInstitutions>((), &()).await.unwrap();
        assert_eq!(mine.iter().map(|i| (i.kind, i.viewer_role)).collect::<Vec<_>>(), vec![(InstitutionKind::Observatory, Some(InstitutionRole::Manager))]);
        for login in [("ministere@madani.test", "demo-ministere-madani"), ("jeunesse@madani.test", "demo-jeunesse-madani")] {
            let staff = app.login(login.0, login.1).await.unwrap();
            assert_eq!(app.as_user(&staff).call::<ListMyInstitutions>((), &()).await.unwrap().len(), 1, "{}", login.0);
        }
        let open = ListConsultationsQuery { phase: Some(ConsultationPhase::Open), ..Default::default() };
        let open = app.client.call::<ListConsultations>((), &open).await.unwrap();
        assert_eq!(open.items.len(), 1);
        let proposals = app.client.call::<ListProposals>(open.items[0].id, &Default::default()).await.unwrap();
        assert_eq!(proposals.items.len(), 2);
        let answered = proposals.items.iter().find_map(|p| p.custom_state.clone()).expect("one answered with the observatory's state");
        assert_eq!((answered.key.as_str(), answered.state), ("referred_to_ministry", ProposalState::Evaluating));
        let published = ListConsultationsQuery { phase: Some(ConsultationPhase::ResultsPublished), ..Default::default() };
        let published = app.client.call::<ListConsultations>((), &published).await.unwrap();
        assert_eq!(published.items.len(), 1);
        let results = app.client.call::<GetResults>(published.items[0].id, &Default::default()).await.unwrap();
        assert_eq!(results.respondents, 3);

        // Two projects: a public one with indicators and actuals and a workshop with
        // registrations this month, and a network one that outsiders do not see.
        let projects = app.client.call::<ListProjects>((), &ListProjectsQuery::default()).await.unwrap();
        assert_eq!(projects.items.len(), 1, "the network project is for its partners");
        let karim = app.login("karim@madani.test", "demo-karim-madani").await.unwrap();
        assert_eq!(app.as_user(&karim).call::<ListProjects>((), &ListProjectsQuery::default()).await.unwrap().items.len(), 2);
        let school = &projects.items[0];
        assert!(school.progress > 0 && school.progress < 100);
        let indicators = app.client.call::<ListIndicators>(school.id, &()).await.unwrap();
        assert_eq!(indicators.len(), 2);
        assert!(indicators.iter().all(|i| !i.actuals.is_empty()));
        let month = app.client.call::<GetCalendar>((), &CalendarQuery::default()).await.unwrap();
        assert_eq!(month.activities.len(), 2, "the public project's two activities this month");
        let workshop = month.activities.iter().find(|a| a.registration.is_some()).expect("a workshop with places");
        assert_eq!(workshop.registration.as_ref().map(|r| r.registered), Some(2));
        assert_eq!(app.as_user(&karim).call::<GetCalendar>((), &CalendarQuery::default()).await.unwrap().activities.len(), 3);

        // Conversations: Amina answers El Amel's inbox for the association and is in a group;
        // Karim has unread messages from the observatory.
        let amina = app.login("amina@madani.test", "demo-amina-madani").await.unwrap();
        let hers = app.as_user(&amina).call::<ListMyConversations>((), &PageQuery::default()).await.unwrap();
        assert_eq!(hers.items.len(), 2, "the association's inbox and the group");
        assert!(hers.items.iter().any(|c| c.for_association && c.last_seq == 2));
        let unread = app.as_user(&karim).call::<CountMyUnread>((), &()).await.unwrap();
        assert_eq!((unread.conversations, unread.messages), (2, 2), "Sarah's answer after his own message; the direct message");
        // Karim's programme in the group is a PDF that Amina downloads.
        let group = hers.items.iter().find(|c| c.kind == ConversationKind::Group).expect("the group");
        let said = app.as_user(&amina).call::<ListMessages>(group.id, &MessagesQuery::default()).await.unwrap();
        let files: Vec<_> = said.messages.iter().flat_map(|m| m.attachments.iter()).collect();
        assert_eq!(files.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), ["programme-portes-ouvertes.pdf"]);
        let pdf = app.http.get(app.url(&files[0].url)).bearer_auth(&amina.access_token).send().await.unwrap();
        assert_eq!(pdf.status().as_u16(), 200);
        assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF-1.4"));

        // Circles: a visitor sees the open one and the one on request, not the invite-only one,
        // which Amina is in and Karim is invited to; the open one's question has its answer.
        let public = app.client.call::<ListCircles>((), &CirclesQuery::default()).await.unwrap();
        assert_eq!(public.items.len(), 2, "{:?}", public.items.iter().map(|c| &c.name).collect::<Vec<_>>());
        let youth = public.items.iter().find(|c| c.policy == JoinPolicy::Open).expect("the open circle");
        assert_eq!((youth.member_count, youth.thread_count), (4, 2));
        let threads = app.client.call::<ListThreads>(youth.id, &ThreadsQuery::default()).await.unwrap();
        let question = threads.items.iter().find(|t| t.kind == ThreadKind::Question).expect("a question");
        assert!(question.answer_post_id.is_some() && question.reply_count == 2);
        // The answer carries the call for projects, which a visitor of the open circle downloads.
        let posts = app.client.call::<ListPosts>(question.id, &PageQuery::default()).await.unwrap();
        let answer = posts.items.iter().find(|p| Some(p.id) == question.answer_post_id).expect("the answer");
        assert_eq!(answer.attachments.len(), 1);
        let pdf = app.http.get(app.url(&answer.attachments[0].url)).send().await.unwrap();
        assert_eq!(pdf.status().as_u16(), 200);
        assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF-1.4"));
        let mine = CirclesQuery { mine: Some(true), ..Default::default() };
        let karims = app.as_user(&karim).call::<ListCircles>((), &mine).await.unwrap();
        assert_eq!(
            karims.items.iter().map(|c| c.standing).collect::<Vec<_>>(),
            [Some(CircleStanding::Invited), Some(CircleStanding::Member)],
            "invited to the presidents' circle (the latest), a member of the youth one"
        );

        // A second run adds nothing.
        assert_eq!(seed_demo(&app).await, 0);
        assert_eq!(app.client.call::<ListCourses>((), &CatalogQuery::default()).await.unwrap().items.len(), 2);
    }
}
