//! A small iCalendar (RFC 5545) writer: the few properties Madani's feeds carry, with text escaped
//! (§3.3.11), lines folded at 75 octets without splitting a character (§3.1) and CRLF line ends.
//! Times are UTC (`Z`), so no VTIMEZONE is needed; all-day events are `VALUE=DATE`.

use chrono::{NaiveDate, NaiveDateTime};

/// When an event starts or ends.
#[derive(Debug, Clone, Copy)]
pub enum When {
    Utc(NaiveDateTime),
    /// A whole day (the end is exclusive: the day after the last).
    Date(NaiveDate),
}

pub struct Event<'a> {
    pub uid: &'a str,
    pub stamp: NaiveDateTime,
    pub start: When,
    pub end: When,
    pub summary: &'a str,
    pub description: &'a str,
    pub url: &'a str,
    pub location: Option<&'a str>,
    pub sequence: u32,
    pub cancelled: bool,
    pub last_modified: NaiveDateTime,
}

/// `\`, `;`, `,` and line breaks escaped as a TEXT value.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Append one content line, folded: at most 75 octets per physical line, continuation lines
/// starting with a space (which counts in their 75).
pub fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

fn utc(t: NaiveDateTime) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

fn when(name: &str, w: When) -> String {
    match w {
        When::Utc(t) => format!("{name}:{}", utc(t)),
        When::Date(d) => format!("{name};VALUE=DATE:{}", d.format("%Y%m%d")),
    }
}

/// A whole calendar.
pub fn calendar<'a>(name: &str, events: impl IntoIterator<Item = Event<'a>>) -> String {
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//Madani//Shared calendar//EN");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    line(&mut out, &format!("X-WR-CALNAME:{}", escape(name)));
    for e in events {
        line(&mut out, "BEGIN:VEVENT");
        line(&mut out, &format!("UID:{}", escape(e.uid)));
        line(&mut out, &format!("DTSTAMP:{}", utc(e.stamp)));
        line(&mut out, &when("DTSTART", e.start));
        line(&mut out, &when("DTEND", e.end));
        line(&mut out, &format!("SUMMARY:{}", escape(e.summary)));
        let description =
            if e.description.is_empty() { e.url.to_owned() } else { format!("{}\n\n{}", e.description, e.url) };
        line(&mut out, &format!("DESCRIPTION:{}", escape(&description)));
        line(&mut out, &format!("URL:{}", e.url));
        if let Some(l) = e.location {
            line(&mut out, &format!("LOCATION:{}", escape(l)));
        }
        line(&mut out, &format!("SEQUENCE:{}", e.sequence));
        line(&mut out, &format!("LAST-MODIFIED:{}", utc(e.last_modified)));
        line(&mut out, if e.cancelled { "STATUS:CANCELLED" } else { "STATUS:CONFIRMED" });
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_values() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn folds_at_75_octets_without_splitting_a_character() {
        let mut out = String::new();
        let text = format!("SUMMARY:{}", "ب".repeat(100));
        line(&mut out, &text);
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets", l.len());
        }
        let unfolded = out.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, text);
    }

    #[test]
    fn short_lines_stay_whole() {
        let mut out = String::new();
        line(&mut out, "VERSION:2.0");
        assert_eq!(out, "VERSION:2.0\r\n");
    }
}
