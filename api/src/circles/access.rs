//! Who sees, reads, writes in and moderates a circle. An invite-only circle does not exist (404)
//! for anyone but its members, its invitees and administrators; an open circle's threads are read
//! by anyone, a circle on request's by its members; moderators and members write, observers read;
//! moderators (and administrators) moderate.

use madani_shared::ErrorCode;
use madani_shared::auth::Role;
use madani_shared::circles::{CircleRole, CircleStanding, JoinPolicy};

use super::repo;
use super::rows::{CircleRow, MemberRow};
use crate::auth::AuthUser;
use crate::db::DbConn;
use crate::error::{ApiError, ApiResult};

/// A circle as one viewer stands with it.
pub struct Sight {
    pub circle: CircleRow,
    pub membership: Option<MemberRow>,
    pub admin: bool,
}

impl Sight {
    pub fn policy(&self) -> JoinPolicy {
        JoinPolicy::parse(&self.circle.policy).unwrap_or(JoinPolicy::Invite)
    }

    /// The viewer's role, once active.
    pub fn role(&self) -> Option<CircleRole> {
        self.membership.as_ref().filter(|m| m.status == "active").and_then(|m| CircleRole::parse(&m.role))
    }

    pub fn standing(&self) -> Option<CircleStanding> {
        standing_of(self.membership.as_ref())
    }

    pub fn is_moderator(&self) -> bool {
        self.admin || self.role() == Some(CircleRole::Moderator)
    }

    pub fn can_read(&self) -> bool {
        self.policy() == JoinPolicy::Open || self.admin || self.role().is_some()
    }
}

/// Where a member row stands.
pub fn standing_of(row: Option<&MemberRow>) -> Option<CircleStanding> {
    let row = row?;
    match row.status.as_str() {
        "requested" => Some(CircleStanding::Requested),
        "invited" => Some(CircleStanding::Invited),
        _ => match CircleRole::parse(&row.role)? {
            CircleRole::Moderator => Some(CircleStanding::Moderator),
            CircleRole::Member => Some(CircleStanding::Member),
            CircleRole::Observer => Some(CircleStanding::Observer),
        },
    }
}

/// The circle as `user` sees it: 404 when there is none, or it is invite-only and they are neither
/// in it nor invited (nor an administrator).
pub fn load(conn: &mut DbConn, id: &str, user: Option<&AuthUser>) -> ApiResult<Sight> {
    let circle = repo::find(conn, id)?.ok_or(ApiError::NotFound)?;
    let membership = match user {
        Some(u) => repo::membership(conn, id, &u.id)?,
        None => None,
    };
    let admin = user.is_some_and(|u| u.role == Role::Admin);
    let sight = Sight { circle, membership, admin };
    if sight.policy() == JoinPolicy::Invite && !sight.admin && sight.membership.is_none() {
        return Err(ApiError::NotFound);
    }
    Ok(sight)
}

/// The circle, for reading its threads, posts and members: 401 for a visitor and 403
/// `not_circle_member` for anyone else outside a circle that is not open.
pub fn readable(conn: &mut DbConn, id: &str, user: Option<&AuthUser>) -> ApiResult<Sight> {
    let sight = load(conn, id, user)?;
    if sight.can_read() {
        return Ok(sight);
    }
    match user {
        None => Err(ApiError::Unauthenticated),
        Some(u) => {
            tracing::info!(user = %u.id, circle = id, "refused: not a member of the circle");
            Err(ApiError::Forbidden(ErrorCode::NotCircleMember))
        }
    }
}

/// The circle, for writing in it: its moderators and members (403 `circle_read_only` for an
/// observer, `not_circle_member` for anyone else).
pub fn writable(conn: &mut DbConn, id: &str, user: &AuthUser) -> ApiResult<Sight> {
    let sight = load(conn, id, Some(user))?;
    match sight.role() {
        Some(CircleRole::Moderator | CircleRole::Member) => Ok(sight),
        Some(CircleRole::Observer) => Err(ApiError::Forbidden(ErrorCode::CircleReadOnly)),
        None => {
            tracing::info!(user = %user.id, circle = id, "refused: writing in a circle they are not in");
            Err(ApiError::Forbidden(ErrorCode::NotCircleMember))
        }
    }
}

/// The circle, for its moderators and administrators (403 `not_circle_moderator` otherwise).
pub fn moderated(conn: &mut DbConn, id: &str, user: &AuthUser) -> ApiResult<Sight> {
    let sight = load(conn, id, Some(user))?;
    if sight.is_moderator() {
        Ok(sight)
    } else {
        tracing::info!(user = %user.id, circle = id, "refused: not a moderator of the circle");
        Err(ApiError::Forbidden(ErrorCode::NotCircleModerator))
    }
}
