//! Modules and lessons, and the files of video lessons.

use super::*;

/// A lesson as listed in the course outline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LessonOutline {
    pub id: LessonId,
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
    pub id: ModuleId,
    pub title: LocalizedText,
    pub position: i32,
    pub lessons: Vec<LessonOutline>,
}

/// Add a module at the end of a course.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateModule {
    #[validate(custom(function = "course_title"))]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::title))]
    pub title: LocalizedText,
}

/// Rename or move a module (`position` counts from 1).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateModule {
    #[validate(custom(function = "course_title"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::title_or_null))]
    pub title: Option<LocalizedText>,
    #[validate(range(min = 1, max = 1000))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1000))]
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
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::title))]
    pub title: LocalizedText,
    pub kind: LessonKind,
    #[serde(default = "yes")]
    pub required: bool,
    #[validate(custom(function = "lesson_body"))]
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::body))]
    pub body: LocalizedText,
    #[validate(length(max = 500), custom(function = "http_address"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::lesson_url_or_null))]
    pub url: Option<String>,
    #[validate(range(min = 1, max = 10_000))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 10_000))]
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
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::title_or_null))]
    pub title: Option<LocalizedText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    #[validate(custom(function = "lesson_body"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::body_or_null))]
    pub body: Option<LocalizedText>,
    #[validate(length(max = 500), custom(function = "http_address"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::lesson_url_or_null))]
    pub url: Option<String>,
    #[validate(range(min = 1, max = 10_000))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 10_000))]
    pub estimated_minutes: Option<u32>,
    #[validate(range(min = 1, max = 1000))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1000))]
    pub position: Option<i32>,
}

/// A lesson's content, for its learners and trainers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Lesson {
    pub id: LessonId,
    pub course_id: CourseId,
    pub module_id: ModuleId,
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
    pub previous_lesson_id: Option<LessonId>,
    pub next_lesson_id: Option<LessonId>,
}

/// The uploaded video of a lesson, for its learners, trainers and staff.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "url": "/api/v1/media/lesson-videos/01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e7a?u=01936b2e-7d1c-7a55-b1e4-6c2f0a9d3e18&exp=1795000000&sig=Xq3…",
    "content_type": "video/mp4", "size_bytes": 48213114, "expires_at": "2026-11-21T14:00:00Z",
    "captions": [{
        "language": "ar",
        "url": "/api/v1/media/lesson-captions/01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e7a/ar?u=01936b2e-7d1c-7a55-b1e4-6c2f0a9d3e18&exp=1795000000&sig=Tz8…",
        "size_bytes": 18230, "updated_at": "2026-11-20T09:12:00Z"
    }]
})))]
pub struct LessonVideo {
    /// A signed address to use as `<video src>` (a browser sends no access token there). It works
    /// until `expires_at`, with HTTP range requests (seeking); fetch the lesson again for a new one.
    /// It is the reader's own (it names them): it works only while they may read the lesson, and
    /// stops at once when they leave the course.
    pub url: String,
    /// `video/mp4` or `video/webm`, as recognised from the file's content.
    pub content_type: String,
    pub size_bytes: u64,
    /// Until when `url` and the captions' addresses work.
    pub expires_at: DateTime<Utc>,
    /// Its captions tracks (WebVTT), at most one per language, in the order ar, fr, en: one
    /// `<track kind="captions">` each.
    #[serde(default)]
    pub captions: Vec<Caption>,
}

/// Largest captions file of a video lesson, in bytes (512 KiB).
pub const MAX_CAPTIONS_BYTES: usize = 512 * 1024;

/// A captions track of a lesson's uploaded video: a WebVTT file the trainers uploaded for one
/// language (`PUT /api/v1/courses/{id}/lessons/{lesson_id}/captions/{language}`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Caption {
    /// The language of the captions: the `<track>`'s `srclang`.
    pub language: Language,
    /// A signed address to use as the `<track src>` (a browser sends no access token there), served
    /// as `text/vtt; charset=utf-8`. It works until the video's `expires_at`, and changes when the
    /// track is replaced; like the video's, it is the reader's own and works only while they may
    /// read the lesson.
    pub url: String,
    pub size_bytes: u64,
    /// When this track was uploaded.
    pub updated_at: DateTime<Utc>,
}
