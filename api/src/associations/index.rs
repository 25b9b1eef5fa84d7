//! The directory's search index, in memory on each instance: the listed associations (verified and
//! pending) with their terms ([`crate::search::TermIndex`]), a bitmap per filter value, and the
//! associations in name order and newest first. A search is then set algebra: the match set once,
//! its total and facet counts as sizes of intersections, a page by walking an order or sorting a
//! small set. The database stays the truth: the page's rows are read from it by id.
//!
//! Other instances' writes arrive by polling: at most every [`SYNC_EVERY`] (and at once after this
//! instance's own writes, see [`DirectoryIndex::changed`]) a search first reads the associations
//! written since the last poll (`updated_at`, with an overlap for transactions that committed late,
//! while the latest write is recent) and the deletions recorded since; a write is visible
//! everywhere within a second or two. One search polls while the others answer from the index.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering as AtomicOrdering};
use std::sync::{Mutex, RwLock};
use std::time::{Duration, Instant};

use chrono::{NaiveDateTime, TimeDelta};
use madani_shared::associations::SortOrder;
use roaring::RoaringBitmap;

use super::repo::{self, After, Filters, IndexedRow};
use crate::db::DbConn;
use crate::error::ApiResult;
use crate::search::{self, Levels, TermIndex};

/// How stale the index may be before a search polls the database.
pub const SYNC_EVERY: Duration = Duration::from_secs(1);
/// How far back each poll reads again: a transaction that set `updated_at` earlier but committed
/// after the last poll is still seen.
const OVERLAP: TimeDelta = TimeDelta::seconds(10);
/// Below this many matches a page is found by sorting them; above, by walking an order.
const SMALL: u64 = 4096;
/// Associations read from the database at once while building.
const BATCH: i64 = 2000;

struct Doc {
    id: String,
    sort_name: Box<str>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    verified: bool,
    wilaya: Box<str>,
    commune: Option<i32>,
    category: Box<str>,
    size: Box<str>,
    fields: Vec<Box<str>>,
}

#[derive(Default)]
struct Directory {
    docs: Vec<Option<Doc>>,
    by_id: HashMap<String, u32>,
    free: Vec<u32>,
    terms: TermIndex,
    verified: RoaringBitmap,
    listed: RoaringBitmap,
    wilaya: HashMap<Box<str>, RoaringBitmap>,
    commune: HashMap<i32, RoaringBitmap>,
    category: HashMap<Box<str>, RoaringBitmap>,
    size: HashMap<Box<str>, RoaringBitmap>,
    field: HashMap<Box<str>, RoaringBitmap>,
    /// Listed documents by (sort name, id).
    by_name: Vec<u32>,
    /// Listed documents by (created_at, id), newest first.
    by_newest: Vec<u32>,
}

/// A page of a search: the associations' ids in order (with their relevance score), the total and
/// the facet counts.
#[derive(Debug, Default, PartialEq)]
pub struct Found {
    pub ids: Vec<(String, i64)>,
    pub total: i64,
    pub wilaya: Vec<(String, i64)>,
    pub category: Vec<(String, i64)>,
    pub field: Vec<(String, i64)>,
}

/// An association with what the index keeps of it.
pub struct Entry {
    pub row: IndexedRow,
    pub fields: Vec<String>,
    pub terms: Vec<(String, i32)>,
}

fn name_cmp(a: &Doc, b: &Doc) -> Ordering {
    a.sort_name.cmp(&b.sort_name).then_with(|| a.id.cmp(&b.id))
}

fn newest_cmp(a: &Doc, b: &Doc) -> Ordering {
    b.created_at.cmp(&a.created_at).then_with(|| b.id.cmp(&a.id))
}

impl Directory {
    fn doc(&self, n: u32) -> &Doc {
        self.docs[n as usize].as_ref().expect("an indexed document")
    }

    /// Put document `n` in (or take it out of) the bitmaps of its filter values.
    fn mark(&mut self, doc: &Doc, n: u32, present: bool) {
        let apply = |bitmap: &mut RoaringBitmap| {
            if present {
                bitmap.insert(n);
            } else {
                bitmap.remove(n);
            }
        };
        apply(self.wilaya.entry(doc.wilaya.clone()).or_default());
        apply(self.category.entry(doc.category.clone()).or_default());
        apply(self.size.entry(doc.size.clone()).or_default());
        if let Some(c) = doc.commune {
            apply(self.commune.entry(c).or_default());
        }
        for f in &doc.fields {
            apply(self.field.entry(f.clone()).or_default());
        }
    }

