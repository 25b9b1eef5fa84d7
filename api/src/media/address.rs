//! Addresses of stored pictures and files that a browser fetches by itself (an `<img src>`, a
//! `<video src>`, a `<track src>`) and which therefore carry no access token: the version that
//! names a file, the signatures that grant one viewer a file for a while, and the query of a
//! picture's address.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use madani_shared::ErrorCode;
use serde::Deserialize;
use sha2::Sha256;
use validator::Validate;

use crate::error::{ApiError, ApiResult};

/// The version part of a storage key `<dir>/<owner>-<version>.<ext>`, for addresses and `ETag`s.
pub fn key_version(key: &str) -> Option<&str> {
    key.rsplit('-').next()?.split('.').next()
}

type HmacSha256 = Hmac<Sha256>;

/// Signs and checks addresses that grant reading one stored file until a time.
#[derive(Clone)]
pub struct UrlSigner {
    key: [u8; 32],
}

impl UrlSigner {
    /// A signer whose key is derived from `secret` (the access-token key, which every instance
    /// shares): a URL signed by one instance is good on all, and a signature is never a token.
    pub fn derive(secret: &[u8]) -> Self {
        let mut mac = HmacSha256::new_from_slice(secret).expect("HMAC takes keys of any length");
        mac.update(b"madani: signed media addresses, v1");
        UrlSigner { key: mac.finalize().into_bytes().into() }
    }

    fn mac(&self, resource: &str, exp: i64) -> HmacSha256 {
        let mut mac = HmacSha256::new_from_slice(&self.key).expect("HMAC takes keys of any length");
        mac.update(resource.as_bytes());
        mac.update(b"\n");
        mac.update(exp.to_string().as_bytes());
        mac
    }

    /// The signature granting `resource` until `exp` (Unix seconds), for a `sig=` parameter.
    pub fn sign(&self, resource: &str, exp: i64) -> String {
        URL_SAFE_NO_PAD.encode(self.mac(resource, exp).finalize().into_bytes())
    }

    /// 403 unless `sig` grants `resource` until `exp` and `exp` has not passed at `now`. The
    /// comparison takes the same time whatever the signature.
    pub fn check(&self, resource: &str, exp: i64, sig: &str, now: i64) -> ApiResult<()> {
        let given = URL_SAFE_NO_PAD.decode(sig).map_err(|_| ApiError::Forbidden(ErrorCode::BadSignature))?;
        self.mac(resource, exp).verify_slice(&given).map_err(|_| ApiError::Forbidden(ErrorCode::BadSignature))?;
        if exp < now {
            return Err(ApiError::Forbidden(ErrorCode::LinkExpired));
        }
        Ok(())
    }
}

/// The current time in Unix seconds.
pub fn unix_now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// The address of a picture served at `path` and stored under `key`: its version names it, so a
/// new picture is a new address (and the old one may be cached for long).
pub fn versioned_url(path: &str, key: &str) -> Option<String> {
    Some(format!("{path}?v={}", key_version(key)?))
}

/// `base` (an address with a query) signed for `viewer` to read `resource`: good for one to two
/// hours and the same within a clock hour, so that browsers still cache it.
pub fn signed_url(urls: &UrlSigner, base: String, resource: &str, viewer: &str, now: i64) -> String {
    let exp = (now / 3600 + 2) * 3600;
    let sig = urls.sign(resource, exp);
    format!("{base}&u={viewer}&exp={exp}&sig={sig}")
}

/// The `Cache-Control` of a picture everyone may see: immutable only at the address that names
/// this very picture (`v`); at another (no `v`, an old one) revalidated, so that a replaced or
/// removed picture does not stay in caches for a year.
pub fn public_cache(v: Option<&str>, key: &str) -> String {
    if v.is_some() && v == key_version(key) { "public, max-age=31536000, immutable" } else { "public, no-cache" }
        .to_owned()
}

/// The parameters of a picture's address (a course's or a project's `cover_url`).
#[derive(Debug, Deserialize, Validate, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CoverQuery {
    /// The picture's version: a new picture, a new address.
    #[validate(length(max = 64))]
    pub v: Option<String>,
    /// A picture not public: the user the address was signed for (their id).
    #[validate(length(max = 64))]
    pub u: Option<String>,
    /// A picture not public: until when the address works (Unix seconds).
    #[param(minimum = -9223372036854775808_i64, maximum = 9223372036854775807_i64)]
    pub exp: Option<i64>,
    /// A picture not public: the signature of the address.
    #[validate(length(max = 100))]
    pub sig: Option<String>,
}

impl CoverQuery {
    /// The viewer a good signature names, if the address carries one for `resource(viewer)`.
    pub fn signed_viewer(&self, urls: &UrlSigner, resource: impl Fn(&str) -> String, now: i64) -> Option<&str> {
        let (viewer, exp, sig) = (self.u.as_deref()?, self.exp?, self.sig.as_deref()?);
        urls.check(&resource(viewer), exp, sig, now).ok().map(|()| viewer)
    }
}
