//! Database rows of institutions and their staff, and their API form.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use madani_shared::LocalizedText;
use madani_shared::ids::{InstitutionId, UserId};
use madani_shared::institutions::*;

use crate::db::schema::{institution_staff, institutions};
use crate::db::to_utc;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = institutions, treat_none_as_null = true)]
pub struct InstitutionRow {
    pub id: String,
    pub kind: String,
    pub name_ar: Option<String>,
    pub name_fr: Option<String>,
    pub name_en: Option<String>,
    pub acronym: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl InstitutionRow {
    pub fn name(&self) -> LocalizedText {
        LocalizedText { ar: self.name_ar.clone(), fr: self.name_fr.clone(), en: self.name_en.clone() }
    }

    pub fn to_api(&self, staff_count: i64, viewer_role: Option<InstitutionRole>) -> Institution {
        Institution {
            id: InstitutionId::stored(&self.id),
            kind: InstitutionKind::parse(&self.kind).unwrap_or(InstitutionKind::Other),
            name: self.name(),
            acronym: self.acronym.clone(),
            staff_count,
            viewer_role,
            created_at: to_utc(self.created_at),
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = institution_staff)]
pub struct StaffRow {
    pub institution_id: String,
    pub user_id: String,
    pub role: String,
    pub added_at: NaiveDateTime,
}

impl StaffRow {
    pub fn role(&self) -> InstitutionRole {
        // The CHECK constraint keeps other values out; the lesser role otherwise.
        InstitutionRole::parse(&self.role).unwrap_or(InstitutionRole::Staff)
    }

    pub fn to_api(&self, display_name: String, email: String) -> StaffMember {
        StaffMember {
            user_id: UserId::stored(&self.user_id),
            display_name,
            email,
            role: self.role(),
            added_at: to_utc(self.added_at),
        }
    }
}
