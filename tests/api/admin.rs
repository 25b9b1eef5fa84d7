//! Account administration: administrators only.

use madani_shared::ErrorCode;
use madani_shared::auth::*;
use madani_shared::endpoints::*;
use madani_tests::{PASSWORD, both_backends, problem};

both_backends! {
    async fn members_get_403_on_admin_routes(app) {
        let member = app.member("member@example.org").await;
        let other = app.member("other@example.org").await;
        let list = problem(app.as_user(&member).call::<ListUsers>((), &ListUsersQuery::default()).await);
        assert_eq!((list.status, list.code), (403, ErrorCode::NotAdmin));
        let other_id = other.user.id;
        let promote = problem(app.as_user(&member).call::<UpdateUser>(other_id, &UpdateUserRequest { role: Some(Role::Admin), disabled: None }).await);
        assert_eq!(promote.status, 403);
        let own = member.user.id;
        let self_promote = problem(app.as_user(&member).call::<UpdateUser>(own, &UpdateUserRequest { role: Some(Role::Admin), disabled: None }).await);
        assert_eq!(self_promote.status, 403);
        assert_eq!(app.as_user(&member).call::<GetMe>((), &()).await.unwrap().role, Role::Member);
        // Observatory staff are not administrators either.
        let admin = app.admin("root@example.org").await;
        app.as_user(&admin).call::<UpdateUser>(other_id, &UpdateUserRequest { role: Some(Role::Observatory), disabled: None }).await.unwrap();
        let staff = app.login("other@example.org", PASSWORD).await.unwrap();
        assert_eq!(problem(app.as_user(&staff).call::<ListUsers>((), &ListUsersQuery::default()).await).status, 403);
    }

    async fn admins_list_filter_and_page_accounts(app) {
        let admin = app.admin("root@example.org").await;
        for i in 0..4 {
            app.register(&format!("person{i}@example.org"), PASSWORD).await;
        }
        let as_admin = app.as_user(&admin);
        let first = as_admin.call::<ListUsers>((), &ListUsersQuery { limit: Some(3), ..Default::default() }).await.unwrap();
        assert_eq!(first.items.len(), 3);
        let cursor = first.next_cursor.clone().expect("more pages");
        let second = as_admin.call::<ListUsers>((), &ListUsersQuery { limit: Some(3), cursor: Some(cursor), ..Default::default() }).await.unwrap();
        assert_eq!(second.items.len(), 2);
        assert!(second.next_cursor.is_none());
        let mut all: Vec<String> = first.items.iter().chain(&second.items).map(|u| u.user.email.clone()).collect();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), 5);

        let admins = as_admin.call::<ListUsers>((), &ListUsersQuery { role: Some(Role::Admin), ..Default::default() }).await.unwrap();
        assert_eq!(admins.items.iter().map(|u| u.user.email.as_str()).collect::<Vec<_>>(), ["root@example.org"]);
        let found = as_admin.call::<ListUsers>((), &ListUsersQuery { q: Some("PERSON2".into()), ..Default::default() }).await.unwrap();
        assert_eq!(found.items.len(), 1);
        // LIKE wildcards in the search text are literal.
        let none = as_admin.call::<ListUsers>((), &ListUsersQuery { q: Some("%".into()), ..Default::default() }).await.unwrap();
        assert!(none.items.is_empty());

        let bad = problem(as_admin.call::<ListUsers>((), &ListUsersQuery { limit: Some(1000), ..Default::default() }).await);
        assert_eq!((bad.status, bad.field("limit").unwrap().code.as_str()), (422, "range"));
        let raw = app.http.get(app.url("/api/v1/admin/users?limit=many")).bearer_auth(&admin.access_token).send().await.unwrap();
        assert_eq!(raw.status(), 422);
        let p: madani_shared::Problem = raw.json().await.unwrap();
        assert_eq!(p.errors[0].field, "limit");
    }

    async fn disabling_an_account_signs_it_out(app) {
        let admin = app.admin("root@example.org").await;
        let victim = app.member("victim@example.org").await;
        let id = victim.user.id;
        let updated = app.as_user(&admin).call::<UpdateUser>(id, &UpdateUserRequest { role: None, disabled: Some(true) }).await.unwrap();
        assert!(updated.disabled);
        assert_eq!(problem(app.as_user(&victim).call::<GetMe>((), &()).await).status, 401);
        assert_eq!(problem(app.client.call::<Refresh>((), &RefreshRequest { refresh_token: victim.refresh_token.clone() }).await).status, 401);
        let login = problem(app.login("victim@example.org", PASSWORD).await);
        assert_eq!((login.status, login.code), (403, ErrorCode::AccountDisabled));
        // An administrator cannot lock themselves out.
        let own = admin.user.id;
        let refused = problem(app.as_user(&admin).call::<UpdateUser>(own, &UpdateUserRequest { role: Some(Role::Member), disabled: None }).await);
        assert_eq!(refused.status, 409);
        assert_eq!(problem(app.as_user(&admin).call::<UpdateUser>("01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e7a".parse().unwrap(), &UpdateUserRequest::default()).await).status, 404);
    }
}
