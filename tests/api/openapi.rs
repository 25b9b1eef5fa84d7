//! The OpenAPI document: committed, complete, and true to the server.

use madani_shared::endpoints::{ALL, Method};
use madani_shared::{ErrorCode, Problem};
use madani_tests::{Backend, TestApp};
use serde_json::Value;

fn committed_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../openapi/openapi.json")
}

fn generated() -> Value {
    serde_json::from_str(&madani_api::openapi::document().to_pretty_json().unwrap()).unwrap()
}

/// `openapi/openapi.json` is what the code generates. To update it: `cargo xtask openapi`.
#[test]
fn committed_document_matches_the_code() {
    let fresh = madani_api::openapi::document().to_pretty_json().unwrap() + "\n";
    let committed = std::fs::read_to_string(committed_path()).unwrap_or_default();
    assert!(
        committed == fresh,
        "openapi/openapi.json is out of date with the code: run `cargo xtask openapi` and commit the result"
    );
}

#[test]
fn document_is_openapi_3_1_with_errors_examples_and_security() {
    let doc = generated();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    let paths = doc["paths"].as_object().unwrap();
    assert!(paths.len() >= 15);
    for (path, item) in paths {
        for (method, op) in item.as_object().unwrap() {
            let what = format!("{method} {path}");
            assert!(op["operationId"].is_string(), "{what}: operationId");
            assert!(op["summary"].is_string(), "{what}: summary");
            assert!(op["security"].is_array(), "{what}: security stated");
            let responses = op["responses"].as_object().unwrap();
            assert!(responses.keys().any(|s| s.starts_with('2')), "{what}: success response");
            assert!(responses.contains_key("500") && responses.contains_key("503"), "{what}: server errors");
            if let Some(body) = op.get("requestBody") {
                for status in ["413", "422"] {
                    assert!(responses.contains_key(status), "{what}: {status}");
                }
                // Malformed JSON and a body that is not JSON concern JSON bodies only; a picture,
                // a video or a CSV file is recognised by its content.
                let json = body["content"].get("application/json").is_some();
                for status in ["400", "415"] {
                    assert_eq!(responses.contains_key(status), json, "{what}: {status}");
                }
            }
            let secured = op["security"].as_array().unwrap().iter().any(|s| s.get("bearer").is_some());
            if secured {
                assert!(responses.contains_key("401"), "{what}: 401");
            }
        }
    }
    for name in ["ValidationFailed", "MalformedJson", "Unauthenticated"] {
        let example = &doc["components"]["responses"][name]["content"]["application/problem+json"]["example"];
        assert!(example["code"].is_string(), "{name} has an example");
    }
    assert!(doc["components"]["schemas"]["RegisterRequest"]["example"].is_object(), "request examples");
}

/// Every endpoint of the shared client is documented, with the same method.
#[test]
fn every_client_endpoint_is_documented() {
    let doc = generated();
    for (method, path) in ALL {
        let m = method.as_str().to_lowercase();
        assert!(
            doc["paths"][*path][&m].is_object(),
            "{} {path} is in the client but not in the document",
            method.as_str()
        );
    }
    // A HEAD operation is its GET without the body (for browsers and caches), not a client call.
    let documented: usize = doc["paths"]
        .as_object()
        .unwrap()
        .values()
        .map(|item| item.as_object().unwrap().keys().filter(|m| *m != "head").count())
        .sum();
    assert_eq!(documented, ALL.len(), "every documented operation has a client endpoint");
}

/// Every documented operation is answered by a handler (not the unknown-route fallback), and every
/// other method on a documented path is 405: the server has no undocumented operation there.
#[tokio::test]
async fn the_server_answers_exactly_the_documented_routes() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let doc = generated();
    for (path, item) in doc["paths"].as_object().unwrap() {
        let concrete = path.replace("{code}", "06").replace("{id}", "01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e7a");
        for method in ["GET", "POST", "PUT", "PATCH", "DELETE"] {
            let response = app
                .http
                .request(reqwest::Method::from_bytes(method.as_bytes()).unwrap(), app.url(&concrete))
                .header("content-type", "application/json")
                .body("{}")
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            let problem: Option<Problem> = response.json().await.ok();
            let fallback =
                problem.is_some_and(|p| matches!(p.code, ErrorCode::RouteNotFound | ErrorCode::MethodNotAllowed));
            // Documented under this path, or under a template that also matches it
            // (`PATCH /associations/{id}` answers `PATCH /associations/export`).
            let documented = item.get(method.to_lowercase()).is_some()
                || doc["paths"].as_object().unwrap().iter().any(|(template, other)| {
                    template_matches(template, &concrete) && other.get(method.to_lowercase()).is_some()
                });
            assert!(status < 500, "{method} {path}: {status}");
            assert_eq!(
                documented, !fallback,
                "{method} {path}: documented={documented}, answered by a handler={}",
                !fallback
            );
        }
    }
    let _ = Method::Get;
}

fn template_matches(template: &str, path: &str) -> bool {
    let (t, p): (Vec<&str>, Vec<&str>) = (template.split('/').collect(), path.split('/').collect());
    t.len() == p.len() && t.iter().zip(&p).all(|(t, p)| t == p || (t.starts_with('{') && !p.is_empty()))
}

/// Swagger UI is served from the binary, with no validator call and no CDN.
#[tokio::test]
async fn swagger_ui_is_served_offline() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let page = app.http.get(app.url("/api/docs/")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("swagger") && !html.contains("https://"), "no external assets");
    let init = app.http.get(app.url("/api/docs/swagger-initializer.js")).send().await.unwrap().text().await.unwrap();
    assert!(init.contains("/api/openapi.json"));
    assert!(
        init.contains("\"validatorUrl\":\"none\"") || init.contains("validatorUrl: \"none\"") || init.contains("none"),
        "{init}"
    );
    let served: Value = app.http.get(app.url("/api/openapi.json")).send().await.unwrap().json().await.unwrap();
    assert_eq!(served["info"]["title"], "Madani API");
    let redirect = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    assert!(redirect.get(app.url("/api/docs")).send().await.unwrap().status().is_redirection());
}
