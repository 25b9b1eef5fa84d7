//! Following associations.

use madani_shared::Page;
use madani_shared::associations::Field;
use madani_shared::ids::AssociationId;
use madani_shared::network::{FollowStatus, FollowedAssociation};

use super::super::repo;
use super::super::rows::FollowRow;
use crate::associations::rows::AssociationRow;
use crate::db::{DbConn, now, to_utc};
use crate::error::{ApiResult, is_unique_violation};
use crate::pagination::{self, page_of};

/// Whether `user` follows the association, and how many do.
pub fn status(conn: &mut DbConn, user: Option<&str>, id: &str) -> ApiResult<FollowStatus> {
    let following = match user {
        Some(u) => repo::is_following(conn, u, id)?,
        None => false,
    };
    Ok(FollowStatus {
        association_id: AssociationId::stored(id),
        following,
        follower_count: repo::follower_count(conn, id)?,
    })
}

/// Follow the association (idempotent: a second follow, even a concurrent one, changes nothing).
pub fn follow(conn: &mut DbConn, user: &str, id: &str) -> ApiResult<FollowStatus> {
    if !repo::is_following(conn, user, id)? {
        let row = FollowRow { user_id: user.to_owned(), association_id: id.to_owned(), created_at: now() };
        if let Err(e) = repo::insert_follow(conn, &row)
            && !is_unique_violation(&e)
        {
            return Err(e.into());
        }
    }
    status(conn, Some(user), id)
}

/// Stop following; whether a follow was removed.
pub fn unfollow(conn: &mut DbConn, user: &str, id: &str) -> ApiResult<bool> {
    Ok(repo::delete_follow(conn, user, id)? > 0)
}

/// A page of the associations `user` follows, newest follow first.
pub fn following(
    conn: &mut DbConn,
    user: &str,
    cursor: Option<&str>,
    limit: i64,
) -> ApiResult<Page<FollowedAssociation>> {
    let after = pagination::after_time_and_id(cursor)?;
    let rows = repo::following(conn, user, after, limit + 1)?;
    let (rows, next_cursor) =
        page_of(rows, limit, |(f, _)| Some(pagination::time_and_id(f.created_at, &f.association_id)));
    Ok(Page { items: followed(conn, rows)?, next_cursor })
}

/// The followed associations as listed, with their fields (one query for all of them).
pub fn followed(conn: &mut DbConn, rows: Vec<(FollowRow, AssociationRow)>) -> ApiResult<Vec<FollowedAssociation>> {
    let ids: Vec<String> = rows.iter().map(|(_, a)| a.id.clone()).collect();
    let fields = crate::associations::repo::fields_of_many(conn, &ids)?;
    Ok(rows
        .into_iter()
        .map(|(f, a)| {
            let mine = fields.iter().filter(|(id, _)| *id == a.id).filter_map(|(_, f)| Field::parse(f)).collect();
            FollowedAssociation { association: a.summary(mine), followed_at: to_utc(f.created_at) }
        })
        .collect())
}