    /// Take `id` out, if it is here.
    fn remove(&mut self, id: &str) {
        let Some(n) = self.by_id.remove(id) else { return };
        let Some(doc) = self.docs[n as usize].take() else { return };
        // The orders are searched with the document's key, so it goes from them first.
        let docs = &self.docs;
        let key = |list: &[u32], cmp: fn(&Doc, &Doc) -> Ordering| {
            list.partition_point(|&m| docs[m as usize].as_ref().is_some_and(|d| cmp(d, &doc) == Ordering::Less))
        };
        let at = key(&self.by_name, name_cmp);
        if self.by_name.get(at) == Some(&n) {
            self.by_name.remove(at);
        }
        let at = key(&self.by_newest, newest_cmp);
        if self.by_newest.get(at) == Some(&n) {
            self.by_newest.remove(at);
        }
        self.mark(&doc, n, false);
        self.wilaya.retain(|_, b| !b.is_empty());
        self.commune.retain(|_, b| !b.is_empty());
        self.category.retain(|_, b| !b.is_empty());
        self.size.retain(|_, b| !b.is_empty());
        self.field.retain(|_, b| !b.is_empty());
        self.verified.remove(n);
        self.listed.remove(n);
        self.terms.remove(n);
        self.free.push(n);
    }

    /// Put `entry` in, when it is listed (it must not be in already). `ordered`: keep the orders
    /// sorted now (false for many at once: they are sorted once at the end).
    fn insert(&mut self, entry: &Entry, ordered: bool) {
        let row = &entry.row;
        if row.status != "verified" && row.status != "pending" {
            return;
        }
        let doc = Doc {
            id: row.id.clone(),
            sort_name: row.sort_name.as_str().into(),
            created_at: row.created_at,
            updated_at: row.updated_at,
            verified: row.status == "verified",
            wilaya: row.wilaya_code.as_str().into(),
            commune: row.commune_id,
            category: row.category.as_str().into(),
            size: row.size_band.as_str().into(),
            fields: entry.fields.iter().map(|f| f.as_str().into()).collect(),
        };
        let n = self.free.pop().unwrap_or(self.docs.len() as u32);
        self.mark(&doc, n, true);
        if doc.verified {
            self.verified.insert(n);
        }
        self.listed.insert(n);
        self.terms.set(n, &entry.terms);
        if ordered {
            let docs = &self.docs;
            let at =
                self.by_name.partition_point(|&m| name_cmp(docs[m as usize].as_ref().expect("indexed"), &doc).is_lt());
            self.by_name.insert(at, n);
            let at = self
                .by_newest
                .partition_point(|&m| newest_cmp(docs[m as usize].as_ref().expect("indexed"), &doc).is_lt());
            self.by_newest.insert(at, n);
        } else {
            self.by_name.push(n);
            self.by_newest.push(n);
        }
        self.by_id.insert(doc.id.clone(), n);
        if n as usize == self.docs.len() {
            self.docs.push(Some(doc));
        } else {
            self.docs[n as usize] = Some(doc);
        }
    }

    fn sort_orders(&mut self) {
        let docs = &self.docs;
        let doc = |n: &u32| docs[*n as usize].as_ref().expect("indexed");
        self.by_name.sort_unstable_by(|a, b| name_cmp(doc(a), doc(b)));
        self.by_newest.sort_unstable_by(|a, b| newest_cmp(doc(a), doc(b)));
    }

    /// The documents matching every filter and word, and each word's levels.
    fn matches(&self, f: &Filters) -> (RoaringBitmap, Vec<Levels>) {
        let mut set = if f.verified_only { self.verified.clone() } else { self.listed.clone() };
        let empty = RoaringBitmap::new();
        if let Some(w) = &f.wilaya {
            set &= self.wilaya.get(w.as_str()).unwrap_or(&empty);
        }
        if let Some(c) = f.commune {
            set &= self.commune.get(&c).unwrap_or(&empty);
        }
        if let Some(c) = &f.category {
            set &= self.category.get(c.as_str()).unwrap_or(&empty);
        }
        if let Some(s) = &f.size {
            set &= self.size.get(s.as_str()).unwrap_or(&empty);
        }
        if let Some(field) = &f.field {
            set &= self.field.get(field.as_str()).unwrap_or(&empty);
        }
        let mut words = Vec::with_capacity(f.words.len());
        for word in &f.words {
            if set.is_empty() {
                break;
            }
            let levels = self.terms.levels(word);
            set &= search::union(&levels);
            words.push(levels);
        }
        (set, words)
    }

