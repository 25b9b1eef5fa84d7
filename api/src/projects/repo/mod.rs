//! Diesel queries for projects: the rows, partners, followers, milestones and updates, and who sees
//! which.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::rows::{FollowRow, MilestoneRow, PartnerRow, ProjectRow, UpdateRow};
use crate::db::DbConn;
use crate::db::schema::{
    association_members, associations, institutions, project_follows, project_milestones, project_partners,
    project_updates, projects, users, wilayas,
};

pub mod activities;
pub mod indicators;

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<ProjectRow> {
    projects::table.find(id).select(ProjectRow::as_select()).first(conn)
}

pub fn insert(conn: &mut DbConn, row: &ProjectRow) -> QueryResult<usize> {
    diesel::insert_into(projects::table).values(row).execute(conn)
}

pub fn update(conn: &mut DbConn, row: &ProjectRow) -> QueryResult<usize> {
    diesel::update(projects::table.find(&row.id)).set(row).execute(conn)
}

/// Inside a write transaction: the project's cover key, its row locked until the end of it
/// (PostgreSQL), so that two uploads at once each get the key the other replaced.
pub fn lock_cover(conn: &mut DbConn, id: &str) -> QueryResult<Option<String>> {
    let query = projects::table.find(id).select(projects::cover);
    match conn {
        DbConn::Pg(c) => query.for_update().first(c),
        DbConn::Sqlite(c) => query.first(c),
    }
}

/// Point the project at a cover key (or none).
pub fn set_cover(conn: &mut DbConn, id: &str, key: Option<&str>, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(projects::table.find(id)).set((projects::cover.eq(key), projects::updated_at.eq(at))).execute(conn)
}

/// Keep the copies an activity holds of its project (visibility, fields) in step.
pub fn sync_activities(conn: &mut DbConn, row: &ProjectRow) -> QueryResult<usize> {
    use crate::db::schema::activities as a;
    diesel::update(a::table.filter(a::project_id.eq(&row.id)))
        .set((a::visibility.eq(&row.visibility), a::fields.eq(&row.fields)))
        .execute(conn)
}

/// The associations `user_id` belongs to, with their role in each.
pub fn memberships(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<(String, String)>> {
    association_members::table
        .filter(association_members::user_id.eq(user_id))
        .select((association_members::association_id, association_members::role))
        .load(conn)
}

/// An association's public projects, oldest first (the IATI file).
pub fn public_of(conn: &mut DbConn, association: &str) -> QueryResult<Vec<ProjectRow>> {
    projects::table
        .filter(projects::association_id.eq(association))
        .filter(projects::visibility.eq("public"))
        .select(ProjectRow::as_select())
        .order((projects::created_at, projects::id))
        .load(conn)
}

/// Every wilaya's code and names.
pub fn wilaya_names(conn: &mut DbConn) -> QueryResult<Vec<(String, String, String, String)>> {
    wilayas::table.select((wilayas::code, wilayas::name_ar, wilayas::name_fr, wilayas::name_en)).load(conn)
}

/// The projects these associations lead.
pub fn led_by(conn: &mut DbConn, associations: &[String]) -> QueryResult<Vec<String>> {
    if associations.is_empty() {
        return Ok(Vec::new());
    }
    projects::table.filter(projects::association_id.eq_any(associations)).select(projects::id).load(conn)
}

/// The projects these associations are partners of.
pub fn partnered_by(conn: &mut DbConn, associations: &[String]) -> QueryResult<Vec<String>> {
    if associations.is_empty() {
        return Ok(Vec::new());
    }
    project_partners::table
        .filter(project_partners::association_id.eq_any(associations))
        .select(project_partners::project_id)
        .distinct()
        .load(conn)
}

/// Who sees what: the viewer's associations, and the projects they are partners of.
#[derive(Debug, Default, Clone)]
pub struct Sight {
    pub associations: Vec<String>,
    pub partnered: Vec<String>,
}

/// A list's filters: the lead association, a status, a wilaya, a field.
#[derive(Debug, Default, Clone)]
pub struct ProjectFilter<'a> {
    pub lead: Option<&'a str>,
    pub status: Option<&'a str>,
    pub wilaya: Option<&'a str>,
    pub field: Option<&'a str>,
}

