//! Database rows for accounts and sessions, and their conversion to API types.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use madani_shared::auth::{AdminUser, LoginAttempt, Role, Session, User};
use madani_shared::ids::{SessionId, UserId};
use madani_shared::text::Language;

use crate::db::schema::{link_tokens, login_attempts, refresh_tokens, sessions, users};
use crate::db::to_utc;

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: String,
    pub email: String,
    pub email_verified: bool,
    pub password_hash: String,
    pub display_name: String,
    pub preferred_language: String,
    pub role: String,
    pub disabled: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl UserRow {
    pub fn role(&self) -> Role {
        Role::parse(&self.role).unwrap_or_default()
    }

    pub fn user_id(&self) -> UserId {
        UserId(self.id.parse().unwrap_or_default())
    }

    pub fn language(&self) -> Language {
        Language::parse(&self.preferred_language).unwrap_or_default()
    }
}

impl From<&UserRow> for User {
    fn from(row: &UserRow) -> Self {
        User {
            id: row.user_id(),
            email: row.email.clone(),
            email_verified: row.email_verified,
            display_name: row.display_name.clone(),
            preferred_language: row.language(),
            role: row.role(),
            created_at: to_utc(row.created_at),
        }
    }
}

impl From<&UserRow> for AdminUser {
    fn from(row: &UserRow) -> Self {
        AdminUser { user: row.into(), disabled: row.disabled }
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    pub id: &'a str,
    pub email: &'a str,
    pub email_verified: bool,
    pub password_hash: &'a str,
    pub display_name: &'a str,
    pub preferred_language: &'a str,
    pub role: &'a str,
    pub disabled: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = sessions)]
pub struct SessionRow {
    pub id: String,
    pub user_id: String,
    pub created_at: NaiveDateTime,
    pub last_used_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
    pub revoked_reason: Option<String>,
    pub user_agent: Option<String>,
    pub ip: Option<String>,
}

impl SessionRow {
    pub fn to_api(&self, current: Option<&str>) -> Session {
        Session {
            id: SessionId(self.id.parse().unwrap_or_default()),
            created_at: to_utc(self.created_at),
            last_used_at: to_utc(self.last_used_at),
            expires_at: to_utc(self.expires_at),
            user_agent: self.user_agent.clone(),
            ip: self.ip.clone(),
            current: current == Some(self.id.as_str()),
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = refresh_tokens)]
pub struct RefreshTokenRow {
    pub token_hash: String,
    pub session_id: String,
    pub created_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = link_tokens)]
pub struct LinkTokenRow {
    pub token_hash: String,
    pub user_id: String,
    pub purpose: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = login_attempts)]
pub struct LoginAttemptRow {
    pub id: String,
    pub email: String,
    pub ip: String,
    pub succeeded: bool,
    pub created_at: NaiveDateTime,
}

impl From<&LoginAttemptRow> for LoginAttempt {
    fn from(row: &LoginAttemptRow) -> Self {
        LoginAttempt { at: to_utc(row.created_at), ip: row.ip.clone(), succeeded: row.succeeded }
    }
}
