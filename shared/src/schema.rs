//! The JSON Schema of the rules `#[validate]` checks and utoipa cannot read off a type: texts in
//! several languages with one required, email and web addresses, non-blank strings. Fields refer
//! to these with `#[schema(schema_with = …)]`; simple bounds stay in `#[schema(max_length = …)]`.
//! The patterns are the validators' rules written as regular expressions (ECMA-262, as JSON Schema
//! reads them), and `tests` checks that both agree.

use utoipa::openapi::schema::{AnyOfBuilder, ArrayBuilder, ObjectBuilder, Schema, SchemaType, Type};
use utoipa::openapi::{Ref, RefOr};

/// What Rust's `char::is_whitespace` (and so `str::trim`) counts as white space, as a class body.
pub const WHITE_SPACE: &str = r"\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000";

/// A string with something other than white space in it (`not_blank`).
pub fn not_blank_pattern() -> String {
    format!("[^{WHITE_SPACE}]")
}

/// An email address as browsers accept it (`auth::is_valid_email`): the WHATWG rule, with a dot in
/// the domain and at most 64 characters before the `@`.
pub const EMAIL_PATTERN: &str = r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$";

/// An http(s) address with no white space in it.
pub fn http_url_pattern() -> String {
    format!("^https?://[^{WHITE_SPACE}]*$")
}

fn string(nullable: bool) -> ObjectBuilder {
    let ty = if nullable { SchemaType::from_iter([Type::String, Type::Null]) } else { SchemaType::new(Type::String) };
    ObjectBuilder::new().schema_type(ty)
}

fn or_null(schema: Schema, nullable: bool) -> RefOr<Schema> {
    if nullable {
        AnyOfBuilder::new().item(schema).item(ObjectBuilder::new().schema_type(Type::Null)).into()
    } else {
        schema.into()
    }
}

/// `LocalizedText` with each language at most `max` characters and, when `required`, at least one
/// of them not blank; `nullable` for an `Option<LocalizedText>`.
fn localized(max: usize, required: bool, nullable: bool) -> RefOr<Schema> {
    let mut object = ObjectBuilder::new().schema_type(Type::Object).description(Some(if required {
        format!("Up to {max} characters in each language, in at least one of them")
    } else {
        format!("Up to {max} characters in each language")
    }));
    for language in ["ar", "fr", "en"] {
        object = object.property(language, string(true).max_length(Some(max)));
    }
    if !required {
        return or_null(object.into(), nullable);
    }
    let mut one_of_them = AnyOfBuilder::new();
    for language in ["ar", "fr", "en"] {
        one_of_them = one_of_them.item(
            ObjectBuilder::new()
                .property(language, string(false).pattern(Some(not_blank_pattern())))
                .required(language),
        );
    }
    let schema = Schema::AllOf(utoipa::openapi::schema::AllOfBuilder::new().item(object).item(one_of_them).build());
    or_null(schema, nullable)
}

