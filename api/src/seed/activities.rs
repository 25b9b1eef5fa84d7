//! `madani seed-activities N`: 500 projects of the associations already there (most public, some
//! network or private, in every field and wilaya) with N activities spread over ten years
//! (2021–2030, about N/120 a month), and one public project with 1,000 activities to come (the
//! bench's feed). Deterministic: the same N gives the same activities.

use chrono::{NaiveDate, TimeDelta};
use diesel::prelude::*;
use madani_shared::associations::Field;

use super::Rng;
use crate::db::schema::associations;
use crate::db::{DbConn, new_id, now, write_tx};
use crate::error::{ApiError, ApiResult};
use crate::projects::repo;
use crate::projects::repo::activities as activity_repo;
use crate::projects::rows::{ActivityRow, ProjectRow, join_list};
use crate::projects::service::activities::to_utc_in;

const PROJECTS: i64 = 500;
const FEED_EVENTS: i64 = 1000;

fn project(association: &str, title: &str, visibility: &str, wilaya: &str, field: Field) -> ProjectRow {
    let at = now();
    ProjectRow {
        id: new_id(),
        association_id: association.to_owned(),
        title_ar: None,
        title_fr: Some(title.to_owned()),
        title_en: None,
        summary_ar: None,
        summary_fr: None,
        summary_en: None,
        description_ar: None,
        description_fr: None,
        description_en: None,
        status: "implementation".into(),
        visibility: visibility.to_owned(),
        country: "DZ".into(),
        wilayas: join_list([wilaya]),
        communes: String::new(),
        fields: join_list([field.as_str()]),
        budget: None,
        currency: "DZD".into(),
        funders: "[]".into(),
        planned_start: None,
        planned_end: None,
        actual_start: None,
        actual_end: None,
        created_by: None,
        created_at: at,
        updated_at: at,
        cover: None,
    }
}

fn activity(
    project: &ProjectRow,
    title: String,
    start: chrono::NaiveDateTime,
    hours: i64,
    public: bool,
    wilaya: &str,
) -> ActivityRow {
    let zone = madani_shared::projects::TimeZone::Algiers;
    let end = start + TimeDelta::hours(hours);
    let at = now();
    ActivityRow {
        id: new_id(),
        project_id: project.id.clone(),
        association_id: project.association_id.clone(),
        visibility: project.visibility.clone(),
        fields: project.fields.clone(),
        title_ar: None,
        title_fr: Some(title),
        title_en: None,
        description_ar: None,
        description_fr: Some("Une activité du banc d'essai.".into()),
        description_en: None,
        time_zone: zone.as_str().into(),
        all_day: false,
        start_local: start,
        end_local: end,
        starts_at: to_utc_in(zone, start),
        ends_at: to_utc_in(zone, end),
        commune_id: None,
        wilaya_code: Some(wilaya.to_owned()),
        address: Some("Maison des jeunes".into()),
        online_url: None,
        public,
        cancelled_at: None,
        sequence: 0,
        capacity: None,
        waitlist: false,
        created_at: at,
        updated_at: at,
    }
}

/// Returns the feed project's id.
pub fn seed(conn: &mut DbConn, count: usize) -> ApiResult<String> {
    let leads: Vec<String> =
        associations::table.select(associations::id).order(associations::id).limit(PROJECTS).load(conn)?;
    if leads.is_empty() {
        return Err(ApiError::internal("seed-activities needs associations: run seed-associations first"));
    }
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ count as u64);
    let wilaya = |rng: &mut Rng| format!("{:02}", 1 + rng.next() % 58);
    let mut projects = Vec::new();
    write_tx(conn, |conn| {
        for (i, lead) in leads.iter().enumerate() {
            let visibility = match rng.next() % 10 {
                0 => "network",
                1 => "private",
                _ => "public",
            };
            let field = Field::ALL[(rng.next() % Field::ALL.len() as u64) as usize];
            let row = project(lead, &format!("Projet {i}"), visibility, &wilaya(&mut rng), field);
            repo::insert(conn, &row)?;
            projects.push(row);
        }
        Ok::<_, ApiError>(())
    })?;
    let first = NaiveDate::from_ymd_opt(2021, 1, 1).unwrap_or_default().and_hms_opt(0, 0, 0).unwrap_or_default();
    let span_hours = 10 * 365 * 24;
    for chunk in 0..count.div_ceil(2000) {
        write_tx(conn, |conn| {
            for n in chunk * 2000..((chunk + 1) * 2000).min(count) {
                let p = &projects[(rng.next() % projects.len() as u64) as usize];
                let start = first + TimeDelta::hours((rng.next() % span_hours) as i64);
                let start = start.date().and_hms_opt(8 + (rng.next() % 12) as u32, 0, 0).unwrap_or(start);
                let row = activity(p, format!("Activité {n}"), start, 2, rng.next() % 10 < 7, &wilaya(&mut rng));
                activity_repo::insert(conn, &row)?;
            }
            Ok::<_, ApiError>(())
        })?;
    }
    let feed = project(&leads[0], "Projet du flux", "public", "16", Field::Youth);
    let tomorrow = (chrono::Utc::now() + TimeDelta::days(1)).date_naive();
    write_tx(conn, |conn| {
        repo::insert(conn, &feed)?;
        for n in 0..FEED_EVENTS {
            let start =
                (tomorrow + TimeDelta::days(n / 3)).and_hms_opt(9 + (n % 3) as u32 * 3, 0, 0).unwrap_or_default();
            activity_repo::insert(
                conn,
                &activity(&feed, format!("Séance {n}, atelier ; « écriture »"), start, 2, true, "16"),
            )?;
        }
        Ok::<_, ApiError>(())
    })?;
    Ok(feed.id)
}
