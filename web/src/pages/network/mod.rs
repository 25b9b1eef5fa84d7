//! Networking in the browser: a member's profile with the connect button, and "my network"
//! (requests received and sent, connections, associations followed).

mod member;
mod my_network;

pub use member::MemberPage;
pub use my_network::MyNetwork;

use madani_shared::endpoints::{AcceptConnection, DeclineConnection, DeleteConnection};
use madani_shared::ids::ConnectionId;
use madani_shared::network::ConnectionStatus;

use crate::components::mutation::Mutation;
use crate::i18n::k;
use crate::session::use_session;

/// What a button in the network does to a connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Act {
    Accept,
    Decline,
    /// Withdraw a request or remove a connection.
    Delete,
}

impl Act {
    fn done_key(self, status: ConnectionStatus) -> usize {
        match (self, status) {
            (Act::Accept, _) => k::NETWORK_ACCEPTED_TOAST,
            (Act::Decline, _) => k::NETWORK_DECLINED_TOAST,
            (Act::Delete, ConnectionStatus::Accepted) => k::NETWORK_REMOVED_TOAST,
            (Act::Delete, _) => k::NETWORK_WITHDRAWN_TOAST,
        }
    }
}

/// Acting on a connection in its state: `dispatch((id, act, status))`.
type ActOn = (ConnectionId, Act, ConnectionStatus);

fn connection_acts() -> Mutation<ActOn, usize> {
    let session = use_session();
    Mutation::new(move |(id, act, status): ActOn| async move {
        match act {
            Act::Accept => session.call::<AcceptConnection>(id, &()).await.map(drop),
            Act::Decline => session.call::<DeclineConnection>(id, &()).await.map(drop),
            Act::Delete => session.call::<DeleteConnection>(id, &()).await,
        }
        .map(|()| act.done_key(status))
    })
    .toast_by(|key| Some(*key))
}
