//! Courses over HTTP, on both backends: authoring by trainers, the catalog, enrolment, lessons and
//! progress, and who may do what.

use madani_shared::LocalizedText;
use madani_shared::associations::Field;
use madani_shared::courses::*;
use madani_shared::endpoints::*;
use madani_shared::ids::ModuleId;
use madani_shared::page::PageQuery;
use madani_shared::text::Language;
use madani_tests::{BuiltCourse, CourseBuilder, MemberBuilder, both_backends, fr, futures_join, problem};

both_backends! {
    async fn staff_write_courses_drafts_stay_hidden_and_trainers_edit_only_theirs(app) {
        let staff = app.admin("staff@example.org").await;
        let member = app.member("member@example.org").await;
        let other_trainer = app.member("trainer@example.org").await;
        // Only staff create courses.
        assert_eq!(problem(CourseBuilder::new(&member).title("X").build(&app).await).status, 403);
        let draft = CourseBuilder::new(&staff).title("Gestion de projet").expect_build(&app).await.course;
        assert_eq!((draft.summary.status, draft.can_edit, draft.trainers.len()), (CourseStatus::Draft, true, 1));
        let id = draft.summary.id;
        // A draft is nobody else's business.
        assert_eq!(problem(app.client.call::<GetCourse>(id, &()).await).status, 404);
        assert_eq!(problem(app.as_user(&member).call::<GetCourse>(id, &()).await).status, 404);
        assert!(app.client.call::<ListCourses>((), &CatalogQuery::default()).await.unwrap().items.is_empty());
        let mine = app.as_user(&staff).call::<ListCourses>((), &CatalogQuery { mine: Some(true), ..Default::default() }).await.unwrap();
        assert_eq!(mine.items.len(), 1);
        // Publishing needs a lesson.
        let p = problem(app.as_user(&staff).call::<UpdateCourseEndpoint>(id, &UpdateCourse { status: Some(CourseStatus::Published), ..Default::default() }).await);
        assert_eq!((p.status, p.field("status").map(|e| e.code.as_str())), (422, Some("no_lessons")));

        // A trainer of course B cannot touch course A.
        let b = CourseBuilder::new(&staff).title("Comptabilité associative").trainer(&other_trainer).published().expect_build(&app).await.course;
        let as_other = app.as_user(&other_trainer);
        as_other.call::<UpdateCourseEndpoint>(b.summary.id, &UpdateCourse { estimated_minutes: Some(90), ..Default::default() }).await.unwrap();
        assert_eq!(problem(as_other.call::<UpdateCourseEndpoint>(id, &UpdateCourse { estimated_minutes: Some(1), ..Default::default() }).await).status, 404, "A's draft does not exist for them");
        app.as_user(&staff).call::<CreateModuleEndpoint>(id, &CreateModule { title: fr("M") }).await.unwrap();
        let BuiltCourse { course: a, lessons: a_lessons, .. } = CourseBuilder::new(&staff).title("Plaidoyer").published().expect_build(&app).await;
        assert_eq!(problem(as_other.call::<UpdateCourseEndpoint>(a.summary.id, &UpdateCourse { estimated_minutes: Some(1), ..Default::default() }).await).status, 403);
        assert_eq!(problem(as_other.call::<CreateModuleEndpoint>(a.summary.id, &CreateModule { title: fr("M") }).await).status, 403);
        assert_eq!(problem(as_other.call::<UpdateLessonEndpoint>((a.summary.id, a_lessons[0]), &UpdateLesson { required: Some(false), ..Default::default() }).await).status, 403);
        assert_eq!(problem(as_other.call::<DeleteLesson>((a.summary.id, a_lessons[0]), &()).await).status, 403);
        assert_eq!(problem(as_other.call::<ListLearners>(a.summary.id, &PageQuery::default()).await).status, 403);
        // A lesson id of course A through course B's path is not found.
        assert_eq!(problem(as_other.call::<UpdateLessonEndpoint>((b.summary.id, a_lessons[0]), &UpdateLesson { required: Some(false), ..Default::default() }).await).status, 404);
        // Only staff choose trainers.
        assert_eq!(problem(as_other.call::<AddTrainerEndpoint>(b.summary.id, &AddTrainer { user_id: member.user.id }).await).status, 403);
    }

    async fn learners_enrol_follow_lessons_and_complete_the_course(app) {
        let staff = app.admin("staff@example.org").await;
        let learner = app.member("learner@example.org").await;
        let other = app.member("other@example.org").await;
        let BuiltCourse { course, lessons, .. } = CourseBuilder::new(&staff).title("Gestion de projet").published().expect_build(&app).await;
        let id = course.summary.id;
        let as_learner = app.as_user(&learner);

        // Not enrolled: the outline is public, the lessons are not, and nothing can be completed.
        let public = app.client.call::<GetCourse>(id, &()).await.unwrap();
        assert_eq!((public.summary.lesson_count, public.progress.is_none()), (3, true));
        assert_eq!(problem(as_learner.call::<GetLesson>((id, lessons[0]), &()).await).status, 403);
        assert_eq!(problem(as_learner.call::<CompleteLesson>((id, lessons[0]), &()).await).status, 403);
        // Unverified members do not enrol.
        let fresh = MemberBuilder::new("fresh").unverified().expect_build(&app).await;
        assert_eq!(problem(app.as_user(&fresh).call::<Enrol>(id, &()).await).status, 403);

        let start = as_learner.call::<Enrol>(id, &()).await.unwrap();
        assert_eq!((start.percent, start.total_lessons, start.last_lesson_id), (0, 3, Some(lessons[0])));
        assert_eq!(as_learner.call::<Enrol>(id, &()).await.unwrap(), start, "enrolling again changes nothing");
        let lesson = as_learner.call::<GetLesson>((id, lessons[0]), &()).await.unwrap();
        assert!(lesson.body_html.fr.unwrap().contains("<strong>projet</strong>"));
        assert_eq!((lesson.completed, lesson.previous_lesson_id, lesson.next_lesson_id), (Some(false), None, Some(lessons[1])));

        let after_first = as_learner.call::<CompleteLesson>((id, lessons[0]), &()).await.unwrap();
        assert_eq!((after_first.percent, after_first.completed_lessons), (50, 1));
        assert_eq!(after_first.last_lesson_id, Some(lessons[1]), "resume at the first lesson not done");
        // Completing again changes nothing.
        assert_eq!(as_learner.call::<CompleteLesson>((id, lessons[0]), &()).await.unwrap().completed_lessons, 1);
        // The optional lesson is not needed: the two required ones complete the course.
        let done = as_learner.call::<CompleteLesson>((id, lessons[2]), &()).await.unwrap();
        assert_eq!(done.percent, 100);
        assert!(done.completed_at.is_some());
        let mine = as_learner.call::<ListMyCourses>((), &()).await.unwrap();
        assert_eq!((mine.len(), mine[0].progress.percent), (1, 100));
        let outline = as_learner.call::<GetCourse>(id, &()).await.unwrap();
        assert_eq!(outline.modules[0].lessons.iter().map(|l| l.completed).collect::<Vec<_>>(), [Some(true), Some(false), Some(true)]);

        // Another member sees none of it; the trainer sees every learner's progress.
        assert!(app.as_user(&other).call::<ListMyCourses>((), &()).await.unwrap().is_empty());
        assert_eq!(app.as_user(&other).call::<GetCourse>(id, &()).await.unwrap().progress, None);
        let learners = app.as_user(&staff).call::<ListLearners>(id, &PageQuery::default()).await.unwrap().items;
        assert_eq!(learners.iter().map(|l| (l.display_name.as_str(), l.progress.percent)).collect::<Vec<_>>(), [("learner", 100)]);
        assert_eq!(problem(as_learner.call::<ListLearners>(id, &PageQuery::default()).await).status, 403);

        // Archived: no new learners; the learner still reads it.
        app.as_user(&staff).call::<UpdateCourseEndpoint>(id, &UpdateCourse { status: Some(CourseStatus::Archived), ..Default::default() }).await.unwrap();
        assert_eq!(problem(app.as_user(&other).call::<Enrol>(id, &()).await).status, 404);
        as_learner.call::<GetLesson>((id, lessons[1]), &()).await.unwrap();
        let p = problem(app.as_user(&staff).call::<UpdateCourseEndpoint>(id, &UpdateCourse { status: Some(CourseStatus::Draft), ..Default::default() }).await);
        assert_eq!(p.status, 409, "not back to draft with learners");
        // Leaving keeps nothing visible to the learner but the course.
        as_learner.call::<Unenrol>(id, &()).await.unwrap();
        assert!(as_learner.call::<ListMyCourses>((), &()).await.unwrap().is_empty());
    }

    async fn trainers_read_learners_a_page_at_a_time_each_with_their_progress(app) {
        let staff = app.admin("staff@example.org").await;
        let built = CourseBuilder::new(&staff).module("M", |m| m.text_lesson("A", true).text_lesson("B", true)).published().expect_build(&app).await;
        let id = built.id();
        let mut people = Vec::new();
        for name in ["l1", "l2", "l3"] {
            let who = MemberBuilder::new(name).expect_build(&app).await;
            app.as_user(&who).call::<Enrol>(id, &()).await.unwrap();
            people.push(who);
        }
        // The last to enrol finishes half the course: their progress is on the second page.
        app.as_user(&people[2]).call::<CompleteLesson>((id, built.lessons[0]), &()).await.unwrap();
        let as_staff = app.as_user(&staff);
        let first = as_staff.call::<ListLearners>(id, &PageQuery { limit: Some(2), cursor: None }).await.unwrap();
        let names: Vec<&str> = first.items.iter().map(|l| l.display_name.as_str()).collect();
        assert_eq!(names, ["l1", "l2"], "in enrolment order");
        assert!(first.items.iter().all(|l| l.progress.percent == 0));
        let cursor = first.next_cursor.expect("a second page");
        let second = as_staff.call::<ListLearners>(id, &PageQuery { limit: Some(2), cursor: Some(cursor) }).await.unwrap();
        assert_eq!(second.items.iter().map(|l| (l.display_name.as_str(), l.progress.percent)).collect::<Vec<_>>(), [("l3", 50)]);
        assert_eq!(second.next_cursor, None);
        // A learner does not read the list.
        assert_eq!(problem(app.as_user(&people[0]).call::<ListLearners>(id, &PageQuery::default()).await).status, 403);
    }

    async fn a_server_starting_on_courses_without_terms_makes_them(app) {
        let staff = app.admin("staff@example.org").await;
        let course = CourseBuilder::new(&staff).title("Comptabilité associative").published().expect_build(&app).await.course;
        // As a database from before the catalog's terms: none, and no version recorded.
        let db = app.database_url();
        tokio::task::spawn_blocking(move || {
            use diesel::RunQueryDsl;
            let mut conn = madani_api::db::establish(&db).expect("db");
            diesel::sql_query("DELETE FROM course_terms").execute(&mut conn).expect("terms");
            diesel::sql_query("DELETE FROM search_index_versions WHERE name = 'courses'").execute(&mut conn).expect("version");
        })
        .await
        .unwrap();
        let q = CatalogQuery { q: Some("compta".into()), ..Default::default() };
        assert!(app.client.call::<ListCourses>((), &q).await.unwrap().items.is_empty(), "no terms, no match");
        let restarted = app.spawn_beside().await;
        let found = restarted.client.call::<ListCourses>((), &q).await.unwrap();
        assert_eq!(found.items.into_iter().map(|c| c.id).collect::<Vec<_>>(), vec![course.summary.id]);
    }

    async fn the_catalog_searches_filters_and_pages(app) {
        let staff = app.admin("staff@example.org").await;
        let project = CourseBuilder::new(&staff).title("Gestion de projet").published().expect_build(&app).await.course;
        let adv = CourseBuilder::new(&staff)
            .title("Plaidoyer avancé")
            .title_ar("المرافعة المتقدمة")
            .level(CourseLevel::Advanced)
            .languages(&[Language::Fr])
            .field(Field::HumanRights)
            .module("M", |m| m.text_lesson("L", true))
            .published()
            .expect_build(&app)
            .await
            .course;

        let ids = |p: madani_shared::Page<CourseSummary>| p.items.into_iter().map(|c| c.id).collect::<Vec<_>>();
        let client = app.client.clone();
        let search = |q: CatalogQuery| {
            let client = client.clone();
            async move { client.call::<ListCourses>((), &q).await.unwrap() }
        };
        assert_eq!(ids(search(CatalogQuery::default()).await), [adv.summary.id, project.summary.id], "newest first");
        // Folded like the directory: accents, case, Arabic forms.
        assert_eq!(ids(search(CatalogQuery { q: Some("AVANCE".into()), ..Default::default() }).await), vec![adv.summary.id]);
        assert_eq!(ids(search(CatalogQuery { q: Some("المرافعه".into()), ..Default::default() }).await), vec![adv.summary.id]);
        // By the start of a word, as the directory: "plaid" finds it, "doyer" (a word's middle) not.
        let q = |text: &str| CatalogQuery { q: Some(text.into()), ..Default::default() };
        assert_eq!(ids(search(q("plaid")).await), vec![adv.summary.id]);
        assert!(ids(search(q("doyer")).await).is_empty());
        assert_eq!(ids(search(q("gest proj")).await), vec![project.summary.id], "every word, each by its start");
        // A new title: its words replace the old ones.
        let retitle = UpdateCourse { title: Some(fr("Conduite de projet")), ..Default::default() };
        app.as_user(&staff).call::<UpdateCourseEndpoint>(project.summary.id, &retitle).await.expect("retitle");
        assert!(ids(search(q("gestion")).await).is_empty());
        assert_eq!(ids(search(q("conduite")).await), vec![project.summary.id]);
        assert_eq!(ids(search(CatalogQuery { level: Some(CourseLevel::Beginner), ..Default::default() }).await), vec![project.summary.id]);
        assert_eq!(ids(search(CatalogQuery { language: Some(Language::Ar), ..Default::default() }).await), vec![project.summary.id]);
        assert_eq!(ids(search(CatalogQuery { field: Some(Field::HumanRights), ..Default::default() }).await), vec![adv.summary.id]);
        let first = search(CatalogQuery { limit: Some(1), ..Default::default() }).await;
        let second = search(CatalogQuery { limit: Some(1), cursor: first.next_cursor.clone(), ..Default::default() }).await;
        assert_eq!((ids(second.clone()), second.next_cursor), (vec![project.summary.id], None));
        let bad = problem(app.client.call::<ListCourses>((), &CatalogQuery { cursor: Some("nope!".into()), ..Default::default() }).await);
        assert_eq!((bad.status, bad.field("cursor").is_some()), (422, true));
    }

    async fn bad_course_input_names_the_field(app) {
        let staff = app.admin("staff@example.org").await;
        let client = app.as_user(&staff);
        let p = problem(CourseBuilder::new(&staff).title_text(LocalizedText::default()).build(&app).await);
        assert_eq!((p.status, p.field("title").is_some()), (422, true));
        let dates = CourseBuilder::new(&staff).title("Dates").dates(chrono::NaiveDate::from_ymd_opt(2026, 12, 10), chrono::NaiveDate::from_ymd_opt(2026, 12, 1));
        assert_eq!(problem(dates.build(&app).await).field("ends_on").map(|e| e.code.clone()), Some("before_start".into()));
        assert!(problem(CourseBuilder::new(&staff).title("Langues").languages(&[]).build(&app).await).field("languages").is_some());

        let course = CourseBuilder::new(&staff).title("Vidéo").module("M", |m| m).expect_build(&app).await;
        let (id, module) = (course.id(), course.modules[0]);
        let video = |url: Option<&str>| CreateLesson { title: fr("V"), kind: LessonKind::Video, required: true, body: LocalizedText::default(), url: url.map(str::to_owned), estimated_minutes: None };
        let p = problem(client.call::<CreateLessonEndpoint>((id, module), &video(Some("https://evil.example/watch?v=x"))).await);
        assert_eq!(p.field("url").map(|e| e.code.as_str()), Some("video_host"));
        // Without an address, a video lesson waits for its uploaded file; a link needs its address.
        let waiting = client.call::<CreateLessonEndpoint>((id, module), &video(None)).await.unwrap();
        assert_eq!((waiting.embed_url, waiting.video), (None, None));
        let link = CreateLesson { kind: LessonKind::Link, ..video(None) };
        let p = problem(client.call::<CreateLessonEndpoint>((id, module), &link).await);
        assert_eq!(p.field("url").map(|e| e.code.as_str()), Some("required"));
        let p = problem(client.call::<CreateLessonEndpoint>((id, module), &video(Some("javascript:alert(1)"))).await);
        assert_eq!(p.field("url").map(|e| e.code.as_str()), Some("url"));
        let ok = client.call::<CreateLessonEndpoint>((id, module), &video(Some("https://youtu.be/dQw4w9WgXcQ"))).await.unwrap();
        assert_eq!(ok.embed_url.as_deref(), Some("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"));
        assert_eq!(problem(client.call::<CreateLessonEndpoint>((id, ModuleId(uuid::Uuid::nil())), &CreateLesson { kind: LessonKind::Text, ..video(None) }).await).status, 404);

        // Capacity: full is full.
        let small = CourseBuilder::new(&staff).title("Petit groupe").capacity(1).module("M", |m| m.text_lesson("L", true)).published().expect_build(&app).await.course;
        let first = app.member("first@example.org").await;
        let second = app.member("second@example.org").await;
        app.as_user(&first).call::<Enrol>(small.summary.id, &()).await.unwrap();
        assert_eq!(problem(app.as_user(&second).call::<Enrol>(small.summary.id, &()).await).status, 409);
    }

    async fn modules_and_lessons_reorder(app) {
        let staff = app.admin("staff@example.org").await;
        let client = app.as_user(&staff);
        let course = CourseBuilder::new(&staff)
            .title("Ordre")
            .module("Un", |m| m.text_lesson("A", true).text_lesson("B", true))
            .module("Deux", |m| m.text_lesson("C", true))
            .expect_build(&app)
            .await;
        let (id, m2) = (course.id(), course.modules[1]);
        let [a, b, c] = course.lessons[..] else { panic!("three lessons") };
        client.call::<UpdateModuleEndpoint>((id, m2), &UpdateModule { position: Some(1), ..Default::default() }).await.unwrap();
        client.call::<UpdateLessonEndpoint>((id, b), &UpdateLesson { position: Some(1), ..Default::default() }).await.unwrap();
        let outline = client.call::<GetCourse>(id, &()).await.unwrap();
        let order: Vec<String> = outline.modules.iter().flat_map(|m| m.lessons.iter().map(|l| l.title.fr.clone().unwrap())).collect();
        assert_eq!(order, ["C", "B", "A"]);
        // Navigation follows the reading order across modules.
        let lesson_b = client.call::<GetLesson>((id, b), &()).await.unwrap();
        assert_eq!((lesson_b.previous_lesson_id, lesson_b.next_lesson_id), (Some(c), Some(a)));
        client.call::<DeleteModule>((id, m2), &()).await.unwrap();
        let outline = client.call::<GetCourse>(id, &()).await.unwrap();
        assert_eq!((outline.modules.len(), outline.modules[0].position, outline.summary.lesson_count), (1, 1, 2));
    }
}