/// A project with its lead's name (ar, fr, en).
pub type NamedProject = (ProjectRow, (Option<String>, Option<String>, Option<String>));

/// A page of projects `sight` sees, newest first, after the cursor `(created_at, id)`.
pub fn page(
    conn: &mut DbConn,
    sight: &Sight,
    filter: &ProjectFilter,
    after: Option<(chrono::NaiveDateTime, String)>,
    limit: i64,
) -> QueryResult<Vec<NamedProject>> {
    let ProjectFilter { lead, status, wilaya, field } = filter.clone();
    let mut q = projects::table
        .inner_join(associations::table)
        .select((ProjectRow::as_select(), (associations::name_ar, associations::name_fr, associations::name_en)))
        .filter(
            projects::visibility
                .eq("public")
                .or(projects::association_id.eq_any(sight.associations.clone()))
                .or(projects::visibility.eq("network").and(projects::id.eq_any(sight.partnered.clone()))),
        )
        .into_boxed();
    if let Some(lead) = lead {
        q = q.filter(projects::association_id.eq(lead.to_owned()));
    }
    if let Some(status) = status {
        q = q.filter(projects::status.eq(status.to_owned()));
    }
    if let Some(w) = wilaya {
        q = q.filter(projects::wilayas.like(format!("%,{w},%")));
    }
    if let Some(f) = field {
        q = q.filter(projects::fields.like(format!("%,{f},%")));
    }
    if let Some((at, id)) = after {
        q = q.filter(projects::created_at.lt(at).or(projects::created_at.eq(at).and(projects::id.lt(id))));
    }
    q.order((projects::created_at.desc(), projects::id.desc())).limit(limit).load(conn)
}

pub fn association_name(conn: &mut DbConn, id: &str) -> QueryResult<(Option<String>, Option<String>, Option<String>)> {
    associations::table
        .find(id)
        .select((associations::name_ar, associations::name_fr, associations::name_en))
        .first(conn)
}

pub fn partners(conn: &mut DbConn, project_id: &str) -> QueryResult<Vec<PartnerRow>> {
    project_partners::table
        .filter(project_partners::project_id.eq(project_id))
        .select(PartnerRow::as_select())
        .order(project_partners::position)
        .load(conn)
}

pub fn replace_partners(conn: &mut DbConn, project_id: &str, rows: &[PartnerRow]) -> QueryResult<usize> {
    diesel::delete(project_partners::table.filter(project_partners::project_id.eq(project_id))).execute(conn)?;
    let mut n = 0;
    for row in rows {
        n += diesel::insert_into(project_partners::table).values(row).execute(conn)?;
    }
    Ok(n)
}

/// Names of these associations and institutions: (id, ar, fr, en).
pub type Named = (String, Option<String>, Option<String>, Option<String>);

