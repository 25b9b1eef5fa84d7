//! The catalog and the courses themselves: listing, creating, changing, and a course as its
//! viewer sees it.

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, NaiveDateTime};
use madani_shared::Page;
use madani_shared::courses::*;
use madani_shared::ids::{ModuleId, UserId};
use madani_shared::search::tokens;

use crate::auth::{AuthUser, is_staff};
use crate::courses::access::{self, Rights};
use crate::courses::repo;
use crate::courses::rows::CourseRow;
use crate::db::{DbConn, new_id, now, write_tx};
use crate::error::{ApiError, ApiResult};
use crate::media::UrlSigner;
use crate::pagination;

fn counts(conn: &mut DbConn, ids: &[String]) -> ApiResult<(HashMap<String, i64>, HashMap<String, i64>)> {
    Ok((repo::lesson_counts(conn, ids)?.into_iter().collect(), repo::learner_counts(conn, ids)?.into_iter().collect()))
}

/// The summaries of these courses as `viewer` sees them, in their order, with their counts (two
/// queries for them all).
pub fn summaries(
    conn: &mut DbConn,
    urls: &UrlSigner,
    rows: &[CourseRow],
    viewer: Option<&str>,
) -> ApiResult<Vec<CourseSummary>> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let (lessons, learners) = counts(conn, &ids)?;
    let count = |counts: &HashMap<String, i64>, id: &str| counts.get(id).copied().unwrap_or(0);
    Ok(rows.iter().map(|r| r.summary((count(&lessons, &r.id), count(&learners, &r.id)), urls, viewer)).collect())
}

fn encode_cursor(at: NaiveDateTime, id: &str) -> String {
    pagination::encode(&[&pagination::time_part(at), id])
}

fn decode_cursor(cursor: &str) -> ApiResult<(NaiveDateTime, String)> {
    match pagination::decode(cursor)?.as_slice() {
        [micros, id] => Ok((pagination::parse_time(micros)?, id.clone())),
        _ => Err(pagination::bad_cursor()),
    }
}

/// A page of the catalog: published courses, and with `mine` those the viewer teaches (staff: all).
pub fn list(
    conn: &mut DbConn,
    urls: &UrlSigner,
    user: Option<&AuthUser>,
    q: &CatalogQuery,
) -> ApiResult<Page<CourseSummary>> {
    let limit = i64::from(q.limit.unwrap_or(20));
    let after = q.cursor.as_deref().map(decode_cursor).transpose()?;
    let editable_by = match (user, q.mine.unwrap_or(false)) {
        (Some(_), true) if is_staff(user) => Some(None),
        (Some(u), true) => Some(Some(u.id.clone())),
        _ => None,
    };
    let filters = repo::Catalog {
        words: q.q.as_deref().map(tokens).unwrap_or_default().into_iter().take(8).collect(),
        field: q.field.map(|f| f.as_str().to_owned()),
        level: q.level.map(|l| l.as_str().to_owned()),
        language: q.language.map(|l| l.code().to_owned()),
        editable_by,
    };
    let rows = repo::catalog(conn, &filters, after, limit + 1)?;
    let (rows, next_cursor) = pagination::page_of(rows, limit, |r| Some(encode_cursor(r.created_at, &r.id)));
    Ok(Page { items: summaries(conn, urls, &rows, user.map(|u| u.id.as_str()))?, next_cursor })
}

/// 422 naming `ends_on` when a course would end before it starts.
pub fn check_dates(starts: Option<NaiveDate>, ends: Option<NaiveDate>) -> ApiResult<()> {
    if let (Some(s), Some(e)) = (starts, ends)
        && e < s
    {
        return Err(ApiError::field("ends_on", "before_start", "must not be before starts_on"));
    }
    Ok(())
}

