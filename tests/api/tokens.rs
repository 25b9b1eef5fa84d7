//! Access tokens the server must refuse: each forged or broken in one way.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{EncodingKey, Header, encode};
use madani_shared::ErrorCode;
use madani_shared::auth::TokenResponse;
use madani_tests::{TestApp, both_backends};
use serde_json::{Value, json};

fn b64(v: &Value) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(v).unwrap())
}

fn claims_of(token: &str) -> Value {
    let payload = token.split('.').nth(1).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

/// Sign `claims` with `secret` (HS256) under the server's key id.
fn sign(claims: &Value, secret: &str, kid: &str) -> String {
    let mut header = Header::new(jsonwebtoken::Algorithm::HS256);
    header.kid = Some(kid.to_owned());
    encode(&header, claims, &EncodingKey::from_secret(secret.as_bytes())).unwrap()
}

async fn status_with(app: &TestApp, token: &str) -> (u16, Option<ErrorCode>, Option<String>) {
    let response = app.http.get(app.url("/api/v1/me")).bearer_auth(token).send().await.unwrap();
    let status = response.status().as_u16();
    let www = response.headers().get("www-authenticate").map(|v| v.to_str().unwrap().to_owned());
    let problem: Option<madani_shared::Problem> = response.json().await.ok();
    (status, problem.map(|p| p.code), www)
}

both_backends! {
    async fn forged_and_broken_tokens_are_refused(app) {
        let login: TokenResponse = app.member("token@example.org").await;
        let good = login.access_token.clone();
        let header: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(good.split('.').next().unwrap()).unwrap()).unwrap();
        assert_eq!(header["alg"], "HS256");
        let kid = header["kid"].as_str().expect("kid").to_owned();
        let claims = claims_of(&good);
        for claim in ["iss", "aud", "sub", "exp", "iat", "jti", "sid"] {
            assert!(claims.get(claim).is_some(), "claim {claim} missing");
        }
        assert!(claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap() <= 900);

        // The genuine token works, and so does one we sign the same way: the forgeries below differ in one thing.
        assert_eq!(status_with(&app, &good).await.0, 200);
        assert_eq!(status_with(&app, &sign(&claims, &app.jwt_secret, &kid)).await.0, 200);

        let now = chrono::Utc::now().timestamp();
        let with = |key: &str, value: Value| {
            let mut c = claims.clone();
            c[key] = value;
            c
        };
        let mut without_exp = claims.clone();
        without_exp.as_object_mut().unwrap().remove("exp");

        let mut tampered = good.clone();
        let last = tampered.pop().unwrap();
        tampered.push(if last == 'A' { 'B' } else { 'A' });
        let payload_swapped = {
            let parts: Vec<&str> = good.split('.').collect();
            format!("{}.{}.{}", parts[0], b64(&with("sub", json!("00000000-0000-7000-8000-000000000000"))), parts[2])
        };

        let cases: Vec<(&str, String)> = vec![
            ("expired", sign(&with("exp", json!(now - 120)), &app.jwt_secret, &kid)),
            ("wrong audience", sign(&with("aud", json!("someone-else")), &app.jwt_secret, &kid)),
            ("wrong issuer", sign(&with("iss", json!("https://evil.example")), &app.jwt_secret, &kid)),
            ("alg none", format!("{}.{}.", b64(&json!({"alg": "none", "typ": "JWT", "kid": kid})), b64(&claims))),
            ("signature tampered", tampered),
            ("payload swapped", payload_swapped),
            ("another key", sign(&claims, "another-secret-another-secret-000", &kid)),
            ("missing exp", sign(&without_exp, &app.jwt_secret, &kid)),
            ("exp as a string", sign(&with("exp", json!((now + 600).to_string())), &app.jwt_secret, &kid)),
            ("unknown kid", sign(&claims, &app.jwt_secret, "0000000000000000")),
            ("session that does not exist", sign(&with("sid", json!("01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e7a")), &app.jwt_secret, &kid)),
            ("garbage", "not.a.jwt".into()),
        ];
        for (what, token) in cases {
            let (status, code, www) = status_with(&app, &token).await;
            assert_eq!(status, 401, "{what} must be refused");
            assert_eq!(code, Some(ErrorCode::InvalidToken), "{what}");
            assert!(www.unwrap_or_default().contains("invalid_token"), "{what}: WWW-Authenticate");
        }

        // No header at all, or another scheme.
        let none = app.http.get(app.url("/api/v1/me")).send().await.unwrap();
        assert_eq!(none.status(), 401);
        assert!(none.headers().get("www-authenticate").is_some());
        let basic = app.http.get(app.url("/api/v1/me")).header("authorization", "Basic YTpi").send().await.unwrap();
        assert_eq!(basic.status(), 401);
    }
}
