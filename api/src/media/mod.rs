//! Uploaded media: pictures read and checked (logos, covers); files attached to messages and posts
//! ([`files`]); short-lived signed addresses for the files a browser fetches by itself
//! ([`address`]); and serving a stored file whole or by byte ranges (RFC 9110 §14), streamed from
//! the storage rather than read into memory.

use std::io::Read;
use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderMap};
use actix_web::{HttpRequest, HttpResponse, web};
use futures_util::StreamExt;

use crate::error::{ApiError, ApiResult};
use crate::storage::{ImageKind, Storage, VideoKind, sniff_image};

mod address;
mod files;
pub use address::*;
pub use files::*;

/// Largest uploaded picture (a logo, a cover), in bytes.
pub const MAX_IMAGE_BYTES: usize = 1024 * 1024;
/// Largest width or height of an uploaded picture, in pixels.
pub const MAX_IMAGE_SIDE: u32 = 4096;

/// How far past a limit an upload is still read (and dropped) before the 413, so a client still
/// sending gets the answer rather than a closed connection.
pub const DRAIN_BYTES: u64 = 8 * 1024 * 1024;

/// Read what is left of the body, up to `max` bytes, and drop it; a client silent for 10 seconds
/// is not waited for.
pub async fn drain(payload: &mut web::Payload, max: u64) {
    let mut seen = 0u64;
    while seen <= max {
        match tokio::time::timeout(std::time::Duration::from_secs(10), payload.next()).await {
            Ok(Some(Ok(chunk))) => seen += chunk.len() as u64,
            _ => break,
        }
    }
}

/// The body of a small upload (a picture, captions), read whole, refused with a 413 naming
/// `field` as soon as it passes `limit` bytes.
pub async fn read_body(mut payload: web::Payload, field: &'static str, limit: usize) -> ApiResult<Vec<u8>> {
    let mut bytes = Vec::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| ApiError::field(field, "unreadable", &format!("could not be read: {e}")))?;
        if bytes.len() + chunk.len() > limit {
            drain(&mut payload, DRAIN_BYTES).await;
            return Err(ApiError::FileTooLarge { field, limit });
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// What the picture is, or why it is refused (422 naming `field`): a PNG, JPEG or WebP by its
/// content, at most [`MAX_IMAGE_SIDE`] pixels a side. SVG is refused: it can carry script.
pub fn check_image(bytes: &[u8], field: &str) -> ApiResult<ImageKind> {
    if bytes.is_empty() {
        return Err(ApiError::field(field, "required", "send the picture's bytes as the body"));
    }
    let (kind, width, height) = sniff_image(bytes)
        .ok_or_else(|| ApiError::field(field, "not_an_image", "must be a PNG, JPEG or WebP picture"))?;
    if width == 0 || height == 0 || width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE {
        return Err(ApiError::field(
            field,
            "bad_dimensions",
            &format!("must be at most {MAX_IMAGE_SIDE}×{MAX_IMAGE_SIDE} pixels (this one is {width}×{height})"),
        ));
    }
    Ok(kind)
}

/// Read an uploaded picture of `owner`, check it (413 or 422 naming `field`) and store it under a
/// new key `<dir>/<owner>-<upload>.<ext>`; the key. Each upload has its own key, even of the same
/// picture: the address that names it can be cached for long, and removing a stored file that
/// did not make it into its row never removes the one the row still names.
pub async fn store_image(
    storage: Arc<dyn Storage>,
    payload: web::Payload,
    dir: &str,
    owner: &str,
    field: &'static str,
) -> ApiResult<String> {
    let bytes = read_body(payload, field, MAX_IMAGE_BYTES).await?;
    let kind = check_image(&bytes, field)?;
    let key = format!("{dir}/{owner}-{}.{}", uuid::Uuid::now_v7().simple(), kind.extension());
    let stored_key = key.clone();
    web::block(move || storage.put(&stored_key, &bytes)).await?.map_err(ApiError::internal)?;
    Ok(key)
}

/// Where a picture goes and how it is named: `covers/<owner>-<version>.png`, refused as `field`.
#[derive(Clone, Copy, Debug)]
pub struct PictureSlot<'a> {
    pub dir: &'a str,
    pub owner: &'a str,
    pub field: &'static str,
}

