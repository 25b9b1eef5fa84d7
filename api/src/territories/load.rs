//! Load Algeria's territories from `assets/territories/dz/` (CC0; see SOURCE.md there) into the
//! database when the tables are empty. Ids follow the order of the files, which are sorted by wilaya.

use std::collections::HashMap;

use diesel::prelude::*;
use serde::Deserialize;

use crate::db::DbConn;
use crate::db::schema::{communes, dairas, wilayas};

#[derive(Deserialize)]
struct WilayaFile {
    wilayas: Vec<WilayaEntry>,
}
#[derive(Deserialize)]
struct WilayaEntry {
    wilaya_num: i32,
    code: String,
    nom_ar: String,
    nom_fr: String,
    nom_en: String,
}
#[derive(Deserialize)]
struct DairaFile {
    dairas: Vec<DairaEntry>,
}
#[derive(Deserialize)]
struct DairaEntry {
    wilaya_code: String,
    nom_ar: String,
    nom_fr: String,
    nom_en: String,
}
#[derive(Deserialize)]
struct CommuneFile {
    communes: Vec<CommuneEntry>,
}
#[derive(Deserialize)]
struct CommuneEntry {
    wilaya_code: String,
    daira_fr: String,
    nom_ar: String,
    nom_fr: String,
    nom_en: String,
    code_postal: Option<String>,
}

#[derive(Insertable)]
#[diesel(table_name = wilayas)]
struct NewWilaya {
    code: String,
    number: i32,
    name_ar: String,
    name_fr: String,
    name_en: String,
}
#[derive(Insertable)]
#[diesel(table_name = dairas)]
struct NewDaira {
    id: i32,
    wilaya_code: String,
    name_ar: String,
    name_fr: String,
    name_en: String,
}
#[derive(Insertable)]
#[diesel(table_name = communes)]
struct NewCommune {
    id: i32,
    wilaya_code: String,
    daira_id: i32,
    name_ar: String,
    name_fr: String,
    name_en: String,
    postal_code: Option<String>,
}

fn parse<T: for<'de> Deserialize<'de>>(name: &str, text: &str) -> Result<T, diesel::result::Error> {
    serde_json::from_str(text).map_err(|e| diesel::result::Error::DeserializationError(format!("{name}: {e}").into()))
}

/// Load the territories unless they are there already. Returns the number of communes loaded.
pub fn load_if_empty(conn: &mut DbConn) -> QueryResult<usize> {
    let present: i64 = wilayas::table.count().get_result(conn)?;
    if present > 0 {
        return Ok(0);
    }
    let w: WilayaFile = parse("wilayas.json", include_str!("../../assets/territories/dz/wilayas.json"))?;
    let d: DairaFile = parse("dairas.json", include_str!("../../assets/territories/dz/dairas.json"))?;
    let c: CommuneFile = parse("communes.json", include_str!("../../assets/territories/dz/communes.json"))?;

    let new_wilayas: Vec<NewWilaya> = w
        .wilayas
        .into_iter()
        .map(|e| NewWilaya {
            code: e.code,
            number: e.wilaya_num,
            name_ar: e.nom_ar,
            name_fr: e.nom_fr,
            name_en: e.nom_en,
        })
        .collect();
    let mut daira_ids: HashMap<(String, String), i32> = HashMap::new();
    let new_dairas: Vec<NewDaira> = d
        .dairas
        .into_iter()
        .enumerate()
        .map(|(i, e)| {
            let id = i as i32 + 1;
            daira_ids.insert((e.wilaya_code.clone(), e.nom_fr.clone()), id);
            NewDaira { id, wilaya_code: e.wilaya_code, name_ar: e.nom_ar, name_fr: e.nom_fr, name_en: e.nom_en }
        })
        .collect();
    let mut new_communes = Vec::with_capacity(c.communes.len());
    for (i, e) in c.communes.into_iter().enumerate() {
        let daira_id = *daira_ids.get(&(e.wilaya_code.clone(), e.daira_fr.clone())).ok_or_else(|| {
            diesel::result::Error::DeserializationError(
                format!("commune {} names unknown daïra {}", e.nom_fr, e.daira_fr).into(),
            )
        })?;
        new_communes.push(NewCommune {
            id: i as i32 + 1,
            wilaya_code: e.wilaya_code,
            daira_id,
            name_ar: e.nom_ar,
            name_fr: e.nom_fr,
            name_en: e.nom_en,
            postal_code: e.code_postal.filter(|p| !p.trim().is_empty()),
        });
    }
    let count = new_communes.len();
    crate::db::write_tx(conn, |conn| {
        crate::db::insert_chunks!(conn, wilayas::table, new_wilayas, 500);
        crate::db::insert_chunks!(conn, dairas::table, new_dairas, 500);
        crate::db::insert_chunks!(conn, communes::table, new_communes, 500);
        Ok::<_, diesel::result::Error>(())
    })?;
    tracing::info!(wilayas = new_wilayas.len(), dairas = new_dairas.len(), communes = count, "territories loaded");
    Ok(count)
}
