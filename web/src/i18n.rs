//! Translations and locale: the current language (chosen by the user, remembered in localStorage,
//! defaulting to the browser's languages), `<html lang dir>`, and formatting of dates and numbers per
//! language.

use leptos::prelude::*;
use madani_shared::text::Language;
use wasm_bindgen::JsCast;

include!(concat!(env!("OUT_DIR"), "/i18n.rs"));

pub const STORAGE_KEY: &str = "madani.lang";

fn index(lang: Language) -> usize {
    match lang {
        Language::Ar => 0,
        Language::Fr => 1,
        Language::En => 2,
    }
}

type Pack = std::sync::OnceLock<Box<[&'static str]>>;

/// The texts of each language, in key order, once loaded (leaked: a handful of kilobytes that live
/// as long as the page): the main module's (`0..MAIN_COUNT`), then those of each area of `AREAS`,
/// which come with the area's pages.
static PACKS: [Pack; 3] = [Pack::new(), Pack::new(), Pack::new()];
static AREA_PACKS: [[Pack; 3]; AREAS.len()] = [const { [Pack::new(), Pack::new(), Pack::new()] }; AREAS.len()];

/// Whether each area's texts have been asked for (a language switch then fetches them too).
static AREAS_WANTED: [std::sync::atomic::AtomicBool; AREAS.len()] =
    [const { std::sync::atomic::AtomicBool::new(false) }; AREAS.len()];

fn slot(lang: Language, area: Option<usize>) -> &'static Pack {
    match area {
        None => &PACKS[index(lang)],
        Some(a) => &AREA_PACKS[a][index(lang)],
    }
}

/// The texts of `lang` (the main module's, or an area's), if they are here.
#[cfg(target_arch = "wasm32")]
fn pack_of(lang: Language, area: Option<usize>) -> Option<&'static [&'static str]> {
    slot(lang, area).get().map(|p| &p[..])
}

/// Off the browser (unit tests) the texts are compiled in.
#[cfg(not(target_arch = "wasm32"))]
fn pack_of(lang: Language, area: Option<usize>) -> Option<&'static [&'static str]> {
    let _ = slot;
    let (start, end) = area.map_or((0, MAIN_COUNT), |a| (AREAS[a].1, AREAS[a].2));
    Some(&TEXTS[index(lang)][start..end])
}

pub fn is_loaded(lang: Language) -> bool {
    pack_of(lang, None).is_some()
}

/// The area holding `key`, and the key's place in it.
fn area_of(key: usize) -> Option<(usize, usize)> {
    AREAS.iter().position(|(_, start, end)| (*start..*end).contains(&key)).map(|a| (a, key - AREAS[a].1))
}

