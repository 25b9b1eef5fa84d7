//! The database: one diesel `MultiConnection` over PostgreSQL and SQLite, an r2d2 pool, embedded
//! migrations for each backend, and the few helpers that must differ per backend.

pub mod schema;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::r2d2::{self, ManageConnection, Pool, PooledConnection};
use diesel::sqlite::SqliteConnection;
use diesel::{Connection, ConnectionError};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

/// Insert `rows` into `table`, `per` rows a statement; evaluates to the number inserted (`?` on a
/// failure). Multi-row inserts are not available through the multi-backend connection: one arm per
/// backend.
macro_rules! insert_chunks {
    ($conn:expr, $table:expr, $rows:expr, $per:expr) => {{
        let mut inserted = 0usize;
        for chunk in $rows.chunks($per) {
            inserted += match $conn {
                $crate::db::DbConn::Pg(c) => {
                    diesel::RunQueryDsl::execute(diesel::insert_into($table).values(chunk), c)?
                }
                $crate::db::DbConn::Sqlite(c) => {
                    diesel::RunQueryDsl::execute(diesel::insert_into($table).values(chunk), c)?
                }
            };
        }
        inserted
    }};
}
pub(crate) use insert_chunks;

pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");
pub const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/postgres");

/// A connection to either backend; the same diesel queries run on both.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Pg(PgConnection),
    Sqlite(SqliteConnection),
}

pub type DbPool = Pool<Manager>;
pub type PooledConn = PooledConnection<Manager>;

/// Which database a URL selects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Postgres,
    Sqlite,
}

impl Backend {
    pub fn of_url(url: &str) -> Backend {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Backend::Postgres => "postgres",
            Backend::Sqlite => "sqlite",
        }
    }
}

/// The path of an SQLite URL (`sqlite://path`, `sqlite:path` or a bare path).
pub fn sqlite_path(url: &str) -> &str {
    url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")).unwrap_or(url)
}

/// Opens connections for the pool. It picks the backend from the URL itself: diesel's derived
/// `establish` tries each backend in turn, and SQLite accepts any string as a file name, so an
/// unreachable PostgreSQL URL would silently become a local file.
#[derive(Debug)]
pub struct Manager {
    url: String,
}

/// The statements the pools on each database have run, by URL (the tests count a request's to
/// catch a query per row; one counter per database keeps parallel tests apart).
static STATEMENTS: std::sync::LazyLock<std::sync::Mutex<std::collections::HashMap<String, Arc<AtomicU64>>>> =
    std::sync::LazyLock::new(Default::default);

fn statement_counter(url: &str) -> Arc<AtomicU64> {
    STATEMENTS.lock().unwrap_or_else(|e| e.into_inner()).entry(url.to_owned()).or_default().clone()
}

/// How many statements the server's connections to `url` have run so far.
pub fn statements_run(url: &str) -> u64 {
    statement_counter(url).load(Ordering::Relaxed)
}

struct CountStatements(Arc<AtomicU64>);

impl diesel::connection::Instrumentation for CountStatements {
    fn on_connection_event(&mut self, event: diesel::connection::InstrumentationEvent<'_>) {
        if let diesel::connection::InstrumentationEvent::StartQuery { .. } = event {
            self.0.fetch_add(1, Ordering::Relaxed);
        }
    }
}

impl ManageConnection for Manager {
    type Connection = DbConn;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<DbConn, r2d2::Error> {
        let mut conn = establish(&self.url)?;
        conn.set_instrumentation(CountStatements(statement_counter(&self.url)));
        Ok(conn)
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), r2d2::Error> {
        conn.batch_execute("SELECT 1").map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, _conn: &mut DbConn) -> bool {
        std::thread::panicking()
    }
}

/// Open one connection to the backend the URL names, with SQLite's pragmas set.
pub fn establish(url: &str) -> Result<DbConn, r2d2::Error> {
    match Backend::of_url(url) {
        Backend::Postgres => PgConnection::establish(url).and_then(|mut conn| {
            // Short queries: planning them for JIT or parallel workers costs more than it saves on a
            // small machine. A statement or an open transaction left hanging is ended by the server.
            conn.batch_execute(
                "SET jit = off; SET max_parallel_workers_per_gather = 0; \
                 SET statement_timeout = '60s'; SET idle_in_transaction_session_timeout = '60s';",
            )
            .map_err(ConnectionError::CouldntSetupConfiguration)?;
            Ok(DbConn::Pg(conn))
        }),
        Backend::Sqlite => SqliteConnection::establish(sqlite_path(url)).and_then(|mut conn| {
            // busy_timeout first: switching to WAL needs the lock other connections may hold.
            // The file mapped in memory, so that reads do not copy pages through system calls, and
            // a 4 MB page cache a connection (twice the default) for what the map does not serve.
            conn.batch_execute(
                "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; \
                 PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; \
                 PRAGMA cache_size = -4000; PRAGMA mmap_size = 268435456;",
            )
            .map_err(ConnectionError::CouldntSetupConfiguration)?;
            Ok(DbConn::Sqlite(conn))
        }),
    }
    .map_err(r2d2::Error::ConnectionError)
}

