//! `/circles/{id}/threads`, `/threads/{id}`, its posts, `/posts/{id}` and the moderation queue.

use actix_web::{HttpResponse, delete, get, patch, post, put, web};
use madani_shared::Page;
use madani_shared::circles::*;
use madani_shared::consultations::CreateReport;
use madani_shared::ids::{CircleId, PostId, ThreadId};
use madani_shared::page::PageQuery;

use super::service::{moderation, posts, threads as service};
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::http::{ValidJson, ValidQuery};
use crate::openapi::errors::{
    AlreadyReported, CircleReadOnly, Conflict, Errors, NotAQuestion, NotAuthor, NotCircleMember, NotCircleModerator,
    NotFound, PostLocked, TooManyRequests,
};
use crate::state::{Answer, State};

/// A circle's threads
///
/// Pinned first, then the latest active. `q` keeps the threads whose title or a live post has a
/// word starting with each of its words (accents and Arabic diacritics ignored).
#[utoipa::path(tag = "circles", params(("id" = CircleId, Path, description = "The circle id"), ThreadsQuery), responses((status = 200, description = "A page of threads", body = ThreadPage), Errors<(NotFound, NotCircleMember)>), security((), ("bearer" = [])))]
#[get("/circles/{id}/threads")]
pub async fn list_threads(
    state: State,
    user: Option<AuthUser>,
    path: web::Path<CircleId>,
    query: ValidQuery<ThreadsQuery>,
) -> Answer<ThreadPage> {
    let (id, q) = (path.into_inner().to_string(), query.0);
    Ok(web::Json(state.db(move |conn| service::list(conn, user.as_ref(), &id, &q)).await?))
}

/// Start a thread
///
/// Moderators and members (observers read only), at most 20 threads an hour. The members
/// mentioned are told.
#[utoipa::path(tag = "circles", params(("id" = CircleId, Path, description = "The circle id")), request_body = NewThread, responses((status = 201, description = "The thread", body = ThreadView), Errors<(NotFound, NotCircleMember, CircleReadOnly, TooManyRequests)>), security(("bearer" = [])))]
#[post("/circles/{id}/threads")]
pub async fn start_thread(
    state: State,
    user: AuthUser,
    path: web::Path<CircleId>,
    body: ValidJson<NewThread>,
) -> ApiResult<HttpResponse> {
    let (id, req) = (path.into_inner().to_string(), body.0);
    let thread = state.db(move |conn| service::start(conn, &user, &id, &req)).await?;
    Ok(HttpResponse::Created().json(thread))
}

/// A thread
#[utoipa::path(tag = "circles", params(("id" = ThreadId, Path, description = "The thread id")), responses((status = 200, description = "The thread", body = ThreadView), Errors<(NotFound, NotCircleMember)>), security((), ("bearer" = [])))]
#[get("/threads/{id}")]
pub async fn get_thread(state: State, user: Option<AuthUser>, path: web::Path<ThreadId>) -> Answer<ThreadView> {
    let id = path.into_inner().to_string();
    Ok(web::Json(state.db(move |conn| service::get(conn, user.as_ref(), &id)).await?))
}

/// Change a thread
///
/// Its title: its author in its first 30 minutes, or a moderator. Pinned or not: a moderator.
#[utoipa::path(tag = "circles", params(("id" = ThreadId, Path, description = "The thread id")), request_body = Option<ThreadChange>, responses((status = 200, description = "The thread", body = ThreadView), Errors<(NotFound, NotAuthor, NotCircleModerator, PostLocked)>), security(("bearer" = [])))]
#[patch("/threads/{id}")]
pub async fn update_thread(
    state: State,
    user: AuthUser,
    path: web::Path<ThreadId>,
    body: ValidJson<ThreadChange>,
) -> Answer<ThreadView> {
    let (id, req) = (path.into_inner().to_string(), body.0);
    Ok(web::Json(state.db(move |conn| service::update(conn, &user, &id, &req)).await?))
}

/// Mark a question's answer
///
/// The thread's author or a moderator marks a reply as the answer (`post_id`), or unmarks
/// (`null`); its author is told.
#[utoipa::path(tag = "circles", params(("id" = ThreadId, Path, description = "The thread id")), request_body = Option<MarkAnswer>, responses((status = 200, description = "The thread", body = ThreadView), Errors<(NotFound, NotAuthor, NotAQuestion)>), security(("bearer" = [])))]
#[put("/threads/{id}/answer")]
pub async fn mark_thread_answer(
    state: State,
    user: AuthUser,
    path: web::Path<ThreadId>,
    body: ValidJson<MarkAnswer>,
) -> Answer<ThreadView> {
    let (id, req) = (path.into_inner().to_string(), body.0);
    Ok(web::Json(state.db(move |conn| service::mark_answer(conn, &user, &id, &req)).await?))
}

