//! The error responses of `#[utoipa::path]`: `Errors<(NotFound, NotOfficer, AlreadyMember)>` in an
//! operation's `responses` documents every status it may answer with the codes it uses, each code
//! a named example. One code alone is a reference to its shared component (`#/components/responses/
//! NotFound`); several with one status are one response listing them. Shared with every operation
//! (400, 401, 413, 415, 422, 500, 503) are added by [`super::document`] on its own.

use std::collections::BTreeMap;
use std::marker::PhantomData;

use madani_shared::ErrorCode;
use utoipa::openapi::example::ExampleBuilder;
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Response, ResponseBuilder};

use crate::error::status_of;

/// One error code, as a type that `Errors<…>` can list.
pub trait Code {
    const CODE: ErrorCode;
}

macro_rules! codes {
    ($($name:ident),* $(,)?) => {$(
        #[doc = concat!("The `", stringify!($name), "` problem, for `Errors<…>`.")]
        pub struct $name;
        impl Code for $name {
            const CODE: ErrorCode = ErrorCode::$name;
        }
    )*};
}

codes!(
    NotFound,
    Forbidden,
    EmailNotVerified,
    NotStaff,
    NotAdmin,
    NotMember,
    NotOfficer,
    NotOwner,
    NotTrainer,
    NotEnrolled,
    NotAddressee,
    BadSignature,
    LinkExpired,
    InvalidCredentials,
    InvalidRefreshToken,
    InvalidLinkToken,
    AccountDisabled,
    EmailTaken,
    AlreadyVerified,
    LastAdmin,
    CannotDemoteSelf,
    RegistrationNumberTaken,
    InvalidStatusChange,
    AssociationInactive,
    AlreadyMember,
    JoinRequestPending,
    AlreadyDecided,
    InvitationPending,
    InvitationExpired,
    InvitationVoid,
    OwnerRoleByTransfer,
    OwnerCannotLeave,
    OwnsAssociations,
    TooManyPendingInvitations,
    TooManyPendingRegistrations,
    AlreadyConnected,
    ConnectionPending,
    CourseNotOpen,
    CourseEnded,
    CourseFull,
    CourseHasLearners,
    CourseIncomplete,
    NotAQuiz,
    QuizCompletedByPassing,
    NotAVideoLesson,
    NoVideoFile,
    AttemptsExhausted,
    AttemptSubmitted,
    AlreadyRevoked,
    NotInstitutionStaff,
    NotInstitutionManager,
    NotOrganiser,
    NotTargeted,
    ResultsNotPublished,
    LastManager,
    ConsultationNotOpen,
    AlreadyAnswered,
    QuestionnaireFrozen,
    QuestionnaireEmpty,
    ConsultationPublished,
    WrongPhase,
    NotAuthor,
    ProposalsDisabled,
    ProposalLocked,
    CommentLocked,
    AlreadyReported,
    BlockedFromConsultation,
    NotAnswerer,
    SupportLimitReached,
    ProposalStateInUse,
    NotProjectPartner,
    ActivityFull,
    ActivityCancelled,
    NoRegistration,
    NotWebsocket,
    MessagesRefused,
    ConnectionRequired,
    NotGroupStarter,
    ConversationFull,
    MessageLocked,
    NotAGroup,
    NotCircleModerator,
    NotCircleMember,
    CircleReadOnly,
    ObserversNotAllowed,
    LastModerator,
    PostLocked,
    NotAQuestion,
    Conflict,
    TooManyRequests,
    RangeNotSatisfiable,
    PayloadTooLarge,
);

/// A list of codes: one [`Code`], or a tuple of them.
pub trait CodeList {
    fn codes() -> Vec<ErrorCode>;
}

impl<A: Code> CodeList for A {
    fn codes() -> Vec<ErrorCode> {
        vec![A::CODE]
    }
}

macro_rules! code_tuples {
    ($(($($t:ident),+)),* $(,)?) => {$(
        impl<$($t: Code),+> CodeList for ($($t,)+) {
            fn codes() -> Vec<ErrorCode> {
                vec![$($t::CODE),+]
            }
        }
    )*};
}

