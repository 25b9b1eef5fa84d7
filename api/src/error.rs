//! `ApiError`: every failure a handler can answer with, rendered as RFC 9457 `application/problem+json`.
//! Unexpected causes are logged with their chain and never sent to the client.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use madani_shared::{ErrorCode, FieldError, Problem};

pub type ApiResult<T> = Result<T, ApiError>;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("validation failed: {0:?}")]
    Validation(Vec<FieldError>),
    #[error("malformed JSON: {0}")]
    MalformedJson(String),
    #[error("unsupported media type")]
    UnsupportedMediaType,
    #[error("payload larger than {limit} bytes")]
    PayloadTooLarge { limit: usize },
    /// An upload larger than its limit: 413 naming the field.
    #[error("{field} larger than {limit} bytes")]
    FileTooLarge { field: &'static str, limit: usize },
    #[error("no route")]
    RouteNotFound,
    #[error("method not allowed")]
    MethodNotAllowed { allow: Vec<&'static str> },
    #[error("not found")]
    NotFound,
    #[error("authentication required")]
    Unauthenticated,
    #[error("invalid access token: {0}")]
    InvalidToken(String),
    #[error("invalid credentials")]
    InvalidCredentials,
    #[error("invalid refresh token")]
    InvalidRefreshToken,
    #[error("invalid link token")]
    InvalidLinkToken,
    #[error("account disabled")]
    AccountDisabled,
    /// 403 with the reason as its code (`not_officer`, `not_staff`, …).
    #[error("forbidden: {}", .0.as_str())]
    Forbidden(ErrorCode),
    #[error("email taken")]
    EmailTaken,
    /// 409 with the reason as its code (`already_member`, `course_full`, …).
    #[error("conflict: {}", .0.as_str())]
    Conflict(ErrorCode),
    /// Refused with `code` and a detail that says more (how many places are left).
    #[error("refused: {}: {detail}", .code.as_str())]
    Refused { code: ErrorCode, detail: String },
    #[error("too many requests")]
    TooManyRequests { retry_after_secs: u64 },
    /// A byte range that starts past the end of a file of `size` bytes.
    #[error("range not satisfiable")]
    RangeNotSatisfiable { size: u64 },
    #[error("service unavailable: {0}")]
    Unavailable(String),
    /// Overloaded: 503 with `Retry-After`, at once rather than after a wait.
    #[error("busy")]
    Busy { retry_after_secs: u64 },
    /// Anything unexpected: its cause is logged with its chain, never sent.
    #[error("internal error: {0}")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync + 'static>),
}

impl ApiError {
    /// A 422 for one field.
    pub fn field(field: &str, code: &str, message: &str) -> Self {
        ApiError::Validation(vec![FieldError {
            field: field.to_owned(),
            code: code.to_owned(),
            message: message.to_owned(),
        }])
    }

    /// An unexpected failure, kept with its cause for the log.
    pub fn internal(e: impl Into<Box<dyn std::error::Error + Send + Sync + 'static>>) -> Self {
        ApiError::Internal(e.into())
    }

    fn parts(&self) -> (StatusCode, ErrorCode, &'static str) {
        use ApiError::*;
        match self {
            Validation(_) => (StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::ValidationFailed, "Invalid request"),
            MalformedJson(_) => (StatusCode::BAD_REQUEST, ErrorCode::MalformedJson, "Malformed JSON"),
            UnsupportedMediaType => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, ErrorCode::UnsupportedMediaType, "Unsupported media type")
            }
            PayloadTooLarge { .. } | FileTooLarge { .. } => {
                (StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::PayloadTooLarge, "Payload too large")
            }
            RouteNotFound => (StatusCode::NOT_FOUND, ErrorCode::RouteNotFound, "No such route"),
            MethodNotAllowed { .. } => {
                (StatusCode::METHOD_NOT_ALLOWED, ErrorCode::MethodNotAllowed, "Method not allowed")
            }
            NotFound => (StatusCode::NOT_FOUND, ErrorCode::NotFound, "Not found"),
            Unauthenticated => (StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated, "Authentication required"),
            InvalidToken(_) => (StatusCode::UNAUTHORIZED, ErrorCode::InvalidToken, "Invalid access token"),
            InvalidCredentials => (StatusCode::UNAUTHORIZED, ErrorCode::InvalidCredentials, "Invalid credentials"),
            InvalidRefreshToken => (StatusCode::UNAUTHORIZED, ErrorCode::InvalidRefreshToken, "Invalid refresh token"),
            InvalidLinkToken => (StatusCode::BAD_REQUEST, ErrorCode::InvalidLinkToken, "Invalid or expired link"),
            AccountDisabled => (StatusCode::FORBIDDEN, ErrorCode::AccountDisabled, "Account disabled"),
            Forbidden(code) => (status(*code), *code, "Forbidden"),
            EmailTaken => (StatusCode::CONFLICT, ErrorCode::EmailTaken, "Email already registered"),
            Conflict(code) | Refused { code, .. } => (status(*code), *code, title_of(status_of(*code))),
            TooManyRequests { .. } => (StatusCode::TOO_MANY_REQUESTS, ErrorCode::TooManyRequests, "Too many requests"),
            RangeNotSatisfiable { .. } => {
                (StatusCode::RANGE_NOT_SATISFIABLE, ErrorCode::RangeNotSatisfiable, "Range not satisfiable")
            }
            Unavailable(_) | Busy { .. } => {
                (StatusCode::SERVICE_UNAVAILABLE, ErrorCode::ServiceUnavailable, "Service unavailable")
            }
            Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal, "Internal error"),
        }
    }

    fn detail(&self) -> String {
        use ApiError::*;
        match self {
            Validation(errors) => match errors.len() {
                1 => format!("{}: {}", errors[0].field, errors[0].message),
                n => format!("{n} fields are invalid"),
            },
            MalformedJson(msg) => format!("The body is not valid JSON: {msg}"),
            UnsupportedMediaType => "Send the body as application/json.".into(),
            PayloadTooLarge { limit } => format!("The body is larger than {limit} bytes."),
            FileTooLarge { field, limit } => format!("The {field} file is larger than {} KB.", limit / 1024),
            RouteNotFound => "No route has this path.".into(),
            MethodNotAllowed { allow } => format!("This path accepts: {}.", allow.join(", ")),
            NotFound
            | Unauthenticated
            | InvalidToken(_)
            | InvalidCredentials
            | InvalidRefreshToken
            | InvalidLinkToken
            | AccountDisabled
            | Unavailable(_)
            | Busy { .. }
            | Internal(_) => generic_detail(self.parts().1).into(),
            Forbidden(code) | Conflict(code) => code.describe().into(),
            Refused { detail, .. } => detail.clone(),
            EmailTaken => "An account with this email already exists.".into(),
            TooManyRequests { retry_after_secs } => {
                format!("Too many attempts; try again in {retry_after_secs} seconds.")
            }
            RangeNotSatisfiable { size } => {
                format!("The file has {size} bytes; the range asked for starts past its end.")
            }
        }
    }

    pub fn to_problem(&self) -> Problem {
        let (status, code, title) = self.parts();
        let mut problem = Problem::new(status.as_u16(), code, title, self.detail());
        match self {
            ApiError::Validation(errors) => problem.errors = errors.clone(),
            ApiError::FileTooLarge { field, limit } => {
                problem.errors = vec![FieldError {
                    field: (*field).into(),
                    code: "too_large".into(),
                    message: format!("must be at most {} KB", limit / 1024),
                }]
            }
            ApiError::InvalidLinkToken => {
                problem.errors = vec![FieldError {
                    field: "token".into(),
                    code: "invalid_or_expired".into(),
                    message: "is invalid, already used or expired".into(),
                }]
            }
            _ => {}
        }
        problem
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.parts().0
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            ApiError::Internal(cause) => tracing::error!(cause = %chain(cause.as_ref()), "internal error"),
            ApiError::Unavailable(cause) => tracing::warn!(%cause, "service unavailable"),
            ApiError::InvalidToken(why) => {
                tracing::warn!(reason = %why, "refused: invalid access token")
            }
            ApiError::Unauthenticated => tracing::info!("refused: no access token"),
            ApiError::Forbidden(code) => tracing::warn!(reason = code.as_str(), "refused: forbidden"),
            _ => {}
        }
        let problem = self.to_problem();
        let mut response = HttpResponse::build(self.status_code());
        response.insert_header((header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json")));
        match self {
            ApiError::TooManyRequests { retry_after_secs } | ApiError::Busy { retry_after_secs } => {
                response.insert_header((header::RETRY_AFTER, retry_after_secs.to_string()));
            }
            ApiError::MethodNotAllowed { allow } => {
                // `OPTIONS` is answered on every documented path (`http::routes::methods`).
                response.insert_header((header::ALLOW, format!("{}, OPTIONS", allow.join(", "))));
            }
            ApiError::RangeNotSatisfiable { size } => {
                response.insert_header((header::CONTENT_RANGE, format!("bytes */{size}")));
            }
            ApiError::Unauthenticated => {
                response.insert_header((header::WWW_AUTHENTICATE, "Bearer realm=\"madani\""));
            }
            ApiError::InvalidToken(_) => {
                response.insert_header((header::WWW_AUTHENTICATE, "Bearer realm=\"madani\", error=\"invalid_token\""));
            }
            _ => {}
        }
        response.body(serde_json::to_vec(&problem).unwrap_or_default())
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(e: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match e {
            Error::NotFound => ApiError::NotFound,
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
                tracing::info!(constraint = ?info.constraint_name(), "unique violation");
                ApiError::Conflict(ErrorCode::Conflict)
            }
            Error::DatabaseError(
                DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand,
                info,
            ) => ApiError::Unavailable(info.message().to_owned()),
            other => ApiError::Internal(Box::new(other)),
        }
    }
}

