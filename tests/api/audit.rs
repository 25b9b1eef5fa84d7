//! The audit log names what each action was done to, as it was named then, on both backends.

use madani_shared::associations::*;
use madani_shared::endpoints::*;
use madani_shared::ids::AssociationId;
use madani_shared::page::PageQuery;
use madani_tests::{AssociationBuilder, both_backends, fr};

both_backends! {
    async fn the_audit_log_names_the_association_as_it_was_then(app) {
        let owner = app.member("owner@example.org").await;
        let staff = app.admin("staff@example.org").await;
        let kept = AssociationBuilder::new(&owner).name_fr("Les Oliviers").expect_build(&app).await;
        let gone = AssociationBuilder::new(&owner).name_fr("Doublon de Tizi").expect_build(&app).await;
        let as_staff = app.as_user(&staff);
        as_staff.call::<VerifyAssociation>(kept.id, &StatusDecision::default()).await.unwrap();
        as_staff.call::<DeleteAssociation>(gone.id, &StatusDecision { reason: Some("Doublon".into()) }).await.unwrap();
        // Renamed afterwards: the entry keeps the name it had when it was verified.
        let rename = UpdateAssociation { name: Some(fr("Les Grands Oliviers")), ..Default::default() };
        app.as_user(&owner).call::<UpdateAssociationEndpoint>(kept.id, &rename).await.unwrap();

        let log = as_staff.call::<ListAuditLog>((), &PageQuery::default()).await.unwrap();
        let named = |action: &str, id: AssociationId| {
            log.items
                .iter()
                .find(|e| e.action == action && e.target_id.parse::<AssociationId>().ok() == Some(id))
                .and_then(|e| e.target_name.as_ref().and_then(|n| n.fr.clone()))
        };
        assert_eq!(named("association.verified", kept.id).as_deref(), Some("Les Oliviers"));
        assert_eq!(named("association.deleted", gone.id).as_deref(), Some("Doublon de Tizi"), "named after it is gone");
        assert_eq!(named("association.reverification", kept.id).as_deref(), Some("Les Grands Oliviers"));
    }
}
