//! The public directory: a page of a search with its facet counts, and the export of a whole
//! search as JSON or CSV.

use actix_web::web::Bytes;
use chrono::TimeDelta;
use madani_shared::associations::*;
use madani_shared::search::tokens;

use super::{decode_cursor, encode_cursor, fields_by_id};
use crate::associations::index::DirectoryIndex;
use crate::associations::repo::{self, After, Filters};
use crate::associations::rows::AssociationRow;
use crate::csv::CsvWriter;
use crate::db::DbConn;
use crate::error::{ApiError, ApiResult};
use crate::pagination::page_of;
use crate::ratelimit;

/// Largest export, in associations.
const EXPORT_CAP: i64 = 200_000;
/// Associations read, written and sent at once while exporting.
const EXPORT_BATCH: i64 = 1000;
/// Exports an anonymous client address may ask for in an hour.
pub const ANONYMOUS_EXPORTS_PER_HOUR: i64 = 10;

/// The columns of the CSV export; `docs/data-dictionary.md` describes them.
const CSV_COLUMNS: &[&str] = &[
    "id",
    "registration_number",
    "name_ar",
    "name_fr",
    "name_en",
    "acronym",
    "category",
    "fields",
    "wilaya_code",
    "commune_id",
    "size",
    "status",
    "email",
    "phone",
    "website",
    "created_at",
];

pub fn filters_of(
    q: Option<&str>,
    wilaya: Option<String>,
    commune: Option<i32>,
    field: Option<Field>,
    category: Option<Category>,
    size: Option<SizeBand>,
    verified_only: Option<bool>,
) -> Filters {
    Filters {
        words: q.map(tokens).unwrap_or_default().into_iter().take(8).collect(),
        wilaya,
        commune,
        field: field.map(|f| f.as_str().to_owned()),
        category: category.map(|c| c.as_str().to_owned()),
        size: size.map(|s| s.as_str().to_owned()),
        verified_only: verified_only.unwrap_or(false),
    }
}

/// A page of the search `q`, with the total and the facet counts over all its results, answered
/// by the in-memory index alone (the caller brings it up to date first when it is due:
/// [`DirectoryIndex::due`]).
pub fn search(index: &DirectoryIndex, q: ListAssociationsQuery) -> ApiResult<DirectoryPage> {
    let limit = q.limit.unwrap_or(20) as usize;
    let filters = filters_of(q.q.as_deref(), q.wilaya, q.commune, q.field, q.category, q.size, q.verified_only);
    // Relevance is the default when there is text to rank by; otherwise name order.
    let sort = match q.sort {
        Some(SortOrder::Newest) => SortOrder::Newest,
        Some(SortOrder::Name) => SortOrder::Name,
        _ if filters.words.is_empty() => SortOrder::Name,
        _ => SortOrder::Relevance,
    };
    let after = match q.cursor.as_deref() {
        Some(c) => match (decode_cursor(c)?, sort) {
            (a @ After::Name { .. }, SortOrder::Name)
            | (a @ After::Newest { .. }, SortOrder::Newest)
            | (a @ After::Relevance { .. }, SortOrder::Relevance) => a,
            _ => return Err(ApiError::field("cursor", "invalid_value", "belongs to another sort order")),
        },
        None => After::Start,
    };
    let found = index.search(&filters, sort, &after, limit + 1);
    let (hits, next_cursor) = page_of(found.hits, limit as i64, |hit| {
        let id = hit.id.clone();
        encode_cursor(&match sort {
            SortOrder::Relevance => After::Relevance { score: hit.score, sort_name: hit.sort_name.clone(), id },
            SortOrder::Newest => After::Newest { created_at: hit.created_at, id },
            SortOrder::Name => After::Name { sort_name: hit.sort_name.clone(), id },
        })
    });
    let facet = |list: Vec<(String, i64)>| {
        let mut out: Vec<FacetCount> = list.into_iter().map(|(value, count)| FacetCount { value, count }).collect();
        out.sort_by(|a, b| b.count.cmp(&a.count).then(a.value.cmp(&b.value)));
        out
    };
    Ok(DirectoryPage {
        items: hits.into_iter().map(|hit| hit.summary).collect(),
        next_cursor,
        total: found.total,
        facets: Facets { wilaya: facet(found.wilaya), field: facet(found.field), category: facet(found.category) },
    })
}