impl From<diesel::r2d2::PoolError> for ApiError {
    /// No connection came free in time: overloaded, so 503 with `Retry-After` (the client may try
    /// again in a second), the cause logged.
    fn from(e: diesel::r2d2::PoolError) -> Self {
        tracing::warn!(error = %e, "database pool exhausted");
        ApiError::Busy { retry_after_secs: 1 }
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        ApiError::Internal(Box::new(e))
    }
}

impl From<validator::ValidationErrors> for ApiError {
    fn from(e: validator::ValidationErrors) -> Self {
        ApiError::Validation(madani_shared::error::field_errors(&e))
    }
}

/// An error and its sources, `: `-separated, for the log.
fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}

fn status(code: ErrorCode) -> StatusCode {
    StatusCode::from_u16(status_of(code)).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// The `title` of a problem with this status.
pub fn title_of(status: u16) -> &'static str {
    match status {
        400 => "Bad request",
        401 => "Authentication required",
        403 => "Forbidden",
        404 => "Not found",
        405 => "Method not allowed",
        409 => "Conflict",
        413 => "Payload too large",
        415 => "Unsupported media type",
        416 => "Range not satisfiable",
        422 => "Invalid request",
        429 => "Too many requests",
        503 => "Service unavailable",
        _ => "Internal error",
    }
}

