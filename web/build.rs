//! Compile the translation files into a table. The build fails when a language misses a key, has an
//! extra one, or leaves one empty, or when the placeholders (`{name}`) differ between languages: every
//! string of the interface exists in Arabic, French and English.
//! Keys are numbered in sorted order, those of the app's main module first, then those of each area
//! of pages named in `locales/areas.json` (keys by prefix: `project.` …), whose texts are fetched
//! with the area's pages rather than at start. `cargo xtask web` writes each language as an array
//! in that same order (`locale-<lang>-<hash>.json`, which the app fetches at start), and each area's
//! part apart (`locale-<area>-<lang>-<hash>.json`), by the same rule (`area_of`).

use std::collections::BTreeMap;
use std::fmt::Write;

const LANGS: [&str; 3] = ["ar", "fr", "en"];

fn placeholders(text: &str) -> Vec<&str> {
    let mut out: Vec<&str> = text.split('{').skip(1).filter_map(|s| s.split_once('}').map(|(p, _)| p)).collect();
    out.sort();
    out
}

/// `base.zero` … `base.other`: the forms `i18n::plural` picks by the language's plural rules.
fn is_plural_form(key: &str) -> bool {
    key.rsplit_once('.').is_some_and(|(_, form)| ["zero", "one", "two", "few", "many", "other"].contains(&form))
}

/// An area of pages whose texts load with its pages (`locales/areas.json`): its keys by prefix
/// (but those of `keep`, which the main module uses too), and whether its keys are looked up by
/// name (`key_index`: labels and plurals built from a prefix), which keeps their names in the main
/// module.
struct Area {
    prefixes: Vec<String>,
    keep: Vec<String>,
    by_name: bool,
}

fn areas() -> Vec<(String, Area)> {
    println!("cargo:rerun-if-changed=locales/areas.json");
    let text = std::fs::read_to_string("locales/areas.json").unwrap_or_else(|e| panic!("locales/areas.json: {e}"));
    let map: BTreeMap<String, serde_json::Value> =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("locales/areas.json: {e}"));
    let strings = |v: &serde_json::Value, field: &str| -> Vec<String> {
        v[field]
            .as_array()
            .map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_owned)).collect())
            .unwrap_or_default()
    };
    map.into_iter()
        .map(|(name, v)| {
            let area = Area {
                prefixes: strings(&v, "prefixes"),
                keep: strings(&v, "keep"),
                by_name: v["by_name"].as_bool().unwrap_or(false),
            };
            (name, area)
        })
        .collect()
}

/// The area (index in `areas`) a key's text belongs to, if any (the same rule as `xtask`'s).
fn area_of(areas: &[(String, Area)], key: &str) -> Option<usize> {
    areas
        .iter()
        .position(|(_, a)| a.prefixes.iter().any(|p| key.starts_with(p.as_str())) && !a.keep.iter().any(|k| k == key))
}

