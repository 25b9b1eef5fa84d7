//! Access tokens (JWT, HS256 pinned, with `kid`) and opaque random tokens (refresh tokens, email links),
//! which are stored only as SHA-256 hashes.

use std::collections::HashSet;
use std::io::Write;
use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::ApiError;

pub const AUDIENCE: &str = "madani-api";
/// Clock skew tolerated on `exp`, in seconds.
pub const LEEWAY_SECS: u64 = 10;
const ALGORITHM: Algorithm = Algorithm::HS256;

/// The claims of an access token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    pub iss: String,
    pub aud: String,
    pub sub: String,
    pub exp: i64,
    pub iat: i64,
    pub jti: String,
    /// The session (refresh-token family) the token was issued for.
    pub sid: String,
}

/// The signing key, its id, and the validation rules.
pub struct TokenKeys {
    kid: String,
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    pub issuer: String,
    /// Signs media addresses (`<video src>`), with a key derived from the same secret.
    pub urls: crate::media::UrlSigner,
    /// Signs emails' unsubscribe links, with another key derived from the same secret.
    pub unsubscribe: crate::notifications::UnsubscribeSigner,
}

impl TokenKeys {
    pub fn new(secret: &[u8], issuer: &str) -> Self {
        let kid = hex(&Sha256::digest(secret)[..8]);
        let mut validation = Validation::new(ALGORITHM);
        validation.set_issuer(&[issuer]);
        validation.set_audience(&[AUDIENCE]);
        validation.required_spec_claims =
            ["exp", "iss", "aud", "sub"].into_iter().map(String::from).collect::<HashSet<_>>();
        validation.leeway = LEEWAY_SECS;
        validation.validate_exp = true;
        TokenKeys {
            kid,
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            issuer: issuer.to_owned(),
            urls: crate::media::UrlSigner::derive(secret),
            unsubscribe: crate::notifications::UnsubscribeSigner::derive(secret),
        }
    }

    /// The key from configuration, or the one kept in the data directory, made on first start (0600).
    pub fn load_or_create(configured: Option<&[u8]>, data_dir: &Path, issuer: &str) -> std::io::Result<Self> {
        if let Some(secret) = configured {
            return Ok(Self::new(secret, issuer));
        }
        let path = data_dir.join("jwt-signing.key");
        let secret = match std::fs::read_to_string(&path) {
            Ok(text) => text.trim().as_bytes().to_vec(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                crate::private_fs::create_dir_all(data_dir)?;
                let secret = random_token(48);
                let mut options = std::fs::OpenOptions::new();
                options.write(true).create_new(true);
                #[cfg(unix)]
                std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
                match options.open(&path) {
                    Ok(mut file) => {
                        file.write_all(secret.as_bytes())?;
                        tracing::info!(path = %path.display(), "generated a new token signing key");
                        secret.into_bytes()
                    }
                    // Another process made it first: use theirs.
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                        std::fs::read_to_string(&path)?.trim().as_bytes().to_vec()
                    }
                    Err(e) => return Err(e),
                }
            }
            Err(e) => return Err(e),
        };
        Ok(Self::new(&secret, issuer))
    }

    pub fn kid(&self) -> &str {
        &self.kid
    }

    pub fn issue(&self, user_id: &str, session_id: &str, ttl_secs: i64) -> Result<String, ApiError> {
        let now = chrono::Utc::now().timestamp();
        let claims = Claims {
            iss: self.issuer.clone(),
            aud: AUDIENCE.to_owned(),
            sub: user_id.to_owned(),
            exp: now + ttl_secs,
            iat: now,
            jti: uuid::Uuid::now_v7().to_string(),
            sid: session_id.to_owned(),
        };
        let mut header = Header::new(ALGORITHM);
        header.kid = Some(self.kid.clone());
        jsonwebtoken::encode(&header, &claims, &self.encoding).map_err(|e| ApiError::internal(format!("jwt: {e}")))
    }

    /// Verify signature, algorithm, `kid`, issuer, audience and expiry.
    pub fn verify(&self, token: &str) -> Result<Claims, ApiError> {
        let header = jsonwebtoken::decode_header(token).map_err(|e| ApiError::InvalidToken(e.to_string()))?;
        if header.alg != ALGORITHM {
            return Err(ApiError::InvalidToken(format!("algorithm {:?} refused", header.alg)));
        }
        if header.kid.as_deref() != Some(self.kid.as_str()) {
            return Err(ApiError::InvalidToken("unknown key id".into()));
        }
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .map(|data| data.claims)
            .map_err(|e| ApiError::InvalidToken(e.to_string()))
    }
}

/// `bytes` random bytes, base64url without padding.
pub fn random_token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    URL_SAFE_NO_PAD.encode(buf)
}

/// How an opaque token is stored.
pub fn hash_token(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issued_tokens_verify_and_carry_the_claims() {
        let keys = TokenKeys::new(&[7u8; 32], "http://madani.test");
        let token = keys.issue("user-1", "session-1", 900).unwrap();
        let claims = keys.verify(&token).unwrap();
        assert_eq!((claims.sub.as_str(), claims.sid.as_str(), claims.aud.as_str()), ("user-1", "session-1", AUDIENCE));
        assert_eq!(claims.exp - claims.iat, 900);
        let other = TokenKeys::new(&[8u8; 32], "http://madani.test");
        assert!(other.verify(&token).is_err());
    }

    #[test]
    fn random_tokens_are_long_and_distinct() {
        let a = random_token(32);
        assert_eq!(a.len(), 43);
        assert_ne!(a, random_token(32));
        assert_eq!(hash_token(&a).len(), 64);
    }

    #[test]
    fn key_file_is_created_once_with_owner_only_permissions() {
        let dir = tempfile_dir();
        let a = TokenKeys::load_or_create(None, &dir, "x").unwrap();
        let b = TokenKeys::load_or_create(None, &dir, "x").unwrap();
        assert_eq!(a.kid(), b.kid());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.join("jwt-signing.key")).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::remove_dir_all(dir).unwrap();
    }

    fn tempfile_dir() -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("madani-keys-{}", uuid::Uuid::now_v7()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}
