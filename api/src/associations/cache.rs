//! A short-lived cache of public directory answers.
//!
//! The directory is read far more than it is written, by anonymous visitors and partners asking
//! the same questions (the first page, a wilaya, a field). An answer is kept for a few seconds and
//! dropped at once when this instance writes anything the directory shows; other instances behind
//! the same database see a change within the time-to-live. Only anonymous answers are cached (the
//! directory is the same for everyone), keyed by the parsed, re-serialized query.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use actix_web::web::Bytes;

pub struct DirectoryCache {
    entries: Mutex<HashMap<String, Entry>>,
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
        DirectoryCache { entries: Mutex::new(HashMap::new()), generation: AtomicU64::new(0), ttl, capacity }
    }

    pub fn enabled(&self) -> bool {
        !self.ttl.is_zero()
    }

    /// The generation to store an answer under: read it before computing the answer, so a write
    /// that lands meanwhile makes the answer stale rather than cached as new.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    pub fn get(&self, key: &str) -> Option<Bytes> {
        if !self.enabled() {
            return None;
        }
        let current = self.generation();
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.get(key).filter(|e| e.generation == current && e.at.elapsed() < self.ttl).map(|e| e.body.clone())
    }

    pub fn put(&self, key: String, generation: u64, body: Bytes) {
        if !self.enabled() || generation != self.generation() {
            return;
        }
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= self.capacity {
            let current = self.generation();
            entries.retain(|_, e| e.generation == current && e.at.elapsed() < self.ttl);
            if entries.len() >= self.capacity {
                entries.clear();
            }
        }
        entries.insert(key, Entry { at: Instant::now(), generation, body });
    }

    /// Something the directory shows has changed.
    pub fn invalidate(&self) {
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
        // Full: room is made.
        for k in ["x", "y", "z"] {
            cache.put(k.into(), g, Bytes::from_static(b"-"));
        }
        assert!(cache.get("z").is_some());
        let off = DirectoryCache::new(Duration::ZERO, 10);
        off.put("a".into(), 0, Bytes::from_static(b"A"));
        assert_eq!(off.get("a"), None);
    }
}
