//! Translations and locale: the current language (chosen by the user, remembered in localStorage,
//! defaulting to the browser's languages), `<html lang dir>`, and formatting of dates and numbers per
//! language.

use leptos::prelude::*;
use madani_shared::text::Language;

include!(concat!(env!("OUT_DIR"), "/i18n.rs"));

pub const STORAGE_KEY: &str = "madani.lang";

fn index(lang: Language) -> usize {
    match lang {
        Language::Ar => 0,
        Language::Fr => 1,
        Language::En => 2,
    }
}

/// The text of `key` in `lang`.
pub fn text(lang: Language, key: usize) -> &'static str {
    TEXTS[index(lang)][key]
}

/// The text of `key` with `{name}` placeholders filled.
pub fn format(lang: Language, key: usize, args: &[(&str, &str)]) -> String {
    let mut s = text(lang, key).to_owned();
    for (name, value) in args {
        s = s.replace(&format!("{{{name}}}"), value);
    }
    s
}

/// The form of `base` for `count` in `lang`: the key `base.<category>`, the category (`zero`, `one`,
/// `two`, `few`, `many`, `other`) chosen by the browser's `Intl.PluralRules`, with `{count}` filled in.
/// Arabic uses all six; French and English `one` and `other`.
pub fn plural(lang: Language, base: &str, count: i64) -> String {
    let locales = js_sys::Array::of1(&intl_locale(lang).into());
    let rules = js_sys::Intl::PluralRules::new(&locales, &js_sys::Object::new());
    let category = String::from(rules.select(count as f64));
    key_index(&format!("{base}.{category}"))
        .or_else(|| key_index(&format!("{base}.other")))
        .map(|key| format(lang, key, &[("count", &count.to_string())]))
        .unwrap_or_else(|| count.to_string())
}

/// The language signal every component reads.
#[derive(Clone, Copy)]
pub struct Locale(pub RwSignal<Language>);

impl Locale {
    pub fn get(&self) -> Language {
        self.0.get()
    }

    pub fn get_untracked(&self) -> Language {
        self.0.get_untracked()
    }
}

pub fn use_locale() -> Locale {
    expect_context::<Locale>()
}

/// A reactive text for `key`: use it directly in a view (`{tr(k::LOGIN_TITLE)}`) or an attribute.
pub fn tr(key: usize) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let locale = use_locale();
    move || text(locale.get(), key)
}

/// The language to start with: the remembered choice, else the first supported browser language.
pub fn initial_language() -> Language {
    let window = web_sys::window();
    let stored = window
        .as_ref()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|code| Language::parse(&code));
    if let Some(lang) = stored {
        return lang;
    }
    let languages = window.map(|w| w.navigator().languages()).map(|list| list.to_vec()).unwrap_or_default();
    from_browser(languages.iter().filter_map(|v| v.as_string()))
}

/// The first of the browser's languages Madani speaks (`ar-DZ` → ar), else French.
pub fn from_browser(languages: impl IntoIterator<Item = String>) -> Language {
    languages
        .into_iter()
        .find_map(|tag| Language::parse(&tag.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase()))
        .unwrap_or(Language::Fr)
}

/// Remember the choice and set `lang` and `dir` on `<html>`.
pub fn apply(lang: Language) {
    if let Some(window) = web_sys::window() {
        if let Ok(Some(storage)) = window.local_storage() {
            let _ = storage.set_item(STORAGE_KEY, lang.code());
        }
        if let Some(html) = window.document().and_then(|d| d.document_element()) {
            let _ = html.set_attribute("lang", lang.code());
            let _ = html.set_attribute("dir", if lang == Language::Ar { "rtl" } else { "ltr" });
        }
    }
}

/// A date and time in the language's conventions (Intl), e.g. "21 nov. 2026, 10:30".
pub fn format_datetime(lang: Language, at: chrono::DateTime<chrono::Utc>) -> String {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
    // 24-hour clock in every language ("18:24", not "6:24 PM"): fr-DZ defaults to 12 hours.
    let _ = js_sys::Reflect::set(&options, &"hourCycle".into(), &"h23".into());
    let locales = js_sys::Array::of1(&intl_locale(lang).into());
    let formatter = js_sys::Intl::DateTimeFormat::new(&locales, &options);
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at.timestamp_millis() as f64));
    formatter.format().call1(&formatter, &date).ok().and_then(|v| v.as_string()).unwrap_or_else(|| at.to_rfc3339())
}

