//! Database rows of the registry and their conversion to API types.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use madani_shared::LocalizedText;
use madani_shared::associations::*;
use madani_shared::ids::{AssociationId, ImportId, InvitationId, JoinRequestId, UserId};
use serde::{Deserialize, Serialize};

use crate::db::schema::{association_invitations, associations, import_jobs, join_requests};
use crate::db::to_utc;

#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = associations, treat_none_as_null = true)]
pub struct AssociationRow {
    pub id: String,
    pub name_ar: Option<String>,
    pub name_fr: Option<String>,
    pub name_en: Option<String>,
    pub sort_name: String,
    pub acronym: Option<String>,
    pub registration_number: String,
    pub category: String,
    pub wilaya_code: String,
    pub commune_id: Option<i32>,
    pub address: Option<String>,
    pub founded_on: Option<NaiveDate>,
    pub size_band: String,
    pub description_ar: Option<String>,
    pub description_fr: Option<String>,
    pub description_en: Option<String>,
    pub contacts: String,
    pub status: String,
    pub status_reason: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The storage key of the logo (`logos/<id>-<hash>.<ext>`).
    pub logo: Option<String>,
    /// Whether the public sees `address` (members and staff always do).
    pub address_public: bool,
}

/// Where the logo stored under `key` of association `id` is served.
pub fn logo_url(id: &str, key: &str) -> Option<String> {
    logo_version(key).map(|version| logo_url_of_version(id, version))
}

/// The version a logo's address carries, from its storage key (its content hash).
pub fn logo_version(key: &str) -> Option<&str> {
    key.rsplit('-').next()?.split('.').next()
}

/// Where version `version` of association `id`'s logo is served.
pub fn logo_url_of_version(id: &str, version: &str) -> String {
    format!("/api/v1/associations/{id}/logo?v={version}")
}

/// Contact details as stored (JSON in `contacts`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Contacts {
    pub email: Option<ContactItem>,
    pub phone: Option<ContactItem>,
    pub website: Option<ContactItem>,
    #[serde(default)]
    pub social_links: Vec<SocialLink>,
}

impl AssociationRow {
    pub fn name(&self) -> LocalizedText {
        LocalizedText { ar: self.name_ar.clone(), fr: self.name_fr.clone(), en: self.name_en.clone() }
    }

    pub fn description(&self) -> LocalizedText {
        LocalizedText {
            ar: self.description_ar.clone(),
            fr: self.description_fr.clone(),
            en: self.description_en.clone(),
        }
    }

    pub fn description_html(&self) -> LocalizedText {
        let render = |t: &Option<String>| t.as_deref().map(crate::markdown::to_html).filter(|h| !h.is_empty());
        LocalizedText {
            ar: render(&self.description_ar),
            fr: render(&self.description_fr),
            en: render(&self.description_en),
        }
    }

    pub fn status(&self) -> AssociationStatus {
        AssociationStatus::parse(&self.status).unwrap_or(AssociationStatus::Pending)
    }

    pub fn contacts(&self) -> Contacts {
        serde_json::from_str(&self.contacts).unwrap_or_default()
    }

    pub fn summary(&self, fields: Vec<Field>) -> AssociationSummary {
        AssociationSummary {
            id: AssociationId::stored(&self.id),
            name: self.name(),
            acronym: self.acronym.clone(),
            category: Category::parse(&self.category).unwrap_or(Category::Communal),
            fields,
            wilaya_code: self.wilaya_code.clone(),
            commune_id: self.commune_id,
            size: SizeBand::parse(&self.size_band).unwrap_or(SizeBand::Tiny),
            status: self.status(),
            logo_url: self.logo_url(),
            created_at: to_utc(self.created_at),
        }
    }

    /// Where the logo is served; the key's hash in it changes with each new logo, so the answer
    /// can be cached for long.
    pub fn logo_url(&self) -> Option<String> {
        logo_url(&self.id, self.logo.as_deref()?)
    }