#[derive(Debug, thiserror::Error)]
pub enum DbSetupError {
    #[error("cannot create the database directory {0}: {1}")]
    Directory(String, std::io::Error),
    #[error("cannot connect to the database: {0}")]
    Connect(#[from] diesel::r2d2::PoolError),
    #[error("migrations failed: {0}")]
    Migrate(String),
    #[error("loading data failed: {0}")]
    Load(#[from] diesel::result::Error),
}

/// Open the pool and bring the schema up to date.
pub fn connect_and_migrate(url: &str) -> Result<(DbPool, Backend), DbSetupError> {
    let backend = Backend::of_url(url);
    if backend == Backend::Sqlite
        && let Some(dir) = Path::new(sqlite_path(url)).parent()
        && !dir.as_os_str().is_empty()
    {
        crate::private_fs::create_dir_all(dir).map_err(|e| DbSetupError::Directory(dir.display().to_string(), e))?;
    }
    if backend == Backend::Sqlite && !sqlite_path(url).is_empty() && !sqlite_path(url).starts_with(':') {
        let file = Path::new(sqlite_path(url));
        crate::private_fs::ensure_private_file(file)
            .map_err(|e| DbSetupError::Directory(file.display().to_string(), e))?;
    }
    let size = match backend {
        Backend::Postgres => 16,
        Backend::Sqlite => 8,
    };
    // No `SELECT 1` before each checkout: a broken connection fails its query and is dropped.
    let pool = Pool::builder()
        .max_size(size)
        .min_idle(Some(1))
        .test_on_check_out(false)
        .connection_timeout(Duration::from_secs(5))
        .build(Manager { url: url.to_owned() })?;
    let mut conn = pool.get()?;
    run_migrations(&mut conn)?;
    optimize(&mut conn);
    Ok((pool, backend))
}

/// Let SQLite refresh the statistics its planner uses (cheap when nothing changed; run at start and
/// by the job worker now and then). PostgreSQL's autovacuum does this by itself.
pub fn optimize(conn: &mut DbConn) {
    if let DbConn::Sqlite(c) = conn
        && let Err(e) = c.batch_execute("PRAGMA optimize = 0x10002;")
    {
        tracing::warn!(error = %e, "PRAGMA optimize failed");
    }
}

pub fn run_migrations(conn: &mut DbConn) -> Result<(), DbSetupError> {
    let result = match conn {
        DbConn::Pg(c) => c.run_pending_migrations(POSTGRES_MIGRATIONS).map(|_| ()),
        DbConn::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|_| ()),
    };
    result.map_err(|e| DbSetupError::Migrate(e.to_string()))
}

/// The current time as stored: UTC, microsecond precision (what PostgreSQL keeps).
pub fn now() -> chrono::NaiveDateTime {
    let now = chrono::Utc::now().naive_utc();
    chrono::DurationRound::duration_trunc(now, chrono::TimeDelta::microseconds(1)).unwrap_or(now)
}

/// A new time-ordered id (UUID v7) as stored.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Does the database answer? (503 when not.)
pub fn ping(conn: &mut DbConn) -> crate::error::ApiResult<()> {
    use diesel::connection::SimpleConnection;
    conn.batch_execute("SELECT 1").map_err(|e| crate::error::ApiError::Unavailable(format!("readiness: {e}")))
}

pub fn to_utc(t: chrono::NaiveDateTime) -> chrono::DateTime<chrono::Utc> {
    t.and_utc()
}

/// Run `f` in a transaction that writes. On SQLite it begins `IMMEDIATE`: it takes the write lock
/// at once (waiting up to the busy timeout), rather than reading first and failing with
/// "database is locked" when another connection committed in between, which a deferred
/// transaction cannot wait out. Nested calls are savepoints, and PostgreSQL uses a plain
/// transaction, at whose end the members' events it published are numbered
/// ([`crate::realtime::events::flush`]). On both, the calendar changes it noted take their version
/// as it ends ([`crate::projects::calendar_index::flush`]).
pub fn write_tx<T, E, F>(conn: &mut DbConn, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConn) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    use diesel::connection::{AnsiTransactionManager, TransactionManager};
    let outermost_sqlite = match conn {
        DbConn::Sqlite(c) => AnsiTransactionManager::transaction_manager_status_mut(c).transaction_depth()?.is_none(),
        DbConn::Pg(_) => false,
    };
    if !outermost_sqlite {
        let outermost_pg = match conn {
            DbConn::Pg(c) => AnsiTransactionManager::transaction_manager_status_mut(c).transaction_depth()?.is_none(),
            DbConn::Sqlite(_) => false,
        };
        if !outermost_pg {
            return conn.transaction(f);
        }
        // The members' events of the whole transaction are numbered together as it ends.
        let result = conn.transaction(|conn| {
            let value = f(conn)?;
            crate::projects::calendar_index::flush(conn)?;
            crate::realtime::events::flush(conn)?;
            Ok(value)
        });
        crate::realtime::events::discard();
        return result;
    }
    if let DbConn::Sqlite(c) = conn {
        AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?;
    }
    let result = f(conn).and_then(|value| Ok(crate::projects::calendar_index::flush(conn).map(|()| value)?));
    let DbConn::Sqlite(c) = conn else { unreachable!("the backend does not change") };
    match result {
        Ok(value) => {
            AnsiTransactionManager::commit_transaction(c)?;
            Ok(value)
        }
        Err(e) => {
            AnsiTransactionManager::rollback_transaction(c)?;
            Err(e)
        }
    }
}
