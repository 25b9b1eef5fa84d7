//! Typed identifiers: an `AssociationId` cannot be passed where a `CourseId` is expected, and a path
//! argument that is not a UUID never reaches a query. On the wire each is its UUID as a string.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! typed_id {
    ($($(#[$meta:meta])* $name:ident;)*) => {$(
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid, example = "01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e7a"))]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// The id of a value the server stored itself (always a UUID). A malformed one, which only
            /// a hand-edited database holds, reads as the nil UUID rather than failing a whole list.
            pub fn stored(s: &str) -> Self {
                Self(Uuid::parse_str(s).unwrap_or_else(|_| Uuid::nil()))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0.to_string()
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                Uuid::parse_str(other).is_ok_and(|u| u == self.0)
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                self == other.as_str()
            }
        }

        impl PathArg for $name {
            fn segment(&self) -> String {
                self.0.to_string()
            }
        }
    )*};
}

typed_id! {
    /// A user account's id (UUID v7).
    UserId;
    /// A login session's id: one per refresh-token family (UUID v7).
    SessionId;
    /// An association's id.
    AssociationId;
    /// A request to join an association.
    JoinRequestId;
    /// An invitation to join an association.
    InvitationId;
    /// A bulk import job.
    ImportId;
    /// An entry of the staff audit log.
    AuditEntryId;
    /// An in-app notification.
    NotificationId;
    /// A connection (or connection request) between two members.
    ConnectionId;
    /// A course.
    CourseId;
    /// A module of a course.
    ModuleId;
    /// A lesson of a course.
    LessonId;
    /// An attempt at a quiz.
    AttemptId;
    /// A certificate of completion.
    CertificateId;
    /// A public institution (the observatory, a ministry, a council, a wilaya's administration).
    InstitutionId;
    /// A consultation an institution runs.
    ConsultationId;
    /// A proposal made in a consultation.
    ProposalId;
    /// A comment on a proposal (or a reply to one).
    CommentId;
    /// A free-text answer to a consultation's question.
    TextAnswerId;
    /// A project an association leads.
    ProjectId;
    /// A milestone of a project.
    MilestoneId;
    /// An update posted on a project.
    ProjectUpdateId;
    /// An activity of a project, on the shared calendar.
    ActivityId;
    /// An indicator of a project.
    IndicatorId;
    /// A value reported for an indicator.
    ActualId;
    /// A direct, group or association-inbox conversation.
    ConversationId;
    /// A message of a conversation.
    MessageId;
    /// A file sent with a message.
    AttachmentId;
    /// A thematic circle.
    CircleId;
    /// A discussion thread of a circle.
    ThreadId;
    /// A post of a circle's thread (its opening post or a reply).
    PostId;
}

macro_rules! code {
    ($(#[$meta:meta])* $name:ident, $example:literal, $check:expr $(, pattern = $pattern:literal)?) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[cfg_attr(feature = "openapi", schema(value_type = String, example = $example $(, pattern = $pattern)?))]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = String;
            fn try_from(s: String) -> Result<Self, String> {
                let check: fn(&str) -> bool = $check;
                if check(&s) { Ok(Self(s)) } else { Err(format!("'{s}' is not a {}", stringify!($name))) }
            }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                Self::try_from(s.to_owned())
            }
        }

        impl From<$name> for String {
            fn from(code: $name) -> String {
                code.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl PathArg for $name {
            fn segment(&self) -> String {
                self.0.clone()
            }
        }
    };
}

code!(
    /// A wilaya's code: two digits, `06` for Béjaïa.
    WilayaCode,
    "06",
    |s| s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()),
    pattern = "^[0-9]{2}$"
);

code!(
    /// A certificate's verification code as a person types it: `7KQ2M-XR4TB` (case, dashes and spaces
    /// do not matter; 10 letters and digits once those are removed).
    CertificateCode,
    "7KQ2M-XR4TB",
    |s| {
        let kept = s.chars().filter(|c| c.is_ascii_alphanumeric()).count();
        s.len() <= 40 && kept == 10 && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ' ')
    }
);

code!(
    /// The key of a state an institution defined for its answers to proposals:
    /// `referred_to_wilaya` (2 to 40 of `a`–`z`, digits and `_`, from a letter; not a base state).
    ProposalStateKey,
    "referred_to_wilaya",
    crate::consultations::proposal_state_key_ok,
    pattern = "^[a-z][a-z0-9_]{1,39}$"
);

code!(
    /// The secret of a personal calendar feed: 43 characters of unpadded URL-safe base64.
    FeedSecret,
    "q3Zt0M2n3x7C6fY1m4HkR9bJp0sW8vLx2cA5dE7gK1u",
    |s| s.len() == 43 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
    pattern = "^[A-Za-z0-9_-]{43}$"
);

code!(
    /// An email's unsubscribe link: what it stops and for whom, then its 43-character signature,
    /// in URL-safe base64 (no dot: the address must not look like a file's).
    UnsubscribeToken,
    "MDE5MzZiMmUtOGY1YS03YzNkLTlhNGUtMmYxYjZjOGQwZTcxCnRvcGljOnByb2plY3Rzq3Zt0M2n3x7C6fY1m4HkR9bJp0sW8vLx2cA5dE7gK1u",
    |s| (44..=300).contains(&s.len()) && s.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'),
    pattern = "^[A-Za-z0-9_-]{44,300}$"
);

/// One path segment of an endpoint: a typed id, or a code (a wilaya's, a certificate's).
pub trait PathArg {
    fn segment(&self) -> String;
}

/// A language in a path (`/captions/{language}`): its code, `ar`, `fr` or `en`.
impl PathArg for crate::text::Language {
    fn segment(&self) -> String {
        self.code().to_owned()
    }
}

impl<T: PathArg + ?Sized> PathArg for &T {
    fn segment(&self) -> String {
        (**self).segment()
    }
}

/// The path arguments of an endpoint, in the order of its `{placeholders}`: `()` for none, one
/// [`PathArg`] for one, a tuple for several. An endpoint names its type, so a missing or misplaced
/// argument is a compile error, not a `{placeholder}` left in the address.
pub trait PathArgs {
    /// How many placeholders these fill.
    const ARITY: usize;
    fn segments(&self) -> Vec<String>;
}

impl PathArgs for () {
    const ARITY: usize = 0;
    fn segments(&self) -> Vec<String> {
        Vec::new()
    }
}

impl<A: PathArg> PathArgs for A {
    const ARITY: usize = 1;
    fn segments(&self) -> Vec<String> {
        vec![self.segment()]
    }
}

impl<A: PathArg, B: PathArg> PathArgs for (A, B) {
    const ARITY: usize = 2;
    fn segments(&self) -> Vec<String> {
        vec![self.0.segment(), self.1.segment()]
    }
}

impl<A: PathArg, B: PathArg, C: PathArg> PathArgs for (A, B, C) {
    const ARITY: usize = 3;
    fn segments(&self) -> Vec<String> {
        vec![self.0.segment(), self.1.segment(), self.2.segment()]
    }
}
