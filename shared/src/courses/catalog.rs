//! Courses in the catalog, and what their trainers change.

use super::*;

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
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::title))]
    pub title: LocalizedText,
    #[validate(custom(function = "summary_text"))]
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::summary))]
    pub summary: LocalizedText,
    pub field: Field,
    pub level: CourseLevel,
    /// The languages it is taught in.
    #[validate(custom(function = "languages_list"))]
    #[cfg_attr(feature = "openapi", schema(min_items = 1))]
    pub languages: Vec<Language>,
    #[validate(range(min = 1, max = 100_000))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 100_000))]
    pub estimated_minutes: Option<u32>,
    /// Optional cohort dates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))]
    pub starts_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))]
    pub ends_on: Option<NaiveDate>,
    /// Most learners at once (none: no limit).
    #[validate(range(min = 1, max = 1_000_000))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1_000_000))]
    pub capacity: Option<u32>,
}

/// Change a course (its trainers and staff). Absent fields stay; `status` publishes or archives.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateCourse {
    #[validate(custom(function = "course_title"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::title_or_null))]
    pub title: Option<LocalizedText>,
    #[validate(custom(function = "summary_text"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::summary_or_null))]
    pub summary: Option<LocalizedText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<Field>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<CourseLevel>,
    #[validate(custom(function = "languages_list"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_items = 1))]
    pub languages: Option<Vec<Language>>,
    #[validate(range(min = 1, max = 100_000))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 100_000))]
    pub estimated_minutes: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))]
    pub starts_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))]
    pub ends_on: Option<NaiveDate>,
    #[validate(range(min = 1, max = 1_000_000))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1_000_000))]
    pub capacity: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<CourseStatus>,
}

/// A course in the catalog.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CourseSummary {
    pub id: CourseId,
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
    /// signed address that works for a few hours, since an `<img>` sends no access token; it is the
    /// viewer's own, and works only while they may see the course.
    #[serde(default)]
    pub cover_url: Option<String>,
}

/// Someone who teaches a course.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Trainer {
    pub user_id: UserId,
    pub display_name: String,
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
    /// Words of the title or summary, any language, each the start of a word (folded like the directory search).
    #[validate(length(max = 200))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(max_length = 200))]
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
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub limit: Option<u32>,
    #[validate(length(max = 200))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(max_length = 200))]
    pub cursor: Option<String>,
}
