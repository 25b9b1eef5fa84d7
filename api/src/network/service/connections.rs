//! Connection requests: sending (or accepting the other's by asking back), answering, withdrawing,
//! removing; and the member's network as they see it.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use madani_shared::ErrorCode;
use madani_shared::Page;
use madani_shared::ids::{ConnectionId, UserId};
use madani_shared::network::{Connection, ConnectionFilter, ConnectionStatus, MemberSummary, NetworkExport};

use super::super::access::{active_user, own_connection};
use super::super::repo::{self, Part};
use super::super::rows::{ConnectionRow, ProfileRow};
use super::{Relation, SendOutcome, can_see, direction, on_send, pair_key, seen_status};
use crate::auth::AuthUser;
use crate::db::{DbConn, new_id, now, to_utc, write_tx};
use crate::error::{ApiError, ApiResult, is_unique_violation};
use crate::notifications::{About, notify};
use crate::pagination::{self, page_of};

/// What sending a request did.
pub enum Sent {
    /// A new request, pending.
    Requested(Connection),
    /// The other member had asked first: now connected.
    Accepted(Connection),
}

/// `user` asks `target` to connect. Their email address must be verified.
pub fn send(conn: &mut DbConn, user: &AuthUser, target: &str, message: Option<String>) -> ApiResult<Sent> {
    if target == user.id {
        return Err(ApiError::field("user_id", "self", "must be another member than you"));
    }
    let me = crate::auth::repo::find_user(conn, &user.id)?;
    if !me.email_verified {
        return Err(ApiError::Forbidden(ErrorCode::EmailNotVerified));
    }
    active_user(conn, target).map_err(|e| match e {
        ApiError::NotFound => ApiError::field("user_id", "unknown", "is not a member of Madani"),
        other => other,
    })?;
    let key = pair_key(&user.id, target);
    let existing = repo::connection_between(conn, &key)?;
    let at = now();
    let outcome = on_send(existing.as_ref().map(|r| (r.requester_id.as_str(), r.status(), r.withdrawn)), &user.id)?;
    match outcome {
        SendOutcome::Create | SendOutcome::ReplaceWithdrawn => {
            let row = ConnectionRow {
                id: new_id(),
                pair_key: key,
                requester_id: user.id.clone(),
                addressee_id: target.to_owned(),
                status: ConnectionStatus::Pending.as_str().to_owned(),
                message: super::profiles::clean(message),
                created_at: at,
                decided_at: None,
                withdrawn: false,
            };
            write_tx(conn, |conn| {
                if let (SendOutcome::ReplaceWithdrawn, Some(gone)) = (outcome, &existing) {
                    repo::delete_connection(conn, &gone.id)?;
                }
                repo::insert_connection(conn, &row).map_err(|e| {
                    if is_unique_violation(&e) { ApiError::Conflict(ErrorCode::ConnectionPending) } else { e.into() }
                })?;
                notify(conn, target, "connection.requested", About::default().by(&user.id))
            })?;
            tracing::info!(from = %user.id, to = %target, "connection requested");
            Ok(Sent::Requested(view(conn, row, &user.id)?))
        }
        SendOutcome::AcceptTheirs => {
            let row = existing.ok_or(ApiError::NotFound)?;
            accept(conn, &row, at)?;
            let row = repo::find_connection(conn, &row.id)?;
            Ok(Sent::Accepted(view(conn, row, &user.id)?))
        }
    }
}

/// Accept `row` (pending or declined), telling its requester.
fn accept(conn: &mut DbConn, row: &ConnectionRow, at: NaiveDateTime) -> ApiResult<()> {
    write_tx(conn, |conn| {
        if repo::set_connection_status(conn, &row.id, &row.status, ConnectionStatus::Accepted.as_str(), at)? == 0 {
            return Err(ApiError::Conflict(ErrorCode::AlreadyDecided));
        }
        notify(conn, &row.requester_id, "connection.accepted", About::default().by(&row.addressee_id))
    })?;
    tracing::info!(connection = %row.id, "connection accepted");
    Ok(())
}

