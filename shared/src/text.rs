//! Text in Madani's three languages.

use serde::{Deserialize, Serialize};

/// A language the interface and messages exist in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Language {
    /// Arabic (written right to left).
    Ar,
    /// French.
    #[default]
    Fr,
    /// English.
    En,
}

impl Language {
    pub const ALL: [Language; 3] = [Language::Ar, Language::Fr, Language::En];

    pub fn code(self) -> &'static str {
        match self {
            Language::Ar => "ar",
            Language::Fr => "fr",
            Language::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "ar" => Some(Language::Ar),
            "fr" => Some(Language::Fr),
            "en" => Some(Language::En),
            _ => None,
        }
    }
}

/// Content in up to three languages; at least one is present.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"ar": "بجاية", "fr": "Béjaïa", "en": "Bejaia"})))]
#[serde(remote = "Self")]
pub struct LocalizedText {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ar: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fr: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}
crate::json::object_only!(LocalizedText);

impl LocalizedText {
    /// The text in `lang`, else in the first language present (fr, ar, en).
    /// Each language's text, trimmed; empty ones absent (the ar, fr, en columns of a row).
    pub fn trimmed(&self) -> (Option<String>, Option<String>, Option<String>) {
        let clean = |t: &Option<String>| t.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned);
        (clean(&self.ar), clean(&self.fr), clean(&self.en))
    }

    pub fn get(&self, lang: Language) -> &str {
        let wanted = match lang {
            Language::Ar => &self.ar,
            Language::Fr => &self.fr,
            Language::En => &self.en,
        };
        wanted.as_deref().or(self.fr.as_deref()).or(self.ar.as_deref()).or(self.en.as_deref()).unwrap_or("")
    }

    pub fn is_empty(&self) -> bool {
        [&self.ar, &self.fr, &self.en].iter().all(|t| t.as_deref().is_none_or(|s| s.trim().is_empty()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn falls_back_to_another_language() {
        let t = LocalizedText { ar: Some("بجاية".into()), fr: None, en: None };
        assert_eq!(t.get(Language::En), "بجاية");
        assert!(!t.is_empty());
        assert!(LocalizedText { fr: Some("  ".into()), ..Default::default() }.is_empty());
    }
}

/// Lower-case and strip Latin diacritics (`Béjaïa` → `bejaia`), for sorting and matching names.
pub fn fold_latin(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => 'a',
            'ç' | 'ć' | 'č' => 'c',
            'è' | 'é' | 'ê' | 'ë' | 'ē' => 'e',
            'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
            'ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ō' => 'o',
            'ù' | 'ú' | 'û' | 'ü' | 'ū' => 'u',
            'ý' | 'ÿ' => 'y',
            '\'' | '’' | '-' => ' ',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod fold_tests {
    use super::fold_latin;

    #[test]
    fn folds_case_and_accents() {
        assert_eq!(fold_latin("Béjaïa"), "bejaia");
        assert_eq!(fold_latin("AÏN DEFLA"), "ain defla");
        assert_eq!(fold_latin("Ksar el-Boukhari"), "ksar el boukhari");
    }
}
