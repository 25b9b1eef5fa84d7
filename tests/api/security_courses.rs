//! The findings of the security review (issue #10) in the courses, each shown on both backends:
//! quiz answers harvested by blank attempts, signed media addresses outliving their reader, and
//! parallel starts of a quiz attempt.

use diesel::RunQueryDsl;
use madani_shared::ErrorCode;
use madani_shared::auth::UpdateUserRequest;
use madani_shared::courses::*;
use madani_shared::endpoints::*;
use madani_shared::text::Language;
use madani_tests::{Backend, CourseBuilder, PNG, TestApp, both_backends, futures_join, problem};

use crate::course_videos::{course_with_video_lesson, mp4};
use crate::quizzes::{course_with_quiz, quiz};

/// Hold back the writing of quiz attempts for `hold`, from another connection, and return once
/// that is so: on PostgreSQL a lock on the table lets every start read the attempts but none write
/// one, so that starts that do not serialise themselves all decide on the same count (the race,
/// made certain rather than left to timing); on SQLite writers queue behind a write transaction.
fn hold_attempts(app: &TestApp, hold: std::time::Duration) -> std::thread::JoinHandle<()> {
    let (url, pg) = (app.database_url(), app.backend == Backend::Postgres);
    let (taken, is_taken) = std::sync::mpsc::channel();
    let holder = std::thread::spawn(move || {
        let mut conn = madani_api::db::establish(&url).expect("db");
        let begin: &[&str] =
            if pg { &["BEGIN", "LOCK TABLE quiz_attempts IN EXCLUSIVE MODE"] } else { &["BEGIN IMMEDIATE"] };
        for sql in begin {
            diesel::sql_query(*sql).execute(&mut conn).expect(sql);
        }
        taken.send(()).expect("signal");
        std::thread::sleep(hold);
        diesel::sql_query("COMMIT").execute(&mut conn).expect("commit");
    });
    is_taken.recv().expect("attempts held");
    holder
}

/// Whether a graded attempt shows any right answer.
fn shows_answers(result: &AttemptResult) -> bool {
    result.questions.iter().any(|q| q.correct_choice_ids.is_some() || q.answer.is_some() || q.accepted.is_some())
}

/// Whether it shows every question's right answer.
fn shows_every_answer(result: &AttemptResult) -> bool {
    result.questions.iter().all(|q| q.correct_choice_ids.is_some() || q.answer.is_some() || q.accepted.is_some())
}

/// The status of a plain GET of `url` (no token, as a `<video>` or `<track>` sends none), with a
/// `Range` header if given.
async fn status_of(app: &TestApp, url: &str, range: Option<&str>) -> u16 {
    let mut request = app.http.get(app.url(url));
    if let Some(range) = range {
        request = request.header("range", range);
    }
    request.send().await.unwrap().status().as_u16()
}

/// `url` with its `u=` (the reader it was signed for) changed to `user`.
fn for_user(url: &str, from: &str, to: &str) -> String {
    assert!(url.contains(&format!("u={from}")), "{url} names its reader");
    url.replace(&format!("u={from}"), &format!("u={to}"))
}

