//! The public calendar in memory, on each instance: every public activity of a public project, in
//! order of start, with its view as an anonymous visitor reads it already written as JSON. The
//! network's calendar read without signing in (the most read page of the calendar, and the one
//! search engines and embedding sites fetch) is then a walk through a few months of entries and a
//! concatenation, with no row read.
//!
//! It stays true through `calendar_changes` (migration 000033): triggers note each activity whose
//! view changed, and the transaction gives its notes the next version as it ends ([`flush`]). A
//! read takes the version from the database when this instance's own writes raised it (at once:
//! `AppState::db` hands the index the version its work raised) or when it last looked more than
//! [`SYNC_EVERY`] ago (other instances' writes, a script's); when it moved, the activities changed
//! since the version the index has are read again before answering. A visitor thus reads a write
//! made through the same instance at once, and one made elsewhere within a second, as the
//! directory's index does.

use std::cell::Cell;
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Text};

use super::repo::activities::LONGEST_DAYS;
use super::rows::ActivityRow;
use super::service::activities::views_with;
use crate::db::schema::activities;
use crate::db::{DbConn, write_tx};
use crate::error::ApiResult;

/// How long a read trusts the version it last took from the database (other instances' writes).
pub const SYNC_EVERY: Duration = Duration::from_secs(1);
/// Activities read from the database at once while building.
const BATCH: i64 = 1000;
/// Past this many versions behind, the index is built again rather than caught up.
const CATCH_UP: i64 = 5000;
/// Versions kept in `calendar_changes` (more than [`CATCH_UP`], so that none a catch-up reads is
/// swept under it).
pub const KEEP_VERSIONS: i64 = 10_000;

/// One activity as the index keeps it.
struct Entry {
    ends_at: NaiveDateTime,
    wilaya: Option<String>,
    /// `,field,field,` as stored.
    fields: String,
    association_id: Arc<str>,
    json: Box<str>,
}

#[derive(Default)]
struct Index {
    version: i64,
    built: bool,
    entries: BTreeMap<(NaiveDateTime, Arc<str>), Entry>,
    /// Each activity's key in `entries`.
    starts: HashMap<Arc<str>, NaiveDateTime>,
}

/// What a reader asks: the window in UTC and the filters.
pub struct Question<'a> {
    pub from: NaiveDateTime,
    pub to: NaiveDateTime,
    pub wilaya: Option<&'a str>,
    pub field: Option<&'a str>,
    pub association: Option<&'a str>,
    pub limit: usize,
}

#[derive(Default)]
pub struct CalendarIndex {
    index: RwLock<Index>,
    /// Held by the one reader that brings the index up to a version.
    updating: Mutex<()>,
    /// The latest version this instance's own writes raised.
    raised: AtomicI64,
    /// When a read last took the version from the database.
    checked: Mutex<Option<Instant>>,
}

thread_local! {
    /// The latest version a transaction on this thread raised, for [`take_raised`].
    static RAISED: Cell<i64> = const { Cell::new(0) };
}

/// The version the work on this thread raised since the last call (0 if none): `AppState::db`
/// hands it to [`CalendarIndex::raised`] once the work is committed.
pub fn take_raised() -> i64 {
    RAISED.with(|r| r.replace(0))
}

#[derive(QueryableByName)]
struct Version {
    #[diesel(sql_type = BigInt)]
    version: i64,
    #[diesel(sql_type = Bool)]
    unversioned: bool,
}

#[derive(QueryableByName)]
struct Changed {
    #[diesel(sql_type = Text)]
    activity_id: String,
}

/// Give the changes this transaction noted the next version: `write_tx` calls it last in every
/// outermost transaction. Nothing is locked or written when it noted none.
pub fn flush(conn: &mut DbConn) -> QueryResult<()> {
    let raised: Vec<Raised> = match conn {
        DbConn::Pg(c) => diesel::sql_query(
            "WITH noted AS (SELECT 1 FROM calendar_changes WHERE version = 0 LIMIT 1), \
             raised AS (UPDATE calendar_version SET version = version + 1 WHERE EXISTS (SELECT 1 FROM noted) \
             RETURNING version), \
             moved AS (UPDATE calendar_changes SET version = (SELECT version FROM raised) \
             WHERE version = 0 AND EXISTS (SELECT 1 FROM raised)) \
             SELECT version FROM raised",
        )
        .load(c)?,
        DbConn::Sqlite(c) => {
            let raised: Vec<Raised> = diesel::sql_query(
                "UPDATE calendar_version SET version = version + 1 \
                 WHERE EXISTS (SELECT 1 FROM calendar_changes WHERE version = 0) RETURNING version",
            )
            .load(c)?;
            if !raised.is_empty() {
                diesel::sql_query(
                    "UPDATE calendar_changes SET version = (SELECT version FROM calendar_version) WHERE version = 0",
                )
                .execute(c)?;
            }
            raised
        }
    };
    if let Some(r) = raised.first() {
        RAISED.with(|cell| cell.set(cell.get().max(r.version)));
    }
    Ok(())
}

