//! Capacity-building courses: the catalog, course structure (modules → lessons), enrolment and
//! progress. Quizzes and certificates build on these.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use validator::{Validate, ValidationError};

use crate::associations::{Field, localized_max, string_enum};
use crate::ids::UserId;
use crate::text::{Language, LocalizedText};

string_enum!(
    /// How much a learner should already know.
    CourseLevel {
        Beginner = "beginner",
        Intermediate = "intermediate",
        Advanced = "advanced",
    }
);

string_enum!(
    /// A course is written as a draft, published to the catalog, and archived when it is over
    /// (archived courses stay readable by their learners but take no new ones).
    CourseStatus {
        Draft = "draft",
        Published = "published",
        Archived = "archived",
    }
);

string_enum!(
    /// What a lesson holds.
    LessonKind {
        /// Markdown text.
        Text = "text",
        /// A video: a page of an allowed host (YouTube, Vimeo, Dailymotion), embedded, or a file
        /// uploaded by the trainers (MP4 or WebM).
        Video = "video",
        /// A document to download (an http(s) address).
        Resource = "resource",
        /// A page elsewhere (an http(s) address).
        Link = "link",
        /// Questions graded by the server; passing completes the lesson.
        Quiz = "quiz",
    }
);

string_enum!(
    /// How a quiz question is answered.
    QuestionKind {
        /// One choice.
        Single = "single",
        /// Every correct choice, and no other.
        Multiple = "multiple",
        TrueFalse = "true_false",
        /// A typed answer, compared after folding case, accents, Arabic letter forms and spaces.
        Short = "short",
    }
);

/// A title: at least one language, each at most 200 characters.
pub fn course_title(value: &LocalizedText) -> Result<(), ValidationError> {
    if value.is_empty() {
        return Err(ValidationError::new("required").with_message("give the title in at least one language".into()));
    }
    localized_max(value, 200)
}

fn summary_text(value: &LocalizedText) -> Result<(), ValidationError> {
    localized_max(value, 2000)
}

fn lesson_body(value: &LocalizedText) -> Result<(), ValidationError> {
    localized_max(value, 50_000)
}

fn languages_list(value: &[Language]) -> Result<(), ValidationError> {
    if value.is_empty() {
        return Err(ValidationError::new("required").with_message("give at least one language".into()));
    }
    Ok(())
}

fn http_address(value: &str) -> Result<(), ValidationError> {
    let ok = (value.starts_with("https://") || value.starts_with("http://"))
        && value.len() > 10
        && !value.contains(char::is_whitespace);
    if ok { Ok(()) } else { Err(ValidationError::new("url").with_message("must be an http(s) address".into())) }
}

/// Create a course (observatory staff; you become one of its trainers). It starts as a draft.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "title": {"ar": "تسيير المشاريع الجمعوية", "fr": "Gestion de projet associatif"},
    "summary": {"fr": "Du besoin au bilan : monter, suivre et clôturer un projet."},
    "field": "local_development", "level": "beginner", "languages": ["ar", "fr"], "estimated_minutes": 240
})))]
pub struct CreateCourse {
    #[validate(custom(function = "course_title"))]
    pub title: LocalizedText,
    #[validate(custom(function = "summary_text"))]
    #[serde(default)]
    pub summary: LocalizedText,
    pub field: Field,
    pub level: CourseLevel,
    /// The languages it is taught in.
    #[validate(custom(function = "languages_list"))]
    pub languages: Vec<Language>,
    #[validate(range(min = 1, max = 100_000))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimated_minutes: Option<u32>,
    /// Optional cohort dates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends_on: Option<NaiveDate>,
    /// Most learners at once (none: no limit).
    #[validate(range(min = 1, max = 1_000_000))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<u32>,
}

/// Change a course (its trainers and staff). Absent fields stay; `status` publishes or archives.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateCourse {
    #[validate(custom(function = "course_title"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<LocalizedText>,
    #[validate(custom(function = "summary_text"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<LocalizedText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<Field>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<CourseLevel>,
    #[validate(custom(function = "languages_list"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub languages: Option<Vec<Language>>,
    #[validate(range(min = 1, max = 100_000))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimated_minutes: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends_on: Option<NaiveDate>,
    #[validate(range(min = 1, max = 1_000_000))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<CourseStatus>,
}