/// Replace an object's picture (a logo, a cover), the one way every upload of a picture goes:
/// `authorize` first, before a megabyte is read from someone who may not (their body is drained, so
/// they get the 403 rather than a reset connection); then the picture is read, checked and stored
/// under a key of its own; `set` records that key and returns the previous one with the answer; the
/// previous file is then forgotten. If `set` fails, the new file is removed, so a failed upload
/// never removes the picture the object still shows.
pub async fn replace_picture<T, A, S>(
    state: &crate::state::AppState,
    mut payload: web::Payload,
    slot: PictureSlot<'_>,
    authorize: A,
    set: S,
) -> ApiResult<T>
where
    T: Send + 'static,
    A: FnOnce(&mut crate::db::DbConn) -> ApiResult<()> + Send + 'static,
    S: FnOnce(&mut crate::db::DbConn, &str) -> ApiResult<(Option<String>, T)> + Send + 'static,
{
    if let Err(e) = state.db(authorize).await {
        drain(&mut payload, MAX_IMAGE_BYTES as u64).await;
        return Err(e);
    }
    let key = store_image(state.storage.clone(), payload, slot.dir, slot.owner, slot.field).await?;
    let storage = state.storage.clone();
    state
        .db(move |conn| match set(conn, &key) {
            Ok((previous, answer)) => {
                forget(storage.as_ref(), previous.filter(|old| *old != key));
                Ok(answer)
            }
            Err(e) => {
                forget(storage.as_ref(), [key]);
                Err(e)
            }
        })
        .await
}

/// Remove an object's picture: `clear` checks who may and empties the object's key, returning the
/// key it held; that file is then forgotten.
pub async fn remove_picture<C>(state: &crate::state::AppState, clear: C) -> ApiResult<()>
where
    C: FnOnce(&mut crate::db::DbConn) -> ApiResult<Option<String>> + Send + 'static,
{
    let storage = state.storage.clone();
    let previous = state.db(clear).await?;
    forget(storage.as_ref(), previous);
    Ok(())
}

/// Forget stored files whose rows are gone; a failure only leaves a file behind, so it is logged.
pub fn forget(storage: &dyn Storage, keys: impl IntoIterator<Item = String>) {
    for key in keys {
        if let Err(e) = storage.delete(&key) {
            tracing::warn!(%key, error = %e, "could not delete a stored file");
        }
    }
}

/// What a `Range` header asks of a file of `size` bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ranged {
    /// No range (or one this server ignores, as RFC 9110 allows: another unit, several ranges, bad
    /// syntax): the whole file, 200.
    Whole,
    /// Bytes `start..=end`, 206.
    Part { start: u64, end: u64 },
    /// A range that starts past the end, 416.
    Unsatisfiable,
}

/// Read one `bytes=` range: `a-b`, `a-` or `-n` (the last n bytes). The unit is case-insensitive;
/// a position too large to hold is as good as the end of the file.
pub fn byte_range(header: Option<&str>, size: u64) -> Ranged {
    let Some(header) = header.map(str::trim) else { return Ranged::Whole };
    let Some(spec) = header.get(..6).filter(|unit| unit.eq_ignore_ascii_case("bytes=")).map(|_| &header[6..]) else {
        return Ranged::Whole;
    };
    if spec.contains(',') {
        return Ranged::Whole;
    }
    let Some((first, last)) = spec.trim().split_once('-') else { return Ranged::Whole };
    let number = |s: &str| {
        let s = s.trim();
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            None
        } else {
            Some(s.parse::<u64>().unwrap_or(u64::MAX))
        }
    };
    match (first.trim().is_empty(), number(first), number(last)) {
        // The last n bytes.
        (true, _, Some(n)) => {
            if n == 0 || size == 0 {
                Ranged::Unsatisfiable
            } else {
                Ranged::Part { start: size - n.min(size), end: size - 1 }
            }
        }
        (false, Some(start), None) if last.trim().is_empty() => {
            if start >= size {
                Ranged::Unsatisfiable
            } else {
                Ranged::Part { start, end: size - 1 }
            }
        }
        (false, Some(start), Some(end)) if start <= end => {
            if start >= size {
                Ranged::Unsatisfiable
            } else {
                Ranged::Part { start, end: end.min(size - 1) }
            }
        }
        _ => Ranged::Whole,
    }
}

