//! Capacity-building courses: the catalog, course authoring by trainers (modules → lessons),
//! covers, uploaded videos and their captions, enrolment (by learners themselves or by their
//! association's officers) and each learner's progress.

pub(crate) mod access;
mod captions;
mod catalog;
mod enrolments;
mod learning;
mod lessons;
mod media;
mod outline;
mod quizzes;
pub mod repo;
pub mod rows;
pub mod service;
mod stats;
mod trainers;

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(catalog::list_courses)
        .service(catalog::create_course)
        .service(catalog::get_course)
        .service(catalog::update_course)
        .service(media::upload_course_cover)
        .service(media::delete_course_cover)
        .service(media::get_course_cover)
        .service(trainers::add_trainer)
        .service(trainers::remove_trainer)
        .service(outline::create_module)
        .service(outline::update_module)
        .service(outline::delete_module)
        .service(lessons::create_lesson)
        .service(lessons::get_lesson)
        .service(lessons::update_lesson)
        .service(lessons::delete_lesson)
        .service(media::upload_lesson_video)
        .service(media::delete_lesson_video)
        .service(media::get_lesson_video)
        .service(media::head_lesson_video)
        .service(captions::upload_lesson_captions)
        .service(captions::delete_lesson_captions)
        .service(captions::get_lesson_captions)
        .service(learning::enrol)
        .service(learning::unenrol)
        .service(enrolments::enrol_members)
        .service(learning::complete_lesson)
        .service(stats::export_learners)
        .service(stats::list_learners)
        .service(stats::course_stats)
        .service(learning::list_my_courses)
        .service(quizzes::put_quiz)
        .service(quizzes::get_quiz)
        .service(quizzes::start_attempt)
        .service(quizzes::submit_attempt)
        .service(quizzes::list_attempts);
}
