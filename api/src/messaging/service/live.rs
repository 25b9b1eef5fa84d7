//! The messages that live events carry (`realtime::read`), kept briefly on each instance: a message
//! sent to a group of 100 is read with its author's name, its conversation and its files once, not
//! once per reader, while each reader's right to read it is still checked on its own. A change
//! (`message.updated`) is always read afresh, and an entry lives 30 seconds at most (an author's new
//! name shows within that). Readers woken together for the same message wait for the first one's
//! read instead of all going to the database.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};
use std::time::{Duration, Instant};

use madani_shared::messaging::{AssociationSide, Attachment, Message};

use super::super::access::{self, Side};
use super::super::repo;
use super::super::rows::{ConversationRow, MessageRow};
use super::{association_side, attachments, author_names, message_view};
use crate::db::DbConn;
use crate::error::ApiResult;

/// How long a message read for one reader serves the others.
const KEEP: Duration = Duration::from_secs(30);
/// At most this many messages are kept.
const MOST: usize = 4096;

/// What every reader of a message sees alike.
struct Shared {
    row: MessageRow,
    names: HashMap<String, String>,
    conversation: ConversationRow,
    association: Option<AssociationSide>,
    attachments: Vec<Attachment>,
}

/// A message being read or read: `Err` when the read failed (each waiter then reads it itself),
/// `None` when there is no such message.
type Cell = Arc<OnceLock<Result<Option<Arc<Shared>>, ()>>>;

/// This instance's messages read for live events.
#[derive(Default)]
pub struct LiveMessages {
    entries: Mutex<HashMap<String, (Instant, Cell)>>,
}

impl LiveMessages {
    fn lock(&self) -> MutexGuard<'_, HashMap<String, (Instant, Cell)>> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The message `id` as every reader sees it: kept, or read now (`fresh`: read now whatever is
    /// kept).
    fn get(&self, conn: &mut DbConn, id: &str, fresh: bool) -> ApiResult<Option<Arc<Shared>>> {
        let cell = {
            let mut entries = self.lock();
            let now = Instant::now();
            match entries.get(id) {
                Some((at, cell)) if !fresh && now.duration_since(*at) < KEEP => cell.clone(),
                _ => {
                    if entries.len() >= MOST {
                        entries.retain(|_, (at, _)| now.duration_since(*at) < KEEP);
                        if entries.len() >= MOST {
                            entries.clear();
                        }
                    }
                    let cell: Cell = Arc::default();
                    entries.insert(id.to_owned(), (now, cell.clone()));
                    cell
                }
            }
        };
        let mut failed = None;
        let kept = cell.get_or_init(|| {
            load(conn, id).map_err(|e| {
                failed = Some(e);
            })
        });
        if let Some(e) = failed {
            let mut entries = self.lock();
            if entries.get(id).is_some_and(|(_, c)| Arc::ptr_eq(c, &cell)) {
                entries.remove(id);
            }
            return Err(e);
        }
        match kept {
            Ok(shared) => Ok(shared.clone()),
            // Another reader's read failed: this one tries on its own.
            Err(()) => Ok(load(conn, id)?),
        }
    }
}

fn load(conn: &mut DbConn, id: &str) -> ApiResult<Option<Arc<Shared>>> {
    let Some(row) = repo::find_message(conn, id)? else { return Ok(None) };
    let Some(conversation) = repo::find_conversation(conn, &row.conversation_id)? else { return Ok(None) };
    let names = author_names(conn, std::slice::from_ref(&row))?;
    let association = association_side(conn, conversation.association_id.as_deref())?;
    let mut files = [message_view(&row, Side::Member, &names, association.as_ref())];
    attachments::attach(conn, &mut files)?;
    let [view] = files;
    Ok(Some(Arc::new(Shared { row, names, conversation, association, attachments: view.attachments })))
}

/// These messages as `user_id` may read them now (those they may not are left out); `fresh` ones
/// (changed since they were sent) are read again rather than taken from what is kept.
pub fn messages_for(
    conn: &mut DbConn,
    live: &LiveMessages,
    user_id: &str,
    wanted: &[(String, bool)],
) -> ApiResult<HashMap<String, Message>> {
    let mut fresh: HashMap<&str, bool> = HashMap::new();
    for (id, changed) in wanted {
        *fresh.entry(id.as_str()).or_default() |= *changed;
    }
    let mut sides: HashMap<String, Option<Side>> = HashMap::new();
    let mut out = HashMap::new();
    for (id, fresh) in fresh {
        let Some(shared) = live.get(conn, id, fresh)? else { continue };
        let conversation = &shared.conversation;
        let side = match sides.get(&conversation.id) {
            Some(side) => *side,
            None => {
                let side = access::sight(conn, user_id, conversation.clone()).transpose()?.map(|s| s.side);
                sides.insert(conversation.id.clone(), side);
                side
            }
        };
        let Some(side) = side else { continue };
        let mut message = message_view(&shared.row, side, &shared.names, shared.association.as_ref());
        if !message.deleted {
            message.attachments = shared.attachments.clone();
        }
        out.insert(id.to_owned(), message);
    }
    Ok(out)
}