/// A course in the catalog.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CourseSummary {
    pub id: String,
    pub title: LocalizedText,
    pub summary: LocalizedText,
    pub field: Field,
    pub level: CourseLevel,
    pub languages: Vec<Language>,
    pub status: CourseStatus,
    pub estimated_minutes: Option<u32>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    pub capacity: Option<u32>,
    pub lesson_count: i64,
    pub learner_count: i64,
    pub created_at: DateTime<Utc>,
    /// Where the cover picture is served, if it has one; use it as an `<img src>`. The address
    /// changes with each new cover (it may be cached for long). A course not published gets a
    /// signed address that works for a few hours, since an `<img>` sends no access token.
    #[serde(default)]
    pub cover_url: Option<String>,
}

/// A lesson as listed in the course outline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LessonOutline {
    pub id: String,
    pub title: LocalizedText,
    pub kind: LessonKind,
    /// Needed to complete the course.
    pub required: bool,
    pub estimated_minutes: Option<u32>,
    /// For an enrolled viewer: whether they have completed it.
    pub completed: Option<bool>,
}

/// A module: an ordered group of lessons.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Module {
    pub id: String,
    pub title: LocalizedText,
    pub position: i32,
    pub lessons: Vec<LessonOutline>,
}

/// Someone who teaches a course.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Trainer {
    pub user_id: UserId,
    pub display_name: String,
}

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
    pub last_lesson_id: Option<String>,
}

/// A course with its outline, trainers, and what the viewer is to it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Course {
    #[serde(flatten)]
    pub summary: CourseSummary,
    pub modules: Vec<Module>,
    pub trainers: Vec<Trainer>,
    /// You teach it (or are staff): you may edit it.
    pub can_edit: bool,
    /// Your progress, if you are enrolled.
    pub progress: Option<Progress>,
}

/// Add a module at the end of a course.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateModule {
    #[validate(custom(function = "course_title"))]
    pub title: LocalizedText,
}

/// Rename or move a module (`position` counts from 1).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateModule {
    #[validate(custom(function = "course_title"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<LocalizedText>,
    #[validate(range(min = 1, max = 1000))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<i32>,
}

/// Add a lesson at the end of a module. Text lessons have a `body` (Markdown); resources and links
/// a `url`; videos a `url` from YouTube, Vimeo or Dailymotion, or none when the trainers upload the
/// file afterwards.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "title": {"fr": "Le cadre logique"}, "kind": "text", "required": true,
    "body": {"fr": "Un projet part d'un **problème** observé…"}, "estimated_minutes": 15
})))]
pub struct CreateLesson {
    #[validate(custom(function = "course_title"))]
    pub title: LocalizedText,
    pub kind: LessonKind,
    #[serde(default = "yes")]
    pub required: bool,
    #[validate(custom(function = "lesson_body"))]
    #[serde(default)]
    pub body: LocalizedText,
    #[validate(length(max = 500), custom(function = "http_address"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[validate(range(min = 1, max = 10_000))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimated_minutes: Option<u32>,
}

fn yes() -> bool {
    true
}

/// Change a lesson. Absent fields stay; `position` (from 1) moves it within its module.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateLesson {
    #[validate(custom(function = "course_title"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<LocalizedText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    #[validate(custom(function = "lesson_body"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<LocalizedText>,
    #[validate(length(max = 500), custom(function = "http_address"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[validate(range(min = 1, max = 10_000))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimated_minutes: Option<u32>,
    #[validate(range(min = 1, max = 1000))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<i32>,
}

/// A lesson's content, for its learners and trainers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Lesson {
    pub id: String,
    pub course_id: String,
    pub module_id: String,
    pub position: i32,
    pub title: LocalizedText,
    pub kind: LessonKind,
    pub required: bool,
    /// Markdown, as written.
    pub body: LocalizedText,
    /// The body rendered by the server, safe to insert as it is.
    pub body_html: LocalizedText,
    pub url: Option<String>,
    /// For a video: the address to embed (`https://www.youtube-nocookie.com/embed/…`, …).
    pub embed_url: Option<String>,
    /// For a video lesson whose file was uploaded: where to play it from. When there is one, it is
    /// what learners watch (rather than `embed_url`).
    #[serde(default)]
    pub video: Option<LessonVideo>,
    pub estimated_minutes: Option<u32>,
    /// For an enrolled viewer.
    pub completed: Option<bool>,
    /// For a quiz lesson: its rules and the viewer's attempts so far (never the questions).
    pub quiz: Option<QuizInfo>,
    /// The lessons before and after it in the course, for navigation.
    pub previous_lesson_id: Option<String>,
    pub next_lesson_id: Option<String>,
}

