//! The field-error codes the server can send, read from its sources (`api/src`, `shared/src`), so
//! that a test notices a new code without a translation. Each way the sources make one is a pattern
//! below; a code made another way is listed in `COMPUTED`.

use std::collections::BTreeSet;
use std::path::Path;

/// Codes made by computing them, which the patterns cannot read.
const COMPUTED: &[&str] = &[
    // http/extract.rs: serde's "unknown variant" or another type error.
    "invalid_value",
    "invalid_type",
    // courses/service/enrolments.rs: `(code, message)` per member.
    "not_member",
    "not_active",
];

/// The codes of `validator`'s own rules as `#[validate(…)]` names them (its default code is the
/// rule's name).
const VALIDATOR_RULES: &[&str] = &[
    "length",
    "range",
    "email",
    "url",
    "must_match",
    "regex",
    "contains",
    "does_not_contain",
    "required",
    "credit_card",
    "non_control_character",
];

/// `(pattern, where its arguments start in it, index of the code among them)`: the code is that
/// argument when it is a literal.
const CALLS: &[(&str, usize, usize)] = &[
    ("ApiError::field(", 16, 1),
    ("ValidationError::new(", 21, 0),
    ("row_error(", 10, 2),
    // import/parse.rs: `Err((line, code, why))`.
    ("Err((", 5, 1),
    // courses/service/grading.rs: `error(at("choices"), code, message)`.
    ("error(at(", 6, 1),
];

pub fn field_error_codes() -> BTreeSet<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut codes: BTreeSet<String> = COMPUTED.iter().map(|c| c.to_string()).collect();
    for dir in ["api/src", "shared/src"] {
        for file in rust_files(&root.join(dir)) {
            let source = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            let source: String =
                source.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n");
            read_codes(&source, &mut codes);
        }
    }
    codes
}

fn rust_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())).flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
    out
}

fn read_codes(source: &str, codes: &mut BTreeSet<String>) {
    for (call, open, at) in CALLS {
        for (start, _) in source.match_indices(call) {
            if let Some(code) = arguments(&source[start + open..]).get(*at).and_then(|a| literal(a)) {
                codes.insert(code);
            }
        }
    }
    // `FieldError { field, code: "too_large".into(), … }`
    for (start, _) in source.match_indices("FieldError {") {
        let body = &source[start..source[start..].find('}').map_or(source.len(), |end| start + end)];
        if let Some(code) = body.split("code: ").nth(1).and_then(literal) {
            codes.insert(code);
        }
    }
    // `#[validate(length(min = 1), email, nested, custom(function = "…"))]`
    for (start, _) in source.match_indices("#[validate(") {
        let open = start + "#[validate(".len();
        for rule in arguments(&source[open..]) {
            let name = rule.split('(').next().unwrap_or("").trim();
            if VALIDATOR_RULES.contains(&name) {
                codes.insert(name.to_owned());
            }
        }
    }
}

/// The top-level arguments of a call, from just after its `(` to its `)`.
fn arguments(text: &str) -> Vec<&str> {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    let (mut out, mut from) = (Vec::new(), 0);
    for (i, c) in text.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' if depth == 0 => {
                out.push(text[from..i].trim());
                return out;
            }
            ')' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                out.push(text[from..i].trim());
                from = i + 1;
            }
            _ => {}
        }
    }
    out
}

/// The text of a string literal at the start of `arg` (`"length"`, `"length".into()`), if it is a
/// code (snake_case).
fn literal(arg: &str) -> Option<String> {
    let rest = arg.trim_start().strip_prefix('"')?;
    let code = &rest[..rest.find('"')?];
    let snake = !code.is_empty() && code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    snake.then(|| code.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_read_from_each_way_of_making_them() {
        let source = r#"
            return Err(ApiError::field(
                field,
                "bad_dimensions",
                &format!("at most {MAX}"),
            ));
            Err(ValidationError::new("wilaya").with_message("must be".into()))
            errors.push(row_error(1, h, "unknown_column", "is not a column"));
            error(at("choices"), "one_correct", "mark exactly one")
            return Err((start_line, "malformed_csv", "a quoted field is not closed".into()));
            problem.errors = vec![FieldError { field: (*field).into(), code: "too_large".into(), message }];
            #[validate(length(min = 1, max = 20), custom(function = "registration_number"), nested)]
            ApiError::field(&field, code, &message)
        "#;
        let mut codes = BTreeSet::new();
        read_codes(source, &mut codes);
        let want: BTreeSet<String> =
            ["bad_dimensions", "wilaya", "unknown_column", "one_correct", "malformed_csv", "too_large", "length"]
                .map(String::from)
                .into();
        assert_eq!(codes, want);
    }
}
