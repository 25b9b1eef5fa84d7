//! Enrolment, progress, and what trainers see of their learners.

use super::*;

/// A learner's progress in a course.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Progress {
    pub completed_lessons: i64,
    pub total_lessons: i64,
    /// Completed required lessons over required lessons, 0 to 100.
    pub percent: i32,
    /// When every required lesson was done.
    pub completed_at: Option<DateTime<Utc>>,
    /// Where to resume: the last lesson opened or completed.
    pub last_lesson_id: Option<LessonId>,
    /// The certificate the completion earned (`/api/v1/certificates/{id}`), once completed.
    #[serde(default)]
    pub certificate_id: Option<crate::ids::CertificateId>,
}

/// Enrol members of an association in a course (its owners and admins). All of them are enrolled,
/// or none: each must be an active member of the association, and the course must have room.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "association_id": "01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e7a",
    "user_ids": ["01936b2f-1a2b-7c3d-9a4e-2f1b6c8d0e7a", "01936b2f-3c4d-7c3d-9a4e-2f1b6c8d0e7a"]
})))]
pub struct EnrolMembers {
    /// The association whose members they are; you are one of its owners or admins.
    pub association_id: AssociationId,
    /// 1 to 200 members (a repeated id counts once).
    #[validate(length(min = 1, max = 200))]
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 200))]
    pub user_ids: Vec<UserId>,
}

/// What an enrolment by an officer did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "enrolled": ["01936b2f-1a2b-7c3d-9a4e-2f1b6c8d0e7a"],
    "already_enrolled": ["01936b2f-3c4d-7c3d-9a4e-2f1b6c8d0e7a"],
    "learner_count": 18
})))]
pub struct EnrolmentOutcome {
    /// Enrolled now; each is notified (`course.enrolled`).
    pub enrolled: Vec<UserId>,
    /// Already learners of the course: left as they were.
    pub already_enrolled: Vec<UserId>,
    /// The course's learners now.
    pub learner_count: i64,
}

/// A course you are enrolled in, with your progress.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyCourse {
    pub course: CourseSummary,
    pub progress: Progress,
    pub enrolled_at: DateTime<Utc>,
}

/// A learner of a course, for its trainers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Learner {
    pub user_id: UserId,
    pub display_name: String,
    pub enrolled_at: DateTime<Utc>,
    pub progress: Progress,
    /// The officer who enrolled them (none when they enrolled themselves).
    #[serde(default)]
    pub enrolled_by: Option<UserId>,
    /// The association through which they were enrolled.
    #[serde(default)]
    pub association_id: Option<AssociationId>,
}

/// How the learners of a quiz did on one question.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionStats {
    pub question_id: String,
    pub prompt: LocalizedText,
    /// Graded attempts that included it.
    pub answered: i64,
    pub correct: i64,
    /// `correct` over `answered`, 0 to 100 (none when nobody answered).
    pub correct_percent: Option<i32>,
}

/// How the learners did on a quiz.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuizStats {
    pub lesson_id: LessonId,
    pub title: LocalizedText,
    /// Graded attempts.
    pub attempts: i64,
    /// Learners with at least one graded attempt, and of them those who passed.
    pub learners: i64,
    pub passed: i64,
    pub questions: Vec<QuestionStats>,
}

/// A course's figures, for its trainers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CourseStats {
    pub learners: i64,
    pub completed: i64,
    /// `completed` over `learners`, 0 to 100 (none without learners).
    pub completion_percent: Option<i32>,
    pub quizzes: Vec<QuizStats>,
}
