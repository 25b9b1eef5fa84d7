//! The member's own account: profile, password change, sessions, export, deletion, and that one
//! member can never reach another's.

use madani_shared::ErrorCode;
use madani_shared::auth::*;
use madani_shared::endpoints::*;
use madani_shared::text::Language;
use madani_tests::{PASSWORD, both_backends, problem};

both_backends! {
    async fn profile_update_ignores_privileged_fields(app) {
        let login = app.member("amel@example.org").await;
        let response = app
            .http
            .patch(app.url("/api/v1/me"))
            .bearer_auth(&login.access_token)
            .json(&serde_json::json!({"display_name": "  Amel K.  ", "preferred_language": "ar",
                                      "role": "admin", "email_verified": false, "email": "x@evil.example"}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let me: User = response.json().await.unwrap();
        assert_eq!((me.display_name.as_str(), me.preferred_language), ("Amel K.", Language::Ar));
        assert_eq!((me.role, me.email_verified, me.email.as_str()), (Role::Member, true, "amel@example.org"));

        // Register cannot set them either.
        let reg = app
            .http
            .post(app.url("/api/v1/auth/register"))
            .json(&serde_json::json!({"email": "sneaky@example.org", "password": PASSWORD, "display_name": "S",
                                      "preferred_language": "fr", "role": "admin", "email_verified": true}))
            .send()
            .await
            .unwrap();
        assert_eq!(reg.status(), 201);
        let user: User = reg.json().await.unwrap();
        assert_eq!((user.role, user.email_verified), (Role::Member, false));

        let blank = problem(app.as_user(&login).call::<UpdateMe>((), &UpdateMeRequest { display_name: Some("   ".into()), preferred_language: None }).await);
        assert_eq!((blank.status, blank.field("display_name").unwrap().code.as_str()), (422, "required"));
    }

    async fn password_change_keeps_this_session_and_ends_the_others(app) {
        let here = app.member("omar@example.org").await;
        let elsewhere = app.login("omar@example.org", PASSWORD).await.unwrap();
        let wrong = problem(app.as_user(&here).call::<ChangePassword>((), &ChangePasswordRequest {
            current_password: "not my password".into(), new_password: "a brand new phrase".into() }).await);
        assert_eq!((wrong.status, wrong.field("current_password").unwrap().code.as_str()), (422, "wrong_password"));
        let common = problem(app.as_user(&here).call::<ChangePassword>((), &ChangePasswordRequest {
            current_password: PASSWORD.into(), new_password: "iloveyou".into() }).await);
        assert_eq!(common.field("new_password").unwrap().code, "common_password");

        app.as_user(&here).call::<ChangePassword>((), &ChangePasswordRequest {
            current_password: PASSWORD.into(), new_password: "a brand new phrase".into() }).await.unwrap();
        app.as_user(&here).call::<GetMe>((), &()).await.expect("this session stays");
        assert_eq!(problem(app.as_user(&elsewhere).call::<GetMe>((), &()).await).status, 401);
        assert_eq!(problem(app.client.call::<Refresh>((), &RefreshRequest { refresh_token: elsewhere.refresh_token.clone() }).await).status, 401);
        assert!(app.login("omar@example.org", PASSWORD).await.is_err());
        app.login("omar@example.org", "a brand new phrase").await.unwrap();
    }

    async fn sessions_list_and_revoke_only_your_own(app) {
        let a1 = app.member("a@example.org").await;
        let a2 = app.login("a@example.org", PASSWORD).await.unwrap();
        let b = app.member("b@example.org").await;

        let mine = app.as_user(&a1).call::<ListMySessions>((), &()).await.unwrap();
        assert_eq!(mine.len(), 2);
        assert_eq!(mine.iter().filter(|s| s.current).count(), 1);
        assert!(mine.iter().any(|s| s.id == a2.session_id));
        assert!(!mine.iter().any(|s| s.id == b.session_id), "B's session must not be listed for A");

        // A cannot end B's session: it is "not found" for A, and B stays signed in.
        let refused = problem(app.as_user(&a1).call::<RevokeMySession>(b.session_id, &()).await);
        assert_eq!((refused.status, refused.code), (404, ErrorCode::NotFound));
        app.as_user(&b).call::<GetMe>((), &()).await.expect("B unaffected");

        // A ends their other session.
        app.as_user(&a1).call::<RevokeMySession>(a2.session_id, &()).await.unwrap();
        assert_eq!(problem(app.as_user(&a2).call::<GetMe>((), &()).await).status, 401);
        assert_eq!(app.as_user(&a1).call::<ListMySessions>((), &()).await.unwrap().len(), 1);
        assert_eq!(problem(app.as_user(&a1).call::<RevokeMySession>(a2.session_id, &()).await).status, 404);
        let malformed = app.raw_problem(reqwest::Method::DELETE, "/api/v1/me/sessions/not-a-session", Some(&a1)).await;
        assert_eq!((malformed.status, malformed.code), (404, ErrorCode::NotFound));
    }

    async fn sessions_ended_long_ago_are_not_listed_then_forgotten(app) {
        let here = app.member("s@example.org").await;
        let old = app.login("s@example.org", PASSWORD).await.unwrap();
        // The second sign-in ended (expired) long ago: not listed, and its rows go at the next sweep.
        app.sql(format!("UPDATE sessions SET expires_at = '2020-01-01 00:00:00' WHERE id = '{}'", old.session_id)).await;
        let mine = app.as_user(&here).call::<ListMySessions>((), &()).await.unwrap();
        assert_eq!(mine.iter().map(|s| s.id).collect::<Vec<_>>(), [here.session_id]);
        let count = |table: &str, column: &str, id: &str| app.sql_count(&format!("SELECT COUNT(*) AS n FROM {table} WHERE {column} = '{id}'"));
        let old_id = old.session_id.to_string();
        assert_eq!((count("sessions", "id", &old_id), count("refresh_tokens", "session_id", &old_id)), (1, 1));
        // A second instance sweeps when its worker starts.
        let _beside = app.spawn_beside().await;
        let mut gone = false;
        for _ in 0..50 {
            if count("sessions", "id", &old_id) == 0 {
                gone = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
        assert!(gone, "a session ended in 2020 is still kept");
        assert_eq!(count("refresh_tokens", "session_id", &old_id), 0, "its refresh tokens went with it");
        let current = here.session_id.to_string();
        assert_eq!(count("sessions", "id", &current), 1, "a live session stays");
        app.as_user(&here).call::<GetMe>((), &()).await.expect("still signed in");
    }

    async fn export_holds_your_data_and_nobody_elses(app) {
        let a = app.member("export-a@example.org").await;
        let b = app.member("export-b@example.org").await;
        let _ = app.login("export-a@example.org", "a wrong password").await;
        let response = app.http.get(app.url("/api/v1/me/export")).bearer_auth(&a.access_token).send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert!(response.headers().get("content-disposition").unwrap().to_str().unwrap().contains("attachment"));
        let text = response.text().await.unwrap();
        let export: AccountExport = serde_json::from_str(&text).unwrap();
        assert_eq!(export.account.email, "export-a@example.org");
        assert!(export.sessions.iter().any(|s| s.id == a.session_id && s.current));
        assert!(export.login_attempts.iter().any(|l| !l.succeeded) && export.login_attempts.iter().any(|l| l.succeeded));
        assert!(!text.contains("export-b@example.org") && !text.contains(&b.session_id.to_string()));
        assert!(!text.contains("argon2"), "the password hash is not personal data to hand out");
    }

    async fn deleting_the_account_removes_it(app) {
        let login = app.member("leaving@example.org").await;
        let other = app.member("staying@example.org").await;
        let wrong = problem(app.as_user(&login).call::<DeleteMe>((), &DeleteAccountRequest { password: "nope nope nope".into() }).await);
        assert_eq!((wrong.status, wrong.field("password").unwrap().code.as_str()), (422, "wrong_password"));
        app.as_user(&login).call::<DeleteMe>((), &DeleteAccountRequest { password: PASSWORD.into() }).await.unwrap();
        assert_eq!(problem(app.as_user(&login).call::<GetMe>((), &()).await).status, 401);
        assert_eq!(problem(app.login("leaving@example.org", PASSWORD).await).code, ErrorCode::InvalidCredentials);
        app.as_user(&other).call::<GetMe>((), &()).await.expect("others unaffected");
        // The address can register again.
        app.register("leaving@example.org", PASSWORD).await;
    }
}
