//! Verifying a certificate by the code printed on it.

use madani_shared::certificates::{CODE_ALPHABET, CertificateVerification, normalize_code};

use crate::certificates::issue::Issuer;
use crate::certificates::repo;
use crate::db::DbConn;
use crate::error::{ApiError, ApiResult};

/// The code as stored, from the code as typed (dashes, spaces and case do not matter); 404 when it
/// cannot be a code.
pub fn parse_code(typed: &str) -> ApiResult<String> {
    let code = normalize_code(typed);
    if code.len() != 10 || !code.bytes().all(|b| CODE_ALPHABET.contains(&b)) {
        return Err(ApiError::NotFound);
    }
    Ok(code)
}

/// What anyone may know of the certificate with this code (from [`parse_code`]).
/// Lookups one client address may make per minute: enough for people, too few to enumerate codes.
pub const LOOKUPS_PER_MINUTE: i64 = 30;

/// The certificate with the code `typed` (as a person typed it), for the client at `ip`: counted
/// against its lookups first, whether the code is well-formed or not.
pub fn verify(conn: &mut DbConn, issuer: &Issuer, typed: &str, ip: &str) -> ApiResult<CertificateVerification> {
    let key = crate::ratelimit::keys::verify_lookup_address(ip);
    crate::ratelimit::hit(conn, &key, LOOKUPS_PER_MINUTE, chrono::TimeDelta::minutes(1))?;
    let code = parse_code(typed)?;
    Ok(repo::find_by_code(conn, &code)?.verification(issuer))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_read_as_people_type_them() {
        assert_eq!(parse_code("abcde-fghjk").unwrap(), "ABCDEFGHJK");
        assert!(matches!(parse_code("ABCDE"), Err(ApiError::NotFound)));
        assert!(matches!(parse_code("ABCDE-FGHJU"), Err(ApiError::NotFound)), "U is not in the alphabet");
    }
}
