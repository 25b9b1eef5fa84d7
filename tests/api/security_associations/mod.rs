//! The findings of the security review (issue #10) in the association registry, each shown on both
//! backends: formulas in CSV exports, registration numbers squatted by pending associations,
//! private postal addresses, invitations whose inviter lost the right to grant their role, profile
//! changes that need verifying again, and directory exports limited per client address.
//!
//! New API fields are read from the raw JSON, so that the same tests ran (and failed) before the
//! fixes.

use madani_shared::auth::TokenResponse;
use madani_tests::TestApp;
use serde_json::{Value, json};

mod finding_12;
mod finding_2;
mod finding_3;
mod finding_7;

/// `method path` with an optional token and JSON body: the status and the JSON answer (null when
/// there is none).
async fn raw(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: Option<&TokenResponse>,
    body: Option<Value>,
) -> (u16, Value) {
    let mut request = app.http.request(method, app.url(path));
    if let Some(token) = token {
        request = request.bearer_auth(&token.access_token);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.expect("request");
    let status = response.status().as_u16();
    let text = response.text().await.expect("body");
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// The cells of an RFC 4180 text, row by row.
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut cell) = (Vec::new(), Vec::new(), String::new());
    let (mut quoted, mut chars) = (false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => cell.push(c),
        }
    }
    rows
}

/// A spreadsheet runs a cell that starts with one of these as a formula.
fn is_formula(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
}
