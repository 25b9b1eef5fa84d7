//! Finding 3: a pending registration never holds a registration number; staff settle duplicates.

use std::time::{Duration, Instant};

use madani_shared::ErrorCode;
use madani_shared::associations::{AssociationStatus, StatusDecision};
use madani_shared::endpoints::{
    GetAssociation, ListAuditLog, ListMyNotifications, RejectAssociation, VerifyAssociation,
};
use madani_shared::ids::AssociationId;
use madani_shared::page::PageQuery;
use madani_tests::{AssociationBuilder, both_backends, problem};
use reqwest::Method;

use super::*;

/// The verification queue's entries, raw.
async fn queue(app: &TestApp, staff: &TokenResponse) -> Vec<Value> {
    let (status, page) = raw(app, Method::GET, "/api/v1/verification-queue", Some(staff), None).await;
    assert_eq!(status, 200, "{page}");
    page["items"].as_array().cloned().unwrap_or_default()
}

/// The ids another association claiming the same number has, per the queue entry of `id`.
fn claims(queue: &[Value], id: AssociationId) -> Vec<(String, String)> {
    let entry = queue.iter().find(|e| e["id"] == json!(id)).unwrap_or_else(|| panic!("{id} not queued: {queue:?}"));
    entry["number_claimed_by"]
        .as_array()
        .unwrap_or_else(|| panic!("no number_claimed_by: {entry}"))
        .iter()
        .map(|c| (c["id"].as_str().unwrap().to_owned(), c["status"].as_str().unwrap().to_owned()))
        .collect()
}

