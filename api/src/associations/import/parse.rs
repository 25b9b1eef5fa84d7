//! Reading an import file: the CSV records, the header's columns, and each data row as a
//! registration request or the list of what is wrong with its cells. No database here.

use std::collections::HashMap;

use chrono::NaiveDate;
use madani_shared::LocalizedText;
use madani_shared::associations::*;
use validator::Validate;

/// The columns an import file may have.
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
    "address_public",
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

/// A record of the file with the line it starts on.
pub type Record = (u32, Vec<String>);
/// Where the file cannot be read as CSV: the line, a code (`malformed_csv`, `too_many_rows`,
/// `too_many_columns`, `cell_too_long`) and why.
pub type CsvError = (u32, &'static str, String);
/// Most columns in a row, and bytes in a cell (10,000 Arabic letters): a file is refused before
/// it can fill memory.
pub const MAX_COLUMNS: usize = 64;
pub const MAX_CELL_BYTES: usize = 20_000;

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

pub(super) fn row_error(row: u32, field: &str, code: &str, message: impl Into<String>) -> ImportRowError {
    ImportRowError { row, field: field.to_owned(), code: code.to_owned(), message: message.into() }
}

/// The header row's columns, each with its position (lower-cased, trimmed), and what is wrong with
/// them: unknown columns, required ones missing, no name in any language.
pub(super) fn columns(header: &[String]) -> (HashMap<String, usize>, Vec<ImportRowError>) {
    let header: Vec<String> = header.iter().map(|h| h.trim().to_ascii_lowercase()).collect();
    let mut errors = Vec::new();
    for h in &header {
        if !KNOWN.contains(&h.as_str()) {
            errors.push(row_error(1, h, "unknown_column", "is not a column Madani knows"));
        }
    }
    let index: HashMap<String, usize> = header.into_iter().enumerate().map(|(i, h)| (h, i)).collect();
    for column in REQUIRED {
        if !index.contains_key(*column) {
            errors.push(row_error(1, column, "missing_column", "this column is required"));
        }
    }
    if !["name_ar", "name_fr", "name_en"].iter().any(|c| index.contains_key(*c)) {
        errors.push(row_error(1, "name_fr", "missing_column", "give name_ar, name_fr or name_en"));
    }
    (index, errors)
}

/// A data row as a registration request, or what is wrong with its cells.
pub(super) fn to_request(
    row: u32,
    cell: &dyn Fn(&str) -> Option<String>,
) -> Result<CreateAssociation, Vec<ImportRowError>> {
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
    parsed("address_public", &|v| parse_bool(v).is_some(), "true or false");
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
        // Private unless the file says otherwise.
        address: cell("address").map(|value| ContactItem {
            value,
            public: cell("address_public").and_then(|v| parse_bool(&v)).unwrap_or(false),
        }),
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
            ("address", "12 rue des Oliviers"),
        ]
        .into();
        let cell = |c: &str| cells.get(c).map(|v| (*v).to_owned());
        let request = to_request(2, &cell).unwrap();
        assert_eq!(request.fields, vec![Field::Education, Field::Youth]);
        assert_eq!(request.email, Some(ContactItem { value: "contact@example.org".into(), public: true }));
        // The address is private unless `address_public` says otherwise.
        assert_eq!(request.address, Some(ContactItem { value: "12 rue des Oliviers".into(), public: false }));

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
