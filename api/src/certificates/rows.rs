//! The certificates' rows and their API form.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use madani_shared::LocalizedText;
use madani_shared::certificates::*;
use madani_shared::ids::{CertificateId, CourseId};

use super::issue::{Issuer, display_code};
use crate::db::schema::certificates;
use crate::db::to_utc;

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = certificates)]
pub struct CertificateRow {
    pub id: String,
    pub code: String,
    pub course_id: String,
    pub user_id: String,
    pub holder_name: String,
    /// JSON `LocalizedText`.
    pub course_title: String,
    pub issued_at: NaiveDateTime,
    pub status_index: i32,
    pub revoked_at: Option<NaiveDateTime>,
    pub revoked_reason: Option<String>,
    pub revoked_by: Option<String>,
    pub credential: String,
}

impl CertificateRow {
    pub fn course_title(&self) -> LocalizedText {
        serde_json::from_str(&self.course_title).unwrap_or_default()
    }

    pub fn to_api(&self, issuer: &Issuer) -> Certificate {
        let code = display_code(&self.code);
        Certificate {
            id: CertificateId::stored(&self.id),
            verification_url: issuer.verification_url(&code),
            code,
            course_id: CourseId::stored(&self.course_id),
            course_title: self.course_title(),
            holder_name: self.holder_name.clone(),
            issued_at: to_utc(self.issued_at),
            issuer: issuer.name.clone(),
            status: if self.revoked_at.is_some() { CertificateStatus::Revoked } else { CertificateStatus::Valid },
            revoked_at: self.revoked_at.map(to_utc),
            revoked_reason: self.revoked_reason.clone(),
            credential: self.credential.clone(),
        }
    }

    /// What anyone verifying the certificate by its code reads.
    pub fn verification(&self, issuer: &Issuer) -> CertificateVerification {
        let c = self.to_api(issuer);
        CertificateVerification {
            code: c.code,
            holder_name: c.holder_name,
            course_title: c.course_title,
            issued_at: c.issued_at,
            issuer: c.issuer,
            status: c.status,
            revoked_at: c.revoked_at,
            revoked_reason: c.revoked_reason,
            credential: c.credential,
        }
    }
}
