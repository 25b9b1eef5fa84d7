//! `madani seed-sockets N`: N members, each with a session, and a group conversation of the first
//! 100 of them, for the WebSocket bench. Prints one line per member, `<user id> <access token>` (an
//! hour's token, signed with the server's key), then `group <conversation id>`.

use std::io::Write;

use crate::auth::rows::{NewUser, SessionRow};
use crate::auth::tokens::TokenKeys;
use crate::auth::{passwords, repo as users};
use crate::db::{DbConn, new_id, now, write_tx};
use crate::error::ApiResult;

/// The members of the bench's group (its starter included).
pub const GROUP: usize = 100;

pub fn seed(conn: &mut DbConn, keys: &TokenKeys, count: usize, out: &mut impl Write) -> ApiResult<()> {
    // One hash for all: the bench signs its members in with tokens, never with passwords.
    let hash = passwords::hash(&new_id())?;
    let run = &new_id()[24..];
    let at = now();
    let mut ids = Vec::with_capacity(count);
    write_tx(conn, |conn| -> ApiResult<()> {
        for i in 0..count {
            let id = new_id();
            let email = format!("socket-{run}-{i}@bench.test");
            users::insert_user(
                conn,
                &NewUser {
                    id: &id,
                    email: &email,
                    email_verified: true,
                    password_hash: &hash,
                    display_name: &format!("Socket {i}"),
                    preferred_language: "fr",
                    role: "member",
                    disabled: false,
                    created_at: at,
                    updated_at: at,
                },
            )?;
            let session = SessionRow {
                id: new_id(),
                user_id: id.clone(),
                created_at: at,
                last_used_at: at,
                expires_at: at + chrono::TimeDelta::days(1),
                revoked_at: None,
                revoked_reason: None,
                user_agent: Some("seed-sockets".into()),
                ip: None,
            };
            users::insert_session(conn, &session)?;
            ids.push((id, session.id));
        }
        Ok(())
    })?;
    let members: Vec<String> = ids.iter().take(GROUP).map(|(id, _)| id.clone()).collect();
    let group = crate::messaging::seed_group(conn, "Bench", &members)?;
    for (id, session) in &ids {
        let token = keys.issue(id, session, 3600)?;
        writeln!(out, "{id} {token}").map_err(|e| crate::error::ApiError::internal(e.to_string()))?;
    }
    writeln!(out, "group {group}").map_err(|e| crate::error::ApiError::internal(e.to_string()))?;
    Ok(())
}