/// What a code means, for the codes that `ErrorCode::describe` leaves to the server (their detail
/// may say more, e.g. which field or how long to wait).
pub fn generic_detail(code: ErrorCode) -> &'static str {
    use ErrorCode::*;
    match code {
        ValidationFailed => "One or more fields are invalid; `errors` names each.",
        MalformedJson => "The body is not valid JSON.",
        UnsupportedMediaType => "Send the body as application/json.",
        PayloadTooLarge => "The body is larger than the server accepts.",
        RouteNotFound => "No route has this path.",
        MethodNotAllowed => "This path does not take this method; see `Allow`.",
        NotFound => "The object does not exist or is not visible to you.",
        Unauthenticated => "Send a valid access token as `Authorization: Bearer <token>`.",
        InvalidToken => "The access token is invalid or expired; refresh it or sign in again.",
        InvalidCredentials => "Wrong email or password.",
        InvalidRefreshToken => "The refresh token is invalid, expired or revoked; sign in again.",
        InvalidLinkToken => "This link is invalid, already used or expired; ask for a new one.",
        AccountDisabled => "This account is disabled.",
        TooManyRequests => "Too many attempts; try again after `Retry-After` seconds.",
        RangeNotSatisfiable => "The range asked for starts past the end of the file.",
        ServiceUnavailable => "The service is temporarily unavailable; try again shortly.",
        Internal | Unknown => "An unexpected error occurred; it has been logged.",
        other => other.describe(),
    }
}

