//! The directory's search index, in memory on each instance: the listed associations (verified and
//! pending) with their terms ([`crate::search::TermIndex`]), a bitmap per filter value, and the
//! associations in name order and newest first. A search is then set algebra: the match set once,
//! its total, its facet counts by visiting its documents' facet values (or those of the documents
//! outside it, when it holds most of the directory), a page by walking an order or sorting a small
//! set. Each entry keeps what the directory shows of it (names, acronym, logo), so that a page
//! is answered from memory without the database; the database stays the truth, followed as below.
//!
//! Other instances' writes arrive by polling: at most every [`SYNC_EVERY`] (and at once after this
//! instance's own writes, see [`DirectoryIndex::changed`]) a search first reads the associations
//! written since the last poll (`updated_at`, with an overlap for transactions that committed late,
//! while the latest write is recent) and the deletions recorded since; a write is visible
//! everywhere within a second or two. One search polls while the others answer from the index.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering as AtomicOrdering};
use std::sync::{Mutex, RwLock};
use std::time::{Duration, Instant};

use chrono::{NaiveDateTime, TimeDelta};
use madani_shared::associations::SortOrder;

use super::repo::{self, After, Filters, IndexedRow};
use crate::db::DbConn;
use crate::error::ApiResult;

mod directory;
mod doc;
mod facets;
#[cfg(test)]
mod tests;

use directory::Directory;
pub use directory::{Entry, Found, Hit};

/// How stale the index may be before a search polls the database.
pub const SYNC_EVERY: Duration = Duration::from_secs(1);
/// How far back each poll reads again: a transaction that set `updated_at` earlier but committed
/// after the last poll is still seen.
const OVERLAP: TimeDelta = TimeDelta::seconds(10);
/// Associations read from the database at once while building.
const BATCH: i64 = 2000;

struct SyncState {
    /// The latest `updated_at` seen, and when it last moved.
    written: NaiveDateTime,
    written_moved: Instant,
    /// The latest deletion seen, and when it last moved.
    deleted: NaiveDateTime,
    deleted_moved: Instant,
    at: Instant,
}

/// Where a poll starts reading: [`OVERLAP`] before the latest moment seen while that moment is
/// recent (a transaction that wrote earlier may still commit), the moment itself once it has stood
/// for longer (so a quiet database is not read again and again).
fn since(mark: NaiveDateTime, moved: Instant) -> NaiveDateTime {
    if moved.elapsed() > OVERLAP.to_std().unwrap_or_default() {
        mark
    } else {
        mark.checked_sub_signed(OVERLAP).unwrap_or(mark)
    }
}

pub struct DirectoryIndex {
    directory: RwLock<Directory>,
    sync: Mutex<SyncState>,
    /// This instance wrote something the directory shows: the next search polls first.
    dirty: AtomicBool,
}

/// The entries for `rows`: their fields and terms, read in two grouped queries.
fn entries(conn: &mut DbConn, rows: Vec<IndexedRow>) -> ApiResult<Vec<Entry>> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut fields: HashMap<String, Vec<String>> = HashMap::new();
    let mut terms: HashMap<String, Vec<(String, i32)>> = HashMap::new();
    for chunk in ids.chunks(BATCH as usize) {
        for (id, field) in repo::fields_of_many(conn, chunk)? {
            fields.entry(id).or_default().push(field);
        }
        for (id, term, weight) in repo::terms_of_many(conn, chunk)? {
            terms.entry(id).or_default().push((term, weight));
        }
    }
    Ok(rows
        .into_iter()
        .map(|row| Entry {
            fields: fields.remove(&row.id).unwrap_or_default(),
            terms: terms.remove(&row.id).unwrap_or_default(),
            row,
        })
        .collect())
}

impl DirectoryIndex {
    /// Read every association and index the listed ones.
    pub fn build(conn: &mut DbConn) -> ApiResult<Self> {
        let started = Instant::now();
        let mut directory = Directory::default();
        let mut after = String::new();
        // Before anything: PostgreSQL's timestamps start at 4713 BC, not at chrono's minimum.
        let mut written = chrono::DateTime::UNIX_EPOCH.naive_utc();
        loop {
            let rows = repo::indexed_after(conn, &after, BATCH)?;
            let Some(last) = rows.last() else { break };
            after = last.id.clone();
            written = rows.iter().map(|r| r.updated_at).max().unwrap_or(written).max(written);
            let listed = rows.into_iter().filter(|r| r.status == "verified" || r.status == "pending").collect();
            for entry in entries(conn, listed)? {
                directory.insert(&entry, false);
            }
        }
        directory.sort_orders();
        tracing::info!(
            associations = directory.listed(),
            terms = directory.term_count(),
            ms = started.elapsed().as_millis() as u64,
            "built the directory's index"
        );
        Ok(DirectoryIndex {
            directory: RwLock::new(directory),
            sync: Mutex::new(SyncState {
                written,
                written_moved: started,
                deleted: crate::db::now(),
                deleted_moved: started,
                at: Instant::now(),
            }),
            dirty: AtomicBool::new(false),
        })
    }

