//! Handlers of the public directory: `GET /associations` (search) and `GET /associations/export`.

use actix_web::http::header::{self, Header};
use actix_web::{HttpRequest, HttpResponse, get, web};
use futures_util::StreamExt;
use madani_shared::associations::*;

use super::cache::{Answer, Coding};
use super::service;
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::http::ValidQuery;
use crate::openapi::errors::{Errors, TooManyRequests};
use crate::state::State;

/// Search the directory
///
/// Public. Full-text search over names, acronym and description in all languages (case, Latin
/// accents, Arabic diacritics and letter variants do not matter; each word matches the start of a
/// word), filters, facet counts over all results, and cursor pagination that stays stable while
/// associations are added. Rejected and suspended associations are never listed.
#[utoipa::path(tag = "associations", params(ListAssociationsQuery), responses((status = 200, description = "A page of results with facet counts", body = DirectoryPage)), security(()))]
#[get("/associations")]
pub async fn list_associations(
    state: State,
    req: HttpRequest,
    query: ValidQuery<ListAssociationsQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.0;
    // The same for everyone: answered from the cache when it was asked lately, as it was sent then
    // (compressed once for each coding clients ask for).
    let key = serde_json::to_string(&q).map_err(ApiError::internal)?;
    let coding = coding(&req);
    let json = |answer: std::sync::Arc<Answer>| {
        let mut response = HttpResponse::Ok();
        response.content_type("application/json").insert_header((header::VARY, "Accept-Encoding"));
        if let Some(value) = coding.header() {
            response.insert_header((header::CONTENT_ENCODING, value));
        }
        response.body(answer.body(coding))
    };
    let cache = state.directory.clone();
    let flight = cache.flight(&key);
    let _computing = match cache.lookup(&key) {
        _ if !cache.enabled() => None,
        Some((body, true)) => return Ok(json(body)),
        // Past its time: one request refreshes it, the others keep the previous answer meanwhile.
        Some((body, false)) => match flight.try_lock() {
            Ok(guard) => Some(guard),
            Err(_) => return Ok(json(body)),
        },
        // Missing: one request computes it; the others wait for that one and take its answer (or,
        // if a write made it stale meanwhile, compute their own side by side).
        None => match flight.try_lock() {
            Ok(guard) => Some(guard),
            Err(_) => {
                drop(flight.lock().await);
                if let Some(body) = cache.get(&key) {
                    return Ok(json(body));
                }
                None
            }
        },
    };
    let generation = cache.generation();
    // The index answers from memory; the database only when the index is due to read what changed.
    let index = state.directory_index.clone();
    if index.due() {
        let index = index.clone();
        state.db(move |conn| index.sync(conn)).await?;
    }
    let page = service::directory::search(&index, q)?;
    let body = web::Bytes::from(serde_json::to_vec(&page).map_err(ApiError::internal)?);
    if !cache.enabled() {
        // Nothing kept: the compression middleware encodes it as it goes out.
        return Ok(HttpResponse::Ok().content_type("application/json").body(body));
    }
    let answer = Answer::new(body);
    cache.put(key, generation, answer.clone());
    Ok(json(answer))
}

/// The coding to send a cached answer in, from `Accept-Encoding` (brotli, then gzip, when the
/// client takes them).
fn coding(req: &HttpRequest) -> Coding {
    let Ok(accept) = header::AcceptEncoding::parse(req) else { return Coding::Identity };
    let offered = [header::Encoding::brotli(), header::Encoding::gzip(), header::Encoding::identity()];
    match accept.negotiate(offered.iter()) {
        Some(e) if e == header::Encoding::brotli() => Coding::Brotli,
        Some(e) if e == header::Encoding::gzip() => Coding::Gzip,
        _ => Coding::Identity,
    }
}

/// Export the directory
///
/// Public. Every association the search returns for the same filters (at most 200,000), in name
/// order, with public data only, as CSV (RFC 4180, UTF-8) or JSON, sent as it is read (the download
/// starts at once). The columns are described in `docs/data-dictionary.md`. Anonymous clients get
/// 10 exports an hour per address; too many, or too many exports at once, are answered 429: retry
/// after `Retry-After` seconds.
#[utoipa::path(tag = "associations", params(ExportAssociationsQuery), responses((status = 200, description = "The export, as an attachment", content((String = "text/csv", example = "id,registration_number,name_ar,name_fr,name_en,acronym,category,fields,wilaya_code,commune_id,size,status,email,phone,website,created_at\r\n"), (Vec<ExportedAssociation> = "application/json") )), Errors<TooManyRequests>), security(()))]
#[get("/associations/export")]
pub async fn export_associations(
    state: State,
    req: HttpRequest,
    user: Option<AuthUser>,
    query: ValidQuery<ExportAssociationsQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.0;
    // A whole-registry export is heavy: a few at a time, the others asked to come back.
    let permit = state.exports.clone().try_acquire_owned().map_err(|_| {
        tracing::warn!("refused: too many directory exports at once");
        ApiError::TooManyRequests { retry_after_secs: 10 }
    })?;
    // Counted per address for anonymous clients; signed-in members are known.
    if user.is_none() {
        let ip = state.client_ip(&req);
        state.db(move |conn| service::directory::count_anonymous_export(conn, &ip)).await?;
    }
    let format = q.format.unwrap_or(ExportFormat::Csv);
    // Written and sent in pieces by a blocking thread holding one connection (and the permit)
    // until the end; a reader that goes away stops it.
    let (sender, mut pieces) = tokio::sync::mpsc::channel::<ApiResult<web::Bytes>>(4);
    let pool = state.pool.clone();
    actix_web::rt::task::spawn_blocking(move || {
        let _permit = permit;
        let written = pool.get().map_err(ApiError::from).and_then(|mut conn| {
            service::directory::export(&mut conn, q, format, |piece| sender.blocking_send(Ok(piece)).is_ok())
        });
        if let Err(e) = written {
            let _ = sender.blocking_send(Err(e));
        }
    });
    // The first piece decides the status: a failure before it is a problem answer.
    let first = pieces.recv().await.unwrap_or_else(|| Err(ApiError::internal("the export stopped")))?;
    let rest = futures_util::stream::unfold(pieces, |mut pieces| async move {
        let piece = pieces.recv().await?.map_err(|e| {
            tracing::error!(error = %e, "a directory export failed while sent");
            actix_web::error::ErrorInternalServerError("the export failed")
        });
        Some((piece, pieces))
    });
    let body = futures_util::stream::once(async move { Ok::<_, actix_web::Error>(first) }).chain(rest);
    let stamp = chrono::Utc::now().format("%Y%m%d");
    let ext = if format == ExportFormat::Json { "json" } else { "csv" };
    let content_type = if format == ExportFormat::Json { "application/json" } else { "text/csv; charset=utf-8" };
    Ok(HttpResponse::Ok()
        .content_type(content_type)
        .insert_header(("content-disposition", format!("attachment; filename=\"madani-associations-{stamp}.{ext}\"")))
        .streaming(body))
}
