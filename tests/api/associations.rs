//! The association registry over HTTP, on both backends: registration, authorization on every id,
//! members and roles, join requests, verification with audit and notifications, directory search.

use madani_shared::associations::*;
use madani_shared::auth::{Role, TokenResponse, UpdateUserRequest};
use madani_shared::endpoints::*;
use madani_shared::page::PageQuery;
use madani_shared::{ErrorCode, LocalizedText};
use madani_tests::{TestApp, both_backends, problem};

fn sample(fr: &str, registration: &str) -> CreateAssociation {
    CreateAssociation {
        name: LocalizedText { fr: Some(fr.into()), ..Default::default() },
        acronym: None,
        registration_number: registration.into(),
        category: Category::Wilaya,
        fields: vec![Field::Youth],
        wilaya_code: "06".into(),
        commune_id: Some(158),
        address: None,
        founded_on: None,
        size: SizeBand::Small,
        description: LocalizedText::default(),
        email: Some(ContactItem { value: "private@example.org".into(), public: false }),
        phone: Some(ContactItem { value: "+213 555 00 00 00".into(), public: true }),
        website: None,
        social_links: vec![],
    }
}

async fn create(app: &TestApp, who: &TokenResponse, body: &CreateAssociation) -> Association {
    app.as_user(who).call::<CreateAssociationEndpoint>(&[], body).await.expect("create association")
}

async fn staff(app: &TestApp) -> TokenResponse {
    app.admin("staff@example.org").await
}

async fn search(app: &TestApp, q: ListAssociationsQuery) -> DirectoryPage {
    app.client.call::<ListAssociations>(&[], &q).await.expect("directory")
}