both_backends! {
    async fn the_same_request_at_the_same_moment_is_answered_once_and_well(app) {
        let staff = app.admin("staff@example.org").await;
        let learner = app.member("learner@example.org").await;
        let BuiltCourse { course, lessons, .. } = CourseBuilder::new(&staff).title("Gestion de projet").published().expect_build(&app).await;
        let id = course.summary.id;
        let client = app.as_user(&learner);
        // A double (or octuple) click on Enrol.
        let enrolments = futures_join(8, || {
            let client = client.clone();
            async move { client.call::<Enrol>(id, &()).await }
        })
        .await;
        assert!(enrolments.iter().all(Result::is_ok), "{enrolments:?}");
        client.call::<CompleteLesson>((id, lessons[0]), &()).await.unwrap();
        // The last required lesson, completed by several requests at once: every one succeeds, and
        // one certificate comes of it.
        let completions = futures_join(8, || {
            let (client, lesson) = (client.clone(), lessons[2]);
            async move { client.call::<CompleteLesson>((id, lesson), &()).await }
        })
        .await;
        assert!(completions.iter().all(|r| r.as_ref().is_ok_and(|p| p.percent == 100)), "{completions:?}");
        assert_eq!(client.call::<madani_shared::endpoints::ListMyCertificates>((), &()).await.unwrap().len(), 1);
    }
}
