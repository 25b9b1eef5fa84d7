//! Capacity-building courses: the catalog, course authoring by trainers (modules → lessons),
//! covers and uploaded videos, enrolment (by learners themselves or by their association's
//! officers) and each learner's progress.

mod enrolments;
mod handlers;
mod media;
mod quizzes;
pub mod repo;
pub mod rows;
pub mod service;

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::list_courses)
        .service(handlers::create_course)
        .service(handlers::get_course)
        .service(handlers::update_course)
        .service(media::upload_course_cover)
        .service(media::delete_course_cover)
        .service(media::get_course_cover)
        .service(handlers::add_trainer)
        .service(handlers::remove_trainer)
        .service(handlers::create_module)
        .service(handlers::update_module)
        .service(handlers::delete_module)
        .service(handlers::create_lesson)
        .service(handlers::get_lesson)
        .service(handlers::update_lesson)
        .service(handlers::delete_lesson)
        .service(media::upload_lesson_video)
        .service(media::delete_lesson_video)
        .service(media::get_lesson_video)
        .service(media::head_lesson_video)
        .service(handlers::enrol)
        .service(handlers::unenrol)
        .service(enrolments::enrol_members)
        .service(handlers::complete_lesson)
        .service(handlers::export_learners)
        .service(handlers::list_learners)
        .service(handlers::course_stats)
        .service(handlers::list_my_courses)
        .service(quizzes::put_quiz)
        .service(quizzes::get_quiz)
        .service(quizzes::start_attempt)
        .service(quizzes::submit_attempt)
        .service(quizzes::list_attempts);
}
