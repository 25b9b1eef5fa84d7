//! The web build's text work: the lazy routes' packs for a deep link's shell, the stylesheet's
//! areas and its minifying, and copying a folder.

use std::path::Path;

use crate::root;

/// `[{"path": "/associations/:id", "modules": ["/pack_associations-<id>.bin"]}, …]`: each lazy route
/// of `web/src/app.rs` (`<Route path=path!("…") view={Lazy::<XRoute>::new()} />`) with the pack of
/// its area of pages (the area: the `lazy_pages! { <area>: … }` naming the route), which the server
/// names in a deep link's shell so that it downloads while the main module does.
pub fn route_modules(pack_of: &std::collections::HashMap<String, String>) -> Result<String, String> {
    let app = std::fs::read_to_string(root().join("web/src/app.rs")).map_err(|e| e.to_string())?;
    let mut area_of = std::collections::HashMap::new();
    let mut area: Option<&str> = None;
    for line in app.lines().map(str::trim) {
        if let Some(rest) = line.strip_prefix("lazy_pages! {") {
            area = rest.trim().strip_suffix(':');
        } else if line == "}" {
            area = None;
        } else if let (Some(area), Some(route)) = (area, line.split_whitespace().next()) {
            area_of.insert(route, area);
        }
    }
    let mut routes = Vec::new();
    for line in app.lines() {
        let path = line.split_once("path!(\"").and_then(|(_, rest)| rest.split_once("\")")).map(|(p, _)| p);
        let route = line.split_once("Lazy::<").and_then(|(_, rest)| rest.split_once('>')).map(|(r, _)| r);
        let (Some(path), Some(route)) = (path, route) else { continue };
        let Some(pack) = area_of.get(route).and_then(|area| pack_of.get(*area)) else {
            return Err(format!("no code pack holds the page of {route} ({path})"));
        };
        // An optional segment (`/messages/:id?`) is two paths for the server: without it and with it.
        let paths = match path.rsplit_once('/').filter(|(_, last)| last.starts_with(':') && last.ends_with('?')) {
            Some((parent, last)) => vec![parent.to_owned(), format!("{parent}/{}", last.trim_end_matches('?'))],
            None => vec![path.to_owned()],
        };
        for path in paths {
            routes.push(format!("{{\"path\":\"{path}\",\"modules\":[\"/{pack}\"]}}"));
        }
    }
    if routes.is_empty() {
        return Err("no lazy route found in web/src/app.rs".into());
    }
    Ok(format!("[{}]", routes.join(",")))
}

/// The stylesheet without its areas' sections, and each area's sections (in order) by name: a
/// section runs from its `/* ---------- ` heading to the next; an area's heading is
/// `/* ---------- area <name>: …`.
pub fn area_sections(css: &str) -> (String, std::collections::BTreeMap<String, String>) {
    const HEADING: &str = "/* ---------- ";
    let mut main = String::with_capacity(css.len());
    let mut areas = std::collections::BTreeMap::<String, String>::new();
    let mut rest = css;
    loop {
        let next = rest.get(1..).and_then(|r| r.find(HEADING)).map_or(rest.len(), |i| i + 1);
        let (section, after) = rest.split_at(next);
        let area = section.strip_prefix(HEADING).and_then(|h| h.strip_prefix("area ")).and_then(|h| h.split_once(':'));
        match area {
            Some((name, _)) => areas.entry(name.trim().to_owned()).or_default().push_str(section),
            None => main.push_str(section),
        }
        if after.is_empty() {
            return (main, areas);
        }
        rest = after;
    }
}

/// Drop comments and collapse white space: enough for hand-written CSS, with no tool to install.
pub fn minify_css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start..].find("*/").map_or("", |end| &rest[start + end + 2..]);
    }
    out.push_str(rest);
    let mut collapsed = String::with_capacity(out.len());
    let mut last_space = false;
    for c in out.chars() {
        if c.is_whitespace() {
            if !last_space {
                collapsed.push(' ');
            }
            last_space = true;
        } else {
            // No space is needed after or before these.
            if matches!(c, '{' | '}' | ';' | ',') && collapsed.ends_with(' ') {
                collapsed.pop();
            }
            last_space = matches!(c, '{' | '}' | ';' | ',');
            collapsed.push(c);
        }
    }
    collapsed.trim().to_owned()
}

pub fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| e.to_string())?;
    for entry in std::fs::read_dir(from).map_err(|e| e.to_string())?.flatten() {
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()))?;
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::area_sections;

    #[test]
    fn an_areas_sections_leave_the_main_stylesheet_in_order() {
        let css = " (the rest) */\n.a {}\n/* ---------- area learning: courses */\n.b {}\n/* ---------- Forms */\n.c {}\n\
                   /* ---------- area projects: calendar */\n.d {}\n/* ---------- area learning: quizzes */\n.e {}\n";
        let (main, areas) = area_sections(css);
        assert_eq!(main, " (the rest) */\n.a {}\n/* ---------- Forms */\n.c {}\n");
        assert_eq!(areas.keys().collect::<Vec<_>>(), ["learning", "projects"]);
        assert!(areas["learning"].contains(".b {}") && areas["learning"].contains(".e {}"));
        assert!(!areas["learning"].contains(".d"));
    }
}
