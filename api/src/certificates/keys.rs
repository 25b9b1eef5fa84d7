//! The issuer's Ed25519 key: it signs certificates and the status list as VC-JOSE JWTs, and its
//! public half is published as a JSON Web Key Set.

use std::io::Write;
use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::{Signer, SigningKey};
use sha2::{Digest, Sha256};

pub struct IssuerKey {
    signing: SigningKey,
    kid: String,
}

impl IssuerKey {
    pub fn from_seed(seed: [u8; 32]) -> Self {
        let signing = SigningKey::from_bytes(&seed);
        let kid = thumbprint(&URL_SAFE_NO_PAD.encode(signing.verifying_key().as_bytes()));
        IssuerKey { signing, kid }
    }

    /// The key in `configured` (a file with the base64url seed), or the one in the data directory,
    /// made on first start (0600).
    pub fn load_or_create(configured: Option<&Path>, data_dir: &Path) -> std::io::Result<Self> {
        let decode = |text: &str| -> std::io::Result<Self> {
            let bytes = URL_SAFE_NO_PAD
                .decode(text.trim())
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e.to_string()))?;
            let seed: [u8; 32] = bytes.try_into().map_err(|_| {
                std::io::Error::new(std::io::ErrorKind::InvalidData, "the certificate key is not 32 bytes")
            })?;
            Ok(Self::from_seed(seed))
        };
        if let Some(path) = configured {
            return decode(&std::fs::read_to_string(path)?);
        }
        let path = data_dir.join("certificate-signing.key");
        match std::fs::read_to_string(&path) {
            Ok(text) => decode(&text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                crate::private_fs::create_dir_all(data_dir)?;
                let mut seed = [0u8; 32];
                rand::fill(&mut seed);
                let mut options = std::fs::OpenOptions::new();
                options.write(true).create_new(true);
                #[cfg(unix)]
                std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
                match options.open(&path) {
                    Ok(mut file) => {
                        file.write_all(URL_SAFE_NO_PAD.encode(seed).as_bytes())?;
                        tracing::info!(path = %path.display(), "generated a new certificate signing key");
                        Ok(Self::from_seed(seed))
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => decode(&std::fs::read_to_string(&path)?),
                    Err(e) => Err(e),
                }
            }
            Err(e) => Err(e),
        }
    }

    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The public key as a JWK (RFC 8037), with its RFC 7638 thumbprint as `kid`.
    pub fn jwk(&self) -> serde_json::Value {
        serde_json::json!({
            "kty": "OKP",
            "crv": "Ed25519",
            "x": URL_SAFE_NO_PAD.encode(self.signing.verifying_key().as_bytes()),
            "kid": self.kid,
            "alg": "EdDSA",
            "use": "sig",
        })
    }

    /// A compact JWS of `payload` with header `{alg: EdDSA, typ, kid}`.
    pub fn sign(&self, typ: &str, payload: &serde_json::Value) -> String {
        let header = serde_json::json!({"alg": "EdDSA", "typ": typ, "kid": self.kid});
        let input =
            format!("{}.{}", URL_SAFE_NO_PAD.encode(header.to_string()), URL_SAFE_NO_PAD.encode(payload.to_string()));
        let signature = self.signing.sign(input.as_bytes());
        format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()))
    }
}

/// RFC 7638 thumbprint of an Ed25519 public key (`x` in base64url).
fn thumbprint(x: &str) -> String {
    let canonical = format!(r#"{{"crv":"Ed25519","kty":"OKP","x":"{x}"}}"#);
    URL_SAFE_NO_PAD.encode(Sha256::digest(canonical.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_verify_with_the_public_key_and_the_key_file_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let key = IssuerKey::load_or_create(None, dir.path()).unwrap();
        let again = IssuerKey::load_or_create(None, dir.path()).unwrap();
        assert_eq!(key.kid(), again.kid(), "the same key on the next start");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("certificate-signing.key")).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let jws = key.sign("vc+jwt", &serde_json::json!({"hello": "مرحبا"}));
        let parts: Vec<&str> = jws.split('.').collect();
        let x = URL_SAFE_NO_PAD.decode(key.jwk()["x"].as_str().unwrap()).unwrap();
        let public = ed25519_dalek::VerifyingKey::from_bytes(&x.try_into().unwrap()).unwrap();
        let signature = ed25519_dalek::Signature::from_slice(&URL_SAFE_NO_PAD.decode(parts[2]).unwrap()).unwrap();
        public.verify_strict(format!("{}.{}", parts[0], parts[1]).as_bytes(), &signature).unwrap();
        assert!(public.verify_strict(format!("{}.{}x", parts[0], parts[1]).as_bytes(), &signature).is_err());
    }
}
