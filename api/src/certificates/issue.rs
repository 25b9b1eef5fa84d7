//! Making certificates: who issues them, the code, and the signed credential and status list
//! (pure: the rules that store them are in the service).

use std::io::Write;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::NaiveDateTime;
use madani_shared::certificates::CODE_ALPHABET;

use super::keys::IssuerKey;
use super::rows::CertificateRow;
use crate::courses::rows::CourseRow;
use crate::error::{ApiError, ApiResult};

/// Bits in the revocation status list: the minimum the specification recommends, so that one
/// certificate's bit does not stand out.
pub const STATUS_LIST_BITS: usize = 131_072;

/// Who issues certificates: the key, and where Madani is reached.
pub struct Issuer {
    pub key: IssuerKey,
    pub public_url: String,
    pub name: String,
}

impl Issuer {
    pub fn id(&self) -> String {
        format!("{}/api/v1/issuer", self.public_url.trim_end_matches('/'))
    }

    pub fn status_list_url(&self) -> String {
        format!("{}/api/v1/status-lists/revocation", self.public_url.trim_end_matches('/'))
    }

    pub fn verification_url(&self, code: &str) -> String {
        format!("{}/verify/{code}", self.public_url.trim_end_matches('/'))
    }
}

/// Ten characters of the Crockford alphabet (50 bits), from the operating system's randomness.
pub fn new_code() -> String {
    let mut bytes = [0u8; 10];
    rand::fill(&mut bytes);
    bytes.iter().map(|b| CODE_ALPHABET[usize::from(b % 32)] as char).collect()
}

/// `ABCDEFGHJK` as people read it: `ABCDE-FGHJK`.
pub fn display_code(code: &str) -> String {
    if code.len() == 10 { format!("{}-{}", &code[..5], &code[5..]) } else { code.to_owned() }
}

/// The Open Badges 3.0 credential of a certificate, signed.
pub fn credential(issuer: &Issuer, row: &CertificateRow, course: &CourseRow) -> String {
    let title = course.title();
    let name = title.fr.clone().or(title.ar.clone()).or(title.en.clone()).unwrap_or_default();
    let issued = row.issued_at.and_utc();
    let payload = serde_json::json!({
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
        ],
        "id": format!("urn:uuid:{}", row.id),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer.id(), "type": ["Profile"], "name": issuer.name},
        "validFrom": issued.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "name": name,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [{
                "type": "IdentityObject",
                "identityType": "name",
                "hashed": false,
                "identityHash": row.holder_name
            }],
            "achievement": {
                "id": format!("{}/courses/{}", issuer.public_url.trim_end_matches('/'), course.id),
                "type": ["Achievement"],
                "name": name,
                "description": course.summary_text().fr.or(course.summary_text().ar).unwrap_or_else(|| name.clone()),
                "criteria": {"narrative": "Completed every required lesson and passed every required quiz of the course on Madani."},
                "inLanguage": course.languages.split(',').next().unwrap_or("fr")
            }
        },
        "credentialStatus": {
            "id": format!("{}#{}", issuer.status_list_url(), row.status_index),
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": row.status_index.to_string(),
            "statusListCredential": issuer.status_list_url()
        },
        "iss": issuer.id(),
        "jti": format!("urn:uuid:{}", row.id),
        "iat": issued.timestamp(),
        "nbf": issued.timestamp(),
        "verificationUrl": issuer.verification_url(&display_code(&row.code)),
    });
    issuer.key.sign("vc+jwt", &payload)
}

/// The revocation status list credential: bit `i` (from the left of the first byte) set when the
/// certificate at index `i` is `revoked`; GZIP-compressed, base64url, multibase `u`.
pub fn status_list(issuer: &Issuer, revoked: &[i32], now: NaiveDateTime) -> ApiResult<String> {
    let mut bits = vec![0u8; STATUS_LIST_BITS / 8];
    for &index in revoked {
        if let Ok(i) = usize::try_from(index)
            && i < STATUS_LIST_BITS
        {
            bits[i / 8] |= 0x80 >> (i % 8);
        }
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&bits).map_err(ApiError::internal)?;
    let compressed = gz.finish().map_err(ApiError::internal)?;
    let url = issuer.status_list_url();
    let payload = serde_json::json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer.id(),
        "validFrom": now.and_utc().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "credentialSubject": {
            "id": format!("{url}#list"),
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": format!("u{}", URL_SAFE_NO_PAD.encode(compressed))
        },
        "iss": issuer.id(),
        "iat": now.and_utc().timestamp(),
    });
    Ok(issuer.key.sign("vc+jwt", &payload))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_have_fifty_bits_from_the_alphabet() {
        let code = new_code();
        assert_eq!(code.len(), 10);
        assert!(code.bytes().all(|b| CODE_ALPHABET.contains(&b)));
        assert_ne!(new_code(), new_code());
        // 32 symbols, 10 of them: 2^50 codes.
        assert_eq!((CODE_ALPHABET.len() as f64).log2() * 10.0, 50.0);
        assert_eq!(display_code("ABCDEFGHJK"), "ABCDE-FGHJK");
    }
}