/// The uploaded video of a lesson, for its learners, trainers and staff.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "url": "/api/v1/media/lesson-videos/01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e7a?exp=1795000000&sig=Xq3…",
    "content_type": "video/mp4", "size_bytes": 48213114, "expires_at": "2026-11-21T14:00:00Z"
})))]
pub struct LessonVideo {
    /// A signed address to use as `<video src>` (a browser sends no access token there). It works
    /// until `expires_at`, with HTTP range requests (seeking); fetch the lesson again for a new one.
    pub url: String,
    /// `video/mp4` or `video/webm`, as recognised from the file's content.
    pub content_type: String,
    pub size_bytes: u64,
    pub expires_at: DateTime<Utc>,
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
    #[validate(length(min = 1, max = 64))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 64))]
    pub association_id: String,
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

/// Add a trainer to a course (staff).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AddTrainer {
    pub user_id: UserId,
}

/// Filters of the catalog.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct CatalogQuery {
    /// Words of the title or summary, any language (folded like the directory search).
    #[validate(length(max = 200))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<Field>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<CourseLevel>,
    /// Taught in this language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
    /// Trainers and staff: include drafts and archived courses they may edit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mine: Option<bool>,
    #[validate(range(min = 1, max = 100))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[validate(length(max = 200))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
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
    pub association_id: Option<String>,
}

/// A choice of a quiz question, with whether it is correct (trainers only).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuizChoice {
    /// Kept when editing; new choices get one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[validate(custom(function = "course_title"))]
    pub text: LocalizedText,
    #[serde(default)]
    pub correct: bool,
}

/// A quiz question with its answer (trainers only).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuizQuestion {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub kind: QuestionKind,
    #[validate(custom(function = "question_prompt"))]
    pub prompt: LocalizedText,
    #[validate(range(min = 1, max = 100))]
    #[serde(default = "one_point")]
    pub points: u32,
    /// Single and multiple choice: 2 to 10 choices.
    #[validate(length(max = 10), nested)]
    #[serde(default)]
    pub choices: Vec<QuizChoice>,
    /// True/false: the right answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<bool>,
    /// Short answer: the accepted answers (1 to 20).
    #[validate(length(max = 20))]
    #[serde(default)]
    pub accepted: Vec<String>,
}

fn one_point() -> u32 {
    1
}

fn question_prompt(value: &LocalizedText) -> Result<(), ValidationError> {
    if value.is_empty() {
        return Err(ValidationError::new("required").with_message("write the question".into()));
    }
    localized_max(value, 2000)
}

/// A quiz as its trainers write it, answers included. Learners never receive this.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "pass_percent": 70, "max_attempts": 3, "time_limit_minutes": 15, "shuffle": true, "show_answers": true,
    "questions": [
        {"kind": "single", "prompt": {"fr": "Qui adopte le budget d'une association ?"}, "points": 2,
         "choices": [{"text": {"fr": "L'assemblée générale"}, "correct": true}, {"text": {"fr": "Le trésorier seul"}}]},
        {"kind": "true_false", "prompt": {"fr": "Un bilan financier est annuel."}, "answer": true},
        {"kind": "short", "prompt": {"ar": "ما اسم الهيئة العليا للجمعية؟"}, "accepted": ["الجمعية العامة"]}
    ]
})))]
pub struct Quiz {
    /// Score needed to pass, in percent.
    #[validate(range(min = 0, max = 100))]
    pub pass_percent: u32,
    /// Attempts allowed (none: no limit).
    #[validate(range(min = 1, max = 100))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_attempts: Option<u32>,
    #[validate(range(min = 1, max = 600))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_limit_minutes: Option<u32>,
    /// Questions (and choices) in a new order for each attempt.
    #[serde(default)]
    pub shuffle: bool,
    /// Show the right answers after an attempt is submitted.
    #[serde(default)]
    pub show_answers: bool,
    #[validate(length(min = 1, max = 100), nested)]
    pub questions: Vec<QuizQuestion>,
}

