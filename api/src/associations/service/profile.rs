//! An association's profile: registering one, the profile as a viewer sees it, and changing it.

use madani_shared::ErrorCode;
use madani_shared::associations::*;
use madani_shared::ids::{InvitationId, JoinRequestId};

use super::{search_terms, sort_name};
use crate::associations::repo;
use crate::associations::rows::{AssociationRow, Contacts};
use crate::audit::{self, Subject};
use crate::auth::{AuthUser, is_staff};
use crate::db::{DbConn, new_id, now, write_tx};
use crate::error::{ApiError, ApiResult, is_unique_violation};
use crate::notifications::{About, notify_all};
use crate::territories;

/// The profile as `viewer`, whose role in the association is `role`, sees it.
pub fn view(
    conn: &mut DbConn,
    row: &AssociationRow,
    role: Option<MemberRole>,
    viewer: Option<&AuthUser>,
) -> ApiResult<Association> {
    let fields = repo::fields_of(conn, &row.id)?;
    let count = repo::member_count(conn, &row.id)?;
    let mut association = row.to_api(fields, count, role, role.is_some() || is_staff(viewer));
    association.commune_name = row.commune_id.map(|c| territories::repo::commune_name(conn, c)).transpose()?.flatten();
    // A signed-in visitor who is not a member: their pending request or invitation, if any.
    if let (Some(viewer), None) = (viewer, role) {
        association.viewer_join_request =
            repo::pending_request_of(conn, &row.id, &viewer.id)?.as_deref().map(JoinRequestId::stored);
        association.viewer_invitation =
            repo::pending_invitation_of(conn, &row.id, &viewer.id, now())?.as_deref().map(InvitationId::stored);
    }
    Ok(association)
}

/// The profile as `viewer` sees it, their role looked up.
pub fn view_for(conn: &mut DbConn, row: &AssociationRow, viewer: &AuthUser) -> ApiResult<Association> {
    let role = repo::role_of(conn, &row.id, &viewer.id)?.and_then(|r| MemberRole::parse(&r));
    view(conn, row, role, Some(viewer))
}

/// The commune must be in the wilaya.
pub fn check_place(conn: &mut DbConn, wilaya: &str, commune: Option<i32>) -> ApiResult<()> {
    if !territories::repo::wilaya_exists(conn, wilaya)? {
        return Err(ApiError::field("wilaya_code", "unknown", "is not a wilaya code"));
    }
    if let Some(c) = commune
        && !territories::repo::commune_in_wilaya(conn, c, wilaya)?
    {
        return Err(ApiError::field("commune_id", "not_in_wilaya", "is not a commune of this wilaya"));
    }
    Ok(())
}

/// A contact as given, trimmed; none when its value is empty.
fn given(item: &Option<ContactItem>) -> Option<ContactItem> {
    item.as_ref()
        .map(|c| ContactItem { value: c.value.trim().to_owned(), public: c.public })
        .filter(|c| !c.value.is_empty())
}

fn contacts_json(c: &Contacts) -> String {
    serde_json::to_string(c).unwrap_or_else(|_| "{}".into())
}

/// Fields of activity without repeats, in order.
fn sorted(fields: &[Field]) -> Vec<Field> {
    let mut fields = fields.to_vec();
    fields.sort();
    fields.dedup();
    fields
}

/// Registrations a member may have waiting for verification at once: registering costs nothing,
/// and a number is not theirs until the observatory verifies it.
pub const MAX_PENDING_REGISTRATIONS: i64 = 3;

