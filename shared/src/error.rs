//! The problem body (RFC 9457) every error response carries, and the stable error codes the SPA translates.

use serde::{Deserialize, Serialize};

/// A stable, machine-readable error code. Clients switch on it and translate it; it never changes meaning.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// One or more fields are invalid: see `errors`.
    ValidationFailed,
    /// The body is not well-formed JSON.
    MalformedJson,
    /// The body is not `application/json`.
    UnsupportedMediaType,
    /// The body is larger than the server accepts.
    PayloadTooLarge,
    /// No route has this path.
    RouteNotFound,
    /// The path exists but not with this method; see the `Allow` header.
    MethodNotAllowed,
    /// The object does not exist, or you may not know that it does.
    NotFound,
    /// This needs a valid access token (`Authorization: Bearer …`).
    Unauthenticated,
    /// The access token is invalid or expired.
    InvalidToken,
    /// Wrong email or password.
    InvalidCredentials,
    /// The refresh token is unknown, expired, revoked or already used.
    InvalidRefreshToken,
    /// The email verification or password reset link is invalid, used or expired.
    InvalidLinkToken,
    /// The account is disabled.
    AccountDisabled,
    /// You are authenticated but not allowed to do this.
    Forbidden,
    /// An account with this email already exists.
    EmailTaken,
    /// The request conflicts with the current state.
    Conflict,
    /// Too many attempts; retry after the `Retry-After` seconds.
    TooManyRequests,
    /// A byte range that starts past the end of the file (`Content-Range` gives its size).
    RangeNotSatisfiable,
    /// The service is temporarily unable to answer (database unreachable, overloaded).
    ServiceUnavailable,
    /// An unexpected error; it has been logged with the request id.
    Internal,
    /// A code this client version does not know yet.
    #[serde(other)]
    Unknown,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::ValidationFailed => "validation_failed",
            ErrorCode::MalformedJson => "malformed_json",
            ErrorCode::UnsupportedMediaType => "unsupported_media_type",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::RouteNotFound => "route_not_found",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::NotFound => "not_found",
            ErrorCode::Unauthenticated => "unauthenticated",
            ErrorCode::InvalidToken => "invalid_token",
            ErrorCode::InvalidCredentials => "invalid_credentials",
            ErrorCode::InvalidRefreshToken => "invalid_refresh_token",
            ErrorCode::InvalidLinkToken => "invalid_link_token",
            ErrorCode::AccountDisabled => "account_disabled",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::EmailTaken => "email_taken",
            ErrorCode::Conflict => "conflict",
            ErrorCode::TooManyRequests => "too_many_requests",
            ErrorCode::RangeNotSatisfiable => "range_not_satisfiable",
            ErrorCode::ServiceUnavailable => "service_unavailable",
            ErrorCode::Internal => "internal",
            ErrorCode::Unknown => "unknown",
        }
    }
}

/// One invalid field of a 422 response.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"field": "password", "code": "length", "message": "must be 8 to 128 characters"})))]
pub struct FieldError {
    /// The field's path in the request, e.g. `password` or `name.ar`; for query parameters, their name.
    pub field: String,
    /// A stable snake_case reason: `required`, `length`, `email`, `range`, `common_password`,
    /// `invalid_type`, `invalid_value`, `wrong_password`, …
    pub code: String,
    /// A human-readable explanation in English (clients translate `code`).
    pub message: String,
}

/// An RFC 9457 problem document (`application/problem+json`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "type": "urn:madani:problem:validation_failed",
    "title": "Invalid request",
    "status": 422,
    "detail": "1 field is invalid",
    "code": "validation_failed",
    "errors": [{"field": "password", "code": "length", "message": "must be 8 to 128 characters"}],
    "request_id": "01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e7a"
})))]
pub struct Problem {
    /// `urn:madani:problem:<code>`.
    #[serde(rename = "type")]
    pub kind: String,
    /// A short summary of the problem type.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What happened, for a human.
    pub detail: String,
    /// The stable error code.
    pub code: ErrorCode,
    /// For `validation_failed`: each invalid field.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// The request id, as logged by the server and sent in `x-request-id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

impl Problem {
    pub fn new(status: u16, code: ErrorCode, title: &str, detail: impl Into<String>) -> Self {
        Problem {
            kind: format!("urn:madani:problem:{}", code.as_str()),
            title: title.to_owned(),
            status,
            detail: detail.into(),
            code,
            errors: Vec::new(),
            request_id: None,
        }
    }

    /// The error of one field, if this problem names it.
    pub fn field(&self, field: &str) -> Option<&FieldError> {
        self.errors.iter().find(|e| e.field == field)
    }
}

/// Turn `validator`'s errors into flat `FieldError`s with dotted paths (`name.ar`, `items[2].title`).
pub fn field_errors(errors: &validator::ValidationErrors) -> Vec<FieldError> {
    let mut out = Vec::new();
    collect(errors, "", &mut out);
    out.sort_by(|a, b| a.field.cmp(&b.field));
    out
}

fn collect(errors: &validator::ValidationErrors, prefix: &str, out: &mut Vec<FieldError>) {
    use validator::ValidationErrorsKind;
    for (field, kind) in errors.errors() {
        let name = field.as_ref();
        let path = if name == "__all__" {
            prefix.trim_end_matches('.').to_owned()
        } else if prefix.is_empty() {
            name.to_owned()
        } else {
            format!("{prefix}.{name}")
        };
        match kind {
            ValidationErrorsKind::Field(list) => {
                for e in list {
                    out.push(FieldError {
                        field: path.clone(),
                        code: e.code.to_string(),
                        message: e
                            .message
                            .as_ref()
                            .map(|m| m.to_string())
                            .unwrap_or_else(|| default_message(&e.code, e)),
                    });
                }
            }
            ValidationErrorsKind::Struct(inner) => collect(inner, &format!("{path}."), out),
            ValidationErrorsKind::List(items) => {
                for (i, inner) in items {
                    collect(inner, &format!("{path}[{i}]."), out);
                }
            }
        }
    }
}

fn default_message(code: &str, e: &validator::ValidationError) -> String {
    let p = |k: &str| e.params.get(k).map(|v| v.to_string());
    match code {
        "length" => match (p("min"), p("max")) {
            (Some(min), Some(max)) => format!("must be {min} to {max} characters"),
            (Some(min), None) => format!("must be at least {min} characters"),
            (None, Some(max)) => format!("must be at most {max} characters"),
            _ => "has an invalid length".into(),
        },
        "range" => match (p("min"), p("max")) {
            (Some(min), Some(max)) => format!("must be between {min} and {max}"),
            _ => "is out of range".into(),
        },
        "email" => "must be a valid email address".into(),
        "required" => "is required".into(),
        _ => format!("is invalid ({code})"),
    }
}
