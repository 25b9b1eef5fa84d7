//! Writing CSV cells (RFC 4180) for the exports.

/// A cell, quoted when it must be: it holds a comma, a quote or a line break.
pub fn field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_owned()
    }
}

/// A cell of free text written by people (names): also never read as a formula by a spreadsheet
/// (a leading `=`, `+`, `-` or `@` gets an apostrophe). Not for data meant to be imported back.
pub fn text_field(value: &str) -> String {
    if value.starts_with(['=', '+', '-', '@']) { field(&format!("'{value}")) } else { field(value) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_text_is_never_a_formula() {
        assert_eq!(field("Amina B."), "Amina B.");
        assert_eq!(field("Bouzid, Karim"), "\"Bouzid, Karim\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("+213 555"), "+213 555", "data cells stay as they are");
        assert_eq!(text_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(text_field("+213 555"), "'+213 555");
    }
}
