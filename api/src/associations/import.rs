//! Bulk import of associations from CSV by observatory staff. The file is checked row by row (with
//! progress kept in the database, so any instance can report it), and then, unless it is a dry run
//! or any row is wrong, written in one transaction: all rows or none.
//!
//! Columns (a header row names them, in any order): `registration_number`, `name_ar`, `name_fr`,
//! `name_en`, `acronym`, `category`, `fields` (separated by `;`), `wilaya_code`, `commune_id`,
//! `address`, `founded_on` (YYYY-MM-DD), `size`, `description_ar`, `description_fr`,
//! `description_en`, `email`, `phone`, `website`, `contacts_public` (true/false). The directory
//! export's own columns `id`, `status` and `created_at` are accepted and ignored, so an export can
//! be imported elsewhere. Imported associations are verified (they come from the official
//! registry) and have no members until their officers are invited.

use std::collections::HashMap;

use actix_web::{HttpResponse, get, post, web};
use chrono::NaiveDate;
use diesel::prelude::*;
use futures_util::StreamExt;
use madani_shared::associations::*;
use madani_shared::auth::Role;
use madani_shared::{LocalizedText, Problem};
use validator::Validate;

use super::cache::DirectoryCache;
use super::handlers::{check_place, insert_association};
use super::repo;
use super::rows::AuditRow;
use crate::auth::AuthUser;
use crate::db::schema::{associations, import_jobs};
use crate::db::{DbConn, DbPool, new_id, now, to_utc};
use crate::error::{ApiError, ApiResult};
use crate::http::ValidQuery;
use crate::startup::AppState;

/// Largest file, in bytes.
pub const MAX_IMPORT_BYTES: usize = 10 * 1024 * 1024;
/// Most data rows in one file.
pub const MAX_IMPORT_ROWS: usize = 50_000;
/// Row errors kept in the report.
const MAX_ERRORS: usize = 1_000;
/// Progress is written every this many rows.
const PROGRESS_EVERY: usize = 250;

const STAFF: &[Role] = Role::STAFF;
const KNOWN: &[&str] = &[
    "registration_number",
    "name_ar",
    "name_fr",
    "name_en",
    "acronym",
    "category",
    "fields",
    "wilaya_code",
    "commune_id",
    "address",
    "founded_on",
    "size",
    "description_ar",
    "description_fr",
    "description_en",
    "email",
    "phone",
    "website",
    "contacts_public",
    // The export's own columns, ignored.
    "id",
    "status",
    "created_at",
];
const REQUIRED: &[&str] = &["registration_number", "category", "fields", "wilaya_code", "size"];

#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = import_jobs)]
pub struct ImportJobRow {
    pub id: String,
    pub created_by: Option<String>,
    pub dry_run: bool,
    pub status: String,
    pub total_rows: i64,
    pub processed_rows: i64,
    pub created_count: i64,
    pub errors: String,
    pub created_at: chrono::NaiveDateTime,
    pub finished_at: Option<chrono::NaiveDateTime>,
}

impl ImportJobRow {
    fn to_api(&self) -> ImportJob {
        ImportJob {
            id: self.id.clone(),
            status: ImportStatus::parse(&self.status).unwrap_or(ImportStatus::Failed),
            dry_run: self.dry_run,
            total_rows: self.total_rows,
            processed_rows: self.processed_rows,
            created: self.created_count,
            errors: serde_json::from_str(&self.errors).unwrap_or_default(),
            created_at: to_utc(self.created_at),
            finished_at: self.finished_at.map(to_utc),
        }
    }
}

