//! Finding 7: an association's postal address is private unless it says otherwise.

use madani_tests::both_backends;
use reqwest::Method;

use super::*;

both_backends! {
    // An address given the old way (a plain string) is kept private; members and staff see
    // it, anonymous callers and other members do not, nor does the export; made public, it
    // shows, with its flag.
    async fn a_postal_address_is_private_unless_made_public(app) {
        let owner = app.member("owner@example.org").await;
        let other = app.member("other@example.org").await;
        let staff = app.admin("staff@example.org").await;
        let street = "12 rue des Oliviers, Béjaïa";
        let body = json!({
            "name": {"fr": "Association El Amel"}, "registration_number": "06/2019/0421", "category": "wilaya",
            "fields": ["youth"], "wilaya_code": "06", "commune_id": 158, "size": "small", "address": street
        });
        let (status, created) = raw(&app, Method::POST, "/api/v1/associations", Some(&owner), Some(body)).await;
        assert_eq!(status, 201, "{created}");
        let path = format!("/api/v1/associations/{}", created["id"].as_str().unwrap());
        let private = json!({"value": street, "public": false});
        assert_eq!(created["address"], private, "the owner sees it, marked private");

        let (_, anonymous) = raw(&app, Method::GET, &path, None, None).await;
        assert_eq!(anonymous["address"], Value::Null, "anonymous callers do not see it: {anonymous}");
        let (_, stranger) = raw(&app, Method::GET, &path, Some(&other), None).await;
        assert_eq!(stranger["address"], Value::Null);
        let (_, as_staff) = raw(&app, Method::GET, &path, Some(&staff), None).await;
        assert_eq!(as_staff["address"], private);
        for format in ["csv", "json"] {
            let export = app.http.get(app.url(&format!("/api/v1/associations/export?format={format}"))).send().await.unwrap();
            let text = export.text().await.unwrap();
            assert!(text.contains("Association El Amel") && !text.contains("rue des Oliviers"), "{text}");
        }

        // Made public, it shows to everyone, flag and all; the export keeps its columns.
        let public = json!({"value": street, "public": true});
        let (status, changed) = raw(&app, Method::PATCH, &path, Some(&owner), Some(json!({"address": public}))).await;
        assert_eq!((status, &changed["address"]), (200, &public));
        let (_, anonymous) = raw(&app, Method::GET, &path, None, None).await;
        assert_eq!(anonymous["address"], public);
        // An empty value removes it, as for the contacts.
        let (_, removed) = raw(&app, Method::PATCH, &path, Some(&owner), Some(json!({"address": {"value": "", "public": true}}))).await;
        assert_eq!(removed["address"], Value::Null);
    }
}