/// The addressee accepts or declines the request `id`.
pub fn answer(conn: &mut DbConn, user: &AuthUser, id: &str, accepting: bool) -> ApiResult<Connection> {
    let row = repo::find_connection(conn, id)?;
    let current = row.status();
    let next = super::answer((&row.requester_id, &row.addressee_id), current, row.withdrawn, &user.id, accepting)?;
    if next != current {
        let at = now();
        if next == ConnectionStatus::Accepted {
            accept(conn, &row, at)?;
        } else if repo::set_connection_status(conn, &row.id, &row.status, next.as_str(), at)? == 0 {
            return Err(ApiError::Conflict(ErrorCode::AlreadyDecided));
        }
    }
    let row = repo::find_connection(conn, id)?;
    view(conn, row, &user.id)
}

/// Either member withdraws the request or removes the connection.
pub fn remove(conn: &mut DbConn, user: &AuthUser, id: &str) -> ApiResult<()> {
    let row = own_connection(conn, user, id)?;
    if row.status() == ConnectionStatus::Declined && row.requester_id == user.id {
        // Declined requests stay, out of the requester's sight, so that withdrawing and sending
        // again cannot be used to notify someone who said no over and over.
        repo::withdraw_connection(conn, id)?;
    } else {
        repo::delete_connection(conn, id)?;
    }
    Ok(())
}

/// A page of `user`'s network, newest first.
pub fn list(
    conn: &mut DbConn,
    user: &str,
    filter: ConnectionFilter,
    cursor: Option<&str>,
    limit: i64,
) -> ApiResult<Page<Connection>> {
    let part = match filter {
        ConnectionFilter::Accepted => Part::Accepted,
        ConnectionFilter::PendingIncoming => Part::Incoming,
        ConnectionFilter::PendingOutgoing => Part::Outgoing,
    };
    let before = match cursor.map(pagination::decode).transpose()?.as_deref() {
        Some([id]) => Some(id.clone()),
        Some(_) => return Err(pagination::bad_cursor()),
        None => None,
    };
    let rows = repo::connections_of(conn, user, part, before.as_deref(), limit + 1)?;
    let (rows, next_cursor) = page_of(rows, limit, |r| Some(pagination::encode(&[&r.id])));
    Ok(Page { items: views(conn, rows, user)?, next_cursor })
}

/// Connections as `viewer` sees them, with the other members' names and headlines (rows whose
/// other member is disabled are left out).
fn views(conn: &mut DbConn, rows: Vec<ConnectionRow>, viewer: &str) -> ApiResult<Vec<Connection>> {
    let others: Vec<String> = rows.iter().map(|r| r.other(viewer).to_owned()).collect();
    let names: HashMap<String, String> = repo::names_of(conn, &others)?.into_iter().collect();
    let profiles: HashMap<String, ProfileRow> =
        repo::profiles_of(conn, &others)?.into_iter().map(|p| (p.user_id.clone(), p)).collect();
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let other = r.other(viewer).to_owned();
            let name = names.get(&other)?.clone();
            let mine = r.requester_id == viewer;
            let rel = if r.status() == ConnectionStatus::Accepted { Relation::Connection } else { Relation::Member };
            let headline =
                profiles.get(&other).filter(|p| can_see(p.headline_visibility(), rel)).and_then(|p| p.headline.clone());
            let decided_at =
                if mine && r.status() == ConnectionStatus::Declined { None } else { r.decided_at.map(to_utc) };
            Some(Connection {
                status: seen_status(r.status(), mine),
                direction: direction(mine),
                member: MemberSummary { user_id: UserId::stored(&other), display_name: name, headline },
                id: ConnectionId::stored(&r.id),
                message: r.message,
                created_at: to_utc(r.created_at),
                decided_at,
            })
        })
        .collect())
}

fn view(conn: &mut DbConn, row: ConnectionRow, viewer: &str) -> ApiResult<Connection> {
    views(conn, vec![row], viewer)?.pop().ok_or(ApiError::NotFound)
}

/// The member's networking data, for the personal-data export.
pub fn export(conn: &mut DbConn, user_id: &str) -> ApiResult<NetworkExport> {
    let profile = repo::find_profile(conn, user_id)?.map(|p| p.to_api());
    let follows = repo::following(conn, user_id, None, i64::MAX)?;
    let following = super::follows::followed(conn, follows)?;
    let rows = repo::all_connections_of(conn, user_id)?;
    Ok(NetworkExport { profile, following, connections: views(conn, rows, user_id)? })
}