/// Count an anonymous export from the address `ip`: [`ANONYMOUS_EXPORTS_PER_HOUR`] an hour, 429
/// after that.
pub fn count_anonymous_export(conn: &mut DbConn, ip: &str) -> ApiResult<()> {
    ratelimit::hit(conn, &ratelimit::keys::export_address(ip), ANONYMOUS_EXPORTS_PER_HOUR, TimeDelta::hours(1))
}

/// Write every association the search `q` returns (at most [`EXPORT_CAP`]), in name order, with
/// public data only, as `format`, to `send` in pieces of [`EXPORT_BATCH`] associations: the export
/// is never whole in memory. Stops early when `send` says the reader went away (false).
pub fn export(
    conn: &mut DbConn,
    q: ExportAssociationsQuery,
    format: ExportFormat,
    mut send: impl FnMut(Bytes) -> bool,
) -> ApiResult<()> {
    let filters = filters_of(q.q.as_deref(), q.wilaya, q.commune, q.field, q.category, q.size, q.verified_only);
    let mut csv = CsvWriter::new(CSV_COLUMNS);
    let mut json = Vec::from(&b"["[..]);
    let (mut after, mut written) = (After::Start, 0i64);
    loop {
        // Never zero: the loop ends when the cap is reached.
        let limit = EXPORT_BATCH.min(EXPORT_CAP - written);
        let rows = repo::page_by_name(conn, &filters, &after, limit)?;
        let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
        let mut fields = fields_by_id(conn, &ids)?;
        for row in &rows {
            let item = exported(row, fields.remove(&row.id).unwrap_or_default());
            match format {
                ExportFormat::Csv => csv_row(&mut csv, &item),
                ExportFormat::Json => {
                    if written > 0 {
                        json.push(b',');
                    }
                    serde_json::to_writer(&mut json, &item).map_err(ApiError::internal)?;
                }
            }
            written += 1;
        }
        let last = rows.len() < limit as usize || written >= EXPORT_CAP;
        let mut piece = match format {
            ExportFormat::Csv => csv.take().into_bytes(),
            ExportFormat::Json => std::mem::take(&mut json),
        };
        if last && format == ExportFormat::Json {
            piece.push(b']');
        }
        if !send(Bytes::from(piece)) || last {
            return Ok(());
        }
        let row = rows.last().expect("a full batch");
        after = After::Name { sort_name: row.sort_name.clone(), id: row.id.clone() };
    }
}

fn exported(row: &AssociationRow, fields: Vec<Field>) -> ExportedAssociation {
    let contacts = row.contacts();
    let public = |c: Option<ContactItem>| c.filter(|c| c.public).map(|c| c.value);
    let s = row.summary(fields);
    ExportedAssociation {
        id: s.id,
        registration_number: row.registration_number.clone(),
        name: s.name,
        acronym: s.acronym,
        category: s.category,
        fields: s.fields,
        wilaya_code: s.wilaya_code,
        commune_id: s.commune_id,
        size: s.size,
        status: s.status,
        email: public(contacts.email),
        phone: public(contacts.phone),
        website: public(contacts.website),
        created_at: s.created_at,
    }
}

/// One association as a CSV row (RFC 4180, UTF-8, CRLF); no text cell is a formula.
fn csv_row(csv: &mut CsvWriter, a: &ExportedAssociation) {
    let fields: Vec<&str> = a.fields.iter().map(|f| f.as_str()).collect();
    csv.text(&a.id.to_string())
        .text(&a.registration_number)
        .opt_text(a.name.ar.as_deref())
        .opt_text(a.name.fr.as_deref())
        .opt_text(a.name.en.as_deref())
        .opt_text(a.acronym.as_deref())
        .text(a.category.as_str())
        .text(&fields.join(";"))
        .text(&a.wilaya_code)
        .opt_number(a.commune_id)
        .text(a.size.as_str())
        .text(a.status.as_str())
        .opt_text(a.email.as_deref())
        .opt_text(a.phone.as_deref())
        .opt_text(a.website.as_deref())
        .time(a.created_at)
        .end_row();
}