/// The headers a stored file is served with, besides its length and range.
pub struct FileHeaders {
    pub content_type: &'static str,
    /// A strong validator: changes whenever the file does (its storage key does).
    pub etag: String,
    pub cache_control: String,
}

/// The type of the picture or video stored under `key`, by the key's extension.
pub fn content_type(key: &str) -> Option<&'static str> {
    let ext = key.rsplit('.').next()?;
    ImageKind::from_extension(ext).map(ImageKind::mime).or_else(|| VideoKind::from_extension(ext).map(VideoKind::mime))
}

/// The headers of the picture or video stored under `key`: its type by the key's extension, its
/// `ETag` by the key's version. 404 for a key of another kind (none is stored).
pub fn file_headers(key: &str, cache_control: String) -> ApiResult<FileHeaders> {
    let content_type = content_type(key).ok_or(ApiError::NotFound)?;
    let etag = format!("\"{}\"", key_version(key).unwrap_or_default());
    Ok(FileHeaders { content_type, etag, cache_control })
}

/// Serve the file under `key`: whole, or the one byte range asked for (206 with `Content-Range`;
/// 416 when it starts past the end), read from the storage as it is sent. `If-Range` with another
/// validator gets the whole file, so a client never mixes two versions. `If-None-Match` naming this
/// version gets a 304 (what `no-cache` asks a browser to send). A `HEAD` request gets the same
/// headers and no body. 404 when there is no file.
pub async fn serve_file(
    storage: Arc<dyn Storage>,
    req: &HttpRequest,
    key: String,
    headers: FileHeaders,
) -> ApiResult<HttpResponse> {
    let size_storage = storage.clone();
    let size_key = key.clone();
    let size = web::block(move || size_storage.size(&size_key))
        .await?
        .map_err(ApiError::internal)?
        .ok_or(ApiError::NotFound)?;
    if none_match(req.headers(), &headers.etag) {
        return Ok(HttpResponse::NotModified()
            .insert_header((header::ETAG, headers.etag))
            .insert_header((header::CACHE_CONTROL, headers.cache_control))
            .finish());
    }
    let range = if if_range_matches(req.headers(), &headers.etag) {
        byte_range(req.headers().get(header::RANGE).and_then(|v| v.to_str().ok()), size)
    } else {
        Ranged::Whole
    };
    let (status, start, len) = match range {
        Ranged::Whole => (StatusCode::OK, 0, size),
        Ranged::Part { start, end } => (StatusCode::PARTIAL_CONTENT, start, end - start + 1),
        Ranged::Unsatisfiable => return Err(ApiError::RangeNotSatisfiable { size }),
    };
    let mut response = HttpResponse::build(status);
    response
        .insert_header((header::CONTENT_TYPE, headers.content_type))
        .insert_header((header::ACCEPT_RANGES, "bytes"))
        .insert_header((header::ETAG, headers.etag.clone()))
        .insert_header((header::CACHE_CONTROL, headers.cache_control))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CONTENT_SECURITY_POLICY, "default-src 'none'; sandbox"))
        .insert_header((header::CONTENT_DISPOSITION, "inline"));
    if status == StatusCode::PARTIAL_CONTENT {
        response.insert_header((header::CONTENT_RANGE, format!("bytes {start}-{}/{size}", start + len - 1)));
    }
    if len == 0 || req.method() == actix_web::http::Method::HEAD {
        // The length the body would have, and none.
        let nothing = futures_util::stream::empty::<Result<web::Bytes, std::io::Error>>();
        return Ok(response.no_chunking(len).streaming(nothing));
    }
    let reader = web::block(move || storage.read_range(&key, start, len))
        .await?
        .map_err(ApiError::internal)?
        .ok_or(ApiError::NotFound)?;
    Ok(response.no_chunking(len).streaming(chunks(reader, len)))
}

/// `If-Range` absent, or naming this version.
fn if_range_matches(headers: &HeaderMap, etag: &str) -> bool {
    headers.get(header::IF_RANGE).and_then(|v| v.to_str().ok()).is_none_or(|v| v.trim() == etag)
}

/// `If-None-Match` names this version (or is `*`).
fn none_match(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').map(|t| t.trim().trim_start_matches("W/")).any(|t| t == etag || t == "*"))
}