/// A record of the file with the line it starts on.
pub type Record = (u32, Vec<String>);
/// Where the file cannot be read as CSV: the line, a code (`malformed_csv`, `too_many_rows`,
/// `too_many_columns`, `cell_too_long`) and why.
pub type CsvError = (u32, &'static str, String);
/// Most columns in a row, and bytes in a cell (10,000 Arabic letters): a file is refused before
/// it can fill memory.
pub const MAX_COLUMNS: usize = 64;
pub const MAX_CELL_BYTES: usize = 20_000;
/// (field, code, message) of a problem with a place.
type PlaceError = (String, String, String);

/// The records of an RFC 4180 file (quoted fields, `""` inside quotes, CRLF or LF), without a
/// leading byte-order mark; blank lines are skipped. An unclosed quote is an error on its row; so
/// are more than `max_records` records, [`MAX_COLUMNS`] cells or [`MAX_CELL_BYTES`] bytes in a cell.
pub fn parse_csv(text: &str, max_records: usize) -> Result<Vec<Record>, CsvError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = Vec::new();
    let mut record: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut line: u32 = 1;
    let mut start_line = 1;
    let mut chars = text.chars().peekable();
    let mut any = false;
    while let Some(c) = chars.next() {
        if field.len() > MAX_CELL_BYTES {
            return Err((start_line, "cell_too_long", format!("a cell is longer than {MAX_CELL_BYTES} bytes")));
        }
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => {
                quoted = true;
                any = true;
            }
            ',' => {
                record.push(std::mem::take(&mut field));
                any = true;
                if record.len() >= MAX_COLUMNS {
                    return Err((start_line, "too_many_columns", format!("a row has more than {MAX_COLUMNS} columns")));
                }
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                if any || !field.is_empty() {
                    record.push(std::mem::take(&mut field));
                    records.push((start_line, std::mem::take(&mut record)));
                    if records.len() > max_records {
                        return Err((start_line, "too_many_rows", format!("has more than {} rows", max_records - 1)));
                    }
                }
                any = false;
                line += 1;
                start_line = line;
            }
            _ => {
                field.push(c);
                any = true;
            }
        }
    }
    if quoted {
        return Err((start_line, "malformed_csv", "a quoted field is not closed".into()));
    }
    if any || !field.is_empty() {
        record.push(field);
        records.push((start_line, record));
        if records.len() > max_records {
            return Err((start_line, "too_many_rows", format!("has more than {} rows", max_records - 1)));
        }
    }
    Ok(records)
}

fn row_error(row: u32, field: &str, code: &str, message: impl Into<String>) -> ImportRowError {
    ImportRowError { row, field: field.to_owned(), code: code.to_owned(), message: message.into() }
}

/// A data row as a registration request, or what is wrong with its cells.
fn to_request(row: u32, cell: &dyn Fn(&str) -> Option<String>) -> Result<CreateAssociation, Vec<ImportRowError>> {
    let mut errors = Vec::new();
    let mut parsed = |column: &str, f: &dyn Fn(&str) -> bool, what: &str| {
        if let Some(v) = cell(column)
            && !f(&v)
        {
            errors.push(row_error(row, column, "invalid_value", format!("{v:?} is not {what}")));
        }
    };
    parsed("category", &|v| Category::parse(v).is_some(), "a category (national, inter_wilaya, wilaya, communal)");
    parsed("size", &|v| SizeBand::parse(v).is_some(), "a size band (tiny, small, medium, large, very_large)");
    parsed("commune_id", &|v| v.parse::<i32>().is_ok(), "a commune number");
    parsed("founded_on", &|v| NaiveDate::parse_from_str(v, "%Y-%m-%d").is_ok(), "a date (YYYY-MM-DD)");
    parsed("contacts_public", &|v| parse_bool(v).is_some(), "true or false");
    parsed(
        "fields",
        &|v| v.split([';', '|']).map(str::trim).filter(|f| !f.is_empty()).all(|f| Field::parse(f).is_some()),
        "a list of fields of activity separated by ;",
    );
    for column in ["registration_number", "category", "fields", "wilaya_code", "size"] {
        if cell(column).is_none() {
            errors.push(row_error(row, column, "required", "is empty"));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let public = cell("contacts_public").and_then(|v| parse_bool(&v)).unwrap_or(false);
    let contact = |column: &str| cell(column).map(|value| ContactItem { value, public });
    let request = CreateAssociation {
        name: LocalizedText { ar: cell("name_ar"), fr: cell("name_fr"), en: cell("name_en") },
        acronym: cell("acronym"),
        registration_number: cell("registration_number").unwrap_or_default(),
        category: cell("category").and_then(|v| Category::parse(&v)).unwrap_or(Category::Wilaya),
        fields: cell("fields")
            .unwrap_or_default()
            .split([';', '|'])
            .filter_map(|f| Field::parse(f.trim()))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect(),
        wilaya_code: cell("wilaya_code").unwrap_or_default(),
        commune_id: cell("commune_id").and_then(|v| v.parse().ok()),
        address: cell("address"),
        founded_on: cell("founded_on").and_then(|v| NaiveDate::parse_from_str(&v, "%Y-%m-%d").ok()),
        size: cell("size").and_then(|v| SizeBand::parse(&v)).unwrap_or(SizeBand::Small),
        description: LocalizedText {
            ar: cell("description_ar"),
            fr: cell("description_fr"),
            en: cell("description_en"),
        },
        email: contact("email"),
        phone: contact("phone"),
        website: contact("website"),
        social_links: vec![],
    };
    if let Err(e) = request.validate() {
        let columns = |field: &str| -> &'static str {
            match field.split(['.', '[']).next().unwrap_or(field) {
                "name" => "name_fr",
                "description" => "description_fr",
                "acronym" => "acronym",
                "registration_number" => "registration_number",
                "fields" => "fields",
                "wilaya_code" => "wilaya_code",
                "address" => "address",
                "email" => "email",
                "phone" => "phone",
                "website" => "website",
                _ => "row",
            }
        };
        return Err(madani_shared::error::field_errors(&e)
            .into_iter()
            .map(|f| row_error(row, columns(&f.field), &f.code, f.message))
            .collect());
    }
    Ok(request)
}

fn parse_bool(v: &str) -> Option<bool> {
    match v.to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "oui" | "نعم" => Some(true),
        "false" | "0" | "no" | "non" | "لا" => Some(false),
        _ => None,
    }
}

