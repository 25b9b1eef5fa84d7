//! HTTP handlers for `/api/v1/courses…` and the learner's own courses.

use std::collections::{HashMap, HashSet};

use actix_web::{HttpResponse, delete, get, patch, post, web};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::NaiveDateTime;
use madani_shared::auth::Role;
use madani_shared::courses::*;
use madani_shared::ids::UserId;
use madani_shared::search::tokens;
use madani_shared::{Page, Problem};

use super::repo;
use super::rows::*;
use super::service;
use crate::auth::{AuthUser, is_staff};
use crate::db::{DbConn, new_id, now, to_utc, write_tx};
use crate::error::{ApiError, ApiResult};
use crate::http::{ValidJson, ValidQuery};
use crate::media::UrlSigner;
use crate::startup::AppState;

const STAFF: &[Role] = Role::STAFF;

/// What the viewer may do with the course: edit it (trainer or staff), and their enrolment.
pub(super) struct Rights {
    pub can_edit: bool,
    pub enrolment: Option<EnrolmentRow>,
}

pub(super) fn rights(conn: &mut DbConn, course: &CourseRow, user: Option<&AuthUser>) -> ApiResult<Rights> {
    let Some(u) = user else { return Ok(Rights { can_edit: false, enrolment: None }) };
    Ok(Rights {
        can_edit: is_staff(user) || repo::is_trainer(conn, &course.id, &u.id)?,
        enrolment: repo::enrolment(conn, &course.id, &u.id)?,
    })
}

/// The course and the viewer's rights; 404 when they may not know it exists (drafts are seen by
/// their trainers and staff; archived courses also by their learners).
pub(super) fn load(conn: &mut DbConn, id: &str, user: Option<&AuthUser>) -> ApiResult<(CourseRow, Rights)> {
    let course = repo::find_course(conn, id)?;
    let r = rights(conn, &course, user)?;
    let visible = match course.status() {
        CourseStatus::Published => true,
        CourseStatus::Archived => r.can_edit || r.enrolment.is_some(),
        CourseStatus::Draft => r.can_edit,
    };
    if !visible {
        return Err(ApiError::NotFound);
    }
    Ok((course, r))
}

/// The course, 403 unless the viewer teaches it or is staff.
pub(super) fn load_for_edit(conn: &mut DbConn, id: &str, user: &AuthUser) -> ApiResult<CourseRow> {
    let (course, r) = load(conn, id, Some(user))?;
    if !r.can_edit {
        tracing::warn!(user = %user.id, course = %id, "refused: edit course");
        return Err(ApiError::Forbidden("only the course's trainers and staff change it"));
    }
    Ok(course)
}

fn counts(conn: &mut DbConn, ids: &[String]) -> ApiResult<(HashMap<String, i64>, HashMap<String, i64>)> {
    Ok((repo::lesson_counts(conn, ids)?.into_iter().collect(), repo::learner_counts(conn, ids)?.into_iter().collect()))
}

fn summary_of(conn: &mut DbConn, urls: &UrlSigner, row: &CourseRow) -> ApiResult<CourseSummary> {
    let (lessons, learners) = counts(conn, std::slice::from_ref(&row.id))?;
    Ok(row.summary(lessons.get(&row.id).copied().unwrap_or(0), learners.get(&row.id).copied().unwrap_or(0), urls))
}

pub(super) fn learner_progress(
    conn: &mut DbConn,
    course: &str,
    e: &EnrolmentRow,
    lessons: &[LessonRow],
) -> ApiResult<Progress> {
    let done: HashSet<String> = repo::completed_lessons(conn, course, &e.user_id)?.into_iter().collect();
    Ok(service::progress(lessons, &done, e.completed_at))
}

