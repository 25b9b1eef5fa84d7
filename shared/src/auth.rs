//! Accounts and sessions: registration, login, tokens, the member's own account, and account administration.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use validator::{Validate, ValidationError};

use crate::ids::{SessionId, UserId};
use crate::page::PageQuery;
use crate::text::Language;

/// A platform-wide role. Roles inside an association are separate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A person using Madani for their associations.
    #[default]
    Member,
    /// Institution staff (observatory, ministry, youth council): verification, consultations, figures.
    Observatory,
    /// Platform administrator.
    Admin,
}

impl Role {
    /// Observatory staff and administrators: they verify, import, revoke and write courses.
    pub const STAFF: &'static [Role] = &[Role::Observatory, Role::Admin];

    pub fn is_staff(self) -> bool {
        Role::STAFF.contains(&self)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Member => "member",
            Role::Observatory => "observatory",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "member" => Some(Role::Member),
            "observatory" => Some(Role::Observatory),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

/// How the refresh token travels. Browsers use `cookie` (HttpOnly, never readable by scripts);
/// other clients use `body`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TokenTransport {
    #[default]
    Body,
    Cookie,
}

/// An email address as browsers accept it in `<input type=email>` (the WHATWG rule: internationalized
/// domains in their `xn--` form). Written out rather than with a regex so the web app stays small.
pub fn is_valid_email(value: &str) -> bool {
    let Some((local, domain)) = value.rsplit_once('@') else { return false };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && local.chars().all(|c| c.is_ascii_alphanumeric() || ".!#$%&'*+/=?^_`{|}~-".contains(c));
    let label_ok = |label: &str| {
        !label.is_empty()
            && label.chars().count() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    local_ok && domain.len() <= 253 && domain.contains('.') && domain.split('.').all(label_ok)
}

pub(crate) fn email(value: &str) -> Result<(), ValidationError> {
    if is_valid_email(value) {
        Ok(())
    } else {
        Err(ValidationError::new("email").with_message("must be a valid email address".into()))
    }
}

pub(crate) fn not_blank(value: &str) -> Result<(), ValidationError> {
    if value.trim().is_empty() {
        return Err(ValidationError::new("required").with_message("must not be blank".into()));
    }
    Ok(())
}

/// Create an account. A verification email is sent to `email`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "email": "amina@example.org", "password": "olive tree by the sea", "display_name": "Amina B.", "preferred_language": "ar"
})))]
pub struct RegisterRequest {
    #[validate(custom(function = "email"), length(max = 254))]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::email))]
    pub email: String,
    /// 8 to 128 characters; any characters; not one of the most common passwords.
    #[validate(length(min = 8, max = 128))]
    #[cfg_attr(feature = "openapi", schema(min_length = 8, max_length = 128, format = Password))]
    pub password: String,
    #[validate(length(min = 1, max = 100), custom(function = "not_blank"))]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::display_name))]
    pub display_name: String,
    pub preferred_language: Language,
}

/// Sign in with email and password.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "email": "amina@example.org", "password": "olive tree by the sea", "transport": "body"
})))]
pub struct LoginRequest {
    #[validate(length(min = 1, max = 254))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 254))]
    pub email: String,
    #[validate(length(min = 1, max = 1024))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 1024, format = Password))]
    pub password: String,
    /// Where to put the refresh token (default `body`).
    #[serde(default)]
    pub transport: TokenTransport,
}

/// Exchange a refresh token for a new access token and a new refresh token. The token comes from
/// this body or, when `refresh_token` is absent, from the `madani_refresh` cookie.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefreshRequest {
    #[validate(length(min = 1, max = 200))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub refresh_token: Option<String>,
}

/// End the session the refresh token belongs to (body or cookie, as for refresh).
pub type LogoutRequest = RefreshRequest;

/// Issued at login and refresh.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "access_token": "eyJhbGciOiJIUzI1NiIsImtpZCI6IjNmYTIiLCJ0eXAiOiJKV1QifQ…",
    "token_type": "Bearer", "expires_in": 900,
    "refresh_token": "rt_9c1d…", "refresh_expires_in": 2592000,
    "session_id": "01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e7a",
    "user": {"id": "01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e7a", "email": "amina@example.org", "email_verified": true,
             "display_name": "Amina B.", "preferred_language": "ar", "role": "member",
             "created_at": "2026-11-21T09:00:00Z"}
})))]
pub struct TokenResponse {
    /// A JWT for `Authorization: Bearer …`; short-lived.
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    /// Present with `transport: body`; with `cookie` it is in an HttpOnly cookie instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// Seconds until the refresh token expires (it is rotated on every use).
    pub refresh_expires_in: i64,
    pub session_id: SessionId,
    pub user: User,
}