/// `user` registers `req` and becomes its owner (their email address is verified), unless they
/// already have [`MAX_PENDING_REGISTRATIONS`] waiting: the profile they now see.
pub fn create(conn: &mut DbConn, user: &AuthUser, req: &CreateAssociation) -> ApiResult<Association> {
    let row = write_tx(conn, |conn| {
        repo::lock_registrant(conn, &user.id)?;
        if repo::pending_registrations_of(conn, &user.id)? >= MAX_PENDING_REGISTRATIONS {
            tracing::warn!(user = %user.id, "refused: too many pending registrations");
            return Err(ApiError::Refused {
                code: ErrorCode::TooManyPendingRegistrations,
                detail: format!(
                    "You already have {MAX_PENDING_REGISTRATIONS} associations waiting for verification; wait for the observatory's decisions."
                ),
            });
        }
        register(conn, &user.id, req)
    })?;
    tracing::info!(association = %row.id, owner = %user.id, "association registered");
    view(conn, &row, Some(MemberRole::Owner), Some(user))
}

/// Register `req` with `owner_id` as owner, pending verification: one transaction. A number only
/// pending or rejected associations claim may be registered again (staff see the duplicates in the
/// queue); one a verified or suspended association holds may not.
pub fn register(conn: &mut DbConn, owner_id: &str, req: &CreateAssociation) -> ApiResult<AssociationRow> {
    check_place(conn, &req.wilaya_code, req.commune_id)?;
    if repo::number_holder(conn, req.registration_number.trim(), "")?.is_some() {
        return Err(ApiError::Conflict(ErrorCode::RegistrationNumberTaken));
    }
    insert_association(conn, Some(owner_id), req, AssociationStatus::Pending)
}

/// Store `req`, whose place has been checked, with `status`, and `owner_id` as owner if given
/// (imported associations have none until their officers are invited): one transaction. A
/// verified one whose number another verified (or suspended) association holds is refused
/// (`registration_number_taken`).
pub fn insert_association(
    conn: &mut DbConn,
    owner_id: Option<&str>,
    req: &CreateAssociation,
    status: AssociationStatus,
) -> ApiResult<AssociationRow> {
    let now = now();
    let address = given(&req.address);
    let (name_ar, name_fr, name_en) = req.name.trimmed();
    let (description_ar, description_fr, description_en) = req.description.trimmed();
    let row = AssociationRow {
        id: new_id(),
        name_ar,
        name_fr,
        name_en,
        sort_name: sort_name(&req.name),
        acronym: req.acronym.as_deref().map(str::trim).filter(|a| !a.is_empty()).map(str::to_owned),
        registration_number: req.registration_number.trim().to_owned(),
        category: req.category.as_str().to_owned(),
        wilaya_code: req.wilaya_code.clone(),
        commune_id: req.commune_id,
        address_public: address.as_ref().is_some_and(|a| a.public),
        address: address.map(|a| a.value),
        founded_on: req.founded_on,
        size_band: req.size.as_str().to_owned(),
        description_ar,
        description_fr,
        description_en,
        contacts: contacts_json(&Contacts {
            email: given(&req.email),
            phone: given(&req.phone),
            website: given(&req.website),
            social_links: req.social_links.clone(),
        }),
        status: status.as_str().to_owned(),
        status_reason: None,
        created_at: now,
        updated_at: now,
        logo: None,
    };
    let place = territories::repo::place_names(conn, &row.wilaya_code, row.commune_id)?;
    let terms = search_terms(&req.name, row.acronym.as_deref(), &req.description, &place);
    let fields = sorted(&req.fields);
    write_tx(conn, |conn| {
        repo::insert(conn, &row).map_err(|e| {
            if is_unique_violation(&e) { ApiError::Conflict(ErrorCode::RegistrationNumberTaken) } else { e.into() }
        })?;
        repo::set_fields_and_terms(conn, &row.id, &fields, &terms)?;
        if let Some(owner_id) = owner_id {
            repo::add_member(conn, &row.id, owner_id, MemberRole::Owner.as_str(), now)?;
        }
        Ok::<_, ApiError>(())
    })?;
    Ok(row)
}

