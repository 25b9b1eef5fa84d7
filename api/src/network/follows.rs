//! `/associations/{id}/follow` and `/me/following`.

use actix_web::{delete, get, put, web};
use madani_shared::Page;
use madani_shared::ids::AssociationId;
use madani_shared::network::{FollowStatus, FollowedAssociation};
use madani_shared::page::PageQuery;

use super::service::follows;
use crate::associations::load_visible;
use crate::auth::AuthUser;
use crate::http::ValidQuery;
use crate::openapi::errors::{Errors, NotFound};
use crate::state::{Answer, State};

/// Whether you follow an association
///
/// Public (anonymous callers get `following: false`). 404 for associations you may not see.
#[utoipa::path(tag = "network", params(("id" = AssociationId, Path, description = "The association id")), responses((status = 200, description = "The follower count and whether you follow it", body = FollowStatus), Errors<NotFound>), security((), ("bearer" = [])))]
#[get("/associations/{id}/follow")]
pub async fn get_follow_status(
    state: State,
    user: Option<AuthUser>,
    path: web::Path<AssociationId>,
) -> Answer<FollowStatus> {
    let id = path.into_inner().to_string();
    let status = state
        .db(move |conn| {
            load_visible(conn, &id, user.as_ref())?;
            follows::status(conn, user.as_ref().map(|u| u.id.as_str()), &id)
        })
        .await?;
    Ok(web::Json(status))
}

/// Follow an association
///
/// Idempotent: following twice is the same as once.
#[utoipa::path(tag = "network", params(("id" = AssociationId, Path, description = "The association id")), responses((status = 200, description = "You follow it", body = FollowStatus), Errors<NotFound>), security(("bearer" = [])))]
#[put("/associations/{id}/follow")]
pub async fn follow_association(state: State, user: AuthUser, path: web::Path<AssociationId>) -> Answer<FollowStatus> {
    let id = path.into_inner().to_string();
    let status = state
        .db(move |conn| {
            load_visible(conn, &id, Some(&user))?;
            follows::follow(conn, &user.id, &id)
        })
        .await?;
    Ok(web::Json(status))
}

/// Stop following an association
///
/// Idempotent. You can unfollow an association you follow even after it stopped being public.
#[utoipa::path(tag = "network", params(("id" = AssociationId, Path, description = "The association id")), responses((status = 200, description = "You no longer follow it", body = FollowStatus), Errors<NotFound>), security(("bearer" = [])))]
#[delete("/associations/{id}/follow")]
pub async fn unfollow_association(
    state: State,
    user: AuthUser,
    path: web::Path<AssociationId>,
) -> Answer<FollowStatus> {
    let id = path.into_inner().to_string();
    let status = state
        .db(move |conn| {
            if !follows::unfollow(conn, &user.id, &id)? {
                load_visible(conn, &id, Some(&user))?;
            }
            follows::status(conn, Some(&user.id), &id)
        })
        .await?;
    Ok(web::Json(status))
}

/// Associations you follow
///
/// Newest follow first. Associations that are no longer public are left out.
#[utoipa::path(tag = "network", params(PageQuery), responses((status = 200, description = "A page of the associations you follow", body = Page<FollowedAssociation>)), security(("bearer" = [])))]
#[get("/me/following")]
pub async fn list_my_following(
    state: State,
    user: AuthUser,
    query: ValidQuery<PageQuery>,
) -> Answer<Page<FollowedAssociation>> {
    let q = query.0;
    let limit = i64::from(q.limit());
    let page = state.db(move |conn| follows::following(conn, &user.id, q.cursor.as_deref(), limit)).await?;
    Ok(web::Json(page))
}
