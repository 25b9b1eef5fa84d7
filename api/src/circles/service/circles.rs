//! Creating, finding and changing circles.

use std::collections::HashMap;

use madani_shared::circles::{Circle, CircleChange, CirclesQuery, NewCircle};
use madani_shared::{ErrorCode, Page};

use super::super::access;
use super::super::repo::{self, Directory};
use super::super::rows::{CircleRow, MemberRow};
use super::{fields_text, query_words, search_text};
use crate::audit::{self, Subject};
use crate::auth::AuthUser;
use crate::db::{DbConn, new_id, now, write_tx};
use crate::error::{ApiError, ApiResult};
use crate::pagination::{self, page_of};

/// Whether `user` is institution staff (by role or on an institution's staff) or an administrator.
pub fn is_institution_staff(conn: &mut DbConn, user: &AuthUser) -> ApiResult<bool> {
    Ok(user.role.is_staff() || repo::is_institution_staff(conn, &user.id)?)
}

/// Create a circle: institution staff and administrators (403 `not_institution_staff`); its creator
/// is its first moderator.
pub fn create(conn: &mut DbConn, user: &AuthUser, req: &NewCircle) -> ApiResult<Circle> {
    write_tx(conn, |conn| {
        if !is_institution_staff(conn, user)? {
            tracing::info!(user = %user.id, "refused: creating a circle without being staff");
            return Err(ApiError::Forbidden(ErrorCode::NotInstitutionStaff));
        }
        let at = now();
        let (name_ar, name_fr, name_en) = req.name.trimmed();
        let (description_ar, description_fr, description_en) = req.description.trimmed();
        let row = CircleRow {
            id: new_id(),
            name_ar,
            name_fr,
            name_en,
            description_ar,
            description_fr,
            description_en,
            fields: fields_text(&req.fields),
            wilaya_code: req.wilaya.clone(),
            policy: req.policy.as_str().to_owned(),
            observers_allowed: req.observers_allowed,
            member_count: 1,
            thread_count: 0,
            search_text: search_text(&req.name, &req.description),
            created_by: Some(user.id.clone()),
            created_at: at,
            updated_at: at,
            last_activity_at: at,
        };
        repo::insert(conn, &row)?;
        let me = MemberRow {
            circle_id: row.id.clone(),
            user_id: user.id.clone(),
            status: "active".into(),
            role: "moderator".into(),
            invited_by: None,
            created_at: at,
        };
        repo::upsert_member(conn, &me)?;
        audit::record(conn, Some(&user.id), "circle.created", Subject::circle(&row.id), None)?;
        Ok(row.view(access::standing_of(Some(&me))))
    })
}

/// The circles directory: open and on-request circles for everyone, invite-only ones for their
/// members and invitees; latest active first.
pub fn list(conn: &mut DbConn, user: Option<&AuthUser>, q: &CirclesQuery) -> ApiResult<Page<Circle>> {
    let limit = i64::from(q.limit.unwrap_or(20));
    let after = pagination::after_time_and_id(q.cursor.as_deref())?;
    let mine = q.mine.unwrap_or(false);
    if mine && user.is_none() {
        return Err(ApiError::Unauthenticated);
    }
    let d = Directory {
        words: query_words(q.q.as_deref()),
        field: q.field.map(|f| f.as_str().to_owned()),
        wilaya: q.wilaya.clone(),
        viewer: user.map(|u| u.id.clone()),
        admin: user.is_some_and(|u| u.role == madani_shared::auth::Role::Admin),
        mine,
    };
    let rows = repo::directory(conn, &d, after, limit + 1)?;
    let (rows, next_cursor) = page_of(rows, limit, |r| Some(pagination::time_and_id(r.last_activity_at, &r.id)));
    let standings: HashMap<String, MemberRow> = match user {
        Some(u) => {
            let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
            repo::memberships_in(conn, &u.id, &ids)?.into_iter().map(|m| (m.circle_id.clone(), m)).collect()
        }
        None => HashMap::new(),
    };
    let items = rows.iter().map(|r| r.view(access::standing_of(standings.get(&r.id)))).collect();
    Ok(Page { items, next_cursor })
}

pub fn get(conn: &mut DbConn, user: Option<&AuthUser>, id: &str) -> ApiResult<Circle> {
    let sight = access::load(conn, id, user)?;
    Ok(sight.circle.view(sight.standing()))
}

/// Change a circle (its moderators and administrators).
pub fn update(conn: &mut DbConn, user: &AuthUser, id: &str, req: &CircleChange) -> ApiResult<Circle> {
    if let Some(w) = req.wilaya.as_deref().filter(|w| !w.is_empty())
        && madani_shared::projects::one_wilaya(w).is_err()
    {
        return Err(ApiError::field("wilaya", "wilaya", "each wilaya is its two-digit code"));
    }
    write_tx(conn, |conn| {
        let sight = access::moderated(conn, id, user)?;
        let mut row = sight.circle.clone();
        if let Some(name) = &req.name {
            (row.name_ar, row.name_fr, row.name_en) = name.trimmed();
        }
        if let Some(description) = &req.description {
            (row.description_ar, row.description_fr, row.description_en) = description.trimmed();
        }
        if let Some(fields) = &req.fields {
            row.fields = fields_text(fields);
        }
        if let Some(w) = &req.wilaya {
            row.wilaya_code = (!w.is_empty()).then(|| w.clone());
        }
        if let Some(policy) = req.policy {
            row.policy = policy.as_str().to_owned();
        }
        if let Some(observers) = req.observers_allowed {
            row.observers_allowed = observers;
        }
        row.search_text = search_text(&row.name(), &row.description());
        row.updated_at = now();
        repo::update(conn, &row)?;
        audit::record(conn, Some(&user.id), "circle.updated", Subject::circle(&row.id), None)?;
        Ok(row.view(sight.standing()))
    })
}
