//! The rules of the network as plain functions: who sees which profile field, what sending a
//! request does when the two members already have one, and who may answer or remove a request.

use madani_shared::ErrorCode;
use madani_shared::network::{ConnectionDirection, ConnectionStatus, Visibility};

use crate::error::ApiError;

pub mod connections;
pub mod follows;
pub mod profiles;

/// How the viewer of a profile relates to its member.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relation {
    Anonymous,
    /// Signed in, not connected.
    Member,
    Connection,
    /// The member themselves.
    Owner,
}

/// May a viewer in `relation` see a field shared with `visibility`?
pub fn can_see(visibility: Visibility, relation: Relation) -> bool {
    match relation {
        Relation::Owner => true,
        Relation::Connection => visibility != Visibility::Private,
        Relation::Member => matches!(visibility, Visibility::Public | Visibility::Members),
        Relation::Anonymous => visibility == Visibility::Public,
    }
}

/// The key of a pair of members, the same whoever asked.
pub fn pair_key(a: &str, b: &str) -> String {
    if a <= b { format!("{a}:{b}") } else { format!("{b}:{a}") }
}

/// The status as `viewer` sees it: declining is silent, so the requester keeps seeing `pending`.
pub fn seen_status(stored: ConnectionStatus, viewer_is_requester: bool) -> ConnectionStatus {
    if stored == ConnectionStatus::Declined && viewer_is_requester { ConnectionStatus::Pending } else { stored }
}

pub fn direction(viewer_is_requester: bool) -> ConnectionDirection {
    if viewer_is_requester { ConnectionDirection::Outgoing } else { ConnectionDirection::Incoming }
}

/// What sending a request does, given the pair's existing row (its requester and status).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SendOutcome {
    /// No row: a new pending request.
    Create,
    /// They asked you first (pending, or declined by you earlier): asking back accepts.
    AcceptTheirs,
    /// They asked you once, you declined, they withdrew: that request is gone, and yours replaces
    /// it as a new one (it must never accept theirs).
    ReplaceWithdrawn,
}

/// What `sender` asking for a connection does, given the pair's row (its requester, status, and
/// whether its requester withdrew it).
pub fn on_send(existing: Option<(&str, ConnectionStatus, bool)>, sender: &str) -> Result<SendOutcome, ApiError> {
    match existing {
        None => Ok(SendOutcome::Create),
        Some((_, ConnectionStatus::Accepted, _)) => Err(ApiError::Conflict(ErrorCode::AlreadyConnected)),
        // A declined request looks pending to its requester, so the answer is the same; one they
        // withdrew after it was declined stays, so it cannot be sent again and again.
        Some((requester, _, _)) if requester == sender => Err(ApiError::Conflict(ErrorCode::ConnectionPending)),
        Some((_, _, true)) => Ok(SendOutcome::ReplaceWithdrawn),
        Some(_) => Ok(SendOutcome::AcceptTheirs),
    }
}

/// The status after the addressee's answer. Only the addressee answers; a third member is told
/// nothing exists (404), and so is everyone once the requester withdrew it: withdrawn means gone. A
/// declined request may still be accepted later, until withdrawn; declining is idempotent.
pub fn answer(
    (requester, addressee): (&str, &str),
    current: ConnectionStatus,
    withdrawn: bool,
    viewer: &str,
    accept: bool,
) -> Result<ConnectionStatus, ApiError> {
    if (viewer != requester && viewer != addressee) || withdrawn {
        return Err(ApiError::NotFound);
    }
    if viewer != addressee {
        return Err(ApiError::Forbidden(ErrorCode::NotAddressee));
    }
    match (current, accept) {
        (ConnectionStatus::Accepted, _) => Err(ApiError::Conflict(ErrorCode::AlreadyConnected)),
        (_, true) => Ok(ConnectionStatus::Accepted),
        (_, false) => Ok(ConnectionStatus::Declined),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ConnectionStatus::*;
    use Relation::*;
    use Visibility::*;

    #[test]
    fn each_relation_sees_its_circle() {
        let sees = |r| Visibility::ALL.iter().filter(|v| can_see(**v, r)).copied().collect::<Vec<_>>();
        assert_eq!(sees(Anonymous), vec![Public]);
        assert_eq!(sees(Member), vec![Public, Members]);
        assert_eq!(sees(Connection), vec![Public, Members, Connections]);
        assert_eq!(sees(Owner), vec![Public, Members, Connections, Private]);
    }

    #[test]
    fn the_pair_key_ignores_direction() {
        assert_eq!(pair_key("b", "a"), pair_key("a", "b"));
        assert_eq!(pair_key("a", "b"), "a:b");
    }

    #[test]
    fn declining_is_silent_to_the_requester() {
        assert_eq!(seen_status(Declined, true), Pending);
        assert_eq!(seen_status(Declined, false), Declined);
        assert_eq!(seen_status(Accepted, true), Accepted);
    }

    #[test]
    fn sending_again_or_back() {
        assert_eq!(on_send(None, "a").unwrap(), SendOutcome::Create);
        assert!(matches!(on_send(Some(("a", Pending, false)), "a"), Err(ApiError::Conflict(_))));
        assert!(matches!(on_send(Some(("a", Declined, false)), "a"), Err(ApiError::Conflict(_))));
        assert!(matches!(on_send(Some(("a", Declined, true)), "a"), Err(ApiError::Conflict(_))), "no resending loop");
        assert!(matches!(on_send(Some(("b", Accepted, false)), "a"), Err(ApiError::Conflict(_))));
        assert_eq!(on_send(Some(("b", Pending, false)), "a").unwrap(), SendOutcome::AcceptTheirs);
        assert_eq!(on_send(Some(("b", Declined, false)), "a").unwrap(), SendOutcome::AcceptTheirs);
        assert_eq!(on_send(Some(("b", Declined, true)), "a").unwrap(), SendOutcome::ReplaceWithdrawn);
    }

    #[test]
    fn only_the_addressee_answers() {
        let ab = ("a", "b");
        assert_eq!(answer(ab, Pending, false, "b", true).unwrap(), Accepted);
        assert_eq!(answer(ab, Pending, false, "b", false).unwrap(), Declined);
        assert_eq!(answer(ab, Declined, false, "b", true).unwrap(), Accepted, "a change of mind");
        assert_eq!(answer(ab, Declined, false, "b", false).unwrap(), Declined);
        assert!(matches!(answer(ab, Declined, true, "b", true), Err(ApiError::NotFound)), "withdrawn means gone");
        assert!(matches!(answer(ab, Pending, false, "a", true), Err(ApiError::Forbidden(_))));
        assert!(matches!(answer(ab, Pending, false, "c", true), Err(ApiError::NotFound)));
        assert!(matches!(answer(ab, Accepted, false, "b", false), Err(ApiError::Conflict(_))));
    }
}
