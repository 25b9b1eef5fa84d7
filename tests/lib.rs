//! Test support: `TestApp::spawn(backend)` starts a real Madani server on a random port with a fresh
//! database (a temporary SQLite file, or a new PostgreSQL database dropped afterwards) and talks to it
//! over HTTP with the shared typed client.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use diesel::{Connection, RunQueryDsl, pg::PgConnection};
use madani_api::config::Config;
use madani_api::startup::Application;
use madani_shared::auth::{LoginRequest, RegisterRequest, TokenResponse, TokenTransport, User};
use madani_shared::endpoints::{Login, Register};
use madani_shared::text::Language;
use madani_shared::{Client, ClientError, LocalizedText, Problem};

pub mod builders;

pub use builders::{AssociationBuilder, BuiltCourse, CourseBuilder, MemberBuilder, ModuleBuilder, QuizLesson};
pub use madani_shared;

/// The password of every account the tests make.
pub const PASSWORD: &str = "olive tree by the sea";

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
        Self::start(backend, vars, true).await
    }

    /// Start a server on an empty database and data directory that it migrates and makes itself
    /// (the others start from a copy of a migrated database: `templates`).
    pub async fn spawn_fresh(backend: Backend) -> Option<TestApp> {
        Self::start(backend, &[], false).await
    }

    async fn start(backend: Backend, vars: &[(&str, &str)], from_template: bool) -> Option<TestApp> {
        let temp = tempfile::tempdir().expect("temp dir");
        let data_dir = temp.path().join("data");
        let (database_url, pg_database) = match backend {
            Backend::Sqlite => {
                if from_template {
                    templates::copy_sqlite(&data_dir).expect("the SQLite template");
                }
                (format!("sqlite://{}", data_dir.join("madani.db").display()), None)
            }
            Backend::Postgres => match create_pg_database(from_template) {
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

    /// A second instance on this one's database and signing key, with its own memory (the
    /// directory's index, the caches, the workers, the sockets), as a second server behind a load
    /// balancer would be.
    pub async fn spawn_beside(&self) -> TestApp {
        self.spawn_beside_with(&[]).await
    }

    /// [`Self::spawn_beside`] with extra environment variables.
    pub async fn spawn_beside_with(&self, vars: &[(&str, &str)]) -> TestApp {
        let url = self.database_url();
        let mut all = vec![("DATABASE_URL", url.as_str()), ("MADANI_JWT_SECRET", self.jwt_secret.as_str())];
        all.extend_from_slice(vars);
        Self::spawn_with(self.backend, &all).await.expect("a second instance")
    }

    /// Run `statement` on the test's database (to move a clock the server reads from rows).
    pub async fn sql(&self, statement: String) {
        let db = self.database_url();
        tokio::task::spawn_blocking(move || {
            let mut conn = madani_api::db::establish(&db).expect("db");
            diesel::sql_query(statement).execute(&mut conn).expect("sql");
        })
        .await
        .unwrap();
    }

    /// The number a `SELECT COUNT(*) AS n …` on the test's database gives.
    pub fn sql_count(&self, sql: &str) -> i64 {
        #[derive(diesel::QueryableByName)]
        struct Count {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let mut conn = madani_api::db::establish(&self.database_url()).expect("db");
        diesel::sql_query(sql).get_result::<Count>(&mut conn).expect("count").n
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// A raw request without a body, for what the typed client cannot send (a malformed id in the
    /// path); the problem it answers, after checking that it is `application/problem+json`.
    pub async fn raw_problem(&self, method: reqwest::Method, path: &str, token: Option<&TokenResponse>) -> Problem {
        let mut request = self.http.request(method, self.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(&token.access_token);
        }
        let response = request.send().await.expect("request");
        let content_type = response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default();
        assert!(content_type.starts_with("application/problem+json"), "{path}: content-type {content_type:?}");
        let status = response.status().as_u16();
        let problem: Problem = response.json().await.expect("problem body");
        assert_eq!(problem.status, status, "{path}: the body's status is the response's");
        problem
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
                (),
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
                (),
                &LoginRequest { email: email.into(), password: password.into(), transport: TokenTransport::Body },
            )
            .await
    }

    /// Register, verify the email through the emailed link, and sign in: `MemberBuilder` with the
    /// address.
    pub async fn member(&self, email: &str) -> TokenResponse {
        MemberBuilder::with_email(email).expect_build(self).await
    }

    /// An administrator, made as `madani admin create` does, signed in.
    pub async fn admin(&self, email: &str) -> TokenResponse {
        MemberBuilder::with_email(email).admin().expect_build(self).await
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

fn create_pg_database(from_template: bool) -> Result<(String, String), String> {
    let mut conn = PgConnection::establish(&postgres_admin_url()).map_err(|e| e.to_string())?;
    let name = format!("t_{}", uuid::Uuid::new_v4().simple());
    if from_template {
        let template = templates::postgres()?;
        // The template's last connections may still be closing: PostgreSQL then refuses the copy.
        let started = Instant::now();
        loop {
            match diesel::sql_query(format!("CREATE DATABASE {name} TEMPLATE {template}")).execute(&mut conn) {
                Ok(_) => break,
                Err(e) if e.to_string().contains("being accessed") && started.elapsed() < Duration::from_secs(10) => {
                    std::thread::sleep(Duration::from_millis(50))
                }
                Err(e) => return Err(e.to_string()),
            }
        }
    } else {
        diesel::sql_query(format!("CREATE DATABASE {name}")).execute(&mut conn).map_err(|e| e.to_string())?;
    }
    Ok((pg_url_for(&name), name))
}

mod templates;

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

/// `text` in French only.
pub fn fr(text: &str) -> LocalizedText {
    LocalizedText { fr: Some(text.into()), ..Default::default() }
}

/// A 1×1 PNG.
pub const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49,
    0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0, 0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D,
    0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

/// The value of a response's header `name`, or `""`.
pub fn header(response: &reqwest::Response, name: &str) -> String {
    response.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

/// A signed address (`…sig=…`) with one character of its signature changed.
pub fn tamper(url: &str) -> String {
    let at = url.find("sig=").expect("signed") + 4 + 10;
    let changed = if &url[at..at + 1] == "A" { "B" } else { "A" };
    format!("{}{changed}{}", &url[..at], &url[at + 1..])
}

/// Run `n` futures made by `make` at the same time; their results.
pub async fn futures_join<F, Fut, T>(n: usize, make: F) -> Vec<T>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    let handles: Vec<_> = (0..n).map(|_| tokio::spawn(make())).collect();
    let mut out = Vec::with_capacity(n);
    for h in handles {
        out.push(h.await.expect("task"));
    }
    out
}
