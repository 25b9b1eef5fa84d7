//! Quizzes over HTTP, on both backends: answers never reach a learner before grading, attempt limits,
//! grading on the server, passing completes the lesson, and whose attempts are whose.

use madani_shared::auth::TokenResponse;
use madani_shared::courses::*;
use madani_shared::endpoints::*;
use madani_shared::ids::{CourseId, LessonId};
use madani_tests::{CourseBuilder, TestApp, both_backends, fr, problem};

pub(crate) fn quiz(show_answers: bool, max_attempts: Option<u32>) -> Quiz {
    let choice = |s: &str, correct| QuizChoice { id: None, text: fr(s), correct };
    Quiz {
        pass_percent: 75,
        max_attempts,
        time_limit_minutes: None,
        shuffle: true,
        show_answers,
        questions: vec![
            QuizQuestion {
                id: None,
                kind: QuestionKind::Single,
                prompt: fr("Qui adopte le budget ?"),
                points: 2,
                choices: vec![choice("ZZ-Assemblée", true), choice("Le trésorier", false)],
                answer: None,
                accepted: vec![],
            },
            QuizQuestion {
                id: None,
                kind: QuestionKind::TrueFalse,
                prompt: fr("Le bilan est annuel."),
                points: 1,
                choices: vec![],
                answer: Some(true),
                accepted: vec![],
            },
            QuizQuestion {
                id: None,
                kind: QuestionKind::Short,
                prompt: fr("L'instance suprême ?"),
                points: 1,
                choices: vec![],
                answer: None,
                accepted: vec!["الجمعية العامة".into()],
            },
        ],
    }
}

/// A published course: a text lesson, then a quiz lesson. Returns (course id, text lesson, quiz lesson, quiz).
pub(crate) async fn course_with_quiz(
    app: &TestApp,
    staff: &TokenResponse,
    q: Quiz,
) -> (CourseId, LessonId, LessonId, Quiz) {
    let mut built = CourseBuilder::new(staff)
        .title("Gouvernance associative")
        .module("M", |m| m.text_lesson("Lire", true).quiz_lesson("Évaluation", q))
        .published()
        .expect_build(app)
        .await;
    let quiz = built.quiz_lessons.remove(0);
    (built.id(), built.lessons[0], quiz.lesson, quiz.quiz)
}

/// The answers to `saved`, all right (or the single-choice one wrong).
pub(crate) fn answers(saved: &Quiz, all_right: bool) -> SubmitAttempt {
    let q = &saved.questions;
    let pick = q[0].choices.iter().find(|c| c.correct == all_right).and_then(|c| c.id.clone()).unwrap();
    SubmitAttempt {
        answers: vec![
            GivenAnswer { question_id: q[0].id.clone().unwrap(), choice_ids: vec![pick], ..Default::default() },
            GivenAnswer { question_id: q[1].id.clone().unwrap(), value: Some(true), ..Default::default() },
            GivenAnswer {
                question_id: q[2].id.clone().unwrap(),
                text: Some("الجمعيه العامه".into()),
                ..Default::default()
            },
        ],
    }
}

async fn raw(app: &TestApp, who: &TokenResponse, method: reqwest::Method, path: &str) -> String {
    app.http.request(method, app.url(path)).bearer_auth(&who.access_token).send().await.unwrap().text().await.unwrap()
}

