//! `MemberBuilder`: an account, verified and signed in unless asked otherwise.

use madani_shared::ClientError;
use madani_shared::auth::{RegisterRequest, Role, TokenResponse, UpdateUserRequest, VerifyEmailRequest};
use madani_shared::endpoints::{Register, UpdateUser, VerifyEmail};
use madani_shared::text::Language;

use crate::{PASSWORD, TestApp};

/// An account registered with [`PASSWORD`], its address verified through the emailed link, and
/// signed in; its display name is the address's local part.
///
/// `MemberBuilder::new("amina").expect_build(&app)` is `amina@example.org`;
/// `.unverified()` leaves the address unverified; `.admin()` makes an administrator as
/// `madani admin create` does; `.role(Role::Observatory, &admin)` has an administrator give the
/// role. The answer is the sign-in's [`TokenResponse`], whose `user` is the account.
pub struct MemberBuilder<'a> {
    email: String,
    verified: bool,
    admin: bool,
    role: Option<(Role, &'a TokenResponse)>,
}

impl<'a> MemberBuilder<'a> {
    /// `{name}@example.org`.
    pub fn new(name: &str) -> Self {
        Self::with_email(&format!("{name}@example.org"))
    }

    pub fn with_email(email: &str) -> Self {
        MemberBuilder { email: email.to_owned(), verified: true, admin: false, role: None }
    }

    /// Registered and signed in, but the emailed link is never followed.
    pub fn unverified(mut self) -> Self {
        self.verified = false;
        self
    }

    /// An administrator, made as the command line makes one (there is no API for the first).
    pub fn admin(mut self) -> Self {
        self.admin = true;
        self
    }

    /// `role`, given by the administrator `by` through the API.
    pub fn role(mut self, role: Role, by: &'a TokenResponse) -> Self {
        self.role = Some((role, by));
        self
    }

    pub async fn build(self, app: &TestApp) -> Result<TokenResponse, ClientError> {
        let email = self.email.as_str();
        let register = RegisterRequest {
            email: email.into(),
            password: PASSWORD.into(),
            display_name: email.split('@').next().unwrap_or("x").into(),
            preferred_language: Language::Fr,
        };
        app.client.call::<Register>((), &register).await?;
        if self.verified {
            let token = app.link_token(email, "verify-email").await;
            app.client.call::<VerifyEmail>((), &VerifyEmailRequest { token }).await?;
        }
        if self.admin {
            promote_to_admin(app, email).await;
        }
        if let Some((role, admin)) = self.role {
            let id = app.login(email, PASSWORD).await?.user.id;
            app.as_user(admin).call::<UpdateUser>(id, &UpdateUserRequest { role: Some(role), disabled: None }).await?;
        }
        // Signed in last, so that the token carries the role.
        app.login(email, PASSWORD).await
    }

    pub async fn expect_build(self, app: &TestApp) -> TokenResponse {
        let email = self.email.clone();
        self.build(app).await.unwrap_or_else(|e| panic!("member {email}: {e}"))
    }
}

/// What `madani admin create` does, on the test's database.
async fn promote_to_admin(app: &TestApp, email: &str) {
    let (db, email) = (app.database_url(), email.to_owned());
    tokio::task::spawn_blocking(move || {
        let mut conn = madani_api::db::establish(&db).expect("db");
        madani_api::auth::service::create_or_promote_admin(&mut conn, &email, "Admin", "unused").expect("promote");
    })
    .await
    .expect("promote task");
}
