//! Compile the translation files into a table. The build fails when a language misses a key, has an
//! extra one, or leaves one empty, or when the placeholders (`{name}`) differ between languages: every
//! string of the interface exists in Arabic, French and English.
//! Keys are numbered in sorted order; `cargo xtask web` writes each language as an array in that
//! same order (`locale-<lang>-<hash>.json`), which the app fetches at start.

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

fn main() {
    let mut tables: Vec<BTreeMap<String, String>> = Vec::new();
    for lang in LANGS {
        let path = format!("locales/{lang}.json");
        println!("cargo:rerun-if-changed={path}");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let map: BTreeMap<String, String> = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
        tables.push(map);
    }
    let keys: Vec<&String> = tables[2].keys().collect();
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
    // Keys are sorted (BTreeMap order), so a lookup by text is a binary search.
    writeln!(out, "static KEYS: [&str; {}] = [", keys.len()).unwrap();
    for key in &keys {
        writeln!(out, "    {key:?},").unwrap();
    }
    writeln!(out, "];").unwrap();
    writeln!(out, "/// The index of a key given as text (for codes that come from the server).").unwrap();
    writeln!(out, "pub fn key_index(key: &str) -> Option<usize> {{\n    KEYS.binary_search(&key).ok()\n}}").unwrap();
    let dest = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("i18n.rs");
    std::fs::write(dest, out).unwrap();
}
