//! Who may see or do what in the registry. Every object-level rule is here, named: a reviewer reads
//! this file to know who may see an association, manage its members, decide for the observatory.

use madani_shared::ErrorCode;
use madani_shared::associations::{AssociationStatus, MemberRole};
use madani_shared::auth::Role;

use super::repo;
use super::rows::{AssociationRow, InvitationRow};
use crate::auth::rows::UserRow;
use crate::auth::{AuthUser, is_staff};
use crate::db::DbConn;
use crate::error::{ApiError, ApiResult};

/// The association and the viewer's role in it; 404 when the viewer may not know it exists
/// (rejected and suspended associations are visible to their members and staff only).
pub(crate) fn load_visible(
    conn: &mut DbConn,
    id: &str,
    viewer: Option<&AuthUser>,
) -> ApiResult<(AssociationRow, Option<MemberRole>)> {
    let row = repo::find(conn, id)?;
    let role = match viewer {
        Some(u) => repo::role_of(conn, id, &u.id)?.and_then(|r| MemberRole::parse(&r)),
        None => None,
    };
    let public = matches!(row.status(), AssociationStatus::Verified | AssociationStatus::Pending);
    if !public && role.is_none() && !is_staff(viewer) {
        return Err(ApiError::NotFound);
    }
    Ok((row, role))
}

/// Owners and admins edit the profile, manage members and decide join requests.
pub fn can_manage(role: Option<MemberRole>) -> bool {
    matches!(role, Some(MemberRole::Owner | MemberRole::Admin))
}

/// The association, if `user` is one of its owners and admins (`not_officer` otherwise); 404 if
/// they may not know it exists.
pub fn require_officer(conn: &mut DbConn, id: &str, user: &AuthUser) -> ApiResult<(AssociationRow, MemberRole)> {
    let (row, role) = load_visible(conn, id, Some(user))?;
    match role {
        Some(role) if can_manage(Some(role)) => Ok((row, role)),
        _ => {
            tracing::warn!(user = %user.id, association = %id, "refused: not an officer");
            Err(ApiError::Forbidden(ErrorCode::NotOfficer))
        }
    }
}

/// The association, if `user` is its owner (`not_owner` otherwise).
pub fn require_owner(conn: &mut DbConn, id: &str, user: &AuthUser) -> ApiResult<AssociationRow> {
    let (row, role) = load_visible(conn, id, Some(user))?;
    if role != Some(MemberRole::Owner) {
        tracing::warn!(user = %user.id, association = %id, "refused: not the owner");
        return Err(ApiError::Forbidden(ErrorCode::NotOwner));
    }
    Ok(row)
}

/// The association and `user`'s role, if they are a member or staff (`not_member` otherwise).
pub fn require_member_or_staff(
    conn: &mut DbConn,
    id: &str,
    user: &AuthUser,
) -> ApiResult<(AssociationRow, Option<MemberRole>)> {
    let (row, role) = load_visible(conn, id, Some(user))?;
    if role.is_none() && !is_staff(Some(user)) {
        tracing::warn!(user = %user.id, association = %id, "refused: not a member");
        return Err(ApiError::Forbidden(ErrorCode::NotMember));
    }
    Ok((row, role))
}

/// Observatory staff and administrators only (`not_staff`).
pub fn require_staff(user: &AuthUser) -> ApiResult<()> {
    user.require(Role::STAFF, ErrorCode::NotStaff)
}

/// `user`'s account, if its email address is verified (`email_not_verified`): registering an
/// association needs an address the observatory can reach.
pub fn require_verified_email(conn: &mut DbConn, user: &AuthUser) -> ApiResult<UserRow> {
    let me = crate::auth::repo::find_user(conn, &user.id)?;
    if !me.email_verified {
        return Err(ApiError::Forbidden(ErrorCode::EmailNotVerified));
    }
    Ok(me)
}

/// The role of `target` in the association, if `user` may give them the role `new` there: 404 when
/// `target` is not a member; see [`check_role_change`].
pub fn require_role_change(
    conn: &mut DbConn,
    id: &str,
    user: &AuthUser,
    target: &str,
    new: MemberRole,
) -> ApiResult<MemberRole> {
    let (_, actor) = load_visible(conn, id, Some(user))?;
    if actor.is_none() {
        return Err(ApiError::Forbidden(ErrorCode::NotOfficer));
    }
    let current = member_role(conn, id, target)?;
    check_role_change(actor, current, new)?;
    Ok(current)
}

/// Whether `user` may remove `target` from the association (or leave, when it is themselves): 404
/// when `target` is not a member; see [`check_removal`].
pub fn require_removal(conn: &mut DbConn, id: &str, user: &AuthUser, target: &str) -> ApiResult<()> {
    let (_, actor) = load_visible(conn, id, Some(user))?;
    if actor.is_none() {
        return Err(ApiError::Forbidden(ErrorCode::NotMember));
    }
    let role = member_role(conn, id, target)?;
    check_removal(actor, role, target == user.id)
}

fn member_role(conn: &mut DbConn, id: &str, user_id: &str) -> ApiResult<MemberRole> {
    repo::role_of(conn, id, user_id)?.and_then(|r| MemberRole::parse(&r)).ok_or(ApiError::NotFound)
}

