//! Whom a member may write to, for the new conversation's pickers: their connections and the
//! members of their associations (the server checks the rest: blocks, and who takes messages).

use leptos::prelude::GetUntracked;
use madani_shared::ClientError;
use madani_shared::endpoints::{ListConnections, ListMembers, ListMyAssociations};
use madani_shared::ids::UserId;
use madani_shared::network::{ConnectionFilter, ListConnectionsQuery};

use crate::session::Session;

/// A member who can be picked.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Person {
    pub id: UserId,
    pub name: String,
}

/// At most this many pages of connections (100 each).
const PAGES: usize = 5;

/// The member's connections and fellow members, each once, by name; never the member.
pub(super) async fn people(session: Session) -> Result<Vec<Person>, ClientError> {
    let me = session.user.get_untracked().map(|u| u.id);
    let mut found: Vec<Person> = Vec::new();
    let mut cursor = None;
    for _ in 0..PAGES {
        let query = ListConnectionsQuery { status: Some(ConnectionFilter::Accepted), limit: Some(100), cursor };
        let page = session.call::<ListConnections>((), &query).await?;
        found.extend(page.items.into_iter().map(|c| Person { id: c.member.user_id, name: c.member.display_name }));
        cursor = page.next_cursor;
        if cursor.is_none() {
            break;
        }
    }
    for mine in session.call::<ListMyAssociations>((), &()).await? {
        // A suspended association's list may be refused: its members are still someone's connections.
        if let Ok(members) = session.call::<ListMembers>(mine.association.id, &()).await {
            found.extend(members.into_iter().map(|m| Person { id: m.user_id, name: m.display_name }));
        }
    }
    found.retain(|p| Some(p.id) != me);
    found.sort_by(|a, b| {
        a.name.to_lowercase().cmp(&b.name.to_lowercase()).then(a.id.to_string().cmp(&b.id.to_string()))
    });
    found.dedup_by(|a, b| a.id == b.id);
    Ok(found)
}
