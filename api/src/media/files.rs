//! Files attached to messages and to circles' posts: a picture (PNG, JPEG, WebP) or a PDF document,
//! recognised by its content (never by its name or the type the client claims), at most 10 MB;
//! received whole and stored under a fresh key, then served for download only, as what it was
//! recognised as, with its name.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};

use chrono::TimeDelta;
use diesel::QueryResult;
use madani_shared::ids::AttachmentId;
use madani_shared::messaging::Attachment;

use super::{FileHeaders, read_body, serve_file};
use crate::db::DbConn;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// Largest attached file, in bytes.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;

/// Files a member may upload in an hour, to conversations and circles together.
const UPLOADS_PER_HOUR: i64 = 100;

/// Count an upload of `user_id`'s (429 past [`UPLOADS_PER_HOUR`]).
pub fn count_upload(conn: &mut DbConn, user_id: &str) -> ApiResult<()> {
    crate::ratelimit::hit(conn, &format!("attachments:{user_id}"), UPLOADS_PER_HOUR, TimeDelta::hours(1))
}

/// Give a new message or post the uploads `ids`: `claim` takes them (deduplicated) and says how
/// many it took; 422 naming `attachment_ids` (with `unclaimed` as its message) unless it took
/// every one, and none was named twice.
pub fn claim_all(
    ids: &[AttachmentId],
    claim: impl FnOnce(&[String]) -> QueryResult<usize>,
    unclaimed: &str,
) -> ApiResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let mut wanted: Vec<String> = ids.iter().map(ToString::to_string).collect();
    wanted.sort_unstable();
    wanted.dedup();
    if wanted.len() != ids.len() || claim(&wanted)? != ids.len() {
        return Err(ApiError::field("attachment_ids", "unknown", unclaimed));
    }
    Ok(())
}

/// A stored file as the API shows it, read at `{base}/{id}`.
pub fn attachment(id: &str, name: &str, content_type: &str, size: i64, base: &str) -> Attachment {
    Attachment {
        id: AttachmentId::stored(id),
        name: name.to_owned(),
        content_type: content_type.to_owned(),
        size,
        url: format!("{base}/{id}"),
    }
}

/// What a file is by its content: its type and extension; none for another kind (an SVG, which can
/// carry script, an executable, an HTML page).
pub fn sniff_file(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    if let Some((kind, _, _)) = crate::storage::sniff_image(bytes) {
        return Some((kind.mime(), kind.extension()));
    }
    bytes.starts_with(b"%PDF-").then_some(("application/pdf", "pdf"))
}

/// A file received and stored, to record.
pub struct ReceivedFile {
    pub key: String,
    pub content_type: &'static str,
    pub size: usize,
}

/// Read the body as a file (a 413 naming `file` past [`MAX_FILE_BYTES`], a 422 when it is empty or
/// not a picture or PDF) and store it under `<folder>/<fresh id>.<extension>`.
pub async fn receive_file(state: &AppState, payload: web::Payload, folder: &str) -> ApiResult<ReceivedFile> {
    let bytes = read_body(payload, "file", MAX_FILE_BYTES).await?;
    if bytes.is_empty() {
        return Err(ApiError::field("file", "required", "send the file's bytes as the body"));
    }
    let (content_type, extension) = sniff_file(&bytes).ok_or_else(|| {
        ApiError::field("file", "not_allowed", "must be a PNG, JPEG or WebP picture or a PDF document")
    })?;
    let key = format!("{folder}/{}.{extension}", uuid::Uuid::now_v7().simple());
    let (storage, stored_key, size) = (state.storage.clone(), key.clone(), bytes.len());
    web::block(move || storage.put(&stored_key, &bytes)).await?.map_err(ApiError::internal)?;
    Ok(ReceivedFile { key, content_type, size })
}

/// Serve an attached file: as the type it was recognised as (a stored key whose extension says
/// otherwise is a 404), privately cached, for download under its `name`.
pub async fn serve_attached(
    state: &AppState,
    req: &HttpRequest,
    key: String,
    content_type: &str,
    name: &str,
) -> ApiResult<HttpResponse> {
    let content_type = match content_type {
        "application/pdf" => "application/pdf",
        other => super::content_type(&key).filter(|t| *t == other).ok_or(ApiError::NotFound)?,
    };
    let etag = format!("\"{}\"", key.rsplit('/').next().unwrap_or_default());
    let headers = FileHeaders { content_type, etag, cache_control: "private, max-age=3600".to_owned() };
    let mut response = serve_file(state.storage.clone(), req, key, headers).await?;
    let disposition = format!("attachment; filename*=UTF-8''{}", percent_encode(name));
    if let Ok(value) = header::HeaderValue::from_str(&disposition) {
        response.headers_mut().insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

/// RFC 5987's encoding of a file name: unreserved characters as they are, every other byte as `%XX`.
fn percent_encode(name: &str) -> String {
    name.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_file_is_what_its_content_says() {
        assert_eq!(super::sniff_file(b"%PDF-1.7\n..."), Some(("application/pdf", "pdf")));
        assert_eq!(super::sniff_file(b"<svg xmlns='http://www.w3.org/2000/svg'/>"), None);
        assert_eq!(super::sniff_file(b"MZ\x90\x00"), None);
    }

    #[test]
    fn a_name_is_percent_encoded() {
        assert_eq!(super::percent_encode("compte rendu é.pdf"), "compte%20rendu%20%C3%A9.pdf");
    }
}
