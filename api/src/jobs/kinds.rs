//! The kinds of job and what each does.

use serde::{Deserialize, Serialize};

use super::Context;
use crate::db::DbConn;
use crate::error::ApiResult;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Job {
    /// Someone asked for a password reset link for `email`: send one if it has an active account.
    PasswordReset { email: String },
    /// Someone tried to register `email`, which already has an account: tell its owner.
    RegistrationAttempt { email: String },
    /// Email the notification `notification_id` to its recipient, as their settings say.
    NotificationEmail { notification_id: String },
    /// The member's morning: email every notification waiting for their `daily` or `weekly` digest.
    NotificationDigest { user_id: String, frequency: String },
    /// A consultation opens (at its `opens_at`): tell the officers of the associations it targets.
    ConsultationOpened { consultation_id: String },
    /// Two days before a consultation closes: remind those who have not answered.
    ConsultationClosing { consultation_id: String },
    /// A consultation's results are published: tell those who answered.
    ConsultationResults { consultation_id: String },
    /// The morning after reports came in: tell a consultation's moderators how many wait.
    ModerationSummary { consultation_id: String },
}

impl Job {
    pub fn kind(&self) -> &'static str {
        match self {
            Job::PasswordReset { .. } => "password_reset",
            Job::RegistrationAttempt { .. } => "registration_attempt",
            Job::NotificationEmail { .. } => "notification_email",
            Job::NotificationDigest { .. } => "notification_digest",
            Job::ConsultationOpened { .. } => "consultation_opened",
            Job::ConsultationClosing { .. } => "consultation_closing",
            Job::ConsultationResults { .. } => "consultation_results",
            Job::ModerationSummary { .. } => "moderation_summary",
        }
    }

    pub fn run(&self, conn: &mut DbConn, ctx: &Context) -> ApiResult<()> {
        match self {
            Job::PasswordReset { email } => crate::auth::service::send_password_reset(conn, email, &ctx.public_url),
            Job::RegistrationAttempt { email } => {
                crate::auth::service::tell_owner_of_registration_attempt(conn, email, &ctx.public_url)
            }
            Job::NotificationEmail { notification_id } => crate::notifications::email::send(conn, notification_id, ctx),
            Job::NotificationDigest { user_id, frequency } => {
                crate::notifications::digest::send(conn, user_id, frequency, ctx)
            }
            Job::ConsultationOpened { consultation_id } => {
                crate::consultations::service::notices::opened(conn, consultation_id)
            }
            Job::ConsultationClosing { consultation_id } => {
                crate::consultations::service::notices::closing(conn, consultation_id)
            }
            Job::ConsultationResults { consultation_id } => {
                crate::consultations::service::notices::results(conn, consultation_id)
            }
            Job::ModerationSummary { consultation_id } => {
                crate::consultations::service::moderation::summary(conn, consultation_id)
            }
        }
    }
}
