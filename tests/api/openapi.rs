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
            // The WebSocket's success is its switch of protocols.
            assert!(responses.keys().any(|s| s.starts_with('2') || s == "101"), "{what}: success response");
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

/// The interpreter of the contract tests' venv (`tests/contract/ensure_venv.py` makes it once, from
/// the Python package index), or `None` without Python: a local run then skips, CI fails.
fn contract_python() -> Option<std::path::PathBuf> {
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("contract/ensure_venv.py");
    let out = std::process::Command::new("python3").arg(&script).output();
    match out {
        Ok(out) if out.status.success() => Some(String::from_utf8(out.stdout).unwrap().trim().into()),
        other => {
            let why = match other {
                Ok(out) => String::from_utf8_lossy(&out.stderr).into_owned(),
                Err(e) => e.to_string(),
            };
            assert!(std::env::var_os("CI").is_none(), "the contract tests' Python tools: {why}");
            eprintln!("SKIPPED: no Python for the OpenAPI validator ({why})");
            None
        }
    }
}

/// The document is valid OpenAPI 3.1 for a strict validator (openapi-spec-validator): every schema
/// it refers to is defined, every schema is valid JSON Schema. A client generator reads it as is.
#[test]
fn document_passes_a_strict_openapi_3_1_validator() {
    let Some(python) = contract_python() else { return };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("openapi.json");
    std::fs::write(&file, madani_api::openapi::document().to_pretty_json().unwrap()).unwrap();
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("contract/validate_document.py");
    let out = std::process::Command::new(python).arg(script).arg(&file).output().unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{report}{}", String::from_utf8_lossy(&out.stderr));
}

/// Every `$ref` names a schema or response the document defines (a parameter's type included).
#[test]
fn every_reference_is_defined() {
    fn walk(value: &Value, doc: &Value, missing: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(target)) = map.get("$ref") {
                    let found = target
                        .strip_prefix("#/")
                        .is_some_and(|p| p.split('/').try_fold(doc, |node, key| node.get(key)).is_some());
                    if !found {
                        missing.push(target.clone());
                    }
                }
                map.values().for_each(|v| walk(v, doc, missing));
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, doc, missing)),
            _ => {}
        }
    }
    let doc = generated();
    let mut missing = Vec::new();
    walk(&doc, &doc, &mut missing);
    assert!(missing.is_empty(), "undefined: {missing:?}");
}

/// The limits the server enforces on lists are in the document: `limit` is 1 to 100, a cursor
/// has a maximum length; a body whose fields are all optional may be left out, except the
/// profile's `PUT`, which replaces it whole.
#[test]
fn list_limits_and_optional_bodies_are_stated() {
    let doc = generated();
    let mut lists = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            for p in op["parameters"].as_array().into_iter().flatten() {
                if p["name"] == "limit" {
                    lists += 1;
                    assert_eq!((&p["schema"]["minimum"], &p["schema"]["maximum"]), (&1.into(), &100.into()), "{path}");
                }
                if p["name"] == "cursor" {
                    assert!(p["schema"]["maxLength"].is_u64(), "{method} {path}: cursor");
                }
            }
            let Some(body) = op.get("requestBody") else { continue };
            let Some(schema) = body["content"]["application/json"]["schema"].as_object() else { continue };
            let name = schema["$ref"].as_str().unwrap().rsplit('/').next().unwrap();
            let all_optional = doc["components"]["schemas"][name]["required"].as_array().is_none_or(Vec::is_empty);
            let replaces = (method.as_str(), path.as_str()) == ("put", "/api/v1/me/profile");
            assert_eq!(body["required"] == true, !all_optional || replaces, "{method} {path}: body required");
        }
    }
    assert!(lists >= 6);
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

/// Every documented operation is answered by a handler (not the unknown-route answer), and every
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
            // Documented under this very path: a literal segment wins over a placeholder, so
            // `PATCH /associations/export` is 405, not `PATCH /associations/{id}`.
            let documented = item.get(method.to_lowercase()).is_some();
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