both_backends! {
    async fn registering_makes_you_owner_of_a_pending_association(app) {
        let owner = app.member("owner@example.org").await;
        let created = create(&app, &owner, &sample("Association El Amel", "06/2019/0421")).await;
        assert_eq!(created.status, AssociationStatus::Pending);
        assert_eq!(created.viewer_role, Some(MemberRole::Owner));
        assert_eq!(created.member_count, 1);
        assert_eq!(created.email.as_ref().map(|e| e.value.as_str()), Some("private@example.org"));
        let mine = app.as_user(&owner).call::<ListMyAssociations>(&[], &()).await.unwrap();
        assert_eq!((mine.len(), mine[0].role), (1, MemberRole::Owner));

        let again = problem(app.as_user(&owner).call::<CreateAssociationEndpoint>(&[], &sample("Autre", "06/2019/0421")).await);
        assert_eq!((again.status, again.code), (409, ErrorCode::Conflict));

        // Unverified email: not yet.
        app.register("fresh@example.org", "olive tree by the sea").await;
        let fresh = app.login("fresh@example.org", "olive tree by the sea").await.unwrap();
        let refused = problem(app.as_user(&fresh).call::<CreateAssociationEndpoint>(&[], &sample("X", "16/2020/1")).await);
        assert_eq!(refused.status, 403);
    }

    async fn bad_input_names_the_field_and_writes_nothing(app) {
        let owner = app.member("owner@example.org").await;
        let client = app.as_user(&owner);
        let mut bad_number = sample("A", "not a number!");
        bad_number.registration_number = "abc def".into();
        let p = problem(client.call::<CreateAssociationEndpoint>(&[], &bad_number).await);
        assert_eq!((p.status, p.field("registration_number").map(|e| e.code.as_str())), (422, Some("registration_number")));

        let mut wrong_commune = sample("B", "06/2020/0002");
        wrong_commune.commune_id = Some(1); // a commune of Adrar, not of Béjaïa
        let p = problem(client.call::<CreateAssociationEndpoint>(&[], &wrong_commune).await);
        assert_eq!((p.status, p.field("commune_id").map(|e| e.code.as_str())), (422, Some("not_in_wilaya")));

        let mut unknown_wilaya = sample("C", "06/2020/0003");
        unknown_wilaya.wilaya_code = "99".into();
        let p = problem(client.call::<CreateAssociationEndpoint>(&[], &unknown_wilaya).await);
        assert_eq!(p.field("wilaya_code").map(|e| e.code.as_str()), Some("unknown"));

        let long = sample(&"x".repeat(10_000), "06/2020/0004");
        let p = problem(client.call::<CreateAssociationEndpoint>(&[], &long).await);
        assert_eq!((p.status, p.field("name").map(|e| e.code.as_str())), (422, Some("length")));

        let mut nameless = sample("D", "06/2020/0005");
        nameless.name = LocalizedText { ar: Some("  ".into()), ..Default::default() };
        assert!(problem(client.call::<CreateAssociationEndpoint>(&[], &nameless).await).field("name").is_some());

        let mut no_fields = sample("E", "06/2020/0006");
        no_fields.fields.clear();
        assert!(problem(client.call::<CreateAssociationEndpoint>(&[], &no_fields).await).field("fields").is_some());

        assert_eq!(search(&app, ListAssociationsQuery::default()).await.total, 0, "nothing half-written");
        assert!(client.call::<ListMyAssociations>(&[], &()).await.unwrap().is_empty());
        // The registration number of a refused request is still free.
        create(&app, &owner, &sample("Valid now", "06/2020/0002")).await;
    }

    async fn members_of_a_cannot_touch_b(app) {
        let a_owner = app.member("a@example.org").await;
        let b_owner = app.member("b@example.org").await;
        let b_member = app.member("b-member@example.org").await;
        let a = create(&app, &a_owner, &sample("Association A", "06/2021/0001")).await;
        let b = create(&app, &b_owner, &sample("Association B", "06/2021/0002")).await;
        let (a_id, b_id) = (a.id.clone(), b.id.clone());

        // B gets a member through a join request.
        let req = app.as_user(&b_member).call::<CreateJoinRequestEndpoint>(&[&b_id], &CreateJoinRequest::default()).await.unwrap();
        let as_a = app.as_user(&a_owner);

        // A's owner cannot approve B's join requests, nor see them.
        let p = problem(as_a.call::<ApproveJoinRequest>(&[&b_id, &req.id], &()).await);
        assert_eq!(p.status, 403);
        assert_eq!(problem(as_a.call::<ListJoinRequests>(&[&b_id], &()).await).status, 403);
        // Nor use B's request id through A.
        assert_eq!(problem(as_a.call::<ApproveJoinRequest>(&[&a_id, &req.id], &()).await).status, 404);
        app.as_user(&b_owner).call::<ApproveJoinRequest>(&[&b_id, &req.id], &()).await.unwrap();

        // A cannot edit B.
        let edit = UpdateAssociation { acronym: Some("HACK".into()), ..Default::default() };
        assert_eq!(problem(as_a.call::<UpdateAssociationEndpoint>(&[&b_id], &edit).await).status, 403);
        // A sees B's public profile only.
        let seen = as_a.call::<GetAssociation>(&[&b_id], &()).await.unwrap();
        assert!(seen.email.is_none(), "private email hidden");
        assert_eq!(seen.phone.as_ref().map(|p| p.public), Some(true));
        assert_eq!(seen.viewer_role, None);
        let anonymous = app.client.call::<GetAssociation>(&[&b_id], &()).await.unwrap();
        assert!(anonymous.email.is_none());
        let insider = app.as_user(&b_member).call::<GetAssociation>(&[&b_id], &()).await.unwrap();
        assert!(insider.email.is_some(), "members see private contacts");
        // A cannot read B's member list, change roles in B or remove B's members.
        assert_eq!(problem(as_a.call::<ListMembers>(&[&b_id], &()).await).status, 403);
        let member_id = b_member.user.id.to_string();
        let p = problem(as_a.call::<UpdateMemberEndpoint>(&[&b_id, &member_id], &UpdateMember { role: MemberRole::Admin }).await);
        assert_eq!(p.status, 403);
        assert_eq!(problem(as_a.call::<RemoveMember>(&[&b_id, &member_id], &()).await).status, 403);
        assert_eq!(problem(as_a.call::<TransferOwnershipEndpoint>(&[&b_id], &TransferOwnership { user_id: a_owner.user.id }).await).status, 403);
        // A plain member of B cannot manage B either.
        let as_member = app.as_user(&b_member);
        assert_eq!(problem(as_member.call::<UpdateAssociationEndpoint>(&[&b_id], &edit).await).status, 403);
        assert_eq!(problem(as_member.call::<ListJoinRequests>(&[&b_id], &()).await).status, 403);
        assert_eq!(as_member.call::<ListMembers>(&[&b_id], &()).await.unwrap().len(), 2);
        // A member cannot verify; ids that do not exist are 404.
        assert_eq!(problem(as_a.call::<VerifyAssociation>(&[&a_id], &StatusDecision::default()).await).status, 403);
        assert_eq!(problem(as_a.call::<VerificationQueue>(&[], &VerificationQueueQuery::default()).await).status, 403);
        assert_eq!(problem(as_a.call::<ListAuditLog>(&[], &PageQuery::default()).await).status, 403);
        assert_eq!(problem(app.client.call::<GetAssociation>(&["nope"], &()).await).status, 404);
        // B is unchanged.
        assert_eq!(app.client.call::<GetAssociation>(&[&b_id], &()).await.unwrap().acronym, None);
    }

    async fn roles_join_leave_and_the_owner_who_never_goes(app) {
        let owner = app.member("owner@example.org").await;
        let alice = app.member("alice@example.org").await;
        let bob = app.member("bob@example.org").await;
        let assoc = create(&app, &owner, &sample("Association C", "06/2021/0003")).await;
        let id = assoc.id.clone();
        for who in [&alice, &bob] {
            let r = app.as_user(who).call::<CreateJoinRequestEndpoint>(&[&id], &CreateJoinRequest { message: Some("Bonjour".into()) }).await.unwrap();
            assert_eq!(r.status, JoinRequestStatus::Pending);
        }
        let dup = problem(app.as_user(&alice).call::<CreateJoinRequestEndpoint>(&[&id], &CreateJoinRequest::default()).await);
        assert_eq!(dup.status, 409);
        let pending = app.as_user(&owner).call::<ListJoinRequests>(&[&id], &()).await.unwrap();
        assert_eq!(pending.len(), 2);
        for r in &pending {
            app.as_user(&owner).call::<ApproveJoinRequest>(&[&id, &r.id], &()).await.unwrap();
        }
        assert_eq!(problem(app.as_user(&owner).call::<ApproveJoinRequest>(&[&id, &pending[0].id], &()).await).status, 409);
        let notes = app.as_user(&alice).call::<ListMyNotifications>(&[], &()).await.unwrap();
        assert!(notes.iter().any(|n| n.kind == "join_request.approved" && n.association_id.as_deref() == Some(id.as_str())));

        let alice_id = alice.user.id.to_string();
        let bob_id = bob.user.id.to_string();
        let owner_id = owner.user.id.to_string();
        app.as_user(&owner).call::<UpdateMemberEndpoint>(&[&id, &alice_id], &UpdateMember { role: MemberRole::Admin }).await.unwrap();
        // An admin cannot remove the owner, appoint admins, or make anyone owner by a role change.
        let as_alice = app.as_user(&alice);
        assert_eq!(problem(as_alice.call::<RemoveMember>(&[&id, &owner_id], &()).await).status, 409);
        assert_eq!(problem(as_alice.call::<UpdateMemberEndpoint>(&[&id, &bob_id], &UpdateMember { role: MemberRole::Admin }).await).status, 403);
        assert_eq!(problem(as_alice.call::<UpdateMemberEndpoint>(&[&id, &bob_id], &UpdateMember { role: MemberRole::Owner }).await).status, 409);
        assert_eq!(problem(app.as_user(&owner).call::<UpdateMemberEndpoint>(&[&id, &owner_id], &UpdateMember { role: MemberRole::Member }).await).status, 409);
        // The owner cannot leave, nor delete their account, until ownership moves.
        assert_eq!(problem(app.as_user(&owner).call::<RemoveMember>(&[&id, &owner_id], &()).await).status, 409);
        let delete = problem(app.as_user(&owner).call::<DeleteMe>(&[], &madani_shared::auth::DeleteAccountRequest { password: "olive tree by the sea".into() }).await);
        assert_eq!(delete.status, 409);
        // An admin removes a member; a member leaves by themselves.
        as_alice.call::<RemoveMember>(&[&id, &bob_id], &()).await.unwrap();
        assert_eq!(app.as_user(&owner).call::<ListMembers>(&[&id], &()).await.unwrap().len(), 2);
        // Transfer: alice becomes owner, the former owner admin; then the former owner may leave.
        let p = problem(app.as_user(&owner).call::<TransferOwnershipEndpoint>(&[&id], &TransferOwnership { user_id: bob.user.id }).await);
        assert_eq!(p.field("user_id").map(|e| e.code.as_str()), Some("not_a_member"));
        app.as_user(&owner).call::<TransferOwnershipEndpoint>(&[&id], &TransferOwnership { user_id: alice.user.id }).await.unwrap();
        let members = as_alice.call::<ListMembers>(&[&id], &()).await.unwrap();
        let role_of = |uid: &str| members.iter().find(|m| m.user_id.to_string() == uid).map(|m| m.role);
        assert_eq!((role_of(&alice_id), role_of(&owner_id)), (Some(MemberRole::Owner), Some(MemberRole::Admin)));
        app.as_user(&owner).call::<RemoveMember>(&[&id, &owner_id], &()).await.unwrap();
        assert_eq!(as_alice.call::<ListMembers>(&[&id], &()).await.unwrap().len(), 1);
    }

    async fn verification_is_audited_and_announced(app) {
        let owner = app.member("owner@example.org").await;
        let staff = staff(&app).await;
        let first = create(&app, &owner, &sample("Première", "06/2022/0001")).await;
        let second = create(&app, &owner, &sample("Deuxième", "06/2022/0002")).await;
        let as_staff = app.as_user(&staff);
        let queue = as_staff.call::<VerificationQueue>(&[], &VerificationQueueQuery::default()).await.unwrap();
        assert_eq!(queue.items.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), [first.id.as_str(), second.id.as_str()], "oldest first");

        let verified = as_staff.call::<VerifyAssociation>(&[&first.id], &StatusDecision::default()).await.unwrap();
        assert_eq!(verified.status, AssociationStatus::Verified);
        assert_eq!(problem(as_staff.call::<VerifyAssociation>(&[&first.id], &StatusDecision::default()).await).status, 409);
        let no_reason = problem(as_staff.call::<RejectAssociation>(&[&second.id], &StatusDecision::default()).await);
        assert_eq!((no_reason.status, no_reason.field("reason").map(|e| e.code.as_str())), (422, Some("required")));
        as_staff.call::<RejectAssociation>(&[&second.id], &StatusDecision { reason: Some("Statuts manquants".into()) }).await.unwrap();
        as_staff.call::<SuspendAssociation>(&[&first.id], &StatusDecision { reason: Some("Inactive depuis 2023".into()) }).await.unwrap();

        // Officers hear about it, in the app and by email.
        let notes = app.as_user(&owner).call::<ListMyNotifications>(&[], &()).await.unwrap();
        assert!(notes.iter().any(|n| n.kind == "association.rejected" && n.reason.as_deref() == Some("Statuts manquants")));
        assert!(notes.iter().any(|n| n.kind == "association.verified"));
        assert!(notes.iter().all(|n| n.read_at.is_none()));
        // Read: for the owner only; staff's own list is untouched.
        let staff_before = as_staff.call::<ListMyNotifications>(&[], &()).await.unwrap();
        app.as_user(&owner).call::<MarkNotificationsRead>(&[], &()).await.unwrap();
        let read = app.as_user(&owner).call::<ListMyNotifications>(&[], &()).await.unwrap();
        assert_eq!(read.len(), notes.len());
        assert!(read.iter().all(|n| n.read_at.is_some()));
        assert_eq!(as_staff.call::<ListMyNotifications>(&[], &()).await.unwrap(), staff_before);
        assert_eq!(problem(app.client.call::<MarkNotificationsRead>(&[], &()).await).status, 401);
        app.wait_for_email("owner@example.org", "Statuts manquants").await;
        // The audit log names who, what and why, newest first.
        let log = as_staff.call::<ListAuditLog>(&[], &PageQuery::default()).await.unwrap();
        let actions: Vec<&str> = log.items.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(actions, ["association.suspended", "association.rejected", "association.verified"]);
        assert!(log.items.iter().all(|e| e.actor_id == Some(staff.user.id)));
        assert_eq!(log.items[1].reason.as_deref(), Some("Statuts manquants"));

        // Rejected and suspended associations leave the public view; their members still see why.
        assert_eq!(problem(app.client.call::<GetAssociation>(&[&second.id], &()).await).status, 404);
        assert_eq!(search(&app, ListAssociationsQuery::default()).await.total, 0);
        let own = app.as_user(&owner).call::<GetAssociation>(&[&second.id], &()).await.unwrap();
        assert_eq!((own.status, own.status_reason.as_deref()), (AssociationStatus::Rejected, Some("Statuts manquants")));
        // Observatory staff (not only admins) may verify; members may not.
        let observer = app.member("observer@example.org").await;
        let observer_id = observer.user.id.to_string();
        as_staff.call::<UpdateUser>(&[&observer_id], &UpdateUserRequest { role: Some(Role::Observatory), disabled: None }).await.unwrap();
        let observer = app.login("observer@example.org", "olive tree by the sea").await.unwrap();
        app.as_user(&observer).call::<VerifyAssociation>(&[&first.id], &StatusDecision::default()).await.unwrap();
    }

    async fn directory_search_folds_filters_counts_and_pages(app) {
        let owner = app.member("owner@example.org").await;
        let mut amal = sample("Association El Amel", "06/2023/0001");
        amal.name.ar = Some("جَمْعِيَّةُ الأَمَلِ لِلشَّبَاب".into());
        amal.fields = vec![Field::Youth, Field::Culture];
        let mut bejaia = sample("Amis de Béjaïa", "06/2023/0002");
        bejaia.category = Category::Communal;
        bejaia.fields = vec![Field::Heritage];
        let mut oran = sample("Jeunesse d'Oran", "31/2023/0003");
        oran.wilaya_code = "31".into();
        oran.commune_id = None;
        oran.description = LocalizedText { fr: Some("Sport et santé pour la jeunesse".into()), ..Default::default() };
        oran.fields = vec![Field::Sport, Field::Youth];
        for body in [&amal, &bejaia, &oran] {
            create(&app, &owner, body).await;
        }
        let q = |text: &str| ListAssociationsQuery { q: Some(text.into()), ..Default::default() };
        let names = |page: &DirectoryPage| page.items.iter().map(|a| a.name.fr.clone().unwrap()).collect::<Vec<_>>();

        // Arabic without diacritics, with other alef and teh marbuta forms, and by word prefix.
        assert_eq!(names(&search(&app, q("جمعية الامل")).await), ["Association El Amel"]);
        assert_eq!(names(&search(&app, q("أمل")).await), Vec::<String>::new(), "a word's start, not its middle");
        assert_eq!(names(&search(&app, q("الأمل")).await), ["Association El Amel"]);
        assert_eq!(names(&search(&app, q("جمعيه")).await), ["Association El Amel"]);
        // Latin accents and case.
        assert_eq!(names(&search(&app, q("BEJAIA")).await), ["Amis de Béjaïa"]);
        assert_eq!(names(&search(&app, q("béj")).await), ["Amis de Béjaïa"]);
        // Description words count too; every word must match.
        assert_eq!(names(&search(&app, q("sante jeunesse")).await), ["Jeunesse d'Oran"]);
        assert!(search(&app, q("sante amel")).await.items.is_empty());

        // Filters with text, and facets that add up to the results.
        let youth = search(&app, ListAssociationsQuery { field: Some(Field::Youth), ..Default::default() }).await;
        assert_eq!(youth.total, 2);
        let wilaya06 = search(&app, ListAssociationsQuery { wilaya: Some("06".into()), q: Some("association".into()), ..Default::default() }).await;
        assert_eq!(names(&wilaya06), ["Association El Amel"]);
        let all = search(&app, ListAssociationsQuery::default()).await;
        assert_eq!(all.total, 3);
        let count = |list: &[FacetCount], v: &str| list.iter().find(|f| f.value == v).map_or(0, |f| f.count);
        assert_eq!((count(&all.facets.wilaya, "06"), count(&all.facets.wilaya, "31")), (2, 1));
        assert_eq!((count(&all.facets.field, "youth"), count(&all.facets.field, "heritage")), (2, 1));
        assert_eq!((count(&all.facets.category, "wilaya"), count(&all.facets.category, "communal")), (2, 1));
        assert_eq!(all.facets.wilaya.iter().map(|f| f.count).sum::<i64>(), all.total);
        let communal = search(&app, ListAssociationsQuery { category: Some(Category::Communal), ..Default::default() }).await;
        assert_eq!((communal.total, communal.facets.wilaya.len()), (1, 1));
        // Only verified, once one is verified.
        let staff = staff(&app).await;
        let oran_id = search(&app, q("oran")).await.items[0].id.clone();
        app.as_user(&staff).call::<VerifyAssociation>(&[&oran_id], &StatusDecision::default()).await.unwrap();
        let verified = search(&app, ListAssociationsQuery { verified_only: Some(true), ..Default::default() }).await;
        assert_eq!(names(&verified), ["Jeunesse d'Oran"]);

        // Name order, pages of 2, and an insert between pages neither repeats nor skips.
        let page1 = search(&app, ListAssociationsQuery { limit: Some(2), ..Default::default() }).await;
        assert_eq!(names(&page1), ["Amis de Béjaïa", "Association El Amel"]);
        create(&app, &owner, &sample("Aaa première", "06/2023/0009")).await;
        let page2 = search(&app, ListAssociationsQuery { limit: Some(2), cursor: page1.next_cursor.clone(), ..Default::default() }).await;
        assert_eq!(names(&page2), ["Jeunesse d'Oran"]);
        assert!(page2.next_cursor.is_none());
        let newest = search(&app, ListAssociationsQuery { sort: Some(SortOrder::Newest), limit: Some(1), ..Default::default() }).await;
        assert_eq!(names(&newest), ["Aaa première"]);
        let bad = problem(app.client.call::<ListAssociations>(&[], &ListAssociationsQuery { cursor: Some("garbage".into()), ..Default::default() }).await);
        assert_eq!((bad.status, bad.field("cursor").is_some()), (422, true));

        // The search follows profile edits.
        let amel_id = search(&app, q("amel")).await.items[0].id.clone();
        let edit = UpdateAssociation { name: Some(LocalizedText { fr: Some("Espoir de Kherrata".into()), ..Default::default() }), ..Default::default() };
        app.as_user(&owner).call::<UpdateAssociationEndpoint>(&[&amel_id], &edit).await.unwrap();
        assert!(search(&app, q("amel")).await.items.is_empty());
        assert_eq!(names(&search(&app, q("kherrata")).await), ["Espoir de Kherrata"]);
    }

    async fn generated_associations_are_searchable(app) {
        let db = app.database_url();
        let added = tokio::task::spawn_blocking(move || {
            let mut conn = madani_api::db::establish(&db).expect("db");
            madani_api::seed::associations(&mut conn, 120, false).expect("seed")
        })
        .await
        .unwrap();
        assert_eq!(added, 120);
        let all = search(&app, ListAssociationsQuery::default()).await;
        assert_eq!(all.total, 120);
        assert_eq!(all.facets.wilaya.iter().map(|f| f.count).sum::<i64>(), 120);
        // Every generated name is findable in Arabic and in French.
        let one = &all.items[0];
        let ar = one.name.ar.clone().unwrap();
        let by_ar = search(&app, ListAssociationsQuery { q: Some(ar.clone()), ..Default::default() }).await;
        assert!(by_ar.items.iter().any(|a| a.id == one.id), "{ar}");
        let fr = one.name.fr.clone().unwrap();
        let by_fr = search(&app, ListAssociationsQuery { q: Some(fr.to_uppercase()), ..Default::default() }).await;
        assert!(by_fr.items.iter().any(|a| a.id == one.id), "{fr}");
    }

    async fn exports_hold_public_data_of_the_filtered_directory(app) {
        let owner = app.member("owner@example.org").await;
        let mut quoted = sample("Association \"Les Amis\", Béjaïa", "06/2024/0001");
        quoted.name.ar = Some("جمعية الأصدقاء".into());
        quoted.website = Some(ContactItem { value: "https://amis.example.org".into(), public: true });
        create(&app, &owner, &quoted).await;
        let mut other = sample("Oran sport", "31/2024/0002");
        other.wilaya_code = "31".into();
        other.commune_id = None;
        other.fields = vec![Field::Sport];
        create(&app, &owner, &other).await;
        let rejected = create(&app, &owner, &sample("Refusée", "06/2024/0003")).await;
        let staff = staff(&app).await;
        app.as_user(&staff).call::<RejectAssociation>(&[&rejected.id], &StatusDecision { reason: Some("x".into()) }).await.unwrap();

        let response = app.http.get(app.url("/api/v1/associations/export?format=csv")).send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
        assert!(response.headers()["content-disposition"].to_str().unwrap().contains("attachment"));
        let csv = response.text().await.unwrap();
        let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), 3, "header and two associations (the rejected one is left out): {csv}");
        assert!(lines[0].starts_with("id,registration_number,name_ar,name_fr"));
        assert!(lines[1].contains("\"Association \"\"Les Amis\"\", Béjaïa\""), "quotes doubled, field quoted: {}", lines[1]);
        assert!(lines[1].contains("جمعية الأصدقاء") && lines[1].contains("https://amis.example.org"));
        assert!(!csv.contains("private@example.org"), "private contacts never exported");
        assert!(csv.contains("+213 555 00 00 00"), "public phone exported");

        let json: Vec<ExportedAssociation> = app
            .client
            .call::<ExportAssociations>(&[], &ExportAssociationsQuery { format: Some(ExportFormat::Json), wilaya: Some("31".into()), ..Default::default() })
            .await
            .unwrap();
        assert_eq!(json.len(), 1);
        assert_eq!((json[0].fields.as_slice(), json[0].email.as_deref()), (&[Field::Sport][..], None));
        let by_text = app.client.call::<ExportAssociations>(&[], &ExportAssociationsQuery { format: Some(ExportFormat::Json), q: Some("amis".into()), ..Default::default() }).await.unwrap();
        assert_eq!(by_text.len(), 1);
    }
}