/// A date alone, e.g. "21 novembre 2026".
pub fn format_date(lang: Language, at: chrono::DateTime<chrono::Utc>) -> String {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"long".into());
    let locales = js_sys::Array::of1(&intl_locale(lang).into());
    let formatter = js_sys::Intl::DateTimeFormat::new(&locales, &options);
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at.timestamp_millis() as f64));
    formatter
        .format()
        .call1(&formatter, &date)
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| at.date_naive().to_string())
}

/// A calendar day (a founding date), e.g. "12 mars 1998".
pub fn format_day(lang: Language, day: chrono::NaiveDate) -> String {
    // Noon UTC is the same day in every time zone of the region.
    format_date(lang, day.and_hms_opt(12, 0, 0).unwrap_or_default().and_utc())
}

/// A whole number as the language writes it: "12 345" in French, "12,345" in English.
pub fn format_number(lang: Language, n: i64) -> String {
    number_format(lang, &js_sys::Object::new(), n as f64).unwrap_or_else(|| n.to_string())
}

/// A percentage (0 to 100) as the language writes it: "67 %" in French, "67%" in English.
pub fn format_percent(lang: Language, percent: i64) -> String {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"style".into(), &"percent".into());
    let _ = js_sys::Reflect::set(&options, &"maximumFractionDigits".into(), &0.into());
    number_format(lang, &options, percent as f64 / 100.0).unwrap_or_else(|| format!("{percent}\u{a0}%"))
}

/// A file's size as the language writes it, in kB, MB or GB: "12,5 Mo" in French, "12.5 MB" in English.
pub fn format_bytes(lang: Language, bytes: u64) -> String {
    let (unit, value) = match bytes {
        0..1_000_000 => ("kilobyte", bytes as f64 / 1e3),
        1_000_000..1_000_000_000 => ("megabyte", bytes as f64 / 1e6),
        _ => ("gigabyte", bytes as f64 / 1e9),
    };
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"style".into(), &"unit".into());
    let _ = js_sys::Reflect::set(&options, &"unit".into(), &unit.into());
    let _ = js_sys::Reflect::set(&options, &"maximumFractionDigits".into(), &1.into());
    number_format(lang, &options, value).unwrap_or_else(|| format!("{bytes} B"))
}

fn number_format(lang: Language, options: &js_sys::Object, value: f64) -> Option<String> {
    let locales = js_sys::Array::of1(&intl_locale(lang).into());
    let formatter = js_sys::Intl::NumberFormat::new(&locales, options);
    formatter.format().call1(&formatter, &value.into()).ok().and_then(|v| v.as_string())
}

/// Algerian Arabic and French conventions; Latin digits in Arabic, as used on Algerian documents.
fn intl_locale(lang: Language) -> &'static str {
    match lang {
        Language::Ar => "ar-DZ-u-nu-latn",
        Language::Fr => "fr-DZ",
        Language::En => "en-GB",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_text_in_every_language() {
        for lang in Language::ALL {
            for key in 0..KEY_COUNT {
                assert!(!text(lang, key).trim().is_empty());
            }
        }
        assert_eq!(key_index("error.invalid_credentials"), Some(k::ERROR_INVALID_CREDENTIALS));
        assert_eq!(key_index("no.such.key"), None);
    }

    #[test]
    fn fills_placeholders() {
        assert_eq!(format(Language::En, k::HOME_WELCOME, &[("name", "Amina")]), "Welcome, Amina");
        assert_eq!(format(Language::Ar, k::HOME_WELCOME, &[("name", "أمينة")]), "مرحبًا، أمينة");
    }

    #[test]
    fn browser_languages_pick_the_first_supported() {
        assert_eq!(from_browser(["de-DE".to_string(), "ar-DZ".into(), "fr".into()]), Language::Ar);
        assert_eq!(from_browser(["en_GB".to_string()]), Language::En);
        assert_eq!(from_browser(Vec::<String>::new()), Language::Fr);
    }
}
