//! Handlers of `/imports`: starting an import of associations from CSV, and following it.

use actix_web::{HttpResponse, get, post, web};
use futures_util::StreamExt;
use madani_shared::Problem;
use madani_shared::associations::*;
use madani_shared::ids::ImportId;

use super::parse::parse_csv;
use super::service::{self, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS};
use crate::associations::access;
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::http::ValidQuery;
use crate::openapi::errors::{Errors, NotFound, NotStaff};
use crate::state::{Answer, State};

/// Import associations from CSV
///
/// Observatory staff and administrators. The body is the CSV file (UTF-8, a header row, at most
/// 10 MB and 50,000 rows; columns in the module documentation and `docs/data-dictionary.md`). The
/// answer comes at once (202) with the job; follow it with `GET /api/v1/imports/{id}` until it is
/// `succeeded` or `failed`. With `dry_run=true` nothing is written; otherwise it is all rows or
/// none: one wrong row fails the import, with every wrong cell in `errors`.
#[utoipa::path(tag = "verification", params(ImportQuery), request_body(content = String, description = "The CSV file", content_type = "text/csv", example = "registration_number,name_ar,name_fr,category,fields,wilaya_code,commune_id,size\r\n16/2019/0421,جمعية الأمل,Association El Amel,wilaya,youth;education,16,,small\r\n"), responses((status = 202, description = "Started; follow it with GET /api/v1/imports/{id}", body = ImportJob), Errors<NotStaff>, (status = 413, description = "Larger than 10 MB; `errors` names `file`", body = Problem, content_type = "application/problem+json"), (status = 422, description = "Not UTF-8 CSV, empty, or more than 50,000 rows; `errors` names `file`", body = Problem, content_type = "application/problem+json")), security(("bearer" = [])))]
#[post("/imports/associations")]
pub async fn import_associations(
    state: State,
    user: AuthUser,
    query: ValidQuery<ImportQuery>,
    mut payload: web::Payload,
) -> ApiResult<HttpResponse> {
    access::require_staff(&user)?;
    let mut bytes = Vec::new();
    let mut seen = 0usize;
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| ApiError::field("file", "unreadable", &format!("could not be read: {e}")))?;
        seen += chunk.len();
        if seen <= MAX_IMPORT_BYTES {
            bytes.extend_from_slice(&chunk);
        } else if seen > 2 * MAX_IMPORT_BYTES {
            break;
        }
    }
    if seen > MAX_IMPORT_BYTES {
        return Err(ApiError::FileTooLarge { field: "file", limit: MAX_IMPORT_BYTES });
    }
    let text = String::from_utf8(bytes).map_err(|_| ApiError::field("file", "encoding", "must be UTF-8 text"))?;
    // Parsing a large file is work: off the request threads.
    let records = web::block(move || parse_csv(&text, MAX_IMPORT_ROWS + 1))
        .await
        .map_err(ApiError::internal)?
        .map_err(|(row, code, why)| ApiError::field("file", code, &format!("row {row}: {why}")))?;
    if records.len() < 2 {
        return Err(ApiError::field("file", "empty", "needs a header row and at least one association"));
    }
    let dry_run = query.0.dry_run.unwrap_or(false);
    let total_rows = records.len() as i64 - 1;
    let actor = user.id.clone();
    let job = state.db(move |conn| service::start(conn, &actor, dry_run, total_rows)).await?;
    let answer = job.to_api();
    service::spawn(state.pool.clone(), state.directory.clone(), job, user.id, records);
    Ok(HttpResponse::Accepted().json(answer))
}

/// How an import is going
///
/// Staff. `processed_rows` of `total_rows` have been checked; the report is final once `status` is
/// `succeeded` or `failed`.
#[utoipa::path(tag = "verification", params(("id" = ImportId, Path, description = "The import id")), responses((status = 200, description = "The import", body = ImportJob), Errors<(NotFound, NotStaff)>), security(("bearer" = [])))]
#[get("/imports/{id}")]
pub async fn get_import(state: State, user: AuthUser, path: web::Path<ImportId>) -> Answer<ImportJob> {
    access::require_staff(&user)?;
    let id = path.into_inner().to_string();
    Ok(web::Json(state.db(move |conn| service::get(conn, &id)).await?))
}
