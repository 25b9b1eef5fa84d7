//! Milestones (the lead's officers) and updates (the lead's and partners' officers; followers are
//! told).

use madani_shared::ids::{AssociationId, MilestoneId, ProjectUpdateId};
use madani_shared::page::PageQuery;
use madani_shared::projects::*;
use madani_shared::{ErrorCode, Page};

use super::super::access;
use super::super::repo;
use super::super::rows::{MilestoneRow, UpdateRow};
use super::projects::names;
use super::today;
use crate::auth::AuthUser;
use crate::db::{DbConn, new_id, now, to_utc, write_tx};
use crate::error::{ApiError, ApiResult};
use crate::notifications::{About, notify_all};
use crate::pagination::{self, page_of};

fn fill(row: &mut MilestoneRow, input: &MilestoneInput) {
    (row.title_ar, row.title_fr, row.title_en) = input.title.trimmed();
    row.due_on = input.due_on;
    row.weight = input.weight as i32;
    row.done_on = input.done_on;
}

pub fn create(conn: &mut DbConn, user: &AuthUser, project: &str, input: &MilestoneInput) -> ApiResult<Milestone> {
    write_tx(conn, |conn| {
        access::require_editor(conn, project, user)?;
        let mut row = MilestoneRow {
            id: new_id(),
            project_id: project.to_owned(),
            title_ar: None,
            title_fr: None,
            title_en: None,
            due_on: input.due_on,
            weight: 1,
            done_on: None,
            created_at: now(),
        };
        fill(&mut row, input);
        repo::insert_milestone(conn, &row)?;
        Ok(row.to_api(today()))
    })
}

pub fn update(
    conn: &mut DbConn,
    user: &AuthUser,
    project: &str,
    id: &str,
    input: &MilestoneInput,
) -> ApiResult<Milestone> {
    write_tx(conn, |conn| {
        access::require_editor(conn, project, user)?;
        let mut row = repo::find_milestone(conn, project, id)?;
        fill(&mut row, input);
        repo::update_milestone(conn, &row)?;
        Ok(row.to_api(today()))
    })
}

pub fn delete(conn: &mut DbConn, user: &AuthUser, project: &str, id: &str) -> ApiResult<()> {
    write_tx(conn, |conn| {
        access::require_editor(conn, project, user)?;
        repo::find_milestone(conn, project, id)?;
        repo::delete_milestone(conn, id)?;
        Ok(())
    })
}

/// Post an update for the lead (its officers) or a partner (theirs); every follower but the
/// author is told.
pub fn post(conn: &mut DbConn, user: &AuthUser, project: &str, input: &NewProjectUpdate) -> ApiResult<ProjectUpdate> {
    write_tx(conn, |conn| {
        let (row, access) = access::load_visible(conn, project, Some(user))?;
        let Some(association) = access.posts_for(&row) else {
            tracing::warn!(user = %user.id, project = %project, "refused: not an officer of the lead or a partner");
            return Err(ApiError::Forbidden(ErrorCode::NotProjectPartner));
        };
        if let Some(m) = &input.milestone_id {
            repo::find_milestone(conn, project, &m.to_string())
                .map_err(|_| ApiError::field("milestone_id", "unknown", "is not a milestone of this project"))?;
        }
        let update = UpdateRow {
            id: new_id(),
            project_id: project.to_owned(),
            author_id: Some(user.id.clone()),
            association_id: association,
            body: input.body.trim().to_owned(),
            milestone_id: input.milestone_id.map(|m| m.to_string()),
            created_at: now(),
        };
        if update.body.is_empty() {
            return Err(ApiError::field("body", "required", "must not be blank"));
        }
        repo::insert_update(conn, &update)?;
        let followers: Vec<String> = repo::followers(conn, project)?.into_iter().filter(|f| *f != user.id).collect();
        notify_all(conn, &followers, "project.update", About::project(project).by(&user.id))?;
        let author = crate::auth::repo::find_user(conn, &user.id)?.display_name;
        let name = names(repo::association_name(conn, &update.association_id)?);
        Ok(to_api(update, Some(author), name))
    })
}

fn to_api(row: UpdateRow, author: Option<String>, association_name: madani_shared::LocalizedText) -> ProjectUpdate {
    ProjectUpdate {
        id: ProjectUpdateId::stored(&row.id),
        author_name: author.unwrap_or_default(),
        association_id: AssociationId::stored(&row.association_id),
        association_name,
        body_html: crate::markdown::to_html(&row.body),
        body: row.body,
        milestone_id: row.milestone_id.as_deref().map(MilestoneId::stored),
        created_at: to_utc(row.created_at),
    }
}

pub fn list(
    conn: &mut DbConn,
    user: Option<&AuthUser>,
    project: &str,
    q: &PageQuery,
) -> ApiResult<Page<ProjectUpdate>> {
    access::load_visible(conn, project, user)?;
    let after = pagination::after_time_and_id(q.cursor.as_deref())?;
    let limit = i64::from(q.limit());
    let rows = repo::updates(conn, project, after, limit + 1)?;
    let (rows, next_cursor) = page_of(rows, limit, |(r, _)| Some(pagination::time_and_id(r.created_at, &r.id)));
    let ids: Vec<String> = rows.iter().map(|(r, _)| r.association_id.clone()).collect();
    let named: std::collections::HashMap<String, madani_shared::LocalizedText> =
        repo::association_names(conn, &ids)?.into_iter().map(|(id, ar, fr, en)| (id, names((ar, fr, en)))).collect();
    let items = rows
        .into_iter()
        .map(|(r, author)| {
            let name = named.get(&r.association_id).cloned().unwrap_or_default();
            to_api(r, author, name)
        })
        .collect();
    Ok(Page { items, next_cursor })
}
