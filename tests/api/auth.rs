//! Registration, verification, login, refresh rotation, logout, throttling, cookies, password reset.

use madani_shared::ErrorCode;
use madani_shared::auth::*;
use madani_shared::endpoints::*;
use madani_tests::{MemberBuilder, PASSWORD, both_backends, problem};

both_backends! {
    async fn register_verify_login_refresh_logout(app) {
        let user = app.register("amina@example.org", PASSWORD).await;
        assert!(!user.email_verified);
        assert_eq!(user.role, Role::Member);

        // The verification link arrives by email and works once.
        let token = app.link_token("amina@example.org", "verify-email").await;
        let verified = app.client.call::<VerifyEmail>((), &VerifyEmailRequest { token: token.clone() }).await.unwrap();
        assert!(verified.email_verified);
        let again = problem(app.client.call::<VerifyEmail>((), &VerifyEmailRequest { token }).await);
        assert_eq!((again.status, again.code), (400, ErrorCode::InvalidLinkToken));

        let login = app.login("Amina@Example.org ", PASSWORD).await.unwrap();
        assert_eq!(login.token_type, "Bearer");
        assert!(login.expires_in <= 900 && login.expires_in > 0);
        let r1 = login.refresh_token.clone().expect("body transport returns the refresh token");
        let me = app.as_user(&login).call::<GetMe>((), &()).await.unwrap();
        assert_eq!(me.email, "amina@example.org");
        assert!(me.email_verified);

        // Rotation: r1 gives r2; r1 then fails, and trying it revokes the family, so r2 dies too.
        let second = app.client.call::<Refresh>((), &RefreshRequest { refresh_token: Some(r1.clone()) }).await.unwrap();
        let r2 = second.refresh_token.clone().unwrap();
        assert_ne!(r1, r2);
        assert_eq!(second.session_id, login.session_id);
        app.as_user(&second).call::<GetMe>((), &()).await.unwrap();
        let reuse = problem(app.client.call::<Refresh>((), &RefreshRequest { refresh_token: Some(r1) }).await);
        assert_eq!((reuse.status, reuse.code), (401, ErrorCode::InvalidRefreshToken));
        let after = problem(app.client.call::<Refresh>((), &RefreshRequest { refresh_token: Some(r2) }).await);
        assert_eq!(after.code, ErrorCode::InvalidRefreshToken);
        // …and the access tokens of the revoked session stop working at once.
        let revoked = problem(app.as_user(&second).call::<GetMe>((), &()).await);
        assert_eq!((revoked.status, revoked.code), (401, ErrorCode::InvalidToken));

        // Logout ends the session: its refresh token and access token fail.
        let third = app.login("amina@example.org", PASSWORD).await.unwrap();
        let r3 = third.refresh_token.clone().unwrap();
        app.client.call::<Logout>((), &RefreshRequest { refresh_token: Some(r3.clone()) }).await.unwrap();
        let gone = problem(app.client.call::<Refresh>((), &RefreshRequest { refresh_token: Some(r3) }).await);
        assert_eq!(gone.code, ErrorCode::InvalidRefreshToken);
        assert_eq!(problem(app.as_user(&third).call::<GetMe>((), &()).await).status, 401);
    }

    async fn refresh_token_in_an_http_only_cookie(app) {
        app.member("karim@example.org").await;
        let jar = reqwest::Client::builder().cookie_store(true).build().unwrap();
        let response = jar
            .post(app.url("/api/v1/auth/login"))
            .json(&serde_json::json!({"email": "karim@example.org", "password": PASSWORD, "transport": "cookie"}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let cookie = response.headers().get("set-cookie").unwrap().to_str().unwrap().to_owned();
        for part in ["madani_refresh=", "HttpOnly", "SameSite=Strict", "Path=/api/v1/auth"] {
            assert!(cookie.contains(part), "{part} missing in {cookie}");
        }
        // Plain-HTTP localhost: no `Secure`, or the browser would drop it.
        assert!(!cookie.contains("Secure"), "{cookie}");
        let body: TokenResponse = response.json().await.unwrap();
        assert!(body.refresh_token.is_none(), "the refresh token must not be readable by scripts");

        // Refresh with the cookie alone (empty body), then log out, which clears it.
        let refreshed = jar.post(app.url("/api/v1/auth/refresh")).json(&serde_json::json!({})).send().await.unwrap();
        assert_eq!(refreshed.status(), 200);
        let refreshed: TokenResponse = refreshed.json().await.unwrap();
        assert!(refreshed.refresh_token.is_none());
        let out = jar.post(app.url("/api/v1/auth/logout")).send().await.unwrap();
        assert_eq!(out.status(), 204);
        assert!(out.headers().get("set-cookie").unwrap().to_str().unwrap().contains("Max-Age=0"));
        let after = jar.post(app.url("/api/v1/auth/refresh")).json(&serde_json::json!({})).send().await.unwrap();
        assert_eq!(after.status(), 401);
    }

    async fn eleventh_wrong_password_is_throttled_even_when_right(app) {
        app.member("sara@example.org").await;
        for attempt in 1..=10 {
            let p = problem(app.login("sara@example.org", "wrong password here").await);
            assert_eq!((p.status, p.code), (401, ErrorCode::InvalidCredentials), "attempt {attempt}");
        }
        let response = app
            .http
            .post(app.url("/api/v1/auth/login"))
            .json(&serde_json::json!({"email": "sara@example.org", "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 429);
        let retry: u64 = response.headers().get("retry-after").unwrap().to_str().unwrap().parse().unwrap();
        assert!((1..=3600).contains(&retry));
        assert_eq!(response.headers().get("content-type").unwrap(), "application/problem+json");
        // Another account is not affected.
        app.member("other@example.org").await;
    }

    async fn unknown_email_and_wrong_password_look_the_same(app) {
        app.member("nadia@example.org").await;
        let unknown = problem(app.login("nobody@example.org", PASSWORD).await);
        let wrong = problem(app.login("nadia@example.org", "not her password").await);
        assert_eq!((unknown.status, unknown.code, &unknown.detail), (wrong.status, wrong.code, &wrong.detail));
    }

    async fn password_reset_signs_out_everywhere(app) {
        let first = app.member("youcef@example.org").await;
        // Unknown addresses get the same answer and no email.
        app.client.call::<RequestPasswordReset>((), &PasswordResetRequest { email: "ghost@example.org".into() }).await.unwrap();
        app.client.call::<RequestPasswordReset>((), &PasswordResetRequest { email: "youcef@example.org".into() }).await.unwrap();
        let token = app.link_token("youcef@example.org", "reset-password").await;
        assert_eq!(app.emails_to("ghost@example.org"), 0);

        let common = problem(app.client.call::<ConfirmPasswordReset>((), &PasswordResetConfirmRequest {
            token: token.clone(), new_password: "password123".into() }).await);
        assert_eq!(common.field("new_password").unwrap().code, "common_password");

        app.client.call::<ConfirmPasswordReset>((), &PasswordResetConfirmRequest {
            token: token.clone(), new_password: "a new harbour at dawn".into() }).await.unwrap();
        // One use only; old sessions are gone; the new password works, the old one not.
        let reuse = problem(app.client.call::<ConfirmPasswordReset>((), &PasswordResetConfirmRequest {
            token, new_password: "another harbour at dusk".into() }).await);
        assert_eq!(reuse.code, ErrorCode::InvalidLinkToken);
        assert_eq!(problem(app.as_user(&first).call::<GetMe>((), &()).await).status, 401);
        let old_refresh = first.refresh_token.clone();
        assert_eq!(problem(app.client.call::<Refresh>((), &RefreshRequest { refresh_token: old_refresh }).await).status, 401);
        assert_eq!(problem(app.login("youcef@example.org", PASSWORD).await).code, ErrorCode::InvalidCredentials);
        app.login("youcef@example.org", "a new harbour at dawn").await.unwrap();
    }

    async fn resend_verification_until_verified(app) {
        let login = MemberBuilder::new("lina").unverified().expect_build(&app).await;
        let user = app.as_user(&login);
        app.link_token("lina@example.org", "verify-email").await;
        user.call::<ResendVerification>((), &()).await.unwrap();
        // Two links now; the newest works.
        assert_eq!(app.wait_for_emails("lina@example.org", 2).await, 2, "the second email never came");
        let token = app.link_token("lina@example.org", "verify-email").await;
        app.client.call::<VerifyEmail>((), &VerifyEmailRequest { token }).await.unwrap();
        let done = problem(user.call::<ResendVerification>((), &()).await);
        assert_eq!((done.status, done.code), (409, ErrorCode::AlreadyVerified));
    }
}