/// A thread's posts
///
/// Oldest first. A deleted post keeps its place without its text; a hidden one shows its text to
/// moderators only.
#[utoipa::path(tag = "circles", params(("id" = ThreadId, Path, description = "The thread id"), PageQuery), responses((status = 200, description = "A page of posts", body = Page<CirclePost>), Errors<(NotFound, NotCircleMember)>), security((), ("bearer" = [])))]
#[get("/threads/{id}/posts")]
pub async fn list_posts(
    state: State,
    user: Option<AuthUser>,
    path: web::Path<ThreadId>,
    query: ValidQuery<PageQuery>,
) -> Answer<Page<CirclePost>> {
    let (id, q) = (path.into_inner().to_string(), query.0);
    Ok(web::Json(state.db(move |conn| posts::list(conn, user.as_ref(), &id, &q)).await?))
}

/// Reply in a thread
///
/// Moderators and members, at most 30 replies a minute. The thread's author, the author replied
/// to and the members mentioned are told.
#[utoipa::path(tag = "circles", params(("id" = ThreadId, Path, description = "The thread id")), request_body = NewPost, responses((status = 201, description = "The post", body = CirclePost), Errors<(NotFound, NotCircleMember, CircleReadOnly, TooManyRequests)>), security(("bearer" = [])))]
#[post("/threads/{id}/posts")]
pub async fn reply_in_thread(
    state: State,
    user: AuthUser,
    path: web::Path<ThreadId>,
    body: ValidJson<NewPost>,
) -> ApiResult<HttpResponse> {
    let (id, req) = (path.into_inner().to_string(), body.0);
    let post = state.db(move |conn| posts::reply(conn, &user, &id, &req)).await?;
    Ok(HttpResponse::Created().json(post))
}

/// Change your post
///
/// Its author, in its first 30 minutes (409 `post_locked` after, or once deleted or hidden).
#[utoipa::path(tag = "circles", params(("id" = PostId, Path, description = "The post id")), request_body = EditPost, responses((status = 200, description = "The post", body = CirclePost), Errors<(NotFound, NotAuthor, PostLocked)>), security(("bearer" = [])))]
#[patch("/posts/{id}")]
pub async fn update_post(
    state: State,
    user: AuthUser,
    path: web::Path<PostId>,
    body: ValidJson<EditPost>,
) -> Answer<CirclePost> {
    let (id, req) = (path.into_inner().to_string(), body.0);
    Ok(web::Json(state.db(move |conn| posts::edit(conn, &user, &id, &req)).await?))
}

/// Delete a post
///
/// Its author or a moderator: a tombstone keeps its place. Deleting it again changes nothing.
#[utoipa::path(tag = "circles", params(("id" = PostId, Path, description = "The post id")), responses((status = 200, description = "The tombstone", body = CirclePost), Errors<(NotFound, NotAuthor)>), security(("bearer" = [])))]
#[delete("/posts/{id}")]
pub async fn delete_post(state: State, user: AuthUser, path: web::Path<PostId>) -> Answer<CirclePost> {
    let id = path.into_inner().to_string();
    Ok(web::Json(state.db(move |conn| posts::delete(conn, &user, &id)).await?))
}

/// Report a post
///
/// Once per person (409 `already_reported`), not your own (409 `conflict`); the third report hides
/// it until a moderator decides.
#[utoipa::path(tag = "circles", params(("id" = PostId, Path, description = "The post id")), request_body = CreateReport, responses((status = 204, description = "Reported"), Errors<(NotFound, NotCircleMember, AlreadyReported, Conflict)>), security(("bearer" = [])))]
#[post("/posts/{id}/reports")]
pub async fn report_post(
    state: State,
    user: AuthUser,
    path: web::Path<PostId>,
    body: ValidJson<CreateReport>,
) -> ApiResult<HttpResponse> {
    let (id, req) = (path.into_inner().to_string(), body.0);
    state.db(move |conn| moderation::report(conn, &user, &id, &req)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A circle's moderation queue
///
/// For its moderators: reported posts (`pending`, the default), hidden ones, or all.
#[utoipa::path(tag = "circles", params(("id" = CircleId, Path, description = "The circle id"), CircleModerationQuery), responses((status = 200, description = "A page of reported or hidden posts", body = Page<CircleModerationItem>), Errors<(NotFound, NotCircleModerator)>), security(("bearer" = [])))]
#[get("/circles/{id}/moderation")]
pub async fn circle_moderation_queue(
    state: State,
    user: AuthUser,
    path: web::Path<CircleId>,
    query: ValidQuery<CircleModerationQuery>,
) -> Answer<Page<CircleModerationItem>> {
    let (id, q) = (path.into_inner().to_string(), query.0);
    Ok(web::Json(state.db(move |conn| moderation::queue(conn, &user, &id, &q)).await?))
}

/// Decide on a reported post
///
/// Hide it (its author is told the reason), restore it, or dismiss its reports; audited.
#[utoipa::path(tag = "circles", params(("id" = CircleId, Path, description = "The circle id")), request_body = CircleModerationDecision, responses((status = 200, description = "The post after the decision", body = CircleModerationItem), Errors<(NotFound, NotCircleModerator)>), security(("bearer" = [])))]
#[post("/circles/{id}/moderation")]
pub async fn decide_circle_moderation(
    state: State,
    user: AuthUser,
    path: web::Path<CircleId>,
    body: ValidJson<CircleModerationDecision>,
) -> Answer<CircleModerationItem> {
    let (id, req) = (path.into_inner().to_string(), body.0);
    Ok(web::Json(state.db(move |conn| moderation::decide(conn, &user, &id, &req)).await?))
}
