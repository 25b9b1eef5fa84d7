//! The API's routes, by area: each an [`Endpoint`](super::Endpoint) with its method, path
//! template, path arguments, request and response.

use super::{Endpoint, Method, NoContent, NoRequest};
use crate::associations::*;
use crate::auth::*;
use crate::certificates::*;
use crate::circles::*;
use crate::consultations::*;
use crate::courses::*;
use crate::ids::*;
use crate::institutions::*;
use crate::messaging::*;
use crate::network::*;
use crate::notifications::{NotificationSettings, NotificationSettingsChange, UnreadCount, Unsubscription};
use crate::page::{Page, PageQuery};
use crate::projects::*;
use crate::system::{Health, Ready};
use crate::territories::{Commune, Wilaya};
use crate::text::Language;

endpoints! {
    /// Liveness.
    GetHealth: Get "/health", NoRequest => Health;
    /// Readiness (database reachable).
    GetReady: Get "/ready", NoRequest => Ready;

    /// All wilayas.
    ListWilayas: Get "/api/v1/territories/wilayas", NoRequest => Vec<Wilaya>;
    /// The communes of a wilaya: path `{code}`.
    ListCommunes: Get "/api/v1/territories/wilayas/{code}/communes" [WilayaCode], NoRequest => Vec<Commune>;

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
    RevokeMySession: Delete "/api/v1/me/sessions/{id}" [SessionId], NoRequest => NoContent;

    ListUsers: Get "/api/v1/admin/users", ListUsersQuery => Page<AdminUser>;

    /// The public directory.
    ListAssociations: Get "/api/v1/associations", ListAssociationsQuery => DirectoryPage;
    CreateAssociationEndpoint: Post "/api/v1/associations", CreateAssociation => Association;
    /// The JSON form of the export (CSV with `format=csv`, which is not JSON).
    ExportAssociations: Get "/api/v1/associations/export", ExportAssociationsQuery => Vec<ExportedAssociation>;
    /// Path `{id}`.
    GetAssociation: Get "/api/v1/associations/{id}" [AssociationId], NoRequest => Association;
    UpdateAssociationEndpoint: Patch "/api/v1/associations/{id}" [AssociationId], UpdateAssociation => Association;
    /// The request body is the picture's bytes: send it with [`crate::Client::upload`].
    UploadLogo: Post "/api/v1/associations/{id}/logo" [AssociationId], NoRequest => Association;
    DeleteLogo: Delete "/api/v1/associations/{id}/logo" [AssociationId], NoRequest => NoContent;
    /// The picture's bytes, not JSON: fetch an association's `logo_url` with any HTTP client (or an
    /// `<img>`); listed so the client's table of routes is complete.
    GetLogo: Get "/api/v1/associations/{id}/logo" [AssociationId], NoRequest => NoContent;
    ListMembers: Get "/api/v1/associations/{id}/members" [AssociationId], PageQuery => Page<Member>;
    /// Path `{id}`, `{user_id}`.
    UpdateMemberEndpoint: Patch "/api/v1/associations/{id}/members/{user_id}" [(AssociationId, UserId)], UpdateMember => Member;
    RemoveMember: Delete "/api/v1/associations/{id}/members/{user_id}" [(AssociationId, UserId)], NoRequest => NoContent;
    TransferOwnershipEndpoint: Post "/api/v1/associations/{id}/transfer-ownership" [AssociationId], TransferOwnership => NoContent;
    CreateJoinRequestEndpoint: Post "/api/v1/associations/{id}/join-requests" [AssociationId], CreateJoinRequest => JoinRequest;
    ListJoinRequests: Get "/api/v1/associations/{id}/join-requests" [AssociationId], PageQuery => Page<JoinRequest>;
    /// Path `{id}`, `{request_id}`.
    ApproveJoinRequest: Post "/api/v1/associations/{id}/join-requests/{request_id}/approve" [(AssociationId, JoinRequestId)], NoRequest => JoinRequest;
    RejectJoinRequest: Post "/api/v1/associations/{id}/join-requests/{request_id}/reject" [(AssociationId, JoinRequestId)], NoRequest => JoinRequest;
    CreateInvitationEndpoint: Post "/api/v1/associations/{id}/invitations" [AssociationId], CreateInvitation => Invitation;
    ListInvitations: Get "/api/v1/associations/{id}/invitations" [AssociationId], PageQuery => Page<Invitation>;
    RevokeInvitation: Delete "/api/v1/associations/{id}/invitations/{invitation_id}" [(AssociationId, InvitationId)], NoRequest => NoContent;
    ListMyInvitations: Get "/api/v1/me/invitations", NoRequest => Vec<Invitation>;
    AcceptInvitation: Post "/api/v1/invitations/{id}/accept" [InvitationId], NoRequest => MyAssociation;
    DeclineInvitation: Post "/api/v1/invitations/{id}/decline" [InvitationId], NoRequest => Invitation;
    /// The request body is the CSV file: send it with [`crate::Client::upload`] and `?dry_run=true`
    /// in the path for a dry run.
    ImportAssociations: Post "/api/v1/imports/associations", NoRequest => ImportJob;
    GetImport: Get "/api/v1/imports/{id}" [ImportId], NoRequest => ImportJob;
    VerificationQueue: Get "/api/v1/verification-queue", VerificationQueueQuery => Page<QueuedAssociation>;
    VerifyAssociation: Post "/api/v1/associations/{id}/verify" [AssociationId], StatusDecision => Association;
    RejectAssociation: Post "/api/v1/associations/{id}/reject" [AssociationId], StatusDecision => Association;
    SuspendAssociation: Post "/api/v1/associations/{id}/suspend" [AssociationId], StatusDecision => Association;
    /// Staff delete a pending or rejected association, with the reason its officers read.
    DeleteAssociation: Delete "/api/v1/associations/{id}" [AssociationId], StatusDecision => NoContent;
    ListAuditLog: Get "/api/v1/audit-log", PageQuery => Page<AuditEntry>;
    ListMyAssociations: Get "/api/v1/me/associations", NoRequest => Vec<MyAssociation>;
    ListMyNotifications: Get "/api/v1/me/notifications", NoRequest => Vec<Notification>;
    MarkNotificationsRead: Post "/api/v1/me/notifications/read", NoRequest => NoContent;
    CountUnreadNotifications: Get "/api/v1/me/notifications/unread", NoRequest => UnreadCount;
    GetNotificationSettings: Get "/api/v1/me/notification-settings", NoRequest => NotificationSettings;
    UpdateNotificationSettings: Put "/api/v1/me/notification-settings", NotificationSettingsChange => NotificationSettings;
    /// What an email's unsubscribe link stops (nothing changes), without signing in.
    GetUnsubscription: Get "/api/v1/unsubscribe/{token}" [UnsubscribeToken], NoRequest => Unsubscription;
    /// Stop what an email's unsubscribe link names (RFC 8058 one-click), without signing in.
    Unsubscribe: Post "/api/v1/unsubscribe/{token}" [UnsubscribeToken], NoRequest => Unsubscription;
    /// Path `{id}`.
    UpdateUser: Patch "/api/v1/admin/users/{id}" [UserId], UpdateUserRequest => AdminUser;

    /// Whether you follow an association: path `{id}`.
    GetFollowStatus: Get "/api/v1/associations/{id}/follow" [AssociationId], NoRequest => FollowStatus;
    FollowAssociation: Put "/api/v1/associations/{id}/follow" [AssociationId], NoRequest => FollowStatus;
    UnfollowAssociation: Delete "/api/v1/associations/{id}/follow" [AssociationId], NoRequest => FollowStatus;
    ListMyFollowing: Get "/api/v1/me/following", PageQuery => Page<FollowedAssociation>;
    GetMyProfile: Get "/api/v1/me/profile", NoRequest => MyProfile;
    UpdateMyProfileEndpoint: Put "/api/v1/me/profile", UpdateMyProfile => MyProfile;
    /// A member's profile as you may see it: path `{user_id}`.
    GetMemberProfile: Get "/api/v1/members/{user_id}" [UserId], NoRequest => MemberProfile;
    CreateConnectionEndpoint: Post "/api/v1/connections", CreateConnection => Connection;
    ListConnections: Get "/api/v1/connections", ListConnectionsQuery => Page<Connection>;
    /// Path `{id}`.
    AcceptConnection: Post "/api/v1/connections/{id}/accept" [ConnectionId], NoRequest => Connection;
    DeclineConnection: Post "/api/v1/connections/{id}/decline" [ConnectionId], NoRequest => Connection;
    DeleteConnection: Delete "/api/v1/connections/{id}" [ConnectionId], NoRequest => NoContent;
    // Courses.
    ListCourses: Get "/api/v1/courses", CatalogQuery => Page<CourseSummary>;
    CreateCourseEndpoint: Post "/api/v1/courses", CreateCourse => Course;
    GetCourse: Get "/api/v1/courses/{id}" [CourseId], NoRequest => Course;
    UpdateCourseEndpoint: Patch "/api/v1/courses/{id}" [CourseId], UpdateCourse => Course;
    /// The request body is the picture's bytes: send it with [`crate::Client::upload`].
    UploadCourseCover: Post "/api/v1/courses/{id}/cover" [CourseId], NoRequest => Course;
    DeleteCourseCover: Delete "/api/v1/courses/{id}/cover" [CourseId], NoRequest => NoContent;
    /// The picture's bytes, not JSON: use a course's `cover_url` (in an `<img>`); listed so the
    /// client's table of routes is complete.
    GetCourseCover: Get "/api/v1/courses/{id}/cover" [CourseId], NoRequest => NoContent;
    AddTrainerEndpoint: Post "/api/v1/courses/{id}/trainers" [CourseId], AddTrainer => Course;
    RemoveTrainer: Delete "/api/v1/courses/{id}/trainers/{user_id}" [(CourseId, UserId)], NoRequest => NoContent;
    CreateModuleEndpoint: Post "/api/v1/courses/{id}/modules" [CourseId], CreateModule => Module;
    UpdateModuleEndpoint: Patch "/api/v1/courses/{id}/modules/{module_id}" [(CourseId, ModuleId)], UpdateModule => Module;
    DeleteModule: Delete "/api/v1/courses/{id}/modules/{module_id}" [(CourseId, ModuleId)], NoRequest => NoContent;
    CreateLessonEndpoint: Post "/api/v1/courses/{id}/modules/{module_id}/lessons" [(CourseId, ModuleId)], CreateLesson => Lesson;
    GetLesson: Get "/api/v1/courses/{id}/lessons/{lesson_id}" [(CourseId, LessonId)], NoRequest => Lesson;
    UpdateLessonEndpoint: Patch "/api/v1/courses/{id}/lessons/{lesson_id}" [(CourseId, LessonId)], UpdateLesson => Lesson;
    DeleteLesson: Delete "/api/v1/courses/{id}/lessons/{lesson_id}" [(CourseId, LessonId)], NoRequest => NoContent;
    /// The request body is the video file (MP4 or WebM): send it with [`crate::Client::upload`].
    UploadLessonVideo: Post "/api/v1/courses/{id}/lessons/{lesson_id}/video" [(CourseId, LessonId)], NoRequest => Lesson;
    DeleteLessonVideo: Delete "/api/v1/courses/{id}/lessons/{lesson_id}/video" [(CourseId, LessonId)], NoRequest => NoContent;
    /// The video's bytes (ranges allowed), not JSON: use a lesson's signed `video.url` (in a
    /// `<video>`); listed so the client's table of routes is complete.
    GetLessonVideo: Get "/api/v1/media/lesson-videos/{id}" [LessonId], NoRequest => NoContent;
    /// A video lesson's captions for one language: the request body is the WebVTT file (`text/vtt`,
    /// UTF-8, at most [`MAX_CAPTIONS_BYTES`]); send it with [`crate::Client::upload`]. It replaces
    /// that language's track; the answer is the lesson with its `video.captions`.
    UploadLessonCaptions: Put "/api/v1/courses/{id}/lessons/{lesson_id}/captions/{language}" [(CourseId, LessonId, Language)], NoRequest => Lesson;
    DeleteLessonCaptions: Delete "/api/v1/courses/{id}/lessons/{lesson_id}/captions/{language}" [(CourseId, LessonId, Language)], NoRequest => NoContent;
    /// WebVTT text, not JSON: use a lesson's signed `video.captions[].url` (as a `<track src>`);
    /// listed so the client's table of routes is complete.
    GetLessonCaptions: Get "/api/v1/media/lesson-captions/{id}/{language}" [(LessonId, Language)], NoRequest => NoContent;
    Enrol: Post "/api/v1/courses/{id}/enrolment" [CourseId], NoRequest => Progress;
    Unenrol: Delete "/api/v1/courses/{id}/enrolment" [CourseId], NoRequest => NoContent;
    /// Officers of an association enrol its members: path `{id}` (the course).
    EnrolMembersEndpoint: Post "/api/v1/courses/{id}/enrolments" [CourseId], EnrolMembers => EnrolmentOutcome;
    CompleteLesson: Post "/api/v1/courses/{id}/lessons/{lesson_id}/complete" [(CourseId, LessonId)], NoRequest => Progress;
    ListLearners: Get "/api/v1/courses/{id}/learners" [CourseId], PageQuery => Page<Learner>;
    GetCourseStats: Get "/api/v1/courses/{id}/stats" [CourseId], NoRequest => CourseStats;
    /// CSV (text), not JSON.
    ExportLearners: Get "/api/v1/courses/{id}/learners/export" [CourseId], NoRequest => NoContent;
    ListMyCourses: Get "/api/v1/me/courses", NoRequest => Vec<MyCourse>;
    PutQuiz: Put "/api/v1/courses/{id}/lessons/{lesson_id}/quiz" [(CourseId, LessonId)], Quiz => Quiz;
    GetQuiz: Get "/api/v1/courses/{id}/lessons/{lesson_id}/quiz" [(CourseId, LessonId)], NoRequest => Quiz;
    StartAttempt: Post "/api/v1/courses/{id}/lessons/{lesson_id}/attempts" [(CourseId, LessonId)], NoRequest => AttemptStarted;
    SubmitAttemptEndpoint: Post "/api/v1/courses/{id}/lessons/{lesson_id}/attempts/{attempt_id}/submit" [(CourseId, LessonId, AttemptId)], SubmitAttempt => AttemptResult;
    ListAttempts: Get "/api/v1/courses/{id}/lessons/{lesson_id}/attempts" [(CourseId, LessonId)], NoRequest => Vec<AttemptResult>;
    // Certificates.
    ListMyCertificates: Get "/api/v1/me/certificates", NoRequest => Vec<Certificate>;
    GetCertificate: Get "/api/v1/certificates/{id}" [CertificateId], NoRequest => Certificate;
    RevokeCertificateEndpoint: Post "/api/v1/certificates/{id}/revoke" [CertificateId], RevokeCertificate => Certificate;
    /// Path `{code}`: public.
    VerifyCertificate: Get "/api/v1/verify/{code}" [CertificateCode], NoRequest => CertificateVerification;
    /// An SVG image, not JSON: use the address in an `<img>`.
    VerificationQr: Get "/api/v1/verify/{code}/qr.svg" [CertificateCode], NoRequest => NoContent;
    /// The issuer's public keys (a JSON Web Key Set).
    GetJwks: Get "/.well-known/jwks.json", NoRequest => serde_json::Value;
    /// The revocation status list: a `BitstringStatusListCredential` as a VC-JOSE JWT (text).
    GetStatusList: Get "/api/v1/status-lists/revocation", NoRequest => NoContent;
    // Institutions.
    ListInstitutions: Get "/api/v1/institutions", NoRequest => Vec<Institution>;
    /// Administrators.
    CreateInstitutionEndpoint: Post "/api/v1/institutions", CreateInstitution => Institution;
    GetInstitution: Get "/api/v1/institutions/{id}" [InstitutionId], NoRequest => Institution;
    UpdateInstitutionEndpoint: Patch "/api/v1/institutions/{id}" [InstitutionId], UpdateInstitution => Institution;
    ListInstitutionStaff: Get "/api/v1/institutions/{id}/staff" [InstitutionId], NoRequest => Vec<StaffMember>;
    AddStaffMemberEndpoint: Post "/api/v1/institutions/{id}/staff" [InstitutionId], AddStaffMember => StaffMember;
    /// Path `{id}`, `{user_id}`.
    RemoveStaffMember: Delete "/api/v1/institutions/{id}/staff/{user_id}" [(InstitutionId, UserId)], NoRequest => NoContent;
    ListMyInstitutions: Get "/api/v1/me/institutions", NoRequest => Vec<Institution>;
    // Consultations.
    ListConsultations: Get "/api/v1/consultations", ListConsultationsQuery => Page<ConsultationSummary>;
    CreateConsultationEndpoint: Post "/api/v1/consultations", CreateConsultation => Consultation;
    GetConsultation: Get "/api/v1/consultations/{id}" [ConsultationId], NoRequest => Consultation;
    UpdateConsultationEndpoint: Patch "/api/v1/consultations/{id}" [ConsultationId], UpdateConsultation => Consultation;
    PutQuestionnaire: Put "/api/v1/consultations/{id}/questionnaire" [ConsultationId], Questionnaire => Consultation;
    PublishConsultation: Post "/api/v1/consultations/{id}/publish" [ConsultationId], NoRequest => Consultation;
    CloseConsultation: Post "/api/v1/consultations/{id}/close" [ConsultationId], NoRequest => Consultation;
    PublishResults: Post "/api/v1/consultations/{id}/results/publish" [ConsultationId], NoRequest => Consultation;
    GetMyAnswer: Get "/api/v1/consultations/{id}/answer" [ConsultationId], AnswerQuery => ConsultationAnswer;
    SaveAnswerDraft: Put "/api/v1/consultations/{id}/answer" [ConsultationId], SaveAnswer => ConsultationAnswer;
    SubmitAnswer: Post "/api/v1/consultations/{id}/answer/submit" [ConsultationId], SaveAnswer => ConsultationAnswer;
    GetResults: Get "/api/v1/consultations/{id}/results" [ConsultationId], ResultsQuery => ConsultationResults;
    /// CSV (text), not JSON: one line per question and option, with the data dictionary's columns.
    ExportResults: Get "/api/v1/consultations/{id}/results.csv" [ConsultationId], NoRequest => NoContent;
    ListTextAnswers: Get "/api/v1/consultations/{id}/results/texts" [ConsultationId], TextAnswersQuery => Page<TextAnswer>;
    ModerateTextAnswer: Post "/api/v1/consultations/{id}/results/texts/{answer_id}/moderation" [(ConsultationId, TextAnswerId)], TextAnswerDecision => TextAnswer;
    /// CSV (text), not JSON: the anonymised answers, one line per respondent (organisers only).
    ExportAnswers: Get "/api/v1/consultations/{id}/answers.csv" [ConsultationId], NoRequest => NoContent;
    ListProposalStates: Get "/api/v1/institutions/{id}/proposal-states" [InstitutionId], NoRequest => Vec<CustomProposalState>;
    PutProposalStateEndpoint: Put "/api/v1/institutions/{id}/proposal-states/{key}" [(InstitutionId, ProposalStateKey)], PutProposalState => CustomProposalState;
    DeleteProposalState: Delete "/api/v1/institutions/{id}/proposal-states/{key}" [(InstitutionId, ProposalStateKey)], NoRequest => NoContent;
    ListProposals: Get "/api/v1/consultations/{id}/proposals" [ConsultationId], ListProposalsQuery => Page<Proposal>;
    CreateProposalEndpoint: Post "/api/v1/consultations/{id}/proposals" [ConsultationId], CreateProposal => Proposal;
    GetProposal: Get "/api/v1/proposals/{id}" [ProposalId], NoRequest => Proposal;
    UpdateProposalEndpoint: Patch "/api/v1/proposals/{id}" [ProposalId], UpdateProposal => Proposal;
    SupportProposal: Put "/api/v1/proposals/{id}/support" [ProposalId], NoRequest => Proposal;
    WithdrawSupport: Delete "/api/v1/proposals/{id}/support" [ProposalId], NoRequest => Proposal;
    AnswerProposalEndpoint: Post "/api/v1/proposals/{id}/answer" [ProposalId], AnswerProposal => Proposal;
    RouteProposalEndpoint: Post "/api/v1/proposals/{id}/route" [ProposalId], RouteProposal => Proposal;
    ReportProposal: Post "/api/v1/proposals/{id}/reports" [ProposalId], CreateReport => NoContent;
    ListComments: Get "/api/v1/proposals/{id}/comments" [ProposalId], PageQuery => Page<Comment>;
    CreateCommentEndpoint: Post "/api/v1/proposals/{id}/comments" [ProposalId], CreateComment => Comment;
    UpdateCommentEndpoint: Patch "/api/v1/comments/{id}" [CommentId], UpdateComment => Comment;
    DeleteComment: Delete "/api/v1/comments/{id}" [CommentId], NoRequest => Comment;
    ReportComment: Post "/api/v1/comments/{id}/reports" [CommentId], CreateReport => NoContent;
    ModerationQueue: Get "/api/v1/consultations/{id}/moderation" [ConsultationId], ModerationQuery => Page<ModerationItem>;
    DecideModeration: Post "/api/v1/consultations/{id}/moderation" [ConsultationId], ModerationDecision => ModerationItem;
    ListBlocks: Get "/api/v1/consultations/{id}/blocks" [ConsultationId], NoRequest => Vec<ConsultationBlock>;
    BlockFromConsultation: Put "/api/v1/consultations/{id}/blocks/{user_id}" [(ConsultationId, UserId)], BlockUser => ConsultationBlock;
    UnblockFromConsultation: Delete "/api/v1/consultations/{id}/blocks/{user_id}" [(ConsultationId, UserId)], NoRequest => NoContent;

    // Projects.
    ListProjects: Get "/api/v1/projects", ListProjectsQuery => Page<ProjectSummary>;
    CreateProject: Post "/api/v1/projects", ProjectInput => Project;
    ListAssociationProjects: Get "/api/v1/associations/{id}/projects" [AssociationId], ListProjectsQuery => Page<ProjectSummary>;
    GetProject: Get "/api/v1/projects/{id}" [ProjectId], NoRequest => Project;
    UpdateProject: Put "/api/v1/projects/{id}" [ProjectId], ProjectInput => Project;
    FollowProject: Put "/api/v1/projects/{id}/follow" [ProjectId], NoRequest => Project;
    UnfollowProject: Delete "/api/v1/projects/{id}/follow" [ProjectId], NoRequest => Project;
    /// The request body is the picture's bytes: send it with [`crate::Client::upload`].
    UploadProjectCover: Post "/api/v1/projects/{id}/cover" [ProjectId], NoRequest => Project;
    DeleteProjectCover: Delete "/api/v1/projects/{id}/cover" [ProjectId], NoRequest => NoContent;
    /// The picture's bytes, not JSON: use a project's `cover_url` (in an `<img>`).
    GetProjectCover: Get "/api/v1/projects/{id}/cover" [ProjectId], NoRequest => NoContent;
    CreateMilestone: Post "/api/v1/projects/{id}/milestones" [ProjectId], MilestoneInput => Milestone;
    UpdateMilestone: Put "/api/v1/projects/{id}/milestones/{milestone_id}" [(ProjectId, MilestoneId)], MilestoneInput => Milestone;
    DeleteMilestone: Delete "/api/v1/projects/{id}/milestones/{milestone_id}" [(ProjectId, MilestoneId)], NoRequest => NoContent;
    ListProjectUpdates: Get "/api/v1/projects/{id}/updates" [ProjectId], PageQuery => Page<ProjectUpdate>;
    PostProjectUpdate: Post "/api/v1/projects/{id}/updates" [ProjectId], NewProjectUpdate => ProjectUpdate;
    ListIndicators: Get "/api/v1/projects/{id}/indicators" [ProjectId], NoRequest => Vec<Indicator>;
    CreateIndicator: Post "/api/v1/projects/{id}/indicators" [ProjectId], IndicatorInput => Indicator;
    UpdateIndicator: Put "/api/v1/projects/{id}/indicators/{indicator_id}" [(ProjectId, IndicatorId)], IndicatorInput => Indicator;
    DeleteIndicator: Delete "/api/v1/projects/{id}/indicators/{indicator_id}" [(ProjectId, IndicatorId)], NoRequest => NoContent;
    ReportActual: Post "/api/v1/projects/{id}/indicators/{indicator_id}/actuals" [(ProjectId, IndicatorId)], ActualInput => Indicator;
    DeleteActual: Delete "/api/v1/projects/{id}/indicators/{indicator_id}/actuals/{actual_id}" [(ProjectId, IndicatorId, ActualId)], NoRequest => Indicator;
    IndicatorRollupEndpoint: Get "/api/v1/indicators/rollup", NoRequest => Vec<IndicatorRollup>;
    /// The association's public projects as an IATI 2.03 activity file (XML).
    IatiXml: Get "/api/v1/associations/{id}/projects/iati.xml" [AssociationId], NoRequest => NoContent;
    /// The same activities as JSON.
    IatiJson: Get "/api/v1/associations/{id}/projects/iati.json" [AssociationId], NoRequest => serde_json::Value;

    // Activities and the shared calendar.
    ListProjectActivities: Get "/api/v1/projects/{id}/activities" [ProjectId], NoRequest => Vec<Activity>;
    CreateActivity: Post "/api/v1/projects/{id}/activities" [ProjectId], ActivityInput => Activity;
    GetActivity: Get "/api/v1/activities/{id}" [ActivityId], NoRequest => Activity;
    UpdateActivity: Put "/api/v1/activities/{id}" [ActivityId], ActivityInput => Activity;
    CancelActivity: Post "/api/v1/activities/{id}/cancel" [ActivityId], NoRequest => Activity;
    RegisterForActivity: Put "/api/v1/activities/{id}/registration" [ActivityId], NoRequest => MyRegistration;
    CancelRegistration: Delete "/api/v1/activities/{id}/registration" [ActivityId], NoRequest => NoContent;
    ListRegistrants: Get "/api/v1/activities/{id}/registrations" [ActivityId], NoRequest => Vec<Registrant>;
    GetCalendar: Get "/api/v1/calendar", CalendarQuery => Calendar;
    GetMyCalendar: Get "/api/v1/me/calendar", CalendarQuery => Calendar;
    GetPersonalFeed: Get "/api/v1/me/calendar-feed", NoRequest => PersonalFeed;
    /// Make (or make anew: the old address stops) the personal feed's secret address.
    ResetPersonalFeed: Post "/api/v1/me/calendar-feed", NoRequest => PersonalFeed;
    /// The network's iCalendar feed (public activities).
    NetworkFeed: Get "/api/v1/calendar.ics", FeedQuery => NoContent;
    AssociationFeed: Get "/api/v1/associations/{id}/calendar.ics" [AssociationId], NoRequest => NoContent;
    ProjectFeed: Get "/api/v1/projects/{id}/calendar.ics" [ProjectId], NoRequest => NoContent;
    PersonalFeedIcs: Get "/api/v1/calendar/feeds/{secret}.ics" [FeedSecret], NoRequest => NoContent;

    // Messaging and real time.
    ListMyConversations: Get "/api/v1/conversations", PageQuery => Page<Conversation>;
    /// 201 with a new conversation; 200 with the direct one you already have.
    StartConversationCall: Post "/api/v1/conversations", StartConversation => Conversation;
    GetConversation: Get "/api/v1/conversations/{id}" [ConversationId], NoRequest => Conversation;
    MarkConversationRead: Post "/api/v1/conversations/{id}/read" [ConversationId], ReadUpTo => Conversation;
    AddParticipantsCall: Post "/api/v1/conversations/{id}/participants" [ConversationId], AddParticipants => Conversation;
    RemoveParticipant: Delete "/api/v1/conversations/{id}/participants/{user_id}" [(ConversationId, UserId)], NoRequest => NoContent;
    ListMessages: Get "/api/v1/conversations/{id}/messages" [ConversationId], MessagesQuery => MessagePage;
    SendMessageCall: Post "/api/v1/conversations/{id}/messages" [ConversationId], SendMessage => Message;
    /// The body is the file's bytes; `?name=` its name.
    UploadAttachment: Post "/api/v1/conversations/{id}/attachments" [ConversationId], NoRequest => Attachment;
    /// The file, to whoever reads its conversation.
    GetAttachment: Get "/api/v1/attachments/{id}" [AttachmentId], NoRequest => NoContent;
    UpdateMessage: Patch "/api/v1/messages/{id}" [MessageId], EditMessage => Message;
    DeleteMessage: Delete "/api/v1/messages/{id}" [MessageId], NoRequest => Message;
    CountMyUnread: Get "/api/v1/me/unread", NoRequest => UnreadTotals;
    GetMessagingSettings: Get "/api/v1/me/messaging-settings", NoRequest => MessagingSettings;
    UpdateMessagingSettings: Put "/api/v1/me/messaging-settings", MessagingSettings => MessagingSettings;
    ListMyBlocks: Get "/api/v1/me/blocks", NoRequest => Vec<Blocked>;
    BlockMember: Post "/api/v1/me/blocks", BlockRequest => Vec<Blocked>;
    UnblockMember: Delete "/api/v1/me/blocks/{user_id}" [UserId], NoRequest => NoContent;
    ListMyEvents: Get "/api/v1/events", EventsQuery => EventBatch;
    /// The WebSocket (a client opens it with a WebSocket library, not with [`crate::Client`]).
    OpenSocket: Get "/api/v1/ws", NoRequest => NoContent;

    // Circles.
    ListCircles: Get "/api/v1/circles", CirclesQuery => Page<Circle>;
    CreateCircle: Post "/api/v1/circles", NewCircle => Circle;
    GetCircle: Get "/api/v1/circles/{id}" [CircleId], NoRequest => Circle;
    UpdateCircle: Patch "/api/v1/circles/{id}" [CircleId], CircleChange => Circle;
    /// 200 with where you stand now: a member, an observer, or a request waiting.
    JoinCircleCall: Post "/api/v1/circles/{id}/join" [CircleId], JoinCircle => Circle;
    ListCircleMembers: Get "/api/v1/circles/{id}/members" [CircleId], CircleMembersQuery => Page<CircleMember>;
    ChangeCircleRoleCall: Put "/api/v1/circles/{id}/members/{user_id}" [(CircleId, UserId)], ChangeCircleRole => CircleMember;
    /// Leave (yourself), decline an invitation or withdraw a request, or remove someone (a moderator).
    RemoveCircleMember: Delete "/api/v1/circles/{id}/members/{user_id}" [(CircleId, UserId)], NoRequest => NoContent;
    ListCirclePending: Get "/api/v1/circles/{id}/pending" [CircleId], NoRequest => Vec<CirclePending>;
    DecideCircleRequestCall: Post "/api/v1/circles/{id}/requests/{user_id}" [(CircleId, UserId)], DecideCircleRequest => NoContent;
    InviteToCircleCall: Post "/api/v1/circles/{id}/invitations" [CircleId], InviteToCircle => CirclePending;
    ListThreads: Get "/api/v1/circles/{id}/threads" [CircleId], ThreadsQuery => ThreadPage;
    StartThread: Post "/api/v1/circles/{id}/threads" [CircleId], NewThread => ThreadView;
    GetThread: Get "/api/v1/threads/{id}" [ThreadId], NoRequest => ThreadView;
    UpdateThread: Patch "/api/v1/threads/{id}" [ThreadId], ThreadChange => ThreadView;
    MarkThreadAnswer: Put "/api/v1/threads/{id}/answer" [ThreadId], MarkAnswer => ThreadView;
    ListPosts: Get "/api/v1/threads/{id}/posts" [ThreadId], PageQuery => Page<CirclePost>;
    ReplyCall: Post "/api/v1/threads/{id}/posts" [ThreadId], NewPost => CirclePost;
    UpdatePost: Patch "/api/v1/posts/{id}" [PostId], EditPost => CirclePost;
    DeletePost: Delete "/api/v1/posts/{id}" [PostId], NoRequest => CirclePost;
    ReportPost: Post "/api/v1/posts/{id}/reports" [PostId], CreateReport => NoContent;
    CircleModerationQueue: Get "/api/v1/circles/{id}/moderation" [CircleId], CircleModerationQuery => Page<CircleModerationItem>;
    DecideCircleModeration: Post "/api/v1/circles/{id}/moderation" [CircleId], CircleModerationDecision => CircleModerationItem;
    /// The body is the file's bytes; `?name=` its name.
    UploadCircleAttachment: Post "/api/v1/circles/{id}/attachments" [CircleId], NoRequest => Attachment;
    /// The file, to whoever reads its post.
    GetCircleAttachment: Get "/api/v1/circle-attachments/{id}" [AttachmentId], NoRequest => NoContent;
}
