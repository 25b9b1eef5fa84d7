//! Messaging's rules: starting conversations, writing, reading, people in groups, settings and
//! blocks; and the views each participant gets.

pub mod attachments;
pub mod conversations;
pub mod live;
pub mod messages;
pub mod people;

use std::collections::HashMap;

use chrono::TimeDelta;
use madani_shared::LocalizedText;
use madani_shared::ids::{AssociationId, ConversationId, MessageId, UserId};
use madani_shared::messaging::{AssociationSide, EDIT_WINDOW_MINUTES, Message, Participant};

use super::access::Side;
use super::rows::MessageRow;
use crate::db::{DbConn, to_utc};
use crate::error::ApiResult;

/// The association an inbox is addressed to, named.
/// The associations whose inboxes `ids` are, by id, in one query.
pub(crate) fn association_sides(conn: &mut DbConn, ids: &[&str]) -> ApiResult<HashMap<String, AssociationSide>> {
    use crate::db::schema::associations;
    use diesel::prelude::*;
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    type Names = (String, Option<String>, Option<String>, Option<String>);
    let rows: Vec<Names> = associations::table
        .filter(associations::id.eq_any(ids))
        .select((associations::id, associations::name_ar, associations::name_fr, associations::name_en))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, ar, fr, en)| {
            let side = AssociationSide { id: AssociationId::stored(&id), name: LocalizedText { ar, fr, en } };
            (id, side)
        })
        .collect())
}

pub(crate) fn association_side(conn: &mut DbConn, association_id: Option<&str>) -> ApiResult<Option<AssociationSide>> {
    let Some(association_id) = association_id else { return Ok(None) };
    let row = crate::associations::repo::find(conn, association_id)?;
    Ok(Some(AssociationSide {
        id: AssociationId::stored(&row.id),
        name: LocalizedText { ar: row.name_ar, fr: row.name_fr, en: row.name_en },
    }))
}

/// A message as seen from `side`: an answer signed as the association does not name its officer
/// to the other side.
pub(crate) fn message_view(
    row: &MessageRow,
    side: Side,
    names: &HashMap<String, String>,
    association: Option<&AssociationSide>,
) -> Message {
    let signed_as = if row.as_association { association.cloned() } else { None };
    let author = match (&row.author_id, row.as_association, side) {
        (Some(_), true, Side::Member) | (None, _, _) => None,
        (Some(author), _, _) => Some(Participant {
            user_id: UserId::stored(author),
            display_name: names.get(author).cloned().unwrap_or_default(),
            left: false,
            removed: false,
        }),
    };
    Message {
        id: MessageId::stored(&row.id),
        conversation_id: ConversationId::stored(&row.conversation_id),
        seq: row.seq,
        author,
        signed_as,
        html: row.body.as_deref().map(crate::markdown::to_html),
        body: row.body.clone(),
        created_at: to_utc(row.created_at),
        edited_at: row.edited_at.map(to_utc),
        deleted: row.deleted_at.is_some(),
        editable_until: to_utc(row.created_at + TimeDelta::minutes(EDIT_WINDOW_MINUTES)),
        attachments: Vec::new(),
    }
}

/// The names of these messages' authors.
pub(crate) fn author_names(conn: &mut DbConn, rows: &[MessageRow]) -> ApiResult<HashMap<String, String>> {
    let mut ids: Vec<String> = rows.iter().filter_map(|m| m.author_id.clone()).collect();
    ids.sort_unstable();
    ids.dedup();
    Ok(super::repo::display_names(conn, &ids)?)
}