/// What a learner knows of a quiz before taking it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuizInfo {
    pub pass_percent: u32,
    pub max_attempts: Option<u32>,
    pub time_limit_minutes: Option<u32>,
    pub question_count: u32,
    /// For an enrolled viewer.
    pub attempts_used: u32,
    pub best_percent: Option<i32>,
    pub passed: bool,
}

/// A choice as a learner sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttemptChoice {
    pub id: String,
    pub text: LocalizedText,
}

/// A question as a learner sees it: no answer in it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttemptQuestion {
    pub id: String,
    pub kind: QuestionKind,
    pub prompt: LocalizedText,
    pub points: u32,
    pub choices: Vec<AttemptChoice>,
}

/// An attempt under way.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttemptStarted {
    pub id: String,
    pub started_at: DateTime<Utc>,
    /// Submit before this (when the quiz has a time limit).
    pub deadline: Option<DateTime<Utc>>,
    pub questions: Vec<AttemptQuestion>,
}

/// One answer: the choices picked (single, multiple), the value (true/false) or the text (short).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GivenAnswer {
    pub question_id: String,
    #[validate(length(max = 10))]
    #[serde(default)]
    pub choice_ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<bool>,
    #[validate(length(max = 500))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// Hand an attempt in.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubmitAttempt {
    #[validate(length(max = 100), nested)]
    #[serde(default)]
    pub answers: Vec<GivenAnswer>,
}

/// How one question was graded; the right answer only when the quiz shows answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionResult {
    pub question_id: String,
    pub correct: bool,
    pub points: u32,
    pub awarded: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correct_choice_ids: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted: Option<Vec<String>>,
}

/// A graded attempt.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttemptResult {
    pub id: String,
    pub started_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub score: u32,
    pub max_score: u32,
    pub percent: i32,
    pub passed: bool,
    /// Handed in after the time limit: graded as failed.
    pub late: bool,
    pub questions: Vec<QuestionResult>,
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
    pub lesson_id: String,
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

/// The address to embed for a video page of an allowed host, or `None`.
pub fn video_embed(url: &str) -> Option<String> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.strip_prefix("www.").or_else(|| host.strip_prefix("m.")).unwrap_or(host);
    let id_ok = |id: &str| {
        !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    };
    let query_value = |key: &str| {
        path.split_once('?')
            .map(|(_, q)| q)
            .and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix(key).and_then(|v| v.strip_prefix('='))))
    };
    let id = match host {
        "youtube.com" if path.starts_with("watch") => query_value("v").map(str::to_owned),
        "youtube.com" if path.starts_with("embed/") => {
            Some(path["embed/".len()..].split(['?', '/']).next()?.to_owned())
        }
        "youtu.be" => Some(path.split(['?', '/']).next()?.to_owned()),
        "vimeo.com" | "player.vimeo.com" => {
            let id = path.trim_start_matches("video/").split(['?', '/']).next()?;
            return (id_ok(id) && id.chars().all(|c| c.is_ascii_digit()))
                .then(|| format!("https://player.vimeo.com/video/{id}"));
        }
        "dailymotion.com" => {
            let id = path.strip_prefix("video/")?.split(['?', '/', '_']).next()?;
            return id_ok(id).then(|| format!("https://www.dailymotion.com/embed/video/{id}"));
        }
        _ => None,
    }?;
    id_ok(&id).then(|| format!("https://www.youtube-nocookie.com/embed/{id}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn videos_embed_only_from_allowed_hosts() {
        assert_eq!(
            video_embed("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=3").as_deref(),
            Some("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")
        );
        assert_eq!(
            video_embed("https://youtu.be/dQw4w9WgXcQ").as_deref(),
            Some("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")
        );
        assert_eq!(
            video_embed("https://vimeo.com/76979871").as_deref(),
            Some("https://player.vimeo.com/video/76979871")
        );
        assert_eq!(
            video_embed("https://www.dailymotion.com/video/x7tgad0").as_deref(),
            Some("https://www.dailymotion.com/embed/video/x7tgad0")
        );
        for bad in [
            "https://evil.example/watch?v=abc",
            "https://youtube.com.evil.example/watch?v=abc",
            "https://www.youtube.com/watch?v=<script>",
            "javascript:alert(1)",
            "https://vimeo.com/not-a-number",
        ] {
            assert_eq!(video_embed(bad), None, "{bad}");
        }
    }
}
