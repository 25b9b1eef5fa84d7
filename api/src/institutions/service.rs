//! Institutions' rules: administrators create them and name the first manager; managers keep the
//! staff (an institution always keeps a manager). Every change is audited.

use std::collections::HashMap;

use madani_shared::institutions::*;
use madani_shared::{ErrorCode, LocalizedText};

use super::access;
use super::repo;
use super::rows::{InstitutionRow, StaffRow};
use crate::audit::{self, Subject};
use crate::auth::AuthUser;
use crate::db::{DbConn, new_id, now, write_tx};
use crate::error::{ApiError, ApiResult};

/// Every institution, with the viewer's role in each.
pub fn list(conn: &mut DbConn, viewer: Option<&AuthUser>) -> ApiResult<Vec<Institution>> {
    let counts: HashMap<String, i64> = repo::staff_counts(conn)?.into_iter().collect();
    let mine: HashMap<String, InstitutionRole> = match viewer {
        Some(u) => repo::memberships(conn, &u.id)?
            .into_iter()
            .filter_map(|(i, r)| Some((i.id, InstitutionRole::parse(&r)?)))
            .collect(),
        None => HashMap::new(),
    };
    Ok(repo::all(conn)?
        .iter()
        .map(|i| i.to_api(counts.get(&i.id).copied().unwrap_or(0), mine.get(&i.id).copied()))
        .collect())
}

/// The institutions `user` is staff of.
pub fn mine(conn: &mut DbConn, user: &AuthUser) -> ApiResult<Vec<Institution>> {
    let counts: HashMap<String, i64> = repo::staff_counts(conn)?.into_iter().collect();
    Ok(repo::memberships(conn, &user.id)?
        .iter()
        .map(|(i, r)| i.to_api(counts.get(&i.id).copied().unwrap_or(0), InstitutionRole::parse(r)))
        .collect())
}

pub fn get(conn: &mut DbConn, id: &str, viewer: Option<&AuthUser>) -> ApiResult<Institution> {
    let row = repo::find(conn, id)?;
    one(conn, &row, viewer)
}

fn one(conn: &mut DbConn, row: &InstitutionRow, viewer: Option<&AuthUser>) -> ApiResult<Institution> {
    let count = repo::staff(conn, &row.id)?.len() as i64;
    let role = match viewer {
        Some(u) => access::role_in(conn, &row.id, u)?,
        None => None,
    };
    Ok(row.to_api(count, role))
}

/// A verified, active account by its email (422 `unknown_account` naming `field` otherwise).
fn account_by_email(conn: &mut DbConn, email: &str, field: &str) -> ApiResult<String> {
    let user = crate::auth::repo::find_user_by_email(conn, &email.trim().to_lowercase())?;
    match user {
        Some(u) if u.email_verified && !u.disabled => Ok(u.id),
        _ => Err(ApiError::field(field, "unknown_account", "no verified account has this address")),
    }
}

fn name_columns(name: &LocalizedText) -> (Option<String>, Option<String>, Option<String>) {
    name.trimmed()
}

fn clean_acronym(acronym: Option<&str>) -> Option<String> {
    acronym.map(str::trim).filter(|a| !a.is_empty()).map(str::to_owned)
}

/// Create an institution with its first manager (administrators).
pub fn create(conn: &mut DbConn, admin: &AuthUser, input: &CreateInstitution) -> ApiResult<Institution> {
    access::require_admin(admin)?;
    write_tx(conn, |conn| {
        let manager = account_by_email(conn, &input.manager_email, "manager_email")?;
        let (name_ar, name_fr, name_en) = name_columns(&input.name);
        let at = now();
        let row = InstitutionRow {
            id: new_id(),
            kind: input.kind.as_str().to_owned(),
            name_ar,
            name_fr,
            name_en,
            acronym: clean_acronym(input.acronym.as_deref()),
            created_at: at,
            updated_at: at,
        };
        repo::insert(conn, &row)?;
        repo::upsert_staff(
            conn,
            &StaffRow { institution_id: row.id.clone(), user_id: manager, role: "manager".into(), added_at: at },
        )?;
        audit::record(conn, Some(&admin.id), "institution.created", Subject::institution(&row.id), None)?;
        one(conn, &row, Some(admin))
    })
}

/// Change an institution (its managers and administrators).
pub fn update(conn: &mut DbConn, user: &AuthUser, id: &str, input: &UpdateInstitution) -> ApiResult<Institution> {
    write_tx(conn, |conn| {
        let mut row = access::require_manager_of(conn, id, user)?;
        if let Some(kind) = input.kind {
            row.kind = kind.as_str().to_owned();
        }
        if let Some(name) = &input.name {
            (row.name_ar, row.name_fr, row.name_en) = name_columns(name);
        }
        if input.acronym.is_some() {
            row.acronym = clean_acronym(input.acronym.as_deref());
        }
        row.updated_at = now();
        repo::update(conn, &row)?;
        audit::record(conn, Some(&user.id), "institution.updated", Subject::institution(id), None)?;
        one(conn, &row, Some(user))
    })
}

/// The staff (seen by the institution's staff and administrators).
pub fn staff(conn: &mut DbConn, user: &AuthUser, id: &str) -> ApiResult<Vec<StaffMember>> {
    access::require_staff_of(conn, id, user)?;
    Ok(repo::staff(conn, id)?.into_iter().map(|(s, name, email)| s.to_api(name, email)).collect())
}

/// Add a verified account to the staff, or change its role (managers and administrators). A
/// manager who would leave none behind by becoming staff is refused (`last_manager`).
pub fn add_staff(conn: &mut DbConn, user: &AuthUser, id: &str, input: &AddStaffMember) -> ApiResult<StaffMember> {
    write_tx(conn, |conn| {
        access::require_manager_of(conn, id, user)?;
        let member = account_by_email(conn, &input.email, "email")?;
        let current = repo::role_of(conn, id, &member)?;
        if current.as_deref() == Some("manager")
            && input.role == InstitutionRole::Staff
            && repo::manager_count(conn, id)? <= 1
        {
            return Err(ApiError::Conflict(ErrorCode::LastManager));
        }
        let row = StaffRow {
            institution_id: id.to_owned(),
            user_id: member.clone(),
            role: input.role.as_str().into(),
            added_at: now(),
        };
        repo::upsert_staff(conn, &row)?;
        audit::record(
            conn,
            Some(&user.id),
            "institution.staff_set",
            Subject::institution(id),
            Some(&format!("{member} {}", input.role.as_str())),
        )?;
        repo::staff(conn, id)?
            .into_iter()
            .find(|(s, _, _)| s.user_id == member)
            .map(|(s, name, email)| s.to_api(name, email))
            .ok_or(ApiError::NotFound)
    })
}

/// Remove a member of staff (managers and administrators; anyone may leave). The last manager stays.
pub fn remove_staff(conn: &mut DbConn, user: &AuthUser, id: &str, member: &str) -> ApiResult<()> {
    write_tx(conn, |conn| {
        if user.id != member {
            access::require_manager_of(conn, id, user)?;
        }
        let role = repo::role_of(conn, id, member)?.ok_or(ApiError::NotFound)?;
        if role == "manager" && repo::manager_count(conn, id)? <= 1 {
            return Err(ApiError::Conflict(ErrorCode::LastManager));
        }
        repo::remove_staff(conn, id, member)?;
        audit::record(conn, Some(&user.id), "institution.staff_removed", Subject::institution(id), Some(member))?;
        Ok(())
    })
}
