//! Password hashing (argon2id, m = 19 MiB, t = 2, p = 1) and the common-password check.

use std::collections::HashSet;
use std::sync::OnceLock;

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

use crate::error::ApiError;

static COMMON: OnceLock<HashSet<&'static str>> = OnceLock::new();

fn common() -> &'static HashSet<&'static str> {
    COMMON.get_or_init(|| include_str!("../../assets/common-passwords.txt").lines().collect())
}

/// Reject a new password that is too short, too long or common. `field` names it in the 422.
pub fn check_new_password(field: &str, password: &str) -> Result<(), ApiError> {
    let chars = password.chars().count() as u64;
    if !(madani_shared::PASSWORD_MIN_CHARS..=madani_shared::PASSWORD_MAX_CHARS).contains(&chars) {
        return Err(ApiError::field(field, "length", "must be 8 to 128 characters"));
    }
    if common().contains(password.to_lowercase().as_str()) {
        return Err(ApiError::field(field, "common_password", "is too common; choose a less predictable password"));
    }
    Ok(())
}

/// Hash with argon2id and a fresh salt, as a PHC string. Slow on purpose: call from a blocking thread.
pub fn hash(password: &str) -> Result<String, ApiError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| ApiError::internal(format!("hashing: {e}")))
}

/// Check a password against a stored PHC string. Slow on purpose: call from a blocking thread.
pub fn verify(password: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(parsed) => Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

/// The hashing of passwords, off the database pool and bounded. Each hash or check takes 19 MiB and
/// tens of milliseconds of a core: a few run at once (one permit each); a few more requests wait for a
/// permit; beyond that, requests are answered 503 with `Retry-After` at once instead of piling up
/// (and none of them holds a database connection meanwhile).
pub struct Hasher {
    permits: std::sync::Arc<tokio::sync::Semaphore>,
    waiting: std::sync::atomic::AtomicUsize,
    queue: usize,
}

impl Hasher {
    pub fn new(concurrency: usize, queue: usize) -> Self {
        Hasher {
            permits: std::sync::Arc::new(tokio::sync::Semaphore::new(concurrency.max(1))),
            waiting: std::sync::atomic::AtomicUsize::new(0),
            queue,
        }
    }

    async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Result<T, ApiError> {
        use std::sync::atomic::Ordering;
        let permit = match self.permits.clone().try_acquire_owned() {
            Ok(permit) => permit,
            Err(_) => {
                if self.waiting.fetch_add(1, Ordering::AcqRel) >= self.queue {
                    self.waiting.fetch_sub(1, Ordering::AcqRel);
                    tracing::warn!("refused: every password-hashing permit is taken and the queue is full");
                    return Err(ApiError::Busy { retry_after_secs: 2 });
                }
                let permit = self.permits.clone().acquire_owned().await;
                self.waiting.fetch_sub(1, Ordering::AcqRel);
                permit.map_err(ApiError::internal)?
            }
        };
        Ok(actix_web::web::block(move || {
            let _permit = permit;
            work()
        })
        .await?)
    }

    /// [`hash`], on a permit.
    pub async fn hash(&self, password: String) -> Result<String, ApiError> {
        self.run(move || hash(&password)).await?
    }

    /// [`verify`] against `phc`, or [`verify_dummy`] when there is no account, on a permit.
    pub async fn verify(&self, password: String, phc: Option<String>) -> Result<bool, ApiError> {
        self.run(move || match phc {
            Some(phc) => verify(&password, &phc),
            None => {
                verify_dummy(&password);
                false
            }
        })
        .await
    }
}

/// Spend the same time as a real check when the account does not exist, so response times do not
/// tell which emails have accounts.
pub fn verify_dummy(password: &str) {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let phc = DUMMY.get_or_init(|| hash("madani-dummy-password").unwrap_or_default());
    let _ = verify(password, phc);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_with_argon2id_and_the_required_cost() {
        let phc = hash("correct horse battery staple").unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(verify("correct horse battery staple", &phc));
        assert!(!verify("correct horse battery stapl", &phc));
        assert!(!verify("x", "not a phc string"));
    }

    #[actix_web::test]
    async fn past_the_permits_and_the_queue_the_hasher_refuses_at_once() {
        let hasher = std::sync::Arc::new(Hasher::new(1, 1));
        let started = std::time::Instant::now();
        let tasks: Vec<_> = (0..6)
            .map(|_| {
                let h = hasher.clone();
                actix_web::rt::spawn(async move { h.hash("a long enough password".into()).await })
            })
            .collect();
        let mut busy = 0;
        for t in tasks {
            match t.await.unwrap() {
                Ok(phc) => assert!(verify("a long enough password", &phc)),
                Err(ApiError::Busy { .. }) => busy += 1,
                Err(other) => panic!("{other:?}"),
            }
        }
        // One runs, one waits, the four others are refused without waiting for the two.
        assert_eq!(busy, 4, "in {:?}", started.elapsed());
    }

    #[test]
    fn refuses_common_short_and_long_passwords() {
        assert!(common().len() >= 10_000);
        for p in ["password", "PASSWORD", "12345678", "iloveyou"] {
            assert!(
                matches!(check_new_password("password", p), Err(ApiError::Validation(ref e)) if e[0].code == "common_password"),
                "{p}"
            );
        }
        assert!(check_new_password("password", "short").is_err());
        assert!(check_new_password("password", &"x".repeat(129)).is_err());
        assert!(check_new_password("password", &"ق".repeat(128)).is_ok());
        assert!(check_new_password("password", "olive tree by the sea").is_ok());
    }
}
