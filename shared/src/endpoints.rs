//! One `Endpoint` per route: its method, path template, request and response types.
//! The SPA, the integration tests and partners call the API through these with [`crate::Client`];
//! a test checks that every one of them is in the server's OpenAPI document.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::associations::*;
use crate::auth::*;
use crate::certificates::*;
use crate::courses::*;
use crate::network::*;
use crate::page::{Page, PageQuery};
use crate::system::{Health, Ready};
use crate::territories::{Commune, Wilaya};

/// An HTTP method the API uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// No request body or query.
pub type NoRequest = ();
/// A `204 No Content` or `202 Accepted` answer without a body.
pub type NoContent = ();

/// A route of the API. `Request` is sent as the query string for GET and as the JSON body otherwise
/// (`()` sends nothing); `Response` is the JSON of the success answer (`()` for an empty one).
pub trait Endpoint {
    const METHOD: Method;
    /// The path template, with `{name}` placeholders filled in order from the call's path arguments.
    const PATH: &'static str;
    type Request: Serialize;
    type Response: DeserializeOwned;
}

macro_rules! endpoints {
    ($( $(#[$doc:meta])* $name:ident: $method:ident $path:literal, $req:ty => $resp:ty; )*) => {
        $(
            $(#[$doc])*
            pub struct $name;
            impl Endpoint for $name {
                const METHOD: Method = Method::$method;
                const PATH: &'static str = $path;
                type Request = $req;
                type Response = $resp;
            }
        )*
        /// Every endpoint, as (method, path template).
        pub const ALL: &[(Method, &str)] = &[$((Method::$method, $path)),*];
    };
}

endpoints! {
    /// Liveness.
    GetHealth: Get "/health", NoRequest => Health;
    /// Readiness (database reachable).
    GetReady: Get "/ready", NoRequest => Ready;

    /// All wilayas.
    ListWilayas: Get "/api/v1/territories/wilayas", NoRequest => Vec<Wilaya>;
    /// The communes of a wilaya: path `{code}`.
    ListCommunes: Get "/api/v1/territories/wilayas/{code}/communes", NoRequest => Vec<Commune>;

    Register: Post "/api/v1/auth/register", RegisterRequest => User;
    Login: Post "/api/v1/auth/login", LoginRequest => TokenResponse;
    Refresh: Post "/api/v1/auth/refresh", RefreshRequest => TokenResponse;
    Logout: Post "/api/v1/auth/logout", LogoutRequest => NoContent;
    VerifyEmail: Post "/api/v1/auth/verify-email", VerifyEmailRequest => User;
    ResendVerification: Post "/api/v1/auth/verify-email/resend", NoRequest => NoContent;
    RequestPasswordReset: Post "/api/v1/auth/password-reset", PasswordResetRequest => NoContent;
    ConfirmPasswordReset: Post "/api/v1/auth/password-reset/confirm", PasswordResetConfirmRequest => NoContent;

    GetMe: Get "/api/v1/me", NoRequest => User;
    UpdateMe: Patch "/api/v1/me", UpdateMeRequest => User;
    DeleteMe: Delete "/api/v1/me", DeleteAccountRequest => NoContent;
    ChangePassword: Post "/api/v1/me/password", ChangePasswordRequest => NoContent;
    ExportMe: Get "/api/v1/me/export", NoRequest => AccountExport;
    ListMySessions: Get "/api/v1/me/sessions", NoRequest => Vec<Session>;
    /// Sign out one of your sessions: path `{id}`.
    RevokeMySession: Delete "/api/v1/me/sessions/{id}", NoRequest => NoContent;

    ListUsers: Get "/api/v1/admin/users", ListUsersQuery => Page<AdminUser>;

    /// The public directory.
    ListAssociations: Get "/api/v1/associations", ListAssociationsQuery => DirectoryPage;
    CreateAssociationEndpoint: Post "/api/v1/associations", CreateAssociation => Association;
    /// The JSON form of the export (CSV with `format=csv`, which is not JSON).
    ExportAssociations: Get "/api/v1/associations/export", ExportAssociationsQuery => Vec<ExportedAssociation>;
    /// Path `{id}`.
    GetAssociation: Get "/api/v1/associations/{id}", NoRequest => Association;
    UpdateAssociationEndpoint: Patch "/api/v1/associations/{id}", UpdateAssociation => Association;
    /// The request body is the picture's bytes: send it with [`crate::Client::upload`].
    UploadLogo: Post "/api/v1/associations/{id}/logo", NoRequest => Association;
    DeleteLogo: Delete "/api/v1/associations/{id}/logo", NoRequest => NoContent;
    /// The picture's bytes, not JSON: fetch an association's `logo_url` with any HTTP client (or an
    /// `<img>`); listed so the client's table of routes is complete.
    GetLogo: Get "/api/v1/associations/{id}/logo", NoRequest => NoContent;
    ListMembers: Get "/api/v1/associations/{id}/members", NoRequest => Vec<Member>;
    /// Path `{id}`, `{user_id}`.
    UpdateMemberEndpoint: Patch "/api/v1/associations/{id}/members/{user_id}", UpdateMember => Member;
    RemoveMember: Delete "/api/v1/associations/{id}/members/{user_id}", NoRequest => NoContent;
    TransferOwnershipEndpoint: Post "/api/v1/associations/{id}/transfer-ownership", TransferOwnership => NoContent;
    CreateJoinRequestEndpoint: Post "/api/v1/associations/{id}/join-requests", CreateJoinRequest => JoinRequest;
    ListJoinRequests: Get "/api/v1/associations/{id}/join-requests", NoRequest => Vec<JoinRequest>;
    /// Path `{id}`, `{request_id}`.
    ApproveJoinRequest: Post "/api/v1/associations/{id}/join-requests/{request_id}/approve", NoRequest => JoinRequest;
    RejectJoinRequest: Post "/api/v1/associations/{id}/join-requests/{request_id}/reject", NoRequest => JoinRequest;
    CreateInvitationEndpoint: Post "/api/v1/associations/{id}/invitations", CreateInvitation => Invitation;
    ListInvitations: Get "/api/v1/associations/{id}/invitations", NoRequest => Vec<Invitation>;
    RevokeInvitation: Delete "/api/v1/associations/{id}/invitations/{invitation_id}", NoRequest => NoContent;
    ListMyInvitations: Get "/api/v1/me/invitations", NoRequest => Vec<Invitation>;
    AcceptInvitation: Post "/api/v1/invitations/{id}/accept", NoRequest => MyAssociation;
    DeclineInvitation: Post "/api/v1/invitations/{id}/decline", NoRequest => Invitation;
    /// The request body is the CSV file: send it with [`crate::Client::upload`] and `?dry_run=true`
    /// in the path for a dry run.
    ImportAssociations: Post "/api/v1/imports/associations", NoRequest => ImportJob;
    GetImport: Get "/api/v1/imports/{id}", NoRequest => ImportJob;
    VerificationQueue: Get "/api/v1/verification-queue", VerificationQueueQuery => Page<AssociationSummary>;
    VerifyAssociation: Post "/api/v1/associations/{id}/verify", StatusDecision => Association;
    RejectAssociation: Post "/api/v1/associations/{id}/reject", StatusDecision => Association;
    SuspendAssociation: Post "/api/v1/associations/{id}/suspend", StatusDecision => Association;
    ListAuditLog: Get "/api/v1/audit-log", PageQuery => Page<AuditEntry>;
    ListMyAssociations: Get "/api/v1/me/associations", NoRequest => Vec<MyAssociation>;
    ListMyNotifications: Get "/api/v1/me/notifications", NoRequest => Vec<Notification>;
    MarkNotificationsRead: Post "/api/v1/me/notifications/read", NoRequest => NoContent;
    /// Path `{id}`.
    UpdateUser: Patch "/api/v1/admin/users/{id}", UpdateUserRequest => AdminUser;

    /// Whether you follow an association: path `{id}`.
    GetFollowStatus: Get "/api/v1/associations/{id}/follow", NoRequest => FollowStatus;
    FollowAssociation: Put "/api/v1/associations/{id}/follow", NoRequest => FollowStatus;
    UnfollowAssociation: Delete "/api/v1/associations/{id}/follow", NoRequest => FollowStatus;
    ListMyFollowing: Get "/api/v1/me/following", PageQuery => Page<FollowedAssociation>;
    GetMyProfile: Get "/api/v1/me/profile", NoRequest => MyProfile;
    UpdateMyProfileEndpoint: Put "/api/v1/me/profile", UpdateMyProfile => MyProfile;
    /// A member's profile as you may see it: path `{user_id}`.
    GetMemberProfile: Get "/api/v1/members/{user_id}", NoRequest => MemberProfile;
    CreateConnectionEndpoint: Post "/api/v1/connections", CreateConnection => Connection;
    ListConnections: Get "/api/v1/connections", ListConnectionsQuery => Page<Connection>;
    /// Path `{id}`.
    AcceptConnection: Post "/api/v1/connections/{id}/accept", NoRequest => Connection;
    DeclineConnection: Post "/api/v1/connections/{id}/decline", NoRequest => Connection;
    DeleteConnection: Delete "/api/v1/connections/{id}", NoRequest => NoContent;
    // Courses.
    ListCourses: Get "/api/v1/courses", CatalogQuery => Page<CourseSummary>;
    CreateCourseEndpoint: Post "/api/v1/courses", CreateCourse => Course;
    GetCourse: Get "/api/v1/courses/{id}", NoRequest => Course;
    UpdateCourseEndpoint: Patch "/api/v1/courses/{id}", UpdateCourse => Course;
    /// The request body is the picture's bytes: send it with [`crate::Client::upload`].
    UploadCourseCover: Post "/api/v1/courses/{id}/cover", NoRequest => Course;
    DeleteCourseCover: Delete "/api/v1/courses/{id}/cover", NoRequest => NoContent;
    /// The picture's bytes, not JSON: use a course's `cover_url` (in an `<img>`); listed so the
    /// client's table of routes is complete.
    GetCourseCover: Get "/api/v1/courses/{id}/cover", NoRequest => NoContent;
    AddTrainerEndpoint: Post "/api/v1/courses/{id}/trainers", AddTrainer => Course;
    RemoveTrainer: Delete "/api/v1/courses/{id}/trainers/{user_id}", NoRequest => NoContent;
    CreateModuleEndpoint: Post "/api/v1/courses/{id}/modules", CreateModule => Module;
    UpdateModuleEndpoint: Patch "/api/v1/courses/{id}/modules/{module_id}", UpdateModule => Module;
    DeleteModule: Delete "/api/v1/courses/{id}/modules/{module_id}", NoRequest => NoContent;
    CreateLessonEndpoint: Post "/api/v1/courses/{id}/modules/{module_id}/lessons", CreateLesson => Lesson;
    GetLesson: Get "/api/v1/courses/{id}/lessons/{lesson_id}", NoRequest => Lesson;
    UpdateLessonEndpoint: Patch "/api/v1/courses/{id}/lessons/{lesson_id}", UpdateLesson => Lesson;
    DeleteLesson: Delete "/api/v1/courses/{id}/lessons/{lesson_id}", NoRequest => NoContent;
    /// The request body is the video file (MP4 or WebM): send it with [`crate::Client::upload`].
    UploadLessonVideo: Post "/api/v1/courses/{id}/lessons/{lesson_id}/video", NoRequest => Lesson;
    DeleteLessonVideo: Delete "/api/v1/courses/{id}/lessons/{lesson_id}/video", NoRequest => NoContent;
    /// The video's bytes (ranges allowed), not JSON: use a lesson's signed `video.url` (in a
    /// `<video>`); listed so the client's table of routes is complete.
    GetLessonVideo: Get "/api/v1/media/lesson-videos/{id}", NoRequest => NoContent;
    Enrol: Post "/api/v1/courses/{id}/enrolment", NoRequest => Progress;
    Unenrol: Delete "/api/v1/courses/{id}/enrolment", NoRequest => NoContent;
    /// Officers of an association enrol its members: path `{id}` (the course).
    EnrolMembersEndpoint: Post "/api/v1/courses/{id}/enrolments", EnrolMembers => EnrolmentOutcome;
    CompleteLesson: Post "/api/v1/courses/{id}/lessons/{lesson_id}/complete", NoRequest => Progress;
    ListLearners: Get "/api/v1/courses/{id}/learners", NoRequest => Vec<Learner>;
    GetCourseStats: Get "/api/v1/courses/{id}/stats", NoRequest => CourseStats;
    /// CSV (text), not JSON.
    ExportLearners: Get "/api/v1/courses/{id}/learners/export", NoRequest => NoContent;
    ListMyCourses: Get "/api/v1/me/courses", NoRequest => Vec<MyCourse>;
    PutQuiz: Put "/api/v1/courses/{id}/lessons/{lesson_id}/quiz", Quiz => Quiz;
    GetQuiz: Get "/api/v1/courses/{id}/lessons/{lesson_id}/quiz", NoRequest => Quiz;
    StartAttempt: Post "/api/v1/courses/{id}/lessons/{lesson_id}/attempts", NoRequest => AttemptStarted;
    SubmitAttemptEndpoint: Post "/api/v1/courses/{id}/lessons/{lesson_id}/attempts/{attempt_id}/submit", SubmitAttempt => AttemptResult;
    ListAttempts: Get "/api/v1/courses/{id}/lessons/{lesson_id}/attempts", NoRequest => Vec<AttemptResult>;
    // Certificates.
    ListMyCertificates: Get "/api/v1/me/certificates", NoRequest => Vec<Certificate>;
    GetCertificate: Get "/api/v1/certificates/{id}", NoRequest => Certificate;
    RevokeCertificateEndpoint: Post "/api/v1/certificates/{id}/revoke", RevokeCertificate => Certificate;
    /// Path `{code}`: public.
    VerifyCertificate: Get "/api/v1/verify/{code}", NoRequest => CertificateVerification;
    /// An SVG image, not JSON: use the address in an `<img>`.
    VerificationQr: Get "/api/v1/verify/{code}/qr.svg", NoRequest => NoContent;
    /// The issuer's public keys (a JSON Web Key Set).
    GetJwks: Get "/.well-known/jwks.json", NoRequest => serde_json::Value;
    /// The revocation status list: a `BitstringStatusListCredential` as a VC-JOSE JWT (text).
    GetStatusList: Get "/api/v1/status-lists/revocation", NoRequest => NoContent;
}

/// Fill `{placeholders}` of `template` in order with `args` (percent-encoded).
pub fn fill_path(template: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut args = args.iter();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let end = rest[start..].find('}').map_or(rest.len(), |e| start + e + 1);
        match args.next() {
            Some(a) => encode_segment(a, &mut out),
            None => out.push_str(&rest[start..end]),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn encode_segment(s: &str, out: &mut String) {
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_placeholders_in_order_and_encodes() {
        assert_eq!(fill_path(ListCommunes::PATH, &["06"]), "/api/v1/territories/wilayas/06/communes");
        assert_eq!(fill_path("/a/{x}/b/{y}", &["1 2", "é"]), "/a/1%202/b/%C3%A9");
    }

    #[test]
    fn every_path_is_unique_per_method() {
        let mut seen = std::collections::HashSet::new();
        for (m, p) in ALL {
            assert!(seen.insert((*m, *p)), "{} {p} twice", m.as_str());
        }
    }
}
