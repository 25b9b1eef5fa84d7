//! The one way the server writes CSV (RFC 4180, UTF-8, CRLF): [`CsvWriter`]. Its only way to add a
//! cell of text neutralises it as a spreadsheet formula, so that no export can forget to; numbers
//! and times, which hold no formula, go in as they are through their own typed methods.

use chrono::{DateTime, Utc};

/// A cell starting with one of these is run as a formula by spreadsheets (OWASP's list: `=`, `+`,
/// `-`, `@`, tab, carriage return).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A CSV file being written, row by row:
///
/// ```ignore
/// let mut csv = CsvWriter::new(&["name", "count"]);
/// csv.text(&name).number(count).end_row();
/// let body = csv.finish();
/// ```
pub struct CsvWriter {
    out: String,
    columns: usize,
    /// Cells written in the current row.
    cells: usize,
}

impl CsvWriter {
    /// A file whose header row names `columns` (ours, written as they are).
    pub fn new(columns: &[&'static str]) -> Self {
        let mut out = columns.join(",");
        out.push_str("\r\n");
        CsvWriter { out, columns: columns.len(), cells: 0 }
    }

    /// A file whose header row names columns that come from the data (question ids): each is
    /// written as a cell of text, neutralised like any other.
    pub fn with_header(columns: &[String]) -> Self {
        let mut csv = CsvWriter { out: String::new(), columns: columns.len(), cells: 0 };
        for c in columns {
            csv.text(c);
        }
        csv.end_row();
        csv
    }

    fn cell(&mut self, value: &str) -> &mut Self {
        if self.cells > 0 {
            self.out.push(',');
        }
        self.out.push_str(value);
        self.cells += 1;
        self
    }

    /// A cell of text: never read as a formula (a leading `=`, `+`, `-`, `@`, tab or carriage
    /// return gets an apostrophe before it, which spreadsheets show as text), quoted when it holds
    /// a comma, a quote or a line break.
    pub fn text(&mut self, value: &str) -> &mut Self {
        let value = if value.starts_with(FORMULA_STARTS) { format!("'{value}") } else { value.to_owned() };
        if value.contains([',', '"', '\n', '\r']) {
            self.cell(&format!("\"{}\"", value.replace('"', "\"\"")))
        } else {
            self.cell(&value)
        }
    }

    /// A cell of text that may be absent (an empty cell).
    pub fn opt_text(&mut self, value: Option<&str>) -> &mut Self {
        self.text(value.unwrap_or_default())
    }

    /// A whole number, as it is (a count, a percentage: negative numbers stay numbers).
    pub fn number(&mut self, value: impl Into<i64>) -> &mut Self {
        self.cell(&value.into().to_string())
    }

    /// A whole number that may be absent (an empty cell).
    pub fn opt_number(&mut self, value: Option<impl Into<i64>>) -> &mut Self {
        match value {
            Some(v) => self.number(v),
            None => self.cell(""),
        }
    }

    /// A decimal number (a percentage, a mean) that may be absent (an empty cell).
    pub fn opt_decimal(&mut self, value: Option<f64>) -> &mut Self {
        match value.filter(|v| v.is_finite()) {
            Some(v) => self.cell(&v.to_string()),
            None => self.cell(""),
        }
    }

    /// A time, as RFC 3339 UTC to the second.
    pub fn time(&mut self, value: DateTime<Utc>) -> &mut Self {
        self.cell(&value.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
    }

    /// A time that may be absent (an empty cell).
    pub fn opt_time(&mut self, value: Option<DateTime<Utc>>) -> &mut Self {
        match value {
            Some(t) => self.time(t),
            None => self.cell(""),
        }
    }

    /// End the row; it must have had one cell per column.
    pub fn end_row(&mut self) {
        debug_assert_eq!(self.cells, self.columns, "a CSV row with the wrong number of cells");
        self.out.push_str("\r\n");
        self.cells = 0;
    }

    /// What was written since the last call (the header and whole rows), for a file sent in
    /// pieces; the writer goes on with the next row.
    pub fn take(&mut self) -> String {
        debug_assert_eq!(self.cells, 0, "a CSV row left open");
        std::mem::take(&mut self.out)
    }

    pub fn finish(self) -> String {
        debug_assert_eq!(self.cells, 0, "a CSV row left open");
        self.out
    }
}

/// A cell of a file read back (an import of an export): without the apostrophe [`CsvWriter::text`]
/// put before a value that looked like a formula.
pub fn unescape_text(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one_row(write: impl FnOnce(&mut CsvWriter)) -> String {
        let mut csv = CsvWriter::new(&["a", "b"]);
        write(&mut csv);
        csv.end_row();
        csv.finish().strip_prefix("a,b\r\n").unwrap().strip_suffix("\r\n").unwrap().to_owned()
    }

    #[test]
    fn text_is_quoted_and_never_a_formula() {
        assert_eq!(one_row(|c| _ = c.text("Amina B.").text("Bouzid, Karim")), "Amina B.,\"Bouzid, Karim\"");
        assert_eq!(one_row(|c| _ = c.text("say \"hi\"").text("two\nlines")), "\"say \"\"hi\"\"\",\"two\nlines\"");
        assert_eq!(
            one_row(|c| _ = c.text("=HYPERLINK(\"http://x\",\"y\")").text("+1+1")),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",'+1+1"
        );
        assert_eq!(one_row(|c| _ = c.text("-2").text("@SUM(A1:A2)")), "'-2,'@SUM(A1:A2)");
        assert_eq!(one_row(|c| _ = c.text("\t=1").text("\r=1")), "'\t=1,\"'\r=1\"");
        assert_eq!(one_row(|c| _ = c.text("a-b").opt_text(None)), "a-b,");
    }

    #[test]
    fn numbers_and_times_stay_as_they_are() {
        let t = DateTime::from_timestamp(1_790_000_000, 0).unwrap();
        assert_eq!(one_row(|c| _ = c.number(-2).time(t)), "-2,2026-09-21T14:13:20Z");
        assert_eq!(one_row(|c| _ = c.opt_number(None::<i32>).opt_time(None)), ",");
    }

    #[test]
    fn a_read_back_cell_loses_the_apostrophe_of_a_formula_only() {
        assert_eq!(unescape_text("'=1+1"), "=1+1");
        assert_eq!(unescape_text("'-2019-0042"), "-2019-0042");
        assert_eq!(unescape_text("'tis"), "'tis");
        assert_eq!(unescape_text("plain"), "plain");
    }
}
