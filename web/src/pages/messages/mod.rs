//! Messaging in the browser: `/messages` (the conversations, latest first, beside the one open on a
//! wide screen; one at a time on a phone), `/messages/:id` (a conversation's messages, older ones on
//! demand, edited and deleted ones marked, a composer), `/messages/new` (with a member, a group or an
//! association's inbox): one page (`page`), kept up to date by the live events (`components::live`).

mod composer;
mod group;
mod list;
mod message;
mod new;
mod page;
mod people;
mod thread;

pub use page::MessagesPage;

use chrono::{DateTime, Utc};
use madani_shared::ids::{ConversationId, UserId};
use madani_shared::messaging::{Conversation, ConversationKind, Message};
use madani_shared::text::Language;

use crate::i18n::{format, k, text};

pub(crate) fn conversation_href(id: ConversationId) -> String {
    format!("/messages/{id}")
}

/// The other members of a conversation (not `me`), still in it.
fn others(c: &Conversation, me: Option<UserId>) -> Vec<String> {
    c.participants.iter().filter(|p| Some(p.user_id) != me && !p.left).map(|p| p.display_name.clone()).collect()
}

/// The list separator of a language.
fn separator(lang: Language) -> &'static str {
    if lang == Language::Ar { "، " } else { ", " }
}

/// What a conversation is called: the other side's name, the group's title, the association's
/// inbox (for its officers: who wrote to it).
fn conversation_title(lang: Language, c: &Conversation, me: Option<UserId>) -> String {
    let names = others(c, me).join(separator(lang));
    match (c.kind, &c.association) {
        (ConversationKind::Group, _) => c.title.clone().unwrap_or(names),
        (ConversationKind::Inbox, Some(a)) if !c.for_association => {
            format(lang, k::MSG_INBOX_OF, &[("name", a.name.get(lang))])
        }
        _ if names.is_empty() => text(lang, k::MSG_NOBODY).to_owned(),
        _ => names,
    }
}

/// A message's first words, for the list: its text without its Markdown marks, on one line (its
/// files' names, for files alone).
fn first_words(lang: Language, m: &Message, me: Option<UserId>) -> String {
    let Some(body) = m.body.as_deref().filter(|_| !m.deleted) else {
        return text(lang, k::MSG_DELETED).to_owned();
    };
    let plain: String = body.chars().filter(|c| !matches!(c, '*' | '_' | '`' | '#' | '>')).collect();
    let mut words = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    if words.is_empty() {
        words = m.attachments.iter().map(|a| a.name.as_str()).collect::<Vec<_>>().join(separator(lang));
    }
    let short = match words.char_indices().nth(80) {
        Some((at, _)) => format!("{}…", &words[..at]),
        None => words,
    };
    if is_mine(m, me) { format(lang, k::MSG_YOU_WROTE, &[("text", &short)]) } else { short }
}

/// What shows under the reader's own latest message (not deleted): its number, and who has read it
/// — "Seen" in a direct conversation once the other has, "Seen by …" with the names of those who
/// have in a group (an empty text while nobody has). `None` when the reader wrote nothing here.
/// The others' positions come only where both sides share read receipts.
fn seen(lang: Language, c: &Conversation, messages: &[Message], me: Option<UserId>) -> Option<(i64, String)> {
    let seq = messages.iter().rev().find(|m| is_mine(m, me) && !m.deleted)?.seq;
    let names: Vec<&str> = c
        .read_positions
        .iter()
        .filter(|r| Some(r.user_id) != me && r.read_seq >= seq)
        .filter_map(|r| c.participants.iter().find(|p| p.user_id == r.user_id && !p.left))
        .map(|p| p.display_name.as_str())
        .collect();
    let said = match c.kind {
        _ if names.is_empty() => String::new(),
        ConversationKind::Direct => text(lang, k::MSG_SEEN).to_owned(),
        _ => format(lang, k::MSG_SEEN_BY, &[("names", &names.join(separator(lang)))]),
    };
    Some((seq, said))
}

fn is_mine(m: &Message, me: Option<UserId>) -> bool {
    me.is_some() && m.author.as_ref().map(|a| a.user_id) == me
}