/// Why writing the rows stopped (the transaction is rolled back either way).
enum WriteError {
    /// The row's registration number was registered since it was checked.
    Taken(u32),
    Api(ApiError),
}

impl From<diesel::result::Error> for WriteError {
    fn from(e: diesel::result::Error) -> Self {
        WriteError::Api(e.into())
    }
}

/// End a job that stopped without finishing (a panic, or a restart of its instance).
fn interrupt(conn: &mut DbConn, id: &str) -> QueryResult<usize> {
    let errors = serde_json::to_string(&[row_error(
        0,
        "file",
        "interrupted",
        "the import stopped before the end; start it again",
    )])
    .unwrap_or_else(|_| "[]".into());
    diesel::update(import_jobs::table.find(id).filter(import_jobs::status.eq_any(["validating", "writing"])))
        .set((
            import_jobs::status.eq(ImportStatus::Failed.as_str()),
            import_jobs::errors.eq(errors),
            import_jobs::finished_at.eq(Some(now())),
        ))
        .execute(conn)
}

/// An import still running after this long has died with its instance (the largest file takes
/// minutes).
const ABANDONED_AFTER_MINUTES: i64 = 60;

fn save(conn: &mut DbConn, job: &ImportJobRow) -> QueryResult<usize> {
    diesel::update(import_jobs::table.find(&job.id)).set(job).execute(conn)
}