/// The HTTP status a problem with `code` is answered with.
pub fn status_of(code: ErrorCode) -> u16 {
    use ErrorCode::*;
    match code {
        ValidationFailed => 422,
        MalformedJson | InvalidLinkToken | NotWebsocket => 400,
        UnsupportedMediaType => 415,
        PayloadTooLarge => 413,
        RouteNotFound | NotFound => 404,
        MethodNotAllowed => 405,
        Unauthenticated | InvalidToken | InvalidCredentials | InvalidRefreshToken => 401,
        AccountDisabled
        | Forbidden
        | EmailNotVerified
        | NotStaff
        | NotAdmin
        | NotMember
        | NotOfficer
        | NotOwner
        | NotTrainer
        | NotEnrolled
        | NotAddressee
        | BadSignature
        | LinkExpired
        | NotInstitutionStaff
        | NotInstitutionManager
        | NotOrganiser
        | NotTargeted
        | ResultsNotPublished
        | NotAuthor
        | BlockedFromConsultation
        | NotAnswerer
        | NotProjectPartner
        | MessagesRefused
        | ConnectionRequired
        | NotGroupStarter
        | NotCircleModerator
        | NotCircleMember
        | CircleReadOnly
        | ObserversNotAllowed => 403,
        TooManyRequests => 429,
        RangeNotSatisfiable => 416,
        ServiceUnavailable => 503,
        Internal | Unknown => 500,
        EmailTaken
        | AlreadyVerified
        | LastAdmin
        | CannotDemoteSelf
        | RegistrationNumberTaken
        | InvalidStatusChange
        | AssociationInactive
        | AlreadyMember
        | JoinRequestPending
        | AlreadyDecided
        | InvitationPending
        | InvitationExpired
        | InvitationVoid
        | OwnerRoleByTransfer
        | OwnerCannotLeave
        | OwnsAssociations
        | TooManyPendingInvitations
        | TooManyPendingRegistrations
        | AlreadyConnected
        | ConnectionPending
        | CommentLocked
        | AlreadyReported
        | SupportLimitReached
        | ProposalStateInUse
        | ActivityFull
        | ActivityCancelled
        | NoRegistration
        | ConversationFull
        | MessageLocked
        | NotAGroup
        | CourseNotOpen
        | CourseEnded
        | CourseFull
        | CourseHasLearners
        | CourseIncomplete
        | NotAQuiz
        | QuizCompletedByPassing
        | NotAVideoLesson
        | NoVideoFile
        | AttemptsExhausted
        | AttemptSubmitted
        | AlreadyRevoked
        | LastManager
        | ConsultationNotOpen
        | AlreadyAnswered
        | QuestionnaireFrozen
        | QuestionnaireEmpty
        | ConsultationPublished
        | WrongPhase
        | ProposalsDisabled
        | ProposalLocked
        | LastModerator
        | PostLocked
        | NotAQuestion
        | Conflict => 409,
    }
}

/// Is this diesel error a unique violation (for a handler that names the conflict itself)?
pub fn is_unique_violation(e: &diesel::result::Error) -> bool {
    matches!(e, diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _))
}
