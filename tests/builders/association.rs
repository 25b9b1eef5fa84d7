//! `AssociationBuilder`: an association registered by its owner, with members and a staff decision
//! if asked.

use madani_shared::associations::{
    Association, Category, ContactItem, CreateAssociation, CreateJoinRequest, Field, SizeBand, StatusDecision,
};
use madani_shared::auth::TokenResponse;
use madani_shared::endpoints::{
    ApproveJoinRequest, CreateAssociationEndpoint, CreateJoinRequestEndpoint, GetAssociation, RejectAssociation,
    SuspendAssociation, VerifyAssociation,
};
use madani_shared::{ClientError, LocalizedText};

use crate::TestApp;

/// A staff decision on a new association.
enum Decision {
    Verify,
    Reject(String),
    Suspend(String),
}

/// By default a small youth association of wilaya 06 (commune 158), named `Association <n>` in
/// French, with a registration number of its own, no contacts and no other member, pending
/// verification.
///
/// The answer is the association as its owner sees it once everything asked is done: the answer
/// to its registration when nothing else was asked.
pub struct AssociationBuilder<'a> {
    owner: &'a TokenResponse,
    body: CreateAssociation,
    members: Vec<&'a TokenResponse>,
    decision: Option<(&'a TokenResponse, Decision)>,
}

impl<'a> AssociationBuilder<'a> {
    pub fn new(owner: &'a TokenResponse) -> Self {
        let n = super::serial();
        let body = CreateAssociation {
            name: LocalizedText { fr: Some(format!("Association {n}")), ..Default::default() },
            acronym: None,
            registration_number: format!("T-{n:05}"),
            category: Category::Wilaya,
            fields: vec![Field::Youth],
            wilaya_code: "06".into(),
            commune_id: Some(158),
            address: None,
            founded_on: None,
            size: SizeBand::Small,
            description: LocalizedText::default(),
            email: None,
            phone: None,
            website: None,
            social_links: vec![],
        };
        AssociationBuilder { owner, body, members: Vec::new(), decision: None }
    }

    /// The French name only.
    pub fn name_fr(mut self, name: &str) -> Self {
        self.body.name = LocalizedText { fr: Some(name.into()), ..Default::default() };
        self
    }

    /// An Arabic name beside the French one.
    pub fn name_ar(mut self, name: &str) -> Self {
        self.body.name.ar = Some(name.into());
        self
    }

    pub fn name(mut self, name: LocalizedText) -> Self {
        self.body.name = name;
        self
    }

    pub fn registration(mut self, number: &str) -> Self {
        self.body.registration_number = number.into();
        self
    }

    pub fn category(mut self, category: Category) -> Self {
        self.body.category = category;
        self
    }

    pub fn fields(mut self, fields: &[Field]) -> Self {
        self.body.fields = fields.to_vec();
        self
    }

    /// The wilaya, without a commune (the default commune is of wilaya 06).
    pub fn wilaya(mut self, code: &str) -> Self {
        self.body.wilaya_code = code.into();
        self.body.commune_id = None;
        self
    }

    pub fn size(mut self, size: SizeBand) -> Self {
        self.body.size = size;
        self
    }

    pub fn commune(mut self, commune: Option<i32>) -> Self {
        self.body.commune_id = commune;
        self
    }

    pub fn description(mut self, description: LocalizedText) -> Self {
        self.body.description = description;
        self
    }

    pub fn email(mut self, value: &str, public: bool) -> Self {
        self.body.email = Some(ContactItem { value: value.into(), public });
        self
    }

    pub fn phone(mut self, value: &str, public: bool) -> Self {
        self.body.phone = Some(ContactItem { value: value.into(), public });
        self
    }

    pub fn website(mut self, value: &str, public: bool) -> Self {
        self.body.website = Some(ContactItem { value: value.into(), public });
        self
    }

    /// Members who asked to join and whom the owner accepted, in this order.
    pub fn members(mut self, members: &[&'a TokenResponse]) -> Self {
        self.members.extend_from_slice(members);
        self
    }

    pub fn verified_by(mut self, staff: &'a TokenResponse) -> Self {
        self.decision = Some((staff, Decision::Verify));
        self
    }

    pub fn rejected_by(mut self, staff: &'a TokenResponse, reason: &str) -> Self {
        self.decision = Some((staff, Decision::Reject(reason.into())));
        self
    }

    /// Verified, then suspended.
    pub fn suspended_by(mut self, staff: &'a TokenResponse, reason: &str) -> Self {
        self.decision = Some((staff, Decision::Suspend(reason.into())));
        self
    }

    pub async fn build(self, app: &TestApp) -> Result<Association, ClientError> {
        let as_owner = app.as_user(self.owner);
        let created = as_owner.call::<CreateAssociationEndpoint>((), &self.body).await?;
        let id = created.id;
        for member in &self.members {
            let request =
                app.as_user(member).call::<CreateJoinRequestEndpoint>(id, &CreateJoinRequest::default()).await?;
            as_owner.call::<ApproveJoinRequest>((id, request.id), &()).await?;
        }
        if let Some((staff, decision)) = &self.decision {
            let as_staff = app.as_user(staff);
            let because = |reason: &str| StatusDecision { reason: Some(reason.into()) };
            match decision {
                Decision::Verify => {
                    as_staff.call::<VerifyAssociation>(id, &StatusDecision::default()).await?;
                }
                Decision::Reject(reason) => {
                    as_staff.call::<RejectAssociation>(id, &because(reason)).await?;
                }
                Decision::Suspend(reason) => {
                    as_staff.call::<VerifyAssociation>(id, &StatusDecision::default()).await?;
                    as_staff.call::<SuspendAssociation>(id, &because(reason)).await?;
                }
            }
        }
        if self.members.is_empty() && self.decision.is_none() {
            return Ok(created);
        }
        as_owner.call::<GetAssociation>(id, &()).await
    }

    pub async fn expect_build(self, app: &TestApp) -> Association {
        let number = self.body.registration_number.clone();
        self.build(app).await.unwrap_or_else(|e| panic!("association {number}: {e}"))
    }
}
