//! A small fixed-window limiter per key (a client address), for public lookups that must not be
//! enumerated. Kept in memory: each instance limits what reaches it.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct RateLimiter {
    per_window: u32,
    window: Duration,
    hits: Mutex<HashMap<String, (Instant, u32)>>,
}

impl RateLimiter {
    pub fn new(per_window: u32, window: Duration) -> Self {
        RateLimiter { per_window, window, hits: Mutex::new(HashMap::new()) }
    }

    /// Count one hit for `key`; `Err(seconds to wait)` past the limit.
    pub fn hit(&self, key: &str) -> Result<(), u64> {
        let now = Instant::now();
        let mut hits = self.hits.lock().unwrap_or_else(|e| e.into_inner());
        if hits.len() > 100_000 {
            hits.retain(|_, (start, _)| now.duration_since(*start) < self.window);
        }
        let entry = hits.entry(key.to_owned()).or_insert((now, 0));
        if now.duration_since(entry.0) >= self.window {
            *entry = (now, 0);
        }
        entry.1 += 1;
        if entry.1 > self.per_window {
            let left = self.window.saturating_sub(now.duration_since(entry.0));
            return Err(left.as_secs().max(1));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_per_key_and_window() {
        let limiter = RateLimiter::new(2, Duration::from_millis(200));
        assert!(limiter.hit("a").is_ok());
        assert!(limiter.hit("a").is_ok());
        assert!(limiter.hit("a").is_err());
        assert!(limiter.hit("b").is_ok(), "another client is not affected");
        std::thread::sleep(Duration::from_millis(220));
        assert!(limiter.hit("a").is_ok(), "a new window");
    }
}