code_tuples!(
    (A, B),
    (A, B, C),
    (A, B, C, D),
    (A, B, C, D, E),
    (A, B, C, D, E, F),
    (A, B, C, D, E, F, G),
    (A, B, C, D, E, F, G, H),
);

/// The error responses of an operation: `Errors<NotFound>`, `Errors<(NotFound, NotOfficer)>`.
pub struct Errors<T>(PhantomData<T>);

impl<T: CodeList> utoipa::IntoResponses for Errors<T> {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        let mut by_status: BTreeMap<u16, Vec<ErrorCode>> = BTreeMap::new();
        for code in T::codes() {
            let list = by_status.entry(status_of(code)).or_default();
            if !list.contains(&code) {
                list.push(code);
            }
        }
        by_status
            .into_iter()
            .map(|(status, codes)| {
                let response = match codes.as_slice() {
                    [one] => RefOr::Ref(Ref::new(format!("#/components/responses/{}", component_name(*one)))),
                    many => RefOr::T(several(status, many)),
                };
                (status.to_string(), response)
            })
            .collect()
    }
}

/// `not_found` → `NotFound`: the name of a code's shared response.
pub fn component_name(code: ErrorCode) -> String {
    code.as_str()
        .split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
        })
        .collect()
}

/// The problem document a code is answered with, as an example.
pub fn example(code: ErrorCode) -> serde_json::Value {
    let status = status_of(code);
    let mut example = serde_json::json!({
        "type": format!("urn:madani:problem:{}", code.as_str()),
        "title": crate::error::title_of(status),
        "status": status,
        "detail": detail(code),
        "code": code.as_str(),
    });
    if code == ErrorCode::ValidationFailed {
        example["errors"] =
            serde_json::json!([{"field": "email", "code": "email", "message": "must be a valid email address"}]);
    }
    example
}

fn detail(code: ErrorCode) -> String {
    match code.describe() {
        "" => crate::error::generic_detail(code).to_owned(),
        d => d.to_owned(),
    }
}

/// The shared response of one code.
pub fn response(code: ErrorCode) -> Response {
    ResponseBuilder::new()
        .description(format!("{} (`{}`)", detail(code).trim_end_matches('.'), code.as_str()))
        .content(
            "application/problem+json",
            ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).example(Some(example(code))).build(),
        )
        .build()
}

/// One status answered with several codes: each named, each an example.
fn several(_status: u16, codes: &[ErrorCode]) -> Response {
    let description =
        codes.iter().map(|c| format!("{} (`{}`)", detail(*c).trim_end_matches('.'), c.as_str())).collect::<Vec<_>>();
    let mut content = ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem")));
    for code in codes {
        content =
            content.examples_from_iter([(code.as_str(), ExampleBuilder::new().value(Some(example(*code))).build())]);
    }
    ResponseBuilder::new()
        .description(description.join("; or "))
        .content("application/problem+json", content.build())
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;
    use utoipa::IntoResponses;

    #[test]
    fn one_code_is_a_reference_and_codes_of_one_status_are_one_response() {
        let single = Errors::<NotFound>::responses();
        assert!(matches!(&single["404"], RefOr::Ref(r) if r.ref_location == "#/components/responses/NotFound"));
        let many = Errors::<(NotFound, AlreadyMember, JoinRequestPending)>::responses();
        assert_eq!(many.keys().collect::<Vec<_>>(), ["404", "409"]);
        let RefOr::T(conflict) = &many["409"] else { panic!("inline") };
        let json = serde_json::to_value(conflict).unwrap();
        let examples = &json["content"]["application/problem+json"]["examples"];
        assert_eq!(examples["already_member"]["value"]["code"], "already_member");
        assert_eq!(examples["join_request_pending"]["value"]["status"], 409);
    }

    #[test]
    fn component_names_are_the_codes_in_camel_case() {
        assert_eq!(component_name(ErrorCode::NotAQuiz), "NotAQuiz");
        assert_eq!(component_name(ErrorCode::ValidationFailed), "ValidationFailed");
    }
}
