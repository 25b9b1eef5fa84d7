//! Finding 12 (the registry's parts): invitations need their inviter's right at acceptance;
//! renaming or moving a verified association sends it back for verification; anonymous directory
//! exports are limited per client address.

use madani_shared::associations::{
    AssociationStatus, CreateInvitation, MemberRole, StatusDecision, TransferOwnership, UpdateAssociation, UpdateMember,
};
use madani_shared::endpoints::{
    CreateInvitationEndpoint, ListAuditLog, ListMyInvitations, ListMyNotifications, RemoveMember,
    TransferOwnershipEndpoint, UpdateAssociationEndpoint, UpdateMemberEndpoint, VerifyAssociation,
};
use madani_shared::page::PageQuery;
use madani_tests::{AssociationBuilder, Backend, both_backends, fr};
use reqwest::Method;

use super::*;

fn invite(email: &str, role: MemberRole) -> CreateInvitation {
    CreateInvitation { email: email.into(), role, message: None }
}

both_backends! {
    // An admin demoted, an admin removed, an owner who handed ownership over: their open
    // invitations no longer grant the role (409 `invitation_void`, and the invitation is
    // withdrawn); an invitation the inviter could still send stands.
    async fn an_invitation_grants_only_what_its_inviter_may_still_grant(app) {
        let owner = app.member("owner@example.org").await;
        let (demoted, removed, heir) = (app.member("demoted@example.org").await, app.member("removed@example.org").await, app.member("heir@example.org").await);
        let a = AssociationBuilder::new(&owner).members(&[&demoted, &removed, &heir]).expect_build(&app).await;
        let as_owner = app.as_user(&owner);
        for officer in [&demoted, &removed] {
            as_owner.call::<UpdateMemberEndpoint>((a.id, officer.user.id), &UpdateMember { role: MemberRole::Admin }).await.unwrap();
        }
        app.as_user(&demoted).call::<CreateInvitationEndpoint>(a.id, &invite("x1@example.org", MemberRole::Member)).await.unwrap();
        app.as_user(&removed).call::<CreateInvitationEndpoint>(a.id, &invite("x2@example.org", MemberRole::Member)).await.unwrap();
        as_owner.call::<CreateInvitationEndpoint>(a.id, &invite("x3@example.org", MemberRole::Admin)).await.unwrap();
        as_owner.call::<CreateInvitationEndpoint>(a.id, &invite("x4@example.org", MemberRole::Member)).await.unwrap();

        as_owner.call::<UpdateMemberEndpoint>((a.id, demoted.user.id), &UpdateMember { role: MemberRole::Member }).await.unwrap();
        as_owner.call::<RemoveMember>((a.id, removed.user.id), &()).await.unwrap();
        // The owner becomes an admin: no longer one who invites admins, still one who invites members.
        as_owner.call::<TransferOwnershipEndpoint>(a.id, &TransferOwnership { user_id: heir.user.id }).await.unwrap();

        for email in ["x1@example.org", "x2@example.org", "x3@example.org"] {
            let invitee = app.member(email).await;
            let mine = app.as_user(&invitee).call::<ListMyInvitations>((), &()).await.unwrap();
            let path = format!("/api/v1/invitations/{}/accept", mine[0].id);
            let (status, p) = raw(&app, Method::POST, &path, Some(&invitee), None).await;
            assert_eq!((status, p["code"].as_str()), (409, Some("invitation_void")), "{email}: {p}");
            assert!(app.as_user(&invitee).call::<ListMyInvitations>((), &()).await.unwrap().is_empty(), "{email}: withdrawn");
            let (status, _) = raw(&app, Method::POST, &path, Some(&invitee), None).await;
            assert_eq!(status, 409, "{email}: still no way in");
        }
        let x4 = app.member("x4@example.org").await;
        let mine = app.as_user(&x4).call::<ListMyInvitations>((), &()).await.unwrap();
        let (status, joined) = raw(&app, Method::POST, &format!("/api/v1/invitations/{}/accept", mine[0].id), Some(&x4), None).await;
        assert_eq!((status, joined["role"].as_str()), (200, Some("member")), "{joined}");
    }

    // A new name or wilaya sends a verified association back to the queue (its officers told,
    // the change audited); other changes, or the same name again, do not; a suspended one
    // stays suspended.
    async fn renaming_or_moving_a_verified_association_sends_it_back_for_verification(app) {
        let owner = app.member("owner@example.org").await;
        let staff = app.admin("staff@example.org").await;
        let a = AssociationBuilder::new(&owner).name_fr("Association El Amel").verified_by(&staff).expect_build(&app).await;
        let as_owner = app.as_user(&owner);
        let change = |u: UpdateAssociation| {
            let client = as_owner.clone();
            async move { client.call::<UpdateAssociationEndpoint>(a.id, &u).await }
        };
        let described = change(UpdateAssociation { description: Some(fr("Pour les jeunes.")), ..Default::default() }).await.unwrap();
        assert_eq!(described.status, AssociationStatus::Verified);
        let same = change(UpdateAssociation { name: Some(fr(" Association El Amel ")), ..Default::default() }).await.unwrap();
        assert_eq!(same.status, AssociationStatus::Verified, "the same name is no change");

        let renamed = change(UpdateAssociation { name: Some(fr("Banque Nationale")), ..Default::default() }).await.unwrap();
        assert_eq!(renamed.status, AssociationStatus::Pending);
        let as_staff = app.as_user(&staff);
        let (_, queued) = raw(&app, Method::GET, "/api/v1/verification-queue", Some(&staff), None).await;
        assert!(queued["items"].as_array().unwrap().iter().any(|e| e["id"] == json!(a.id)), "{queued}");
        let told = as_owner.call::<ListMyNotifications>((), &()).await.unwrap();
        assert!(told.iter().any(|n| n.kind == "association.reverification" && n.association_id == Some(a.id)), "{told:?}");
        let log = as_staff.call::<ListAuditLog>((), &PageQuery::default()).await.unwrap();
        let entry = log.items.iter().find(|e| e.action == "association.reverification").expect("audited");
        assert_eq!((entry.target_id.as_str(), entry.actor_name.as_deref()), (a.id.to_string().as_str(), Some("owner")));

        as_staff.call::<VerifyAssociation>(a.id, &StatusDecision::default()).await.unwrap();
        let moved = change(UpdateAssociation { wilaya_code: Some("31".into()), ..Default::default() }).await.unwrap();
        assert_eq!(moved.status, AssociationStatus::Pending);

        let suspended = AssociationBuilder::new(&owner).suspended_by(&staff, "Inactive").expect_build(&app).await;
        let renamed = as_owner.call::<UpdateAssociationEndpoint>(suspended.id, &UpdateAssociation { name: Some(fr("Autre nom")), ..Default::default() }).await.unwrap();
        assert_eq!(renamed.status, AssociationStatus::Suspended, "a suspension is not lifted by a new name");
    }
}