#[derive(QueryableByName)]
struct Raised {
    #[diesel(sql_type = BigInt)]
    version: i64,
}

/// Drop the changes of all but the latest [`KEEP_VERSIONS`] versions (the job worker).
pub fn sweep(conn: &mut DbConn) -> QueryResult<usize> {
    diesel::sql_query(
        "DELETE FROM calendar_changes WHERE version > 0 \
         AND version < (SELECT version FROM calendar_version) - $1",
    )
    .bind::<BigInt, _>(KEEP_VERSIONS)
    .execute(conn)
}

fn version(conn: &mut DbConn) -> QueryResult<Version> {
    diesel::sql_query(
        "SELECT version, EXISTS (SELECT 1 FROM calendar_changes WHERE version = 0) AS unversioned \
         FROM calendar_version",
    )
    .get_result(conn)
}

/// The public activities among `rows` as index entries.
fn entries(conn: &mut DbConn, rows: Vec<ActivityRow>) -> ApiResult<Vec<(Arc<str>, NaiveDateTime, Entry)>> {
    let keys: Vec<(Arc<str>, NaiveDateTime, Entry)> = rows
        .iter()
        .map(|r| {
            let entry = Entry {
                ends_at: r.ends_at,
                wilaya: r.wilaya_code.clone(),
                fields: r.fields.clone(),
                association_id: Arc::from(r.association_id.as_str()),
                json: Box::from(""),
            };
            (Arc::from(r.id.as_str()), r.starts_at, entry)
        })
        .collect();
    let views = views_with(conn, rows, None, &[], false)?;
    Ok(keys
        .into_iter()
        .zip(views)
        .map(|((id, start, mut entry), view)| {
            entry.json = serde_json::to_string(&view).unwrap_or_default().into_boxed_str();
            (id, start, entry)
        })
        .collect())
}

/// Public activities of public projects: after `after` in the index's order, or among `ids`.
fn public_rows(
    conn: &mut DbConn,
    after: Option<&(NaiveDateTime, String)>,
    ids: Option<&[String]>,
) -> QueryResult<Vec<ActivityRow>> {
    let mut q = activities::table
        .select(ActivityRow::as_select())
        .filter(activities::visibility.eq("public"))
        .filter(activities::public.eq(true))
        .into_boxed();
    if let Some((start, id)) = after {
        q = q.filter(
            activities::starts_at.gt(*start).or(activities::starts_at.eq(*start).and(activities::id.gt(id.clone()))),
        );
    }
    if let Some(ids) = ids {
        q = q.filter(activities::id.eq_any(ids.to_vec()));
    }
    q.order((activities::starts_at, activities::id)).limit(BATCH).load(conn)
}

impl Index {
    fn remove(&mut self, id: &str) {
        if let Some((key, start)) = self.starts.remove_entry(id) {
            self.entries.remove(&(start, key));
        }
    }

    fn insert(&mut self, (id, start, entry): (Arc<str>, NaiveDateTime, Entry)) {
        self.remove(&id);
        self.starts.insert(id.clone(), start);
        self.entries.insert((start, id), entry);
    }

    /// Every public activity, read in batches in the order of the index.
    fn build(conn: &mut DbConn, version: i64) -> ApiResult<Index> {
        let mut index = Index { version, built: true, ..Index::default() };
        let mut after: Option<(NaiveDateTime, String)> = None;
        loop {
            let rows = public_rows(conn, after.as_ref(), None)?;
            let done = (rows.len() as i64) < BATCH;
            after = rows.last().map(|r| (r.starts_at, r.id.clone()));
            for entry in entries(conn, rows)? {
                index.insert(entry);
            }
            if done {
                return Ok(index);
            }
        }
    }
}

