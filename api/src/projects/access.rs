//! Who sees and who does what with a project. A `public` project is seen by everyone; a `network`
//! one by the members of its lead and partner associations; a `private` one by the lead's members.
//! The lead's officers edit it (its milestones, activities and indicators); the lead's and the
//! partners' officers post updates. Whoever may not see a project gets 404, as if it did not exist.

use madani_shared::ErrorCode;
use madani_shared::associations::MemberRole;
use madani_shared::projects::ProjectVisibility;

use super::repo::{self, Sight};
use super::rows::ProjectRow;
use crate::associations::access::can_manage;
use crate::auth::AuthUser;
use crate::db::DbConn;
use crate::error::{ApiError, ApiResult};

/// The viewer's part in a project.
#[derive(Debug, Clone, Default)]
pub struct Access {
    /// Their role in the lead association.
    pub lead_role: Option<MemberRole>,
    /// A partner association they are an officer of (the one they post for).
    pub partner_officer_of: Option<String>,
    /// A member of a partner association.
    pub partner_member: bool,
}

impl Access {
    pub fn editor(&self) -> bool {
        can_manage(self.lead_role)
    }

    /// The association an update is posted for: the lead if they are its officer, else a partner.
    pub fn posts_for(&self, row: &ProjectRow) -> Option<String> {
        if self.editor() { Some(row.association_id.clone()) } else { self.partner_officer_of.clone() }
    }

    /// A member of the lead or (unless private) of a partner association.
    pub fn member(&self, visibility: ProjectVisibility) -> bool {
        self.lead_role.is_some() || (self.partner_member && visibility != ProjectVisibility::Private)
    }

    pub fn sees(&self, visibility: ProjectVisibility) -> bool {
        visibility == ProjectVisibility::Public || self.member(visibility)
    }
}

pub fn access_of(conn: &mut DbConn, row: &ProjectRow, user: Option<&AuthUser>) -> ApiResult<Access> {
    match user {
        Some(user) => access_of_id(conn, row, &user.id),
        None => Ok(Access::default()),
    }
}

/// The part in a project of the user `user_id` (one a signed address names, say).
pub fn access_of_id(conn: &mut DbConn, row: &ProjectRow, user_id: &str) -> ApiResult<Access> {
    let lead_role =
        crate::associations::repo::role_of(conn, &row.association_id, user_id)?.and_then(|r| MemberRole::parse(&r));
    let partners = repo::partner_roles(conn, &row.id, user_id)?;
    let partner_officer_of = partners
        .iter()
        .find(|(_, role)| can_manage(MemberRole::parse(role)))
        .map(|(association, _)| association.clone());
    Ok(Access { lead_role, partner_officer_of, partner_member: !partners.is_empty() })
}

/// The project and the viewer's part in it; 404 when they may not see it.
pub fn load_visible(conn: &mut DbConn, id: &str, user: Option<&AuthUser>) -> ApiResult<(ProjectRow, Access)> {
    let row = repo::find(conn, id)?;
    let access = access_of(conn, &row, user)?;
    if !access.sees(row.visibility()) {
        return Err(ApiError::NotFound);
    }
    Ok((row, access))
}

/// The project, if `user` is an officer of its lead association (403 `not_officer`; 404 if they
/// may not see it).
pub fn require_editor(conn: &mut DbConn, id: &str, user: &AuthUser) -> ApiResult<(ProjectRow, Access)> {
    let (row, access) = load_visible(conn, id, Some(user))?;
    if !access.editor() {
        tracing::warn!(user = %user.id, project = %id, "refused: not an officer of the lead association");
        return Err(ApiError::Forbidden(ErrorCode::NotOfficer));
    }
    Ok((row, access))
}

/// What `user` sees beyond public projects: their associations, and the projects those partner.
pub fn sight(conn: &mut DbConn, user: Option<&AuthUser>) -> ApiResult<Sight> {
    let Some(user) = user else { return Ok(Sight::default()) };
    let associations: Vec<String> = repo::memberships(conn, &user.id)?.into_iter().map(|(a, _)| a).collect();
    let partnered = repo::partnered_by(conn, &associations)?;
    Ok(Sight { associations, partnered })
}
