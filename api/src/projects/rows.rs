//! Database rows of projects, their milestones, updates, activities, registrations and indicators.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use madani_shared::LocalizedText;
use madani_shared::associations::Field;
use madani_shared::projects::*;

use crate::db::schema::{
    activities, activity_registrations, calendar_feeds, indicator_actuals, indicators, project_follows,
    project_milestones, project_partners, project_updates, projects,
};
use crate::media::{UrlSigner, signed_url, versioned_url};

/// A delimited list (`,06,16,`), so that one membership is `LIKE '%,06,%'`.
pub fn join_list<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> String {
    let mut out = String::from(",");
    for item in items {
        out.push_str(item.as_ref());
        out.push(',');
    }
    if out.len() == 1 { String::new() } else { out }
}

pub fn split_list(list: &str) -> impl Iterator<Item = &str> {
    list.split(',').filter(|s| !s.is_empty())
}

pub fn fields_of(list: &str) -> Vec<Field> {
    split_list(list).filter_map(Field::parse).collect()
}

fn text(ar: &Option<String>, fr: &Option<String>, en: &Option<String>) -> LocalizedText {
    LocalizedText { ar: ar.clone(), fr: fr.clone(), en: en.clone() }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = projects, treat_none_as_null = true)]
pub struct ProjectRow {
    pub id: String,
    pub association_id: String,
    pub title_ar: Option<String>,
    pub title_fr: Option<String>,
    pub title_en: Option<String>,
    pub summary_ar: Option<String>,
    pub summary_fr: Option<String>,
    pub summary_en: Option<String>,
    pub description_ar: Option<String>,
    pub description_fr: Option<String>,
    pub description_en: Option<String>,
    pub status: String,
    pub visibility: String,
    pub country: String,
    pub wilayas: String,
    pub communes: String,
    pub fields: String,
    pub budget: Option<i64>,
    pub currency: String,
    pub funders: String,
    pub planned_start: Option<NaiveDate>,
    pub planned_end: Option<NaiveDate>,
    pub actual_start: Option<NaiveDate>,
    pub actual_end: Option<NaiveDate>,
    pub created_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The cover's storage key; changed only by its own requests, never by an edit of the project.
    #[diesel(skip_update)]
    pub cover: Option<String>,
}

/// What a signature for a project's cover grants to `viewer` (a user id); the key changes with
/// each new cover.
pub fn cover_resource(project_id: &str, key: &str, viewer: &str) -> String {
    format!("project-cover\n{project_id}\n{key}\n{viewer}")
}

impl ProjectRow {
    /// Where the cover is served: a public project's address is public and stays the same until
    /// the cover changes; another's is signed for the `viewer` it is shown to (none without one),
    /// and works only while they may still see the project.
    pub fn cover_url(&self, urls: &UrlSigner, now: i64, viewer: Option<&str>) -> Option<String> {
        let key = self.cover.as_deref()?;
        let base = versioned_url(&format!("/api/v1/projects/{}/cover", self.id), key)?;
        if self.visibility() == ProjectVisibility::Public {
            return Some(base);
        }
        Some(signed_url(urls, base, &cover_resource(&self.id, key, viewer?), viewer?, now))
    }

    pub fn title(&self) -> LocalizedText {
        text(&self.title_ar, &self.title_fr, &self.title_en)
    }

    pub fn summary(&self) -> LocalizedText {
        text(&self.summary_ar, &self.summary_fr, &self.summary_en)
    }

    pub fn description(&self) -> LocalizedText {
        text(&self.description_ar, &self.description_fr, &self.description_en)
    }

    pub fn status(&self) -> ProjectStatus {
        ProjectStatus::parse(&self.status).unwrap_or(ProjectStatus::Identification)
    }

    pub fn visibility(&self) -> ProjectVisibility {
        ProjectVisibility::parse(&self.visibility).unwrap_or(ProjectVisibility::Private)
    }

    pub fn country(&self) -> Country {
        Country::parse(&self.country).unwrap_or_default()
    }

    pub fn currency(&self) -> Currency {
        Currency::parse(&self.currency).unwrap_or_default()
    }

    pub fn wilayas(&self) -> Vec<String> {
        split_list(&self.wilayas).map(str::to_owned).collect()
    }

    pub fn communes(&self) -> Vec<i32> {
        split_list(&self.communes).filter_map(|c| c.parse().ok()).collect()
    }

    pub fn fields(&self) -> Vec<Field> {
        fields_of(&self.fields)
    }

