//! Test support: `TestApp::spawn(backend)` starts a real Madani server on a random port with a fresh
//! database (a temporary SQLite file, or a new PostgreSQL database dropped afterwards) and talks to it
//! over HTTP with the shared typed client.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use diesel::{Connection, RunQueryDsl, pg::PgConnection};
use madani_api::config::Config;
use madani_api::startup::Application;
use madani_shared::auth::{LoginRequest, RegisterRequest, TokenResponse, TokenTransport, User, VerifyEmailRequest};
use madani_shared::endpoints::{Login, Register, VerifyEmail};
use madani_shared::text::Language;
use madani_shared::{Client, ClientError, Problem};

pub use madani_shared;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The PostgreSQL server the tests create their databases on.
pub fn postgres_admin_url() -> String {
    std::env::var("MADANI_TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

pub struct TestApp {
    pub backend: Backend,
    /// `http://127.0.0.1:<port>`
    pub base: String,
    /// The typed client, without a token.
    pub client: Client,
    /// A plain HTTP client for requests the typed client cannot make (malformed bodies, raw headers).
    pub http: reqwest::Client,
    pub data_dir: PathBuf,
    /// The access-token signing key the server was given.
    pub jwt_secret: String,
    _temp: tempfile::TempDir,
    pg_database: Option<String>,
    handle: actix_web_handle::Handle,
}

/// Keeps actix-web out of the tests' own dependencies.
mod actix_web_handle {
    pub struct Handle(pub Box<dyn FnOnce() + Send>);
}

impl TestApp {
    /// Start a server; `None` when PostgreSQL is asked for but unreachable outside CI (a visible skip).
    /// Under `CI` an unreachable PostgreSQL fails the test.
    pub async fn spawn(backend: Backend) -> Option<TestApp> {
        Self::spawn_with(backend, &[]).await
    }

    /// Start a server with extra environment variables (e.g. `MADANI_CORS_ORIGINS`).
    pub async fn spawn_with(backend: Backend, vars: &[(&str, &str)]) -> Option<TestApp> {
        let temp = tempfile::tempdir().expect("temp dir");
        let data_dir = temp.path().join("data");
        let (database_url, pg_database) = match backend {
            Backend::Sqlite => (format!("sqlite://{}", data_dir.join("madani.db").display()), None),
            Backend::Postgres => match create_pg_database() {
                Ok((url, name)) => (url, Some(name)),
                Err(e) if std::env::var_os("CI").is_some() => panic!("PostgreSQL is required under CI: {e}"),
                Err(e) => {
                    eprintln!("SKIPPED (PostgreSQL unreachable at {}: {e})", postgres_admin_url());
                    return None;
                }
            },
        };
        let jwt_secret = format!("test-secret-{}", uuid::Uuid::new_v4().simple());
        let mut env: HashMap<String, String> = [
            ("DATABASE_URL", database_url.as_str()),
            ("MADANI_DATA_DIR", data_dir.to_str().expect("utf-8 path")),
            ("MADANI_BIND", "127.0.0.1:0"),
            ("MADANI_WORKERS", "2"),
            ("MADANI_JWT_SECRET", jwt_secret.as_str()),
            ("MADANI_WEB_DIR", temp.path().join("no-web-build").to_str().expect("utf-8 path")),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        for (k, v) in vars {
            env.insert((*k).to_owned(), (*v).to_owned());
        }
        let config = Config::from_lookup(|k| env.get(k).cloned()).expect("test config");
        let app = Application::build(config).await.expect("server starts");
        let base = format!("http://127.0.0.1:{}", app.port());
        let server_handle = app.handle();
        tokio::spawn(app.run_until_stopped());
        let http = reqwest::Client::builder().timeout(Duration::from_secs(30)).build().expect("http client");
        Some(TestApp {
            backend,
            client: Client::with_http(&base, http.clone()),
            base,
            http,
            data_dir,
            jwt_secret,
            _temp: temp,
            pg_database,
            handle: actix_web_handle::Handle(Box::new(move || {
                tokio::spawn(async move { server_handle.stop(false).await });
            })),
        })
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// The typed client with an access token.
    pub fn as_user(&self, token: &TokenResponse) -> Client {
        self.client.with_token(&token.access_token)
    }

    /// Wait for an email to `to` whose body contains `needle`; return the body.
    pub async fn wait_for_email(&self, to: &str, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        let outbox = self.data_dir.join("outbox");
        loop {
            if let Ok(entries) = std::fs::read_dir(&outbox) {
                for entry in entries.flatten() {
                    let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
                    if text.contains(&format!("\r\nTo: {to}\r\n")) && text.contains(needle) {
                        return text;
                    }
                }
            }
            assert!(Instant::now() < deadline, "no email to {to} containing {needle:?} in {}", outbox.display());
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// How many emails to `to` are in the outbox once at least `expected` have arrived, or after 15 s.
    /// The mail worker delivers after the request has answered, so a count taken at once can be short.
    pub async fn wait_for_emails(&self, to: &str, expected: usize) -> usize {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let count = self.emails_to(to);
            if count >= expected || Instant::now() >= deadline {
                return count;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// How many emails to `to` are in the outbox folder now.
    pub fn emails_to(&self, to: &str) -> usize {
        std::fs::read_dir(self.data_dir.join("outbox"))
            .map(|entries| {
                entries
                    .flatten()
                    .filter(|e| {
                        std::fs::read_to_string(e.path()).unwrap_or_default().contains(&format!("\r\nTo: {to}\r\n"))
                    })
                    .count()
            })
            .unwrap_or(0)
    }

    /// The token of the newest link `…/<path>?token=…` emailed to `to`.
    pub async fn link_token(&self, to: &str, path: &str) -> String {
        let body = self.wait_for_email(to, &format!("/{path}?token=")).await;
        let marker = format!("/{path}?token=");
        let start = body.rfind(&marker).expect("link") + marker.len();
        body[start..].split_whitespace().next().expect("token").to_owned()
    }

    pub async fn register(&self, email: &str, password: &str) -> User {
        self.client
            .call::<Register>(
                &[],
                &RegisterRequest {
                    email: email.into(),
                    password: password.into(),
                    display_name: email.split('@').next().unwrap_or("x").into(),
                    preferred_language: Language::Fr,
                },
            )
            .await
            .expect("register")
    }

    pub async fn login(&self, email: &str, password: &str) -> Result<TokenResponse, ClientError> {
        self.client
            .call::<Login>(
                &[],
                &LoginRequest { email: email.into(), password: password.into(), transport: TokenTransport::Body },
            )
            .await
    }

    /// Register, verify the email through the emailed link, and sign in.
    pub async fn member(&self, email: &str) -> TokenResponse {
        let password = "olive tree by the sea";
        self.register(email, password).await;
        let token = self.link_token(email, "verify-email").await;
        self.client.call::<VerifyEmail>(&[], &VerifyEmailRequest { token }).await.expect("verify");
        self.login(email, password).await.expect("login")
    }

    /// Make an account an administrator, as `madani admin create` does, and sign in.
    pub async fn admin(&self, email: &str) -> TokenResponse {
        self.member(email).await;
        let db = self.database_url();
        let email_owned = email.to_owned();
        tokio::task::spawn_blocking(move || {
            let mut conn = madani_api::db::establish(&db).expect("db");
            madani_api::auth::service::create_or_promote_admin(&mut conn, &email_owned, "Admin", "unused")
                .expect("promote");
        })
        .await
        .expect("promote task");
        self.login(email, "olive tree by the sea").await.expect("login admin")
    }

    pub fn database_url(&self) -> String {
        match (&self.pg_database, self.backend) {
            (Some(name), Backend::Postgres) => pg_url_for(name),
            _ => format!("sqlite://{}", self.data_dir.join("madani.db").display()),
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let stop = std::mem::replace(&mut self.handle.0, Box::new(|| {}));
        stop();
        if let Some(name) = self.pg_database.take()
            && let Ok(mut conn) = PgConnection::establish(&postgres_admin_url())
        {
            let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut conn);
        }
    }
}

fn pg_url_for(database: &str) -> String {
    let admin = postgres_admin_url();
    let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
    format!("{base}/{database}")
}

fn create_pg_database() -> Result<(String, String), String> {
    let mut conn = PgConnection::establish(&postgres_admin_url()).map_err(|e| e.to_string())?;
    let name = format!("t_{}", uuid::Uuid::new_v4().simple());
    diesel::sql_query(format!("CREATE DATABASE {name}")).execute(&mut conn).map_err(|e| e.to_string())?;
    Ok((pg_url_for(&name), name))
}

/// The problem of a failed call, or a panic naming what came instead.
pub fn problem<T: std::fmt::Debug>(result: Result<T, ClientError>) -> Problem {
    match result {
        Err(ClientError::Api(p)) => *p,
        other => panic!("expected a problem response, got {other:?}"),
    }
}

/// Run one async test body on both backends.
#[macro_export]
macro_rules! both_backends {
    ($(async fn $name:ident($app:ident) $body:block)+) => {
        $(
            mod $name {
                #[allow(unused_imports)]
                use super::*;
                async fn run($app: $crate::TestApp) $body

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    run($crate::TestApp::spawn($crate::Backend::Sqlite).await.expect("sqlite app")).await
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    if let Some(app) = $crate::TestApp::spawn($crate::Backend::Postgres).await {
                        run(app).await
                    }
                }
            }
        )+
    };
}

/// A small association in Algiers province (wilaya 06, commune 158) named `fr` in French, with no
/// contacts.
pub fn sample_association(fr: &str, registration: &str) -> madani_shared::associations::CreateAssociation {
    use madani_shared::associations::{Category, CreateAssociation, Field, SizeBand};
    CreateAssociation {
        name: madani_shared::LocalizedText { fr: Some(fr.into()), ..Default::default() },
        acronym: None,
        registration_number: registration.into(),
        category: Category::Wilaya,
        fields: vec![Field::Youth],
        wilaya_code: "06".into(),
        commune_id: Some(158),
        address: None,
        founded_on: None,
        size: SizeBand::Small,
        description: madani_shared::LocalizedText::default(),
        email: None,
        phone: None,
        website: None,
        social_links: vec![],
    }
}
