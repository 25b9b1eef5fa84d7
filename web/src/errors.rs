//! Turning API errors into text in the reader's language, from their stable codes.

use madani_shared::text::Language;
use madani_shared::{ClientError, ErrorCode, FieldError, Problem};

use crate::i18n::{k, key_index, text};

/// The message for a failed call, translated from its code.
pub fn problem_text(lang: Language, error: &ClientError) -> String {
    let key = match error {
        ClientError::Api(p) => key_index(&format!("error.{}", p.code.as_str())).unwrap_or(k::ERROR_UNKNOWN),
        ClientError::Transport(_) => k::ERROR_NETWORK,
        ClientError::Decode { .. } => k::ERROR_UNKNOWN,
    };
    text(lang, key).to_owned()
}

/// What a page shows for an id in its address that is not one: the server answers `not_found` for
/// such an address, so the page says the same without asking it.
pub fn not_found() -> ClientError {
    ClientError::Api(Box::new(Problem::new(404, ErrorCode::NotFound, "Not Found", "no such id")))
}

/// The message for one invalid field, from its code: `field.<field>.<code>` (the field without its
/// indexes: `questions.choices` for `questions[2].choices`), else `field.<code>`; the server's English
/// message only for a code this version does not know (a test checks that every code the server
/// sends has its sentence).
pub fn field_text(lang: Language, error: &FieldError) -> String {
    key_index(&format!("field.{}.{}", without_indexes(&error.field), error.code))
        .or_else(|| key_index(&format!("field.{}", error.code)))
        .map(|key| text(lang, key).to_owned())
        .unwrap_or_else(|| error.message.clone())
}

/// `questions[2].choices` → `questions.choices`.
fn without_indexes(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut depth = 0;
    for c in field.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod codes;

#[cfg(test)]
mod tests {
    use super::*;

    fn field(field: &str, code: &str) -> FieldError {
        FieldError { field: field.into(), code: code.into(), message: "server text".into() }
    }

    #[test]
    fn field_messages_prefer_the_most_specific_key() {
        assert_eq!(field_text(Language::En, &field("password", "length")), "Use 8 to 128 characters.");
        assert_eq!(field_text(Language::En, &field("email", "length")), "This is too short or too long.");
        assert_eq!(field_text(Language::Fr, &field("email", "email")), "Saisissez une adresse e-mail valide.");
        assert_eq!(field_text(Language::En, &field("x", "brand_new_code")), "server text");
        // Uploads: the field the server names picks the message.
        assert_eq!(field_text(Language::Fr, &field("cover", "too_large")), "L'image dépasse 1 Mo.");
        assert_eq!(field_text(Language::En, &field("logo", "not_an_image")), "Choose a PNG, JPEG or WebP picture.");
        assert_eq!(field_text(Language::Ar, &field("video", "not_a_video")), "اختر فيديو بصيغة MP4 أو WebM.");
    }

    #[test]
    fn indexes_do_not_change_the_message() {
        assert_eq!(without_indexes("questions[12].choices[0].text"), "questions.choices.text");
        assert_eq!(
            field_text(Language::En, &field("user_ids[3]", "length")),
            text(Language::En, k::FIELD_USER_IDS_LENGTH)
        );
    }

    /// Every field-error code the server can send (and the shared rules the client checks first)
    /// has a sentence in Arabic, French and English, so that no English text from the server ends
    /// up on a page in another language.
    #[test]
    fn every_field_error_code_is_translated() {
        let codes = codes::field_error_codes();
        // The reading of the sources finds what it must (or it would pass by finding nothing).
        for known in [
            "required",
            "length",
            "range",
            "email",
            "wilaya",
            "registration_number",
            "unknown",
            "not_in_wilaya",
            "common_password",
            "video_host",
            "bad_dimensions",
            "too_large",
            "invalid_or_expired",
            "one_correct",
            "none_correct",
            "not_active",
            "malformed_csv",
            "cell_too_long",
            "missing_column",
            "taken",
            "interrupted",
        ] {
            assert!(codes.contains(known), "the scan of api/src and shared/src missed {known}");
        }
        // An import's notes are not errors: they have their own sentences (`import.note.<code>`).
        let key_of =
            |code: &str| key_index(&format!("field.{code}")).or_else(|| key_index(&format!("import.note.{code}")));
        let missing: Vec<&String> = codes.iter().filter(|c| key_of(c).is_none()).collect();
        assert!(missing.is_empty(), "web/locales has no field.<code> for {missing:?}");
        for code in &codes {
            let key = key_of(code).unwrap();
            for lang in [Language::Ar, Language::Fr, Language::En] {
                assert!(!text(lang, key).trim().is_empty(), "field.{code} in {lang:?}");
            }
        }
    }

    /// Every code the server sends has its own sentence in Arabic, French and English (the build
    /// already refuses a key missing in one language).
    #[test]
    fn every_error_code_is_translated() {
        let generic = key_index("error.conflict");
        for code in ErrorCode::ALL {
            let key = key_index(&format!("error.{}", code.as_str()))
                .unwrap_or_else(|| panic!("web/locales has no error.{}", code.as_str()));
            for lang in [Language::Ar, Language::Fr, Language::En] {
                assert!(!text(lang, key).trim().is_empty(), "error.{} in {lang:?}", code.as_str());
            }
            if *code != ErrorCode::Conflict {
                assert_ne!(Some(key), generic);
            }
        }
        let p = Problem::new(409, ErrorCode::AlreadyConnected, "t", "d");
        assert_eq!(problem_text(Language::En, &ClientError::Api(Box::new(p))), "You are already connected.");
    }

    #[test]
    fn problems_are_translated_by_code() {
        let p = Problem::new(401, ErrorCode::InvalidCredentials, "t", "d");
        assert_eq!(
            problem_text(Language::Ar, &ClientError::Api(Box::new(p))),
            "البريد الإلكتروني أو كلمة المرور غير صحيحة."
        );
        assert_eq!(
            problem_text(Language::En, &ClientError::Transport("x".into())),
            text(Language::En, k::ERROR_NETWORK)
        );
        assert_eq!(problem_text(Language::En, &not_found()), "Not found, or not visible to you.");
    }
}