    pub fn funders(&self) -> Vec<Funder> {
        serde_json::from_str(&self.funders).unwrap_or_default()
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = project_partners)]
pub struct PartnerRow {
    pub project_id: String,
    pub position: i32,
    pub association_id: Option<String>,
    pub institution_id: Option<String>,
    pub role: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = project_follows)]
pub struct FollowRow {
    pub project_id: String,
    pub user_id: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = project_milestones, treat_none_as_null = true)]
pub struct MilestoneRow {
    pub id: String,
    pub project_id: String,
    pub title_ar: Option<String>,
    pub title_fr: Option<String>,
    pub title_en: Option<String>,
    pub due_on: NaiveDate,
    pub weight: i32,
    pub done_on: Option<NaiveDate>,
    pub created_at: NaiveDateTime,
}

impl MilestoneRow {
    pub fn to_api(&self, today: NaiveDate) -> Milestone {
        Milestone {
            id: madani_shared::ids::MilestoneId::stored(&self.id),
            title: text(&self.title_ar, &self.title_fr, &self.title_en),
            due_on: self.due_on,
            weight: self.weight.max(0) as u32,
            done_on: self.done_on,
            overdue: self.done_on.is_none() && self.due_on < today,
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = project_updates)]
pub struct UpdateRow {
    pub id: String,
    pub project_id: String,
    pub author_id: Option<String>,
    pub association_id: String,
    pub body: String,
    pub milestone_id: Option<String>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = activities, treat_none_as_null = true)]
pub struct ActivityRow {
    pub id: String,
    pub project_id: String,
    pub association_id: String,
    pub visibility: String,
    pub fields: String,
    pub title_ar: Option<String>,
    pub title_fr: Option<String>,
    pub title_en: Option<String>,
    pub description_ar: Option<String>,
    pub description_fr: Option<String>,
    pub description_en: Option<String>,
    pub time_zone: String,
    pub all_day: bool,
    pub start_local: NaiveDateTime,
    pub end_local: NaiveDateTime,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub commune_id: Option<i32>,
    pub wilaya_code: Option<String>,
    pub address: Option<String>,
    pub online_url: Option<String>,
    pub public: bool,
    pub cancelled_at: Option<NaiveDateTime>,
    pub sequence: i32,
    pub capacity: Option<i32>,
    pub waitlist: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl ActivityRow {
    pub fn title(&self) -> LocalizedText {
        text(&self.title_ar, &self.title_fr, &self.title_en)
    }

    pub fn description(&self) -> LocalizedText {
        text(&self.description_ar, &self.description_fr, &self.description_en)
    }

    pub fn time_zone(&self) -> TimeZone {
        TimeZone::parse(&self.time_zone).unwrap_or_default()
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = activity_registrations)]
pub struct RegistrationRow {
    pub activity_id: String,
    pub user_id: String,
    pub status: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = calendar_feeds)]
pub struct FeedRow {
    pub user_id: String,
    pub secret_hash: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = indicators, treat_none_as_null = true)]
pub struct IndicatorRow {
    pub id: String,
    pub project_id: String,
    pub result_kind: String,
    pub result_title_ar: Option<String>,
    pub result_title_fr: Option<String>,
    pub result_title_en: Option<String>,
    pub title_ar: Option<String>,
    pub title_fr: Option<String>,
    pub title_en: Option<String>,
    pub measure: String,
    pub unit: Option<String>,
    pub ascending: bool,
    pub baseline_value: Option<f64>,
    pub baseline_on: Option<NaiveDate>,
    pub periods: String,
    pub created_at: NaiveDateTime,
}

impl IndicatorRow {
    pub fn title(&self) -> LocalizedText {
        text(&self.title_ar, &self.title_fr, &self.title_en)
    }

    pub fn result_title(&self) -> LocalizedText {
        text(&self.result_title_ar, &self.result_title_fr, &self.result_title_en)
    }

    pub fn result_kind(&self) -> ResultKind {
        ResultKind::parse(&self.result_kind).unwrap_or(ResultKind::Output)
    }

    pub fn measure(&self) -> Measure {
        Measure::parse(&self.measure).unwrap_or(Measure::Unit)
    }

    pub fn periods(&self) -> Vec<IndicatorPeriod> {
        serde_json::from_str(&self.periods).unwrap_or_default()
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = indicator_actuals)]
pub struct ActualRow {
    pub id: String,
    pub indicator_id: String,
    pub value: f64,
    pub measured_on: NaiveDate,
    pub comment: Option<String>,
    pub wilaya_code: Option<String>,
    pub created_by: Option<String>,
    pub created_at: NaiveDateTime,
}