macro_rules! localized_fns {
    ($($(#[$meta:meta])* $name:ident = ($max:expr, $required:expr, $nullable:expr);)*) => {$(
        $(#[$meta])*
        pub fn $name() -> RefOr<Schema> {
            localized($max, $required, $nullable)
        }
    )*};
}

localized_fns! {
    /// A name or title: at least one language, each at most 200 characters.
    title = (200, true, false);
    /// A name or title to change, or `null` to keep it.
    title_or_null = (200, true, true);
    /// The name of a proposal state: at least one language, each at most 80 characters.
    state_label = (80, true, false);
    /// A question: at least one language, each at most 2,000 characters.
    question = (2000, true, false);
    /// A summary, each language at most 2,000 characters.
    summary = (2000, false, false);
    summary_or_null = (2000, false, true);
    /// A description, each language at most 5,000 characters.
    description = (5000, false, false);
    description_or_null = (5000, false, true);
    /// A lesson's text, each language at most 50,000 characters.
    body = (50_000, false, false);
    body_or_null = (50_000, false, true);
}

/// The reason of a staff decision: 1 to 2,000 characters, not only white space.
pub fn reason() -> RefOr<Schema> {
    string(false).min_length(Some(1)).max_length(Some(2000)).pattern(Some(not_blank_pattern())).into()
}

/// An email address of at most 254 characters.
pub fn email() -> RefOr<Schema> {
    // No `format: email`: that is RFC 5322's grammar, which refuses addresses browsers accept
    // (`a..b@example.org`) and accepts some they refuse; the pattern is the rule the server applies.
    string(false)
        .description(Some("An email address as browsers accept it (`<input type=email>`)"))
        .max_length(Some(254))
        .pattern(Some(EMAIL_PATTERN))
        .into()
}

/// A display name: 1 to 100 characters, not only white space.
pub fn display_name() -> RefOr<Schema> {
    string(false).min_length(Some(1)).max_length(Some(100)).pattern(Some(not_blank_pattern())).into()
}

/// A display name to change, or `null` to keep it.
pub fn display_name_or_null() -> RefOr<Schema> {
    string(true).min_length(Some(1)).max_length(Some(100)).pattern(Some(not_blank_pattern())).into()
}

/// Skills: at most 30, each 1 to 50 characters and not only white space.
pub fn skills() -> RefOr<Schema> {
    ArrayBuilder::new()
        .items(string(false).min_length(Some(1)).max_length(Some(50)).pattern(Some(not_blank_pattern())))
        .max_items(Some(crate::network::MAX_SKILLS))
        .into()
}

/// The code of one of the 69 wilayas, `01` to `69` (an association's `wilaya_code`).
pub const WILAYA_CODE_PATTERN: &str = "^(?:0[1-9]|[1-5][0-9]|6[0-9])$";

/// A wilaya's code, or `null` to keep it.
pub fn wilaya_code() -> RefOr<Schema> {
    string(false).pattern(Some(WILAYA_CODE_PATTERN)).examples(["06"]).into()
}

/// A proposal's title: 3 to 150 characters, not only white space.
pub fn proposal_title() -> RefOr<Schema> {
    string(false).min_length(Some(3)).max_length(Some(150)).pattern(Some(not_blank_pattern())).into()
}

/// A proposal's text: 1 to 5,000 characters, not only white space.
pub fn proposal_body() -> RefOr<Schema> {
    string(false).min_length(Some(1)).max_length(Some(5000)).pattern(Some(not_blank_pattern())).into()
}

/// Wilaya codes, at most 69 (a consultation's audience).
pub fn wilaya_codes() -> RefOr<Schema> {
    ArrayBuilder::new().items(string(false).pattern(Some(WILAYA_CODE_PATTERN))).max_items(Some(69)).into()
}

pub fn wilaya_code_or_null() -> RefOr<Schema> {
    string(true).pattern(Some(WILAYA_CODE_PATTERN)).examples(["06"]).into()
}

/// A registration number (`associations::registration_number`): 3 to 40 letters, digits, `/` and
/// `-`, with a digit.
pub const REGISTRATION_NUMBER_PATTERN: &str = "^[A-Za-z/-]*[0-9][A-Za-z0-9/-]*$";

pub fn registration_number() -> RefOr<Schema> {
    string(false)
        .min_length(Some(3))
        .max_length(Some(40))
        .pattern(Some(REGISTRATION_NUMBER_PATTERN))
        .examples(["06/2019/0421"])
        .into()
}

/// A social network page: an http(s) address of 8 to 300 characters.
pub fn social_url() -> RefOr<Schema> {
    string(false).min_length(Some(8)).max_length(Some(300)).pattern(Some(http_url_pattern())).into()
}

/// A lesson's address: an http(s) address of 11 to 500 characters, or `null`.
pub fn lesson_url_or_null() -> RefOr<Schema> {
    string(true).min_length(Some(11)).max_length(Some(500)).pattern(Some(http_url_pattern())).into()
}

/// A contact's value: at most 300 characters, any text (a phone number).
fn contact(value: ObjectBuilder, what: &str, nullable: bool) -> RefOr<Schema> {
    let object = ObjectBuilder::new()
        .schema_type(Type::Object)
        .description(Some(format!("{what}, and whether the public may see it; an empty `value` removes it")))
        .property("value", value.max_length(Some(300)))
        .required("value")
        .property("public", ObjectBuilder::new().schema_type(Type::Boolean).default(Some(false.into())));
    or_null(object.into(), nullable)
}

/// An email contact: an email address (white space around it is dropped) or nothing.
pub fn email_contact_or_null() -> RefOr<Schema> {
    let inner = EMAIL_PATTERN.trim_start_matches('^').trim_end_matches('$');
    contact(
        string(false).pattern(Some(format!("^[{WHITE_SPACE}]*(?:{inner}[{WHITE_SPACE}]*)?$"))),
        "An email address",
        true,
    )
}

/// A phone contact: any text.
pub fn phone_contact_or_null() -> RefOr<Schema> {
    contact(string(false), "A phone number", true)
}

/// A website contact: an http(s) address (white space around it is dropped) or nothing.
pub fn website_contact_or_null() -> RefOr<Schema> {
    contact(
        string(false).pattern(Some(format!("^[{WHITE_SPACE}]*(?:https?://[^{WHITE_SPACE}]*[{WHITE_SPACE}]*)?$"))),
        "An http(s) address",
        true,
    )
}

/// A postal address as given: a `ContactItem`, or (as an address was before it had a `public`
/// flag) a plain string, kept private; or nothing.
pub fn contact_or_text() -> RefOr<Schema> {
    AnyOfBuilder::new()
        .item(Ref::from_schema_name("ContactItem"))
        .item(string(false).max_length(Some(300)))
        .item(ObjectBuilder::new().schema_type(Type::Null))
        .into()
}

/// A message's text: 1 to 4,000 characters, not only white space.
pub fn message_body() -> RefOr<Schema> {
    string(false).min_length(Some(1)).max_length(Some(4000)).pattern(Some(not_blank_pattern())).into()
}

/// A group conversation's title: 1 to 100 characters, not only white space, or nothing.
pub fn conversation_title_or_null() -> RefOr<Schema> {
    string(true).min_length(Some(1)).max_length(Some(100)).pattern(Some(not_blank_pattern())).into()
}

/// A comment's text: 1 to 2,000 characters, not only white space.
pub fn comment_body() -> RefOr<Schema> {
    string(false).min_length(Some(1)).max_length(Some(2000)).pattern(Some(not_blank_pattern())).into()
}

/// A circle post's text: 1 to 10,000 characters, not only white space.
pub fn post_body() -> RefOr<Schema> {
    string(false).min_length(Some(1)).max_length(Some(10000)).pattern(Some(not_blank_pattern())).into()
}

/// A moderator's reason, or a report's details: 3 to 500 characters, not only white space.
pub fn moderation_reason() -> RefOr<Schema> {
    string(false).min_length(Some(3)).max_length(Some(500)).pattern(Some(not_blank_pattern())).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The JSON Schema of each helper is what the document shows.
    #[test]
    fn a_title_needs_one_language() {
        let json = serde_json::to_value(title()).unwrap();
        assert_eq!(json["allOf"][0]["properties"]["fr"]["maxLength"], 200);
        assert_eq!(json["allOf"][1]["anyOf"][2]["required"][0], "en");
        let json = serde_json::to_value(summary_or_null()).unwrap();
        assert_eq!(json["anyOf"][1]["type"], "null");
    }
}