    /// Up to `limit` documents of `set` in `order`, after the first `skip` of the order that
    /// `before` says come first (the cursor).
    fn take(
        &self,
        set: &RoaringBitmap,
        order: &[u32],
        cmp: fn(&Doc, &Doc) -> Ordering,
        before: &dyn Fn(&Doc) -> bool,
        limit: usize,
        out: &mut Vec<u32>,
    ) {
        if limit == 0 || set.is_empty() {
            return;
        }
        if set.len() <= SMALL {
            let mut list: Vec<u32> = set.iter().filter(|n| !before(self.doc(*n))).collect();
            let by = |a: &u32, b: &u32| cmp(self.doc(*a), self.doc(*b));
            if list.len() > limit {
                list.select_nth_unstable_by(limit, by);
                list.truncate(limit);
            }
            list.sort_unstable_by(by);
            out.extend(list);
        } else {
            let start = order.partition_point(|n| before(self.doc(*n)));
            out.extend(order[start..].iter().copied().filter(|n| set.contains(*n)).take(limit));
        }
    }

    fn search(&self, f: &Filters, sort: SortOrder, after: &After, limit: usize) -> Found {
        let (set, words) = self.matches(f);
        let mut page: Vec<(u32, i64)> = Vec::with_capacity(limit);
        let mut taken = Vec::with_capacity(limit);
        match sort {
            SortOrder::Newest => {
                let before = |d: &Doc| match after {
                    After::Newest { created_at, id } => (d.created_at, d.id.as_str()) >= (*created_at, id.as_str()),
                    _ => false,
                };
                self.take(&set, &self.by_newest, newest_cmp, &before, limit, &mut taken);
                page.extend(taken.iter().map(|n| (*n, 0)));
            }
            SortOrder::Name => {
                let before = |d: &Doc| match after {
                    After::Name { sort_name, id } => {
                        (&*d.sort_name, d.id.as_str()) <= (sort_name.as_str(), id.as_str())
                    }
                    _ => false,
                };
                self.take(&set, &self.by_name, name_cmp, &before, limit, &mut taken);
                page.extend(taken.iter().map(|n| (*n, 0)));
            }
            SortOrder::Relevance => {
                for (score, docs) in search::scores(&words, &set) {
                    let before = |d: &Doc| match after {
                        After::Relevance { score: s, sort_name, id } => {
                            score > *s
                                || (score == *s && (&*d.sort_name, d.id.as_str()) <= (sort_name.as_str(), id.as_str()))
                        }
                        _ => false,
                    };
                    if matches!(after, After::Relevance { score: s, .. } if score > *s) {
                        continue;
                    }
                    taken.clear();
                    self.take(&docs, &self.by_name, name_cmp, &before, limit - page.len(), &mut taken);
                    page.extend(taken.iter().map(|n| (*n, score)));
                    if page.len() >= limit {
                        break;
                    }
                }
            }
        }
        let counts = |facets: &HashMap<Box<str>, RoaringBitmap>| {
            facets
                .iter()
                .map(|(value, docs)| (value.to_string(), set.intersection_len(docs) as i64))
                .filter(|(_, n)| *n > 0)
                .collect::<Vec<_>>()
        };
        Found {
            ids: page.into_iter().map(|(n, score)| (self.doc(n).id.clone(), score)).collect(),
            total: set.len() as i64,
            wilaya: counts(&self.wilaya),
            category: counts(&self.category),
            field: counts(&self.field),
        }
    }
}

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
            associations = directory.listed.len(),
            terms = directory.terms.term_count(),
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
        let changed = repo::indexed_changed_since(conn, since(state.written, state.written_moved))?;
        let deleted = repo::deleted_since(conn, since(state.deleted, state.deleted_moved))?;
        let written = changed.iter().map(|r| r.updated_at).max();
        let fresh: Vec<IndexedRow> = {
            let directory = self.directory.read().unwrap_or_else(|e| e.into_inner());
            changed
                .into_iter()
                .filter(|r| {
                    directory.by_id.get(&r.id).and_then(|n| directory.docs[*n as usize].as_ref()).map(|d| d.updated_at)
                        != Some(r.updated_at)
                        && (r.status == "verified" || r.status == "pending" || directory.by_id.contains_key(&r.id))
                })
                .collect()
        };
        let entries = entries(conn, fresh)?;
        if !entries.is_empty() || !deleted.is_empty() {
            let mut directory = self.directory.write().unwrap_or_else(|e| e.into_inner());
            // Out first, while the orders are sorted; then in, one by one into the orders for a few,
            // appended and sorted once for many (a bulk import, a seed).
            for id in entries.iter().map(|e| e.row.id.as_str()).chain(deleted.iter().map(|(id, _)| id.as_str())) {
                directory.remove(id);
            }
            let bulk = entries.len() > 256;
            for entry in &entries {
                directory.insert(entry, !bulk);
            }
            if bulk {
                directory.sort_orders();
            }
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

    /// How many associations are listed.
    pub fn len(&self) -> u64 {
        self.directory.read().unwrap_or_else(|e| e.into_inner()).listed.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
