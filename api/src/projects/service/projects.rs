//! Writing and reading projects: the rules on their fields, partners and places, their lists, and
//! following them.

use std::collections::{BTreeSet, HashMap};

use madani_shared::ids::{AssociationId, InstitutionId, ProjectId};
use madani_shared::projects::*;
use madani_shared::{LocalizedText, Page};

use super::super::access::{self, Access};
use super::super::repo;
use super::super::rows::{FollowRow, PartnerRow, ProjectRow, join_list};
use super::today;
use crate::audit::{self, Subject};
use crate::auth::AuthUser;
use crate::db::{DbConn, new_id, now, to_utc, write_tx};
use crate::error::{ApiError, ApiResult};
use crate::markdown;
use crate::media::{UrlSigner, unix_now};
use crate::pagination::{self, page_of};

pub fn names(t: (Option<String>, Option<String>, Option<String>)) -> LocalizedText {
    LocalizedText { ar: t.0, fr: t.1, en: t.2 }
}

/// Check what the database must answer for: partners and communes exist, dates in order.
fn check(conn: &mut DbConn, input: &ProjectInput) -> ApiResult<()> {
    if let (Some(a), Some(b)) = (input.planned_start, input.planned_end)
        && b < a
    {
        return Err(ApiError::field("planned_end", "range", "must not be before planned_start"));
    }
    if let (Some(a), Some(b)) = (input.actual_start, input.actual_end)
        && b < a
    {
        return Err(ApiError::field("actual_end", "range", "must not be before actual_start"));
    }
    let mut associations = BTreeSet::new();
    let mut institutions = BTreeSet::new();
    for (i, p) in input.partners.iter().enumerate() {
        let field = format!("partners[{i}]");
        match (&p.association_id, &p.institution_id) {
            (Some(a), None) if *a != input.association_id => {
                associations.insert(a.to_string());
            }
            (None, Some(inst)) => {
                institutions.insert(inst.to_string());
            }
            _ => {
                return Err(ApiError::field(
                    &field,
                    "invalid",
                    "give an association (not the lead) or an institution, not both",
                ));
            }
        }
    }
    let associations: Vec<String> = associations.into_iter().collect();
    let institutions: Vec<String> = institutions.into_iter().collect();
    if repo::associations_exist(conn, &associations)? != associations.len() as i64
        || repo::institutions_exist(conn, &institutions)? != institutions.len() as i64
    {
        return Err(ApiError::field("partners", "unknown", "names an association or institution that does not exist"));
    }
    let communes: Vec<i32> = input.communes.iter().copied().collect::<BTreeSet<_>>().into_iter().collect();
    if repo::activities::communes_exist(conn, &communes)? != communes.len() as i64 {
        return Err(ApiError::field("communes", "unknown", "names a commune that does not exist"));
    }
    Ok(())
}

fn fill(row: &mut ProjectRow, input: &ProjectInput) -> ApiResult<()> {
    (row.title_ar, row.title_fr, row.title_en) = input.title.trimmed();
    (row.summary_ar, row.summary_fr, row.summary_en) = input.summary.trimmed();
    (row.description_ar, row.description_fr, row.description_en) = input.description.trimmed();
    row.status = input.status.as_str().to_owned();
    row.visibility = input.visibility.as_str().to_owned();
    row.country = input.country.as_str().to_owned();
    row.wilayas = join_list(input.wilayas.iter().collect::<BTreeSet<_>>());
    row.communes = join_list(input.communes.iter().collect::<BTreeSet<_>>().iter().map(|c| c.to_string()));
    row.fields = join_list(input.fields.iter().map(|f| f.as_str()).collect::<BTreeSet<_>>());
    row.budget = input.budget.map(|b| b as i64);
    row.currency = input.currency.as_str().to_owned();
    row.funders = serde_json::to_string(&input.funders).map_err(ApiError::internal)?;
    row.planned_start = input.planned_start;
    row.planned_end = input.planned_end;
    row.actual_start = input.actual_start;
    row.actual_end = input.actual_end;
    Ok(())
}

fn partner_rows(id: &str, input: &ProjectInput) -> Vec<PartnerRow> {
    input
        .partners
        .iter()
        .enumerate()
        .map(|(i, p)| PartnerRow {
            project_id: id.to_owned(),
            position: i as i32,
            association_id: p.association_id.map(|a| a.to_string()),
            institution_id: p.institution_id.map(|a| a.to_string()),
            role: p.role.as_str().to_owned(),
        })
        .collect()
}