    /// The profile as `viewer_role` sees it; `privileged` (members, staff) includes private details.
    pub fn to_api(
        &self,
        fields: Vec<Field>,
        member_count: i64,
        viewer_role: Option<MemberRole>,
        privileged: bool,
    ) -> Association {
        let contacts = self.contacts();
        let visible = |item: Option<ContactItem>| item.filter(|c| privileged || c.public);
        let s = self.summary(fields);
        Association {
            id: s.id,
            name: s.name,
            acronym: s.acronym,
            registration_number: self.registration_number.clone(),
            category: s.category,
            fields: s.fields,
            wilaya_code: s.wilaya_code,
            commune_id: s.commune_id,
            address: self
                .address
                .clone()
                .map(|value| ContactItem { value, public: self.address_public })
                .filter(|a| privileged || a.public),
            founded_on: self.founded_on,
            size: s.size,
            description: self.description(),
            description_html: self.description_html(),
            email: visible(contacts.email),
            phone: visible(contacts.phone),
            website: visible(contacts.website),
            social_links: contacts.social_links.into_iter().filter(|l| privileged || l.public).collect(),
            status: s.status,
            status_reason: if privileged { self.status_reason.clone() } else { None },
            member_count,
            viewer_role,
            commune_name: None,
            viewer_join_request: None,
            viewer_invitation: None,
            logo_url: s.logo_url,
            created_at: s.created_at,
            updated_at: to_utc(self.updated_at),
        }
    }
}

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = join_requests)]
pub struct JoinRequestRow {
    pub id: String,
    pub association_id: String,
    pub user_id: String,
    pub message: Option<String>,
    pub status: String,
    pub created_at: NaiveDateTime,
    pub decided_at: Option<NaiveDateTime>,
    pub decided_by: Option<String>,
}

impl JoinRequestRow {
    /// The request with the requester's display name.
    pub fn to_api(self, display_name: String) -> JoinRequest {
        JoinRequest {
            id: JoinRequestId::stored(&self.id),
            association_id: AssociationId::stored(&self.association_id),
            user_id: UserId::stored(&self.user_id),
            display_name,
            message: self.message,
            status: JoinRequestStatus::parse(&self.status).unwrap_or(JoinRequestStatus::Pending),
            created_at: to_utc(self.created_at),
            decided_at: self.decided_at.map(to_utc),
        }
    }
}

/// A member as `repo::members` lists them: (user id, display name, role, joined at).
pub type MemberRow = (String, String, String, NaiveDateTime);

pub fn member_to_api((user_id, display_name, role, joined_at): MemberRow) -> Member {
    Member {
        user_id: UserId::stored(&user_id),
        display_name,
        role: MemberRole::parse(&role).unwrap_or(MemberRole::Member),
        joined_at: to_utc(joined_at),
    }
}

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = association_invitations)]
pub struct InvitationRow {
    pub id: String,
    pub association_id: String,
    pub email: String,
    pub role: String,
    pub message: Option<String>,
    pub status: String,
    pub invited_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub decided_at: Option<NaiveDateTime>,
}

impl InvitationRow {
    /// The status as the API tells it: a pending invitation past its date has expired.
    pub fn status_at(&self, now: NaiveDateTime) -> InvitationStatus {
        match InvitationStatus::parse(&self.status) {
            Some(InvitationStatus::Pending) if self.expires_at <= now => InvitationStatus::Expired,
            Some(s) => s,
            None => InvitationStatus::Expired,
        }
    }

    pub fn to_api(
        &self,
        association_name: LocalizedText,
        invited_by: Option<String>,
        now: NaiveDateTime,
    ) -> Invitation {
        Invitation {
            id: InvitationId::stored(&self.id),
            association_id: AssociationId::stored(&self.association_id),
            association_name,
            email: self.email.clone(),
            role: MemberRole::parse(&self.role).unwrap_or(MemberRole::Member),
            message: self.message.clone(),
            status: self.status_at(now),
            invited_by,
            created_at: to_utc(self.created_at),
            expires_at: to_utc(self.expires_at),
            decided_at: self.decided_at.map(to_utc),
        }
    }
}

#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = import_jobs)]
pub struct ImportJobRow {
    pub id: String,
    pub created_by: Option<String>,
    pub dry_run: bool,
    pub status: String,
    pub total_rows: i64,
    pub processed_rows: i64,
    pub created_count: i64,
    pub errors: String,
    pub created_at: NaiveDateTime,
    pub finished_at: Option<NaiveDateTime>,
    /// JSON: what rows will do besides creating their association (`ImportRowError`s).
    pub notes: String,
}

impl ImportJobRow {
    pub fn to_api(&self) -> ImportJob {
        ImportJob {
            id: ImportId::stored(&self.id),
            status: ImportStatus::parse(&self.status).unwrap_or(ImportStatus::Failed),
            dry_run: self.dry_run,
            total_rows: self.total_rows,
            processed_rows: self.processed_rows,
            created: self.created_count,
            errors: serde_json::from_str(&self.errors).unwrap_or_default(),
            notes: serde_json::from_str(&self.notes).unwrap_or_default(),
            created_at: to_utc(self.created_at),
            finished_at: self.finished_at.map(to_utc),
        }
    }
}
