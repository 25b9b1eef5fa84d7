//! The web app's sentences (`web/locales/*.json`), for what the server writes in a person's language
//! with the same words as the app: notification emails, and the page shell `index.html` carries
//! before the app starts. The web build refuses a missing key, so every language has them all.

use std::collections::HashMap;
use std::sync::LazyLock;

use madani_shared::text::Language;

static LOCALES: LazyLock<[HashMap<String, String>; 3]> = LazyLock::new(|| {
    let parse = |text: &str| serde_json::from_str::<HashMap<String, String>>(text).unwrap_or_default();
    [
        parse(include_str!("../../web/locales/ar.json")),
        parse(include_str!("../../web/locales/fr.json")),
        parse(include_str!("../../web/locales/en.json")),
    ]
});

/// The sentence `key` in `lang`, if there is one.
pub fn text(lang: Language, key: &str) -> Option<&'static str> {
    let i = match lang {
        Language::Ar => 0,
        Language::Fr => 1,
        Language::En => 2,
    };
    LOCALES[i].get(key).map(String::as_str)
}