fn main() {
    let areas = areas();
    let mut tables: Vec<BTreeMap<String, String>> = Vec::new();
    for lang in LANGS {
        let path = format!("locales/{lang}.json");
        println!("cargo:rerun-if-changed={path}");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let map: BTreeMap<String, String> = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
        tables.push(map);
    }
    // The main module's keys (sorted), then each area's (sorted).
    let mut keys: Vec<&String> = tables[2].keys().filter(|k| area_of(&areas, k).is_none()).collect();
    let main_count = keys.len();
    let mut area_ranges = Vec::new();
    for (i, (name, _)) in areas.iter().enumerate() {
        let start = keys.len();
        keys.extend(tables[2].keys().filter(|k| area_of(&areas, k) == Some(i)));
        area_ranges.push((name.clone(), start, keys.len()));
    }
    let mut problems = Vec::new();
    for (i, lang) in LANGS.iter().enumerate() {
        for key in &keys {
            match tables[i].get(*key) {
                None => problems.push(format!("{lang}.json misses \"{key}\"")),
                Some(v) if v.trim().is_empty() => problems.push(format!("{lang}.json has an empty \"{key}\"")),
                // A plural form may leave the number out ("عضو واحد", "one member").
                Some(v) if placeholders(v) != placeholders(&tables[2][*key]) && !is_plural_form(key) => {
                    problems.push(format!("{lang}.json \"{key}\" has other placeholders than en.json"))
                }
                Some(_) => {}
            }
        }
        for key in tables[i].keys() {
            if !tables[2].contains_key(key) {
                problems.push(format!("{lang}.json has \"{key}\", which en.json lacks"));
            }
        }
    }
    if !problems.is_empty() {
        panic!("translations are incomplete:\n  {}", problems.join("\n  "));
    }

    let mut out = String::new();
    writeln!(out, "/// Translation keys (generated from locales/*.json).").unwrap();
    writeln!(out, "pub mod k {{").unwrap();
    for (i, key) in keys.iter().enumerate() {
        let name: String =
            key.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' }).collect();
        writeln!(out, "    pub const {name}: usize = {i};").unwrap();
    }
    writeln!(out, "}}").unwrap();
    writeln!(out, "pub const KEY_COUNT: usize = {};", keys.len()).unwrap();
    writeln!(out, "/// The keys of the main module's texts: `0..MAIN_COUNT`.").unwrap();
    writeln!(out, "pub const MAIN_COUNT: usize = {main_count};").unwrap();
    writeln!(out, "/// The areas whose texts come with their pages: name, and their keys' range.").unwrap();
    writeln!(out, "pub const AREAS: [(&str, usize, usize); {}] = [", area_ranges.len()).unwrap();
    for (name, start, end) in &area_ranges {
        writeln!(out, "    ({name:?}, {start}, {end}),").unwrap();
    }
    writeln!(out, "];").unwrap();
    // The texts themselves are compiled in only off the browser (unit tests, tools): the web app
    // fetches the visitor's language alone, as a JSON array in key order (`cargo xtask web` writes
    // one per language), so the first load does not carry the two others.
    writeln!(out, "#[cfg(not(target_arch = \"wasm32\"))]").unwrap();
    writeln!(out, "pub static TEXTS: [[&str; {}]; 3] = [", keys.len()).unwrap();
    for table in &tables {
        writeln!(out, "    [").unwrap();
        for key in &keys {
            writeln!(out, "        {:?},", table[*key]).unwrap();
        }
        writeln!(out, "    ],").unwrap();
    }
    writeln!(out, "];").unwrap();
    // Keys are sorted within the main module's and within each area's (BTreeMap order), so a lookup
    // by text is a binary search. The keys of an area not looked up by name (its pages name them by
    // constant) leave their names out of the main module.
    writeln!(out, "static KEYS: [&str; {main_count}] = [").unwrap();
    for key in &keys[..main_count] {
        writeln!(out, "    {key:?},").unwrap();
    }
    writeln!(out, "];").unwrap();
    let by_name: Vec<&(String, usize, usize)> =
        area_ranges.iter().zip(&areas).filter(|(_, (_, a))| a.by_name).map(|(r, _)| r).collect();
    writeln!(out, "static AREA_KEYS: [(usize, &[&str]); {}] = [", by_name.len()).unwrap();
    for (_, start, end) in &by_name {
        writeln!(out, "    ({start}, &{:?}),", &keys[*start..*end]).unwrap();
    }
    writeln!(out, "];").unwrap();
    // Every key in order, for installing a translation file as written (tests; unused by the app,
    // so left out of its build).
    writeln!(out, "static ALL_KEYS: [&str; {}] = [", keys.len()).unwrap();
    for key in &keys {
        writeln!(out, "    {key:?},").unwrap();
    }
    writeln!(out, "];").unwrap();
    writeln!(out, "/// The index of a key given as text (for codes that come from the server).").unwrap();
    writeln!(
        out,
        "pub fn key_index(key: &str) -> Option<usize> {{\n    KEYS.binary_search(&key).ok().or_else(|| {{\n        \
         AREA_KEYS.iter().find_map(|(start, names)| names.binary_search(&key).ok().map(|i| start + i))\n    }})\n}}"
    )
    .unwrap();
    let dest = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("i18n.rs");
    std::fs::write(dest, out).unwrap();
}
