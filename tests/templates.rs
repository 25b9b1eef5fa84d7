//! A database as the server leaves it before it first answers — migrated, the territories loaded
//! (58 wilayas, about 1,500 communes and their search terms) — made once per test binary and
//! backend, then copied for each test: PostgreSQL's `CREATE DATABASE … TEMPLATE`, a file copy for
//! SQLite. Migrating and loading for each of the ~700 tests was most of their setup. The template
//! is named after the test binary (its path, size and time), so a rebuild makes a new one and
//! removes the older ones.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use diesel::{Connection, RunQueryDsl, pg::PgConnection};

fn stamp() -> String {
    let exe = std::env::current_exe().unwrap_or_default();
    let meta = std::fs::metadata(&exe).ok();
    let mut h = DefaultHasher::new();
    exe.hash(&mut h);
    meta.as_ref().map(std::fs::Metadata::len).hash(&mut h);
    meta.and_then(|m| m.modified().ok()).hash(&mut h);
    format!("{:016x}", h.finish())
}

fn prepare(url: &str) -> Result<(), String> {
    madani_api::startup::prepare_database_now(url).map(drop).map_err(|e| format!("{url}: {e}"))
}

/// Copy the SQLite template to `data_dir/madani.db` (the directory made 0700, the file 0600, as
/// the server makes them).
pub fn copy_sqlite(data_dir: &Path) -> Result<(), String> {
    static TEMPLATE: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    let template = TEMPLATE.get_or_init(make_sqlite).clone()?;
    madani_api::private_fs::create_dir_all(data_dir).map_err(|e| e.to_string())?;
    let target = data_dir.join("madani.db");
    std::fs::copy(&template, &target).map_err(|e| e.to_string())?;
    madani_api::private_fs::ensure_private_file(&target).map_err(|e| e.to_string())
}

fn make_sqlite() -> Result<PathBuf, String> {
    let dir = std::env::temp_dir();
    let stamp = stamp();
    let path = dir.join(format!("madani-test-template-{stamp}.db"));
    if path.exists() {
        return Ok(path);
    }
    for entry in std::fs::read_dir(&dir).map_err(|e| e.to_string())?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("madani-test-template-") && !name.ends_with(".making") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    // Made under another name, then renamed: another test process never copies half a file.
    let making = dir.join(format!("madani-test-template-{stamp}-{}.making", std::process::id()));
    prepare(&format!("sqlite://{}", making.display()))?;
    // Everything in the database file itself, nothing left in its write-ahead log.
    let mut conn = madani_api::db::establish(&format!("sqlite://{}", making.display())).map_err(|e| e.to_string())?;
    diesel::sql_query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&mut conn).map_err(|e| e.to_string())?;
    drop(conn);
    std::fs::rename(&making, &path).map_err(|e| e.to_string())?;
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", making.display()));
    }
    Ok(path)
}

/// The name of the PostgreSQL template database.
pub fn postgres() -> Result<String, String> {
    static TEMPLATE: OnceLock<Result<String, String>> = OnceLock::new();
    TEMPLATE.get_or_init(make_postgres).clone()
}

#[derive(diesel::QueryableByName)]
struct Named {
    #[diesel(sql_type = diesel::sql_types::Text)]
    datname: String,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    note: Option<String>,
}

fn make_postgres() -> Result<String, String> {
    let name = format!("madani_tpl_{}", stamp());
    let mut admin = PgConnection::establish(&super::postgres_admin_url()).map_err(|e| e.to_string())?;
    let existing: Vec<Named> = diesel::sql_query(
        "SELECT datname::text AS datname, shobj_description(oid, 'pg_database') AS note \
         FROM pg_database WHERE datname LIKE 'madani\\_tpl\\_%'",
    )
    .load(&mut admin)
    .map_err(|e| e.to_string())?;
    let mut sql = |q: String| diesel::sql_query(q).execute(&mut admin).map(drop).map_err(|e| e.to_string());
    if existing.iter().any(|d| d.datname == name && d.note.as_deref() == Some("ready")) {
        return Ok(name);
    }
    for old in &existing {
        // Another binary's may be in use: then it stays.
        let _ = sql(format!("DROP DATABASE IF EXISTS {}", old.datname));
    }
    sql(format!("CREATE DATABASE {name}"))?;
    prepare(&super::pg_url_for(&name))?;
    // Marked once whole: a run stopped half-way leaves one that is made again.
    sql(format!("COMMENT ON DATABASE {name} IS 'ready'"))?;
    Ok(name)
}