/// A new course, as a draft, with its creator as its first trainer.
pub fn create(conn: &mut DbConn, urls: &UrlSigner, user: &AuthUser, req: CreateCourse) -> ApiResult<Course> {
    check_dates(req.starts_on, req.ends_on)?;
    let now = now();
    let (title_ar, title_fr, title_en) = req.title.trimmed();
    let (summary_ar, summary_fr, summary_en) = req.summary.trimmed();
    let row = CourseRow {
        id: new_id(),
        title_ar,
        title_fr,
        title_en,
        summary_ar,
        summary_fr,
        summary_en,
        search_text: super::search_text(&req.title, &req.summary),
        field: req.field.as_str().to_owned(),
        level: req.level.as_str().to_owned(),
        languages: super::languages_text(&req.languages),
        status: CourseStatus::Draft.as_str().to_owned(),
        estimated_minutes: req.estimated_minutes.map(|m| m as i32),
        starts_on: req.starts_on,
        ends_on: req.ends_on,
        capacity: req.capacity.map(|c| c as i32),
        created_by: Some(user.id.clone()),
        created_at: now,
        updated_at: now,
        cover: None,
    };
    write_tx(conn, |conn| {
        repo::insert_course(conn, &row)?;
        repo::add_trainer(conn, &row.id, &user.id, now)?;
        Ok::<_, ApiError>(())
    })?;
    tracing::info!(course = %row.id, by = %user.id, "course created");
    course_view(conn, urls, &row, &Rights::creator(&user.id))
}

/// Change a course its editor loaded; `status` only as [`super::check_status_change`] allows.
pub fn update(
    conn: &mut DbConn,
    urls: &UrlSigner,
    user: &AuthUser,
    mut row: CourseRow,
    req: UpdateCourse,
) -> ApiResult<Course> {
    if let Some(t) = &req.title {
        (row.title_ar, row.title_fr, row.title_en) = t.trimmed();
    }
    if let Some(s) = &req.summary {
        (row.summary_ar, row.summary_fr, row.summary_en) = s.trimmed();
    }
    row.search_text = super::search_text(&row.title(), &row.summary_text());
    if let Some(f) = req.field {
        row.field = f.as_str().to_owned();
    }
    if let Some(l) = req.level {
        row.level = l.as_str().to_owned();
    }
    if let Some(l) = &req.languages {
        row.languages = super::languages_text(l);
    }
    if let Some(m) = req.estimated_minutes {
        row.estimated_minutes = Some(m as i32);
    }
    if req.starts_on.is_some() {
        row.starts_on = req.starts_on;
    }
    if req.ends_on.is_some() {
        row.ends_on = req.ends_on;
    }
    check_dates(row.starts_on, row.ends_on)?;
    if let Some(c) = req.capacity {
        row.capacity = Some(c as i32);
    }
    if let Some(status) = req.status
        && status != row.status()
    {
        let lessons = repo::lessons(conn, &row.id)?;
        let learners = repo::count_enrolments(conn, &row.id)?;
        super::check_status_change(row.status(), status, lessons.len(), learners)?;
        if status == CourseStatus::Published {
            super::check_quizzes(conn, &row.id, &lessons)?;
        }
        row.status = status.as_str().to_owned();
        tracing::info!(course = %row.id, by = %user.id, status = status.as_str(), "course status");
    }
    row.updated_at = now();
    repo::update_course(conn, &row)?;
    let r = access::rights(conn, &row, Some(user))?;
    course_view(conn, urls, &row, &r)
}

/// The course as a viewer with these rights sees it: outline, trainers, and their progress.
pub fn course_view(conn: &mut DbConn, urls: &UrlSigner, row: &CourseRow, r: &Rights) -> ApiResult<Course> {
    let modules = repo::modules(conn, &row.id)?;
    let lessons = repo::lessons(conn, &row.id)?;
    let done: Option<HashSet<String>> = match &r.enrolment {
        Some(e) => Some(repo::completed_lessons(conn, &row.id, &e.user_id)?.into_iter().collect()),
        None => None,
    };
    let progress = match &r.enrolment {
        Some(e) => Some(super::with_certificate(
            conn,
            &row.id,
            &e.user_id,
            super::progress(&lessons, done.as_ref().unwrap_or(&HashSet::new()), e.completed_at),
        )?),
        None => None,
    };
    let trainers = repo::trainers(conn, &row.id)?
        .into_iter()
        .map(|(id, name)| Trainer { user_id: UserId(id.parse().unwrap_or_default()), display_name: name })
        .collect();
    let summary =
        summaries(conn, urls, std::slice::from_ref(row), r.viewer.as_deref())?.pop().ok_or(ApiError::NotFound)?;
    Ok(Course {
        summary,
        modules: modules
            .iter()
            .map(|m| Module {
                id: ModuleId::stored(&m.id),
                title: m.title(),
                position: m.position,
                lessons: lessons
                    .iter()
                    .filter(|l| l.module_id == m.id)
                    .map(|l| l.outline(done.as_ref().map(|d| d.contains(&l.id))))
                    .collect(),
            })
            .collect(),
        trainers,
        can_edit: r.can_edit,
        progress,
    })
}
