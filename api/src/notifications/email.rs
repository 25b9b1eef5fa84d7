//! The email a notification sends, in its recipient's language. What happened is said with the web
//! app's sentences (`web/locales/*.json`, `notif.kind.*`), so that the app and the email say the
//! same thing and every language has them (the web build refuses a missing key); the email's own
//! words (greeting, link, footer) are here, as in the other templates.

use madani_shared::ids::{AssociationId, ConsultationId, CourseId};
use madani_shared::notifications::{EmailDelivery, NotificationTopic, UnsubscribeScope, consultation_target, target};
use madani_shared::text::Language;

use super::repo;
use super::rows::{Names, NotificationRow};
use crate::db::{DbConn, now};
use crate::error::ApiResult;
use crate::locales::text;

/// The email's own words, in `lang`.
struct Words {
    subject: &'static str,
    greeting: &'static str,
    who: &'static str,
    reason: &'static str,
    open: &'static str,
    signature: &'static str,
    footer: &'static str,
    /// Before the unsubscribe link.
    stop: &'static str,
    daily: &'static str,
    weekly: &'static str,
    /// A digest's first line, before its `{count}` items.
    digest_intro: &'static str,
}

fn words(lang: Language) -> Words {
    match lang {
        Language::Ar => Words {
            subject: "مدني: {text}",
            greeting: "مرحبًا {name}،",
            who: "العضو: {name}",
            reason: "السبب: {reason}",
            open: "للاطّلاع عليه في مدني:",
            signature: "فريق مدني",
            footer: "تصلك هذه الرسالة لأن إشعارات البريد مفعّلة في حسابك على مدني. لتغيير ذلك:",
            stop: "لإيقاف هذه الرسائل بنقرة واحدة:",
            daily: "مدني: ملخّص اليوم ({count})",
            weekly: "مدني: ملخّص الأسبوع ({count})",
            digest_intro: "إليك ما جرى منذ ملخّصك السابق ({count}):",
        },
        Language::Fr => Words {
            subject: "Madani\u{a0}: {text}",
            greeting: "Bonjour {name},",
            who: "Membre\u{a0}: {name}",
            reason: "Motif\u{a0}: {reason}",
            open: "Pour le voir sur Madani\u{a0}:",
            signature: "L'équipe Madani",
            footer: "Vous recevez ce message parce que les notifications par e-mail sont activées dans votre compte Madani. Pour changer cela\u{a0}:",
            stop: "Pour ne plus recevoir ces e-mails, en un clic\u{a0}:",
            daily: "Madani\u{a0}: le résumé du jour ({count})",
            weekly: "Madani\u{a0}: le résumé de la semaine ({count})",
            digest_intro: "Voici ce qui s'est passé depuis votre dernier résumé ({count})\u{a0}:",
        },
        Language::En => Words {
            subject: "Madani: {text}",
            greeting: "Hello {name},",
            who: "Member: {name}",
            reason: "Reason: {reason}",
            open: "See it on Madani:",
            signature: "The Madani team",
            footer: "You receive this email because email notifications are on in your Madani account. To change that:",
            stop: "To stop these emails in one click:",
            daily: "Madani: your daily digest ({count})",
            weekly: "Madani: your weekly digest ({count})",
            digest_intro: "Here is what happened since your last digest ({count}):",
        },
    }
}

fn fill(template: &str, name: &str, value: &str) -> String {
    template.replace(&format!("{{{name}}}"), value)
}

/// The key of the sentence that says what a notification of `kind` is.
pub fn sentence_key(kind: &str) -> String {
    format!("notif.kind.{}", kind.replace('.', "_"))
}

