//! Queries over the territories tables.

use diesel::prelude::*;
use madani_shared::LocalizedText;
use madani_shared::territories::{Commune, Wilaya};
use madani_shared::text::fold_latin;

use crate::db::DbConn;
use crate::db::schema::{communes, dairas, wilayas};

fn text(ar: String, fr: String, en: String) -> LocalizedText {
    LocalizedText { ar: Some(ar), fr: Some(fr), en: Some(en) }
}

pub fn list_wilayas(conn: &mut DbConn) -> QueryResult<Vec<Wilaya>> {
    let rows: Vec<(String, i32, String, String, String)> = wilayas::table.order(wilayas::number.asc()).load(conn)?;
    let daira_counts: Vec<(String, i64)> = dairas::table
        .group_by(dairas::wilaya_code)
        .select((dairas::wilaya_code, diesel::dsl::count_star()))
        .load(conn)?;
    let commune_counts: Vec<(String, i64)> = communes::table
        .group_by(communes::wilaya_code)
        .select((communes::wilaya_code, diesel::dsl::count_star()))
        .load(conn)?;
    let count = |list: &[(String, i64)], code: &str| list.iter().find(|(c, _)| c == code).map_or(0, |(_, n)| *n as i32);
    Ok(rows
        .into_iter()
        .map(|(code, number, ar, fr, en)| Wilaya {
            daira_count: count(&daira_counts, &code),
            commune_count: count(&commune_counts, &code),
            code,
            number,
            name: text(ar, fr, en),
        })
        .collect())
}

pub fn wilaya_exists(conn: &mut DbConn, code: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(wilayas::table.find(code))).get_result(conn)
}

pub fn commune_in_wilaya(conn: &mut DbConn, commune: i32, wilaya_code: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(communes::table.find(commune).filter(communes::wilaya_code.eq(wilaya_code))))
        .get_result(conn)
}

pub fn list_communes(conn: &mut DbConn, wilaya_code: &str) -> QueryResult<Vec<Commune>> {
    type Row = (i32, String, String, String, String, Option<String>, String, String, String);
    let rows: Vec<Row> = communes::table
        .inner_join(dairas::table)
        .filter(communes::wilaya_code.eq(wilaya_code))
        .select((
            communes::id,
            communes::wilaya_code,
            communes::name_ar,
            communes::name_fr,
            communes::name_en,
            communes::postal_code,
            dairas::name_ar,
            dairas::name_fr,
            dairas::name_en,
        ))
        .load(conn)?;
    let mut list: Vec<Commune> = rows
        .into_iter()
        .map(|(id, wilaya_code, ar, fr, en, postal_code, dar, dfr, den)| Commune {
            id,
            wilaya_code,
            daira: text(dar, dfr, den),
            name: text(ar, fr, en),
            postal_code,
        })
        .collect();
    // Sorted here, not in SQL: collations differ between the backends.
    list.sort_by_cached_key(|c| fold_latin(c.name.fr.as_deref().unwrap_or("")));
    Ok(list)
}

/// The names of a wilaya and of a commune (if any), for the search index.
pub fn place_names(conn: &mut DbConn, wilaya_code: &str, commune: Option<i32>) -> QueryResult<Vec<LocalizedText>> {
    let mut names = Vec::new();
    if let Some((ar, fr, en)) = wilayas::table
        .find(wilaya_code)
        .select((wilayas::name_ar, wilayas::name_fr, wilayas::name_en))
        .first::<(String, String, String)>(conn)
        .optional()?
    {
        names.push(text(ar, fr, en));
    }
    if let Some(name) = commune.map(|id| commune_name(conn, id)).transpose()?.flatten() {
        names.push(name);
    }
    Ok(names)
}

/// A commune's name, if it exists.
pub fn commune_name(conn: &mut DbConn, id: i32) -> QueryResult<Option<LocalizedText>> {
    Ok(communes::table
        .find(id)
        .select((communes::name_ar, communes::name_fr, communes::name_en))
        .first::<(String, String, String)>(conn)
        .optional()?
        .map(|(ar, fr, en)| text(ar, fr, en)))
}

/// The place names of each association in `rows` (by id), from two grouped queries.
pub fn place_names_by_id(
    conn: &mut DbConn,
    rows: &[crate::associations::rows::AssociationRow],
) -> QueryResult<std::collections::HashMap<String, Vec<LocalizedText>>> {
    use std::collections::HashMap;
    let wilaya_names: HashMap<String, LocalizedText> = wilayas::table
        .select((wilayas::code, wilayas::name_ar, wilayas::name_fr, wilayas::name_en))
        .load::<(String, String, String, String)>(conn)?
        .into_iter()
        .map(|(code, ar, fr, en)| (code, text(ar, fr, en)))
        .collect();
    let wanted: Vec<i32> = rows.iter().filter_map(|r| r.commune_id).collect();
    let commune_names: HashMap<i32, LocalizedText> = if wanted.is_empty() {
        HashMap::new()
    } else {
        communes::table
            .filter(communes::id.eq_any(&wanted))
            .select((communes::id, communes::name_ar, communes::name_fr, communes::name_en))
            .load::<(i32, String, String, String)>(conn)?
            .into_iter()
            .map(|(id, ar, fr, en)| (id, text(ar, fr, en)))
            .collect()
    };
    Ok(rows
        .iter()
        .map(|r| {
            let names = wilaya_names
                .get(&r.wilaya_code)
                .cloned()
                .into_iter()
                .chain(r.commune_id.and_then(|c| commune_names.get(&c).cloned()))
                .collect();
            (r.id.clone(), names)
        })
        .collect())
}
