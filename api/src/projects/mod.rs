//! Projects: led by an association with partner associations and institutions; weighted
//! milestones, updates for followers; activities on the shared calendar with registrations and
//! iCalendar feeds; indicators; an IATI export.

pub mod access;
mod activities;
mod calendar;
pub mod calendar_index;
pub mod ical;
mod indicators;
mod lifecycle;
mod media;
mod milestones;
pub mod repo;
pub mod rows;
pub mod service;

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(lifecycle::list_projects)
        .service(lifecycle::create_project)
        .service(lifecycle::list_association_projects)
        .service(lifecycle::get_project)
        .service(lifecycle::update_project)
        .service(lifecycle::follow_project)
        .service(lifecycle::unfollow_project)
        .service(media::upload_project_cover)
        .service(media::delete_project_cover)
        .service(media::get_project_cover)
        .service(milestones::create_milestone)
        .service(milestones::update_milestone)
        .service(milestones::delete_milestone)
        .service(milestones::list_updates)
        .service(milestones::post_update)
        .service(indicators::list_indicators)
        .service(indicators::create_indicator)
        .service(indicators::update_indicator)
        .service(indicators::delete_indicator)
        .service(indicators::report_actual)
        .service(indicators::delete_actual)
        .service(indicators::rollup)
        .service(indicators::iati_xml)
        .service(indicators::iati_json)
        .service(activities::list_activities)
        .service(activities::create_activity)
        .service(activities::get_activity)
        .service(activities::update_activity)
        .service(activities::cancel_activity)
        .service(activities::register_for_activity)
        .service(activities::cancel_registration)
        .service(activities::list_registrants)
        .service(calendar::network_calendar)
        .service(calendar::my_calendar)
        .service(calendar::personal_feed_status)
        .service(calendar::reset_personal_feed)
        .service(calendar::network_feed)
        .service(calendar::association_feed)
        .service(calendar::project_feed)
        .service(calendar::personal_feed);
}
