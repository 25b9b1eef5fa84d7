//! The rules of the registry, one file per resource: each function takes the connection, owns its
//! transaction when it writes, and answers in API types. Here: what several resources share (the
//! search terms and sort name of an association, the cursors, the fields of a page of results).

use std::collections::HashMap;

use madani_shared::LocalizedText;
use madani_shared::associations::{AssociationSummary, Field};
use madani_shared::search::{fold, tokens};

use super::repo::{self, After};
use super::rows::AssociationRow;
use crate::db::DbConn;
use crate::error::{ApiError, ApiResult};
use crate::pagination;

pub mod directory;
pub mod invitations;
pub mod join_requests;
pub mod logo;
pub mod members;
pub mod mine;
pub mod profile;
pub mod verification;

/// Kept here for the courses, which enrol an association's members on its officers' word.
pub use super::access::can_manage;
pub use profile::{check_place, insert_association, register};

/// The fields of each of `ids`, in a few grouped queries rather than one per association.
pub fn fields_by_id(conn: &mut DbConn, ids: &[String]) -> ApiResult<HashMap<String, Vec<Field>>> {
    let mut fields = HashMap::<String, Vec<Field>>::new();
    // Bound values are limited (SQLite: 32,766): a few thousand ids a query.
    for chunk in ids.chunks(5000) {
        for (id, f) in repo::fields_of_many(conn, chunk)? {
            if let Some(f) = Field::parse(&f) {
                fields.entry(id).or_default().push(f);
            }
        }
    }
    Ok(fields)
}

/// The summaries of a page of associations, with their fields from one grouped query.
pub fn summaries(conn: &mut DbConn, rows: &[AssociationRow]) -> ApiResult<Vec<AssociationSummary>> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut fields = fields_by_id(conn, &ids)?;
    Ok(rows.iter().map(|r| r.summary(fields.remove(&r.id).unwrap_or_default())).collect())
}

/// The folded name used to order by name: the French name, else Arabic, else English.
pub fn sort_name(name: &LocalizedText) -> String {
    fold(name.fr.as_deref().or(name.ar.as_deref()).or(name.en.as_deref()).unwrap_or("")).trim().to_owned()
}

/// Search terms with weights: names and acronym 3, description 1 (a word keeps its highest weight).
pub fn search_terms(name: &LocalizedText, acronym: Option<&str>, description: &LocalizedText) -> Vec<(String, i32)> {
    let mut terms: std::collections::BTreeMap<String, i32> = std::collections::BTreeMap::new();
    let mut add = |text: &str, weight: i32| {
        for t in tokens(text) {
            // Long runs (URLs, pasted noise) are not words people type.
            if t.chars().count() <= 40 {
                let w = terms.entry(t).or_insert(weight);
                *w = (*w).max(weight);
            }
        }
    };
    for t in [&name.ar, &name.fr, &name.en].into_iter().flatten() {
        add(t, 3);
    }
    if let Some(a) = acronym {
        add(a, 3);
    }
    for t in [&description.ar, &description.fr, &description.en].into_iter().flatten() {
        add(t, 1);
    }
    terms.into_iter().collect()
}

pub fn encode_cursor(after: &After) -> Option<String> {
    Some(match after {
        After::Start => return None,
        After::Name { sort_name, id } => pagination::encode(&["n", sort_name, id]),
        After::Newest { created_at, id } => pagination::encode(&["t", &pagination::time_part(*created_at), id]),
        After::Relevance { score, sort_name, id } => pagination::encode(&["r", &score.to_string(), sort_name, id]),
    })
}

/// A cursor from `encode_cursor`; anything else is a 422 naming `cursor`.
pub fn decode_cursor(cursor: &str) -> Result<After, ApiError> {
    let parts = pagination::decode(cursor)?;
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    match parts.as_slice() {
        ["n", name, id] => Ok(After::Name { sort_name: (*name).to_owned(), id: (*id).to_owned() }),
        ["r", score, name, id] => Ok(After::Relevance {
            score: pagination::parse_number(score)?,
            sort_name: (*name).to_owned(),
            id: (*id).to_owned(),
        }),
        ["t", micros, id] => Ok(After::Newest { created_at: pagination::parse_time(micros)?, id: (*id).to_owned() }),
        _ => Err(pagination::bad_cursor()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_folded_weighted_and_unique() {
        let name =
            LocalizedText {
                ar: Some("جَمْعِيَّة الأمل".into()), fr: Some("Association El Amel de Béjaïa".into()), en: None
            };
        let description = LocalizedText { fr: Some("Jeunesse et association".into()), ..Default::default() };
        let terms = search_terms(&name, Some("AEA"), &description);
        let get = |t: &str| terms.iter().find(|(term, _)| term == t).map(|(_, w)| *w);
        assert_eq!(get("جمعيه"), Some(3));
        assert_eq!(get("الامل"), Some(3));
        assert_eq!(get("bejaia"), Some(3));
        assert_eq!(get("association"), Some(3), "the name's weight wins");
        assert_eq!(get("jeunesse"), Some(1));
        assert_eq!(get("aea"), Some(3));
    }

    #[test]
    fn cursors_round_trip_and_reject_garbage() {
        let after = After::Name { sort_name: "association el amel".into(), id: "01a".into() };
        assert_eq!(decode_cursor(&encode_cursor(&after).unwrap()).unwrap(), after);
        let t = chrono::DateTime::from_timestamp_micros(1_790_000_000_123_456).unwrap().naive_utc();
        let after = After::Newest { created_at: t, id: "01b".into() };
        assert_eq!(decode_cursor(&encode_cursor(&after).unwrap()).unwrap(), after);
        let after = After::Relevance { score: 13, sort_name: "جمعيه النور".into(), id: "01c".into() };
        assert_eq!(decode_cursor(&encode_cursor(&after).unwrap()).unwrap(), after);
        assert!(decode_cursor(&pagination::encode(&["r", "many", "x", "y"])).is_err());
        assert!(decode_cursor("not a cursor!").is_err());
        assert!(decode_cursor(&pagination::encode(&["x", "y"])).is_err());
    }
}
