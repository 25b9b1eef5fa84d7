//! Bad input: every failure is a problem+json with a stable code, naming the field; never a 500.

use madani_shared::{ErrorCode, Problem};
use madani_tests::{TestApp, both_backends};

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
        app.register("a@example.org", "olive tree by the sea").await;
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
        assert_eq!(wrong.headers().get("allow").unwrap(), "POST");
        assert_eq!(wrong.json::<Problem>().await.unwrap().code, ErrorCode::MethodNotAllowed);

        let get_only = app.http.post(app.url("/api/v1/territories/wilayas/06/communes")).send().await.unwrap();
        assert_eq!(get_only.status(), 405);
        assert_eq!(get_only.headers().get("allow").unwrap(), "GET");

        // Outside the API, unknown pages are the web app's (deep links), and missing assets are 404.
        assert_eq!(app.http.get(app.url("/associations/some-deep-link")).send().await.unwrap().status(), 200);
        assert_eq!(app.http.get(app.url("/missing-asset-0123456789abcdef.js")).send().await.unwrap().status(), 404);
    }
}
