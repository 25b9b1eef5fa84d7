//! Certificates of completion: verifiable by anyone with their code, signed as W3C Verifiable
//! Credentials in the Open Badges 3.0 model, and revocable.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::associations::string_enum;
use crate::ids::{CertificateId, CourseId};
use crate::text::LocalizedText;

string_enum!(
    /// Whether a certificate still stands.
    CertificateStatus {
        Valid = "valid",
        /// Withdrawn by the observatory; see the reason.
        Revoked = "revoked",
    }
);

/// A certificate, for its holder (and staff).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Certificate {
    pub id: CertificateId,
    /// Ten letters and digits, `XXXXX-XXXXX`: typed on the verification page.
    pub code: String,
    pub course_id: CourseId,
    pub course_title: LocalizedText,
    pub holder_name: String,
    pub issued_at: DateTime<Utc>,
    pub issuer: String,
    pub status: CertificateStatus,
    pub revoked_at: Option<DateTime<Utc>>,
    pub revoked_reason: Option<String>,
    /// Where anyone can check it: the verification page of the web app.
    pub verification_url: String,
    /// The Open Badges 3.0 `OpenBadgeCredential`, signed as a VC-JOSE JWT (`typ` `vc+jwt`,
    /// EdDSA). The key is in the JWKS at `/.well-known/jwks.json`.
    pub credential: String,
}

/// What anyone may learn from a verification code.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CertificateVerification {
    pub code: String,
    pub holder_name: String,
    pub course_title: LocalizedText,
    pub issued_at: DateTime<Utc>,
    pub issuer: String,
    pub status: CertificateStatus,
    pub revoked_at: Option<DateTime<Utc>>,
    pub revoked_reason: Option<String>,
    pub credential: String,
}

/// Withdraw a certificate (staff), with the reason anyone verifying it will read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevokeCertificate {
    #[validate(length(min = 3, max = 500))]
    #[cfg_attr(feature = "openapi", schema(min_length = 3, max_length = 500))]
    pub reason: String,
}

/// The alphabet of verification codes (Crockford's base 32: no I, L, O or U).
pub const CODE_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A code as typed: upper-cased, dashes and spaces dropped, I/L read as 1 and O as 0.
pub fn normalize_code(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !matches!(c, '-' | ' '))
        .map(|c| match c.to_ascii_uppercase() {
            'I' | 'L' => '1',
            'O' => '0',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_forgive_typing() {
        assert_eq!(normalize_code("abcde-fghjk"), "ABCDEFGHJK");
        assert_eq!(normalize_code(" 0o1il "), "00111");
    }
}
