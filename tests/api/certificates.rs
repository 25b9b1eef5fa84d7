//! Certificates over HTTP, on both backends: issued on completion only, verifiable by code without
//! signing in, a credential that verifies with the published key in another JOSE library and fails
//! when tampered with, revocation seen through the status list, and lookups limited.

use std::io::Read;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use madani_shared::auth::TokenResponse;
use madani_shared::certificates::*;
use madani_shared::endpoints::*;
use madani_shared::ids::{CourseId, LessonId};
use madani_tests::{CourseBuilder, TestApp, both_backends, problem};

/// A published course of two required text lessons: (course id, lesson ids).
async fn course(app: &TestApp, staff: &TokenResponse) -> (CourseId, Vec<LessonId>) {
    let built = CourseBuilder::new(staff)
        .title("Comptabilité associative")
        .title_ar("المحاسبة الجمعوية")
        .module("M", |m| m.text_lesson("Le journal", true).text_lesson("Le bilan", true))
        .published()
        .expect_build(app)
        .await;
    (built.id(), built.lessons)
}

/// Enrol `who` and complete every lesson; their certificate.
async fn complete(app: &TestApp, who: &TokenResponse, id: CourseId, lessons: &[LessonId]) -> Certificate {
    let client = app.as_user(who);
    client.call::<Enrol>(id, &()).await.unwrap();
    for &l in lessons {
        client.call::<CompleteLesson>((id, l), &()).await.unwrap();
    }
    client
        .call::<ListMyCertificates>((), &())
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.course_id == id)
        .expect("a certificate")
}

async fn jwks_key(app: &TestApp) -> DecodingKey {
    let jwks: serde_json::Value =
        app.http.get(app.url("/.well-known/jwks.json")).send().await.unwrap().json().await.unwrap();
    let key = &jwks["keys"][0];
    assert_eq!(
        (key["kty"].as_str(), key["crv"].as_str(), key["alg"].as_str()),
        (Some("OKP"), Some("Ed25519"), Some("EdDSA"))
    );
    DecodingKey::from_ed_components(key["x"].as_str().unwrap()).unwrap()
}

fn validation() -> Validation {
    let mut v = Validation::new(Algorithm::EdDSA);
    v.required_spec_claims.clear();
    v.validate_exp = false;
    v.validate_aud = false;
    v
}