both_backends! {
    // Finding 9: blank attempts harvest no answers. With `show_answers` and attempts left, a graded
    // attempt shows the verdict only, in its result and in the list of attempts; the answers come
    // with the last attempt, or (unlimited attempts) once passed.
    async fn quiz_answers_are_shown_only_once_passed_or_out_of_attempts(app) {
        let staff = app.admin("staff@example.org").await;
        let learner = app.member("learner@example.org").await;
        let as_learner = app.as_user(&learner);
        let (id, _, quiz_id, _) = course_with_quiz(&app, &staff, quiz(true, Some(3))).await;
        as_learner.call::<Enrol>(id, &()).await.unwrap();
        for n in 1..=2 {
            let attempt = as_learner.call::<StartAttempt>((id, quiz_id), &()).await.unwrap();
            let result = as_learner.call::<SubmitAttemptEndpoint>((id, quiz_id, attempt.id), &SubmitAttempt::default()).await.unwrap();
            assert!(!result.passed && !shows_answers(&result), "blank attempt {n} of 3: {result:?}");
            let listed = as_learner.call::<ListAttempts>((id, quiz_id), &()).await.unwrap();
            assert!(listed.iter().all(|r| !shows_answers(r)), "the list after attempt {n}: {listed:?}");
            let raw = app.http.get(app.url(&format!("/api/v1/courses/{id}/lessons/{quiz_id}/attempts")))
                .bearer_auth(&learner.access_token).send().await.unwrap().text().await.unwrap();
            assert!(!raw.contains("الجمعية العامة"), "{raw}");
        }
        // The last attempt: now the answers, in its result and for every attempt of the list.
        let last = as_learner.call::<StartAttempt>((id, quiz_id), &()).await.unwrap();
        let result = as_learner.call::<SubmitAttemptEndpoint>((id, quiz_id, last.id), &SubmitAttempt::default()).await.unwrap();
        assert!(shows_every_answer(&result), "{result:?}");
        let listed = as_learner.call::<ListAttempts>((id, quiz_id), &()).await.unwrap();
        assert_eq!(listed.len(), 3);
        assert!(listed.iter().all(shows_every_answer), "{listed:?}");

        // Unlimited attempts: however many blank ones, no answer until passed.
        let (id, _, quiz_id, saved) = course_with_quiz(&app, &staff, quiz(true, None)).await;
        as_learner.call::<Enrol>(id, &()).await.unwrap();
        for n in 1..=4 {
            let attempt = as_learner.call::<StartAttempt>((id, quiz_id), &()).await.unwrap();
            let result = as_learner.call::<SubmitAttemptEndpoint>((id, quiz_id, attempt.id), &SubmitAttempt::default()).await.unwrap();
            assert!(!shows_answers(&result), "blank attempt {n}, unlimited: {result:?}");
        }
        assert!(as_learner.call::<ListAttempts>((id, quiz_id), &()).await.unwrap().iter().all(|r| !shows_answers(r)));
        let attempt = as_learner.call::<StartAttempt>((id, quiz_id), &()).await.unwrap();
        let passed = as_learner.call::<SubmitAttemptEndpoint>((id, quiz_id, attempt.id), &crate::quizzes::answers(&saved, true)).await.unwrap();
        assert!(passed.passed && shows_every_answer(&passed), "{passed:?}");
        let listed = as_learner.call::<ListAttempts>((id, quiz_id), &()).await.unwrap();
        assert_eq!(listed.len(), 5);
        assert!(listed.iter().all(shows_every_answer), "once passed, every attempt: {listed:?}");
    }

    // Finding 11: a lesson video's (and its captions') signed address names its reader and works
    // only while they may read the lesson: another user's id cannot be put in it, leaving the course
    // (or a disabled account) ends it at once; an enrolled learner still plays by ranges. A draft's
    // cover likewise.
    async fn signed_media_addresses_are_bound_to_a_reader_who_still_reads(app) {
        let staff = app.admin("staff@example.org").await;
        let learner = app.member("learner@example.org").await;
        let other = app.member("other@example.org").await;
        let outsider = app.member("outsider@example.org").await;
        let (course, lesson) = course_with_video_lesson(&app, &staff, "Gestion de projet").await;
        let id = course.summary.id;
        let as_staff = app.as_user(&staff);
        let video = mp4(50_000);
        as_staff.upload::<UploadLessonVideo>((id, lesson), &[], video.clone(), "video/mp4").await.unwrap();
        as_staff.upload::<UploadLessonCaptions>((id, lesson, Language::Fr), &[], b"WEBVTT\n".to_vec(), "text/vtt").await.unwrap();
        for who in [&learner, &other] {
            app.as_user(who).call::<Enrol>(id, &()).await.unwrap();
        }
        let seen = |who| {
            let client = app.as_user(who);
            async move { client.call::<GetLesson>((id, lesson), &()).await.unwrap().video.expect("video") }
        };
        let mine = seen(&learner).await;
        let (video_url, captions_url) = (mine.url.clone(), mine.captions[0].url.clone());
        let (me, them, stranger) = (learner.user.id.to_string(), other.user.id.to_string(), outsider.user.id.to_string());

        // The enrolled learner plays, by ranges, and reads the captions.
        let part = app.http.get(app.url(&video_url)).header("range", "bytes=1000-1999").send().await.unwrap();
        assert_eq!(part.status(), 206);
        assert_eq!(part.bytes().await.unwrap().as_ref(), &video[1000..2000]);
        assert_eq!(status_of(&app, &captions_url, None).await, 200);

        // Each reader has their own address; nobody makes one for themselves out of another's.
        let theirs = seen(&other).await;
        assert_ne!(theirs.url, video_url);
        for (url, name) in [(&video_url, "video"), (&captions_url, "captions")] {
            for to in [&them, &stranger] {
                assert_eq!(status_of(&app, &for_user(url, &me, to), None).await, 403, "{name} for {to}");
            }
        }

        // Leaving the course ends the address at once: whole, by range, headers, captions.
        app.as_user(&learner).call::<Unenrol>(id, &()).await.unwrap();
        assert_eq!(status_of(&app, &video_url, None).await, 403);
        assert_eq!(status_of(&app, &video_url, Some("bytes=2000-2999")).await, 403);
        assert_eq!(app.http.head(app.url(&video_url)).send().await.unwrap().status(), 403);
        let refused = app.http.get(app.url(&captions_url)).send().await.unwrap();
        assert_eq!(refused.status(), 403);
        assert_eq!(refused.json::<madani_shared::Problem>().await.unwrap().code, ErrorCode::NotEnrolled);
        // The other learner still plays, until their account is disabled.
        assert_eq!(status_of(&app, &theirs.url, Some("bytes=0-99")).await, 206);
        as_staff.call::<UpdateUser>(other.user.id, &UpdateUserRequest { disabled: Some(true), ..Default::default() }).await.unwrap();
        assert_eq!(status_of(&app, &theirs.url, Some("bytes=0-99")).await, 403);
        assert_eq!(status_of(&app, &theirs.captions[0].url, None).await, 403);
        // Trainers and staff read it too.
        assert_eq!(status_of(&app, &seen(&staff).await.url, Some("bytes=0-99")).await, 206);

        // A draft's cover: signed for the trainer who was shown it, and only while they teach it.
        let trainer = app.member("trainer@example.org").await;
        let draft = CourseBuilder::new(&staff).title("Brouillon").trainer(&trainer).expect_build(&app).await;
        as_staff.upload::<UploadCourseCover>(draft.id(), &[], PNG.to_vec(), "image/png").await.unwrap();
        let cover = app.as_user(&trainer).call::<GetCourse>(draft.id(), &()).await.unwrap().summary.cover_url.expect("cover");
        let trainer_id = trainer.user.id.to_string();
        assert_eq!(status_of(&app, &cover, None).await, 200);
        assert_eq!(status_of(&app, &for_user(&cover, &trainer_id, &stranger), None).await, 404);
        as_staff.call::<RemoveTrainer>((draft.id(), trainer.user.id), &()).await.unwrap();
        assert_eq!(status_of(&app, &cover, None).await, 404, "no longer a trainer of the draft");
        let staff_cover = as_staff.call::<GetCourse>(draft.id(), &()).await.unwrap().summary.cover_url.expect("cover");
        assert_eq!(status_of(&app, &staff_cover, None).await, 200);
    }

    // Finding 12: parallel starts make one open attempt (the others resume it), and never more
    // attempts than allowed; counted in the database.
    async fn parallel_quiz_starts_never_pass_the_attempt_limit(app) {
        let staff = app.admin("staff@example.org").await;
        let learner = app.member("learner@example.org").await;
        let (id, _, quiz_id, _) = course_with_quiz(&app, &staff, quiz(false, Some(2))).await;
        let as_learner = app.as_user(&learner);
        as_learner.call::<Enrol>(id, &()).await.unwrap();
        let count = format!("SELECT COUNT(*) AS n FROM quiz_attempts WHERE user_id = '{}'", learner.user.id);
        let starts = || {
            let client = as_learner.clone();
            async move { client.call::<StartAttempt>((id, quiz_id), &()).await }
        };
        for round in 1..=2 {
            let held = hold_attempts(&app, std::time::Duration::from_millis(1500));
            let started = futures_join(20, starts).await;
            held.join().expect("holder");
            let ids: Vec<_> = started.into_iter().map(|s| s.expect("started or resumed").id).collect();
            assert!(ids.iter().all(|a| *a == ids[0]), "round {round}: one open attempt, resumed by the others");
            assert_eq!(app.sql_count(&count), round, "round {round}");
            as_learner.call::<SubmitAttemptEndpoint>((id, quiz_id, ids[0]), &SubmitAttempt::default()).await.unwrap();
        }
        // Both used: every start refused, nothing more written.
        for started in futures_join(20, starts).await {
            let p = problem(started);
            assert_eq!((p.status, p.code), (409, ErrorCode::AttemptsExhausted));
        }
        assert_eq!(app.sql_count(&count), 2);
    }
}
