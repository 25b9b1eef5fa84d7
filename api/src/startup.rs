//! Building and running the server: `Application::build(config)` connects and migrates the database,
//! loads territories, starts the email worker and binds (port 0 in tests); `run_until_stopped` serves.

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::{Server, ServerHandle};
use actix_web::middleware::{Compress, Condition, from_fn};
use actix_web::{App, HttpServer, web};
use tokio::sync::Notify;
use utoipa::OpenApi as _;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

use crate::auth::tokens::TokenKeys;
use crate::config::Config;
use crate::db::{self, Backend, DbPool};
use crate::error::ApiError;
use crate::http::middleware::{HeaderPolicy, frame};
use crate::http::routes::RouteTable;
use crate::mail::{self, Transport};
use crate::state::AppState;
use crate::{openapi, spa, territories};

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("database: {0}")]
    Database(#[from] db::DbSetupError),
    #[error("signing key in the data directory: {0}")]
    Keys(std::io::Error),
    #[error("email: {0}")]
    Mail(String),
    #[error("cannot listen on {0}: {1}")]
    Bind(std::net::SocketAddr, std::io::Error),
    #[error("{0}")]
    Other(String),
}

pub struct Application {
    port: u16,
    server: Server,
}

/// Open the database, migrate it and load the territories if they are missing.
pub async fn prepare_database(url: &str) -> Result<(DbPool, Backend), StartError> {
    let url = url.to_owned();
    web::block(move || prepare_database_now(&url)).await.map_err(|e| StartError::Other(e.to_string()))?
}

/// [`prepare_database`] on the calling thread (the tests make their template databases with it).
pub fn prepare_database_now(url: &str) -> Result<(DbPool, Backend), StartError> {
    let (pool, backend) = db::connect_and_migrate(url)?;
    let mut conn = pool.get().map_err(db::DbSetupError::from)?;
    territories::load::load_if_empty(&mut conn).map_err(db::DbSetupError::from)?;
    // Search terms made by an older version are rebuilt once (after the territories: places are terms).
    match crate::associations::service::reindex_if_stale(&mut conn) {
        Ok(0) => {}
        Ok(n) => tracing::info!(associations = n, "rebuilt the directory's search terms"),
        Err(e) => return Err(StartError::Other(format!("rebuilding the search terms: {e}"))),
    }
    match crate::courses::service::reindex_terms_if_stale(&mut conn) {
        Ok(0) => {}
        Ok(n) => tracing::info!(courses = n, "rebuilt the catalog's search terms"),
        Err(e) => return Err(StartError::Other(format!("rebuilding the catalog's terms: {e}"))),
    }
    drop(conn);
    Ok((pool, backend))
}

/// The access-token keys (and the media URL signer derived from them), from the configuration or
/// the data directory.
pub fn token_keys(config: &Config) -> Result<TokenKeys, StartError> {
    TokenKeys::load_or_create(config.jwt_secret.as_deref(), &config.data_dir, &config.public_url)
        .map_err(StartError::Keys)
}

/// The certificate issuer, with its key from the configuration or the data directory.
fn issuer(config: &Config) -> Result<crate::certificates::Issuer, StartError> {
    Ok(crate::certificates::Issuer {
        key: crate::certificates::keys::IssuerKey::load_or_create(
            config.certificate_key_file.as_deref(),
            &config.data_dir,
        )
        .map_err(StartError::Keys)?,
        public_url: config.public_url.clone(),
        name: "Madani".into(),
    })
}

/// The keys `madani seed-demo` signs with: the same as the server's, so that the demo certificate
/// verifies and the demo courses' addresses work.
pub fn demo_keys(config: &Config) -> Result<crate::demo::Keys, StartError> {
    Ok(crate::demo::Keys {
        issuer: issuer(config)?,
        urls: token_keys(config)?.urls,
        uploads: Arc::new(crate::storage::DirStorage::new(config.data_dir.join("uploads"))),
    })
}

