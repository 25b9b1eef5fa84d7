//! Bad input: every failure is a problem+json with a stable code, naming the field; never a 500.
//! A malformed id in a path is a 404 on every route.

use madani_shared::courses::{QuestionKind, Quiz, QuizQuestion};
use madani_shared::endpoints::{Enrol, GetAssociation, GetLesson};
use madani_shared::{ErrorCode, Problem};
use madani_tests::{AssociationBuilder, CourseBuilder, PASSWORD, TestApp, both_backends, fr};
use serde_json::json;

async fn post_raw(app: &TestApp, path: &str, content_type: &str, body: Vec<u8>) -> (u16, String, Option<Problem>) {
    let response = app.http.post(app.url(path)).header("content-type", content_type).body(body).send().await.unwrap();
    let status = response.status().as_u16();
    let ct = response.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    (status, ct, response.json().await.ok())
}

both_backends! {
    async fn validation_failures_name_each_field(app) {
        let cases: Vec<(serde_json::Value, &str, &str)> = vec![
            (serde_json::json!({"email": "not-an-email", "password": "olive tree by the sea", "display_name": "A", "preferred_language": "fr"}), "email", "email"),
            (serde_json::json!({"email": "a@example.org", "password": "short", "display_name": "A", "preferred_language": "fr"}), "password", "length"),
            (serde_json::json!({"email": "a@example.org", "password": "x".repeat(129), "display_name": "A", "preferred_language": "fr"}), "password", "length"),
            (serde_json::json!({"email": "a@example.org", "password": "qwertyuiop", "display_name": "A", "preferred_language": "fr"}), "password", "common_password"),
            (serde_json::json!({"email": "a@example.org", "password": "olive tree by the sea", "display_name": "", "preferred_language": "fr"}), "display_name", "length"),
            (serde_json::json!({"email": "a@example.org", "password": "olive tree by the sea", "display_name": "A", "preferred_language": "de"}), "preferred_language", "invalid_value"),
            (serde_json::json!({"email": "a@example.org", "password": "olive tree by the sea", "display_name": "A"}), "preferred_language", "required"),
            (serde_json::json!({"email": 42, "password": "olive tree by the sea", "display_name": "A", "preferred_language": "fr"}), "email", "invalid_type"),
            (serde_json::json!({"email": "a@example.org", "password": "olive tree by the sea", "display_name": "x".repeat(10_000), "preferred_language": "fr"}), "display_name", "length"),
        ];
        for (body, field, code) in cases {
            let (status, ct, problem) = post_raw(&app, "/api/v1/auth/register", "application/json", serde_json::to_vec(&body).unwrap()).await;
            assert_eq!(status, 422, "{field}/{code}");
            assert_eq!(ct, "application/problem+json");
            let problem = problem.expect("problem body");
            assert_eq!(problem.code, ErrorCode::ValidationFailed);
            let error = problem.field(field).unwrap_or_else(|| panic!("{field} not named in {problem:?}"));
            assert_eq!(error.code, code, "{field}");
        }
        // Nothing was written: the address is still free.
        app.register("a@example.org", PASSWORD).await;
    }

    async fn malformed_oversized_and_mistyped_bodies(app) {
        let (status, ct, problem) = post_raw(&app, "/api/v1/auth/login", "application/json", b"{\"email\": ".to_vec()).await;
        assert_eq!((status, ct.as_str(), problem.unwrap().code), (400, "application/problem+json", ErrorCode::MalformedJson));

        let big = format!("{{\"email\": \"{}\"}}", "a".repeat(2 * 1024 * 1024));
        let (status, _, problem) = post_raw(&app, "/api/v1/auth/register", "application/json", big.into_bytes()).await;
        assert_eq!((status, problem.unwrap().code), (413, ErrorCode::PayloadTooLarge));

        let (status, _, problem) = post_raw(&app, "/api/v1/auth/login", "text/plain", b"email=a".to_vec()).await;
        assert_eq!((status, problem.unwrap().code), (415, ErrorCode::UnsupportedMediaType));

        let (status, _, problem) = post_raw(&app, "/api/v1/auth/login", "application/json", b"[1, 2]".to_vec()).await;
        assert_eq!((status, problem.unwrap().code), (422, ErrorCode::ValidationFailed));

        // The server keeps serving.
        assert_eq!(app.http.get(app.url("/health")).send().await.unwrap().status(), 200);
    }

    async fn unknown_routes_and_methods(app) {
        let missing = app.http.get(app.url("/api/v1/nothing-here")).send().await.unwrap();
        assert_eq!(missing.status(), 404);
        assert_eq!(missing.headers().get("content-type").unwrap(), "application/problem+json");
        assert_eq!(missing.json::<Problem>().await.unwrap().code, ErrorCode::RouteNotFound);

        let wrong = app.http.delete(app.url("/api/v1/auth/login")).send().await.unwrap();
        assert_eq!(wrong.status(), 405);
        assert_eq!(wrong.headers().get("allow").unwrap(), "POST, OPTIONS");
        assert_eq!(wrong.json::<Problem>().await.unwrap().code, ErrorCode::MethodNotAllowed);

        let get_only = app.http.post(app.url("/api/v1/territories/wilayas/06/communes")).send().await.unwrap();
        assert_eq!(get_only.status(), 405);
        assert_eq!(get_only.headers().get("allow").unwrap(), "GET, OPTIONS");

        // Outside the API, unknown pages are the web app's (deep links), and missing assets are 404.
        assert_eq!(app.http.get(app.url("/associations/some-deep-link")).send().await.unwrap().status(), 200);
        assert_eq!(app.http.get(app.url("/missing-asset-0123456789abcdef.js")).send().await.unwrap().status(), 404);
    }
}

