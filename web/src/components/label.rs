//! The names of enum values (a category, a role, a status) in the reader's language.

use madani_shared::text::Language;

use crate::i18n::{key_index, text};

/// The translated label of an enum value: `<prefix>.<value>`, else the value itself.
pub fn label(lang: Language, prefix: &str, value: &str) -> String {
    key_index(&format!("{prefix}.{value}")).map(|key| text(lang, key).to_owned()).unwrap_or_else(|| value.to_owned())
}

/// Each of `values` with its label, for a filter.
pub fn labelled(lang: Language, prefix: &str, values: impl Iterator<Item = &'static str>) -> Vec<(String, String)> {
    values.map(|v| (v.to_owned(), label(lang, prefix, v))).collect()
}

/// The options of a select among enum values: each value with the key of its label.
pub fn label_options(prefix: &str, values: impl Iterator<Item = &'static str>) -> Vec<(&'static str, usize)> {
    values.map(|v| (v, key_index(&format!("{prefix}.{v}")).unwrap_or(crate::i18n::k::DIR_ANY))).collect()
}