both_backends! {
    async fn completing_a_course_issues_a_certificate_anyone_can_verify(app) {
        let staff = app.admin("staff@example.org").await;
        let learner = app.member("learner@example.org").await;
        let other = app.member("other@example.org").await;
        let (id, lessons) = course(&app, &staff).await;

        // Half done: no certificate.
        app.as_user(&learner).call::<Enrol>(id, &()).await.unwrap();
        app.as_user(&learner).call::<CompleteLesson>((id, lessons[0]), &()).await.unwrap();
        assert!(app.as_user(&learner).call::<ListMyCertificates>((), &()).await.unwrap().is_empty());
        let cert = complete(&app, &learner, id, &lessons).await;
        assert_eq!(cert.status, CertificateStatus::Valid);
        assert_eq!(cert.holder_name, "learner");
        assert!(cert.code.len() == 11 && cert.code.as_bytes()[5] == b'-', "{}", cert.code);
        assert!(cert.verification_url.ends_with(&format!("/verify/{}", cert.code)));
        // Completing again does not issue a second one.
        app.as_user(&learner).call::<CompleteLesson>((id, lessons[1]), &()).await.unwrap();
        assert_eq!(app.as_user(&learner).call::<ListMyCertificates>((), &()).await.unwrap().len(), 1);

        // Anyone verifies it by its code, typed loosely, without signing in.
        let typed = cert.code.to_lowercase().replace('-', " ");
        let seen = app.client.call::<VerifyCertificate>(typed.parse().unwrap(), &()).await.unwrap();
        assert_eq!((seen.holder_name.as_str(), seen.status, seen.course_title.ar.as_deref()), ("learner", CertificateStatus::Valid, Some("المحاسبة الجمعوية")));
        assert_eq!(problem(app.client.call::<VerifyCertificate>("0000000000".parse().unwrap(), &()).await).status, 404);
        // The QR code to print: an SVG image.
        let qr = app.http.get(app.url(&format!("/api/v1/verify/{}/qr.svg", cert.code))).send().await.unwrap();
        assert_eq!(qr.headers().get("content-type").unwrap(), "image/svg+xml");
        assert!(qr.text().await.unwrap().contains("<svg"));
        // The holder and staff read the certificate; another member does not learn it exists.
        assert_eq!(app.as_user(&staff).call::<GetCertificate>(cert.id, &()).await.unwrap().id, cert.id);
        assert_eq!(problem(app.as_user(&other).call::<GetCertificate>(cert.id, &()).await).status, 404);

        // The credential verifies with the published key in another library than the signer's.
        let header = jsonwebtoken::decode_header(&cert.credential).unwrap();
        assert_eq!((header.alg, header.typ.as_deref()), (Algorithm::EdDSA, Some("vc+jwt")));
        let key = jwks_key(&app).await;
        let claims = jsonwebtoken::decode::<serde_json::Value>(&cert.credential, &key, &validation()).unwrap().claims;
        assert_eq!(claims["type"], serde_json::json!(["VerifiableCredential", "OpenBadgeCredential"]));
        assert_eq!(claims["credentialSubject"]["achievement"]["type"], serde_json::json!(["Achievement"]));
        assert_eq!(claims["credentialSubject"]["identifier"][0]["identityHash"], "learner");
        assert_eq!(claims["credentialStatus"]["type"], "BitstringStatusListEntry");
        // A changed payload no longer verifies.
        let parts: Vec<&str> = cert.credential.split('.').collect();
        let mut forged: serde_json::Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
        forged["credentialSubject"]["identifier"][0]["identityHash"] = "someone else".into();
        let tampered = format!("{}.{}.{}", parts[0], URL_SAFE_NO_PAD.encode(forged.to_string()), parts[2]);
        assert!(jsonwebtoken::decode::<serde_json::Value>(&tampered, &key, &validation()).is_err());
    }

    async fn revocation_shows_on_the_verification_and_in_the_status_list(app) {
        let staff = app.admin("staff@example.org").await;
        let first = app.member("first@example.org").await;
        let second = app.member("second@example.org").await;
        let (id, lessons) = course(&app, &staff).await;
        let revoked = complete(&app, &first, id, &lessons).await;
        let kept = complete(&app, &second, id, &lessons).await;

        let reason = RevokeCertificate { reason: "Fraude à l'évaluation".into() };
        assert_eq!(problem(app.as_user(&first).call::<RevokeCertificateEndpoint>(revoked.id, &reason).await).status, 403);
        let p = problem(app.as_user(&staff).call::<RevokeCertificateEndpoint>(revoked.id, &RevokeCertificate { reason: "x".into() }).await);
        assert_eq!((p.status, p.field("reason").is_some()), (422, true));
        let done = app.as_user(&staff).call::<RevokeCertificateEndpoint>(revoked.id, &reason).await.unwrap();
        assert_eq!(done.status, CertificateStatus::Revoked);
        assert_eq!(problem(app.as_user(&staff).call::<RevokeCertificateEndpoint>(revoked.id, &reason).await).status, 409);
        let seen = app.client.call::<VerifyCertificate>(revoked.code.parse().unwrap(), &()).await.unwrap();
        assert_eq!((seen.status, seen.revoked_reason.as_deref()), (CertificateStatus::Revoked, Some("Fraude à l'évaluation")));
        assert!(app.as_user(&first).call::<ListMyNotifications>((), &()).await.unwrap().iter().any(|n| n.kind == "certificate.revoked"));

        // The status list, signed, has the revoked certificate's bit set and not the other's.
        let response = app.http.get(app.url("/api/v1/status-lists/revocation")).send().await.unwrap();
        assert_eq!(response.headers().get("content-type").unwrap(), "application/vc+jwt");
        let list_jwt = response.text().await.unwrap();
        let list = jsonwebtoken::decode::<serde_json::Value>(&list_jwt, &jwks_key(&app).await, &validation()).unwrap().claims;
        assert_eq!(list["type"], serde_json::json!(["VerifiableCredential", "BitstringStatusListCredential"]));
        let encoded = list["credentialSubject"]["encodedList"].as_str().unwrap();
        let compressed = URL_SAFE_NO_PAD.decode(encoded.strip_prefix('u').expect("multibase base64url")).unwrap();
        let mut bits = Vec::new();
        flate2::read::GzDecoder::new(&compressed[..]).read_to_end(&mut bits).unwrap();
        assert_eq!(bits.len(), 131_072 / 8);
        let index_of = |c: &Certificate| -> usize {
            let parts: Vec<&str> = c.credential.split('.').collect();
            let claims: serde_json::Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
            claims["credentialStatus"]["statusListIndex"].as_str().unwrap().parse().unwrap()
        };
        let bit = |i: usize| bits[i / 8] & (0x80 >> (i % 8)) != 0;
        assert!(bit(index_of(&revoked)), "the revoked certificate's bit");
        assert!(!bit(index_of(&kept)), "the other certificate's bit");
        assert_eq!(bits.iter().map(|b| b.count_ones()).sum::<u32>(), 1);
    }

    async fn verification_lookups_are_limited_per_address(app) {
        let mut last = 0;
        for _ in 0..31 {
            last = app.http.get(app.url("/api/v1/verify/ABCDE-FGHJK")).send().await.unwrap().status().as_u16();
        }
        assert_eq!(last, 429, "the 31st lookup in a minute");
    }
}
