//! Joining and leaving circles, requests, invitations and roles.

use madani_shared::circles::{
    ChangeCircleRole, Circle, CircleMember, CircleMembersQuery, CirclePending, CircleRole, CircleStanding, JoinCircle,
    JoinPolicy,
};
use madani_shared::ids::UserId;
use madani_shared::{ErrorCode, Page};

use super::super::access::{self, Sight};
use super::super::repo;
use super::super::rows::MemberRow;
use super::circles::is_institution_staff;
use crate::audit::{self, Subject};
use crate::auth::AuthUser;
use crate::db::{DbConn, now, to_utc, write_tx};
use crate::error::{ApiError, ApiResult};
use crate::notifications::{About, notify, notify_all};
use crate::pagination;

fn member_row(circle: &str, user: &str, status: &str, role: &str, invited_by: Option<&str>) -> MemberRow {
    MemberRow {
        circle_id: circle.to_owned(),
        user_id: user.to_owned(),
        status: status.to_owned(),
        role: role.to_owned(),
        invited_by: invited_by.map(str::to_owned),
        created_at: now(),
    }
}

/// The circle as it is now for `user`.
fn reload(conn: &mut DbConn, id: &str, user: &AuthUser) -> ApiResult<Circle> {
    let sight = access::load(conn, id, Some(user))?;
    Ok(sight.circle.view(sight.standing()))
}

/// Join: at once in an open circle or with an invitation, as a request in a circle on request
/// (its moderators are told); as an observer (institution staff, where the circle allows it).
/// Joining again changes nothing.
pub fn join(conn: &mut DbConn, user: &AuthUser, id: &str, req: &JoinCircle) -> ApiResult<Circle> {
    write_tx(conn, |conn| {
        let sight = access::load(conn, id, Some(user))?;
        let status = sight.membership.as_ref().map(|m| m.status.as_str());
        if status == Some("active") || (status == Some("requested") && !req.observer) {
            return Ok(sight.circle.view(sight.standing()));
        }
        if req.observer {
            if !is_institution_staff(conn, user)? {
                return Err(ApiError::Forbidden(ErrorCode::NotInstitutionStaff));
            }
            if !sight.circle.observers_allowed {
                return Err(ApiError::Forbidden(ErrorCode::ObserversNotAllowed));
            }
            repo::upsert_member(conn, &member_row(id, &user.id, "active", "observer", None))?;
        } else if status == Some("invited") || sight.policy() == JoinPolicy::Open {
            repo::upsert_member(conn, &member_row(id, &user.id, "active", "member", None))?;
        } else if sight.policy() == JoinPolicy::Request {
            repo::upsert_member(conn, &member_row(id, &user.id, "requested", "member", None))?;
            let moderators = repo::with_role(conn, id, "moderator")?;
            notify_all(conn, &moderators, "circle.requested", About::circle(id).by(&user.id))?;
        } else {
            // Invite-only without an invitation: `load` already answered 404.
            return Err(ApiError::NotFound);
        }
        repo::recount(conn, id)?;
        reload(conn, id, user)
    })
}

/// The circle's members, moderators first joined first.
pub fn members(
    conn: &mut DbConn,
    user: Option<&AuthUser>,
    id: &str,
    q: &CircleMembersQuery,
) -> ApiResult<Page<CircleMember>> {
    let sight = access::readable(conn, id, user)?;
    let limit = i64::from(q.limit.unwrap_or(20));
    let offset = match q.cursor.as_deref().map(pagination::decode).transpose()?.as_deref() {
        Some([n]) => pagination::parse_number(n)?,
        Some(_) => return Err(pagination::bad_cursor()),
        None => 0,
    };
    let rows = match q.q.as_deref() {
        // Names are matched as the composer matches them (folded words), so every member is read:
        // a circle's members are at most a few thousand names.
        Some(name) => repo::members_with_status(conn, &sight.circle.id, &["active"], 0, i64::MAX)?
            .into_iter()
            .filter(|(_, n)| madani_shared::search::name_matches(n, name))
            .skip(offset.max(0) as usize)
            .take(limit as usize + 1)
            .collect(),
        None => repo::members_with_status(conn, &sight.circle.id, &["active"], offset, limit + 1)?,
    };
    let next_cursor = (rows.len() as i64 > limit).then(|| pagination::encode(&[&(offset + limit).to_string()]));
    let items = rows
        .into_iter()
        .take(limit as usize)
        .map(|(m, name)| CircleMember {
            user_id: UserId::stored(&m.user_id),
            name,
            role: CircleRole::parse(&m.role).unwrap_or(CircleRole::Member),
            joined_at: to_utc(m.created_at),
        })
        .collect();
    Ok(Page { items, next_cursor })
}