pub(super) fn course_view(conn: &mut DbConn, urls: &UrlSigner, row: &CourseRow, r: &Rights) -> ApiResult<Course> {
    let modules = repo::modules(conn, &row.id)?;
    let lessons = repo::lessons(conn, &row.id)?;
    let done: Option<HashSet<String>> = match &r.enrolment {
        Some(e) => Some(repo::completed_lessons(conn, &row.id, &e.user_id)?.into_iter().collect()),
        None => None,
    };
    let progress = r
        .enrolment
        .as_ref()
        .map(|e| service::progress(&lessons, done.as_ref().unwrap_or(&HashSet::new()), e.completed_at));
    let trainers = repo::trainers(conn, &row.id)?
        .into_iter()
        .map(|(id, name)| Trainer { user_id: UserId(id.parse().unwrap_or_default()), display_name: name })
        .collect();
    Ok(Course {
        summary: summary_of(conn, urls, row)?,
        modules: modules
            .iter()
            .map(|m| Module {
                id: m.id.clone(),
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

fn encode_cursor(at: NaiveDateTime, id: &str) -> String {
    URL_SAFE_NO_PAD.encode(format!("{}\u{1}{id}", at.and_utc().timestamp_micros()))
}

fn decode_cursor(cursor: &str) -> ApiResult<(NaiveDateTime, String)> {
    let bad = || ApiError::field("cursor", "invalid_value", "is not a cursor from this list");
    let text = String::from_utf8(URL_SAFE_NO_PAD.decode(cursor).map_err(|_| bad())?).map_err(|_| bad())?;
    let (micros, id) = text.split_once('\u{1}').ok_or_else(bad)?;
    let at = chrono::DateTime::from_timestamp_micros(micros.parse().map_err(|_| bad())?).ok_or_else(bad)?;
    Ok((at.naive_utc(), id.to_owned()))
}

/// The course catalog
///
/// Public: published courses, newest first, with `q` (words of the title or summary, any
/// language), `field`, `level` and `language`. With `mine=true`, trainers also get the drafts and
/// archived courses they teach (staff: all of them).
#[utoipa::path(
    tag = "courses",
    params(CatalogQuery),
    responses(
        (status = 200, description = "A page of the catalog", body = Page<CourseSummary>),
        (status = 422, description = "Bad filter or cursor", body = Problem, content_type = "application/problem+json"),
    ),
    security((), ("bearer" = []))
)]
#[get("/courses")]
pub async fn list_courses(
    state: web::Data<AppState>,
    user: Option<AuthUser>,
    query: ValidQuery<CatalogQuery>,
) -> ApiResult<web::Json<Page<CourseSummary>>> {
    let q = query.0;
    let limit = i64::from(q.limit.unwrap_or(20));
    let after = q.cursor.as_deref().map(decode_cursor).transpose()?;
    let editable_by = match (&user, q.mine.unwrap_or(false)) {
        (Some(_), true) if is_staff(user.as_ref()) => Some(None),
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
    let urls = state.keys.urls.clone();
    let page = state
        .db(move |conn| {
            let rows = repo::catalog(conn, &filters, after, limit + 1)?;
            let (rows, next_cursor) = crate::db::page_of(rows, limit, |r| Some(encode_cursor(r.created_at, &r.id)));
            let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
            let (lessons, learners) = counts(conn, &ids)?;
            let items = rows
                .iter()
                .map(|r| {
                    r.summary(
                        lessons.get(&r.id).copied().unwrap_or(0),
                        learners.get(&r.id).copied().unwrap_or(0),
                        &urls,
                    )
                })
                .collect();
            Ok(Page { items, next_cursor })
        })
        .await?;
    Ok(web::Json(page))
}

/// Create a course
///
/// Observatory staff and administrators. It starts as a draft; you become its first trainer.
#[utoipa::path(
    tag = "courses",
    request_body = CreateCourse,
    responses(
        (status = 201, description = "Created, as a draft", body = Course),
        (status = 403, description = "Not staff (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad fields", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/courses")]
pub async fn create_course(
    state: web::Data<AppState>,
    user: AuthUser,
    body: ValidJson<CreateCourse>,
) -> ApiResult<HttpResponse> {
    user.require(STAFF, "create courses")?;
    let req = body.0;
    check_dates(req.starts_on, req.ends_on)?;
    let urls = state.keys.urls.clone();
    let course = state
        .db(move |conn| {
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
                search_text: service::search_text(&req.title, &req.summary),
                field: req.field.as_str().to_owned(),
                level: req.level.as_str().to_owned(),
                languages: service::languages_text(&req.languages),
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
            course_view(conn, &urls, &row, &Rights { can_edit: true, enrolment: None })
        })
        .await?;
    Ok(HttpResponse::Created().json(course))
}

fn check_dates(starts: Option<chrono::NaiveDate>, ends: Option<chrono::NaiveDate>) -> ApiResult<()> {
    if let (Some(s), Some(e)) = (starts, ends)
        && e < s
    {
        return Err(ApiError::field("ends_on", "before_start", "must not be before starts_on"));
    }
    Ok(())
}

/// A course
///
/// Its outline, trainers, and, for an enrolled viewer, their progress. Drafts are visible to their
/// trainers and staff only (404 to others).
#[utoipa::path(
    tag = "courses",
    params(("id" = String, Path, description = "The course id")),
    responses(
        (status = 200, description = "The course", body = Course),
        (status = 404, description = "No such course, or not visible to you (`not_found`)", body = Problem, content_type = "application/problem+json"),
    ),
    security((), ("bearer" = []))
)]
#[get("/courses/{id}")]
pub async fn get_course(
    state: web::Data<AppState>,
    user: Option<AuthUser>,
    path: web::Path<String>,
) -> ApiResult<web::Json<Course>> {
    let id = path.into_inner();
    let urls = state.keys.urls.clone();
    let course = state
        .db(move |conn| {
            let (row, r) = load(conn, &id, user.as_ref())?;
            course_view(conn, &urls, &row, &r)
        })
        .await?;
    Ok(web::Json(course))
}

/// Change a course
///
/// Its trainers and staff. `status` publishes (a course needs a lesson), archives, or returns a
/// course nobody is enrolled in to draft.
#[utoipa::path(
    tag = "courses",
    params(("id" = String, Path, description = "The course id")),
    request_body = UpdateCourse,
    responses(
        (status = 200, description = "The course", body = Course),
        (status = 403, description = "Not a trainer of this course (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such course (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Back to draft with learners enrolled (`conflict`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad fields, or publishing without a lesson (`status`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/courses/{id}")]
pub async fn update_course(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
    body: ValidJson<UpdateCourse>,
) -> ApiResult<web::Json<Course>> {
    let id = path.into_inner();
    let req = body.0;
    let urls = state.keys.urls.clone();
    let course = state
        .db(move |conn| {
            let mut row = load_for_edit(conn, &id, &user)?;
            if let Some(t) = &req.title {
                (row.title_ar, row.title_fr, row.title_en) = t.trimmed();
            }
            if let Some(s) = &req.summary {
                (row.summary_ar, row.summary_fr, row.summary_en) = s.trimmed();
            }
            row.search_text = service::search_text(&row.title(), &row.summary_text());
            if let Some(f) = req.field {
                row.field = f.as_str().to_owned();
            }
            if let Some(l) = req.level {
                row.level = l.as_str().to_owned();
            }
            if let Some(l) = &req.languages {
                row.languages = service::languages_text(l);
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
                let lessons = repo::lessons(conn, &id)?.len();
                let learners = repo::count_enrolments(conn, &id)?;
                service::check_status_change(row.status(), status, lessons, learners)?;
                row.status = status.as_str().to_owned();
                tracing::info!(course = %id, by = %user.id, status = status.as_str(), "course status");
            }
            row.updated_at = now();
            repo::update_course(conn, &row)?;
            let r = rights(conn, &row, Some(&user))?;
            course_view(conn, &urls, &row, &r)
        })
        .await?;
    Ok(web::Json(course))
}

/// Add a trainer
///
/// Staff. The member may then edit the course.
#[utoipa::path(
    tag = "courses",
    params(("id" = String, Path, description = "The course id")),
    request_body = AddTrainer,
    responses(
        (status = 200, description = "The course with its trainers", body = Course),
        (status = 403, description = "Not staff (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such course (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`user_id` is not a member of Madani", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/courses/{id}/trainers")]
pub async fn add_trainer(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
    body: ValidJson<AddTrainer>,
) -> ApiResult<web::Json<Course>> {
    user.require(STAFF, "choose trainers")?;
    let id = path.into_inner();
    let trainer = body.0.user_id.to_string();
    let urls = state.keys.urls.clone();
    let course = state
        .db(move |conn| {
            let (row, r) = load(conn, &id, Some(&user))?;
            crate::auth::repo::find_user(conn, &trainer).map_err(|e| match ApiError::from(e) {
                ApiError::NotFound => ApiError::field("user_id", "unknown", "is not a member of Madani"),
                other => other,
            })?;
            if !repo::is_trainer(conn, &id, &trainer)? {
                repo::add_trainer(conn, &id, &trainer, now())?;
            }
            course_view(conn, &urls, &row, &r)
        })
        .await?;
    Ok(web::Json(course))
}

/// Remove a trainer
#[utoipa::path(
    tag = "courses",
    params(("id" = String, Path, description = "The course id"), ("user_id" = String, Path, description = "The trainer's user id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 403, description = "Not staff (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such course or trainer (`not_found`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/courses/{id}/trainers/{user_id}")]
pub async fn remove_trainer(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    user.require(STAFF, "choose trainers")?;
    let (id, trainer) = path.into_inner();
    state
        .db(move |conn| {
            load(conn, &id, Some(&user))?;
            if repo::remove_trainer(conn, &id, &trainer)? == 0 {
                return Err(ApiError::NotFound);
            }
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

fn module_view(conn: &mut DbConn, m: &ModuleRow) -> ApiResult<Module> {
    let lessons = repo::lessons(conn, &m.course_id)?;
    Ok(Module {
        id: m.id.clone(),
        title: m.title(),
        position: m.position,
        lessons: lessons.iter().filter(|l| l.module_id == m.id).map(|l| l.outline(None)).collect(),
    })
}

/// Write positions 1..n in this order, with `set` (a module's or a lesson's position).
fn renumber(
    conn: &mut DbConn,
    ids: &[String],
    set: fn(&mut DbConn, &str, i32) -> diesel::QueryResult<usize>,
) -> ApiResult<()> {
    for (i, id) in ids.iter().enumerate() {
        set(conn, id, i as i32 + 1)?;
    }
    Ok(())
}

/// Add a module
#[utoipa::path(
    tag = "courses",
    params(("id" = String, Path, description = "The course id")),
    request_body = CreateModule,
    responses(
        (status = 201, description = "Added at the end", body = Module),
        (status = 403, description = "Not a trainer of this course (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such course (`not_found`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/courses/{id}/modules")]
pub async fn create_module(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
    body: ValidJson<CreateModule>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let req = body.0;
    let module = state
        .db(move |conn| {
            load_for_edit(conn, &id, &user)?;
            let (title_ar, title_fr, title_en) = req.title.trimmed();
            let position = repo::modules(conn, &id)?.len() as i32 + 1;
            let row = ModuleRow { id: new_id(), course_id: id.clone(), position, title_ar, title_fr, title_en };
            repo::insert_module(conn, &row)?;
            module_view(conn, &row)
        })
        .await?;
    Ok(HttpResponse::Created().json(module))
}

fn find_module(conn: &mut DbConn, course: &str, module: &str) -> ApiResult<ModuleRow> {
    repo::modules(conn, course)?.into_iter().find(|m| m.id == module).ok_or(ApiError::NotFound)
}

/// Rename or move a module
#[utoipa::path(
    tag = "courses",
    params(("id" = String, Path, description = "The course id"), ("module_id" = String, Path, description = "The module id")),
    request_body = UpdateModule,
    responses(
        (status = 200, description = "The module", body = Module),
        (status = 403, description = "Not a trainer of this course (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such course or module (`not_found`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/courses/{id}/modules/{module_id}")]
pub async fn update_module(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(String, String)>,
    body: ValidJson<UpdateModule>,
) -> ApiResult<web::Json<Module>> {
    let (id, module_id) = path.into_inner();
    let req = body.0;
    let module = state
        .db(move |conn| {
            load_for_edit(conn, &id, &user)?;
            let mut row = find_module(conn, &id, &module_id)?;
            write_tx(conn, |conn| {
                if let Some(t) = &req.title {
                    (row.title_ar, row.title_fr, row.title_en) = t.trimmed();
                    repo::update_module(conn, &row)?;
                }
                if let Some(p) = req.position {
                    let ids: Vec<String> = repo::modules(conn, &id)?.into_iter().map(|m| m.id).collect();
                    renumber(conn, &service::reorder(&ids, &module_id, p), repo::set_module_position)?;
                }
                Ok::<_, ApiError>(())
            })?;
            let row = find_module(conn, &id, &module_id)?;
            module_view(conn, &row)
        })
        .await?;
    Ok(web::Json(module))
}

/// Delete a module and its lessons
#[utoipa::path(
    tag = "courses",
    params(("id" = String, Path, description = "The course id"), ("module_id" = String, Path, description = "The module id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Not a trainer of this course (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such course or module (`not_found`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/courses/{id}/modules/{module_id}")]
pub async fn delete_module(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let (id, module_id) = path.into_inner();
    let storage = state.storage.clone();
    state
        .db(move |conn| {
            load_for_edit(conn, &id, &user)?;
            find_module(conn, &id, &module_id)?;
            // The videos as they are when the rows go, not as they were a moment before: one
            // uploaded meanwhile is removed too, and none is left behind.
            let videos = write_tx(conn, |conn| {
                let lessons: Vec<String> =
                    repo::lessons(conn, &id)?.into_iter().filter(|l| l.module_id == module_id).map(|l| l.id).collect();
                let videos: Vec<String> = repo::lock_lesson_videos(conn, &lessons)?.into_iter().flatten().collect();
                repo::delete_module(conn, &module_id)?;
                let ids: Vec<String> = repo::modules(conn, &id)?.into_iter().map(|m| m.id).collect();
                renumber(conn, &ids, repo::set_module_position)?;
                Ok::<_, ApiError>(videos)
            })?;
            crate::media::forget(storage.as_ref(), videos);
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A lesson of a resource or link kind needs its address; a video lesson's address, if it has one
/// (it may have an uploaded file instead), must be a page of an allowed host.
fn check_lesson_url(kind: LessonKind, url: Option<&str>) -> ApiResult<()> {
    match (kind, url) {
        (LessonKind::Text | LessonKind::Quiz, _) => Ok(()),
        (LessonKind::Video, Some(u)) if video_embed(u).is_none() => {
            Err(ApiError::field("url", "video_host", "must be a YouTube, Vimeo or Dailymotion video page"))
        }
        (LessonKind::Video, None) | (_, Some(_)) => Ok(()),
        (_, None) => Err(ApiError::field("url", "required", "this kind of lesson needs its address")),
    }
}

/// Add a lesson
///
/// At the end of the module. Text lessons have a Markdown `body`; resources and links a `url`;
/// videos a `url` (YouTube, Vimeo, Dailymotion) or, without one, a file uploaded afterwards with
/// `POST …/lessons/{lesson_id}/video`.
#[utoipa::path(
    tag = "courses",
    params(("id" = String, Path, description = "The course id"), ("module_id" = String, Path, description = "The module id")),
    request_body = CreateLesson,
    responses(
        (status = 201, description = "Added", body = Lesson),
        (status = 403, description = "Not a trainer of this course (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such course or module (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad fields (`url` missing or not an allowed video host)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/courses/{id}/modules/{module_id}/lessons")]
pub async fn create_lesson(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(String, String)>,
    body: ValidJson<CreateLesson>,
) -> ApiResult<HttpResponse> {
    let (id, module_id) = path.into_inner();
    let req = body.0;
    let url = req.url.as_deref().map(str::trim).filter(|u| !u.is_empty()).map(str::to_owned);
    check_lesson_url(req.kind, url.as_deref())?;
    let urls = state.keys.urls.clone();
    let lesson = state
        .db(move |conn| {
            load_for_edit(conn, &id, &user)?;
            find_module(conn, &id, &module_id)?;
            let position = repo::lessons(conn, &id)?.iter().filter(|l| l.module_id == module_id).count() as i32 + 1;
            let (title_ar, title_fr, title_en) = req.title.trimmed();
            let (body_ar, body_fr, body_en) = req.body.trimmed();
            let now = now();
            let row = LessonRow {
                id: new_id(),
                course_id: id.clone(),
                module_id: module_id.clone(),
                position,
                kind: req.kind.as_str().to_owned(),
                title_ar,
                title_fr,
                title_en,
                body_ar,
                body_fr,
                body_en,
                url,
                required: req.required,
                estimated_minutes: req.estimated_minutes.map(|m| m as i32),
                created_at: now,
                updated_at: now,
                video: None,
                video_bytes: None,
            };
            repo::insert_lesson(conn, &row)?;
            lesson_view(conn, &urls, &row, None, None)
        })
        .await?;
    Ok(HttpResponse::Created().json(lesson))
}

/// The lesson with its neighbours in reading order; `done` for an enrolled viewer, `learner` to
/// count their quiz attempts. Only for a reader of the lesson: it holds the signed address of its
/// video.
pub(super) fn lesson_view(
    conn: &mut DbConn,
    urls: &UrlSigner,
    row: &LessonRow,
    done: Option<&HashSet<String>>,
    learner: Option<&str>,
) -> ApiResult<Lesson> {
    let lessons = repo::lessons(conn, &row.course_id)?;
    let at = lessons.iter().position(|l| l.id == row.id);
    let previous = at.and_then(|i| i.checked_sub(1)).and_then(|i| lessons.get(i)).map(|l| l.id.clone());
    let next = at.and_then(|i| lessons.get(i + 1)).map(|l| l.id.clone());
    let quiz = match row.kind() {
        LessonKind::Quiz => super::quizzes::info(conn, &row.id, learner)?,
        _ => None,
    };
    Ok(row.to_api(row.video(urls, crate::media::unix_now()), done.map(|d| d.contains(&row.id)), quiz, previous, next))
}

pub(super) fn find_lesson(conn: &mut DbConn, course: &str, lesson: &str) -> ApiResult<LessonRow> {
    repo::lessons(conn, course)?.into_iter().find(|l| l.id == lesson).ok_or(ApiError::NotFound)
}

/// A lesson
///
/// For the course's learners, trainers and staff (403 for others who can see the course). A video
/// lesson with an uploaded file carries `video.url`, signed for this reader and good for two hours.
#[utoipa::path(
    tag = "courses",
    params(("id" = String, Path, description = "The course id"), ("lesson_id" = String, Path, description = "The lesson id")),
    responses(
        (status = 200, description = "The lesson", body = Lesson),
        (status = 403, description = "Not enrolled (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such course or lesson (`not_found`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/courses/{id}/lessons/{lesson_id}")]
pub async fn get_lesson(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(String, String)>,
) -> ApiResult<web::Json<Lesson>> {
    let (id, lesson_id) = path.into_inner();
    let urls = state.keys.urls.clone();
    let lesson = state
        .db(move |conn| {
            let (_, r) = load(conn, &id, Some(&user))?;
            let row = find_lesson(conn, &id, &lesson_id)?;
            let done: Option<HashSet<String>> = match &r.enrolment {
                Some(_) => Some(repo::completed_lessons(conn, &id, &user.id)?.into_iter().collect()),
                None if r.can_edit => None,
                None => {
                    tracing::warn!(user = %user.id, course = %id, "refused: lesson of a course not enrolled in");
                    return Err(ApiError::Forbidden("enrol in the course to follow its lessons"));
                }
            };
            lesson_view(conn, &urls, &row, done.as_ref(), r.enrolment.as_ref().map(|e| e.user_id.as_str()))
        })
        .await?;
    Ok(web::Json(lesson))
}

/// Change or move a lesson
#[utoipa::path(
    tag = "courses",
    params(("id" = String, Path, description = "The course id"), ("lesson_id" = String, Path, description = "The lesson id")),
    request_body = UpdateLesson,
    responses(
        (status = 200, description = "The lesson", body = Lesson),
        (status = 403, description = "Not a trainer of this course (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such course or lesson (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad fields", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/courses/{id}/lessons/{lesson_id}")]
pub async fn update_lesson(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(String, String)>,
    body: ValidJson<UpdateLesson>,
) -> ApiResult<web::Json<Lesson>> {
    let (id, lesson_id) = path.into_inner();
    let req = body.0;
    let urls = state.keys.urls.clone();
    let lesson = state
        .db(move |conn| {
            load_for_edit(conn, &id, &user)?;
            let mut row = find_lesson(conn, &id, &lesson_id)?;
            if let Some(t) = &req.title {
                (row.title_ar, row.title_fr, row.title_en) = t.trimmed();
            }
            if let Some(b) = &req.body {
                (row.body_ar, row.body_fr, row.body_en) = b.trimmed();
            }
            if let Some(u) = &req.url {
                row.url = Some(u.trim().to_owned()).filter(|u| !u.is_empty());
            }
            check_lesson_url(row.kind(), row.url.as_deref())?;
            if let Some(r) = req.required {
                row.required = r;
            }
            if let Some(m) = req.estimated_minutes {
                row.estimated_minutes = Some(m as i32);
            }
            row.updated_at = now();
            write_tx(conn, |conn| {
                repo::update_lesson(conn, &row)?;
                if let Some(p) = req.position {
                    let ids: Vec<String> = repo::lessons(conn, &id)?
                        .into_iter()
                        .filter(|l| l.module_id == row.module_id)
                        .map(|l| l.id)
                        .collect();
                    renumber(conn, &service::reorder(&ids, &lesson_id, p), repo::set_lesson_position)?;
                }
                Ok::<_, ApiError>(())
            })?;
            let row = find_lesson(conn, &id, &lesson_id)?;
            lesson_view(conn, &urls, &row, None, None)
        })
        .await?;
    Ok(web::Json(lesson))
}

/// Delete a lesson
#[utoipa::path(
    tag = "courses",
    params(("id" = String, Path, description = "The course id"), ("lesson_id" = String, Path, description = "The lesson id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Not a trainer of this course (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such course or lesson (`not_found`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/courses/{id}/lessons/{lesson_id}")]
pub async fn delete_lesson(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let (id, lesson_id) = path.into_inner();
    let storage = state.storage.clone();
    state
        .db(move |conn| {
            load_for_edit(conn, &id, &user)?;
            // Read inside the transaction: a video uploaded meanwhile is removed with the lesson.
            let video = write_tx(conn, |conn| {
                let row = find_lesson(conn, &id, &lesson_id)?;
                let video =
                    repo::lock_lesson_videos(conn, std::slice::from_ref(&lesson_id))?.into_iter().flatten().next();
                repo::delete_lesson(conn, &lesson_id)?;
                let ids: Vec<String> = repo::lessons(conn, &id)?
                    .into_iter()
                    .filter(|l| l.module_id == row.module_id)
                    .map(|l| l.id)
                    .collect();
                renumber(conn, &ids, repo::set_lesson_position)?;
                Ok::<_, ApiError>(video)
            })?;
            crate::media::forget(storage.as_ref(), video);
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Enrol
///
/// In a published course, with a verified email address; not past its end date or capacity.
/// Enrolling again changes nothing.
#[utoipa::path(
    tag = "courses",
    params(("id" = String, Path, description = "The course id")),
    responses(
        (status = 200, description = "Enrolled; your progress", body = Progress),
        (status = 403, description = "Your email address is not verified (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such course (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not open: archived, ended, or full (`conflict`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/courses/{id}/enrolment")]
pub async fn enrol(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> ApiResult<web::Json<Progress>> {
    let id = path.into_inner();
    let progress = state
        .db(move |conn| {
            let (_, r) = load(conn, &id, Some(&user))?;
            let lessons = repo::lessons(conn, &id)?;
            if let Some(e) = &r.enrolment {
                return learner_progress(conn, &id, e, &lessons);
            }
            if !crate::auth::repo::find_user(conn, &user.id)?.email_verified {
                return Err(ApiError::Forbidden("verify your email address before enrolling"));
            }
            let row = EnrolmentRow {
                course_id: id.clone(),
                user_id: user.id.clone(),
                enrolled_at: now(),
                completed_at: None,
                enrolled_by: None,
                association_id: None,
            };
            write_tx(conn, |conn| {
                // Read again under the lock: archived, ended or filled meanwhile, it takes nobody.
                let course = repo::lock_course(conn, &id)?;
                // A second click at the same moment finds the enrolment made: that is fine.
                if repo::enrolment(conn, &id, &user.id)?.is_some() {
                    return Ok(());
                }
                service::check_open(course.status(), course.ends_on, now().date())?;
                service::check_room(course.capacity, repo::count_enrolments(conn, &id)?, 1)?;
                match write_tx(conn, |conn| repo::insert_enrolment(conn, &row)) {
                    Err(e) if !crate::error::is_unique_violation(&e) => Err(ApiError::from(e)),
                    _ => Ok(()),
                }
            })?;
            tracing::info!(course = %id, learner = %user.id, "enrolled");
            learner_progress(conn, &id, &row, &lessons)
        })
        .await?;
    Ok(web::Json(progress))
}

/// Leave a course
///
/// Your completed lessons are kept if you enrol again.
#[utoipa::path(
    tag = "courses",
    params(("id" = String, Path, description = "The course id")),
    responses(
        (status = 204, description = "No longer enrolled"),
        (status = 404, description = "No such course, or not enrolled (`not_found`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/courses/{id}/enrolment")]
pub async fn unenrol(state: web::Data<AppState>, user: AuthUser, path: web::Path<String>) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    state
        .db(move |conn| {
            load(conn, &id, Some(&user))?;
            if repo::delete_enrolment(conn, &id, &user.id)? == 0 {
                return Err(ApiError::NotFound);
            }
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Record that the learner of `enrolment` completed `lesson_id`, and the course when every
/// required lesson is done.
pub(super) fn record_completion(
    conn: &mut DbConn,
    issuer: &crate::certificates::Issuer,
    enrolment: &mut EnrolmentRow,
    lesson_id: &str,
    lessons: &[LessonRow],
    now: NaiveDateTime,
) -> ApiResult<()> {
    let (course, user) = (enrolment.course_id.clone(), enrolment.user_id.clone());
    repo::complete(conn, lesson_id, &course, &user, now)?;
    let done: HashSet<String> = repo::completed_lessons(conn, &course, &user)?.into_iter().collect();
    // Only the request that marks the enrolment completed issues the certificate (on PostgreSQL a
    // concurrent one waits for the row and then finds it completed).
    if service::is_complete(&service::progress(lessons, &done, None))
        && enrolment.completed_at.is_none()
        && repo::set_completed(conn, &course, &user, now)? == 1
    {
        enrolment.completed_at = Some(now);
        tracing::info!(course = %course, learner = %user, "course completed");
        // The certificate comes with the completion, in the same transaction.
        let course_row = repo::find_course(conn, &course)?;
        crate::certificates::issue::issue(conn, issuer, &course_row, &user, now)?;
    }
    Ok(())
}

/// Mark a lesson completed
///
/// Enrolled learners only; a quiz is completed by passing it (409 here). The course is complete
/// once every required lesson is.
#[utoipa::path(
    tag = "courses",
    params(("id" = String, Path, description = "The course id"), ("lesson_id" = String, Path, description = "The lesson id")),
    responses(
        (status = 200, description = "Your progress in the course", body = Progress),
        (status = 403, description = "Not enrolled in this course (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such course or lesson (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The lesson is a quiz (`conflict`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/courses/{id}/lessons/{lesson_id}/complete")]
pub async fn complete_lesson(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(String, String)>,
) -> ApiResult<web::Json<Progress>> {
    let (id, lesson_id) = path.into_inner();
    let issuer = state.issuer.clone();
    let progress = state
        .db(move |conn| {
            let (_, r) = load(conn, &id, Some(&user))?;
            let Some(mut enrolment) = r.enrolment else {
                tracing::warn!(user = %user.id, course = %id, "refused: complete a lesson without enrolment");
                return Err(ApiError::Forbidden("enrol in the course to complete its lessons"));
            };
            if find_lesson(conn, &id, &lesson_id)?.kind() == LessonKind::Quiz {
                return Err(ApiError::Conflict("A quiz is completed by passing it.".into()));
            }
            let lessons = repo::lessons(conn, &id)?;
            write_tx(conn, |conn| record_completion(conn, &issuer, &mut enrolment, &lesson_id, &lessons, now()))?;
            learner_progress(conn, &id, &enrolment, &lessons)
        })
        .await?;
    Ok(web::Json(progress))
}

/// The learners of a course
///
/// Its trainers and staff: who, since when, how far.
#[utoipa::path(
    tag = "courses",
    params(("id" = String, Path, description = "The course id")),
    responses(
        (status = 200, description = "The learners, in enrolment order", body = Vec<Learner>),
        (status = 403, description = "Not a trainer of this course (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such course (`not_found`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/courses/{id}/learners")]
pub async fn list_learners(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> ApiResult<web::Json<Vec<Learner>>> {
    let id = path.into_inner();
    let list = state
        .db(move |conn| {
            load_for_edit(conn, &id, &user)?;
            let lessons = repo::lessons(conn, &id)?;
            let mut out = Vec::new();
            for (e, name) in repo::learners(conn, &id)? {
                out.push(Learner {
                    user_id: UserId(e.user_id.parse().unwrap_or_default()),
                    display_name: name,
                    enrolled_at: to_utc(e.enrolled_at),
                    progress: learner_progress(conn, &id, &e, &lessons)?,
                    enrolled_by: e.enrolled_by.as_deref().and_then(|u| u.parse().ok()).map(UserId),
                    association_id: e.association_id.clone(),
                });
            }
            Ok(out)
        })
        .await?;
    Ok(web::Json(list))
}

/// Your courses
#[utoipa::path(
    tag = "me",
    responses((status = 200, description = "The courses you are enrolled in, newest first, with your progress", body = Vec<MyCourse>)),
    security(("bearer" = []))
)]
#[get("/me/courses")]
pub async fn list_my_courses(state: web::Data<AppState>, user: AuthUser) -> ApiResult<web::Json<Vec<MyCourse>>> {
    let urls = state.keys.urls.clone();
    let list = state
        .db(move |conn| {
            let mut out = Vec::new();
            for (e, course) in repo::my_enrolments(conn, &user.id)? {
                if course.status() == CourseStatus::Draft {
                    continue;
                }
                let lessons = repo::lessons(conn, &course.id)?;
                out.push(MyCourse {
                    progress: learner_progress(conn, &course.id, &e, &lessons)?,
                    course: summary_of(conn, &urls, &course)?,
                    enrolled_at: to_utc(e.enrolled_at),
                });
            }
            Ok(out)
        })
        .await?;
    Ok(web::Json(list))
}

/// A course's figures
///
/// Its trainers and staff: learners, completion rate, and for each quiz the attempts, the learners
/// who passed, and how often each question was answered right.
#[utoipa::path(
    tag = "courses",
    params(("id" = String, Path, description = "The course id")),
    responses(
        (status = 200, description = "The figures", body = CourseStats),
        (status = 403, description = "Not a trainer of this course (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such course (`not_found`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/courses/{id}/stats")]
pub async fn course_stats(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> ApiResult<web::Json<CourseStats>> {
    let id = path.into_inner();
    let stats = state
        .db(move |conn| {
            load_for_edit(conn, &id, &user)?;
            let lessons = repo::lessons(conn, &id)?;
            super::quizzes::stats(conn, &id, &lessons)
        })
        .await?;
    Ok(web::Json(stats))
}

/// The learners as CSV
///
/// Its trainers and staff: one row per learner with their progress (UTF-8, RFC 4180).
#[utoipa::path(
    tag = "courses",
    params(("id" = String, Path, description = "The course id")),
    responses(
        (status = 200, description = "The learners, as an attachment", content((String = "text/csv", example = "name,enrolled_at,completed_lessons,total_lessons,percent,completed_at\r\n"))),
        (status = 403, description = "Not a trainer of this course (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such course (`not_found`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/courses/{id}/learners/export")]
pub async fn export_learners(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let csv = state
        .db(move |conn| {
            load_for_edit(conn, &id, &user)?;
            let lessons = repo::lessons(conn, &id)?;
            let mut out = String::from("name,enrolled_at,completed_lessons,total_lessons,percent,completed_at\r\n");
            for (e, name) in repo::learners(conn, &id)? {
                let p = learner_progress(conn, &id, &e, &lessons)?;
                let at = |t: NaiveDateTime| t.and_utc().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
                let cells = [
                    crate::csv::text_field(&name),
                    at(e.enrolled_at),
                    p.completed_lessons.to_string(),
                    p.total_lessons.to_string(),
                    p.percent.to_string(),
                    e.completed_at.map(at).unwrap_or_default(),
                ];
                out.push_str(&cells.join(","));
                out.push_str("\r\n");
            }
            Ok(out)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(("content-disposition", "attachment; filename=\"learners.csv\""))
        .body(csv))
}
