//! Invitations by email, on both backends: who may invite with which role, who may see, answer and
//! revoke them, the email, and that an answered invitation stays answered.

use madani_shared::ErrorCode;
use madani_shared::associations::*;
use madani_shared::endpoints::*;
use madani_shared::ids::AssociationId;
use madani_shared::page::PageQuery;
use madani_tests::{AssociationBuilder, MemberBuilder, both_backends, problem};

fn invite(email: &str, role: MemberRole) -> CreateInvitation {
    CreateInvitation { email: email.into(), role, message: Some("Viens nous aider".into()) }
}

both_backends! {
    async fn an_invited_member_accepts_and_joins_with_the_role(app) {
        let owner = app.member("owner@example.org").await;
        let a = AssociationBuilder::new(&owner).name_fr("Association El Amel").expect_build(&app).await;
        // Mixed case on the way in; accounts compare lower-cased addresses.
        let sent = app
            .as_user(&owner)
            .call::<CreateInvitationEndpoint>(a.id, &invite("Karim@Example.org", MemberRole::Admin))
            .await
            .unwrap();
        assert_eq!((sent.email.as_str(), sent.role, sent.status), ("karim@example.org", MemberRole::Admin, InvitationStatus::Pending));
        assert!(sent.expires_at > sent.created_at + chrono::Duration::days(13));
        // The email names the association and links to where invitations are answered.
        let mail = app.wait_for_email("karim@example.org", "El Amel").await;
        assert!(mail.contains("/my/associations"), "{mail}");

        // Karim registers afterwards with that address: once verified, he sees and accepts it.
        let karim = app.member("karim@example.org").await;
        let mine = app.as_user(&karim).call::<ListMyInvitations>((), &()).await.unwrap();
        assert_eq!(mine.len(), 1);
        assert_eq!(mine[0].association_name.fr.as_deref(), Some("Association El Amel"));
        assert_eq!(mine[0].invited_by.as_deref(), Some("owner"));
        let joined = app.as_user(&karim).call::<AcceptInvitation>(mine[0].id, &()).await.unwrap();
        assert_eq!((joined.association.id, joined.role), (a.id, MemberRole::Admin));
        let members = app.as_user(&owner).call::<ListMembers>(a.id, &PageQuery::default()).await.unwrap().items;
        assert!(members.iter().any(|m| m.display_name == "karim" && m.role == MemberRole::Admin));

        // Answered is answered: no second accept, no decline, not listed any more.
        let again = problem(app.as_user(&karim).call::<AcceptInvitation>(mine[0].id, &()).await);
        assert_eq!((again.status, again.code), (409, ErrorCode::AlreadyDecided));
        assert!(app.as_user(&karim).call::<ListMyInvitations>((), &()).await.unwrap().is_empty());
        assert!(app.as_user(&owner).call::<ListInvitations>(a.id, &PageQuery::default()).await.unwrap().items.is_empty());
        // The inviter hears about it in the app.
        let notes = app.as_user(&owner).call::<ListMyNotifications>((), &()).await.unwrap();
        assert!(notes.iter().any(|n| n.kind == "invitation.accepted"), "{notes:?}");

        // A member is not invited twice.
        let dup = problem(app.as_user(&owner).call::<CreateInvitationEndpoint>(a.id, &invite("karim@example.org", MemberRole::Member)).await);
        assert_eq!(dup.status, 409);
    }

    async fn only_the_addressee_answers_and_only_officers_invite_list_and_revoke(app) {
        let owner = app.member("owner@example.org").await;
        let other_owner = app.member("other@example.org").await;
        let plain = app.member("plain@example.org").await;
        let invited = app.member("invited@example.org").await;
        let a = AssociationBuilder::new(&owner).name_fr("Association A").expect_build(&app).await;
        let b = AssociationBuilder::new(&other_owner).name_fr("Association B").expect_build(&app).await;
        let sent = app.as_user(&owner).call::<CreateInvitationEndpoint>(a.id, &invite("invited@example.org", MemberRole::Member)).await.unwrap();

        // The owner of B cannot invite to, list or revoke A's invitations; not even through B's path.
        let p = problem(app.as_user(&other_owner).call::<CreateInvitationEndpoint>(a.id, &invite("x@example.org", MemberRole::Member)).await);
        assert_eq!(p.status, 403);
        assert_eq!(problem(app.as_user(&other_owner).call::<ListInvitations>(a.id, &PageQuery::default()).await).status, 403);
        assert_eq!(problem(app.as_user(&other_owner).call::<RevokeInvitation>((a.id, sent.id), &()).await).status, 403);
        assert_eq!(problem(app.as_user(&other_owner).call::<RevokeInvitation>((b.id, sent.id), &()).await).status, 404);
        // Someone else cannot answer it: it does not exist for them.
        assert_eq!(problem(app.as_user(&plain).call::<AcceptInvitation>(sent.id, &()).await).status, 404);
        assert_eq!(problem(app.as_user(&other_owner).call::<DeclineInvitation>(sent.id, &()).await).status, 404);
        assert!(app.as_user(&plain).call::<ListMyInvitations>((), &()).await.unwrap().is_empty());

        // A plain member of A may not invite; an admin may invite members but not admins.
        let joined = app.as_user(&owner).call::<CreateInvitationEndpoint>(a.id, &invite("plain@example.org", MemberRole::Member)).await.unwrap();
        app.as_user(&plain).call::<AcceptInvitation>(joined.id, &()).await.unwrap();
        let p = problem(app.as_user(&plain).call::<CreateInvitationEndpoint>(a.id, &invite("y@example.org", MemberRole::Member)).await);
        assert_eq!(p.status, 403);
        assert_eq!(problem(app.as_user(&plain).call::<ListInvitations>(a.id, &PageQuery::default()).await).status, 403);
        let plain_id = app.as_user(&plain).call::<GetMe>((), &()).await.unwrap().id;
        app.as_user(&owner).call::<UpdateMemberEndpoint>((a.id, plain_id), &UpdateMember { role: MemberRole::Admin }).await.unwrap();
        app.as_user(&plain).call::<CreateInvitationEndpoint>(a.id, &invite("y@example.org", MemberRole::Member)).await.unwrap();
        let p = problem(app.as_user(&plain).call::<CreateInvitationEndpoint>(a.id, &invite("z@example.org", MemberRole::Admin)).await);
        assert_eq!(p.status, 403);

        // The addressee declines; the owner revokes the other one; both are then closed.
        let declined = app.as_user(&invited).call::<DeclineInvitation>(sent.id, &()).await.unwrap();
        assert_eq!(declined.status, InvitationStatus::Declined);
        assert_eq!(problem(app.as_user(&invited).call::<AcceptInvitation>(sent.id, &()).await).status, 409);
        let open = app.as_user(&owner).call::<ListInvitations>(a.id, &PageQuery::default()).await.unwrap().items;
        assert_eq!(open.iter().map(|i| i.email.as_str()).collect::<Vec<_>>(), ["y@example.org"]);
        app.as_user(&owner).call::<RevokeInvitation>((a.id, open[0].id), &()).await.unwrap();
        assert_eq!(problem(app.as_user(&owner).call::<RevokeInvitation>((a.id, open[0].id), &()).await).status, 409);
        assert!(app.as_user(&owner).call::<ListInvitations>(a.id, &PageQuery::default()).await.unwrap().items.is_empty());
        // A declined invitation may be sent again.
        app.as_user(&owner).call::<CreateInvitationEndpoint>(a.id, &invite("invited@example.org", MemberRole::Member)).await.unwrap();
        let dup = problem(app.as_user(&owner).call::<CreateInvitationEndpoint>(a.id, &invite("invited@example.org", MemberRole::Member)).await);
        assert_eq!((dup.status, dup.code), (409, ErrorCode::InvitationPending));
    }

    async fn bad_invitations_name_the_field_and_an_unverified_address_sees_nothing(app) {
        let owner = app.member("owner@example.org").await;
        let a = AssociationBuilder::new(&owner).name_fr("Association A").expect_build(&app).await;
        let client = app.as_user(&owner);
        let p = problem(client.call::<CreateInvitationEndpoint>(a.id, &invite("not an address", MemberRole::Member)).await);
        assert_eq!((p.status, p.field("email").is_some()), (422, true), "{p:?}");
        let p = problem(client.call::<CreateInvitationEndpoint>(a.id, &invite("x@example.org", MemberRole::Owner)).await);
        assert_eq!((p.status, p.field("role").map(|e| e.code.as_str())), (422, Some("owner")));
        let mut long = invite("x@example.org", MemberRole::Member);
        long.message = Some("a".repeat(1001));
        let p = problem(client.call::<CreateInvitationEndpoint>(a.id, &long).await);
        assert_eq!((p.status, p.field("message").is_some()), (422, true));
        // Nothing was written by the refused ones.
        assert!(client.call::<ListInvitations>(a.id, &PageQuery::default()).await.unwrap().items.is_empty());
        assert_eq!(app.emails_to("x@example.org"), 0);
        let unknown = AssociationId(uuid::Uuid::nil());
        let p = problem(client.call::<CreateInvitationEndpoint>(unknown, &invite("x@example.org", MemberRole::Member)).await);
        assert_eq!(p.status, 404);

        // Someone who registered with the address but has not verified it cannot see or take it.
        let sent = client.call::<CreateInvitationEndpoint>(a.id, &invite("squatter@example.org", MemberRole::Member)).await.unwrap();
        let squatter = MemberBuilder::new("squatter").unverified().expect_build(&app).await;
        assert!(app.as_user(&squatter).call::<ListMyInvitations>((), &()).await.unwrap().is_empty());
        assert_eq!(problem(app.as_user(&squatter).call::<AcceptInvitation>(sent.id, &()).await).status, 404);
    }

    async fn invitations_are_rate_limited_and_closed_associations_take_no_one(app) {
        let owner = app.member("owner@example.org").await;
        let staff = app.admin("staff@example.org").await;
        let a = AssociationBuilder::new(&owner).name_fr("Association A").expect_build(&app).await;
        let client = app.as_user(&owner);
        // Invite, revoke, invite again: the third one to the same address in a day is the last.
        for _ in 0..3 {
            let sent = client.call::<CreateInvitationEndpoint>(a.id, &invite("target@example.org", MemberRole::Member)).await.unwrap();
            client.call::<RevokeInvitation>((a.id, sent.id), &()).await.unwrap();
        }
        let p = problem(client.call::<CreateInvitationEndpoint>(a.id, &invite("target@example.org", MemberRole::Member)).await);
        assert_eq!((p.status, p.code), (429, ErrorCode::TooManyRequests));
        assert_eq!(app.wait_for_emails("target@example.org", 3).await, 3);
        // Another address is still fine.
        let open = client.call::<CreateInvitationEndpoint>(a.id, &invite("other@example.org", MemberRole::Member)).await.unwrap();

        // A suspended association's invitations are not listed, and cannot be accepted.
        app.as_user(&staff).call::<VerifyAssociation>(a.id, &StatusDecision::default()).await.unwrap();
        app.as_user(&staff).call::<SuspendAssociation>(a.id, &StatusDecision { reason: Some("Inactive".into()) }).await.unwrap();
        let other = app.member("other@example.org").await;
        assert!(app.as_user(&other).call::<ListMyInvitations>((), &()).await.unwrap().is_empty());
        assert_eq!(problem(app.as_user(&other).call::<AcceptInvitation>(open.id, &()).await).status, 409);
    }
}