/// Whether removing `person`'s moderation would leave the circle without a moderator.
fn last_moderator(conn: &mut DbConn, sight: &Sight, person: &str) -> ApiResult<bool> {
    let moderators = repo::with_role(conn, &sight.circle.id, "moderator")?;
    Ok(moderators.len() == 1 && moderators[0] == person)
}

/// A moderator makes a member a moderator or a moderator a member.
pub fn set_role(
    conn: &mut DbConn,
    user: &AuthUser,
    id: &str,
    person: &str,
    req: &ChangeCircleRole,
) -> ApiResult<CircleMember> {
    let role = CircleRole::from(req.role);
    write_tx(conn, |conn| {
        let sight = access::moderated(conn, id, user)?;
        let row = repo::membership(conn, id, person)?
            .filter(|m| m.status == "active" && m.role != "observer")
            .ok_or(ApiError::NotFound)?;
        if role == CircleRole::Member && row.role == "moderator" && last_moderator(conn, &sight, person)? {
            return Err(ApiError::Conflict(ErrorCode::LastModerator));
        }
        repo::set_role(conn, id, person, role.as_str())?;
        audit::record(
            conn,
            Some(&user.id),
            "circle.role_changed",
            Subject::circle(id),
            Some(&format!("{person}: {}", role.as_str())),
        )?;
        let name = repo::names(conn, &[person.to_owned()])?.pop().map(|(_, n)| n).unwrap_or_default();
        Ok(CircleMember { user_id: UserId::stored(person), name, role, joined_at: to_utc(row.created_at) })
    })
}

/// Leave, decline an invitation or withdraw a request (yourself), or remove someone (a moderator).
pub fn remove(conn: &mut DbConn, user: &AuthUser, id: &str, person: &str) -> ApiResult<()> {
    write_tx(conn, |conn| {
        let sight =
            if person == user.id { access::load(conn, id, Some(user))? } else { access::moderated(conn, id, user)? };
        let Some(row) = repo::membership(conn, id, person)? else {
            return Ok(());
        };
        if row.status == "active" && row.role == "moderator" && last_moderator(conn, &sight, person)? {
            return Err(ApiError::Conflict(ErrorCode::LastModerator));
        }
        repo::remove_member(conn, id, person)?;
        repo::recount(conn, id)?;
        if person != user.id {
            audit::record(conn, Some(&user.id), "circle.member_removed", Subject::circle(id), Some(person))?;
        }
        Ok(())
    })
}

/// Requests and invitations waiting (the moderators).
pub fn pending(conn: &mut DbConn, user: &AuthUser, id: &str) -> ApiResult<Vec<CirclePending>> {
    access::moderated(conn, id, user)?;
    let rows = repo::members_with_status(conn, id, &["requested", "invited"], 0, 500)?;
    Ok(rows
        .into_iter()
        .map(|(m, name)| CirclePending {
            user_id: UserId::stored(&m.user_id),
            name,
            standing: access::standing_of(Some(&m)).unwrap_or(CircleStanding::Requested),
            since: to_utc(m.created_at),
        })
        .collect())
}

/// A moderator approves or refuses a request to join; its author is told.
pub fn decide(conn: &mut DbConn, user: &AuthUser, id: &str, person: &str, approve: bool) -> ApiResult<()> {
    write_tx(conn, |conn| {
        access::moderated(conn, id, user)?;
        repo::membership(conn, id, person)?.filter(|m| m.status == "requested").ok_or(ApiError::NotFound)?;
        if approve {
            repo::upsert_member(conn, &member_row(id, person, "active", "member", None))?;
            repo::recount(conn, id)?;
            notify(conn, person, "circle.request_approved", About::circle(id).by(&user.id))?;
        } else {
            repo::remove_member(conn, id, person)?;
            notify(conn, person, "circle.request_refused", About::circle(id).by(&user.id))?;
        }
        Ok(())
    })
}

/// A moderator invites someone; they are told, and joining accepts.
pub fn invite(conn: &mut DbConn, user: &AuthUser, id: &str, person: &str) -> ApiResult<CirclePending> {
    write_tx(conn, |conn| {
        access::moderated(conn, id, user)?;
        if !repo::user_exists(conn, person)? {
            return Err(ApiError::field("user_id", "unknown", "no such member"));
        }
        let existing = repo::membership(conn, id, person)?;
        let row = match existing {
            Some(m) if m.status == "invited" => m,
            Some(_) => return Err(ApiError::Conflict(ErrorCode::Conflict)),
            None => {
                let row = member_row(id, person, "invited", "member", Some(&user.id));
                repo::upsert_member(conn, &row)?;
                notify(conn, person, "circle.invited", About::circle(id).by(&user.id))?;
                row
            }
        };
        let name = repo::names(conn, &[person.to_owned()])?.pop().map(|(_, n)| n).unwrap_or_default();
        Ok(CirclePending {
            user_id: UserId::stored(person),
            name,
            standing: CircleStanding::Invited,
            since: to_utc(row.created_at),
        })
    })
}
