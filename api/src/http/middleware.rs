//! One middleware around every request: a request id (kept from `x-request-id` when sane), a tracing
//! span, one log line per request, and the security headers.

use std::time::Instant;

use actix_web::Error;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use tracing::Instrument;

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The CSP for the app: same-origin only; WASM needs `wasm-unsafe-eval`.
pub(crate) const CSP_APP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
    img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; \
    frame-src https://www.youtube-nocookie.com https://player.vimeo.com https://www.dailymotion.com; \
    base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
/// Swagger UI sets inline styles.
const CSP_DOCS: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
    img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

#[derive(Clone, Copy)]
pub struct HeaderPolicy {
    pub hsts: bool,
}

pub async fn frame(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let request_id = req
        .headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty() && v.len() <= 64 && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        .map(str::to_owned)
        .unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
    let policy = req.app_data::<HeaderPolicy>().copied().unwrap_or(HeaderPolicy { hsts: false });
    let method = req.method().clone();
    let path = req.path().to_owned();
    let docs = path.starts_with("/api/docs");
    let span = tracing::info_span!("request", id = %request_id, %method, %path);
    let started = Instant::now();

    let mut res = next.call(req).instrument(span.clone()).await?;

    let status = res.status().as_u16();
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    span.in_scope(|| {
        if status >= 500 {
            tracing::error!(status, ms, "request failed");
        } else {
            tracing::info!(status, ms, "request");
        }
    });

    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&request_id) {
        h.insert(REQUEST_ID, v);
    }
    let set = |h: &mut header::HeaderMap, name: HeaderName, value: &'static str| {
        if !h.contains_key(&name) {
            h.insert(name, HeaderValue::from_static(value));
        }
    };
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::REFERRER_POLICY, "strict-origin-when-cross-origin");
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(h, HeaderName::from_static("cross-origin-opener-policy"), "same-origin");
    set(h, HeaderName::from_static("permissions-policy"), "camera=(), microphone=(), geolocation=()");
    set(h, header::CONTENT_SECURITY_POLICY, if docs { CSP_DOCS } else { CSP_APP });
    if policy.hsts {
        set(h, header::STRICT_TRANSPORT_SECURITY, "max-age=63072000; includeSubDomains");
    }
    if path.starts_with("/api/") && !docs {
        set(h, header::CACHE_CONTROL, "no-store");
    }
    Ok(res)
}
