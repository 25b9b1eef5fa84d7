//! What each error code means, in English (the `detail` of a problem with nothing more precise).

use super::ErrorCode;

impl ErrorCode {
    /// What the code means, in English: the `detail` of a problem that has nothing more precise
    /// to say. Clients show their own translation of the code instead.
    pub fn describe(self) -> &'static str {
        use ErrorCode::*;
        match self {
            Forbidden => "You are not allowed to do this.",
            EmailNotVerified => "Verify your email address first.",
            NotStaff => "Only the observatory's staff and administrators do this.",
            NotAdmin => "Only administrators do this.",
            NotMember => "Only members of the association do this.",
            NotOfficer => "Only the association's owner and admins do this.",
            NotOwner => "Only the association's owner does this.",
            NotTrainer => "Only the course's trainers and staff do this.",
            NotEnrolled => "Enrol in the course first.",
            NotAddressee => "Only the member the request was sent to answers it.",
            BadSignature => "This address is not signed.",
            LinkExpired => "This address has expired; reload the page for a new one.",
            EmailTaken => "An account with this email already exists.",
            AlreadyVerified => "The email address is already verified.",
            LastAdmin => "The last administrator cannot do this to their own account.",
            CannotDemoteSelf => "An administrator cannot demote or disable themselves.",
            RegistrationNumberTaken => "An association with this registration number is already registered.",
            InvalidStatusChange => "The association's current status does not allow this decision.",
            AssociationInactive => "This association is not active: it takes no new members and enrols nobody.",
            AlreadyMember => "Already a member.",
            JoinRequestPending => "Your request to join is already pending.",
            AlreadyDecided => "This was already decided, answered or revoked.",
            InvitationPending => "An invitation to this address is already pending.",
            InvitationExpired => "This invitation has expired; ask for a new one.",
            InvitationVoid => {
                "Whoever invited you can no longer grant this role, so the invitation is withdrawn; ask for a new one."
            }
            OwnerRoleByTransfer => "The owner's role changes only by transferring ownership.",
            OwnerCannotLeave => "An association never loses its owner: transfer ownership before the owner leaves.",
            OwnsAssociations => "You own associations: transfer their ownership before deleting your account.",
            TooManyPendingInvitations => {
                "This association has too many open invitations; revoke some or wait for answers."
            }
            TooManyPendingRegistrations => {
                "You have too many associations waiting for verification; wait for the observatory's decisions."
            }
            AlreadyConnected => "You are already connected.",
            ConnectionPending => "A request between you two is already waiting for an answer.",
            CourseNotOpen => "This course takes no new learners.",
            CourseEnded => "This course's session has ended.",
            CourseFull => "This course has no place left.",
            CourseHasLearners => "Learners are enrolled: archive the course instead of unpublishing it.",
            CourseIncomplete => "The course is not ready to publish.",
            NotAQuiz => "This lesson is not a quiz.",
            QuizCompletedByPassing => "A quiz is completed by passing it.",
            NotAVideoLesson => "Only a video lesson takes a video file.",
            NoVideoFile => "Upload the lesson's video file before its captions.",
            AttemptsExhausted => "You have used every attempt at this quiz.",
            AttemptSubmitted => "This attempt was already handed in.",
            AlreadyRevoked => "This certificate is already revoked.",
            NotInstitutionStaff => "Only the institution's staff do this.",
            NotInstitutionManager => "Only the institution's managers and administrators do this.",
            NotOrganiser => "Only the consultation's organisers do this.",
            NotTargeted => "This consultation is not addressed to you or to this association.",
            ResultsNotPublished => "The results of this consultation are not published yet.",
            LastManager => "An institution keeps at least one manager.",
            ConsultationNotOpen => "This consultation takes no answers now.",
            AlreadyAnswered => "The final answer is already in.",
            QuestionnaireFrozen => "Answers exist: only the questionnaire's texts may change.",
            QuestionnaireEmpty => "Add a question before publishing the consultation.",
            ConsultationPublished => "The consultation is published: who answers and its audience are fixed.",
            WrongPhase => "The consultation is not in the phase this needs.",
            NotAuthor => "Only its author does this.",
            ProposalsDisabled => "This consultation takes no proposals.",
            ProposalLocked => "This proposal can no longer change: it is answered, or its first minutes are over.",
            CommentLocked => {
                "This comment can no longer change: its first minutes are over, or it is deleted or hidden."
            }
            AlreadyReported => "You already reported this.",
            BlockedFromConsultation => "The moderators of this consultation blocked you from taking part in it.",
            NotAnswerer => "Only the organisers, or the institution this proposal was sent to, answer it.",
            SupportLimitReached => {
                "You support as many proposals as this consultation allows: withdraw a support first."
            }
            ProposalStateInUse => "An answer or a proposal's history shows this state: rename it instead.",
            NotProjectPartner => "Only officers of the project's lead and partner associations post updates.",
            ActivityFull => "Every place of this activity is taken.",
            ActivityCancelled => "This activity is cancelled.",
            NoRegistration => "This activity takes no registration.",
            NotWebsocket => "This address takes WebSocket connections only.",
            MessagesRefused => "This member does not take messages from you.",
            ConnectionRequired => "Connect with this member first: you share no association with them.",
            NotGroupStarter => "Only the member who started the group removes others from it.",
            ConversationFull => "A group conversation holds at most 50 people.",
            MessageLocked => "A message can only be changed or deleted in its first 15 minutes.",
            NotAGroup => "Only a group conversation takes people in and lets them go.",
            NotCircleModerator => "Only the circle's moderators do this.",
            NotCircleMember => "Join the circle first.",
            CircleReadOnly => "Observers read the circle without writing in it.",
            ObserversNotAllowed => "This circle takes no observers.",
            LastModerator => "A circle keeps at least one moderator.",
            PostLocked => "This post can no longer change: its first 30 minutes are over, or it is deleted or hidden.",
            NotAQuestion => "Only a question thread has an answer.",
            Conflict => "This conflicts with the current state; reload and try again.",
            _ => "",
        }
    }
}
