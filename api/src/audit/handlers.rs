//! `/api/v1/audit-log`.

use actix_web::{get, web};
use madani_shared::ErrorCode;
use madani_shared::Page;
use madani_shared::associations::AuditEntry;
use madani_shared::auth::Role;
use madani_shared::page::PageQuery;

use super::service;
use crate::auth::AuthUser;
use crate::http::ValidQuery;
use crate::openapi::errors::{Errors, NotStaff};
use crate::state::{Answer, State};

/// The staff audit log
///
/// Observatory staff and administrators: every staff decision (verifications, revocations,
/// imports, enrolments by officers), newest first.
#[utoipa::path(tag = "verification", params(PageQuery), responses((status = 200, description = "A page of the log", body = Page<AuditEntry>), Errors<NotStaff>), security(("bearer" = [])))]
#[get("/audit-log")]
pub async fn list_audit_log(state: State, user: AuthUser, query: ValidQuery<PageQuery>) -> Answer<Page<AuditEntry>> {
    user.require(Role::STAFF, ErrorCode::NotStaff)?;
    let q = query.0;
    let limit = i64::from(q.limit());
    Ok(web::Json(state.db(move |conn| service::page(conn, q.cursor.as_deref(), limit)).await?))
}