/// The signed-in member's account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": "01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e7a", "email": "amina@example.org", "email_verified": true,
    "display_name": "Amina B.", "preferred_language": "ar", "role": "member", "created_at": "2026-11-21T09:00:00Z"
})))]
pub struct User {
    pub id: UserId,
    pub email: String,
    pub email_verified: bool,
    pub display_name: String,
    pub preferred_language: Language,
    pub role: Role,
    pub created_at: DateTime<Utc>,
}

/// Change your own profile. Absent fields stay as they are; other fields (`role`, `email_verified`, …)
/// are ignored.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"display_name": "Amina Benali", "preferred_language": "fr"})))]
pub struct UpdateMeRequest {
    #[validate(length(min = 1, max = 100), custom(function = "not_blank"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::display_name_or_null))]
    pub display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_language: Option<Language>,
}

/// Change your password; every other session is signed out.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"current_password": "olive tree by the sea", "new_password": "a longer walk to the harbour"})))]
pub struct ChangePasswordRequest {
    #[validate(length(min = 1, max = 1024))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 1024, format = Password))]
    pub current_password: String,
    #[validate(length(min = 8, max = 128))]
    #[cfg_attr(feature = "openapi", schema(min_length = 8, max_length = 128, format = Password))]
    pub new_password: String,
}

/// Delete your account and its personal data, confirmed with your password.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeleteAccountRequest {
    #[validate(length(min = 1, max = 1024))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 1024, format = Password))]
    pub password: String,
}

/// Confirm an email address with the token from the verification email.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VerifyEmailRequest {
    #[validate(length(min = 1, max = 200))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub token: String,
}

/// Ask for a password reset link. The answer is the same whether or not the address has an account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordResetRequest {
    #[validate(custom(function = "email"), length(max = 254))]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::email))]
    pub email: String,
}

/// Set a new password with the token from the reset email; every session is signed out.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordResetConfirmRequest {
    #[validate(length(min = 1, max = 200))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub token: String,
    #[validate(length(min = 8, max = 128))]
    #[cfg_attr(feature = "openapi", schema(min_length = 8, max_length = 128, format = Password))]
    pub new_password: String,
}

/// A signed-in device or client.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": "01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e7a", "created_at": "2026-11-21T09:00:00Z",
    "last_used_at": "2026-11-21T10:30:00Z", "expires_at": "2026-12-21T10:30:00Z",
    "user_agent": "Mozilla/5.0 (Android 14; Mobile)", "ip": "197.112.4.20", "current": true
})))]
pub struct Session {
    pub id: SessionId,
    pub created_at: DateTime<Utc>,
    pub last_used_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub user_agent: Option<String>,
    pub ip: Option<String>,
    /// The session the request was made with.
    pub current: bool,
}

/// One login attempt on the account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginAttempt {
    pub at: DateTime<Utc>,
    pub ip: String,
    pub succeeded: bool,
}

/// Everything Madani holds about the member (right of access and portability).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountExport {
    pub exported_at: DateTime<Utc>,
    pub account: User,
    pub sessions: Vec<Session>,
    pub login_attempts: Vec<LoginAttempt>,
    /// Your member profile, the associations you follow and your connections.
    #[serde(default)]
    pub network: crate::network::NetworkExport,
    /// Your answers, proposals, comments, supports and reports in consultations.
    #[serde(default)]
    pub consultations: crate::consultations::ConsultationsExport,
    /// Your messaging settings and blocks, the conversations you took part in and your messages.
    #[serde(default)]
    pub messaging: crate::messaging::MessagingExport,
}

/// An account as administrators see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminUser {
    #[serde(flatten)]
    pub user: User,
    pub disabled: bool,
}

/// Change an account's role or disable it (disabling signs it out everywhere).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"role": "observatory"})))]
pub struct UpdateUserRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled: Option<bool>,
}

/// Filters for the account list.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ListUsersQuery {
    /// Only accounts with this role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// Accounts whose email or display name contains this text.
    #[validate(length(max = 100))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(max_length = 100))]
    pub q: Option<String>,
    /// How many items, 1 to 100 (default 20).
    #[validate(range(min = 1, max = 100))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    #[validate(length(max = 200))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(max_length = 200))]
    pub cursor: Option<String>,
}

impl ListUsersQuery {
    pub fn page(&self) -> PageQuery {
        PageQuery { limit: self.limit, cursor: self.cursor.clone() }
    }
}

#[cfg(test)]
mod tests {
    use super::is_valid_email;

    #[test]
    fn emails_follow_the_browser_rule() {
        for ok in ["amina@example.org", "a.b+tag@sub.example.dz", "x@xn--ngbrx.dz"] {
            assert!(is_valid_email(ok), "{ok}");
        }
        for bad in [
            "",
            "a",
            "a@b",
            "@example.org",
            "a@-x.org",
            "a b@example.org",
            "a@example..org",
            "a@@example.org",
            "user@جامعة.dz",
        ] {
            assert!(!is_valid_email(bad), "{bad}");
        }
    }
}