/// What one notification says in an email: its sentence, what it is about, who caused it, why, and
/// where to see it; none for a kind without a sentence.
fn item(lang: Language, row: &NotificationRow, names: &Names, public_url: &str) -> Option<Vec<String>> {
    let sentence = text(lang, &sentence_key(&row.kind))?;
    let w = words(lang);
    let mut lines = vec![sentence.to_owned()];
    if let Some(association) = &names.association {
        lines.push(format!("« {} »", association.get(lang)));
    }
    if let Some(course) = &names.course {
        lines.push(format!("« {} »", course.get(lang)));
    }
    if let Some(consultation) = &names.consultation {
        lines.push(format!("« {} »", consultation.get(lang)));
    }
    if let Some(project) = &names.project {
        lines.push(format!("« {} »", project.get(lang)));
    }
    if let Some(circle) = &names.circle {
        lines.push(format!("« {} »", circle.get(lang)));
    }
    if let Some(actor) = &names.actor {
        lines.push(fill(w.who, "name", actor));
    }
    if let Some(reason) = &row.reason {
        lines.push(fill(w.reason, "reason", reason));
    }
    let association = row.association_id.as_deref().map(AssociationId::stored);
    let course = row.course_id.as_deref().map(CourseId::stored);
    // A circle's: its thread when it is about one, else the circle.
    let circle = (row.thread_id.as_deref().map(|id| format!("/threads/{id}")))
        .or_else(|| row.circle_id.as_deref().map(|id| format!("/circles/{id}")));
    let path = match (row.proposal_id.as_deref(), row.consultation_id.as_deref(), row.project_id.as_deref()) {
        _ if circle.is_some() => circle,
        (Some(id), _, _) => Some(format!("/proposals/{id}")),
        (None, Some(id), _) => Some(consultation_target(&ConsultationId::stored(id))),
        (None, None, Some(id)) => Some(format!("/projects/{id}")),
        (None, None, None) => target(&row.kind, association.as_ref(), course.as_ref()),
    };
    if let Some(path) = path {
        lines.extend([w.open.to_owned(), format!("{public_url}{path}")]);
    }
    Some(lines)
}

/// The end of every notification email: the signature, where to change the settings, and the
/// one-click unsubscribe page.
fn footer(lang: Language, public_url: &str, unsubscribe_page: &str) -> Vec<String> {
    let w = words(lang);
    vec![
        String::new(),
        w.signature.to_owned(),
        String::new(),
        "--".to_owned(),
        w.footer.to_owned(),
        format!("{public_url}/my/notifications#settings"),
        w.stop.to_owned(),
        unsubscribe_page.to_owned(),
    ]
}

/// (subject, body) of the email telling `recipient` about `row`; none for a kind without a sentence.
pub fn render(
    lang: Language,
    recipient: &str,
    row: &NotificationRow,
    names: &Names,
    public_url: &str,
    unsubscribe_page: &str,
) -> Option<(String, String)> {
    let sentence = text(lang, &sentence_key(&row.kind))?;
    let w = words(lang);
    let mut lines = vec![fill(w.greeting, "name", recipient), String::new()];
    lines.extend(item(lang, row, names, public_url)?);
    lines.extend(footer(lang, public_url, unsubscribe_page));
    Some((fill(w.subject, "text", sentence), lines.join("\n") + "\n"))
}

/// (subject, body) of a digest telling `recipient` about `items`, oldest first.
pub fn render_digest(
    lang: Language,
    recipient: &str,
    weekly: bool,
    items: &[(NotificationRow, Names)],
    public_url: &str,
    unsubscribe_page: &str,
) -> (String, String) {
    let w = words(lang);
    let count = items.len().to_string();
    let mut lines = vec![fill(w.greeting, "name", recipient), String::new(), fill(w.digest_intro, "count", &count)];
    for (row, names) in items {
        if let Some(said) = item(lang, row, names, public_url) {
            lines.push(String::new());
            lines.push(format!("• {}", said.join("\n  ")));
        }
    }
    lines.extend(footer(lang, public_url, unsubscribe_page));
    let subject = fill(if weekly { w.weekly } else { w.daily }, "count", &count);
    (subject, lines.join("\n") + "\n")
}