/// Check every row, then write them all in one transaction (unless `job.dry_run` or an error).
/// Runs on a blocking thread; the job row tells how far it got.
fn run(pool: &DbPool, directory: &DirectoryCache, mut job: ImportJobRow, actor: String, records: Vec<Record>) {
    let result = (|| -> ApiResult<()> {
        let mut conn = pool.get()?;
        let mut errors: Vec<ImportRowError> = Vec::new();
        let push = |errors: &mut Vec<ImportRowError>, new: Vec<ImportRowError>| {
            let room = MAX_ERRORS.saturating_sub(errors.len());
            errors.extend(new.into_iter().take(room));
        };
        let mut records = records.into_iter();
        let (_, header) = records.next().unwrap_or_default();
        let header: Vec<String> = header.iter().map(|h| h.trim().to_ascii_lowercase()).collect();
        let index: HashMap<&str, usize> = header.iter().enumerate().map(|(i, h)| (h.as_str(), i)).collect();
        for h in &header {
            if !KNOWN.contains(&h.as_str()) {
                push(&mut errors, vec![row_error(1, h, "unknown_column", "is not a column Madani knows")]);
            }
        }
        for column in REQUIRED {
            if !index.contains_key(column) {
                push(&mut errors, vec![row_error(1, column, "missing_column", "this column is required")]);
            }
        }
        if !["name_ar", "name_fr", "name_en"].iter().any(|c| index.contains_key(c)) {
            push(&mut errors, vec![row_error(1, "name_fr", "missing_column", "give name_ar, name_fr or name_en")]);
        }
        let mut requests: Vec<(u32, CreateAssociation)> = Vec::new();
        let mut numbers: HashMap<String, u32> = HashMap::new();
        let mut checked_places: HashMap<(String, Option<i32>), Vec<PlaceError>> = HashMap::new();
        if errors.is_empty() {
            for (n, (row, cells)) in records.enumerate() {
                let cell = |column: &str| -> Option<String> {
                    index.get(column).and_then(|&i| cells.get(i)).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
                };
                match to_request(row, &cell) {
                    Err(e) => push(&mut errors, e),
                    Ok(request) => {
                        let place = (request.wilaya_code.clone(), request.commune_id);
                        if !checked_places.contains_key(&place) {
                            let found = match check_place(&mut conn, &place.0, place.1) {
                                Ok(()) => vec![],
                                Err(ApiError::Validation(fields)) => {
                                    fields.into_iter().map(|f| (f.field, f.code, f.message)).collect()
                                }
                                Err(e) => return Err(e),
                            };
                            checked_places.insert(place.clone(), found);
                        }
                        let place_errors = &checked_places[&place];
                        if !place_errors.is_empty() {
                            push(
                                &mut errors,
                                place_errors.iter().map(|(f, c, m)| row_error(row, f, c, m.clone())).collect(),
                            );
                        } else if let Some(first) = numbers.get(&request.registration_number) {
                            push(
                                &mut errors,
                                vec![row_error(
                                    row,
                                    "registration_number",
                                    "duplicate",
                                    format!("is also on row {first}"),
                                )],
                            );
                        } else {
                            numbers.insert(request.registration_number.clone(), row);
                            requests.push((row, request));
                        }
                    }
                }
                if (n + 1) % PROGRESS_EVERY == 0 {
                    job.processed_rows = n as i64 + 1;
                    save(&mut conn, &job)?;
                }
            }
            // Registration numbers already in the registry.
            let wanted: Vec<String> = numbers.keys().cloned().collect();
            for chunk in wanted.chunks(500) {
                let taken: Vec<String> = associations::table
                    .filter(associations::registration_number.eq_any(chunk))
                    .select(associations::registration_number)
                    .load(&mut conn)?;
                for number in taken {
                    let row = numbers[&number];
                    push(&mut errors, vec![row_error(row, "registration_number", "taken", "is already registered")]);
                }
            }
        }
        errors.sort_by_key(|e| e.row);
        job.processed_rows = job.total_rows;
        job.errors = serde_json::to_string(&errors).map_err(ApiError::internal)?;
        if !errors.is_empty() || job.dry_run {
            job.status = if errors.is_empty() { ImportStatus::Succeeded } else { ImportStatus::Failed }.as_str().into();
            job.finished_at = Some(now());
            save(&mut conn, &job)?;
            return Ok(());
        }
        job.status = ImportStatus::Writing.as_str().into();
        save(&mut conn, &job)?;
        let count = requests.len() as i64;
        let written = crate::db::write_tx(&mut conn, |conn| {
            for (row, request) in &requests {
                match insert_association(conn, None, request, AssociationStatus::Verified) {
                    Ok(_) => {}
                    // Registered meanwhile (by someone else): reported on its row, nothing written.
                    Err(ApiError::Conflict(_)) => return Err(WriteError::Taken(*row)),
                    Err(e) => return Err(WriteError::Api(e)),
                }
            }
            repo::insert_audit(
                conn,
                &AuditRow {
                    id: new_id(),
                    actor_id: Some(actor.clone()),
                    action: "association.imported".into(),
                    target_type: "import".into(),
                    target_id: job.id.clone(),
                    reason: Some(format!("{count} associations imported")),
                    created_at: now(),
                },
            )?;
            Ok::<_, WriteError>(())
        });
        match written {
            Ok(()) => {}
            Err(WriteError::Taken(row)) => {
                let errors = vec![row_error(row, "registration_number", "taken", "is already registered")];
                job.errors = serde_json::to_string(&errors).map_err(ApiError::internal)?;
                job.status = ImportStatus::Failed.as_str().into();
                job.finished_at = Some(now());
                save(&mut conn, &job)?;
                return Ok(());
            }
            Err(WriteError::Api(e)) => return Err(e),
        }
        directory.invalidate();
        job.created_count = count;
        job.status = ImportStatus::Succeeded.as_str().into();
        job.finished_at = Some(now());
        save(&mut conn, &job)?;
        tracing::info!(import = %job.id, count, "associations imported");
        Ok(())
    })();
    if let Err(e) = result {
        tracing::error!(import = %job.id, error = %e, "import failed");
        job.status = ImportStatus::Failed.as_str().into();
        job.finished_at = Some(now());
        job.errors = serde_json::to_string(&[row_error(0, "file", "internal", "the import stopped on a server error")])
            .unwrap_or_else(|_| "[]".into());
        if let Ok(mut conn) = pool.get() {
            let _ = save(&mut conn, &job);
        }
    }
}

