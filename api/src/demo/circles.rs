//! The demo's circles, run by the observatory: "Jeunesse et engagement" (open) where Amina asks how
//! to fund a reading workshop, Karim answers with the call for projects as a PDF and the answer is
//! marked; "Droits des femmes" (on
//! request) where Sarah's request waits; "Coordination des présidents" (invite-only) with Amina in
//! it and Karim invited.

use madani_shared::LocalizedText;
use madani_shared::associations::Field;
use madani_shared::auth::Role;
use madani_shared::circles::{JoinCircle, JoinPolicy, MarkAnswer, NewCircle, NewPost, NewThread, ThreadKind};
use madani_shared::ids::{PostId, UserId};

use super::{files, user_id};
use crate::auth::AuthUser;
use crate::circles::demo as service;
use crate::db::DbConn;
use crate::error::ApiResult;
use crate::storage::Storage;

fn who(conn: &mut DbConn, email: &str, role: Role) -> ApiResult<Option<AuthUser>> {
    Ok(user_id(conn, email)?.map(|id| AuthUser { id, session_id: String::new(), role }))
}

fn text(fr: &str, ar: &str, en: &str) -> LocalizedText {
    LocalizedText { fr: Some(fr.into()), ar: Some(ar.into()), en: Some(en.into()) }
}

fn circle(
    name: LocalizedText,
    description: LocalizedText,
    fields: Vec<Field>,
    wilaya: Option<&str>,
    policy: JoinPolicy,
) -> NewCircle {
    NewCircle { name, description, fields, wilaya: wilaya.map(str::to_owned), policy, observers_allowed: true }
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
    let member = JoinCircle::default();

    let youth = service::create(
        conn,
        &observatory,
        &circle(
            text("Jeunesse et engagement", "الشباب والمشاركة", "Youth and engagement"),
            text(
                "Un cercle ouvert aux associations de jeunesse : **méthodes**, partenariats, appels à projets.",
                "دائرة مفتوحة لجمعيات الشباب: **المناهج** والشراكات ونداءات المشاريع.",
                "An open circle for youth associations: **methods**, partnerships, calls for projects.",
            ),
            vec![Field::Youth],
            None,
            JoinPolicy::Open,
        ),
    )?;
    let id = youth.id.to_string();
    for person in [&amina, &karim, &sarah] {
        service::join(conn, person, &id, &member)?;
    }
    let question = service::start(
        conn,
        &amina,
        &id,
        &NewThread {
            title: "Comment financer un atelier de lecture à Béjaïa ?".into(),
            body: "Nous cherchons des **bailleurs** pour un atelier de lecture pour les 8–12 ans. Des pistes ?".into(),
            kind: ThreadKind::Question,
            mentions: vec![UserId::stored(&karim.id)],
            attachment_ids: Vec::new(),
        },
    )?;
    let thread = question.thread.id.to_string();
    let call = files::pdf(&[
        "Fonds de wilaya pour la jeunesse",
        "Appel a projets : ouverture en mars",
        "Dossier : budget et calendrier",
    ]);
    let key = files::store_pdf(uploads, &format!("circles/{id}"), &call)?;
    let file = service::record(conn, &karim, &id, &key, "appel-a-projets.pdf", "application/pdf", call.len())?;
    let answer = service::reply(
        conn,
        &karim,
        &thread,
        &NewPost {
            body: "Le fonds de wilaya pour la jeunesse finance ce type d'atelier ; l'appel ouvre en mars (en PDF)."
                .into(),
            reply_to: None,
            mentions: Vec::new(),
            attachment_ids: vec![file.id],
        },
    )?;
    service::reply(
        conn,
        &sarah,
        &thread,
        &NewPost {
            body: "We also got support from a cultural foundation last year.".into(),
            reply_to: None,
            mentions: Vec::new(),
            attachment_ids: Vec::new(),
        },
    )?;
    crate::circles::demo::mark_answer(
        conn,
        &amina,
        &thread,
        &MarkAnswer { post_id: Some(PostId::stored(&answer.id.to_string())) },
    )?;
    service::start(
        conn,
        &karim,
        &id,
        &NewThread {
            title: "Journée portes ouvertes : partageons nos dates".into(),
            body: "Notre journée portes ouvertes aura lieu le 20 à Alger. Et vous ?".into(),
            kind: ThreadKind::Discussion,
            mentions: Vec::new(),
            attachment_ids: Vec::new(),
        },
    )?;

    let women = service::create(
        conn,
        &observatory,
        &circle(
            text("Droits des femmes", "حقوق المرأة", "Women's rights"),
            text(
                "Échanges entre associations engagées pour les droits des femmes. Adhésion sur demande.",
                "تبادل بين الجمعيات الملتزمة بحقوق المرأة. الانضمام بطلب.",
                "Exchanges between associations working for women's rights. Membership on request.",
            ),
            vec![Field::Women],
            Some("06"),
            JoinPolicy::Request,
        ),
    )?;
    service::join(conn, &sarah, &women.id.to_string(), &member)?;

    let presidents = service::create(
        conn,
        &observatory,
        &circle(
            text("Coordination des présidents", "تنسيق الرؤساء", "Presidents' coordination"),
            text(
                "Un cercle sur invitation pour les présidents d'associations.",
                "دائرة بالدعوة لرؤساء الجمعيات.",
                "An invitation-only circle for association presidents.",
            ),
            Vec::new(),
            None,
            JoinPolicy::Invite,
        ),
    )?;
    let presidents = presidents.id.to_string();
    service::invite(conn, &observatory, &presidents, &amina.id)?;
    service::join(conn, &amina, &presidents, &member)?;
    service::invite(conn, &observatory, &presidents, &karim.id)?;
    Ok(())
}
