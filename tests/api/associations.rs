//! The association registry over HTTP, on both backends: registration, authorization on every id,
//! members and roles, join requests, verification with audit and notifications, profiles and logos.
//! The directory's search and export are in `directory.rs`.

use madani_shared::associations::*;
use madani_shared::auth::Role;
use madani_shared::endpoints::*;
use madani_shared::ids::UserId;
use madani_shared::page::PageQuery;
use madani_shared::{ErrorCode, LocalizedText};
use madani_tests::{AssociationBuilder, MemberBuilder, PASSWORD, PNG, both_backends, header, problem};

use crate::directory::search;

/// The contacts whose visibility these tests check: a private email and a public phone.
pub(crate) fn with_contacts(association: AssociationBuilder<'_>) -> AssociationBuilder<'_> {
    association.email("private@example.org", false).phone("+213 555 00 00 00", true)
}

both_backends! {
    async fn registering_makes_you_owner_of_a_pending_association(app) {
        let owner = app.member("owner@example.org").await;
        let created = with_contacts(AssociationBuilder::new(&owner).name_fr("Association El Amel").registration("06/2019/0421")).expect_build(&app).await;
        assert_eq!(created.status, AssociationStatus::Pending);
        assert_eq!(created.viewer_role, Some(MemberRole::Owner));
        assert_eq!(created.member_count, 1);
        assert_eq!(created.email.as_ref().map(|e| e.value.as_str()), Some("private@example.org"));
        let mine = app.as_user(&owner).call::<ListMyAssociations>((), &()).await.unwrap();
        assert_eq!((mine.len(), mine[0].role), (1, MemberRole::Owner));

        // Once verified, the number is taken (a pending registration holds none: see security_associations).
        let staff = app.admin("staff@example.org").await;
        app.as_user(&staff).call::<VerifyAssociation>(created.id, &StatusDecision::default()).await.unwrap();
        let again = problem(AssociationBuilder::new(&owner).name_fr("Autre").registration("06/2019/0421").build(&app).await);
        assert_eq!((again.status, again.code), (409, ErrorCode::RegistrationNumberTaken));

        // Unverified email: not yet.
        let fresh = MemberBuilder::new("fresh").unverified().expect_build(&app).await;
        let refused = problem(AssociationBuilder::new(&fresh).name_fr("X").registration("16/2020/1").build(&app).await);
        assert_eq!(refused.status, 403);
    }

    async fn bad_input_names_the_field_and_writes_nothing(app) {
        let owner = app.member("owner@example.org").await;
        let client = app.as_user(&owner);
        let new = || AssociationBuilder::new(&owner);
        let p = problem(new().registration("abc def").build(&app).await);
        assert_eq!((p.status, p.field("registration_number").map(|e| e.code.as_str())), (422, Some("registration_number")));

        // A commune of Adrar, not of Béjaïa.
        let p = problem(new().registration("06/2020/0002").commune(Some(1)).build(&app).await);
        assert_eq!((p.status, p.field("commune_id").map(|e| e.code.as_str())), (422, Some("not_in_wilaya")));

        let p = problem(new().wilaya("99").commune(Some(158)).build(&app).await);
        assert_eq!(p.field("wilaya_code").map(|e| e.code.as_str()), Some("unknown"));

        let p = problem(new().name_fr(&"x".repeat(10_000)).build(&app).await);
        assert_eq!((p.status, p.field("name").map(|e| e.code.as_str())), (422, Some("length")));

        let nameless = new().name(LocalizedText { ar: Some("  ".into()), ..Default::default() });
        assert!(problem(nameless.build(&app).await).field("name").is_some());
        assert!(problem(new().fields(&[]).build(&app).await).field("fields").is_some());

        assert_eq!(search(&app, ListAssociationsQuery::default()).await.total, 0, "nothing half-written");
        assert!(client.call::<ListMyAssociations>((), &()).await.unwrap().is_empty());
        // The registration number of a refused request is still free.
        new().name_fr("Valid now").registration("06/2020/0002").expect_build(&app).await;
    }

    async fn members_of_a_cannot_touch_b(app) {
        let a_owner = app.member("a@example.org").await;
        let b_owner = app.member("b@example.org").await;
        let b_member = app.member("b-member@example.org").await;
        let a = AssociationBuilder::new(&a_owner).name_fr("Association A").expect_build(&app).await;
        let b = with_contacts(AssociationBuilder::new(&b_owner).name_fr("Association B")).expect_build(&app).await;
        let (a_id, b_id) = (a.id, b.id);

        // B gets a member through a join request.
        let req = app.as_user(&b_member).call::<CreateJoinRequestEndpoint>(b_id, &CreateJoinRequest::default()).await.unwrap();
        let as_a = app.as_user(&a_owner);

        // A's owner cannot approve B's join requests, nor see them.
        let p = problem(as_a.call::<ApproveJoinRequest>((b_id, req.id), &()).await);
        assert_eq!(p.status, 403);
        assert_eq!(problem(as_a.call::<ListJoinRequests>(b_id, &PageQuery::default()).await).status, 403);
        // Nor use B's request id through A.
        assert_eq!(problem(as_a.call::<ApproveJoinRequest>((a_id, req.id), &()).await).status, 404);
        app.as_user(&b_owner).call::<ApproveJoinRequest>((b_id, req.id), &()).await.unwrap();

        // A cannot edit B.
        let edit = UpdateAssociation { acronym: Some("HACK".into()), ..Default::default() };
        assert_eq!(problem(as_a.call::<UpdateAssociationEndpoint>(b_id, &edit).await).status, 403);
        // A sees B's public profile only.
        let seen = as_a.call::<GetAssociation>(b_id, &()).await.unwrap();
        assert!(seen.email.is_none(), "private email hidden");
        assert_eq!(seen.phone.as_ref().map(|p| p.public), Some(true));
        assert_eq!(seen.viewer_role, None);
        let anonymous = app.client.call::<GetAssociation>(b_id, &()).await.unwrap();
        assert!(anonymous.email.is_none());
        let insider = app.as_user(&b_member).call::<GetAssociation>(b_id, &()).await.unwrap();
        assert!(insider.email.is_some(), "members see private contacts");
        // A cannot read B's member list, change roles in B or remove B's members.
        assert_eq!(problem(as_a.call::<ListMembers>(b_id, &PageQuery::default()).await).status, 403);
        let member_id = b_member.user.id;
        let p = problem(as_a.call::<UpdateMemberEndpoint>((b_id, member_id), &UpdateMember { role: MemberRole::Admin }).await);
        assert_eq!(p.status, 403);
        assert_eq!(problem(as_a.call::<RemoveMember>((b_id, member_id), &()).await).status, 403);
        assert_eq!(problem(as_a.call::<TransferOwnershipEndpoint>(b_id, &TransferOwnership { user_id: a_owner.user.id }).await).status, 403);
        // A plain member of B cannot manage B either.
        let as_member = app.as_user(&b_member);
        assert_eq!(problem(as_member.call::<UpdateAssociationEndpoint>(b_id, &edit).await).status, 403);
        assert_eq!(problem(as_member.call::<ListJoinRequests>(b_id, &PageQuery::default()).await).status, 403);
        assert_eq!(as_member.call::<ListMembers>(b_id, &PageQuery::default()).await.unwrap().items.len(), 2);
        // A member cannot verify; ids that do not exist are 404.
        assert_eq!(problem(as_a.call::<VerifyAssociation>(a_id, &StatusDecision::default()).await).status, 403);
        assert_eq!(problem(as_a.call::<VerificationQueue>((), &VerificationQueueQuery::default()).await).status, 403);
        assert_eq!(problem(as_a.call::<ListAuditLog>((), &PageQuery::default()).await).status, 403);
        assert_eq!(app.raw_problem(reqwest::Method::GET, "/api/v1/associations/nope", None).await.status, 404);
        // B is unchanged.
        assert_eq!(app.client.call::<GetAssociation>(b_id, &()).await.unwrap().acronym, None);
    }

    async fn roles_join_leave_and_the_owner_who_never_goes(app) {
        let owner = app.member("owner@example.org").await;
        let alice = app.member("alice@example.org").await;
        let bob = app.member("bob@example.org").await;
        let assoc = AssociationBuilder::new(&owner).name_fr("Association C").expect_build(&app).await;
        let id = assoc.id;
        for who in [&alice, &bob] {
            let r = app.as_user(who).call::<CreateJoinRequestEndpoint>(id, &CreateJoinRequest { message: Some("Bonjour".into()) }).await.unwrap();
            assert_eq!(r.status, JoinRequestStatus::Pending);
        }
        let dup = problem(app.as_user(&alice).call::<CreateJoinRequestEndpoint>(id, &CreateJoinRequest::default()).await);
        assert_eq!(dup.status, 409);
        let pending = app.as_user(&owner).call::<ListJoinRequests>(id, &PageQuery::default()).await.unwrap().items;
        assert_eq!(pending.len(), 2);
        for r in &pending {
            app.as_user(&owner).call::<ApproveJoinRequest>((id, r.id), &()).await.unwrap();
        }
        assert_eq!(problem(app.as_user(&owner).call::<ApproveJoinRequest>((id, pending[0].id), &()).await).status, 409);
        let notes = app.as_user(&alice).call::<ListMyNotifications>((), &()).await.unwrap();
        assert!(notes.iter().any(|n| n.kind == "join_request.approved" && n.association_id == Some(id)));

        let alice_id = alice.user.id;
        let bob_id = bob.user.id;
        let owner_id = owner.user.id;
        app.as_user(&owner).call::<UpdateMemberEndpoint>((id, alice_id), &UpdateMember { role: MemberRole::Admin }).await.unwrap();
        // An admin cannot remove the owner, appoint admins, or make anyone owner by a role change.
        let as_alice = app.as_user(&alice);
        assert_eq!(problem(as_alice.call::<RemoveMember>((id, owner_id), &()).await).status, 409);
        assert_eq!(problem(as_alice.call::<UpdateMemberEndpoint>((id, bob_id), &UpdateMember { role: MemberRole::Admin }).await).status, 403);
        assert_eq!(problem(as_alice.call::<UpdateMemberEndpoint>((id, bob_id), &UpdateMember { role: MemberRole::Owner }).await).status, 409);
        assert_eq!(problem(app.as_user(&owner).call::<UpdateMemberEndpoint>((id, owner_id), &UpdateMember { role: MemberRole::Member }).await).status, 409);
        // The owner cannot leave, nor delete their account, until ownership moves.
        assert_eq!(problem(app.as_user(&owner).call::<RemoveMember>((id, owner_id), &()).await).status, 409);
        let delete = problem(app.as_user(&owner).call::<DeleteMe>((), &madani_shared::auth::DeleteAccountRequest { password: PASSWORD.into() }).await);
        assert_eq!(delete.status, 409);
        // An admin removes a member; a member leaves by themselves.
        as_alice.call::<RemoveMember>((id, bob_id), &()).await.unwrap();
        assert_eq!(app.as_user(&owner).call::<ListMembers>(id, &PageQuery::default()).await.unwrap().items.len(), 2);
        // Transfer: alice becomes owner, the former owner admin; then the former owner may leave.
        let p = problem(app.as_user(&owner).call::<TransferOwnershipEndpoint>(id, &TransferOwnership { user_id: bob.user.id }).await);
        assert_eq!(p.field("user_id").map(|e| e.code.as_str()), Some("not_a_member"));
        app.as_user(&owner).call::<TransferOwnershipEndpoint>(id, &TransferOwnership { user_id: alice.user.id }).await.unwrap();
        let members = as_alice.call::<ListMembers>(id, &PageQuery::default()).await.unwrap().items;
        let role_of = |uid: UserId| members.iter().find(|m| m.user_id == uid).map(|m| m.role);
        assert_eq!((role_of(alice_id), role_of(owner_id)), (Some(MemberRole::Owner), Some(MemberRole::Admin)));
        app.as_user(&owner).call::<RemoveMember>((id, owner_id), &()).await.unwrap();
        assert_eq!(as_alice.call::<ListMembers>(id, &PageQuery::default()).await.unwrap().items.len(), 1);
    }

    async fn members_come_a_page_at_a_time_in_joining_order(app) {
        let owner = app.member("owner@example.org").await;
        let mut joined = Vec::new();
        for name in ["m1", "m2", "m3", "m4"] {
            joined.push(app.member(&format!("{name}@example.org")).await);
        }
        let refs: Vec<_> = joined.iter().collect();
        let assoc = AssociationBuilder::new(&owner).members(&refs).expect_build(&app).await;
        let as_owner = app.as_user(&owner);
        // Two at a time: every member once, the owner (first to join) first, then an end.
        let mut seen = Vec::new();
        let mut cursor = None;
        let mut pages = 0;
        loop {
            let page = as_owner.call::<ListMembers>(assoc.id, &PageQuery { limit: Some(2), cursor }).await.unwrap();
            assert!(page.items.len() <= 2);
            seen.extend(page.items.iter().map(|m| m.user_id));
            pages += 1;
            cursor = page.next_cursor;
            if cursor.is_none() {
                break;
            }
        }
        assert_eq!(pages, 3, "five members, two a page");
        assert_eq!(seen.len(), 5);
        assert_eq!(seen[0], owner.user.id);
        let mut unique = seen.clone();
        unique.sort_by_key(|u| u.to_string());
        unique.dedup();
        assert_eq!(unique.len(), 5, "nobody twice: {seen:?}");
        for m in &joined {
            assert!(seen.contains(&m.user.id));
        }
        // A cursor from elsewhere, or a limit over 100, is a 422 naming the parameter.
        let bad = problem(as_owner.call::<ListMembers>(assoc.id, &PageQuery { limit: None, cursor: Some("bm9wZQ".into()) }).await);
        assert_eq!((bad.status, bad.field("cursor").map(|e| e.code.as_str())), (422, Some("invalid_value")));
        let big = app.raw_problem(reqwest::Method::GET, &format!("/api/v1/associations/{}/members?limit=101", assoc.id), Some(&owner)).await;
        assert_eq!(big.status, 422);
        assert!(big.field("limit").is_some());
    }

    async fn verification_is_audited_and_announced(app) {
        let owner = app.member("owner@example.org").await;
        let staff = app.admin("staff@example.org").await;
        let first = AssociationBuilder::new(&owner).name_fr("Première").expect_build(&app).await;
        let second = AssociationBuilder::new(&owner).name_fr("Deuxième").expect_build(&app).await;
        let as_staff = app.as_user(&staff);
        let queue = as_staff.call::<VerificationQueue>((), &VerificationQueueQuery::default()).await.unwrap();
        assert_eq!(queue.items.iter().map(|a| a.association.id).collect::<Vec<_>>(), [first.id, second.id], "oldest first");

        let verified = as_staff.call::<VerifyAssociation>(first.id, &StatusDecision::default()).await.unwrap();
        assert_eq!(verified.status, AssociationStatus::Verified);
        assert_eq!(problem(as_staff.call::<VerifyAssociation>(first.id, &StatusDecision::default()).await).status, 409);
        let no_reason = problem(as_staff.call::<RejectAssociation>(second.id, &StatusDecision::default()).await);
        assert_eq!((no_reason.status, no_reason.field("reason").map(|e| e.code.as_str())), (422, Some("required")));
        as_staff.call::<RejectAssociation>(second.id, &StatusDecision { reason: Some("Statuts manquants".into()) }).await.unwrap();
        as_staff.call::<SuspendAssociation>(first.id, &StatusDecision { reason: Some("Inactive depuis 2023".into()) }).await.unwrap();

        // Officers hear about it, in the app and by email.
        let notes = app.as_user(&owner).call::<ListMyNotifications>((), &()).await.unwrap();
        assert!(notes.iter().any(|n| n.kind == "association.rejected" && n.reason.as_deref() == Some("Statuts manquants")));
        assert!(notes.iter().any(|n| n.kind == "association.verified"));
        assert!(notes.iter().all(|n| n.read_at.is_none()));
        // Read: for the owner only; staff's own list is untouched.
        let staff_before = as_staff.call::<ListMyNotifications>((), &()).await.unwrap();
        app.as_user(&owner).call::<MarkNotificationsRead>((), &()).await.unwrap();
        let read = app.as_user(&owner).call::<ListMyNotifications>((), &()).await.unwrap();
        assert_eq!(read.len(), notes.len());
        assert!(read.iter().all(|n| n.read_at.is_some()));
        assert_eq!(as_staff.call::<ListMyNotifications>((), &()).await.unwrap(), staff_before);
        assert_eq!(problem(app.client.call::<MarkNotificationsRead>((), &()).await).status, 401);
        app.wait_for_email("owner@example.org", "Statuts manquants").await;
        // The audit log names who, what and why, newest first.
        let log = as_staff.call::<ListAuditLog>((), &PageQuery::default()).await.unwrap();
        let actions: Vec<&str> = log.items.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(actions, ["association.suspended", "association.rejected", "association.verified"]);
        assert!(log.items.iter().all(|e| e.actor_id == Some(staff.user.id)));
        assert_eq!(log.items[1].reason.as_deref(), Some("Statuts manquants"));

        // Rejected and suspended associations leave the public view; their members still see why.
        assert_eq!(problem(app.client.call::<GetAssociation>(second.id, &()).await).status, 404);
        assert_eq!(search(&app, ListAssociationsQuery::default()).await.total, 0);
        let own = app.as_user(&owner).call::<GetAssociation>(second.id, &()).await.unwrap();
        assert_eq!((own.status, own.status_reason.as_deref()), (AssociationStatus::Rejected, Some("Statuts manquants")));
        // Observatory staff (not only admins) may verify; members may not.
        let observer = MemberBuilder::new("observer").role(Role::Observatory, &staff).expect_build(&app).await;
        app.as_user(&observer).call::<VerifyAssociation>(first.id, &StatusDecision::default()).await.unwrap();
    }

}

both_backends! {
    async fn the_description_is_markdown_rendered_safely(app) {
        let owner = app.member("owner@example.org").await;
        let description = LocalizedText {
            fr: Some("Nous **plantons** des arbres.\n\n<script>alert(1)</script> [voir](javascript:alert(1))".into()),
            ar: Some("نغرس *الأشجار*".into()),
            en: None,
        };
        let created = AssociationBuilder::new(&owner).name_fr("Association Tafat").description(description.clone()).expect_build(&app).await;
        // The source is kept as written; the HTML is rendered from it.
        assert_eq!(created.description.fr, description.fr);
        let public = app.client.call::<GetAssociation>(created.id, &()).await.unwrap();
        let fr = public.description_html.fr.expect("French HTML");
        assert!(fr.contains("<strong>plantons</strong>"), "{fr}");
        assert!(!fr.contains("<script"), "{fr}");
        assert!(fr.contains("&lt;script&gt;"), "raw HTML is shown as text: {fr}");
        assert!(!fr.contains("javascript:alert(1)\""), "{fr}");
        assert_eq!(public.description_html.ar.as_deref(), Some("<p>نغرس <em>الأشجار</em></p>\n"));
        assert_eq!(public.description_html.en, None);
    }
}

both_backends! {
    async fn officers_upload_a_logo_that_is_checked_and_served_safely(app) {
        let owner = app.member("owner@example.org").await;
        let other = app.member("other@example.org").await;
        let a = AssociationBuilder::new(&owner).name_fr("Association El Amel").expect_build(&app).await;
        let b = AssociationBuilder::new(&other).name_fr("Association B").expect_build(&app).await;
        assert_eq!(a.logo_url, None);

        // The declared type does not matter; the content does.
        let with_logo = app.as_user(&owner).upload::<UploadLogo>(a.id, &[], PNG.to_vec(), "application/octet-stream").await.unwrap();
        let url = with_logo.logo_url.clone().expect("logo_url");
        let served = reqwest::get(app.url(&url)).await.unwrap();
        assert_eq!(served.status(), 200);
        assert_eq!(header(&served, "content-type"), "image/png");
        assert_eq!(header(&served, "x-content-type-options"), "nosniff");
        assert!(header(&served, "content-security-policy").contains("default-src 'none'"));
        assert_eq!(served.bytes().await.unwrap().as_ref(), PNG);
        // The directory shows it too.
        let listed = search(&app, ListAssociationsQuery::default()).await;
        assert_eq!(listed.items.iter().find(|i| i.id == a.id).and_then(|i| i.logo_url.clone()), Some(url.clone()));

        // The owner of B cannot change or remove A's logo.
        let p = problem(app.as_user(&other).upload::<UploadLogo>(a.id, &[], PNG.to_vec(), "image/png").await);
        assert_eq!(p.status, 403);
        assert_eq!(problem(app.as_user(&other).call::<DeleteLogo>(a.id, &()).await).status, 403);
        assert_eq!(problem(app.client.upload::<UploadLogo>(b.id, &[], PNG.to_vec(), "image/png").await).status, 401);

        // Not a picture, a scriptable SVG, an empty body, a picture too large: refused, naming `logo`,
        // and the logo stays as it was.
        for (body, status, code) in [
            (b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>".to_vec(), 422, "not_an_image"),
            (b"GIF89a\x01\x00\x01\x00".to_vec(), 422, "not_an_image"),
            (Vec::new(), 422, "required"),
            ([PNG, &vec![0u8; 1024 * 1024][..]].concat(), 413, "too_large"),
        ] {
            let p = problem(app.as_user(&owner).upload::<UploadLogo>(a.id, &[], body, "image/png").await);
            assert_eq!((p.status, p.field("logo").map(|e| e.code.as_str())), (status, Some(code)));
        }
        // A PNG header claiming 100000 pixels a side.
        let mut huge = PNG.to_vec();
        huge[16..20].copy_from_slice(&100_000u32.to_be_bytes());
        let p = problem(app.as_user(&owner).upload::<UploadLogo>(a.id, &[], huge, "image/png").await);
        assert_eq!(p.field("logo").map(|e| e.code.as_str()), Some("bad_dimensions"));
        let still = app.client.call::<GetAssociation>(a.id, &()).await.unwrap();
        assert_eq!(still.logo_url, Some(url.clone()));

        // Removed: gone from the profile and from its address.
        app.as_user(&owner).call::<DeleteLogo>(a.id, &()).await.unwrap();
        assert_eq!(app.client.call::<GetAssociation>(a.id, &()).await.unwrap().logo_url, None);
        assert_eq!(reqwest::get(app.url(&url)).await.unwrap().status(), 404);
    }
}

both_backends! {
    async fn contacts_are_checked_and_an_empty_one_is_removed(app) {
        let owner = app.member("owner@example.org").await;
        let client = app.as_user(&owner);
        let new = || with_contacts(AssociationBuilder::new(&owner).name_fr("Association A").registration("06/2019/0001"));
        let bad = new().email("not an address", true).website("javascript:alert(1)", true);
        let p = problem(bad.build(&app).await);
        assert_eq!((p.status, p.field("email").is_some(), p.field("website").is_some()), (422, true, true), "{p:?}");

        let created = new().website(" https://a.example.org ", true).expect_build(&app).await;
        assert_eq!(created.website.as_ref().map(|w| w.value.as_str()), Some("https://a.example.org"));
        // An empty value removes the contact; absent ones stay.
        let change = UpdateAssociation {
            phone: Some(ContactItem { value: String::new(), public: false }),
            website: Some(ContactItem { value: "https://b.example.org".into(), public: false }),
            ..Default::default()
        };
        let updated = client.call::<UpdateAssociationEndpoint>(created.id, &change).await.unwrap();
        assert_eq!(updated.phone, None);
        assert_eq!(updated.website, Some(ContactItem { value: "https://b.example.org".into(), public: false }));
        assert_eq!(updated.email, created.email);
        // The website is now for members only.
        let public = app.client.call::<GetAssociation>(created.id, &()).await.unwrap();
        assert_eq!(public.website, None);
    }
}
