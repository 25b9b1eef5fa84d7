//! What the server answers when no API handler takes a request: 405 for a known API path with another
//! method, a 404 problem for other API paths, and otherwise the web app: a file of the build, or the
//! page shell for deep links. Content-hashed files are cached for a year; the shell never.
//!
//! The shell is `index.html` as the build wrote it, filled in the visitor's language (the
//! `madani_lang` cookie the app sets, else `Accept-Language`, else French): `<html lang dir>`, the
//! header, navigation, footer and a skeleton in `{{t:key}}` placeholders, with the critical CSS
//! inline, so that it paints when the HTML arrives, before the WebAssembly. For a deep link it also
//! names the page's own modules (`routes.json`, written by the build) so that the browser fetches them
//! in parallel with the main module.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::{HttpRequest, HttpResponse, web};
use base64::Engine;
use madani_shared::text::Language;
use sha2::{Digest, Sha256};

use crate::error::ApiError;
use crate::http::routes::RouteTable;

pub const LANGUAGE_COOKIE: &str = "madani_lang";

pub struct WebDir {
    root: PathBuf,
    /// The shell of the build in the directory, with the time its `index.html` was written: a new
    /// build (`cargo xtask web` while the server runs) is read again, not served stale.
    shell: std::sync::RwLock<Option<(std::time::SystemTime, Arc<Shell>)>>,
}

impl WebDir {
    pub fn new(root: PathBuf) -> Self {
        let dir = WebDir { root, shell: std::sync::RwLock::new(None) };
        let _ = dir.shell();
        dir
    }