/// Import associations from CSV
///
/// Observatory staff and administrators. The body is the CSV file (UTF-8, a header row, at most
/// 10 MB and 50,000 rows; columns in the module documentation and `docs/data-dictionary.md`). The
/// answer comes at once (202) with the job; follow it with `GET /api/v1/imports/{id}` until it is
/// `succeeded` or `failed`. With `dry_run=true` nothing is written; otherwise it is all rows or
/// none: one wrong row fails the import, with every wrong cell in `errors`.
#[utoipa::path(
    tag = "verification",
    params(ImportQuery),
    request_body(content = String, description = "The CSV file", content_type = "text/csv",
        example = "registration_number,name_ar,name_fr,category,fields,wilaya_code,commune_id,size\r\n16/2019/0421,جمعية الأمل,Association El Amel,wilaya,youth;education,16,,small\r\n"),
    responses(
        (status = 202, description = "Started; follow it with GET /api/v1/imports/{id}", body = ImportJob),
        (status = 403, description = "Not staff (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Larger than 10 MB; `errors` names `file`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not UTF-8 CSV, empty, or more than 50,000 rows; `errors` names `file`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/imports/associations")]
pub async fn import_associations(
    state: web::Data<AppState>,
    user: AuthUser,
    query: ValidQuery<ImportQuery>,
    mut payload: web::Payload,
) -> ApiResult<HttpResponse> {
    user.require(STAFF, "import associations")?;
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
    let job = ImportJobRow {
        id: new_id(),
        created_by: Some(user.id.clone()),
        dry_run: query.0.dry_run.unwrap_or(false),
        status: ImportStatus::Validating.as_str().into(),
        total_rows: records.len() as i64 - 1,
        processed_rows: 0,
        created_count: 0,
        errors: "[]".into(),
        created_at: now(),
        finished_at: None,
    };
    let stored = job.clone();
    state.db(move |conn| Ok(diesel::insert_into(import_jobs::table).values(&stored).execute(conn)?)).await?;
    tracing::info!(import = %job.id, staff = %user.id, rows = job.total_rows, dry_run = job.dry_run, "import started");
    let (pool, directory) = (state.pool.clone(), state.directory.clone());
    let (background, actor) = (job.clone(), user.id.clone());
    // Its own thread: a long import must not hold one of the request-serving blocking threads. A
    // panic in it still ends the job, as failed, rather than leaving it running for ever.
    std::thread::spawn(move || {
        let id = background.id.clone();
        let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            run(&pool, &directory, background, actor, records)
        }));
        if ran.is_err() {
            tracing::error!(import = %id, "import panicked");
            if let Ok(mut conn) = pool.get() {
                let _ = interrupt(&mut conn, &id);
            }
        }
    });
    Ok(HttpResponse::Accepted().json(job.to_api()))
}