/// Anonymous directory exports: ten an hour per client address (429 with `Retry-After` after
/// that), whatever the other addresses did; a signed-in member is not counted against it.
async fn anonymous_exports_are_limited_per_address(backend: Backend) {
    let Some(app) = TestApp::spawn_with(backend, &[("MADANI_TRUSTED_PROXIES", "127.0.0.1/32")]).await else {
        return;
    };
    let export = |ip: &'static str| {
        let request = app.http.get(app.url("/api/v1/associations/export?format=csv")).header("x-forwarded-for", ip);
        async move { request.send().await.unwrap() }
    };
    for i in 0..10 {
        assert_eq!(export("203.0.113.5").await.status(), 200, "export {i}");
    }
    let refused = export("203.0.113.5").await;
    assert_eq!(refused.status(), 429);
    let retry: u64 = refused.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=3600).contains(&retry), "{retry}");
    assert_eq!(export("198.51.100.9").await.status(), 200, "another address has its own allowance");
    let member = app.member("member@example.org").await;
    let signed_in = app
        .http
        .get(app.url("/api/v1/associations/export"))
        .header("x-forwarded-for", "203.0.113.5")
        .bearer_auth(&member.access_token)
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 200, "a signed-in member is not anonymous");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anonymous_exports_are_limited_per_address_sqlite() {
    anonymous_exports_are_limited_per_address(Backend::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anonymous_exports_are_limited_per_address_postgres() {
    anonymous_exports_are_limited_per_address(Backend::Postgres).await
}