/// May `actor` give `target` (now `current`) the role `new`? Ownership moves only by transfer, so
/// the one owner is never demoted here; admins manage members, owners manage admins too.
pub fn check_role_change(actor: Option<MemberRole>, current: MemberRole, new: MemberRole) -> Result<(), ApiError> {
    if !can_manage(actor) {
        return Err(ApiError::Forbidden(ErrorCode::NotOfficer));
    }
    if new == MemberRole::Owner {
        return Err(ApiError::Conflict(ErrorCode::OwnerRoleByTransfer));
    }
    if current == MemberRole::Owner {
        return Err(ApiError::Conflict(ErrorCode::OwnerRoleByTransfer));
    }
    if actor == Some(MemberRole::Admin) && (current == MemberRole::Admin || new == MemberRole::Admin) && current != new
    {
        return Err(ApiError::Forbidden(ErrorCode::NotOwner));
    }
    Ok(())
}

/// May `actor` remove `target` (whose role is `role`)? `itself`: a member leaving.
pub fn check_removal(actor: Option<MemberRole>, role: MemberRole, itself: bool) -> Result<(), ApiError> {
    if role == MemberRole::Owner {
        return Err(ApiError::Conflict(ErrorCode::OwnerCannotLeave));
    }
    if itself {
        return Ok(());
    }
    match actor {
        Some(MemberRole::Owner) => Ok(()),
        Some(MemberRole::Admin) if role == MemberRole::Member => Ok(()),
        Some(MemberRole::Admin) => Err(ApiError::Forbidden(ErrorCode::NotOwner)),
        _ => Err(ApiError::Forbidden(ErrorCode::NotOfficer)),
    }
}

/// May an officer whose role is `actor` invite someone as `role`? Nobody is invited as owner
/// (ownership moves by transfer: a 422 naming `role`); only the owner invites admins.
pub fn check_invitation_role(actor: MemberRole, role: MemberRole) -> Result<(), ApiError> {
    match role {
        MemberRole::Owner => Err(ApiError::field("role", "owner", "nobody is invited as owner: transfer ownership")),
        MemberRole::Admin if actor != MemberRole::Owner => Err(ApiError::Forbidden(ErrorCode::NotOwner)),
        _ => Ok(()),
    }
}

/// Does an invitation to `role` still stand, now that its inviter's role in the association is
/// `inviter` (none: no longer a member, or the account is gone)? It grants what its inviter may
/// still grant: an officer invites members, only the owner invites admins.
pub fn inviter_may_still_grant(inviter: Option<MemberRole>, role: MemberRole) -> bool {
    inviter.is_some_and(|actor| can_manage(Some(actor)) && check_invitation_role(actor, role).is_ok())
}

/// The invitation and `user`'s account, if it is addressed to their verified email; 404 otherwise
/// (whether it exists is nobody else's business).
pub fn load_my_invitation(
    conn: &mut DbConn,
    user: &AuthUser,
    invitation_id: &str,
) -> ApiResult<(InvitationRow, UserRow)> {
    let me = crate::auth::repo::find_user(conn, &user.id)?;
    let row = repo::find_invitation(conn, invitation_id)?;
    if !me.email_verified || row.email != me.email {
        tracing::warn!(user = %user.id, invitation = %invitation_id, "refused: someone else's invitation");
        return Err(ApiError::NotFound);
    }
    Ok((row, me))
}

#[cfg(test)]
mod tests {
    use super::*;
    use MemberRole::*;

    #[test]
    fn role_changes() {
        assert!(check_role_change(Some(Owner), Member, Admin).is_ok());
        assert!(check_role_change(Some(Owner), Admin, Member).is_ok());
        assert!(check_role_change(Some(Admin), Member, Member).is_ok());
        assert!(matches!(check_role_change(Some(Admin), Member, Admin), Err(ApiError::Forbidden(_))));
        assert!(matches!(check_role_change(Some(Member), Member, Admin), Err(ApiError::Forbidden(_))));
        assert!(matches!(check_role_change(None, Member, Admin), Err(ApiError::Forbidden(_))));
        assert!(matches!(check_role_change(Some(Owner), Owner, Admin), Err(ApiError::Conflict(_))));
        assert!(matches!(check_role_change(Some(Owner), Member, Owner), Err(ApiError::Conflict(_))));
    }

    #[test]
    fn the_owner_is_never_removed() {
        assert!(matches!(check_removal(Some(Admin), Owner, false), Err(ApiError::Conflict(_))));
        assert!(matches!(check_removal(Some(Owner), Owner, true), Err(ApiError::Conflict(_))));
        assert!(check_removal(Some(Member), Member, true).is_ok());
        assert!(check_removal(Some(Admin), Member, false).is_ok());
        assert!(matches!(check_removal(Some(Admin), Admin, false), Err(ApiError::Forbidden(_))));
        assert!(matches!(check_removal(Some(Member), Member, false), Err(ApiError::Forbidden(_))));
    }

    #[test]
    fn an_invitation_grants_what_its_inviter_may_still_grant() {
        assert!(inviter_may_still_grant(Some(Owner), Admin));
        assert!(inviter_may_still_grant(Some(Admin), Member));
        assert!(!inviter_may_still_grant(Some(Admin), Admin), "no longer the owner");
        assert!(!inviter_may_still_grant(Some(Member), Member), "demoted");
        assert!(!inviter_may_still_grant(None, Member), "removed, or the account is gone");
    }

    #[test]
    fn only_the_owner_invites_admins_and_nobody_is_invited_as_owner() {
        assert!(check_invitation_role(Owner, Admin).is_ok());
        assert!(check_invitation_role(Admin, Member).is_ok());
        assert!(matches!(check_invitation_role(Admin, Admin), Err(ApiError::Forbidden(ErrorCode::NotOwner))));
        assert!(matches!(check_invitation_role(Owner, Owner), Err(ApiError::Validation(_))));
    }
}