both_backends! {
    async fn no_answer_reaches_a_learner_before_grading(app) {
        let staff = app.admin("staff@example.org").await;
        let learner = app.member("learner@example.org").await;
        let (id, _, quiz_id, saved) = course_with_quiz(&app, &staff, quiz(false, None)).await;
        let as_learner = app.as_user(&learner);
        assert_eq!(problem(as_learner.call::<StartAttempt>((id, quiz_id), &()).await).status, 403, "not enrolled");
        as_learner.call::<Enrol>(id, &()).await.unwrap();
        // The quiz itself is for trainers.
        assert_eq!(problem(as_learner.call::<GetQuiz>((id, quiz_id), &()).await).status, 403);
        // Every answer a learner receives before handing in: no right choice, no accepted text.
        let right_choice = saved.questions[0].choices.iter().find(|c| c.correct).unwrap().id.clone().unwrap();
        let mut seen = String::new();
        for (method, path) in [
            (reqwest::Method::GET, format!("/api/v1/courses/{id}")),
            (reqwest::Method::GET, format!("/api/v1/courses/{id}/lessons/{quiz_id}")),
            (reqwest::Method::POST, format!("/api/v1/courses/{id}/lessons/{quiz_id}/attempts")),
            (reqwest::Method::GET, format!("/api/v1/courses/{id}/lessons/{quiz_id}/attempts")),
            (reqwest::Method::GET, "/api/v1/me/courses".to_string()),
        ] {
            seen.push_str(&raw(&app, &learner, method, &path).await);
        }
        assert!(seen.contains(&right_choice), "the choices are there, without saying which is right");
        for secret in ["\"correct\"", "\"accepted\"", "\"answer\"", "الجمعية العامة"] {
            assert!(!seen.contains(secret), "{secret} leaked: {seen}");
        }
        // Starting again resumes the same attempt.
        let first = as_learner.call::<StartAttempt>((id, quiz_id), &()).await.unwrap();
        let again = as_learner.call::<StartAttempt>((id, quiz_id), &()).await.unwrap();
        assert_eq!(first.id, again.id);
        // Graded without showing answers (this quiz does not): the verdict only.
        let result = as_learner.call::<SubmitAttemptEndpoint>((id, quiz_id, first.id), &answers(&saved, true)).await.unwrap();
        assert_eq!((result.score, result.max_score, result.percent, result.passed), (4, 4, 100, true));
        assert!(result.questions.iter().all(|q| q.correct_choice_ids.is_none() && q.accepted.is_none() && q.answer.is_none()));
    }

    async fn attempts_are_limited_graded_and_passing_completes_the_lesson(app) {
        let staff = app.admin("staff@example.org").await;
        let learner = app.member("learner@example.org").await;
        let other = app.member("other@example.org").await;
        let (id, text_id, quiz_id, saved) = course_with_quiz(&app, &staff, quiz(true, Some(2))).await;
        let as_learner = app.as_user(&learner);
        as_learner.call::<Enrol>(id, &()).await.unwrap();
        app.as_user(&other).call::<Enrol>(id, &()).await.unwrap();
        // A quiz is completed by passing it, not by saying so.
        assert_eq!(problem(as_learner.call::<CompleteLesson>((id, quiz_id), &()).await).status, 409);
        as_learner.call::<CompleteLesson>((id, text_id), &()).await.unwrap();

        // First attempt: the single-choice answer is wrong; 2 of 4 points, below 75 %.
        let a1 = as_learner.call::<StartAttempt>((id, quiz_id), &()).await.unwrap();
        // Nobody else hands in or sees my attempt.
        assert_eq!(problem(app.as_user(&other).call::<SubmitAttemptEndpoint>((id, quiz_id, a1.id), &answers(&saved, true)).await).status, 404);
        let failed = as_learner.call::<SubmitAttemptEndpoint>((id, quiz_id, a1.id), &answers(&saved, false)).await.unwrap();
        assert_eq!((failed.score, failed.percent, failed.passed), (2, 50, false));
        // This quiz shows the right answers, but not while attempts remain (security finding 9).
        assert!(failed.questions.iter().all(|q| q.correct_choice_ids.is_none() && q.answer.is_none() && q.accepted.is_none()));
        assert_eq!(problem(as_learner.call::<SubmitAttemptEndpoint>((id, quiz_id, a1.id), &answers(&saved, true)).await).status, 409, "handed in once");
        let lesson = as_learner.call::<GetLesson>((id, quiz_id), &()).await.unwrap();
        let info = lesson.quiz.unwrap();
        assert_eq!((info.attempts_used, info.best_percent, info.passed, lesson.completed), (1, Some(50), false, Some(false)));
        assert!(as_learner.call::<GetCourse>(id, &()).await.unwrap().progress.unwrap().completed_at.is_none());
        assert!(app.as_user(&other).call::<ListAttempts>((id, quiz_id), &()).await.unwrap().is_empty());

        // Second attempt passes: the lesson, and so the course, are complete.
        let a2 = as_learner.call::<StartAttempt>((id, quiz_id), &()).await.unwrap();
        let passed = as_learner.call::<SubmitAttemptEndpoint>((id, quiz_id, a2.id), &answers(&saved, true)).await.unwrap();
        assert!(passed.passed);
        // Passed: now the right answers.
        assert!(passed.questions[0].correct_choice_ids.as_ref().is_some_and(|ids| ids.len() == 1));
        let progress = as_learner.call::<GetCourse>(id, &()).await.unwrap().progress.unwrap();
        assert_eq!(progress.percent, 100);
        assert!(progress.completed_at.is_some());
        assert_eq!(as_learner.call::<ListAttempts>((id, quiz_id), &()).await.unwrap().len(), 2);
        // No third attempt.
        let p = problem(as_learner.call::<StartAttempt>((id, quiz_id), &()).await);
        assert_eq!(p.status, 409);
    }

    async fn trainers_write_quizzes_and_bad_ones_name_the_question(app) {
        let staff = app.admin("staff@example.org").await;
        let trainer = app.member("trainer@example.org").await;
        let (id, text_id, quiz_id, _) = course_with_quiz(&app, &staff, quiz(false, None)).await;
        // A member who does not teach it cannot write or read the quiz.
        assert_eq!(problem(app.as_user(&trainer).call::<PutQuiz>((id, quiz_id), &quiz(false, None)).await).status, 403);
        // Staff may; a text lesson is not a quiz; a wrong quiz names its question.
        let client = app.as_user(&staff);
        assert_eq!(problem(client.call::<PutQuiz>((id, text_id), &quiz(false, None)).await).status, 409);
        let mut bad = quiz(false, None);
        bad.questions[0].choices[1].correct = true;
        let p = problem(client.call::<PutQuiz>((id, quiz_id), &bad).await);
        assert_eq!((p.status, p.field("questions[0].choices").map(|e| e.code.as_str())), (422, Some("one_correct")));
        let mut empty = quiz(false, None);
        empty.questions.clear();
        assert!(problem(client.call::<PutQuiz>((id, quiz_id), &empty).await).field("questions").is_some());
        let mut over = quiz(false, None);
        over.pass_percent = 101;
        assert!(problem(client.call::<PutQuiz>((id, quiz_id), &over).await).field("pass_percent").is_some());
        // What was saved is unchanged by the refused writes.
        assert_eq!(client.call::<GetQuiz>((id, quiz_id), &()).await.unwrap().questions.len(), 3);
    }

    async fn an_attempt_handed_in_after_the_time_limit_does_not_pass(app) {
        let staff = app.admin("staff@example.org").await;
        let learner = app.member("learner@example.org").await;
        let mut timed = quiz(false, None);
        timed.time_limit_minutes = Some(5);
        let (id, _, quiz_id, saved) = course_with_quiz(&app, &staff, timed).await;
        let as_learner = app.as_user(&learner);
        as_learner.call::<Enrol>(id, &()).await.unwrap();
        let attempt = as_learner.call::<StartAttempt>((id, quiz_id), &()).await.unwrap();
        assert!(attempt.deadline.is_some());
        // As if the learner had left the page open for an hour.
        let db = app.database_url();
        let attempt_id = attempt.id.to_string();
        tokio::task::spawn_blocking(move || {
            use diesel::prelude::*;
            use madani_api::db::schema::quiz_attempts;
            let mut conn = madani_api::db::establish(&db).expect("db");
            let past = chrono::Utc::now().naive_utc() - chrono::Duration::hours(1);
            diesel::update(quiz_attempts::table.find(&attempt_id))
                .set((quiz_attempts::started_at.eq(past), quiz_attempts::deadline.eq(Some(past + chrono::Duration::minutes(5)))))
                .execute(&mut conn)
                .expect("update");
        })
        .await
        .unwrap();
        let result = as_learner.call::<SubmitAttemptEndpoint>((id, quiz_id, attempt.id), &answers(&saved, true)).await.unwrap();
        assert_eq!((result.percent, result.late, result.passed), (100, true, false));
    }

    async fn trainers_see_completion_and_how_each_question_went(app) {
        let staff = app.admin("staff@example.org").await;
        let learner = app.member("learner@example.org").await;
        let idle = app.member("idle@example.org").await;
        let (id, text_id, quiz_id, saved) = course_with_quiz(&app, &staff, quiz(true, None)).await;
        let as_learner = app.as_user(&learner);
        as_learner.call::<Enrol>(id, &()).await.unwrap();
        app.as_user(&idle).call::<Enrol>(id, &()).await.unwrap();
        as_learner.call::<CompleteLesson>((id, text_id), &()).await.unwrap();
        for right in [false, true] {
            let attempt = as_learner.call::<StartAttempt>((id, quiz_id), &()).await.unwrap();
            as_learner.call::<SubmitAttemptEndpoint>((id, quiz_id, attempt.id), &answers(&saved, right)).await.unwrap();
        }
        let stats = app.as_user(&staff).call::<GetCourseStats>(id, &()).await.unwrap();
        assert_eq!((stats.learners, stats.completed, stats.completion_percent), (2, 1, Some(50)));
        let q = &stats.quizzes[0];
        assert_eq!((q.attempts, q.learners, q.passed), (2, 1, 1));
        // The single-choice question was wrong once, right once; the others right twice.
        assert_eq!(q.questions.iter().map(|x| (x.answered, x.correct, x.correct_percent)).collect::<Vec<_>>(), [(2, 1, Some(50)), (2, 2, Some(100)), (2, 2, Some(100))]);
        // Learners see none of it.
        assert_eq!(problem(as_learner.call::<GetCourseStats>(id, &()).await).status, 403);
        let denied = app.http.get(app.url(&format!("/api/v1/courses/{id}/learners/export"))).bearer_auth(&learner.access_token).send().await.unwrap();
        assert_eq!(denied.status(), 403);

        // The learners as CSV, one row each.
        let response = app.http.get(app.url(&format!("/api/v1/courses/{id}/learners/export"))).bearer_auth(&staff.access_token).send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert!(response.headers().get("content-type").unwrap().to_str().unwrap().starts_with("text/csv"));
        let csv = response.text().await.unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], "name,enrolled_at,completed_lessons,total_lessons,percent,completed_at");
        assert_eq!(lines.len(), 3, "{csv}");
        assert!(lines.iter().any(|l| l.starts_with("learner,") && l.contains(",2,2,100,")), "{csv}");
        assert!(lines.iter().any(|l| l.starts_with("idle,") && l.contains(",0,2,0,")), "{csv}");
    }
}