/// Import `csv` as `staff` and follow the job to its end: the job, raw.
async fn import(app: &TestApp, staff: &TokenResponse, csv: &str, dry_run: bool) -> Value {
    let url = app.url(&format!("/api/v1/imports/associations?dry_run={dry_run}"));
    let response = app
        .http
        .post(url)
        .bearer_auth(&staff.access_token)
        .header("content-type", "text/csv")
        .body(csv.to_owned())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 202);
    let job: Value = response.json().await.unwrap();
    let path = format!("/api/v1/imports/{}", job["id"].as_str().unwrap());
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (_, job) = raw(app, Method::GET, &path, Some(staff), None).await;
        if job["status"] == "succeeded" || job["status"] == "failed" {
            return job;
        }
        assert!(Instant::now() < deadline, "the import did not finish: {job}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

both_backends! {
    // A squatter's pending registration does not stop the real association from registering
    // its number; staff see the duplicate in the queue, verify the real one, cannot verify the
    // squatter's, and delete it (audited, its officers told).
    async fn a_pending_registration_never_holds_a_number_and_staff_delete_the_squatter(app) {
        let squatter = app.member("squatter@example.org").await;
        let owner = app.member("owner@example.org").await;
        let staff = app.admin("staff@example.org").await;
        let number = "16/2019/0421";
        let squat = AssociationBuilder::new(&squatter).name_fr("Squat").registration(number).expect_build(&app).await;
        let real = AssociationBuilder::new(&owner).name_fr("Association El Amel").registration(number).build(&app).await;
        let real = real.expect("a pending registration does not hold the number");

        let waiting = queue(&app, &staff).await;
        assert_eq!(claims(&waiting, squat.id), [(real.id.to_string(), "pending".to_owned())]);
        assert_eq!(claims(&waiting, real.id), [(squat.id.to_string(), "pending".to_owned())]);
        let entry = waiting.iter().find(|e| e["id"] == json!(real.id)).unwrap();
        assert_eq!(entry["registration_number"], number, "staff see the number in the queue");

        let as_staff = app.as_user(&staff);
        as_staff.call::<VerifyAssociation>(real.id, &StatusDecision::default()).await.unwrap();
        assert_eq!(claims(&queue(&app, &staff).await, squat.id), [(real.id.to_string(), "verified".to_owned())]);
        let p = problem(as_staff.call::<VerifyAssociation>(squat.id, &StatusDecision::default()).await);
        assert_eq!((p.status, p.code), (409, ErrorCode::RegistrationNumberTaken));
        // Held by a verified association, the number is taken for new registrations too.
        let again = problem(AssociationBuilder::new(&squatter).registration(number).build(&app).await);
        assert_eq!((again.status, again.code), (409, ErrorCode::RegistrationNumberTaken));

        // Deleting: staff only, with a reason, pending or rejected associations only.
        let path = format!("/api/v1/associations/{}", squat.id);
        let because = json!({"reason": "Ce numéro appartient à une autre association."});
        let (status, p) = raw(&app, Method::DELETE, &path, Some(&squatter), Some(because.clone())).await;
        assert_eq!((status, p["code"].as_str()), (403, Some("not_staff")));
        let (status, p) = raw(&app, Method::DELETE, &path, Some(&staff), Some(json!({}))).await;
        assert_eq!(status, 422, "a reason is required: {p}");
        let real_path = format!("/api/v1/associations/{}", real.id);
        let (status, p) = raw(&app, Method::DELETE, &real_path, Some(&staff), Some(because.clone())).await;
        assert_eq!((status, p["code"].as_str()), (409, Some("invalid_status_change")));
        let (status, _) = raw(&app, Method::DELETE, &path, Some(&staff), Some(because.clone())).await;
        assert_eq!(status, 204);
        assert_eq!(problem(app.as_user(&squatter).call::<GetAssociation>(squat.id, &()).await).status, 404);
        assert!(queue(&app, &staff).await.iter().all(|e| e["id"] != json!(squat.id)));
        let told = app.as_user(&squatter).call::<ListMyNotifications>((), &()).await.unwrap();
        assert!(told.iter().any(|n| n.kind == "association.deleted" && n.reason.as_deref() == Some("Ce numéro appartient à une autre association.")), "{told:?}");
        app.wait_for_email("squatter@example.org", "Squat").await;
        let log = as_staff.call::<ListAuditLog>((), &PageQuery::default()).await.unwrap();
        assert!(log.items.iter().any(|e| e.action == "association.deleted" && e.target_id == format!("{}", squat.id)), "{log:?}");
        // The real association is untouched.
        let kept = app.as_user(&owner).call::<GetAssociation>(real.id, &()).await.unwrap();
        assert_eq!((kept.status, kept.registration_number.as_str()), (AssociationStatus::Verified, number));
    }

    // A member holds at most three pending registrations at once; a decision frees a place.
    async fn a_member_holds_at_most_three_pending_registrations(app) {
        let member = app.member("member@example.org").await;
        let staff = app.admin("staff@example.org").await;
        let mut pending = Vec::new();
        for _ in 0..3 {
            pending.push(AssociationBuilder::new(&member).expect_build(&app).await);
        }
        let (status, p) = raw(&app, Method::POST, "/api/v1/associations", Some(&member), Some(json!({
            "name": {"fr": "Encore une"}, "registration_number": "99/2020/0001", "category": "wilaya",
            "fields": ["youth"], "wilaya_code": "06", "size": "small"
        }))).await;
        assert_eq!((status, p["code"].as_str()), (409, Some("too_many_pending_registrations")));
        let because = StatusDecision { reason: Some("Statuts manquants".into()) };
        app.as_user(&staff).call::<RejectAssociation>(pending[0].id, &because).await.unwrap();
        AssociationBuilder::new(&member).build(&app).await.expect("a rejected one no longer counts");
    }

    // The observatory's import takes over a number that only a pending or a rejected
    // registration claims, and says so in the dry run; a verified one's number stays taken.
    async fn the_import_takes_over_a_number_held_only_by_a_pending_registration(app) {
        let squatter = app.member("squatter@example.org").await;
        let owner = app.member("owner@example.org").await;
        let staff = app.admin("staff@example.org").await;
        let squat = AssociationBuilder::new(&squatter).registration("16/2019/0001").expect_build(&app).await;
        AssociationBuilder::new(&squatter).registration("16/2019/0002").rejected_by(&staff, "Non").expect_build(&app).await;
        AssociationBuilder::new(&owner).registration("16/2019/0003").verified_by(&staff).expect_build(&app).await;
        let header = "registration_number,name_fr,category,fields,wilaya_code,size\r\n";
        let rows = "16/2019/0001,Association officielle 1,wilaya,youth,16,small\r\n16/2019/0002,Association officielle 2,wilaya,youth,16,small\r\n";

        let dry = import(&app, &staff, &format!("{header}{rows}"), true).await;
        assert_eq!((dry["status"].as_str(), dry["errors"].as_array().map(Vec::len)), (Some("succeeded"), Some(0)), "{dry}");
        let notes: Vec<(u64, String, String)> = dry["notes"]
            .as_array()
            .unwrap_or_else(|| panic!("no notes: {dry}"))
            .iter()
            .map(|n| (n["row"].as_u64().unwrap(), n["code"].as_str().unwrap().to_owned(), n["message"].as_str().unwrap().to_owned()))
            .collect();
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert_eq!((notes[0].0, notes[0].1.as_str()), (2, "takes_over_number"));
        assert!(notes[0].2.contains("pending registration"), "{notes:?}");
        assert!(notes[1].2.contains("rejected registration"), "{notes:?}");

        let taken = import(&app, &staff, &format!("{header}16/2019/0003,Doublon,wilaya,youth,16,small\r\n"), true).await;
        assert_eq!(taken["status"], "failed");
        assert_eq!((taken["errors"][0]["row"].as_u64(), taken["errors"][0]["code"].as_str()), (Some(2), Some("taken")));

        let done = import(&app, &staff, &format!("{header}{rows}"), false).await;
        assert_eq!((done["status"].as_str(), done["created"].as_i64()), (Some("succeeded"), Some(2)), "{done}");
        // The squatter's registration is left to staff, flagged: a verified association now
        // holds its number, and verifying it is refused.
        let claimed = claims(&queue(&app, &staff).await, squat.id);
        assert_eq!(claimed.len(), 1);
        assert_eq!(claimed[0].1, "verified");
        let p = problem(app.as_user(&staff).call::<VerifyAssociation>(squat.id, &StatusDecision::default()).await);
        assert_eq!(p.code, ErrorCode::RegistrationNumberTaken);
    }
}
