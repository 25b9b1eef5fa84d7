//! The rules of the registry, one file per resource: each function takes the connection, owns its
//! transaction when it writes, and answers in API types. Here: what several resources share (the
//! search terms and sort name of an association, the cursors, the fields of a page of results).

use std::collections::HashMap;

use madani_shared::LocalizedText;
use madani_shared::associations::{AssociationSummary, Field};
use madani_shared::search::{fold, tokens};

use super::repo::{self, After};
use super::rows::AssociationRow;
use crate::db::{DbConn, write_tx};
use crate::error::{ApiError, ApiResult};
use crate::pagination;
use crate::territories;

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

/// Search terms with weights: names and acronym 3, description 1, and the names of its wilaya and
/// commune in every language 1 (a search for a place finds the associations there). A word keeps its
/// highest weight.
pub fn search_terms(
    name: &LocalizedText,
    acronym: Option<&str>,
    description: &LocalizedText,
    place: &[LocalizedText],
) -> Vec<(String, i32)> {
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
    for t in [&description.ar, &description.fr, &description.en]
        .into_iter()
        .chain(place.iter().flat_map(|p| [&p.ar, &p.fr, &p.en]))
        .flatten()
    {
        add(t, 1);
    }
    terms.into_iter().collect()
}

/// What [`search_terms`] puts in the index has changed: rebuild the index of every association at
/// start when the stored version is older (see [`reindex_if_stale`]).
pub const SEARCH_INDEX_VERSION: i32 = 2;

/// Rebuild every association's search terms when they were made by an older [`search_terms`], in
/// batches, then record the version. Idempotent: two instances starting at once both rebuild the
/// same terms.
pub fn reindex_if_stale(conn: &mut DbConn) -> ApiResult<usize> {
    if repo::index_version(conn, "associations")? >= SEARCH_INDEX_VERSION {
        return Ok(0);
    }
    let mut after = String::new();
    let mut done = 0;
    loop {
        let batch = repo::terms_sources_after(conn, &after, 500)?;
        let Some(last) = batch.last() else { break };
        after = last.id.clone();
        let places = territories::repo::place_names_by_id(conn, &batch)?;
        write_tx(conn, |conn| {
            for row in &batch {
                let place = places.get(&row.id).cloned().unwrap_or_default();
                let terms = search_terms(&row.name(), row.acronym.as_deref(), &row.description(), &place);
                repo::set_terms(conn, &row.id, &terms)?;
            }
            Ok::<_, ApiError>(())
        })?;
        done += batch.len();
    }
    write_tx(conn, |conn| repo::set_index_version(conn, "associations", SEARCH_INDEX_VERSION))?;
    Ok(done)
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
        let place =
            [LocalizedText { ar: Some("بجاية".into()), fr: Some("Béjaïa".into()), en: Some("Bejaia".into()) }];
        let terms = search_terms(&name, Some("AEA"), &description, &place);
        let get = |t: &str| terms.iter().find(|(term, _)| term == t).map(|(_, w)| *w);
        assert_eq!(get("جمعيه"), Some(3));
        assert_eq!(get("الامل"), Some(3));
        assert_eq!(get("bejaia"), Some(3));
        assert_eq!(get("association"), Some(3), "the name's weight wins");
        assert_eq!(get("jeunesse"), Some(1));
        assert_eq!(get("aea"), Some(3));
        assert_eq!(get("بجايه"), Some(1), "the place in Arabic");
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