/// A moment as the language writes it, short: the time alone today, else the day and the time.
fn short_time(lang: Language, at: DateTime<Utc>) -> String {
    let today = js_sys::Date::new_0().to_date_string();
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at.timestamp_millis() as f64));
    let options = js_sys::Object::new();
    if date.to_date_string() != today {
        let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    }
    let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
    let _ = js_sys::Reflect::set(&options, &"hourCycle".into(), &"h23".into());
    let locale = match lang {
        Language::Ar => "ar-DZ-u-nu-latn",
        Language::Fr => "fr-DZ",
        Language::En => "en-GB",
    };
    let formatter = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::of1(&locale.into()), &options);
    formatter.format().call1(&formatter, &date).ok().and_then(|v| v.as_string()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use madani_shared::messaging::ReadPosition;

    use super::*;

    const ME: &str = "01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e70";
    const KARIM: &str = "01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e71";
    const NADIA: &str = "01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e72";

    fn me() -> Option<UserId> {
        ME.parse().ok()
    }

    /// A conversation as the API sends it (read through JSON, as the app does).
    fn conversation(kind: &str, title: Option<&str>, association: Option<&str>, for_association: bool) -> Conversation {
        serde_json::from_value(serde_json::json!({
            "id": "01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e80", "kind": kind, "title": title,
            "association": association.map(|name| serde_json::json!({"id": "01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e90", "name": {"en": name}})),
            "for_association": for_association,
            "participants": [
                {"user_id": ME, "display_name": "Amina", "left": false},
                {"user_id": KARIM, "display_name": "Karim", "left": false},
                {"user_id": NADIA, "display_name": "Nadia", "left": true},
            ],
            "last_message": null, "last_seq": 0, "read_seq": 0, "unread": 0,
            "created_at": "2026-12-06T09:00:00Z", "last_message_at": "2026-12-06T09:00:00Z",
        }))
        .unwrap()
    }

    fn message(author: &str, body: &str, deleted: bool) -> Message {
        serde_json::from_value(serde_json::json!({
            "id": "01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e81", "conversation_id": "01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e80", "seq": 1,
            "author": {"user_id": author, "display_name": "x", "left": false}, "signed_as": null,
            "body": (!deleted).then_some(body), "html": null, "created_at": "2026-12-06T09:00:00Z", "edited_at": null,
            "deleted": deleted, "editable_until": "2026-12-06T09:15:00Z",
        }))
        .unwrap()
    }

    #[test]
    fn a_conversation_is_named_after_the_others_its_group_or_its_association() {
        let en = Language::En;
        assert_eq!(conversation_title(en, &conversation("direct", None, None, false), me()), "Karim");
        assert_eq!(conversation_title(en, &conversation("group", Some("Board"), None, false), me()), "Board");
        let inbox = conversation("inbox", None, Some("Oasis"), false);
        assert_eq!(conversation_title(en, &inbox, me()), "Oasis's inbox");
        // Its officers see who wrote to it.
        assert_eq!(conversation_title(en, &conversation("inbox", None, Some("Oasis"), true), me()), "Karim");
        assert_eq!(others(&inbox, me()), ["Karim"], "neither the reader nor who left");
    }

    #[test]
    fn first_words_are_one_plain_line_and_say_whose() {
        let en = Language::En;
        assert_eq!(
            first_words(en, &message(KARIM, "The **meeting**\nis on _Thursday_", false), me()),
            "The meeting is on Thursday"
        );
        assert_eq!(first_words(en, &message(ME, "Fine", false), me()), "You: Fine");
        assert_eq!(first_words(en, &message(KARIM, "gone", true), me()), "Message deleted");
        let mut files = message(KARIM, "", false);
        files.attachments = serde_json::from_value(serde_json::json!([
            {"id": "01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e82", "name": "plan.pdf", "content_type": "application/pdf", "size": 5, "url": "/f"},
            {"id": "01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e83", "name": "salle.png", "content_type": "image/png", "size": 5, "url": "/g"},
        ]))
        .unwrap();
        assert_eq!(first_words(en, &files, me()), "plan.pdf, salle.png", "files alone: their names");
        let long = first_words(en, &message(KARIM, &"word ".repeat(40), false), me());
        assert!(long.ends_with('…') && long.chars().count() == 81, "{long}");
    }

    /// Messages numbered from 1: (author, deleted).
    fn thread(of: &[(&str, bool)]) -> Vec<Message> {
        of.iter()
            .enumerate()
            .map(|(i, (author, deleted))| Message { seq: i as i64 + 1, ..message(author, "text", *deleted) })
            .collect()
    }

    fn read(c: &mut Conversation, positions: &[(&str, i64)]) {
        c.read_positions = positions
            .iter()
            .map(|(user, seq)| ReadPosition { user_id: user.parse().unwrap(), read_seq: *seq })
            .collect();
    }

    #[test]
    fn the_readers_latest_message_says_who_has_seen_it() {
        let en = Language::En;
        let messages = thread(&[(ME, false), (KARIM, false), (ME, false), (ME, true), (KARIM, false)]);
        // A group: the names of those who read up to the reader's latest message that is not deleted
        // (the 3rd), never who left.
        let mut group = conversation("group", Some("Board"), None, false);
        read(&mut group, &[(KARIM, 2), (NADIA, 5)]);
        assert_eq!(seen(en, &group, &messages, me()), Some((3, String::new())), "Karim read up to the 2nd only");
        read(&mut group, &[(KARIM, 3), (NADIA, 5)]);
        assert_eq!(seen(en, &group, &messages, me()), Some((3, "Seen by Karim".into())));
        group.participants[2].left = false;
        assert_eq!(seen(en, &group, &messages, me()), Some((3, "Seen by Karim, Nadia".into())));
        // A direct conversation: "Seen" once the other has read it.
        let mut direct = conversation("direct", None, None, false);
        assert_eq!(seen(en, &direct, &messages, me()), Some((3, String::new())), "no receipts shared");
        read(&mut direct, &[(KARIM, 4)]);
        assert_eq!(seen(en, &direct, &messages, me()), Some((3, "Seen".into())));
        // Nothing of the reader's: nothing to say.
        assert_eq!(seen(en, &direct, &thread(&[(KARIM, false), (ME, true)]), me()), None);
    }
}
