//! The table of documented routes, used to answer 405 (with `Allow`) rather than 404 when a path
//! exists with other methods. It is built from the OpenAPI document, so the two cannot disagree.

/// (path template split in segments, methods) for every documented route.
#[derive(Clone, Debug, Default)]
pub struct RouteTable {
    routes: Vec<(Vec<String>, Vec<&'static str>)>,
}

impl RouteTable {
    pub fn from_openapi(doc: &utoipa::openapi::OpenApi) -> Self {
        use utoipa::openapi::path::HttpMethod;
        let mut routes = Vec::new();
        for (path, item) in &doc.paths.paths {
            let mut methods = Vec::new();
            let ops = [
                (HttpMethod::Get, item.get.is_some()),
                (HttpMethod::Post, item.post.is_some()),
                (HttpMethod::Put, item.put.is_some()),
                (HttpMethod::Patch, item.patch.is_some()),
                (HttpMethod::Delete, item.delete.is_some()),
                (HttpMethod::Head, item.head.is_some()),
            ];
            for (m, present) in ops {
                if present {
                    methods.push(match m {
                        HttpMethod::Get => "GET",
                        HttpMethod::Post => "POST",
                        HttpMethod::Put => "PUT",
                        HttpMethod::Patch => "PATCH",
                        HttpMethod::Head => "HEAD",
                        _ => "DELETE",
                    });
                }
            }
            routes.push((segments(path), methods));
        }
        RouteTable { routes }
    }

    /// The methods a concrete path accepts, if any route matches it.
    pub fn methods_for(&self, path: &str) -> Option<Vec<&'static str>> {
        let parts = segments(path);
        let mut found: Option<Vec<&'static str>> = None;
        for (template, methods) in &self.routes {
            let matches = template.len() == parts.len()
                && template.iter().zip(&parts).all(|(t, p)| (t.starts_with('{') && !p.is_empty()) || t == p);
            if matches {
                found.get_or_insert_with(Vec::new).extend(methods.iter().copied());
            }
        }
        found
    }
}

fn segments(path: &str) -> Vec<String> {
    path.trim_end_matches('/').split('/').map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_templates() {
        let table = RouteTable {
            routes: vec![
                (segments("/api/v1/me"), vec!["GET", "PATCH"]),
                (segments("/api/v1/me/sessions/{id}"), vec!["DELETE"]),
            ],
        };
        assert_eq!(table.methods_for("/api/v1/me"), Some(vec!["GET", "PATCH"]));
        assert_eq!(table.methods_for("/api/v1/me/sessions/abc"), Some(vec!["DELETE"]));
        assert_eq!(table.methods_for("/api/v1/me/sessions/"), None);
        assert_eq!(table.methods_for("/api/v1/nothing"), None);
    }
}