/// The reader's `len` bytes as a stream of chunks, each read on the blocking pool.
fn chunks(
    reader: Box<dyn Read + Send>,
    len: u64,
) -> impl futures_util::Stream<Item = Result<web::Bytes, std::io::Error>> + 'static {
    const CHUNK: u64 = 256 * 1024;
    futures_util::stream::unfold(Some((reader, len)), |state| async move {
        let (mut reader, left) = state?;
        if left == 0 {
            return None;
        }
        let want = left.min(CHUNK);
        let read = web::block(move || {
            let mut buf = vec![0; want as usize];
            reader.read_exact(&mut buf).map(|()| (reader, buf))
        })
        .await;
        match read {
            Ok(Ok((reader, buf))) => Some((Ok(web::Bytes::from(buf)), Some((reader, left - want)))),
            // The file changed size under us, or the disk failed: end the response here (the client
            // sees it short of Content-Length and retries).
            Ok(Err(e)) => Some((Err(e), None)),
            Err(e) => Some((Err(std::io::Error::other(e.to_string())), None)),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_follow_rfc_9110() {
        let r = |h: &str| byte_range(Some(h), 1000);
        assert_eq!(byte_range(None, 1000), Ranged::Whole);
        assert_eq!(r("bytes=0-99"), Ranged::Part { start: 0, end: 99 });
        assert_eq!(r("bytes=900-"), Ranged::Part { start: 900, end: 999 });
        assert_eq!(r("bytes=-100"), Ranged::Part { start: 900, end: 999 });
        assert_eq!(r("bytes=-5000"), Ranged::Part { start: 0, end: 999 }, "more than there is: all of it");
        assert_eq!(r("bytes=990-2000"), Ranged::Part { start: 990, end: 999 }, "clipped to the end");
        assert_eq!(r("bytes=1000-"), Ranged::Unsatisfiable);
        assert_eq!(r("bytes=1000-1001"), Ranged::Unsatisfiable);
        assert_eq!(r("bytes=-0"), Ranged::Unsatisfiable);
        assert_eq!(byte_range(Some("bytes=0-"), 0), Ranged::Unsatisfiable, "an empty file has no byte 0");
        // Ignored, so the whole file: several ranges, another unit, bad syntax.
        assert_eq!(r("Bytes=0-99"), Ranged::Part { start: 0, end: 99 }, "the unit is case-insensitive");
        assert_eq!(r("BYTES=-100"), Ranged::Part { start: 900, end: 999 });
        assert_eq!(r("bytes=10-99999999999999999999999"), Ranged::Part { start: 10, end: 999 }, "to the end");
        assert_eq!(r("bytes=99999999999999999999999-"), Ranged::Unsatisfiable);
        assert_eq!(r("bytes=-99999999999999999999999"), Ranged::Part { start: 0, end: 999 });
        for ignored in [
            "bytes=0-1,5-6",
            "items=0-5",
            "byte=0-5",
            "bytes",
            "bytes=5-1",
            "bytes=a-b",
            "bytes=-",
            "bytes=+1-2",
            "bytes 0-1",
        ] {
            assert_eq!(r(ignored), Ranged::Whole, "{ignored}");
        }
    }

    #[test]
    fn signatures_bind_the_resource_and_the_time() {
        let signer = UrlSigner::derive(b"a secret of some length, 32 bytes+");
        let sig = signer.sign("lesson-video\nL1\nkey-a.mp4", 2000);
        assert!(signer.check("lesson-video\nL1\nkey-a.mp4", 2000, &sig, 1999).is_ok());
        let refused = |r: ApiResult<()>| matches!(r, Err(ApiError::Forbidden(_)));
        assert!(refused(signer.check("lesson-video\nL1\nkey-a.mp4", 2000, &sig, 2001)), "expired");
        assert!(refused(signer.check("lesson-video\nL1\nkey-a.mp4", 2001, &sig, 0)), "another time");
        assert!(refused(signer.check("lesson-video\nL2\nkey-a.mp4", 2000, &sig, 0)), "another lesson");
        assert!(refused(signer.check("lesson-video\nL1\nkey-b.mp4", 2000, &sig, 0)), "a replaced file");
        assert!(refused(signer.check("lesson-video\nL1\nkey-a.mp4", 2000, "not base64!", 0)));
        let other = UrlSigner::derive(b"another secret of some length, 32+");
        assert!(refused(other.check("lesson-video\nL1\nkey-a.mp4", 2000, &sig, 0)), "another key");
    }
}
