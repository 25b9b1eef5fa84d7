//! Circles: thematic groups of reflection and exchange (open, on request or by invitation) with
//! moderators, members and read-only observers; their threads of posts, replies, pins, answers,
//! @mentions, search, and moderation as in consultations (reports, hiding at three, a queue, the
//! audit log). Each change reaches the circle's members' sockets through [`crate::realtime`].

mod access;
mod files;
mod handlers;
mod repo;
mod rows;
mod service;
mod threads;

/// Whether `a` and `b` share a circle (both in it, not merely asking): they may message each other.
pub fn share_circle(conn: &mut crate::db::DbConn, a: &str, b: &str) -> diesel::QueryResult<bool> {
    repo::share_circle(conn, a, b)
}

/// What the demo seed calls: the same rules as over HTTP.
pub mod demo {
    pub use super::service::circles::create;
    pub use super::service::files::record;
    pub use super::service::members::{invite, join};
    pub use super::service::posts::reply;
    pub use super::service::threads::{mark_answer, start};
}

/// Remove uploads no post took within a day, and those of deleted posts; their keys.
pub use service::files::sweep as sweep_attachments;

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::list_circles)
        .service(handlers::create_circle)
        .service(handlers::get_circle)
        .service(handlers::update_circle)
        .service(handlers::join_circle)
        .service(handlers::list_circle_members)
        .service(handlers::change_circle_role)
        .service(handlers::remove_circle_member)
        .service(handlers::list_circle_pending)
        .service(handlers::decide_circle_request)
        .service(handlers::invite_to_circle)
        .service(threads::list_threads)
        .service(threads::start_thread)
        .service(threads::get_thread)
        .service(threads::update_thread)
        .service(threads::mark_thread_answer)
        .service(threads::list_posts)
        .service(threads::reply_in_thread)
        .service(threads::update_post)
        .service(threads::delete_post)
        .service(threads::report_post)
        .service(threads::circle_moderation_queue)
        .service(threads::decide_circle_moderation)
        .service(files::upload_circle_attachment)
        .service(files::get_circle_attachment);
}
