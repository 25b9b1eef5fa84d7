//! Accounts and sessions: registration, login, token refresh and logout, email verification and
//! password reset. Passwords, tokens and the `AuthUser` extractor live here too.

pub mod extract;
mod handlers;
pub mod passwords;
pub mod repo;
pub mod rows;
pub mod service;
pub mod tokens;

pub use extract::AuthUser;

/// Whether the (possibly anonymous) viewer is observatory staff or an administrator.
pub fn is_staff(user: Option<&AuthUser>) -> bool {
    user.is_some_and(|u| u.role.is_staff())
}

pub const REFRESH_COOKIE: &str = "madani_refresh";
pub const REFRESH_COOKIE_PATH: &str = "/api/v1/auth";

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::register)
        .service(handlers::login)
        .service(handlers::refresh)
        .service(handlers::logout)
        .service(handlers::verify_email)
        .service(handlers::resend_verification)
        .service(handlers::request_password_reset)
        .service(handlers::confirm_password_reset);
}
