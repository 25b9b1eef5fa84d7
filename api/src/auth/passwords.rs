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
