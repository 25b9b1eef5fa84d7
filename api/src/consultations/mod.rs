//! Consultations: an institution asks (a questionnaire with display conditions), associations (one
//! mandated answer each) or members answer while it is open, and the results — kept as running
//! tallies — are public once published.

pub mod access;
mod answers;
pub mod cache;
mod comments;
mod lifecycle;
mod moderation;
mod proposals;
pub mod repo;
mod results;
pub mod rows;
pub mod service;
mod states;

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(lifecycle::list_consultations)
        .service(lifecycle::create_consultation)
        .service(lifecycle::get_consultation)
        .service(lifecycle::update_consultation)
        .service(lifecycle::put_questionnaire)
        .service(lifecycle::publish_consultation)
        .service(lifecycle::close_consultation)
        .service(lifecycle::publish_results)
        .service(answers::get_my_answer)
        .service(answers::save_answer_draft)
        .service(answers::submit_answer)
        .service(results::get_results)
        .service(results::export_results)
        .service(results::list_text_answers)
        .service(results::moderate_text_answer)
        .service(results::export_answers)
        .service(states::list_proposal_states)
        .service(states::put_proposal_state)
        .service(states::delete_proposal_state)
        .service(proposals::list_proposals)
        .service(proposals::create_proposal)
        .service(proposals::get_proposal)
        .service(proposals::update_proposal)
        .service(proposals::support_proposal)
        .service(proposals::withdraw_support)
        .service(proposals::answer_proposal)
        .service(proposals::route_proposal)
        .service(comments::list_comments)
        .service(comments::create_comment)
        .service(comments::update_comment)
        .service(comments::delete_comment)
        .service(comments::report_proposal)
        .service(comments::report_comment)
        .service(moderation::moderation_queue)
        .service(moderation::decide_moderation)
        .service(moderation::list_blocks)
        .service(moderation::block_from_consultation)
        .service(moderation::unblock_from_consultation);
}