/// Keep `lang`'s texts (an array in key order) of the main module (`area` `None`) or of an area.
/// Refused when the count is not this build's.
fn install_pack(lang: Language, area: Option<usize>, texts: Vec<String>) -> Result<(), String> {
    let count = area.map_or(MAIN_COUNT, |a| AREAS[a].2 - AREAS[a].1);
    if texts.len() != count {
        return Err(format!("{} texts for {}, {count} keys", texts.len(), lang.code()));
    }
    let leaked: Box<[&'static str]> = texts.into_iter().map(|t| &*Box::leak(t.into_boxed_str())).collect();
    let _ = slot(lang, area).set(leaked);
    Ok(())
}

/// Keep `lang`'s texts of the main module (an array in key order).
pub fn install(lang: Language, texts: Vec<String>) -> Result<(), String> {
    install_pack(lang, None, texts)
}

/// Keep `lang`'s texts from a translation file as written in `web/locales`, every area's too (tests).
pub fn install_locale_file(lang: Language, json: &str) -> Result<(), String> {
    let mut map: std::collections::BTreeMap<String, String> = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let mut texts = ALL_KEYS.iter().map(|key| map.remove(*key).unwrap_or_default());
    install_pack(lang, None, texts.by_ref().take(MAIN_COUNT).collect())?;
    for (a, (_, start, end)) in AREAS.iter().enumerate() {
        install_pack(lang, Some(a), texts.by_ref().take(end - start).collect())?;
    }
    Ok(())
}

/// The texts the page loaded before the app (`boot.js` fetches the visitor's language in parallel
/// with the WASM and leaves it in `window.madaniTexts` as `{lang, texts}`).
pub fn install_boot_texts() -> Option<Language> {
    let window = web_sys::window()?;
    let boot = js_sys::Reflect::get(&window, &"madaniTexts".into()).ok()?;
    let lang = Language::parse(&js_sys::Reflect::get(&boot, &"lang".into()).ok()?.as_string()?)?;
    let texts = js_sys::Array::from(&js_sys::Reflect::get(&boot, &"texts".into()).ok()?);
    install(lang, texts.iter().filter_map(|t| t.as_string()).collect()).ok()?;
    Some(lang)
}

/// Fetch `lang`'s texts (`window.madaniLoadTexts`, from `boot.js`, knows the file of this build).
pub async fn load(lang: Language) -> Result<(), String> {
    if is_loaded(lang) {
        return Ok(());
    }
    let texts = fetch_texts(lang.code()).await?;
    install(lang, texts)
}

/// Fetch the texts of area `area` (an index of `AREAS`) in `lang`, unless they are here; from then
/// on a language switch fetches them too.
pub async fn load_area(area: usize, lang: Language) -> Result<(), String> {
    AREAS_WANTED[area].store(true, std::sync::atomic::Ordering::Relaxed);
    if pack_of(lang, Some(area)).is_some() {
        return Ok(());
    }
    let texts = fetch_texts(&format!("{}-{}", AREAS[area].0, lang.code())).await?;
    install_pack(lang, Some(area), texts)
}

/// Whether the texts of area `area` in `lang` are here.
pub fn is_area_loaded(area: usize, lang: Language) -> bool {
    pack_of(lang, Some(area)).is_some()
}

/// The index in `AREAS` of the area named `name`.
pub fn area(name: &str) -> Option<usize> {
    AREAS.iter().position(|(n, _, _)| *n == name)
}

/// Whether each area's stylesheet has come (or could not).
static STYLES: [std::sync::atomic::AtomicBool; AREAS.len()] =
    [const { std::sync::atomic::AtomicBool::new(false) }; AREAS.len()];

/// Fetch the stylesheet of area `area` (`window.madaniLoadStyle`, from `boot.js`, knows this build's
/// file; an area without one has nothing to wait for).
async fn load_style(area: usize) {
    let window = web_sys::window();
    let loader: Option<js_sys::Function> = window
        .as_ref()
        .and_then(|w| js_sys::Reflect::get(w, &"madaniLoadStyle".into()).ok())
        .and_then(|f| f.dyn_into().ok());
    let promise = loader.and_then(|f| f.call1(&wasm_bindgen::JsValue::NULL, &AREAS[area].0.into()).ok());
    if let Some(promise) = promise.and_then(|p| p.dyn_into::<js_sys::Promise>().ok()) {
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }
    STYLES[area].store(true, std::sync::atomic::Ordering::Relaxed);
}

/// A page of the area `name` (of `web/locales/areas.json`), once the area's texts are here in the
/// reader's language and its stylesheet is (they come with the area's first page, not at the app's
/// start): nothing meanwhile, which is a moment (the area's module came the same way).
pub fn with_area_texts<F, V>(name: &'static str, page: F) -> impl IntoView + use<F, V>
where
    F: Fn() -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let locale = use_locale();
    let area = area(name);
    let here =
        |a: usize| is_area_loaded(a, locale.get_untracked()) && STYLES[a].load(std::sync::atomic::Ordering::Relaxed);
    let ready = RwSignal::new(area.is_none_or(here));
    if let Some(a) = area.filter(|_| !ready.get_untracked()) {
        leptos::task::spawn_local(async move {
            let (texts, ()) = futures_util::future::join(load_area(a, locale.get_untracked()), load_style(a)).await;
            if let Err(e) = texts {
                leptos::logging::warn!("texts of the {name} pages: {e}");
            }
            // Shown even without them: the texts of another language, or none, beat no page.
            ready.try_set(true);
        });
    }
    move || ready.get().then(&page)
}

/// A pack of texts as `boot.js` fetches it: `lang` (`ar`) or `<area>-<lang>` (`projects-ar`).
async fn fetch_texts(name: &str) -> Result<Vec<String>, String> {
    let window = web_sys::window().ok_or("no window")?;
    let loader: js_sys::Function = js_sys::Reflect::get(&window, &"madaniLoadTexts".into())
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or("no text loader")?;
    let promise: js_sys::Promise = loader
        .call1(&window, &name.into())
        .map_err(|_| "text loader failed")?
        .dyn_into()
        .map_err(|_| "not a promise")?;
    let texts = wasm_bindgen_futures::JsFuture::from(promise).await.map_err(|_| "the texts did not load")?;
    Ok(js_sys::Array::from(&texts).iter().filter_map(|t| t.as_string()).collect())
}

/// The text of `key` in `lang`; while `lang`'s texts are on their way, in a language that is here.
pub fn text(lang: Language, key: usize) -> &'static str {
    let (area, key) = match area_of(key) {
        Some((a, k)) => (Some(a), k),
        None => (None, key),
    };
    pack_of(lang, area)
        .or_else(|| Language::ALL.into_iter().find_map(|l| pack_of(l, area)))
        .and_then(|texts| texts.get(key).copied())
        .unwrap_or("")
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
    let category = plural_category(lang, count);
    key_index(&format!("{base}.{category}"))
        .or_else(|| key_index(&format!("{base}.other")))
        .map(|key| format(lang, key, &[("count", &count.to_string())]))
        .unwrap_or_else(|| count.to_string())
}

