//! The demo's conversations: the observatory writes to El Amel's inbox and Amina answers for the
//! association; a coordination group of the observatory with Amina, Karim and Sarah; a direct
//! conversation between the observatory and Karim. Karim sends the group his open day's programme
//! as a PDF.

use madani_shared::auth::Role;
use madani_shared::ids::UserId;
use madani_shared::messaging::{ConversationKind, StartConversation};

use super::{files, user_id};
use crate::auth::AuthUser;
use crate::db::DbConn;
use crate::error::ApiResult;
use crate::messaging::demo as service;
use crate::storage::Storage;

fn who(conn: &mut DbConn, email: &str, role: Role) -> ApiResult<Option<AuthUser>> {
    Ok(user_id(conn, email)?.map(|id| AuthUser { id, session_id: String::new(), role }))
}

fn start(kind: ConversationKind, with: Vec<UserId>, body: &str) -> StartConversation {
    StartConversation { kind, with, association_id: None, title: None, body: body.into() }
}

pub fn seed(conn: &mut DbConn, uploads: &dyn Storage) -> ApiResult<()> {
    let (Some(observatory), Some(amina), Some(karim), Some(sarah)) = (
        who(conn, "observatoire@madani.test", Role::Observatory)?,
        who(conn, "amina@madani.test", Role::Member)?,
        who(conn, "karim@madani.test", Role::Member)?,
        who(conn, "sarah@madani.test", Role::Member)?,
    ) else {
        return Ok(());
    };
    let ids = |users: &[&AuthUser]| users.iter().map(|u| UserId::stored(&u.id)).collect::<Vec<_>>();

    if let Some(el_amel) = super::projects::association_id(conn, "06/2019/0421")? {
        let inbox = StartConversation {
            association_id: Some(el_amel),
            ..start(
                ConversationKind::Inbox,
                Vec::new(),
                "Bonjour, l'observatoire prépare le rapport annuel de la wilaya de Béjaïa. Pourriez-vous nous \
                 transmettre le bilan de vos activités de soutien scolaire ?",
            )
        };
        let (c, _) = service::start(conn, &observatory, &inbox)?;
        service::send(
            conn,
            &amina,
            &c.id.to_string(),
            "Bonjour, merci pour votre message. Le bilan sera prêt **fin du mois** ; nous vous l'enverrons ici.",
            &[],
        )?;
    }

    let group = StartConversation {
        title: Some("Coordination Alger – Béjaïa".into()),
        ..start(
            ConversationKind::Group,
            ids(&[&amina, &karim, &sarah]),
            "Bienvenue dans ce groupe de coordination : partagez ici vos dates d'activités pour éviter les chevauchements.",
        )
    };
    let (c, _) = service::start(conn, &observatory, &group)?;
    let group_id = c.id.to_string();
    service::send(conn, &karim, &group_id, "Merci ! Notre journée portes ouvertes est le 20, à Alger.", &[])?;
    let programme =
        files::pdf(&["Journee portes ouvertes - Alger, le 20", "10 h : accueil", "14 h : ateliers des associations"]);
    let key = files::store_pdf(uploads, &format!("attachments/{group_id}"), &programme)?;
    let name = "programme-portes-ouvertes.pdf";
    let file = service::record(conn, &karim, &group_id, &key, name, "application/pdf", programme.len())?;
    service::send(conn, &karim, &group_id, "Le programme, en PDF.", &[file.id])?;
    service::send(conn, &sarah, &group_id, "Noted, we will avoid that date for the training.", &[])?;

    service::start(
        conn,
        &observatory,
        &start(ConversationKind::Direct, ids(&[&karim]), "Bonjour Karim, votre dossier de partenariat est complet."),
    )?;
    Ok(())
}
