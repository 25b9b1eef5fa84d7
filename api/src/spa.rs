//! What the server answers when no API handler takes a request: 405 for a known API path with another
//! method, a 404 problem for other API paths, and otherwise the web app: a file of the build, or
//! `index.html` for deep links. Content-hashed files are cached for a year; `index.html` never.

use std::path::{Component, Path, PathBuf};

use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::{HttpRequest, HttpResponse, web};

use crate::error::ApiError;
use crate::http::routes::RouteTable;

pub struct WebDir {
    root: PathBuf,
}

impl WebDir {
    pub fn new(root: PathBuf) -> Self {
        WebDir { root }
    }

    /// The file for a URL path, refusing anything that would leave the root.
    fn file_for(&self, url_path: &str) -> Option<PathBuf> {
        let relative = Path::new(url_path.trim_start_matches('/'));
        if relative.components().any(|c| !matches!(c, Component::Normal(_))) {
            return None;
        }
        let path = self.root.join(relative);
        path.is_file().then_some(path)
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" | "webmanifest" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// `name-<16 hex>.ext`: a build output whose name changes with its content.
fn is_hashed(path: &Path) -> bool {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    stem.rsplit_once('-').is_some_and(|(_, hash)| hash.len() >= 8 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn serve_file(req: &HttpRequest, path: &Path) -> std::io::Result<HttpResponse> {
    let accepts_br = req
        .headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|e| e.trim().starts_with("br")));
    let br = PathBuf::from(format!("{}.br", path.display()));
    let mut response = HttpResponse::Ok();
    response.insert_header((header::CONTENT_TYPE, content_type(path)));
    response.insert_header((header::VARY, "accept-encoding"));
    response.insert_header((
        header::CACHE_CONTROL,
        if is_hashed(path) { "public, max-age=31536000, immutable" } else { "no-cache" },
    ));
    let body = if accepts_br && br.is_file() {
        response.insert_header((header::CONTENT_ENCODING, HeaderValue::from_static("br")));
        std::fs::read(br)?
    } else {
        std::fs::read(path)?
    };
    Ok(response.body(body))
}

pub async fn fallback(
    req: HttpRequest,
    table: web::Data<RouteTable>,
    web_dir: web::Data<WebDir>,
) -> Result<HttpResponse, ApiError> {
    let path = req.path();
    if let Some(allow) = table.methods_for(path) {
        return Err(ApiError::MethodNotAllowed { allow });
    }
    if path == "/api" || path.starts_with("/api/") || !(req.method() == Method::GET || req.method() == Method::HEAD) {
        return Err(ApiError::RouteNotFound);
    }
    if let Some(file) = web_dir.file_for(path) {
        return serve_file(&req, &file).map_err(ApiError::internal);
    }
    // A path with an extension is a missing asset, not a page of the app.
    if Path::new(path).extension().is_some() {
        return Err(ApiError::RouteNotFound);
    }
    match web_dir.file_for("index.html") {
        Some(index) => serve_file(&req, &index).map_err(ApiError::internal),
        None => Ok(HttpResponse::build(StatusCode::OK)
            .content_type("text/html; charset=utf-8")
            .insert_header((header::CACHE_CONTROL, "no-cache"))
            .body(NO_BUILD_PAGE)),
    }
}

/// Shown when the server runs without a built web app (API-only deployments, `cargo run` alone).
const NO_BUILD_PAGE: &str = r#"<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Madani</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5">
<h1>Madani · مدني</h1>
<p lang="fr">Le serveur fonctionne, mais l'application web n'est pas construite. Lancez <code>cargo xtask run</code>, ou consultez l'API sur <a href="/api/docs/">/api/docs</a>.</p>
<p lang="en">The server is running, but the web app is not built. Run <code>cargo xtask run</code>, or browse the API at <a href="/api/docs/">/api/docs</a>.</p>
<p lang="ar" dir="rtl">الخادم يعمل، لكن تطبيق الويب غير مبنيّ. شغّل <code dir="ltr">cargo xtask run</code>، أو تصفّح الواجهة البرمجية على <a href="/api/docs/">‎/api/docs</a>.</p>
</body></html>"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_that_leave_the_root() {
        let dir = WebDir::new(PathBuf::from("/etc"));
        assert!(dir.file_for("/../etc/passwd").is_none());
        assert!(dir.file_for("/./passwd").is_none());
        assert!(dir.file_for("/passwd").is_some());
    }

    #[test]
    fn recognises_hashed_names() {
        assert!(is_hashed(Path::new("madani-web-3fa2b8c91d0e4f12.wasm")));
        assert!(!is_hashed(Path::new("index.html")));
        assert!(!is_hashed(Path::new("site-logo.svg")));
    }
}
