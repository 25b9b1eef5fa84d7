//! Markdown written by members (association descriptions, later lessons) rendered to HTML that is
//! safe to insert into the page as it is.
//!
//! Safety comes from building the HTML from the parser's events only: raw HTML in the source is shown
//! as text, links keep only http(s) and mailto destinations (others become plain text) and are marked
//! `nofollow ugc`, images become links (no remote loads from a reader's browser), and headings start
//! at level 3, below the page's own title and sections.

use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd, html};

/// The schemes a link may use.
fn safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    ["https://", "http://", "mailto:"].iter().any(|s| lower.starts_with(s))
}

fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 | HeadingLevel::H2 | HeadingLevel::H3 => HeadingLevel::H3,
        HeadingLevel::H4 => HeadingLevel::H4,
        HeadingLevel::H5 => HeadingLevel::H5,
        HeadingLevel::H6 => HeadingLevel::H6,
    }
}

/// Each language's Markdown as sanitized HTML (absent languages stay absent).
pub fn localized_html(text: &madani_shared::LocalizedText) -> madani_shared::LocalizedText {
    let render = |t: &Option<String>| t.as_deref().map(to_html);
    madani_shared::LocalizedText { ar: render(&text.ar), fr: render(&text.fr), en: render(&text.en) }
}

/// `source` as sanitized HTML; empty in, empty out.
pub fn to_html(source: &str) -> String {
    if source.trim().is_empty() {
        return String::new();
    }
    let options = Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS;
    // A stack telling, for each open link or image, whether its end tag is kept.
    let mut open: Vec<bool> = Vec::new();
    let events = Parser::new_ext(source, options).filter_map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            // An autolinked address (`<a@b.dz>`) is written as `mailto:` by the renderer.
            let keep = link_type == LinkType::Email || safe_url(&dest_url);
            open.push(keep);
            keep.then_some(Event::Start(Tag::Link { link_type, dest_url, title, id }))
        }
        Event::Start(Tag::Image { dest_url, title, id, .. }) => {
            let keep = safe_url(&dest_url);
            open.push(keep);
            keep.then_some(Event::Start(Tag::Link { link_type: LinkType::Inline, dest_url, title, id }))
        }
        Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => {
            open.pop().unwrap_or(false).then_some(Event::End(TagEnd::Link))
        }
        Event::Start(Tag::Heading { level, id: _, classes: _, attrs: _ }) => {
            Some(Event::Start(Tag::Heading { level: demote(level), id: None, classes: vec![], attrs: vec![] }))
        }
        Event::End(TagEnd::Heading(level)) => Some(Event::End(TagEnd::Heading(demote(level)))),
        other => Some(other),
    });
    let mut out = String::with_capacity(source.len() * 3 / 2);
    html::push_html(&mut out, events);
    // Links open as the member's words, not as endorsements, and never get the opener.
    out.replace("<a href=", "<a rel=\"nofollow ugc noopener\" href=")
}

#[cfg(test)]
mod tests {
    use super::to_html;

    #[test]
    fn formats_the_common_things() {
        let html = to_html("## Nos actions\n\n* **Reboisement** à *Béjaïa*\n* ~~rien~~\n\n[site](https://example.org)");
        assert!(html.contains("<h3>Nos actions</h3>"), "{html}");
        assert!(html.contains("<strong>Reboisement</strong> à <em>Béjaïa</em>"), "{html}");
        assert!(html.contains("<del>rien</del>"), "{html}");
        assert!(html.contains(r#"<a rel="nofollow ugc noopener" href="https://example.org">site</a>"#), "{html}");
        assert_eq!(to_html("  \n"), "");
    }

    #[test]
    fn arabic_text_passes_through() {
        let html = to_html("جمعية **النور** للثقافة");
        assert_eq!(html, "<p>جمعية <strong>النور</strong> للثقافة</p>\n");
    }

    /// The element names of every tag in `html`, and the href of every link.
    fn tags(html: &str) -> (Vec<String>, Vec<String>) {
        let mut names = Vec::new();
        let mut hrefs = Vec::new();
        for (i, _) in html.match_indices('<') {
            let rest = &html[i + 1..];
            let name: String = rest.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
            names.push(name.to_ascii_lowercase());
            let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
            if let Some(at) = tag.find("href=\"") {
                hrefs.push(tag[at + 6..].split('"').next().unwrap_or("").to_owned());
            }
        }
        (names, hrefs)
    }

    #[test]
    fn nothing_executable_survives() {
        const ALLOWED: &[&str] = &[
            "p",
            "a",
            "strong",
            "em",
            "del",
            "h3",
            "h4",
            "h5",
            "h6",
            "ul",
            "ol",
            "li",
            "code",
            "pre",
            "blockquote",
            "table",
            "thead",
            "tbody",
            "tr",
            "th",
            "td",
            "hr",
            "br",
            "input",
        ];
        for attack in [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[x](javascript:alert(1))",
            "[x](JaVaScRiPt:alert(1))",
            "[x]( javascript:alert(1))",
            "![x](javascript:alert(1))",
            "[x](data:text/html;base64,PHNjcmlwdD4=)",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<iframe src=https://evil.example></iframe>",
            "[x](https://ok.example \"t\\\" onmouseover=\\\"alert(1)\")",
            "<svg/onload=alert(1)>",
            "[x][r]\n\n[r]: vbscript:msgbox(1)",
        ] {
            let html = to_html(attack);
            let (names, hrefs) = tags(&html);
            assert!(names.iter().all(|n| ALLOWED.contains(&n.as_str())), "{attack} → {html}");
            assert!(
                hrefs.iter().all(|h| h.starts_with("https://") || h.starts_with("http://") || h.starts_with("mailto:")),
                "{attack} → {html}"
            );
            assert!(!html.contains("\" onmouseover"), "{attack} → {html}");
        }
    }

    #[test]
    fn images_become_links_and_headings_stay_below_the_page_title() {
        let html = to_html("# Titre\n\n![logo](https://example.org/logo.png)");
        assert!(html.contains("<h3>Titre</h3>"), "{html}");
        assert!(html.contains(r#"href="https://example.org/logo.png">logo</a>"#), "{html}");
        assert!(!html.contains("<img"), "{html}");
    }
}