pub fn association_names(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<Named>> {
    associations::table
        .filter(associations::id.eq_any(ids))
        .select((associations::id, associations::name_ar, associations::name_fr, associations::name_en))
        .load(conn)
}

pub fn institution_names(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<Named>> {
    institutions::table
        .filter(institutions::id.eq_any(ids))
        .select((institutions::id, institutions::name_ar, institutions::name_fr, institutions::name_en))
        .load(conn)
}

pub fn associations_exist(conn: &mut DbConn, ids: &[String]) -> QueryResult<i64> {
    associations::table.filter(associations::id.eq_any(ids)).count().get_result(conn)
}

pub fn institutions_exist(conn: &mut DbConn, ids: &[String]) -> QueryResult<i64> {
    institutions::table.filter(institutions::id.eq_any(ids)).count().get_result(conn)
}

/// The role `user_id` has in one of the project's partner associations, the strongest first.
pub fn partner_roles(conn: &mut DbConn, project_id: &str, user_id: &str) -> QueryResult<Vec<(String, String)>> {
    project_partners::table
        .inner_join(
            association_members::table
                .on(association_members::association_id.nullable().eq(project_partners::association_id)),
        )
        .filter(project_partners::project_id.eq(project_id))
        .filter(association_members::user_id.eq(user_id))
        .select((association_members::association_id, association_members::role))
        .load(conn)
}

pub fn milestones(conn: &mut DbConn, project_id: &str) -> QueryResult<Vec<MilestoneRow>> {
    project_milestones::table
        .filter(project_milestones::project_id.eq(project_id))
        .select(MilestoneRow::as_select())
        .order((project_milestones::due_on, project_milestones::created_at))
        .load(conn)
}

/// (project id, weight, done) of these projects' milestones, for their progress.
pub fn milestone_weights(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<(String, i32, bool)>> {
    project_milestones::table
        .filter(project_milestones::project_id.eq_any(ids))
        .select((project_milestones::project_id, project_milestones::weight, project_milestones::done_on.is_not_null()))
        .load(conn)
}

pub fn find_milestone(conn: &mut DbConn, project_id: &str, id: &str) -> QueryResult<MilestoneRow> {
    project_milestones::table
        .find(id)
        .filter(project_milestones::project_id.eq(project_id))
        .select(MilestoneRow::as_select())
        .first(conn)
}

pub fn insert_milestone(conn: &mut DbConn, row: &MilestoneRow) -> QueryResult<usize> {
    diesel::insert_into(project_milestones::table).values(row).execute(conn)
}

pub fn update_milestone(conn: &mut DbConn, row: &MilestoneRow) -> QueryResult<usize> {
    diesel::update(project_milestones::table.find(&row.id)).set(row).execute(conn)
}

pub fn delete_milestone(conn: &mut DbConn, id: &str) -> QueryResult<usize> {
    diesel::delete(project_milestones::table.find(id)).execute(conn)
}

pub fn is_following(conn: &mut DbConn, project_id: &str, user_id: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        project_follows::table
            .filter(project_follows::project_id.eq(project_id))
            .filter(project_follows::user_id.eq(user_id)),
    ))
    .get_result(conn)
}

pub fn follower_count(conn: &mut DbConn, project_id: &str) -> QueryResult<i64> {
    project_follows::table.filter(project_follows::project_id.eq(project_id)).count().get_result(conn)
}

pub fn followers(conn: &mut DbConn, project_id: &str) -> QueryResult<Vec<String>> {
    project_follows::table
        .filter(project_follows::project_id.eq(project_id))
        .select(project_follows::user_id)
        .load(conn)
}

pub fn follow(conn: &mut DbConn, row: &FollowRow) -> QueryResult<usize> {
    let insert = diesel::insert_into(project_follows::table).values(row).on_conflict_do_nothing();
    match conn {
        DbConn::Pg(c) => insert.execute(c),
        DbConn::Sqlite(c) => insert.execute(c),
    }
}

pub fn unfollow(conn: &mut DbConn, project_id: &str, user_id: &str) -> QueryResult<usize> {
    diesel::delete(
        project_follows::table
            .filter(project_follows::project_id.eq(project_id))
            .filter(project_follows::user_id.eq(user_id)),
    )
    .execute(conn)
}

/// The projects `user_id` follows.
pub fn followed_by(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<String>> {
    project_follows::table.filter(project_follows::user_id.eq(user_id)).select(project_follows::project_id).load(conn)
}

pub fn insert_update(conn: &mut DbConn, row: &UpdateRow) -> QueryResult<usize> {
    diesel::insert_into(project_updates::table).values(row).execute(conn)
}

/// A page of a project's updates, newest first, with the author's name.
pub fn updates(
    conn: &mut DbConn,
    project_id: &str,
    after: Option<(chrono::NaiveDateTime, String)>,
    limit: i64,
) -> QueryResult<Vec<(UpdateRow, Option<String>)>> {
    let mut q = project_updates::table
        .left_join(users::table)
        .filter(project_updates::project_id.eq(project_id))
        .select((UpdateRow::as_select(), users::display_name.nullable()))
        .into_boxed();
    if let Some((at, id)) = after {
        q = q.filter(
            project_updates::created_at.lt(at).or(project_updates::created_at.eq(at).and(project_updates::id.lt(id))),
        );
    }
    q.order((project_updates::created_at.desc(), project_updates::id.desc())).limit(limit).load(conn)
}
