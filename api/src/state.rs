//! `AppState`: what every handler can reach, built once by [`crate::startup::Application::build`].

use std::sync::Arc;

use actix_web::web;
use tokio::sync::Notify;

use crate::auth::tokens::TokenKeys;
use crate::config::Config;
use crate::db::{Backend, DbConn, DbPool};
use crate::error::ApiResult;

/// The state as a handler takes it.
pub type State = web::Data<AppState>;

/// A handler's JSON answer, or its problem.
pub type Answer<T> = ApiResult<web::Json<T>>;

/// What every handler can reach.
pub struct AppState {
    pub pool: DbPool,
    pub backend: Backend,
    pub config: Arc<Config>,
    pub keys: Arc<TokenKeys>,
    /// Wakes the email worker after a commit that queued an email.
    pub mail_notify: Arc<Notify>,
    /// Uploaded files (logos).
    pub storage: Arc<dyn crate::storage::Storage>,
    /// Recent public directory answers; `invalidate()` also has the index read a write at once.
    pub directory: Arc<crate::associations::cache::DirectoryCache>,
    /// The directory's search index, in memory.
    pub directory_index: Arc<crate::associations::index::DirectoryIndex>,
    /// Permits for directory exports running at once.
    pub exports: Arc<tokio::sync::Semaphore>,
    /// Signs certificates.
    pub issuer: Arc<crate::certificates::Issuer>,
    /// Hashes and checks passwords off the pool, a few at a time.
    pub hasher: Arc<crate::auth::passwords::Hasher>,
    /// Wakes the job worker after a commit that queued a job.
    pub jobs_notify: Arc<Notify>,
    /// Consultations' results, computed once per version of their tallies.
    pub results: Arc<crate::consultations::cache::ResultsCache>,
    /// The public calendar, in memory.
    pub calendar: Arc<crate::projects::calendar_index::CalendarIndex>,
    /// Per-address limits of reads answered from memory, counted here and added up in batches.
    pub read_limits: Arc<crate::ratelimit::Batched>,
    /// This instance's sockets and long polls, woken when their member has new events.
    pub realtime: Arc<crate::realtime::hub::Hub>,
}

impl AppState {
    /// The client's address, as the configured proxies let us know it.
    pub fn client_ip(&self, req: &actix_web::HttpRequest) -> String {
        crate::http::client_ip(req, &self.config.proxies)
    }

    /// Run blocking database work on the blocking pool with a pooled connection.
    pub async fn db<T, F>(&self, f: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConn) -> ApiResult<T> + Send + 'static,
    {
        let pool = self.pool.clone();
        let (realtime, calendar) = (self.realtime.clone(), self.calendar.clone());
        web::block(move || {
            let mut conn = pool.get()?;
            let result = f(&mut conn);
            // Events written by this work (SQLite): their readers here look once it is committed.
            let woken = crate::realtime::take_pending();
            if !woken.is_empty() {
                realtime.wake(&woken);
            }
            // The public calendar reads this work's committed changes on its next read.
            let raised = crate::projects::calendar_index::take_raised();
            if raised > 0 && result.is_ok() {
                calendar.raised(raised);
            }
            result
        })
        .await?
    }
}
