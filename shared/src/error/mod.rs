//! The problem body (RFC 9457) every error response carries, and the stable error codes the SPA translates.

use serde::{Deserialize, Serialize};

mod describe;

macro_rules! error_codes {
    ($($(#[$doc:meta])* $name:ident = $code:literal,)*) => {
        /// A stable, machine-readable error code. Clients switch on it and translate it; it never
        /// changes meaning. `detail` carries the same in English.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum ErrorCode {
            $($(#[$doc])* $name,)*
            /// A code this client version does not know yet.
            #[serde(other)]
            Unknown,
        }

        impl ErrorCode {
            /// Every code the server sends.
            pub const ALL: &[ErrorCode] = &[$(ErrorCode::$name),*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$name => $code,)*
                    ErrorCode::Unknown => "unknown",
                }
            }
        }
    };
}

error_codes! {
    /// One or more fields are invalid: see `errors`.
    ValidationFailed = "validation_failed",
    /// The body is not well-formed JSON.
    MalformedJson = "malformed_json",
    /// The body is not `application/json`.
    UnsupportedMediaType = "unsupported_media_type",
    /// The body is larger than the server accepts.
    PayloadTooLarge = "payload_too_large",
    /// No route has this path.
    RouteNotFound = "route_not_found",
    /// The path exists but not with this method; see the `Allow` header.
    MethodNotAllowed = "method_not_allowed",
    /// The object does not exist, or you may not know that it does.
    NotFound = "not_found",
    /// This needs a valid access token (`Authorization: Bearer …`).
    Unauthenticated = "unauthenticated",
    /// The access token is invalid or expired.
    InvalidToken = "invalid_token",
    /// Wrong email or password.
    InvalidCredentials = "invalid_credentials",
    /// The refresh token is unknown, expired, revoked or already used.
    InvalidRefreshToken = "invalid_refresh_token",
    /// The email verification or password reset link is invalid, used or expired.
    InvalidLinkToken = "invalid_link_token",
    /// The account is disabled.
    AccountDisabled = "account_disabled",
    /// You are authenticated but not allowed to do this.
    Forbidden = "forbidden",
    /// Verify your email address first.
    EmailNotVerified = "email_not_verified",
    /// Only the staff of the observatory (and administrators) do this.
    NotStaff = "not_staff",
    /// Only administrators do this.
    NotAdmin = "not_admin",
    /// Only members of the association do this.
    NotMember = "not_member",
    /// Only the association's owner and admins do this.
    NotOfficer = "not_officer",
    /// Only the association's owner does this.
    NotOwner = "not_owner",
    /// Only the course's trainers (and staff) do this.
    NotTrainer = "not_trainer",
    /// Only the institution's staff do this.
    NotInstitutionStaff = "not_institution_staff",
    /// Only the institution's managers (and administrators) do this.
    NotInstitutionManager = "not_institution_manager",
    /// Only the consultation's organisers (staff of its institutions) do this.
    NotOrganiser = "not_organiser",
    /// The consultation is not addressed to you (or to this association): see its audience.
    NotTargeted = "not_targeted",
    /// The results are not published yet.
    ResultsNotPublished = "results_not_published",
    /// Only its author does this.
    NotAuthor = "not_author",
    /// Enrol in the course first.
    NotEnrolled = "not_enrolled",
    /// Only the member a request was sent to answers it.
    NotAddressee = "not_addressee",
    /// The signed address is wrong or was made for something else.
    BadSignature = "bad_signature",
    /// The signed address has expired: reload the page for a new one.
    LinkExpired = "link_expired",
    /// An account with this email already exists.
    EmailTaken = "email_taken",
    /// The email address is already verified.
    AlreadyVerified = "already_verified",
    /// The last administrator cannot do this to their own account.
    LastAdmin = "last_admin",
    /// An administrator cannot demote or disable themselves (another administrator can).
    CannotDemoteSelf = "cannot_demote_self",
    /// An association with this registration number is already registered.
    RegistrationNumberTaken = "registration_number_taken",
    /// The association's status does not allow this decision (e.g. verifying a verified one).
    InvalidStatusChange = "invalid_status_change",
    /// The association is rejected or suspended: it takes no new members and enrols nobody.
    AssociationInactive = "association_inactive",
    /// You (or the person named) are already a member.
    AlreadyMember = "already_member",
    /// Your request to join is already waiting for a decision.
    JoinRequestPending = "join_request_pending",
    /// This request or invitation was already decided, answered or revoked.
    AlreadyDecided = "already_decided",
    /// An invitation to this address is already waiting for an answer.
    InvitationPending = "invitation_pending",
    /// This invitation has expired: ask for a new one.
    InvitationExpired = "invitation_expired",
    /// Whoever sent this invitation can no longer grant its role (demoted, removed, no longer the
    /// owner): it is withdrawn; ask the association for a new one.
    InvitationVoid = "invitation_void",
    /// The owner's role changes only by transferring ownership.
    OwnerRoleByTransfer = "owner_role_by_transfer",
    /// An association never loses its owner: transfer ownership before the owner leaves.
    OwnerCannotLeave = "owner_cannot_leave",
    /// You own associations: transfer their ownership before deleting your account.
    OwnsAssociations = "owns_associations",
    /// The association has as many open invitations as it may: revoke some or wait for answers.
    TooManyPendingInvitations = "too_many_pending_invitations",
    /// You already have as many registrations waiting for verification as you may: wait for the
    /// observatory's decisions.
    TooManyPendingRegistrations = "too_many_pending_registrations",
    /// You are already connected with this member.
    AlreadyConnected = "already_connected",
    /// A connection request between you two is already waiting for an answer.
    ConnectionPending = "connection_pending",
    /// The course is not open to new learners (a draft or archived).
    CourseNotOpen = "course_not_open",
    /// The course's session has ended.
    CourseEnded = "course_ended",
    /// The course has no place left.
    CourseFull = "course_full",
    /// Learners are enrolled: archive the course instead of returning it to draft.
    CourseHasLearners = "course_has_learners",
    /// A course needs at least one lesson (and every quiz its questions) to be published.
    CourseIncomplete = "course_incomplete",
    /// This is not a quiz lesson.
    NotAQuiz = "not_a_quiz",
    /// A quiz lesson is completed by passing the quiz.
    QuizCompletedByPassing = "quiz_completed_by_passing",
    /// Only a video lesson takes a video file.
    NotAVideoLesson = "not_a_video_lesson",
    /// Captions go with an uploaded video: upload the lesson's video file first.
    NoVideoFile = "no_video_file",
    /// Every attempt allowed at this quiz has been used.
    AttemptsExhausted = "attempts_exhausted",
    /// This attempt was already handed in.
    AttemptSubmitted = "attempt_submitted",
    /// This certificate is already revoked.
    AlreadyRevoked = "already_revoked",
    /// An institution keeps at least one manager.
    LastManager = "last_manager",
    /// The consultation takes no answers now (before `opens_at` or after `closes_at`).
    ConsultationNotOpen = "consultation_not_open",
    /// The final answer is already in, and the consultation does not allow changing it.
    AlreadyAnswered = "already_answered",
    /// Answers exist: only the questionnaire's texts may change.
    QuestionnaireFrozen = "questionnaire_frozen",
    /// A consultation needs a question before it is published.
    QuestionnaireEmpty = "questionnaire_empty",
    /// Published already: who answers and the audience are fixed.
    ConsultationPublished = "consultation_published",
    /// Not in the phase this needs (publish a draft, close an open one, publish the results of a closed one).
    WrongPhase = "wrong_phase",
    /// The consultation takes no proposals.
    ProposalsDisabled = "proposals_disabled",
    /// The proposal can no longer change: its first minutes are over, or it is answered.
    ProposalLocked = "proposal_locked",
    /// The comment can no longer change: its first minutes are over, or it is deleted or hidden.
    CommentLocked = "comment_locked",
    /// You already reported this item.
    AlreadyReported = "already_reported",
    /// The consultation's moderators blocked you from taking part in it.
    BlockedFromConsultation = "blocked_from_consultation",
    /// Only the consultation's organisers, or the institution the proposal was sent to, answer it.
    NotAnswerer = "not_answerer",
    /// You support as many proposals as this consultation allows: withdraw a support first.
    SupportLimitReached = "support_limit_reached",
    /// An answer or a proposal's history carries this state: rename it instead of removing it.
    ProposalStateInUse = "proposal_state_in_use",
    /// Only officers of the project's lead and partner associations post updates.
    NotProjectPartner = "not_project_partner",
    /// Every place of this activity is taken.
    ActivityFull = "activity_full",
    /// This activity is cancelled.
    ActivityCancelled = "activity_cancelled",
    /// This activity takes no registration.
    NoRegistration = "no_registration",
    /// This address takes WebSocket connections only.
    NotWebsocket = "not_websocket",
    /// This member does not take messages from you.
    MessagesRefused = "messages_refused",
    /// Connect with this member first: you share no association with them.
    ConnectionRequired = "connection_required",
    /// Only the member who started the group removes others from it.
    NotGroupStarter = "not_group_starter",
    /// A group conversation holds at most 50 people.
    ConversationFull = "conversation_full",
    /// A message can only be changed or deleted in its first 15 minutes.
    MessageLocked = "message_locked",
    /// Only a group conversation takes people in and lets them go.
    NotAGroup = "not_a_group",
    /// Only the circle's moderators do this.
    NotCircleModerator = "not_circle_moderator",
    /// Join the circle first.
    NotCircleMember = "not_circle_member",
    /// Observers read a circle without writing in it.
    CircleReadOnly = "circle_read_only",
    /// This circle takes no observers.
    ObserversNotAllowed = "observers_not_allowed",
    /// A circle keeps at least one moderator.
    LastModerator = "last_moderator",
    /// A post can only be changed in its first 30 minutes, and not once deleted or hidden.
    PostLocked = "post_locked",
    /// Only a question thread has an answer.
    NotAQuestion = "not_a_question",
    /// The request conflicts with the current state (another request changed it meanwhile).
    Conflict = "conflict",
    /// Too many attempts; retry after the `Retry-After` seconds.
    TooManyRequests = "too_many_requests",
    /// A byte range that starts past the end of the file (`Content-Range` gives its size).
    RangeNotSatisfiable = "range_not_satisfiable",
    /// The service is temporarily unable to answer (database unreachable, overloaded).
    ServiceUnavailable = "service_unavailable",
    /// An unexpected error; it has been logged with the request id.
    Internal = "internal",
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

impl FieldError {
    pub fn new(field: &str, code: &str, message: &str) -> Self {
        FieldError { field: field.to_owned(), code: code.to_owned(), message: message.to_owned() }
    }
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
