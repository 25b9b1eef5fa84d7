//! A short-lived cache of public directory answers.
//!
//! The directory is read far more than it is written, by anonymous visitors and partners asking
//! the same questions (the first page, a wilaya, a field). An answer is kept for a few seconds and
//! dropped at once when this instance writes anything the directory shows; other instances behind
//! the same database see a change within the time-to-live. The directory is the same for everyone,
//! so answers are keyed by the parsed, re-serialized query alone.
//!
//! Two things keep a burst of identical questions from all reaching the database: one request at a
//! time computes a missing answer while the others wait for it ([`DirectoryCache::flight`]), and an
//! answer past its time-to-live (but not invalidated by a write) is still served while one request
//! refreshes it.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::web::Bytes;

pub struct DirectoryCache {
    /// Told of this instance's writes, so that the next search reads them.
    index: Option<Arc<super::index::DirectoryIndex>>,
    entries: Mutex<HashMap<String, Entry>>,
    flights: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    generation: AtomicU64,
    ttl: Duration,
    capacity: usize,
}

struct Entry {
    at: Instant,
    generation: u64,
    body: Bytes,
}

impl DirectoryCache {
    /// `ttl` zero turns the cache off.
    pub fn new(ttl: Duration, capacity: usize) -> Self {
        DirectoryCache {
            index: None,
            entries: Mutex::new(HashMap::new()),
            flights: Mutex::new(HashMap::new()),
            generation: AtomicU64::new(0),
            ttl,
            capacity,
        }
    }

    /// Tell `index` of every write [`DirectoryCache::invalidate`] hears of.
    pub fn following(mut self, index: Arc<super::index::DirectoryIndex>) -> Self {
        self.index = Some(index);
        self
    }

    pub fn enabled(&self) -> bool {
        !self.ttl.is_zero()
    }

    /// The generation to store an answer under: read it before computing the answer, so a write
    /// that lands meanwhile makes the answer stale rather than cached as new.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// A fresh answer.
    pub fn get(&self, key: &str) -> Option<Bytes> {
        self.lookup(key).filter(|(_, fresh)| *fresh).map(|(body, _)| body)
    }

    /// An answer this instance has not invalidated, and whether it is still within its time-to-live
    /// (older ones are kept a while, to be served while one request refreshes them).
    pub fn lookup(&self, key: &str) -> Option<(Bytes, bool)> {
        if !self.enabled() {
            return None;
        }
        let current = self.generation();
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .get(key)
            .filter(|e| e.generation == current && e.at.elapsed() < 12 * self.ttl)
            .map(|e| (e.body.clone(), e.at.elapsed() < self.ttl))
    }

    /// The lock that lets one request at a time compute the answer to `key` (a lock of its own when
    /// the cache is off: nothing to share, and nothing kept per question).
    pub fn flight(&self, key: &str) -> Arc<tokio::sync::Mutex<()>> {
        if !self.enabled() {
            return Arc::default();
        }
        let mut flights = self.flights.lock().unwrap_or_else(|e| e.into_inner());
        if flights.len() >= self.capacity {
            // Only locks nobody holds or waits for.
            flights.retain(|_, lock| Arc::strong_count(lock) > 1);
        }
        flights.entry(key.to_owned()).or_default().clone()
    }

    pub fn put(&self, key: String, generation: u64, body: Bytes) {
        if !self.enabled() || generation != self.generation() {
            return;
        }
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= self.capacity {
            let current = self.generation();
            entries.retain(|_, e| e.generation == current && e.at.elapsed() < 12 * self.ttl);
            if entries.len() >= self.capacity {
                entries.clear();
            }
        }
        entries.insert(key, Entry { at: Instant::now(), generation, body });
    }

    /// Something the directory shows has changed.
    pub fn invalidate(&self) {
        if let Some(index) = &self.index {
            index.changed();
        }
        self.generation.fetch_add(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_until_a_write_or_the_time_to_live() {
        let cache = DirectoryCache::new(Duration::from_millis(200), 2);
        let g = cache.generation();
        cache.put("a".into(), g, Bytes::from_static(b"A"));
        assert_eq!(cache.get("a").as_deref(), Some(&b"A"[..]));
        cache.invalidate();
        assert_eq!(cache.get("a"), None, "a write drops it");
        // An answer computed before a write is not stored.
        let before = cache.generation();
        cache.invalidate();
        cache.put("b".into(), before, Bytes::from_static(b"B"));
        assert_eq!(cache.get("b"), None);
        let g = cache.generation();
        cache.put("c".into(), g, Bytes::from_static(b"C"));
        std::thread::sleep(Duration::from_millis(250));
        assert_eq!(cache.get("c"), None, "expired");
        assert_eq!(cache.lookup("c").map(|(_, fresh)| fresh), Some(false), "still there to serve while refreshed");
        // Full: room is made.
        for k in ["x", "y", "z"] {
            cache.put(k.into(), g, Bytes::from_static(b"-"));
        }
        assert!(cache.get("z").is_some());
        let off = DirectoryCache::new(Duration::ZERO, 10);
        off.put("a".into(), 0, Bytes::from_static(b"A"));
        assert_eq!(off.get("a"), None);
        drop(off.flight("a"));
        assert!(off.flights.lock().expect("the flights").is_empty(), "nothing kept per question when off");
    }
}
