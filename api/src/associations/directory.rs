//! Handlers of the public directory: `GET /associations` (search) and `GET /associations/export`.

use actix_web::{HttpRequest, HttpResponse, get, web};
use madani_shared::associations::*;

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
pub async fn list_associations(state: State, query: ValidQuery<ListAssociationsQuery>) -> ApiResult<HttpResponse> {
    let q = query.0;
    // The same for everyone: answered from the cache when it was asked lately.
    let key = serde_json::to_string(&q).map_err(ApiError::internal)?;
    let json = |body| HttpResponse::Ok().content_type("application/json").body(body);
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
    let index = state.directory_index.clone();
    let page = state.db(move |conn| service::directory::search(conn, &index, q)).await?;
    let body = web::Bytes::from(serde_json::to_vec(&page).map_err(ApiError::internal)?);
    cache.put(key, generation, body.clone());
    Ok(json(body))
}

/// Export the directory
///
/// Public. Every association the search returns for the same filters, in name order, with public
/// data only, as CSV (RFC 4180, UTF-8) or JSON. The columns are described in
/// `docs/data-dictionary.md`. Anonymous clients get 10 exports an hour per address; too many, or
/// too many exports at once, are answered 429: retry after `Retry-After` seconds.
#[utoipa::path(tag = "associations", params(ExportAssociationsQuery), responses((status = 200, description = "The export, as an attachment", content((String = "text/csv", example = "id,registration_number,name_ar,name_fr,name_en,acronym,category,fields,wilaya_code,commune_id,size,status,email,phone,website,created_at\r\n"), (Vec<ExportedAssociation> = "application/json") )), Errors<TooManyRequests>), security(()))]
#[get("/associations/export")]
pub async fn export_associations(
    state: State,
    req: HttpRequest,
    user: Option<AuthUser>,
    query: ValidQuery<ExportAssociationsQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.0;
    // Counted per address for anonymous clients; signed-in members are known.
    let anonymous_from = user.is_none().then(|| state.client_ip(&req));
    // A whole-registry export is heavy: a few at a time, the others asked to come back.
    let _permit = state.exports.clone().try_acquire_owned().map_err(|_| {
        tracing::warn!("refused: too many directory exports at once");
        ApiError::TooManyRequests { retry_after_secs: 10 }
    })?;
    let format = q.format.unwrap_or(ExportFormat::Csv);
    let list = state.db(move |conn| service::directory::export(conn, q, anonymous_from.as_deref())).await?;
    let stamp = chrono::Utc::now().format("%Y%m%d");
    let attachment =
        |ext: &str| ("content-disposition", format!("attachment; filename=\"madani-associations-{stamp}.{ext}\""));
    Ok(match format {
        ExportFormat::Json => HttpResponse::Ok().insert_header(attachment("json")).json(list),
        ExportFormat::Csv => HttpResponse::Ok()
            .content_type("text/csv; charset=utf-8")
            .insert_header(attachment("csv"))
            .body(service::directory::to_csv(&list)),
    })
}