both_backends! {
    async fn a_malformed_id_in_a_path_is_not_found_on_every_domain(app) {
        // Signed in as the staff member who owns every object here and follows the course, with a
        // valid body, so that no refusal can hide the answer: the malformed id is all that is wrong.
        let staff = app.admin("staff@example.org").await;
        let a = AssociationBuilder::new(&staff).expect_build(&app).await.id;
        let quiz = Quiz {
            pass_percent: 50,
            max_attempts: None,
            time_limit_minutes: None,
            shuffle: false,
            show_answers: false,
            questions: vec![QuizQuestion {
                id: None,
                kind: QuestionKind::TrueFalse,
                prompt: fr("Vrai ?"),
                points: 1,
                choices: vec![],
                answer: Some(true),
                accepted: vec![],
            }],
        };
        let course = CourseBuilder::new(&staff).module("M", |m| m.quiz_lesson("Q", quiz)).published().expect_build(&app).await;
        let (c, q) = (course.id(), course.quiz_lessons[0].lesson);
        app.as_user(&staff).call::<Enrol>(c, &()).await.unwrap();
        use reqwest::Method as M;
        let routes: Vec<(M, String)> = vec![
            (M::GET, "/api/v1/associations/{bad}".into()),
            (M::PATCH, "/api/v1/associations/{bad}".into()),
            (M::POST, "/api/v1/associations/{bad}/verify".into()),
            (M::DELETE, "/api/v1/associations/{bad}/logo".into()),
            (M::PUT, "/api/v1/associations/{bad}/follow".into()),
            (M::PATCH, format!("/api/v1/associations/{a}/members/{{bad}}")),
            (M::DELETE, format!("/api/v1/associations/{a}/members/{{bad}}")),
            (M::POST, "/api/v1/associations/{bad}/join-requests".into()),
            (M::POST, format!("/api/v1/associations/{a}/join-requests/{{bad}}/approve")),
            (M::POST, format!("/api/v1/associations/{a}/join-requests/{{bad}}/reject")),
            (M::DELETE, format!("/api/v1/associations/{a}/invitations/{{bad}}")),
            (M::POST, "/api/v1/invitations/{bad}/accept".into()),
            (M::POST, "/api/v1/invitations/{bad}/decline".into()),
            (M::GET, "/api/v1/imports/{bad}".into()),
            (M::GET, "/api/v1/courses/{bad}".into()),
            (M::PATCH, "/api/v1/courses/{bad}".into()),
            (M::POST, "/api/v1/courses/{bad}/enrolment".into()),
            (M::DELETE, "/api/v1/courses/{bad}/enrolment".into()),
            (M::DELETE, format!("/api/v1/courses/{c}/trainers/{{bad}}")),
            (M::PATCH, format!("/api/v1/courses/{c}/modules/{{bad}}")),
            (M::DELETE, format!("/api/v1/courses/{c}/modules/{{bad}}")),
            (M::POST, format!("/api/v1/courses/{c}/modules/{{bad}}/lessons")),
            (M::GET, format!("/api/v1/courses/{c}/lessons/{{bad}}")),
            (M::PATCH, format!("/api/v1/courses/{c}/lessons/{{bad}}")),
            (M::DELETE, format!("/api/v1/courses/{c}/lessons/{{bad}}")),
            (M::POST, format!("/api/v1/courses/{c}/lessons/{{bad}}/complete")),
            (M::GET, format!("/api/v1/courses/{c}/lessons/{{bad}}/quiz")),
            (M::POST, format!("/api/v1/courses/{c}/lessons/{q}/attempts/{{bad}}/submit")),
            (M::GET, "/api/v1/certificates/{bad}".into()),
            (M::POST, "/api/v1/certificates/{bad}/revoke".into()),
            (M::GET, "/api/v1/members/{bad}".into()),
            (M::POST, "/api/v1/connections/{bad}/accept".into()),
            (M::DELETE, "/api/v1/connections/{bad}".into()),
            (M::DELETE, "/api/v1/me/sessions/{bad}".into()),
            (M::PATCH, "/api/v1/admin/users/{bad}".into()),
        ];
        // Bodies that are right, where `{}` is not.
        let body = |path: &str| match path {
            p if p.contains("/members/") => json!({"role": "member"}),
            p if p.ends_with("/lessons") => json!({"title": {"fr": "L"}, "kind": "text", "body": {"fr": "Texte"}}),
            p if p.ends_with("/revoke") => json!({"reason": "Fraude à l'évaluation"}),
            _ => json!({}),
        };
        // Not a UUID at all, the length of one, one character short of one, and a percent-encoded emoji.
        let malformed = ["not-an-id", &"0".repeat(36), "01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e7", "%F0%9F%98%80"];
        let mut wrong = Vec::new();
        for (method, template) in &routes {
            for bad in malformed {
                let path = template.replace("{bad}", bad);
                let mut request = app.http.request(method.clone(), app.url(&path)).bearer_auth(&staff.access_token);
                if method != M::GET {
                    request = request.json(&body(template));
                }
                let response = request.send().await.unwrap();
                let status = response.status().as_u16();
                let ct = response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
                let code = response.json::<Problem>().await.ok().map(|p| p.code);
                if (status, ct.as_str(), code) != (404, "application/problem+json", Some(ErrorCode::NotFound)) {
                    wrong.push(format!("{method} {path}: {status} {ct} {code:?}"));
                }
            }
        }
        assert!(wrong.is_empty(), "not a problem+json 404 not_found:\n{}", wrong.join("\n"));
        // The objects the good ids name are still there.
        app.as_user(&staff).call::<GetAssociation>(a, &()).await.unwrap();
        app.as_user(&staff).call::<GetLesson>((c, q), &()).await.unwrap();
    }
}
