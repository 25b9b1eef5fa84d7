//! `ValidJson<T>` and `ValidQuery<T>`: parse, then validate, answering 400/413/415/422 problems that
//! name the field, instead of actix's plain-text extractor errors.

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::StreamExt;
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;
use validator::Validate;

use crate::error::ApiError;
use crate::state::AppState;

/// A JSON body, deserialized and validated. An empty body counts as `{}`: missing fields are
/// reported by name, and a body whose every field is optional may be left out (the document says
/// so: its `requestBody` is not `required`).
pub struct ValidJson<T>(pub T);

/// A JSON body that must be sent, even though every field of it is optional: a `PUT` that replaces
/// the whole resource, where a forgotten body would silently reset it. An empty body is a 422
/// naming `body`.
pub struct RequiredJson<T>(pub T);

impl<T: DeserializeOwned + Validate + 'static> FromRequest for ValidJson<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = json_body::<T>(req, payload, false);
        Box::pin(async move { body.await.map(ValidJson) })
    }
}

impl<T: DeserializeOwned + Validate + 'static> FromRequest for RequiredJson<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = json_body::<T>(req, payload, true);
        Box::pin(async move { body.await.map(RequiredJson) })
    }
}

fn json_body<T: DeserializeOwned + Validate + 'static>(
    req: &HttpRequest,
    payload: &mut Payload,
    required: bool,
) -> LocalBoxFuture<'static, Result<T, ApiError>> {
    {
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
            let empty = body.iter().all(u8::is_ascii_whitespace);
            if empty && required {
                return Err(ApiError::field("body", "required", "send the JSON body"));
            }
            // Every body is an object: serde would also read a struct from an array of its fields
            // in order (`[null, null]`), which no client means and the document does not allow.
            if !empty && body.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
                return Err(match parse_json::<serde_json::Value>(&body) {
                    Err(malformed) => malformed,
                    Ok(_) => ApiError::field("body", "invalid_type", "must be a JSON object"),
                });
            }
            let bytes: &[u8] = if empty { b"{}" } else { &body };
            let value: T = parse_json(bytes)?;
            value.validate()?;
            Ok(value)
        })
    }
}

/// Deserialize JSON, turning type errors into 422s that name the field.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| ApiError::MalformedJson(e.to_string()))?;
    integral_numbers(&mut value);
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        match inner.classify() {
            serde_json::error::Category::Data => data_error(&path, &inner.to_string(), "body"),
            _ => ApiError::MalformedJson(inner.to_string()),
        }
    })
}

/// A number with no fraction is an integer, as JSON Schema says (`2.0` is a valid `integer`), so
/// that an integer field takes it: serde would refuse `2.0` for a `u32`.
fn integral_numbers(value: &mut serde_json::Value) {
    use serde_json::{Number, Value};
    match value {
        Value::Number(n) => {
            if let Some(f) = n.as_f64().filter(|f| n.is_f64() && f.is_finite() && f.fract() == 0.0) {
                // 2^63 and 2^64, exactly representable as floats.
                let (two_63, two_64) = (2f64.powi(63), 2f64.powi(64));
                let integer = if (-two_63..two_63).contains(&f) {
                    Some(Number::from(f as i64))
                } else if (0.0..two_64).contains(&f) {
                    Some(Number::from(f as u64))
                } else {
                    None
                };
                if let Some(integer) = integer {
                    *n = integer;
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(integral_numbers),
        Value::Object(map) => map.values_mut().for_each(integral_numbers),
        _ => {}
    }
}

/// A value of the wrong type or shape: name the field from the path, or from serde's message for a
/// missing field (whose path is its parent).
/// `root` names the whole input (`body`, `query`) when no field can be.
fn data_error(path: &str, message: &str, root: &str) -> ApiError {
    let message = message.split(" at line ").next().unwrap_or(message).to_owned();
    let parent = if path == "." { String::new() } else { path.to_owned() };
    let named = |rest: &str| {
        let name = rest.split('`').next().unwrap_or("");
        if parent.is_empty() { name.to_owned() } else { format!("{parent}.{name}") }
    };
    if let Some(rest) = message.strip_prefix("missing field `") {
        return ApiError::field(&named(rest), "required", "is required");
    }
    if let Some(rest) = message.strip_prefix("duplicate field `") {
        return ApiError::field(&named(rest), "repeated", "is given more than once");
    }
    let field = if parent.is_empty() { root.to_owned() } else { parent };
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
        data_error(&path, &message, "query")
    })
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
    fn integral_floats_are_integers() {
        #[derive(Debug, Deserialize)]
        struct Counts {
            a: u32,
            b: i32,
        }
        let counts: Counts = parse_json(br#"{"a": 79.0, "b": -0.0}"#).unwrap();
        assert_eq!((counts.a, counts.b), (79, 0));
        assert_eq!(field_of(parse_json::<Counts>(br#"{"a": 1.5, "b": 0}"#).unwrap_err()).0, "a");
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
        assert_eq!(field_of(parse_query::<Q>("limit=1&limit=2").unwrap_err()), ("limit".into(), "repeated".into()));
        assert_eq!(parse_query::<Q>("limit=5").unwrap().limit, Some(5));
    }
}