both_backends! {
    async fn the_description_is_markdown_rendered_safely(app) {
        let owner = app.member("owner@example.org").await;
        let mut body = sample("Association Tafat", "06/2021/0042");
        body.description = LocalizedText {
            fr: Some("Nous **plantons** des arbres.\n\n<script>alert(1)</script> [voir](javascript:alert(1))".into()),
            ar: Some("نغرس *الأشجار*".into()),
            en: None,
        };
        let created = create(&app, &owner, &body).await;
        // The source is kept as written; the HTML is rendered from it.
        assert_eq!(created.description.fr, body.description.fr);
        let public = app.client.call::<GetAssociation>(&[&created.id], &()).await.unwrap();
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
    async fn relevance_ranks_names_above_descriptions_and_pages_stably(app) {
        let owner = app.member("owner@example.org").await;
        let staff = staff(&app).await;
        // Alphabetically first, but "tafat" is only in its description.
        let mut a = sample("Association Aurès", "05/2020/0001");
        a.description = LocalizedText { fr: Some("Partenaire du réseau Tafat.".into()), ..Default::default() };
        // "Tafat" is a word of its name.
        let b = sample("Tafat Béjaïa", "06/2020/0002");
        // A prefix of a word of the name ("tafatine"), not the whole word.
        let c = sample("Club Tafatine", "06/2020/0003");
        let mut ids = Vec::new();
        for body in [&a, &b, &c] {
            let created = create(&app, &owner, body).await;
            app.as_user(&staff).call::<VerifyAssociation>(&[&created.id], &StatusDecision::default()).await.unwrap();
            ids.push(created.id);
        }
        let names = |p: &DirectoryPage| p.items.iter().map(|i| i.name.fr.clone().unwrap_or_default()).collect::<Vec<_>>();

        // With text, relevance is the default: whole word in the name, prefix in the name, description.
        let ranked = search(&app, ListAssociationsQuery { q: Some("tafat".into()), ..Default::default() }).await;
        assert_eq!(names(&ranked), ["Tafat Béjaïa", "Club Tafatine", "Association Aurès"]);
        let explicit = search(&app, ListAssociationsQuery { q: Some("tafat".into()), sort: Some(SortOrder::Relevance), ..Default::default() }).await;
        assert_eq!(names(&explicit), names(&ranked));
        // Name order is still there on request.
        let by_name = search(&app, ListAssociationsQuery { q: Some("tafat".into()), sort: Some(SortOrder::Name), ..Default::default() }).await;
        assert_eq!(names(&by_name), ["Association Aurès", "Club Tafatine", "Tafat Béjaïa"]);

        // Page by page, with an insert between pages that ranks before the cursor: nothing is
        // repeated or skipped of what was there.
        let q = |cursor: Option<String>| ListAssociationsQuery { q: Some("tafat".into()), limit: Some(1), cursor, ..Default::default() };
        let p1 = search(&app, q(None)).await;
        let later = create(&app, &owner, &sample("Tafat Alger", "16/2020/0004")).await;
        app.as_user(&staff).call::<VerifyAssociation>(&[&later.id], &StatusDecision::default()).await.unwrap();
        let p2 = search(&app, q(p1.next_cursor.clone())).await;
        let p3 = search(&app, q(p2.next_cursor.clone())).await;
        let seen: Vec<String> = [&p1, &p2, &p3].iter().flat_map(|p| names(p)).collect();
        assert_eq!(seen, ["Tafat Béjaïa", "Club Tafatine", "Association Aurès"]);
        assert!(p3.next_cursor.is_none());
        // A cursor of one order is refused by another.
        let wrong = problem(app.client.call::<ListAssociations>(&[], &ListAssociationsQuery { q: Some("tafat".into()), sort: Some(SortOrder::Name), cursor: p1.next_cursor.clone(), ..Default::default() }).await);
        assert_eq!((wrong.status, wrong.field("cursor").is_some()), (422, true));
    }
}

/// A 1×1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49,
    0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0, 0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D,
    0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

both_backends! {
    async fn officers_upload_a_logo_that_is_checked_and_served_safely(app) {
        let owner = app.member("owner@example.org").await;
        let other = app.member("other@example.org").await;
        let a = create(&app, &owner, &sample("Association El Amel", "06/2019/0421")).await;
        let b = create(&app, &other, &sample("Association B", "06/2019/0422")).await;
        assert_eq!(a.logo_url, None);

        // The declared type does not matter; the content does.
        let with_logo = app.as_user(&owner).upload::<UploadLogo>(&[&a.id], &[], PNG.to_vec(), "application/octet-stream").await.unwrap();
        let url = with_logo.logo_url.clone().expect("logo_url");
        let served = reqwest::get(app.url(&url)).await.unwrap();
        assert_eq!(served.status(), 200);
        let header = |name: &str| served.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        assert_eq!(header("content-type"), "image/png");
        assert_eq!(header("x-content-type-options"), "nosniff");
        assert!(header("content-security-policy").contains("default-src 'none'"));
        assert_eq!(served.bytes().await.unwrap().as_ref(), PNG);
        // The directory shows it too.
        let listed = search(&app, ListAssociationsQuery::default()).await;
        assert_eq!(listed.items.iter().find(|i| i.id == a.id).and_then(|i| i.logo_url.clone()), Some(url.clone()));

        // The owner of B cannot change or remove A's logo.
        let p = problem(app.as_user(&other).upload::<UploadLogo>(&[&a.id], &[], PNG.to_vec(), "image/png").await);
        assert_eq!(p.status, 403);
        assert_eq!(problem(app.as_user(&other).call::<DeleteLogo>(&[&a.id], &()).await).status, 403);
        assert_eq!(problem(app.client.upload::<UploadLogo>(&[&b.id], &[], PNG.to_vec(), "image/png").await).status, 401);

        // Not a picture, a scriptable SVG, an empty body, a picture too large: refused, naming `logo`,
        // and the logo stays as it was.
        for (body, status, code) in [
            (b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>".to_vec(), 422, "not_an_image"),
            (b"GIF89a\x01\x00\x01\x00".to_vec(), 422, "not_an_image"),
            (Vec::new(), 422, "required"),
            ([PNG, &vec![0u8; 1024 * 1024][..]].concat(), 413, "too_large"),
        ] {
            let p = problem(app.as_user(&owner).upload::<UploadLogo>(&[&a.id], &[], body, "image/png").await);
            assert_eq!((p.status, p.field("logo").map(|e| e.code.as_str())), (status, Some(code)));
        }
        // A PNG header claiming 100000 pixels a side.
        let mut huge = PNG.to_vec();
        huge[16..20].copy_from_slice(&100_000u32.to_be_bytes());
        let p = problem(app.as_user(&owner).upload::<UploadLogo>(&[&a.id], &[], huge, "image/png").await);
        assert_eq!(p.field("logo").map(|e| e.code.as_str()), Some("bad_dimensions"));
        let still = app.client.call::<GetAssociation>(&[&a.id], &()).await.unwrap();
        assert_eq!(still.logo_url, Some(url.clone()));

        // Removed: gone from the profile and from its address.
        app.as_user(&owner).call::<DeleteLogo>(&[&a.id], &()).await.unwrap();
        assert_eq!(app.client.call::<GetAssociation>(&[&a.id], &()).await.unwrap().logo_url, None);
        assert_eq!(reqwest::get(app.url(&url)).await.unwrap().status(), 404);
    }
}

both_backends! {
    async fn contacts_are_checked_and_an_empty_one_is_removed(app) {
        let owner = app.member("owner@example.org").await;
        let client = app.as_user(&owner);
        let mut bad = sample("Association A", "06/2019/0001");
        bad.email = Some(ContactItem { value: "not an address".into(), public: true });
        bad.website = Some(ContactItem { value: "javascript:alert(1)".into(), public: true });
        let p = problem(client.call::<CreateAssociationEndpoint>(&[], &bad).await);
        assert_eq!((p.status, p.field("email").is_some(), p.field("website").is_some()), (422, true, true), "{p:?}");

        let mut body = sample("Association A", "06/2019/0001");
        body.website = Some(ContactItem { value: " https://a.example.org ".into(), public: true });
        let created = create(&app, &owner, &body).await;
        assert_eq!(created.website.as_ref().map(|w| w.value.as_str()), Some("https://a.example.org"));
        // An empty value removes the contact; absent ones stay.
        let change = UpdateAssociation {
            phone: Some(ContactItem { value: String::new(), public: false }),
            website: Some(ContactItem { value: "https://b.example.org".into(), public: false }),
            ..Default::default()
        };
        let updated = client.call::<UpdateAssociationEndpoint>(&[&created.id], &change).await.unwrap();
        assert_eq!(updated.phone, None);
        assert_eq!(updated.website, Some(ContactItem { value: "https://b.example.org".into(), public: false }));
        assert_eq!(updated.email, created.email);
        // The website is now for members only.
        let public = app.client.call::<GetAssociation>(&[&created.id], &()).await.unwrap();
        assert_eq!(public.website, None);
    }
}
