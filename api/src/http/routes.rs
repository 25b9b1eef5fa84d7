//! The table of documented routes, and the answers it gives before any handler runs: `OPTIONS` on a
//! documented path is 204 with `Allow` listing its methods, and any other method it does not take is
//! 405 with the same `Allow`. It is built from the OpenAPI document, so the two cannot disagree.
//!
//! A literal segment wins over a placeholder, as in the document: `/associations/export` takes only
//! `GET`, even though `PATCH /associations/{id}` would match it.

use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::Next;
use actix_web::{Error, HttpResponse, ResponseError, web};

use crate::error::ApiError;

/// (path template split in segments, methods) for every documented route.
#[derive(Clone, Debug, Default)]
pub struct RouteTable {
    routes: Vec<(Vec<String>, Vec<&'static str>)>,
}

impl RouteTable {
    pub fn from_openapi(doc: &utoipa::openapi::OpenApi) -> Self {
        let mut routes = Vec::new();
        for (path, item) in &doc.paths.paths {
            let ops = [
                ("GET", item.get.is_some()),
                ("HEAD", item.head.is_some()),
                ("POST", item.post.is_some()),
                ("PUT", item.put.is_some()),
                ("PATCH", item.patch.is_some()),
                ("DELETE", item.delete.is_some()),
            ];
            let methods = ops.into_iter().filter(|(_, present)| *present).map(|(m, _)| m).collect();
            routes.push((segments(path), methods));
        }
        RouteTable { routes }
    }

    /// The methods a concrete path accepts, if a documented route matches it: those of the routes
    /// that match it best (most literal segments first, from the left).
    pub fn methods_for(&self, path: &str) -> Option<Vec<&'static str>> {
        let parts = segments(path);
        let mut best: Option<(Vec<bool>, Vec<&'static str>)> = None;
        for (template, methods) in &self.routes {
            let matches = template.len() == parts.len()
                && template.iter().zip(&parts).all(|(t, p)| (t.starts_with('{') && !p.is_empty()) || t == p);
            if !matches {
                continue;
            }
            // Which segments are literal, compared left to right: a literal beats a placeholder.
            let rank: Vec<bool> = template.iter().map(|t| !t.starts_with('{')).collect();
            match &mut best {
                Some((r, m)) if *r == rank => {
                    for method in methods {
                        if !m.contains(method) {
                            m.push(method);
                        }
                    }
                }
                Some((r, _)) if *r > rank => {}
                _ => best = Some((rank, methods.clone())),
            }
        }
        best.map(|(_, methods)| methods)
    }
}

fn segments(path: &str) -> Vec<String> {
    path.trim_end_matches('/').split('/').map(str::to_owned).collect()
}

/// The `Allow` header of a documented path: its methods, and `OPTIONS`.
fn allow_header(methods: &[&'static str]) -> String {
    let mut all = methods.to_vec();
    all.push("OPTIONS");
    all.join(", ")
}

/// Answer `OPTIONS` and methods a documented path does not take, before routing (CORS preflights,
/// when CORS is on, are answered by the CORS layer outside this one). Paths that are not
/// documented go on to the handlers and the unknown-route answer.
pub async fn methods(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<BoxBody, impl MessageBody>>, Error> {
    let allowed = req.app_data::<web::Data<RouteTable>>().and_then(|table| table.methods_for(req.path()));
    let Some(methods) = allowed else {
        return Ok(next.call(req).await?.map_into_right_body());
    };
    let method = req.method();
    if method == Method::OPTIONS {
        let response = HttpResponse::NoContent().insert_header((header::ALLOW, allow_header(&methods))).finish();
        return Ok(req.into_response(response).map_into_left_body());
    }
    if !methods.iter().any(|m| *m == method.as_str()) {
        let response = ApiError::MethodNotAllowed { allow: methods }.error_response();
        return Ok(req.into_response(response).map_into_left_body());
    }
    Ok(next.call(req).await?.map_into_right_body())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(routes: &[(&str, &[&'static str])]) -> RouteTable {
        RouteTable { routes: routes.iter().map(|(p, m)| (segments(p), m.to_vec())).collect() }
    }

    #[test]
    fn matches_templates() {
        let table = table(&[("/api/v1/me", &["GET", "PATCH"]), ("/api/v1/me/sessions/{id}", &["DELETE"])]);
        assert_eq!(table.methods_for("/api/v1/me"), Some(vec!["GET", "PATCH"]));
        assert_eq!(table.methods_for("/api/v1/me/sessions/abc"), Some(vec!["DELETE"]));
        assert_eq!(table.methods_for("/api/v1/me/sessions/"), None);
        assert_eq!(table.methods_for("/api/v1/nothing"), None);
    }

    #[test]
    fn a_literal_segment_wins_over_a_placeholder() {
        let table = table(&[
            ("/api/v1/associations/export", &["GET"]),
            ("/api/v1/associations/{id}", &["GET", "PATCH"]),
            ("/api/v1/imports/associations", &["POST"]),
            ("/api/v1/imports/{id}", &["GET"]),
        ]);
        assert_eq!(table.methods_for("/api/v1/associations/export"), Some(vec!["GET"]));
        assert_eq!(table.methods_for("/api/v1/associations/0193"), Some(vec!["GET", "PATCH"]));
        assert_eq!(table.methods_for("/api/v1/imports/associations"), Some(vec!["POST"]));
        assert_eq!(allow_header(&["GET", "PATCH"]), "GET, PATCH, OPTIONS");
    }
}
