//! The text work of @mentions, apart from the page: where the `@query` before the caret is, whose
//! names match it, putting the picked name in its place, and who a text still mentions. Offsets are
//! byte indices into the text, but for a text area's caret (UTF-16 units), converted here.

use madani_shared::ids::UserId;
use madani_shared::search::{name_matches, tokens};

use super::{Candidate, MAX_MENTIONS, MAX_QUERY, MAX_SHOWN};

/// The byte index in `text` of the UTF-16 offset `at` (a text area's caret).
pub fn byte_at(text: &str, at: u32) -> usize {
    let mut units = 0;
    for (i, c) in text.char_indices() {
        if units >= at {
            return i;
        }
        units += c.len_utf16() as u32;
    }
    text.len()
}

/// The UTF-16 offset of the byte index `at` of `text`.
pub fn utf16_at(text: &str, at: usize) -> u32 {
    text.get(..at).unwrap_or(text).encode_utf16().count() as u32
}

/// Whether `c` may be in a name being typed after `@`.
fn in_name(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(c, ' ' | '\'' | '’' | '-' | '.' | '\u{0300}'..='\u{036F}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}')
}

/// The `@query` typed just before `caret` (a byte index of `text`): the index of its `@` and the
/// letters after it. The `@` starts a word (not an address's), a letter follows it, and the query
/// is a few words of a name, not ending with a space.
pub fn query_before(text: &str, caret: usize) -> Option<(usize, &str)> {
    let before = text.get(..caret)?;
    let at = before.rfind('@')?;
    if before[..at].chars().next_back().is_some_and(|c| c.is_alphanumeric() || matches!(c, '@' | '.' | '_' | '-')) {
        return None;
    }
    let query = &before[at + 1..];
    let fits = query.chars().next().is_some_and(char::is_alphabetic)
        && query.chars().count() <= MAX_QUERY
        && query.chars().all(in_name)
        && !query.ends_with(' ')
        && query.split(' ').count() <= 3;
    fits.then_some((at, query))
}

/// The people of `members` to suggest for `query`, `me` aside: those whose name starts with it
/// first, at most a few.
pub fn suggest(members: &[Candidate], query: &str, me: Option<UserId>) -> Vec<Candidate> {
    let folded = tokens(query).join(" ");
    let mut found: Vec<&Candidate> =
        members.iter().filter(|m| Some(m.id) != me && name_matches(&m.name, query)).collect();
    found.sort_by_key(|m| !tokens(&m.name).join(" ").starts_with(&folded));
    found.dedup_by_key(|m| m.id);
    found.into_iter().take(MAX_SHOWN).cloned().collect()
}

/// `text` with the `@query` from `at` to `caret` (byte indices) replaced by `@name ` (no second
/// space when one follows), and the caret after the space.
pub fn insert_mention(text: &str, at: usize, caret: usize, name: &str) -> (String, usize) {
    let rest = text.get(caret..).unwrap_or_default();
    let mut out = String::with_capacity(text.len() + name.len() + 2);
    out.push_str(&text[..at]);
    out.push('@');
    out.push_str(name.trim());
    let caret = match rest.chars().next() {
        Some(c) if c.is_whitespace() => out.len() + c.len_utf8(),
        _ => {
            out.push(' ');
            out.len()
        }
    };
    out.push_str(rest);
    (out, caret)
}

/// Whether `text` at `i` holds `@name`, not followed by more of a word.
fn named_at(text: &str, i: usize, name: &str) -> bool {
    text[i..]
        .strip_prefix('@')
        .and_then(|rest| rest.strip_prefix(name.trim()))
        .is_some_and(|after| after.chars().next().is_none_or(|c| !c.is_alphanumeric()))
}

/// Whether `text` holds `@name` (not followed by more of a word), where it is not the start of
/// the longer name of another of `picked` (`@Karim Haddad` does not name a "Karim").
fn holds(text: &str, name: &str, picked: &[Candidate]) -> bool {
    let longer: Vec<&str> = picked.iter().map(|c| c.name.trim()).filter(|n| n.len() > name.trim().len()).collect();
    text.match_indices('@').any(|(i, _)| named_at(text, i, name) && !longer.iter().any(|l| named_at(text, i, l)))
}

