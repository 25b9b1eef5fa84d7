//! Activities on the shared calendar, registrations for them, and the calendar's queries and feeds.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use validator::{Validate, ValidationError};

use super::{ProjectVisibility, one_wilaya};
use crate::associations::{Field, localized_max};
use crate::ids::{ActivityId, AssociationId, ProjectId, UserId};
use crate::text::LocalizedText;

/// The time zones activities are held in (IANA names).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum TimeZone {
    #[default]
    #[serde(rename = "Africa/Algiers")]
    Algiers,
    #[serde(rename = "Africa/Casablanca")]
    Casablanca,
}

impl TimeZone {
    pub fn as_str(self) -> &'static str {
        match self {
            TimeZone::Algiers => "Africa/Algiers",
            TimeZone::Casablanca => "Africa/Casablanca",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "Africa/Algiers" => Some(TimeZone::Algiers),
            "Africa/Casablanca" => Some(TimeZone::Casablanca),
            _ => None,
        }
    }
}

crate::associations::string_enum!(
    /// A registration's place: in, waiting for one, or withdrawn.
    RegistrationStatus {
        Registered = "registered",
        Waitlisted = "waitlisted",
        Cancelled = "cancelled",
    }
);

/// An activity's registration: places, and where they stand.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegistrationInfo {
    pub capacity: u32,
    pub registered: u32,
    pub waitlisted: u32,
    /// Whether people beyond the capacity wait for a place (else they are refused, 409 `activity_full`).
    pub waitlist: bool,
}

/// An activity of a project.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Activity {
    pub id: ActivityId,
    pub project_id: ProjectId,
    pub project_title: LocalizedText,
    pub association_id: AssociationId,
    pub association_name: LocalizedText,
    pub title: LocalizedText,
    /// Markdown.
    pub description: LocalizedText,
    pub description_html: LocalizedText,
    pub time_zone: TimeZone,
    pub all_day: bool,
    /// The start and end as the wall clock reads in `time_zone`, without an offset (for an all-day
    /// activity, midnight of its first day and of its last day).
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2027-02-10T10:00:00", pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?$"))]
    pub start: NaiveDateTime,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2027-02-10T12:30:00", pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?$"))]
    pub end: NaiveDateTime,
    /// The same instants in UTC (for an all-day activity, its local midnights).
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub commune_id: Option<i32>,
    /// The wilaya it is held in (the commune's), if any.
    pub wilaya: Option<String>,
    pub address: Option<String>,
    pub online_url: Option<String>,
    /// Shown on the network's calendar; otherwise only to the project's members.
    pub public: bool,
    pub cancelled: bool,
    /// Raised by every change (the iCalendar SEQUENCE).
    pub sequence: u32,
    pub fields: Vec<Field>,
    pub registration: Option<RegistrationInfo>,
    /// The viewer's registration, if any.
    pub my_registration: Option<RegistrationStatus>,
    /// An officer of the project's lead association.
    pub editor: bool,
    pub visibility: ProjectVisibility,
}

fn activity_title(value: &LocalizedText) -> Result<(), ValidationError> {
    if value.is_empty() {
        return Err(ValidationError::new("required").with_message("give the title in at least one language".into()));
    }
    localized_max(value, 200)
}

fn description_text(value: &LocalizedText) -> Result<(), ValidationError> {
    localized_max(value, 20_000)
}

fn web_address(value: &str) -> Result<(), ValidationError> {
    if (value.starts_with("https://") || value.starts_with("http://")) && !value.contains(char::is_whitespace) {
        Ok(())
    } else {
        Err(ValidationError::new("url").with_message("must be an http(s) address".into()))
    }
}

/// Write an activity (officers of the lead association). Times are wall-clock times in
/// `time_zone`: 10:00 in Africa/Algiers is 09:00 UTC.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "title": {"fr": "Atelier d'écriture de projets"},
    "start": "2027-02-10T10:00:00", "end": "2027-02-10T12:30:00",
    "commune_id": 158, "address": "Maison de la culture", "public": true, "capacity": 30, "waitlist": true
})))]
pub struct ActivityInput {
    #[validate(custom(function = "activity_title"))]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::title))]
    pub title: LocalizedText,
    #[validate(custom(function = "description_text"))]
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::summary))]
    pub description: LocalizedText,
    /// Absent: the project's country's (Africa/Algiers for Algeria, Africa/Casablanca for Morocco).
    #[serde(default)]
    pub time_zone: Option<TimeZone>,
    /// Whole days: only the dates of `start` and `end` count (the last day included).
    #[serde(default)]
    pub all_day: bool,
    /// `end` must be after it (or on the same day or later for an all-day activity: 422 `end` `range`).
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    /// A commune (422 `commune_id` `unknown` otherwise).
    #[serde(default)]
    pub commune_id: Option<i32>,
    #[validate(length(max = 300))]
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 300))]
    pub address: Option<String>,
    /// An `http(s)` address, at most 500 characters.
    #[validate(length(max = 500), custom(function = "web_address"))]
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 500, pattern = "^https?://\\S+$"))]
    pub online_url: Option<String>,
    /// On the network's calendar (default); `false`: the project's members only.
    #[serde(default = "yes")]
    pub public: bool,
    /// Places, 1 to 100,000; absent: no registration.
    #[validate(range(min = 1, max = 100000))]
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 100000))]
    pub capacity: Option<u32>,
    /// Whether those beyond the capacity wait for a place.
    #[serde(default)]
    pub waitlist: bool,
}

fn yes() -> bool {
    true
}

/// A person registered for an activity (its officers' list).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Registrant {
    pub user_id: UserId,
    pub name: String,
    pub email: String,
    pub status: RegistrationStatus,
    /// Place on the waiting list, from 1.
    pub position: Option<u32>,
    pub created_at: DateTime<Utc>,
}

/// The viewer's registration for an activity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyRegistration {
    pub activity_id: ActivityId,
    pub status: RegistrationStatus,
    /// Place on the waiting list, from 1.
    pub position: Option<u32>,
}

/// A calendar's window and filters: `from` to `to` (inclusive), the current month by default (the
/// month of `to` when only `to` is given). A window longer than 92 days is cut to 92 days, and one
/// that ends before it starts is its first day: the answer's `from` and `to` say what was read.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct CalendarQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<NaiveDate>,
    /// Held in this wilaya.
    #[validate(custom(function = "one_wilaya"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(pattern = "^(?:0[1-9]|[1-5][0-9]|6[0-9])$"))]
    pub wilaya: Option<String>,
    /// Of projects in this field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<Field>,
    /// Of projects this association leads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub association: Option<AssociationId>,
    /// Of this project.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<ProjectId>,
}

/// The filters of the network's iCalendar feed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct FeedQuery {
    #[validate(custom(function = "one_wilaya"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(pattern = "^(?:0[1-9]|[1-5][0-9]|6[0-9])$"))]
    pub wilaya: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<Field>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub association: Option<AssociationId>,
}

/// A calendar: the activities of a window, by start (without their descriptions, which
/// `GET /activities/{id}` gives).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Calendar {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub activities: Vec<Activity>,
    /// More activities fall in the window than the 1,000 listed.
    pub truncated: bool,
}

/// The member's personal iCalendar feed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonalFeed {
    /// The secret address, shown only when it is made: whoever has it reads the feed. Absent when
    /// only reading whether one exists.
    pub url: Option<String>,
    /// When the current address was made (absent: none yet).
    pub created_at: Option<DateTime<Utc>>,
}