/// How an import is going
///
/// Staff. `processed_rows` of `total_rows` have been checked; the report is final once `status` is
/// `succeeded` or `failed`.
#[utoipa::path(
    tag = "verification",
    params(("id" = String, Path, description = "The import id")),
    responses(
        (status = 200, description = "The import", body = ImportJob),
        (status = 403, description = "Not staff (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such import (`not_found`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/imports/{id}")]
pub async fn get_import(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> ApiResult<web::Json<ImportJob>> {
    user.require(STAFF, "see imports")?;
    let id = path.into_inner();
    let row: ImportJobRow = state
        .db(move |conn| {
            let row: ImportJobRow = import_jobs::table.find(&id).first(conn)?;
            let running =
                matches!(ImportStatus::parse(&row.status), Some(ImportStatus::Validating | ImportStatus::Writing));
            if running && row.created_at < now() - chrono::Duration::minutes(ABANDONED_AFTER_MINUTES) {
                interrupt(conn, &id)?;
                return Ok(import_jobs::table.find(&id).first(conn)?);
            }
            Ok(row)
        })
        .await?;
    Ok(web::Json(row.to_api()))
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn csv_records_with_quotes_newlines_and_a_bom() {
        let text = "\u{feff}a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\r\n\r\n2,\"two\nlines\",\n";
        let records = parse_csv(text, 100).unwrap();
        assert_eq!(records.len(), 3);
        assert_eq!(records[0], (1, vec!["a".into(), "b".into(), "c".into()]));
        assert_eq!(records[1], (2, vec!["1".into(), "x, y".into(), "say \"hi\"".into()]));
        assert_eq!(records[2], (4, vec!["2".into(), "two\nlines".into(), String::new()]));
        assert_eq!(parse_csv("a\n\"open", 100).unwrap_err().0, 2);
        assert_eq!(parse_csv("", 100).unwrap(), vec![]);
        // Limits, before memory fills: rows, columns, cell length.
        assert_eq!(parse_csv(&"a\n".repeat(11), 10).unwrap_err().1, "too_many_rows");
        assert_eq!(parse_csv(&",".repeat(100), 10).unwrap_err().1, "too_many_columns");
        assert_eq!(parse_csv(&"x".repeat(MAX_CELL_BYTES + 2), 10).unwrap_err().1, "cell_too_long");
    }

    #[test]
    fn a_row_becomes_a_request_or_names_its_bad_cells() {
        let cells: HashMap<&str, &str> = [
            ("registration_number", "16/2019/0421"),
            ("name_ar", "جمعية الأمل"),
            ("category", "wilaya"),
            ("fields", "youth; education"),
            ("wilaya_code", "16"),
            ("size", "small"),
            ("email", "contact@example.org"),
            ("contacts_public", "oui"),
        ]
        .into();
        let cell = |c: &str| cells.get(c).map(|v| (*v).to_owned());
        let request = to_request(2, &cell).unwrap();
        assert_eq!(request.fields, vec![Field::Education, Field::Youth]);
        assert_eq!(request.email, Some(ContactItem { value: "contact@example.org".into(), public: true }));

        let bad: HashMap<&str, &str> = [
            ("registration_number", "x"),
            ("category", "galactic"),
            ("fields", "youth;cooking"),
            ("founded_on", "2019-13-01"),
        ]
        .into();
        let cell = |c: &str| bad.get(c).map(|v| (*v).to_owned());
        let errors = to_request(7, &cell).unwrap_err();
        let named: HashSet<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        for column in ["category", "fields", "founded_on", "wilaya_code", "size"] {
            assert!(named.contains(column), "{column}: {errors:?}");
        }
        assert!(errors.iter().all(|e| e.row == 7));
    }
}