/// The ids of the people `picked` whose `@Name` `text` still holds, once each, at most
/// [`MAX_MENTIONS`].
pub fn mentioned(text: &str, picked: &[Candidate]) -> Vec<UserId> {
    let mut ids = Vec::new();
    for c in picked {
        if ids.len() == MAX_MENTIONS {
            break;
        }
        if !ids.contains(&c.id) && holds(text, &c.name, picked) {
            ids.push(c.id);
        }
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(n: u8, name: &str) -> Candidate {
        let id = format!("01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e{n:02x}");
        Candidate { id: id.parse().unwrap(), name: name.into() }
    }

    #[test]
    fn the_query_is_the_at_and_letters_before_the_caret() {
        let text = "Merci @kar";
        assert_eq!(query_before(text, text.len()), Some((6, "kar")));
        assert_eq!(query_before("@Karim Ha", 9), Some((0, "Karim Ha")));
        assert_eq!(query_before("(@ami", 5), Some((1, "ami")));
        // Not an address, not a bare `@`, not after a space, not once the caret left it.
        assert_eq!(query_before("amina@madani", 12), None);
        assert_eq!(query_before("Merci @", 7), None);
        assert_eq!(query_before("@Karim Haddad ", 14), None);
        assert_eq!(query_before("@kar", 1), None);
        assert_eq!(query_before("@12", 3), None);
        assert_eq!(query_before("@karim\nmerci", 12), None);
        assert_eq!(query_before("@Karim Haddad merci pour tout", 29), None);
        // Arabic, with its diacritics.
        let text = "شكرًا @أمي";
        assert_eq!(query_before(text, text.len()), Some((text.find('@').unwrap(), "أمي")));
    }

    #[test]
    fn suggestions_leave_the_writer_out_and_put_the_name_starts_first() {
        let (amina, karim, sarah, hakim) = (
            person(1, "Amina Belkacem"),
            person(2, "Karim Haddad"),
            person(3, "Sarah Meziane"),
            person(4, "Hakim Karimi"),
        );
        let all = vec![amina.clone(), hakim.clone(), karim.clone(), sarah.clone()];
        assert_eq!(suggest(&all, "kar", None), vec![karim.clone(), hakim.clone()]);
        assert_eq!(suggest(&all, "kar", Some(karim.id)), vec![hakim]);
        assert_eq!(suggest(&all, "s", None), vec![sarah]);
        assert!(suggest(&all, "zz", None).is_empty());
    }

    #[test]
    fn picking_replaces_the_query_with_the_name_and_a_space() {
        let text = "Merci @kar pour tout";
        let (at, caret) = (6, 10);
        let (out, after) = insert_mention(text, at, caret, "Karim Haddad");
        assert_eq!(out, "Merci @Karim Haddad pour tout");
        assert_eq!(&out[..after], "Merci @Karim Haddad ");
        let (out, after) = insert_mention("@kar", 0, 4, "Karim Haddad");
        assert_eq!(out, "@Karim Haddad ");
        assert_eq!(after, out.len());
        let text = "شكرًا @أمي";
        let at = text.find('@').unwrap();
        let (out, _) = insert_mention(text, at, text.len(), "أمينة بن علي");
        assert_eq!(out, "شكرًا @أمينة بن علي ");
    }

    #[test]
    fn carets_convert_between_utf16_and_bytes() {
        let text = "é@😀ش";
        assert_eq!(byte_at(text, 0), 0);
        assert_eq!(byte_at(text, 1), 2);
        assert_eq!(byte_at(text, 2), 3);
        assert_eq!(byte_at(text, 4), 7);
        assert_eq!(byte_at(text, 5), text.len());
        assert_eq!(byte_at(text, 99), text.len());
        for (units, bytes) in [(0, 0), (1, 2), (2, 3), (4, 7), (5, text.len())] {
            assert_eq!(utf16_at(text, bytes), units);
        }
    }

    #[test]
    fn the_ids_sent_are_those_whose_name_is_still_there_once_each() {
        let (karim, sarah, kari) = (person(2, "Karim Haddad"), person(3, "Sarah Meziane"), person(5, "Karim"));
        let picked = vec![karim.clone(), sarah.clone(), karim.clone(), kari.clone()];
        assert_eq!(mentioned("@Karim Haddad et @Sarah Meziane, merci", &picked), vec![karim.id, sarah.id]);
        assert_eq!(mentioned("@Karim Haddad, merci", &picked), vec![karim.id]);
        // "@Karim Haddad" does not name "Karim", "@Karim." does.
        assert_eq!(mentioned("@Karim.", &picked), vec![kari.id]);
        assert!(mentioned("Karim Haddad", &picked).is_empty());
        let many: Vec<Candidate> = (0..30).map(|n| person(n, &format!("P{n}"))).collect();
        let text = many.iter().map(|c| format!("@{} ", c.name)).collect::<String>();
        assert_eq!(mentioned(&text, &many).len(), MAX_MENTIONS);
    }
}