/// The form of a count for `count` in `lang` where the texts are named by constant, not by key (an
/// area's): `forms` are the keys of its `zero`, `one`, `two`, `few`, `many` and `other` forms,
/// picked as [`plural`] picks them; `{count}` filled in.
pub fn counted(lang: Language, count: i64, forms: [usize; 6]) -> String {
    let form = match plural_category(lang, count).as_str() {
        "zero" => forms[0],
        "one" => forms[1],
        "two" => forms[2],
        "few" => forms[3],
        "many" => forms[4],
        _ => forms[5],
    };
    text(lang, form).replace("{count}", &count.to_string())
}

/// `zero`, `one`, `two`, `few`, `many` or `other`: the category of `count` in `lang` by the
/// browser's `Intl.PluralRules`.
fn plural_category(lang: Language, count: i64) -> String {
    let locales = js_sys::Array::of1(&intl_locale(lang).into());
    let rules = js_sys::Intl::PluralRules::new(&locales, &js_sys::Object::new());
    String::from(rules.select(count as f64))
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

impl Locale {
    /// Change the interface's language, once its texts are here (the main module's, and those of
    /// the areas of pages opened so far).
    pub fn switch(self, lang: Language) {
        let wanted = || (0..AREAS.len()).filter(|a| AREAS_WANTED[*a].load(std::sync::atomic::Ordering::Relaxed));
        if is_loaded(lang) && wanted().all(|a| pack_of(lang, Some(a)).is_some()) {
            self.0.set(lang);
            return;
        }
        leptos::task::spawn_local(async move {
            let mut result = load(lang).await;
            for a in wanted() {
                if result.is_ok() {
                    result = load_area(a, lang).await;
                }
            }
            match result {
                Ok(()) => self.0.set(lang),
                Err(e) => leptos::logging::warn!("texts of {}: {e}", lang.code()),
            }
        });
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

/// Remember the choice (for the app and, in a cookie, for the server) and set `lang` and `dir` on `<html>`.
pub fn apply(lang: Language) {
    if let Some(window) = web_sys::window() {
        if let Ok(Some(storage)) = window.local_storage() {
            let _ = storage.set_item(STORAGE_KEY, lang.code());
        }
        if let Some(document) = window.document() {
            // The server reads it to send the page's shell in this language.
            let cookie = format!("madani_lang={}; path=/; max-age=31536000; samesite=lax", lang.code());
            let _ = js_sys::Reflect::set(&document, &"cookie".into(), &cookie.into());
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