impl Application {
    pub async fn build(config: Config) -> Result<Self, StartError> {
        let (pool, backend) = prepare_database(&config.database_url).await?;
        let index_pool = pool.clone();
        let directory_index = web::block(move || -> Result<_, StartError> {
            let mut conn = index_pool.get().map_err(db::DbSetupError::from)?;
            crate::associations::index::DirectoryIndex::build(&mut conn)
                .map_err(|e| StartError::Other(format!("building the directory's index: {e}")))
        })
        .await
        .map_err(|e| StartError::Other(e.to_string()))??;
        let directory_index = Arc::new(directory_index);
        let keys = token_keys(&config)?;
        let transport: Arc<dyn Transport> = match &config.smtp_url {
            Some(url) => Arc::new(mail::SmtpTransport::new(url, &config.smtp_from).map_err(StartError::Mail)?),
            None => {
                Arc::new(mail::FileTransport { dir: config.data_dir.join("outbox"), from: config.smtp_from.clone() })
            }
        };
        let mail_notify = Arc::new(Notify::new());
        tokio::spawn(mail::worker::run(pool.clone(), transport, mail_notify.clone()));
        let jobs_notify = Arc::new(Notify::new());
        let storage = Arc::new(crate::storage::DirStorage::new(config.data_dir.join("uploads")));
        let job_context = crate::jobs::Context {
            storage: storage.clone(),
            public_url: config.public_url.clone(),
            mail_notify: mail_notify.clone(),
            unsubscribe: keys.unsubscribe.clone(),
        };
        tokio::spawn(crate::jobs::run(pool.clone(), job_context, jobs_notify.clone()));

        let realtime = crate::realtime::start(backend, &config.database_url);
        let doc = openapi::document();
        let route_table = web::Data::new(RouteTable::from_openapi(&doc));
        // The document served at /api/openapi.json: serialized once and shared by the workers (kept as
        // utoipa's structures, one copy a worker cost about 19 MB of a resting server's 80).
        let doc_json = web::Bytes::from(serde_json::to_vec(&doc).unwrap_or_default());
        drop(doc);
        let policy = HeaderPolicy { hsts: config.is_https() };
        let web_dir = web::Data::new(spa::WebDir::new(config.web_dir.clone()));
        let config = Arc::new(config);
        // Uploads cut short by a crash or a kill leave their unfinished files; no row names them.
        match storage.sweep_unfinished(std::time::Duration::from_secs(24 * 3600)) {
            Ok(0) => {}
            Ok(n) => tracing::info!(files = n, "removed unfinished uploads older than a day"),
            Err(e) => tracing::warn!(error = %e, "could not sweep unfinished uploads"),
        }
        let state = web::Data::new(AppState {
            pool,
            backend,
            config: config.clone(),
            keys: Arc::new(keys),
            mail_notify,
            storage,
            directory: Arc::new(
                crate::associations::cache::DirectoryCache::new(
                    std::time::Duration::from_secs(config.directory_cache_secs),
                    1000,
                )
                .following(directory_index.clone()),
            ),
            directory_index,
            exports: Arc::new(tokio::sync::Semaphore::new(config.export_concurrency)),
            issuer: Arc::new(issuer(&config)?),
            hasher: Arc::new(crate::auth::passwords::Hasher::new(
                config.limits.hash_concurrency,
                config.limits.hash_queue,
            )),
            jobs_notify,
            results: Arc::default(),
            calendar: Arc::default(),
            read_limits: Arc::default(),
            realtime,
        });

        let listener = TcpListener::bind(config.bind).map_err(|e| StartError::Bind(config.bind, e))?;
        let port = listener.local_addr().map_err(|e| StartError::Bind(config.bind, e))?.port();
        let cors_origins = config.cors_origins.clone();
        let mut server = HttpServer::new(move || {
            let (app, _) = App::new()
                .into_utoipa_app()
                .openapi(openapi::ApiDoc::openapi())
                .configure(openapi::routes)
                .split_for_parts();
            let mut cors = actix_cors::Cors::default()
                .allowed_methods(["GET", "POST", "PATCH", "PUT", "DELETE"])
                .allowed_headers([actix_web::http::header::AUTHORIZATION, actix_web::http::header::CONTENT_TYPE])
                .expose_headers(["x-request-id", "retry-after"])
                .supports_credentials()
                .max_age(3600);
            for origin in &cors_origins {
                cors = cors.allowed_origin(origin);
            }
            app.app_data(state.clone())
                // A path argument that does not parse (an id that is not a UUID) names nothing.
                .app_data(web::PathConfig::default().error_handler(|_, _| ApiError::NotFound.into()))
                .app_data(route_table.clone())
                .app_data(web_dir.clone())
                .app_data(policy)
                .service(web::redirect("/api/docs", "/api/docs/"))
                .service(
                    SwaggerUi::new("/api/docs/{_:.*}")
                        .config(utoipa_swagger_ui::Config::new(["/api/openapi.json"]).validator_url("none")),
                )
                .route(
                    "/api/openapi.json",
                    web::get().to({
                        let json = doc_json.clone();
                        move || {
                            let json = json.clone();
                            async move { actix_web::HttpResponse::Ok().content_type("application/json").body(json) }
                        }
                    }),
                )
                .default_service(web::to(spa::fallback))
                .wrap(from_fn(crate::http::routes::methods))
                .wrap(Compress::default())
                .wrap(Condition::new(!cors_origins.is_empty(), cors))
                .wrap(from_fn(frame))
        })
        .listen(listener)
        .map_err(|e| StartError::Bind(config.bind, e))?
        .shutdown_timeout(20);
        if let Some(n) = config.workers {
            server = server.workers(n);
        }
        tracing::info!(port, database = backend.name(), public_url = %config.public_url, "Madani is listening");
        Ok(Application { port, server: server.run() })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn handle(&self) -> ServerHandle {
        self.server.handle()
    }

    /// Serve until SIGINT/SIGTERM (graceful: in-flight requests finish) or `handle().stop()`.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

impl From<ApiError> for StartError {
    fn from(e: ApiError) -> Self {
        StartError::Other(e.to_string())
    }
}