/// Change the profile `row` as `req` says (what it leaves out stays); `user`, whose role is
/// `role`, is one of its officers. A verified association given a new name or moved to another
/// wilaya is what the observatory verified no longer: it goes back to the verification queue
/// (pending), its officers told and the change audited. The updated profile.
pub fn update(
    conn: &mut DbConn,
    mut row: AssociationRow,
    role: MemberRole,
    user: &AuthUser,
    req: &UpdateAssociation,
) -> ApiResult<Association> {
    let wilaya = req.wilaya_code.clone().unwrap_or_else(|| row.wilaya_code.clone());
    // A new wilaya without a commune leaves the association's commune behind.
    let commune =
        if req.wilaya_code.is_some() && req.commune_id.is_none() { None } else { req.commune_id.or(row.commune_id) };
    check_place(conn, &wilaya, commune)?;
    let name = req.name.clone().unwrap_or_else(|| row.name());
    let description = req.description.clone().unwrap_or_else(|| row.description());
    let renamed = name.trimmed() != (row.name_ar.clone(), row.name_fr.clone(), row.name_en.clone());
    let moved = wilaya != row.wilaya_code;
    let reverify = row.status() == AssociationStatus::Verified && (renamed || moved);
    (row.name_ar, row.name_fr, row.name_en) = name.trimmed();
    (row.description_ar, row.description_fr, row.description_en) = description.trimmed();
    row.sort_name = sort_name(&name);
    if let Some(a) = &req.acronym {
        row.acronym = Some(a.trim().to_owned()).filter(|a| !a.is_empty());
    }
    if let Some(c) = req.category {
        row.category = c.as_str().to_owned();
    }
    row.wilaya_code = wilaya;
    row.commune_id = commune;
    // An empty value removes the address.
    if req.address.is_some() {
        let address = given(&req.address);
        row.address_public = address.as_ref().is_some_and(|a| a.public);
        row.address = address.map(|a| a.value);
    }
    if req.founded_on.is_some() {
        row.founded_on = req.founded_on;
    }
    if let Some(s) = req.size {
        row.size_band = s.as_str().to_owned();
    }
    let mut contacts = row.contacts();
    // An empty value removes the contact.
    if req.email.is_some() {
        contacts.email = given(&req.email);
    }
    if req.phone.is_some() {
        contacts.phone = given(&req.phone);
    }
    if req.website.is_some() {
        contacts.website = given(&req.website);
    }
    if let Some(l) = &req.social_links {
        contacts.social_links = l.clone();
    }
    row.contacts = contacts_json(&contacts);
    row.updated_at = now();
    let fields = match &req.fields {
        Some(f) => sorted(f),
        None => repo::fields_of(conn, &row.id)?,
    };
    let place = territories::repo::place_names(conn, &row.wilaya_code, row.commune_id)?;
    let terms = search_terms(&name, row.acronym.as_deref(), &description, &place);
    let officers = if reverify {
        row.status = AssociationStatus::Pending.as_str().to_owned();
        row.status_reason = None;
        repo::officers(conn, &row.id)?
    } else {
        Vec::new()
    };
    write_tx(conn, |conn| {
        repo::update(conn, &row)?;
        repo::set_fields_and_terms(conn, &row.id, &fields, &terms)?;
        if reverify {
            let what = match (renamed, moved) {
                (true, true) => "renamed and moved to another wilaya",
                (true, false) => "renamed",
                _ => "moved to another wilaya",
            };
            let kind = "association.reverification";
            audit::record(conn, Some(&user.id), kind, Subject::association(&row.id), Some(what))?;
            let officers: Vec<String> = officers.iter().map(|o| o.id.clone()).collect();
            notify_all(conn, &officers, kind, About::association(&row.id).with_reason(Some(what)))?;
        }
        Ok::<_, ApiError>(())
    })?;
    if reverify {
        tracing::info!(association = %row.id, by = %user.id, "verified association changed: back to the queue");
    }
    view(conn, &row, Some(role), Some(user))
}