/// The job's work: email the notification `id` to its recipient, unless it is gone, already read,
/// the account is disabled or unverified, or the recipient's settings no longer say at once.
pub fn send(conn: &mut DbConn, id: &str, ctx: &crate::jobs::Context) -> ApiResult<()> {
    let Some(row) = repo::find(conn, id)? else { return Ok(()) };
    if row.read_at.is_some() {
        return Ok(());
    }
    let user = crate::auth::repo::find_user(conn, &row.user_id)?;
    if user.disabled || !user.email_verified {
        return Ok(());
    }
    if super::preferences::for_kind(conn, &user.id, &row.kind)?.email != EmailDelivery::Immediately {
        return Ok(());
    }
    let names = repo::names_of(conn, std::slice::from_ref(&row))?.pop().unwrap_or_default();
    let scope = UnsubscribeScope::Topic(NotificationTopic::of_kind(&row.kind));
    let links = ctx.unsubscribe.links(&ctx.public_url, &user.id, scope);
    let rendered = render(user.language(), &user.display_name, &row, &names, &ctx.public_url, &links.page);
    let Some((subject, body)) = rendered else {
        tracing::warn!(kind = %row.kind, "a notification kind without a sentence: no email");
        return Ok(());
    };
    crate::mail::enqueue_unsubscribable(conn, &user.email, &subject, &body, now(), &links.one_click)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every kind a domain notifies, with its own email or not.
    pub const KINDS: &[&str] = &[
        "association.verified",
        "association.rejected",
        "association.suspended",
        "association.deleted",
        "association.reverification",
        "join_request.received",
        "join_request.approved",
        "join_request.rejected",
        "invitation.received",
        "invitation.accepted",
        "invitation.declined",
        "connection.requested",
        "connection.accepted",
        "course.enrolled",
        "certificate.issued",
        "certificate.revoked",
        "consultation.opened",
        "consultation.closing",
        "consultation.results",
        "proposal.answered",
        "proposal.commented",
        "comment.replied",
        "proposal.routed",
        "moderation.hidden",
        "moderation.restored",
        "moderation.blocked",
        "moderation.summary",
        "project.update",
        "activity.cancelled",
        "activity.promoted",
        "circle.requested",
        "circle.request_approved",
        "circle.request_refused",
        "circle.invited",
        "circle.mentioned",
        "circle.replied",
        "circle.answer_marked",
        "circle.post_hidden_by_reports",
        "moderation.post_hidden",
        "moderation.post_restored",
    ];

    #[test]
    fn every_kind_has_its_sentence_in_every_language() {
        for lang in Language::ALL {
            for kind in KINDS {
                assert!(text(lang, &sentence_key(kind)).is_some(), "{lang:?} {kind}");
            }
        }
    }

    #[test]
    fn the_email_names_the_association_the_member_and_links_back() {
        let row = NotificationRow {
            id: "n".into(),
            user_id: "u".into(),
            kind: "join_request.received".into(),
            association_id: Some("01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e71".into()),
            reason: None,
            created_at: now(),
            read_at: None,
            course_id: None,
            actor_id: Some("a".into()),
            consultation_id: None,
            proposal_id: None,
            project_id: None,
            in_app: true,
            digest: None,
            digested_at: None,
            circle_id: None,
            thread_id: None,
        };
        let names = Names {
            association: Some(madani_shared::LocalizedText {
                fr: Some("Les Amis de Béjaïa".into()),
                ..Default::default()
            }),
            course: None,
            actor: Some("Karim".into()),
            consultation: None,
            project: None,
            circle: None,
        };
        let (subject, body) = render(
            Language::Fr,
            "Amina",
            &row,
            &names,
            "https://madani.example",
            "https://madani.example/unsubscribe/t",
        )
        .unwrap();
        assert!(subject.starts_with("Madani"), "{subject}");
        assert!(body.starts_with("Bonjour Amina"), "{body}");
        assert!(body.contains("Les Amis de Béjaïa") && body.contains("Karim"), "{body}");
        assert!(
            body.contains("https://madani.example/associations/01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e71#join-requests")
        );
        assert!(body.contains("https://madani.example/my/notifications#settings"));
        assert!(body.trim_end().ends_with("https://madani.example/unsubscribe/t"), "{body}");
        let items = vec![
            (row.clone(), names.clone()),
            (NotificationRow { kind: "connection.accepted".into(), ..row.clone() }, names.clone()),
        ];
        let (subject, digest) =
            render_digest(Language::En, "Amina", false, &items, "https://madani.example", "https://madani.example/u");
        assert_eq!(subject, "Madani: your daily digest (2)");
        assert_eq!(digest.matches("\n• ").count(), 2, "{digest}");
        assert!(
            digest.contains("A member asks to join") && digest.contains("connection request was accepted"),
            "{digest}"
        );
        let (_, arabic) = render(
            Language::Ar,
            "أمينة",
            &row,
            &names,
            "https://madani.example",
            "https://madani.example/unsubscribe/t",
        )
        .unwrap();
        assert!(arabic.starts_with("مرحبًا أمينة"), "{arabic}");

        // A circle's notification leads to its thread, else to the circle.
        let circle = "01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e72";
        let thread = "01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e73";
        let about_circle = NotificationRow {
            kind: "circle.request_approved".into(),
            association_id: None,
            circle_id: Some(circle.into()),
            ..row.clone()
        };
        let link = |row: &NotificationRow| {
            let (_, body) =
                render(Language::Fr, "Amina", row, &names, "https://m.example", "https://m.example/u").unwrap();
            body
        };
        assert!(link(&about_circle).contains(&format!("https://m.example/circles/{circle}")));
        let about_thread =
            NotificationRow { kind: "circle.replied".into(), thread_id: Some(thread.into()), ..about_circle };
        assert!(link(&about_thread).contains(&format!("https://m.example/threads/{thread}")));
    }
}
