//! Accounts and sessions: registration, login, token refresh and logout, email verification and
//! password reset. Passwords, tokens and the `AuthUser` extractor live here too.

pub mod extract;
mod password_reset;
pub mod passwords;
mod registration;
pub mod repo;
pub mod rows;
pub mod service;
mod sessions;
pub mod tokens;

pub use extract::AuthUser;

/// Whether the (possibly anonymous) viewer is observatory staff or an administrator.
pub fn is_staff(user: Option<&AuthUser>) -> bool {
    user.is_some_and(|u| u.role.is_staff())
}

pub const REFRESH_COOKIE: &str = "madani_refresh";
pub const REFRESH_COOKIE_PATH: &str = "/api/v1/auth";

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(registration::register)
        .service(sessions::login)
        .service(sessions::refresh)
        .service(sessions::logout)
        .service(registration::verify_email)
        .service(registration::resend_verification)
        .service(password_reset::request_password_reset)
        .service(password_reset::confirm_password_reset);
}