/// Create a project led by an association `user` is an officer of.
pub fn create(conn: &mut DbConn, urls: &UrlSigner, user: &AuthUser, input: &ProjectInput) -> ApiResult<Project> {
    write_tx(conn, |conn| {
        crate::associations::access::require_officer(conn, &input.association_id.to_string(), user)?;
        check(conn, input)?;
        let at = now();
        let mut row = ProjectRow {
            id: new_id(),
            association_id: input.association_id.to_string(),
            title_ar: None,
            title_fr: None,
            title_en: None,
            summary_ar: None,
            summary_fr: None,
            summary_en: None,
            description_ar: None,
            description_fr: None,
            description_en: None,
            status: String::new(),
            visibility: String::new(),
            country: String::new(),
            wilayas: String::new(),
            communes: String::new(),
            fields: String::new(),
            budget: None,
            currency: String::new(),
            funders: String::new(),
            planned_start: None,
            planned_end: None,
            actual_start: None,
            actual_end: None,
            created_by: Some(user.id.clone()),
            created_at: at,
            updated_at: at,
            cover: None,
        };
        fill(&mut row, input)?;
        repo::insert(conn, &row)?;
        repo::replace_partners(conn, &row.id, &partner_rows(&row.id, input))?;
        audit::record(conn, Some(&user.id), "project.created", Subject::project(&row.id), Some(&row.association_id))?;
        let access = access::access_of(conn, &row, Some(user))?;
        view(conn, urls, row, &access, Some(user))
    })
}

/// Replace a project's fields (officers of its lead; the lead itself stays).
pub fn update(
    conn: &mut DbConn,
    urls: &UrlSigner,
    user: &AuthUser,
    id: &str,
    input: &ProjectInput,
) -> ApiResult<Project> {
    write_tx(conn, |conn| {
        let (mut row, access) = access::require_editor(conn, id, user)?;
        if input.association_id != row.association_id {
            return Err(ApiError::field("association_id", "fixed", "the lead association cannot change"));
        }
        check(conn, input)?;
        fill(&mut row, input)?;
        row.updated_at = now();
        repo::update(conn, &row)?;
        repo::sync_activities(conn, &row)?;
        repo::replace_partners(conn, id, &partner_rows(id, input))?;
        audit::record(conn, Some(&user.id), "project.updated", Subject::project(id), None)?;
        view(conn, urls, row, &access, Some(user))
    })
}

pub fn get(conn: &mut DbConn, urls: &UrlSigner, user: Option<&AuthUser>, id: &str) -> ApiResult<Project> {
    let (row, access) = access::load_visible(conn, id, user)?;
    view(conn, urls, row, &access, user)
}

/// Follow (or stop following) a project one sees.
pub fn set_following(conn: &mut DbConn, urls: &UrlSigner, user: &AuthUser, id: &str, on: bool) -> ApiResult<Project> {
    write_tx(conn, |conn| {
        let (row, access) = access::load_visible(conn, id, Some(user))?;
        if on {
            repo::follow(conn, &FollowRow { project_id: id.to_owned(), user_id: user.id.clone(), created_at: now() })?;
        } else {
            repo::unfollow(conn, id, &user.id)?;
        }
        view(conn, urls, row, &access, Some(user))
    })
}

/// Progress from weighted milestones: the done ones' share of the total weight, in percent.
pub fn progress(milestones: impl IntoIterator<Item = (i32, bool)>) -> u8 {
    let (mut done, mut total) = (0i64, 0i64);
    for (weight, is_done) in milestones {
        total += i64::from(weight.max(0));
        if is_done {
            done += i64::from(weight.max(0));
        }
    }
    if total == 0 { 0 } else { ((done * 100) / total) as u8 }
}

fn summary(
    row: &ProjectRow,
    association_name: LocalizedText,
    progress: u8,
    cover_url: Option<String>,
) -> ProjectSummary {
    ProjectSummary {
        id: ProjectId::stored(&row.id),
        association_id: AssociationId::stored(&row.association_id),
        association_name,
        title: row.title(),
        summary: row.summary(),
        status: row.status(),
        visibility: row.visibility(),
        country: row.country(),
        wilayas: row.wilayas(),
        fields: row.fields(),
        planned_start: row.planned_start,
        planned_end: row.planned_end,
        progress,
        cover_url,
    }
}

