//! A short-lived cache of public directory answers.
//!
//! The directory is read far more than it is written, by anonymous visitors and partners asking
//! the same questions (the first page, a wilaya, a field). An answer is kept for a few seconds and
//! dropped at once when this instance writes anything the directory shows; other instances behind
//! the same database see a change within the time-to-live. The directory is the same for everyone,
//! so answers are keyed by the parsed, re-serialized query alone.
//!
//! An answer is kept as sent: its JSON, and each compressed form (brotli, gzip) made once, when a
//! client first asks for it, then served as is (the compression middleware leaves a body that
//! already has its `Content-Encoding` alone).
//!
//! Two things keep a burst of identical questions from all reaching the database: one request at a
//! time computes a missing answer while the others wait for it ([`DirectoryCache::flight`]), and an
//! answer past its time-to-live (but not invalidated by a write) is still served while one request
//! refreshes it.

use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
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
    answer: Arc<Answer>,
}

/// How an answer is sent: as it is, or compressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Coding {
    Identity,
    Brotli,
    Gzip,
}

impl Coding {
    /// The `Content-Encoding` value, `None` for the answer as it is.
    pub fn header(self) -> Option<&'static str> {
        match self {
            Coding::Identity => None,
            Coding::Brotli => Some("br"),
            Coding::Gzip => Some("gzip"),
        }
    }
}

/// An answer's JSON and, once asked for, its compressed forms.
pub struct Answer {
    json: Bytes,
    brotli: OnceLock<Bytes>,
    gzip: OnceLock<Bytes>,
}

impl Answer {
    pub fn new(json: Bytes) -> Arc<Self> {
        Arc::new(Answer { json, brotli: OnceLock::new(), gzip: OnceLock::new() })
    }

    /// The body to send for `coding`, compressed the first time it is asked for.
    pub fn body(&self, coding: Coding) -> Bytes {
        match coding {
            Coding::Identity => self.json.clone(),
            Coding::Brotli => self.brotli.get_or_init(|| brotli(&self.json)).clone(),
            Coding::Gzip => self.gzip.get_or_init(|| gzip(&self.json)).clone(),
        }
    }
}

/// Brotli at quality 5 (made once per answer: worth more effort than the middleware's 3).
fn brotli(json: &[u8]) -> Bytes {
    let mut out = Vec::with_capacity(json.len() / 4);
    {
        let mut writer = ::brotli::CompressorWriter::new(&mut out, 4096, 5, 22);
        // Writing to a vector does not fail.
        let _ = writer.write_all(json);
    }
    Bytes::from(out)
}

fn gzip(json: &[u8]) -> Bytes {
    let mut writer = flate2::write::GzEncoder::new(Vec::with_capacity(json.len() / 4), flate2::Compression::default());
    let _ = writer.write_all(json);
    Bytes::from(writer.finish().unwrap_or_default())
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
    pub fn get(&self, key: &str) -> Option<Arc<Answer>> {
        self.lookup(key).filter(|(_, fresh)| *fresh).map(|(answer, _)| answer)
    }

    /// An answer this instance has not invalidated, and whether it is still within its time-to-live
    /// (older ones are kept a while, to be served while one request refreshes them).
    pub fn lookup(&self, key: &str) -> Option<(Arc<Answer>, bool)> {
        if !self.enabled() {
            return None;
        }
        let current = self.generation();
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .get(key)
            .filter(|e| e.generation == current && e.at.elapsed() < 12 * self.ttl)
            .map(|e| (e.answer.clone(), e.at.elapsed() < self.ttl))
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

    pub fn put(&self, key: String, generation: u64, answer: Arc<Answer>) {
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
        entries.insert(key, Entry { at: Instant::now(), generation, answer });
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
        cache.put("a".into(), g, Answer::new(Bytes::from_static(b"A")));
        assert_eq!(cache.get("a").map(|a| a.body(Coding::Identity)).as_deref(), Some(&b"A"[..]));
        cache.invalidate();
        assert!(cache.get("a").is_none(), "a write drops it");
        // An answer computed before a write is not stored.
        let before = cache.generation();
        cache.invalidate();
        cache.put("b".into(), before, Answer::new(Bytes::from_static(b"B")));
        assert!(cache.get("b").is_none());
        let g = cache.generation();
        cache.put("c".into(), g, Answer::new(Bytes::from_static(b"C")));
        std::thread::sleep(Duration::from_millis(250));
        assert!(cache.get("c").is_none(), "expired");
        assert_eq!(cache.lookup("c").map(|(_, fresh)| fresh), Some(false), "still there to serve while refreshed");
        // Full: room is made.
        for k in ["x", "y", "z"] {
            cache.put(k.into(), g, Answer::new(Bytes::from_static(b"-")));
        }
        assert!(cache.get("z").is_some());
        let off = DirectoryCache::new(Duration::ZERO, 10);
        off.put("a".into(), 0, Answer::new(Bytes::from_static(b"A")));
        assert!(off.get("a").is_none());
        drop(off.flight("a"));
        assert!(off.flights.lock().expect("the flights").is_empty(), "nothing kept per question when off");
    }

    #[test]
    fn compressed_forms_are_made_once_and_read_back_as_the_json() {
        use std::io::Read;
        let json = Bytes::from(serde_json::to_vec(&vec!["جمعية الأمل"; 200]).expect("json"));
        let answer = Answer::new(json.clone());
        let br = answer.body(Coding::Brotli);
        assert!(br.len() < json.len() / 4, "brotli: {} of {}", br.len(), json.len());
        assert_eq!(answer.body(Coding::Brotli).as_ptr(), br.as_ptr(), "made once, then the same bytes");
        let mut back = Vec::new();
        ::brotli::Decompressor::new(&br[..], 4096).read_to_end(&mut back).expect("brotli");
        assert_eq!(back, json);
        let gz = answer.body(Coding::Gzip);
        let mut back = Vec::new();
        flate2::read::GzDecoder::new(&gz[..]).read_to_end(&mut back).expect("gzip");
        assert_eq!(back, json);
        assert_eq!(answer.body(Coding::Identity), json);
    }
}
