//! Handlers of lessons: `/courses/{id}/modules/{module_id}/lessons`, `/courses/{id}/lessons/{lesson_id}`.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use madani_shared::Problem;
use madani_shared::courses::*;
use madani_shared::ids::{CourseId, LessonId, ModuleId};

use super::{access, service};
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::http::ValidJson;
use crate::openapi::errors::{Errors, NotEnrolled, NotFound, NotTrainer};
use crate::state::{Answer, State};

/// Add a lesson
///
/// At the end of the module. Text lessons have a Markdown `body`; resources and links a `url`;
/// videos a `url` (YouTube, Vimeo, Dailymotion) or, without one, a file uploaded afterwards with
/// `POST …/lessons/{lesson_id}/video`.
#[utoipa::path(tag = "courses", params(("id" = CourseId, Path, description = "The course id"), ("module_id" = ModuleId, Path, description = "The module id")), request_body = CreateLesson, responses((status = 201, description = "Added", body = Lesson), (status = 422, description = "Bad fields (`url` missing or not an allowed video host)", body = Problem, content_type = "application/problem+json"), Errors<(NotTrainer, NotFound)>), security(("bearer" = [])))]
#[post("/courses/{id}/modules/{module_id}/lessons")]
pub async fn create_lesson(
    state: State,
    user: AuthUser,
    path: web::Path<(CourseId, ModuleId)>,
    body: ValidJson<CreateLesson>,
) -> ApiResult<HttpResponse> {
    let (id, module_id) = path.into_inner();
    let (id, module_id) = (id.to_string(), module_id.to_string());
    let req = body.0;
    let url = service::lessons::checked_url(req.kind, req.url.as_deref())?;
    let urls = state.keys.urls.clone();
    let lesson = state
        .db(move |conn| {
            let course = access::require_trainer(conn, &id, &user)?;
            service::lessons::create(conn, (&urls, &user.id), &course, &module_id, req, url)
        })
        .await?;
    Ok(HttpResponse::Created().json(lesson))
}

/// A lesson
///
/// For the course's learners, trainers and staff (403 for others who can see the course). A video
/// lesson with an uploaded file carries `video.url`, signed for this reader and good for two hours.
#[utoipa::path(tag = "courses", params(("id" = CourseId, Path, description = "The course id"), ("lesson_id" = LessonId, Path, description = "The lesson id")), responses((status = 200, description = "The lesson", body = Lesson), Errors<(NotEnrolled, NotFound)>), security(("bearer" = [])))]
#[get("/courses/{id}/lessons/{lesson_id}")]
pub async fn get_lesson(state: State, user: AuthUser, path: web::Path<(CourseId, LessonId)>) -> Answer<Lesson> {
    let (id, lesson_id) = path.into_inner();
    let (id, lesson_id) = (id.to_string(), lesson_id.to_string());
    let urls = state.keys.urls.clone();
    let lesson = state
        .db(move |conn| {
            let loaded = access::load(conn, &id, Some(&user))?;
            service::lessons::read(conn, &urls, loaded, &user, &lesson_id)
        })
        .await?;
    Ok(web::Json(lesson))
}

/// Change or move a lesson
#[utoipa::path(tag = "courses", params(("id" = CourseId, Path, description = "The course id"), ("lesson_id" = LessonId, Path, description = "The lesson id")), request_body = Option<UpdateLesson>, responses((status = 200, description = "The lesson", body = Lesson), Errors<(NotTrainer, NotFound)>), security(("bearer" = [])))]
#[patch("/courses/{id}/lessons/{lesson_id}")]
pub async fn update_lesson(
    state: State,
    user: AuthUser,
    path: web::Path<(CourseId, LessonId)>,
    body: ValidJson<UpdateLesson>,
) -> Answer<Lesson> {
    let (id, lesson_id) = path.into_inner();
    let (id, lesson_id) = (id.to_string(), lesson_id.to_string());
    let req = body.0;
    let urls = state.keys.urls.clone();
    let lesson = state
        .db(move |conn| {
            let course = access::require_trainer(conn, &id, &user)?;
            service::lessons::update(conn, (&urls, &user.id), &course, &lesson_id, req)
        })
        .await?;
    Ok(web::Json(lesson))
}

/// Delete a lesson
#[utoipa::path(tag = "courses", params(("id" = CourseId, Path, description = "The course id"), ("lesson_id" = LessonId, Path, description = "The lesson id")), responses((status = 204, description = "Deleted"), Errors<(NotTrainer, NotFound)>), security(("bearer" = [])))]
#[delete("/courses/{id}/lessons/{lesson_id}")]
pub async fn delete_lesson(
    state: State,
    user: AuthUser,
    path: web::Path<(CourseId, LessonId)>,
) -> ApiResult<HttpResponse> {
    let (id, lesson_id) = path.into_inner();
    let (id, lesson_id) = (id.to_string(), lesson_id.to_string());
    let storage = state.storage.clone();
    state
        .db(move |conn| {
            let course = access::require_trainer(conn, &id, &user)?;
            service::lessons::delete(conn, storage.as_ref(), &course, &lesson_id)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