pub fn view(
    conn: &mut DbConn,
    urls: &UrlSigner,
    row: ProjectRow,
    access: &Access,
    user: Option<&AuthUser>,
) -> ApiResult<Project> {
    let milestones = repo::milestones(conn, &row.id)?;
    let today = today();
    let progress = progress(milestones.iter().map(|m| (m.weight, m.done_on.is_some())));
    let partner_rows = repo::partners(conn, &row.id)?;
    let association_ids: Vec<String> = partner_rows.iter().filter_map(|p| p.association_id.clone()).collect();
    let institution_ids: Vec<String> = partner_rows.iter().filter_map(|p| p.institution_id.clone()).collect();
    let mut named: HashMap<String, LocalizedText> = HashMap::new();
    for (id, ar, fr, en) in repo::association_names(conn, &association_ids)?
        .into_iter()
        .chain(repo::institution_names(conn, &institution_ids)?)
    {
        named.insert(id, names((ar, fr, en)));
    }
    let partners = partner_rows
        .iter()
        .map(|p| Partner {
            association_id: p.association_id.as_deref().map(AssociationId::stored),
            institution_id: p.institution_id.as_deref().map(InstitutionId::stored),
            name: p
                .association_id
                .as_ref()
                .or(p.institution_id.as_ref())
                .and_then(|id| named.get(id))
                .cloned()
                .unwrap_or_default(),
            role: PartnerRole::parse(&p.role).unwrap_or(PartnerRole::Implementing),
        })
        .collect();
    let lead_name = names(repo::association_name(conn, &row.association_id)?);
    let following = match user {
        Some(u) => repo::is_following(conn, &row.id, &u.id)?,
        None => false,
    };
    let visibility = row.visibility();
    Ok(Project {
        summary: summary(&row, lead_name, progress, row.cover_url(urls, unix_now(), user.map(|u| u.id.as_str()))),
        description: row.description(),
        description_html: markdown::localized_html(&row.description()),
        communes: row.communes(),
        budget: row.budget.map(|b| b.max(0) as u64),
        currency: row.currency(),
        funders: row.funders(),
        actual_start: row.actual_start,
        actual_end: row.actual_end,
        partners,
        milestones: milestones.iter().map(|m| m.to_api(today)).collect(),
        follower_count: repo::follower_count(conn, &row.id)?,
        created_at: to_utc(row.created_at),
        updated_at: to_utc(row.updated_at),
        viewer: ProjectViewer {
            editor: access.editor(),
            poster: access.posts_for(&row).is_some(),
            member: access.member(visibility),
            following,
        },
    })
}

/// A page of the projects the viewer sees (of one lead association, if given).
pub fn list(
    conn: &mut DbConn,
    urls: &UrlSigner,
    user: Option<&AuthUser>,
    lead: Option<&str>,
    q: &ListProjectsQuery,
) -> ApiResult<Page<ProjectSummary>> {
    let sight = access::sight(conn, user)?;
    let after = pagination::after_time_and_id(q.cursor.as_deref())?;
    let limit = i64::from(q.page().limit());
    let filter = repo::ProjectFilter {
        lead,
        status: q.status.map(|s| s.as_str()),
        wilaya: q.wilaya.as_deref(),
        field: q.field.map(|f| f.as_str()),
    };
    let rows = repo::page(conn, &sight, &filter, after, limit + 1)?;
    let (rows, next_cursor) = page_of(rows, limit, |(r, _)| Some(pagination::time_and_id(r.created_at, &r.id)));
    let ids: Vec<String> = rows.iter().map(|(r, _)| r.id.clone()).collect();
    let mut weights: HashMap<String, Vec<(i32, bool)>> = HashMap::new();
    for (project, weight, done) in repo::milestone_weights(conn, &ids)? {
        weights.entry(project).or_default().push((weight, done));
    }
    let now = unix_now();
    let items = rows
        .into_iter()
        .map(|(r, name)| {
            let p = progress(weights.remove(&r.id).unwrap_or_default());
            let cover_url = r.cover_url(urls, now, user.map(|u| u.id.as_str()));
            summary(&r, names(name), p, cover_url)
        })
        .collect();
    Ok(Page { items, next_cursor })
}
