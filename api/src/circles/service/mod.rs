//! The circles' rules: each function takes the connection, checks who may do what through
//! [`super::access`], and owns its transaction.

pub mod circles;
pub mod files;
pub mod members;
pub mod moderation;
pub mod posts;
pub mod threads;

use std::collections::HashMap;

use madani_shared::LocalizedText;
use madani_shared::associations::Field;
use madani_shared::circles::{Circle, CircleStanding, CircleThread, JoinPolicy, ThreadKind};
use madani_shared::ids::{CircleId, PostId, ThreadId, UserId};
use madani_shared::search::tokens;

use super::repo;
use super::rows::{CircleRow, ThreadRow};
use crate::db::{DbConn, to_utc};
use crate::error::ApiResult;

impl CircleRow {
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

    pub fn view(&self, standing: Option<CircleStanding>) -> Circle {
        let description = self.description();
        Circle {
            id: CircleId::stored(&self.id),
            name: self.name(),
            description_html: crate::markdown::localized_html(&description),
            description,
            fields: self.fields.split(',').filter_map(Field::parse).collect(),
            wilaya: self.wilaya_code.clone(),
            policy: JoinPolicy::parse(&self.policy).unwrap_or(JoinPolicy::Invite),
            observers_allowed: self.observers_allowed,
            member_count: self.member_count,
            thread_count: self.thread_count,
            created_at: to_utc(self.created_at),
            last_activity_at: to_utc(self.last_activity_at),
            standing,
        }
    }
}

/// The folded words of a circle's name and description in every language, as ` w1 w2 `.
pub fn search_text(name: &LocalizedText, description: &LocalizedText) -> String {
    let mut words: Vec<String> = Vec::new();
    for t in [&name.ar, &name.fr, &name.en, &description.ar, &description.fr, &description.en].into_iter().flatten() {
        for w in tokens(t) {
            if !words.contains(&w) {
                words.push(w);
            }
        }
    }
    format!(" {} ", words.join(" "))
}

/// A search's folded words (at most 8, each at most 40 characters).
pub fn query_words(q: Option<&str>) -> Vec<String> {
    let mut words: Vec<String> =
        tokens(q.unwrap_or_default()).into_iter().filter(|w| w.chars().count() <= 40).collect();
    words.dedup();
    words.truncate(8);
    words
}

/// `[youth, culture]` as `,youth,culture,`.
pub fn fields_text(fields: &[Field]) -> String {
    let mut names: Vec<String> = fields.iter().map(|f| f.as_str().to_owned()).collect();
    names.sort();
    names.dedup();
    super::rows::joined(&names)
}

/// The threads as the list shows them, with their authors' names.
pub fn thread_views(conn: &mut DbConn, rows: &[ThreadRow]) -> ApiResult<Vec<CircleThread>> {
    let mut people: Vec<String> = rows.iter().filter_map(|t| t.author_id.clone()).collect();
    people.sort();
    people.dedup();
    let names: HashMap<String, String> = repo::names(conn, &people)?.into_iter().collect();
    Ok(rows
        .iter()
        .map(|t| CircleThread {
            id: ThreadId::stored(&t.id),
            circle_id: CircleId::stored(&t.circle_id),
            title: t.title.clone(),
            kind: ThreadKind::parse(&t.kind).unwrap_or(ThreadKind::Discussion),
            author_id: t.author_id.as_deref().map(UserId::stored),
            author_name: t.author_id.as_ref().and_then(|a| names.get(a).cloned()),
            pinned: t.pinned,
            answer_post_id: t.answer_post_id.as_deref().map(PostId::stored),
            reply_count: t.reply_count,
            created_at: to_utc(t.created_at),
            last_post_at: to_utc(t.last_post_at),
        })
        .collect())
}
