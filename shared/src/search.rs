//! Text folding for search: one form for what is stored and what is asked, so that "Béjaïa" finds
//! "bejaia" and "جمعية" finds "جَمْعِيَّة". The server indexes with it; the web app can use it to
//! highlight matches.

use crate::text::fold_latin;

/// Fold one character of Arabic: drop diacritics (harakat, shadda, sukun, superscript alef) and
/// tatweel; unify alef forms (أ إ آ ٱ → ا), alef maqsura (ى → ي), teh marbuta (ة → ه), hamza
/// carriers (ؤ → و, ئ → ي); Arabic-Indic digits become ASCII digits.
fn fold_arabic(c: char) -> Option<char> {
    match c {
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' => None,
        'أ' | 'إ' | 'آ' | 'ٱ' => Some('ا'),
        'ى' => Some('ي'),
        'ة' => Some('ه'),
        'ؤ' => Some('و'),
        'ئ' => Some('ي'),
        '\u{0660}'..='\u{0669}' => char::from_digit(c as u32 - 0x0660, 10),
        '\u{06F0}'..='\u{06F9}' => char::from_digit(c as u32 - 0x06F0, 10),
        other => Some(other),
    }
}

/// Lower-case, strip Latin accents and Arabic diacritics, unify Arabic letter variants.
pub fn fold(text: &str) -> String {
    fold_latin(text).chars().filter_map(fold_arabic).collect()
}

/// The folded words of a text (letters and digits; everything else separates words).
pub fn tokens(text: &str) -> Vec<String> {
    fold(text).split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_owned).collect()
}

/// Whether a word of `name` starts with `query` (which may run over the next words), case, Latin
/// accents and Arabic diacritics and letter forms aside.
pub fn name_matches(name: &str, query: &str) -> bool {
    let query = tokens(query).join(" ");
    if query.is_empty() {
        return false;
    }
    let words = tokens(name);
    (0..words.len()).any(|i| words[i..].join(" ").starts_with(&query))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_matches_the_start_of_any_of_its_words() {
        assert!(name_matches("Karim Haddad", "kar"));
        assert!(name_matches("Karim Haddad", "HAD"));
        assert!(name_matches("Karim Haddad", "karim h"));
        assert!(!name_matches("Karim Haddad", "arim"));
        assert!(!name_matches("Karim Haddad", "haddad k"));
        assert!(name_matches("Zoé Bélaïd", "bela"));
        assert!(name_matches("Zoe Belaid", "zoé"));
        assert!(name_matches("أمينة بن علي", "امي"));
        assert!(name_matches("أمينة بن علي", "عل"));
        assert!(name_matches("آمنة", "امن"));
        assert!(!name_matches("Karim", ""));
    }

    #[test]
    fn folds_latin_accents_and_case() {
        assert_eq!(tokens("Béjaïa, Tizi-Ouzou"), ["bejaia", "tizi", "ouzou"]);
    }

    #[test]
    fn folds_arabic_diacritics_and_variants() {
        assert_eq!(fold("جَمْعِيَّة"), fold("جمعية"));
        assert_eq!(fold("جمعية"), "جمعيه");
        assert_eq!(fold("أمل"), "امل");
        assert_eq!(fold("إحسان"), "احسان");
        assert_eq!(fold("آفاق"), "افاق");
        assert_eq!(fold("مستشفى"), "مستشفي");
        assert_eq!(fold("العـــربية"), "العربيه");
        assert_eq!(tokens("جمعية ٢٠٢٤"), ["جمعيه", "2024"]);
    }
}
