//! Member profiles: each field shown only to the viewers its visibility includes.

use std::collections::HashSet;

use madani_shared::associations::{AssociationStatus, MemberRole};
use madani_shared::ids::{AssociationId, ConnectionId, UserId};
use madani_shared::network::{
    MemberAssociation, MemberProfile, MyProfile, UpdateMyProfile, ViewerConnection, Visibility,
};

use super::super::access::{active_user, relation};
use super::super::repo;
use super::super::rows::ProfileRow;
use super::{Relation, can_see, direction, seen_status};
use crate::auth::{AuthUser, is_staff};
use crate::db::{DbConn, now};
use crate::error::{ApiError, ApiResult};

/// `user`'s own profile (empty, shared with members, until they save one).
pub fn mine(conn: &mut DbConn, user: &str) -> ApiResult<MyProfile> {
    Ok(repo::find_profile(conn, user)?.map(|p| p.to_api()).unwrap_or_default())
}

/// Replace `user`'s profile.
pub fn save(conn: &mut DbConn, user: &str, req: UpdateMyProfile) -> ApiResult<MyProfile> {
    let row = ProfileRow {
        user_id: user.to_owned(),
        headline: clean(req.headline),
        headline_visibility: req.headline_visibility.as_str().to_owned(),
        skills: serde_json::to_string(&clean_skills(req.skills)).map_err(ApiError::internal)?,
        skills_visibility: req.skills_visibility.as_str().to_owned(),
        bio: clean(req.bio),
        bio_visibility: req.bio_visibility.as_str().to_owned(),
        associations_visibility: req.associations_visibility.as_str().to_owned(),
        updated_at: now(),
    };
    crate::db::write_tx(conn, |conn| repo::save_profile(conn, &row))?;
    Ok(row.to_api())
}

/// Text trimmed; none when empty.
pub fn clean(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
}

/// Trimmed skills without duplicates (ignoring case), in the order given.
fn clean_skills(skills: Vec<String>) -> Vec<String> {
    let mut seen = HashSet::new();
    skills
        .into_iter()
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|s| !s.is_empty() && seen.insert(s.to_lowercase()))
        .collect()
}

/// `member`'s profile as `viewer` may see it.
pub fn as_seen_by(conn: &mut DbConn, viewer: Option<&AuthUser>, member_id: &str) -> ApiResult<MemberProfile> {
    let member = active_user(conn, member_id)?;
    let (rel, row) = relation(conn, viewer, &member.id)?;
    let p = repo::find_profile(conn, &member.id)?.map(|p| p.to_api()).unwrap_or_default();
    let sees = |v: Visibility| can_see(v, rel);
    let associations = if sees(p.associations_visibility) {
        let mine: HashSet<String> = match viewer {
            Some(v) => crate::associations::repo::memberships(conn, &v.id)?.into_iter().map(|(a, _)| a.id).collect(),
            None => HashSet::new(),
        };
        let list: Vec<MemberAssociation> = crate::associations::repo::memberships(conn, &member.id)?
            .into_iter()
            .filter(|(a, _)| {
                matches!(a.status(), AssociationStatus::Verified | AssociationStatus::Pending)
                    || mine.contains(&a.id)
                    || is_staff(viewer)
            })
            .map(|(a, role)| MemberAssociation {
                name: a.name(),
                acronym: a.acronym.clone(),
                id: AssociationId::stored(&a.id),
                role: MemberRole::parse(&role).unwrap_or(MemberRole::Member),
            })
            .collect();
        Some(list).filter(|l| !l.is_empty())
    } else {
        None
    };
    let connection = row.map(|r| {
        let mine = viewer.is_some_and(|v| v.id == r.requester_id);
        ViewerConnection {
            status: seen_status(r.status(), mine),
            direction: direction(mine),
            id: ConnectionId::stored(&r.id),
        }
    });
    Ok(MemberProfile {
        user_id: UserId::stored(&member.id),
        display_name: member.display_name,
        headline: p.headline.filter(|_| sees(p.headline_visibility)),
        skills: Some(p.skills).filter(|s| !s.is_empty() && sees(p.skills_visibility)),
        bio: p.bio.filter(|_| sees(p.bio_visibility)),
        associations,
        connection_count: match viewer {
            Some(_) => Some(repo::connection_count(conn, &member.id)?),
            None => None,
        },
        is_self: rel == Relation::Owner,
        connection,
    })
}