    /// This instance changed something the directory shows: the next search reads it first.
    pub fn changed(&self) {
        self.dirty.store(true, AtomicOrdering::Release);
    }

    /// Whether a search should first [`DirectoryIndex::sync`]: this instance wrote, or the last poll
    /// is older than [`SYNC_EVERY`] and none is in progress. Otherwise the index answers alone.
    pub fn due(&self) -> bool {
        if self.dirty.load(AtomicOrdering::Acquire) {
            return true;
        }
        match self.sync.try_lock() {
            Ok(state) => state.at.elapsed() >= SYNC_EVERY,
            Err(std::sync::TryLockError::WouldBlock) => false,
            Err(std::sync::TryLockError::Poisoned(e)) => e.into_inner().at.elapsed() >= SYNC_EVERY,
        }
    }

    /// Read what changed since the last poll, if that was long enough ago or this instance wrote.
    pub fn sync(&self, conn: &mut DbConn) -> ApiResult<()> {
        // After this instance's write, wait for a poll in progress (it may have started before the
        // write); otherwise one poll at a time is enough and the others answer at once.
        let mut state = if self.dirty.load(AtomicOrdering::Acquire) {
            self.sync.lock().unwrap_or_else(|e| e.into_inner())
        } else {
            match self.sync.try_lock() {
                Ok(state) => state,
                Err(std::sync::TryLockError::WouldBlock) => return Ok(()),
                Err(std::sync::TryLockError::Poisoned(e)) => e.into_inner(),
            }
        };
        if !self.dirty.load(AtomicOrdering::Acquire) && state.at.elapsed() < SYNC_EVERY {
            return Ok(());
        }
        // Cleared before reading: a write landing meanwhile sets it again.
        self.dirty.store(false, AtomicOrdering::Release);
        let polled = Instant::now();
        let stamps = repo::stamps_since(conn, since(state.written, state.written_moved))?;
        let deleted = repo::deleted_since(conn, since(state.deleted, state.deleted_moved))?;
        let written = stamps.iter().map(|s| s.updated_at).max();
        // Only what the index does not hold as written: a listed association written since, or one
        // it holds that was written since (whatever its status now: a suspension takes it out).
        let stale: Vec<String> = {
            let directory = self.directory.read().unwrap_or_else(|e| e.into_inner());
            stamps
                .into_iter()
                .filter(|s| {
                    let indexed = directory.written_at(&s.id);
                    indexed != Some(s.updated_at)
                        && (s.status == "verified" || s.status == "pending" || indexed.is_some())
                })
                .map(|s| s.id)
                .collect()
        };
        let mut fresh: Vec<IndexedRow> = Vec::with_capacity(stale.len());
        for chunk in stale.chunks(BATCH as usize) {
            fresh.extend(repo::indexed_by_ids(conn, chunk)?);
        }
        let entries = entries(conn, fresh)?;
        if !entries.is_empty() || !deleted.is_empty() {
            let mut directory = self.directory.write().unwrap_or_else(|e| e.into_inner());
            directory.apply(deleted.iter().map(|(id, _)| id.as_str()), &entries);
        }
        if let Some(w) = written.filter(|w| *w > state.written) {
            (state.written, state.written_moved) = (w, polled);
        }
        if let Some(d) = deleted.iter().map(|(_, at)| *at).max().filter(|d| *d > state.deleted) {
            (state.deleted, state.deleted_moved) = (d, polled);
        }
        state.at = polled;
        Ok(())
    }

    /// A page of the search, its total and facet counts.
    pub fn search(&self, f: &Filters, sort: SortOrder, after: &After, limit: usize) -> Found {
        self.directory.read().unwrap_or_else(|e| e.into_inner()).search(f, sort, after, limit)
    }
}