    /// The shell of the build now in the directory, if there is one.
    fn shell(&self) -> Option<Arc<Shell>> {
        let index = self.root.join("index.html");
        let written = std::fs::metadata(&index).and_then(|m| m.modified()).ok()?;
        if let Some((at, shell)) = self.shell.read().unwrap_or_else(|e| e.into_inner()).as_ref()
            && *at == written
        {
            return Some(shell.clone());
        }
        let template = std::fs::read_to_string(&index).ok()?;
        let routes = std::fs::read_to_string(self.root.join("routes.json")).unwrap_or_default();
        let shell = Arc::new(Shell::new(&template, &routes));
        *self.shell.write().unwrap_or_else(|e| e.into_inner()) = Some((written, shell.clone()));
        Some(shell)
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

/// A route of the app and the link tags that fetch its modules early.
struct RoutePreload {
    segments: Vec<String>,
    links: String,
}

struct Shell {
    /// The page in each language (`Language::ALL` order), with a `<!--preload-->` marker left in.
    pages: Vec<(Language, String)>,
    /// The app's policy with the inline style's hash allowed.
    csp: HeaderValue,
    routes: Vec<RoutePreload>,
}

impl Shell {
    fn new(template: &str, routes_json: &str) -> Self {
        let pages = Language::ALL.into_iter().map(|lang| (lang, fill(template, lang))).collect();
        let styles: String = template
            .split("<style>")
            .skip(1)
            .filter_map(|rest| rest.split_once("</style>").map(|(css, _)| css))
            .map(|css| format!(" 'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(Sha256::digest(css))))
            .collect();
        let csp =
            crate::http::middleware::CSP_APP.replacen("style-src 'self'", &format!("style-src 'self'{styles}"), 1);
        #[derive(serde::Deserialize)]
        struct Route {
            path: String,
            modules: Vec<String>,
        }
        let routes = serde_json::from_str::<Vec<Route>>(routes_json)
            .unwrap_or_default()
            .into_iter()
            .map(|r| RoutePreload {
                segments: r.path.split('/').filter(|s| !s.is_empty()).map(str::to_owned).collect(),
                links: r
                    .modules
                    .iter()
                    .map(|m| {
                        // A module is `application/wasm`; a pack of them is bytes the loader cuts up.
                        let kind = if m.ends_with(".wasm") { r#" type="application/wasm""# } else { "" };
                        format!(r#"<link rel="preload" href="{m}" as="fetch"{kind} crossorigin>"#)
                    })
                    .collect(),
            })
            .collect();
        Shell {
            pages,
            csp: HeaderValue::from_str(&csp).unwrap_or(HeaderValue::from_static("default-src 'self'")),
            routes,
        }
    }

    /// The route `path` opens: an exact segment beats a `:param` (`/associations/new` over `/associations/:id`).
    fn preloads(&self, path: &str) -> &str {
        let wanted: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        self.routes
            .iter()
            .filter(|r| {
                r.segments.len() == wanted.len()
                    && r.segments.iter().zip(&wanted).all(|(pattern, got)| pattern.starts_with(':') || pattern == got)
            })
            .max_by_key(|r| r.segments.iter().filter(|s| !s.starts_with(':')).count())
            .map_or("", |r| r.links.as_str())
    }

    fn render(&self, req: &HttpRequest) -> HttpResponse {
        let lang = language_of(req);
        let page = self.pages.iter().find(|(l, _)| *l == lang).map_or("", |(_, p)| p.as_str());
        let body = page.replacen("<!--preload-->", self.preloads(req.path()), 1);
        HttpResponse::Ok()
            .content_type("text/html; charset=utf-8")
            .insert_header((header::CACHE_CONTROL, "no-cache"))
            .insert_header((header::CONTENT_LANGUAGE, lang.code()))
            .insert_header((header::VARY, "cookie, accept-language, accept-encoding"))
            .insert_header((header::CONTENT_SECURITY_POLICY, self.csp.clone()))
            .body(body)
    }
}

/// `{{lang}}`, `{{dir}}` and every `{{t:key}}` in `lang` (HTML-escaped).
fn fill(template: &str, lang: Language) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find("}}") else { break };
        let name = &rest[start + 2..start + end];
        match name {
            "lang" => out.push_str(lang.code()),
            "dir" => out.push_str(if lang == Language::Ar { "rtl" } else { "ltr" }),
            _ => match name.strip_prefix("t:").and_then(|key| crate::locales::text(lang, key)) {
                Some(text) => out.push_str(&escape(text)),
                None => tracing::warn!(placeholder = name, "index.html names an unknown text"),
            },
        }
        rest = &rest[start + end + 2..];
    }
    out.push_str(rest);
    out
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The language the visitor chose in the app (its cookie), else the first of their browser's that
/// Madani speaks, by preference, else French.
fn language_of(req: &HttpRequest) -> Language {
    if let Some(lang) = req.cookie(LANGUAGE_COOKIE).and_then(|c| Language::parse(c.value())) {
        return lang;
    }
    let header = req.headers().get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let mut wanted: Vec<(f32, Language)> = header
        .split(',')
        .filter_map(|item| {
            let mut parts = item.trim().split(';');
            let tag = parts.next()?.trim();
            let lang = Language::parse(&tag.split(['-', '_']).next()?.to_ascii_lowercase())?;
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            (q > 0.0).then_some((q, lang))
        })
        .collect();
    // Stable: equal weights keep the header's order.
    wanted.sort_by(|a, b| b.0.total_cmp(&a.0));
    wanted.first().map_or(Language::Fr, |(_, lang)| *lang)
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
    if path == "/index.html"
        && let Some(shell) = web_dir.shell()
    {
        return Ok(shell.render(&req));
    }
    if let Some(file) = web_dir.file_for(path) {
        return serve_file(&req, &file).map_err(ApiError::internal);
    }
    // A path with an extension is a missing asset, not a page of the app.
    if Path::new(path).extension().is_some() {
        return Err(ApiError::RouteNotFound);
    }
    match web_dir.shell() {
        Some(shell) => Ok(shell.render(&req)),
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

    const TEMPLATE: &str = "<html lang=\"{{lang}}\" dir=\"{{dir}}\"><head><style>body{margin:0}</style><!--preload--></head>\
        <body><a href=\"/courses\">{{t:nav.courses}}</a></body></html>";
    const ROUTES: &str = r#"[{"path":"/associations","modules":["/split_a-0123abcd.wasm"]},
        {"path":"/associations/new","modules":["/pack_new-0123abcd.bin"]},
        {"path":"/associations/:id","modules":["/split_page-0123abcd.wasm","/split_common-0123abcd.wasm"]}]"#;

    fn body(res: HttpResponse) -> String {
        let bytes = actix_web::body::to_bytes(res.into_body());
        String::from_utf8(block_on(bytes).unwrap().to_vec()).unwrap()
    }

    fn block_on<F: std::future::Future>(f: F) -> F::Output {
        actix_web::rt::System::new().block_on(f)
    }

    #[test]
    fn the_shell_speaks_the_cookie_s_language_else_the_browser_s() {
        let shell = Shell::new(TEMPLATE, ROUTES);
        let ar = actix_web::test::TestRequest::get()
            .uri("/")
            .insert_header(("accept-language", "de-DE, ar-DZ;q=0.9, fr;q=0.8"))
            .to_http_request();
        let page = body(shell.render(&ar));
        assert!(page.contains(r#"<html lang="ar" dir="rtl">"#), "{page}");
        assert!(page.contains(&crate::locales::text(Language::Ar, "nav.courses").unwrap().to_string()));
        let weighted = actix_web::test::TestRequest::get()
            .uri("/")
            .insert_header(("accept-language", "fr;q=0.5, en;q=0.9"))
            .to_http_request();
        assert!(body(shell.render(&weighted)).contains(r#"lang="en" dir="ltr""#));
        let chosen = actix_web::test::TestRequest::get()
            .uri("/")
            .insert_header(("accept-language", "ar"))
            .cookie(actix_web::cookie::Cookie::new(LANGUAGE_COOKIE, "fr"))
            .to_http_request();
        let res = shell.render(&chosen);
        assert_eq!(res.headers().get(header::CONTENT_LANGUAGE).unwrap(), "fr");
        assert!(body(res).contains(r#"lang="fr""#));
        let nothing = actix_web::test::TestRequest::get()
            .uri("/")
            .insert_header(("accept-language", "de, *;q=0.1"))
            .to_http_request();
        assert!(body(shell.render(&nothing)).contains(r#"lang="fr""#));
    }

    #[test]
    fn the_shell_allows_its_own_inline_style_and_no_other() {
        let shell = Shell::new(TEMPLATE, "");
        let res = shell.render(&actix_web::test::TestRequest::get().uri("/").to_http_request());
        let csp = res.headers().get(header::CONTENT_SECURITY_POLICY).unwrap().to_str().unwrap().to_owned();
        let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest("body{margin:0}"));
        assert!(csp.contains(&format!("style-src 'self' 'sha256-{hash}';")), "{csp}");
        assert!(!csp.contains("unsafe-inline"));
    }

    #[test]
    fn a_deep_link_names_its_page_s_modules() {
        let shell = Shell::new(TEMPLATE, ROUTES);
        assert!(shell.preloads("/associations/new").contains("/pack_new-0123abcd.bin"));
        let page = shell.preloads("/associations/6b1c");
        assert!(page.contains("/split_page-0123abcd.wasm") && page.contains("/split_common-0123abcd.wasm"));
        assert!(shell.preloads("/associations").contains("/split_a-"));
        assert_eq!(shell.preloads("/"), "");
        assert_eq!(shell.preloads("/associations/6b1c/unknown"), "");
        let html = body(shell.render(&actix_web::test::TestRequest::get().uri("/associations/new").to_http_request()));
        assert!(
            html.contains(r#"<link rel="preload" href="/pack_new-0123abcd.bin" as="fetch" crossorigin></head>"#),
            "{html}"
        );
        let page = shell.preloads("/associations/1");
        assert!(
            page.contains(r#"href="/split_page-0123abcd.wasm" as="fetch" type="application/wasm" crossorigin"#),
            "{page}"
        );
    }

    #[test]
    fn a_new_build_s_shell_is_read_again() {
        let dir = std::env::temp_dir().join(format!("madani-shell-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("index.html"), "<title>{{t:app.name}} one</title>").unwrap();
        let web = WebDir::new(dir.clone());
        let req = actix_web::test::TestRequest::get().uri("/").to_http_request();
        assert!(body(web.shell().unwrap().render(&req)).contains("one"));
        // Another build, written a moment later.
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(dir.join("index.html"), "<title>{{t:app.name}} two</title>").unwrap();
        assert!(body(web.shell().unwrap().render(&req)).contains("two"));
        std::fs::remove_file(dir.join("index.html")).unwrap();
        assert!(web.shell().is_none(), "no build, no shell");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn recognises_hashed_names() {
        assert!(is_hashed(Path::new("madani-web-3fa2b8c91d0e4f12.wasm")));
        assert!(!is_hashed(Path::new("index.html")));
        assert!(!is_hashed(Path::new("site-logo.svg")));
    }
}
