//! A project's milestones (its progress) and the updates posted on it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

use super::project_title;
use crate::ids::{AssociationId, MilestoneId, ProjectUpdateId};
use crate::text::LocalizedText;

/// A milestone: done when `done_on` is set; overdue when not done and past `due_on`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Milestone {
    pub id: MilestoneId,
    pub title: LocalizedText,
    pub due_on: NaiveDate,
    /// Its share of the project's progress, relative to the other milestones' weights.
    pub weight: u32,
    pub done_on: Option<NaiveDate>,
    /// Not done and due before today (in Algiers).
    pub overdue: bool,
}

/// Write a milestone (officers of the lead association).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "title": {"fr": "Recrutement des animateurs"}, "due_on": "2027-03-01", "weight": 2
})))]
pub struct MilestoneInput {
    #[validate(custom(function = "project_title"))]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::title))]
    pub title: LocalizedText,
    pub due_on: NaiveDate,
    /// 1 to 100 (default 1).
    #[validate(range(min = 1, max = 100))]
    #[serde(default = "one")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 100))]
    pub weight: u32,
    /// When it was reached (absent: not yet).
    #[serde(default)]
    pub done_on: Option<NaiveDate>,
}

fn one() -> u32 {
    1
}

/// News of a project, posted by an officer of the lead or a partner association.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProjectUpdate {
    pub id: ProjectUpdateId,
    pub author_name: String,
    /// The association the author posted for.
    pub association_id: AssociationId,
    pub association_name: LocalizedText,
    /// Markdown.
    pub body: String,
    pub body_html: String,
    pub milestone_id: Option<MilestoneId>,
    pub created_at: DateTime<Utc>,
}

/// Post an update: the project's followers are notified.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"body": "Les **20 animateurs** sont recrutés."})))]
pub struct NewProjectUpdate {
    /// Markdown, 1 to 20,000 characters.
    #[validate(length(min = 1, max = 20000))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 20000))]
    pub body: String,
    /// A milestone of this project it is about (422 `milestone_id` `unknown` otherwise).
    #[serde(default)]
    pub milestone_id: Option<MilestoneId>,
}