impl CalendarIndex {
    /// Bring the index up to the database's version (building it the first time, or when it is
    /// too far behind).
    fn sync(&self, conn: &mut DbConn) -> ApiResult<()> {
        let trusted = {
            let index = self.read();
            index.built && index.version >= self.raised.load(Ordering::Acquire)
        } && self.lock_checked().is_some_and(|at| at.elapsed() < SYNC_EVERY);
        if trusted {
            return Ok(());
        }
        *self.lock_checked() = Some(Instant::now());
        let mut now = version(conn)?;
        if now.unversioned {
            // Changes committed outside `write_tx` (a script, a seed): versioned here.
            write_tx(conn, flush)?;
            now = version(conn)?;
        }
        let behind = |index: &Index| !index.built || index.version < now.version;
        if !behind(&self.read()) {
            return Ok(());
        }
        let _updating = self.updating.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let known = {
            let index = self.read();
            if !behind(&index) {
                return Ok(());
            }
            index.built.then_some(index.version)
        };
        match known {
            Some(known) if now.version - known <= CATCH_UP => {
                let changed: Vec<Changed> = diesel::sql_query(
                    "SELECT DISTINCT activity_id FROM calendar_changes WHERE version > $1 AND version <= $2",
                )
                .bind::<BigInt, _>(known)
                .bind::<BigInt, _>(now.version)
                .load(conn)?;
                let ids: Vec<String> = changed.into_iter().map(|c| c.activity_id).collect();
                let mut fresh = Vec::new();
                for part in ids.chunks(BATCH as usize) {
                    let rows = public_rows(conn, None, Some(part))?;
                    fresh.extend(entries(conn, rows)?);
                }
                let mut index = self.index.write().unwrap_or_else(std::sync::PoisonError::into_inner);
                for id in &ids {
                    index.remove(id);
                }
                for entry in fresh {
                    index.insert(entry);
                }
                index.version = now.version;
            }
            _ => {
                let built = Index::build(conn, now.version)?;
                *self.index.write().unwrap_or_else(std::sync::PoisonError::into_inner) = built;
            }
        }
        Ok(())
    }

    /// This instance's work raised the version to `version` (committed).
    pub fn raised(&self, version: i64) {
        self.raised.fetch_max(version, Ordering::AcqRel);
    }

    fn lock_checked(&self) -> std::sync::MutexGuard<'_, Option<Instant>> {
        self.checked.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Index> {
        self.index.read().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The network's calendar as an anonymous visitor reads it, as JSON (the `Calendar` schema):
    /// the activities of `q`'s window that its filters let through, by start, at most `q.limit`.
    pub fn answer(&self, conn: &mut DbConn, days: (NaiveDate, NaiveDate), q: &Question) -> ApiResult<String> {
        self.sync(conn)?;
        let index = self.read();
        let earliest = q.from - chrono::TimeDelta::days(LONGEST_DAYS);
        let lowest: Arc<str> = Arc::from("");
        let mut out = String::with_capacity(64 * 1024);
        out.push_str("{\"from\":");
        out.push_str(&serde_json::to_string(&days.0).unwrap_or_default());
        out.push_str(",\"to\":");
        out.push_str(&serde_json::to_string(&days.1).unwrap_or_default());
        out.push_str(",\"activities\":[");
        let mut listed = 0;
        let mut truncated = false;
        let field = q.field.map(|f| format!(",{f},"));
        for ((start, _), entry) in index.entries.range((earliest, lowest)..) {
            if *start >= q.to {
                break;
            }
            let through = entry.ends_at > q.from
                && q.wilaya.is_none_or(|w| entry.wilaya.as_deref() == Some(w))
                && field.as_deref().is_none_or(|f| entry.fields.contains(f))
                && q.association.is_none_or(|a| *entry.association_id == *a);
            if !through {
                continue;
            }
            if listed == q.limit {
                truncated = true;
                break;
            }
            if listed > 0 {
                out.push(',');
            }
            out.push_str(&entry.json);
            listed += 1;
        }
        out.push_str("],\"truncated\":");
        out.push_str(if truncated { "true" } else { "false" });
        out.push('}');
        Ok(out)
    }
}
