//! Probes, security headers, request ids, CORS and the migrations' pairing.

use madani_shared::endpoints::{GetHealth, GetReady};
use madani_tests::{Backend, PASSWORD, TestApp, both_backends};

both_backends! {
    async fn health_and_readiness(app) {
        let health = app.client.call::<GetHealth>((), &()).await.unwrap();
        assert_eq!(health.status, "ok");
        let ready = app.client.call::<GetReady>((), &()).await.unwrap();
        assert_eq!(ready.database, match app.backend { Backend::Sqlite => "sqlite", Backend::Postgres => "postgres" });
    }

    async fn security_headers_and_request_ids(app) {
        let response = app.http.get(app.url("/api/v1/territories/wilayas")).header("x-request-id", "trace-123").send().await.unwrap();
        let h = response.headers();
        assert_eq!(h.get("x-request-id").unwrap(), "trace-123");
        assert_eq!(h.get("x-content-type-options").unwrap(), "nosniff");
        assert_eq!(h.get("x-frame-options").unwrap(), "DENY");
        assert!(h.get("referrer-policy").is_some());
        let csp = h.get("content-security-policy").unwrap().to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'") && csp.contains("default-src 'self'"));
        assert!(h.get("strict-transport-security").is_none(), "no HSTS on plain HTTP");
        // A request id is made when none (or a strange one) is sent.
        let response = app.http.get(app.url("/health")).header("x-request-id", "<script>").send().await.unwrap();
        let id = response.headers().get("x-request-id").unwrap().to_str().unwrap().to_owned();
        assert_eq!(id.len(), 36);
        // Compression when asked for.
        let gz = app.http.get(app.url("/api/v1/territories/wilayas")).header("accept-encoding", "gzip").send().await.unwrap();
        assert_eq!(gz.headers().get("content-encoding").unwrap(), "gzip");
    }

    async fn cors_is_closed_by_default(app) {
        let preflight = app
            .http
            .request(reqwest::Method::OPTIONS, app.url("/api/v1/me"))
            .header("origin", "https://elsewhere.example")
            .header("access-control-request-method", "GET")
            .send()
            .await
            .unwrap();
        assert!(preflight.headers().get("access-control-allow-origin").is_none());
    }
}

#[tokio::test]
async fn cors_allowlist_admits_listed_origins_only() {
    let app =
        TestApp::spawn_with(Backend::Sqlite, &[("MADANI_CORS_ORIGINS", "https://partner.example")]).await.unwrap();
    let ask = |origin: &'static str| {
        app.http
            .request(reqwest::Method::OPTIONS, app.url("/api/v1/me"))
            .header("origin", origin)
            .header("access-control-request-method", "GET")
            .header("access-control-request-headers", "authorization")
            .send()
    };
    let allowed = ask("https://partner.example").await.unwrap();
    assert_eq!(allowed.headers().get("access-control-allow-origin").unwrap(), "https://partner.example");
    let refused = ask("https://elsewhere.example").await.unwrap();
    assert!(refused.headers().get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn https_public_url_turns_on_hsts_and_secure_cookies() {
    let app =
        TestApp::spawn_with(Backend::Sqlite, &[("MADANI_PUBLIC_URL", "https://madani.example.org")]).await.unwrap();
    let response = app.http.get(app.url("/health")).send().await.unwrap();
    assert!(response.headers().get("strict-transport-security").unwrap().to_str().unwrap().contains("max-age="));
    app.member("secure@example.org").await;
    let login = app
        .http
        .post(app.url("/api/v1/auth/login"))
        .json(&serde_json::json!({"email": "secure@example.org", "password": PASSWORD, "transport": "cookie"}))
        .send()
        .await
        .unwrap();
    assert!(login.headers().get("set-cookie").unwrap().to_str().unwrap().contains("Secure"));
}

/// Both migration folders hold the same migrations, each with up and down.
#[test]
fn migrations_are_paired() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations");
    let list = |backend: &str| {
        let mut names: Vec<String> = std::fs::read_dir(root.join(backend))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| !n.starts_with('.'))
            .collect();
        names.sort();
        names
    };
    let (sqlite, postgres) = (list("sqlite"), list("postgres"));
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, postgres, "migrations/sqlite and migrations/postgres must have the same folders");
    for backend in ["sqlite", "postgres"] {
        for name in &sqlite {
            for file in ["up.sql", "down.sql"] {
                let path = root.join(backend).join(name).join(file);
                assert!(
                    std::fs::metadata(&path).map(|m| m.len() > 0).unwrap_or(false),
                    "{} missing or empty",
                    path.display()
                );
            }
        }
    }
}

/// Exports are limited to a few at once; with none allowed, the answer is 429 with Retry-After, and
/// the directory itself is not affected.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exports_beyond_the_limit_are_asked_to_come_back() {
    let app = TestApp::spawn_with(Backend::Sqlite, &[("MADANI_EXPORT_CONCURRENCY", "0")]).await.unwrap();
    let response = app.http.get(app.url("/api/v1/associations/export?format=csv")).send().await.unwrap();
    assert_eq!(response.status(), 429);
    assert_eq!(response.headers().get("retry-after").and_then(|v| v.to_str().ok()), Some("10"));
    let directory = app.http.get(app.url("/api/v1/associations")).send().await.unwrap();
    assert_eq!(directory.status(), 200);
    let open = TestApp::spawn(Backend::Sqlite).await.unwrap();
    assert_eq!(open.http.get(open.url("/api/v1/associations/export?format=csv")).send().await.unwrap().status(), 200);
}
