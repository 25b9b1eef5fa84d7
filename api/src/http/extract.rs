//! `ValidJson<T>` and `ValidQuery<T>`: parse, then validate, answering 400/413/415/422 problems that
//! name the field, instead of actix's plain-text extractor errors.

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::StreamExt;
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;
use validator::Validate;

use crate::error::ApiError;
use crate::startup::AppState;

/// A JSON body, deserialized and validated. An empty body counts as `{}` so that missing fields are
/// reported by name.
pub struct ValidJson<T>(pub T);

impl<T: DeserializeOwned + Validate + 'static> FromRequest for ValidJson<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let limit = req.app_data::<web::Data<AppState>>().map_or(1024 * 1024, |s| s.config.limits.json_body_bytes);
        let content_type = req
            .headers()
            .get(actix_web::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.split(';').next().unwrap_or("").trim().to_ascii_lowercase());
        let declared_length = req
            .headers()
            .get(actix_web::http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        let mut payload = payload.take();
        Box::pin(async move {
            if declared_length.is_some_and(|n| n > limit) {
                return Err(ApiError::PayloadTooLarge { limit });
            }
            let mut body = web::BytesMut::new();
            while let Some(chunk) = payload.next().await {
                let chunk = chunk.map_err(|e| ApiError::MalformedJson(e.to_string()))?;
                if body.len() + chunk.len() > limit {
                    return Err(ApiError::PayloadTooLarge { limit });
                }
                body.extend_from_slice(&chunk);
            }
            let is_json =
                |ct: &str| ct == "application/json" || (ct.starts_with("application/") && ct.ends_with("+json"));
            match content_type.as_deref() {
                Some(ct) if is_json(ct) => {}
                None if body.is_empty() => {}
                _ => return Err(ApiError::UnsupportedMediaType),
            }
            let bytes: &[u8] = if body.iter().all(u8::is_ascii_whitespace) { b"{}" } else { &body };
            let value: T = parse_json(bytes)?;
            value.validate()?;
            Ok(ValidJson(value))
        })
    }
}

/// Deserialize JSON, turning type errors into 422s that name the field.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        match inner.classify() {
            serde_json::error::Category::Data => data_error(&path, &inner.to_string()),
            _ => ApiError::MalformedJson(inner.to_string()),
        }
    })
}

/// A value of the wrong type or shape: name the field from the path, or from serde's message for a
/// missing field (whose path is its parent).
fn data_error(path: &str, message: &str) -> ApiError {
    let message = message.split(" at line ").next().unwrap_or(message).to_owned();
    let parent = if path == "." { String::new() } else { path.to_owned() };
    if let Some(rest) = message.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or("");
        let field = if parent.is_empty() { name.to_owned() } else { format!("{parent}.{name}") };
        return ApiError::field(&field, "required", "is required");
    }
    let field = if parent.is_empty() { "body".to_owned() } else { parent };
    let code = if message.starts_with("unknown variant") { "invalid_value" } else { "invalid_type" };
    ApiError::field(&field, code, &message)
}

/// Query parameters, deserialized and validated; a bad parameter is a 422 that names it.
pub struct ValidQuery<T>(pub T);

impl<T: DeserializeOwned + Validate + 'static> FromRequest for ValidQuery<T> {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(parse_query(req.query_string()).and_then(|v: T| {
            v.validate()?;
            Ok(ValidQuery(v))
        }))
    }
}

pub fn parse_query<T: DeserializeOwned>(query: &str) -> Result<T, ApiError> {
    let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let message = e.into_inner().to_string();
        data_error(&path, &message)
    })
}

/// The client's address: the peer, or with `MADANI_TRUST_FORWARDED` the first `X-Forwarded-For` hop.
pub fn client_ip(req: &HttpRequest, trust_forwarded: bool) -> String {
    let info = req.connection_info();
    let addr = if trust_forwarded { info.realip_remote_addr() } else { info.peer_addr() };
    let addr = addr.unwrap_or("unknown");
    // Strip the port: "1.2.3.4:5678" and "[::1]:5678".
    match addr.parse::<std::net::SocketAddr>() {
        Ok(sa) => sa.ip().to_string(),
        Err(_) => addr.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Inner {
        ar: Option<String>,
    }
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Body {
        email: String,
        count: u32,
        name: Inner,
    }

    fn field_of(e: ApiError) -> (String, String) {
        match e {
            ApiError::Validation(v) => (v[0].field.clone(), v[0].code.clone()),
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn names_missing_and_mistyped_fields() {
        assert_eq!(field_of(parse_json::<Body>(br#"{"count": 1}"#).unwrap_err()), ("email".into(), "required".into()));
        assert_eq!(
            field_of(parse_json::<Body>(br#"{"email": "a", "count": "x"}"#).unwrap_err()),
            ("count".into(), "invalid_type".into())
        );
        assert_eq!(
            field_of(parse_json::<Body>(br#"{"email": "a", "count": 1, "name": {"ar": 5}}"#).unwrap_err()),
            ("name.ar".into(), "invalid_type".into())
        );
    }

    #[test]
    fn syntax_errors_are_malformed_json() {
        assert!(matches!(parse_json::<Body>(b"{\"email\": ").unwrap_err(), ApiError::MalformedJson(_)));
        assert!(matches!(parse_json::<Body>(b"not json").unwrap_err(), ApiError::MalformedJson(_)));
    }

    #[test]
    fn query_errors_name_the_parameter() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Q {
            limit: Option<u32>,
        }
        assert_eq!(field_of(parse_query::<Q>("limit=abc").unwrap_err()).0, "limit");
        assert_eq!(parse_query::<Q>("limit=5").unwrap().limit, Some(5));
    }
}
