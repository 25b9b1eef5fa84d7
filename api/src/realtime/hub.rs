//! The sockets (and long polls) of this instance, by member: woken when a member has new events,
//! each then reads them from the database after the position it has sent.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tokio::sync::Notify;

/// One waiting reader: a socket or a long poll.
pub struct Slot {
    id: u64,
    pub session_id: String,
    pub wake: Notify,
}

#[derive(Default)]
pub struct Hub {
    next: AtomicU64,
    readers: Mutex<HashMap<String, Vec<Arc<Slot>>>>,
    /// The messages the events carry, read once for all the readers woken for them.
    pub messages: crate::messaging::LiveMessages,
}

/// A reader's place in the hub, given back when dropped.
pub struct Registration {
    hub: Arc<Hub>,
    user_id: String,
    pub slot: Arc<Slot>,
}

impl Drop for Registration {
    fn drop(&mut self) {
        let mut readers = self.hub.readers.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(slots) = readers.get_mut(&self.user_id) {
            slots.retain(|s| s.id != self.slot.id);
            if slots.is_empty() {
                readers.remove(&self.user_id);
            }
        }
    }
}

impl Hub {
    /// A place for one more reader of `user_id`'s events; none when they already have `limit`.
    pub fn register(self: &Arc<Self>, user_id: &str, session_id: &str, limit: Option<usize>) -> Option<Registration> {
        let slot = Arc::new(Slot {
            id: self.next.fetch_add(1, Ordering::Relaxed),
            session_id: session_id.to_owned(),
            wake: Notify::new(),
        });
        let mut readers = self.readers.lock().unwrap_or_else(|e| e.into_inner());
        let slots = readers.entry(user_id.to_owned()).or_default();
        if limit.is_some_and(|limit| slots.len() >= limit) {
            return None;
        }
        slots.push(slot.clone());
        Some(Registration { hub: self.clone(), user_id: user_id.to_owned(), slot })
    }

    /// Tell the readers of these members that they have something new.
    pub fn wake<S: AsRef<str>>(&self, users: &[S]) {
        let readers = self.readers.lock().unwrap_or_else(|e| e.into_inner());
        for user in users {
            for slot in readers.get(user.as_ref()).into_iter().flatten() {
                slot.wake.notify_one();
            }
        }
    }

    /// Every reader looks again (after the fan-out's connection was lost: something may have been
    /// missed).
    pub fn wake_all(&self) {
        let readers = self.readers.lock().unwrap_or_else(|e| e.into_inner());
        for slot in readers.values().flatten() {
            slot.wake.notify_one();
        }
    }

    /// How many readers are connected.
    pub fn len(&self) -> usize {
        self.readers.lock().unwrap_or_else(|e| e.into_inner()).values().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
