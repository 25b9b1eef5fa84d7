//! Markdown written by members (association descriptions, later lessons) rendered to HTML that is
//! safe to insert into the page as it is.
//!
//! Safety comes from building the HTML from the parser's events only: raw HTML in the source is shown
//! as text, links keep only http(s) and mailto destinations (others become plain text) and are marked
//! `nofollow ugc`, images become links (no remote loads from a reader's browser), and headings start
//! at level 3, below the page's own title and sections.

use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd, TextMergeStream, html};

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
    to_html_marking(source, &[])
}

/// `source` as sanitized HTML, with each `@name` of these names (the members a post mentions)
/// marked `<span class="mention">` — outside code and not inside a word (`a@b.dz` is no mention).
pub fn to_html_marking(source: &str, names: &[&str]) -> String {
    if source.trim().is_empty() {
        return String::new();
    }
    let mut names: Vec<&str> = names.iter().copied().filter(|n| !n.trim().is_empty()).collect();
    // The longest first: "@Amina Ben" before "@Amina".
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    let options = Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS;
    // A stack telling, for each open link or image, whether its end tag is kept.
    let mut open: Vec<bool> = Vec::new();
    let mut in_code = false;
    let mut events: Vec<Event> = Vec::new();
    // Adjacent texts as one, so that a name is found whole.
    for event in TextMergeStream::new(Parser::new_ext(source, options)) {
        match event {
            Event::Html(raw) | Event::InlineHtml(raw) => events.push(Event::Text(raw)),
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                // An autolinked address (`<a@b.dz>`) is written as `mailto:` by the renderer.
                let keep = link_type == LinkType::Email || safe_url(&dest_url);
                open.push(keep);
                if keep {
                    events.push(Event::Start(Tag::Link { link_type, dest_url, title, id }));
                }
            }
            Event::Start(Tag::Image { dest_url, title, id, .. }) => {
                let keep = safe_url(&dest_url);
                open.push(keep);
                if keep {
                    events.push(Event::Start(Tag::Link { link_type: LinkType::Inline, dest_url, title, id }));
                }
            }
            Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => {
                if open.pop().unwrap_or(false) {
                    events.push(Event::End(TagEnd::Link));
                }
            }
            Event::Start(Tag::Heading { level, .. }) => events.push(Event::Start(Tag::Heading {
                level: demote(level),
                id: None,
                classes: vec![],
                attrs: vec![],
            })),
            Event::End(TagEnd::Heading(level)) => events.push(Event::End(TagEnd::Heading(demote(level)))),
            Event::Start(Tag::CodeBlock(kind)) => {
                in_code = true;
                events.push(Event::Start(Tag::CodeBlock(kind)));
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                events.push(Event::End(TagEnd::CodeBlock));
            }
            Event::Text(text) if !in_code && !names.is_empty() && text.contains('@') => {
                mark(&text, &names, &mut events)
            }
            other => events.push(other),
        }
    }
    let mut out = String::with_capacity(source.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    // Links open as the member's words, not as endorsements, and never get the opener.
    out.replace("<a href=", "<a rel=\"nofollow ugc noopener\" href=")
}

/// `text` with each `@name` in a mention span; the text stays text (escaped by the renderer).
fn mark<'a>(text: &str, names: &[&str], events: &mut Vec<Event<'a>>) {
    let mut rest = text;
    let mut plain = String::new();
    while let Some(at) = rest.find('@') {
        let (before, from) = rest.split_at(at);
        plain.push_str(before);
        let inside_word = plain.chars().next_back().is_some_and(char::is_alphanumeric);
        let found = names.iter().find(|name| {
            from[1..].starts_with(**name) && !from[1 + name.len()..].chars().next().is_some_and(char::is_alphanumeric)
        });
        match found {
            Some(name) if !inside_word => {
                if !plain.is_empty() {
                    events.push(Event::Text(std::mem::take(&mut plain).into()));
                }
                events.push(Event::InlineHtml("<span class=\"mention\">".into()));
                events.push(Event::Text(format!("@{name}").into()));
                events.push(Event::InlineHtml("</span>".into()));
                rest = &from[1 + name.len()..];
            }
            _ => {
                plain.push('@');
                rest = &from[1..];
            }
        }
    }
    plain.push_str(rest);
    if !plain.is_empty() {
        events.push(Event::Text(plain.into()));
    }
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

    #[test]
    fn mentions_are_marked_outside_code_and_words() {
        use super::to_html_marking;
        let html = to_html_marking(
            "Merci @Amina Benali et @Karim, pas @Karima ni a@Karim.dz\n\n`@Karim`\n\n```\n@Karim\n```",
            &["Karim", "Amina Benali", "Karima Z"],
        );
        assert!(html.contains(r#"Merci <span class="mention">@Amina Benali</span> et <span class="mention">@Karim</span>, pas @Karima ni a@Karim.dz"#), "{html}");
        assert!(html.contains("<code>@Karim</code>"), "{html}");
        assert!(html.contains("<pre><code>@Karim\n</code></pre>"), "{html}");
        // A name is text: what it holds is escaped.
        let html = to_html_marking("@Sœurs & \"Co\" hi", &["Sœurs & \"Co\""]);
        assert!(html.contains(r#"<span class="mention">@Sœurs &amp; "Co"</span> hi"#), "{html}");
        assert_eq!(to_html_marking("no one", &["Karim"]), to_html("no one"));
    }
}
