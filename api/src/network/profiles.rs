//! `/me/profile` and `/members/{user_id}`.

use actix_web::{get, put, web};
use madani_shared::ids::UserId;
use madani_shared::network::{MemberProfile, MyProfile, UpdateMyProfile};

use super::service::profiles;
use crate::auth::AuthUser;
use crate::http::RequiredJson;
use crate::openapi::errors::{Errors, NotFound};
use crate::state::{Answer, State};

/// Your member profile
///
/// Every field with its visibility. Before you save it, the fields are empty and shared with
/// `members`.
#[utoipa::path(tag = "network", responses((status = 200, description = "Your profile", body = MyProfile)), security(("bearer" = [])))]
#[get("/me/profile")]
pub async fn get_my_profile(state: State, user: AuthUser) -> Answer<MyProfile> {
    Ok(web::Json(state.db(move |conn| profiles::mine(conn, &user.id)).await?))
}

/// Replace your member profile
///
/// Your profession, skills and presentation, and who sees each of them and the associations you
/// belong to: `public`, `members` (signed-in users), `connections` or `private`.
#[utoipa::path(tag = "network", request_body = UpdateMyProfile, responses((status = 200, description = "Your saved profile", body = MyProfile)), security(("bearer" = [])))]
#[put("/me/profile")]
pub async fn update_my_profile(state: State, user: AuthUser, body: RequiredJson<UpdateMyProfile>) -> Answer<MyProfile> {
    let req = body.0;
    Ok(web::Json(state.db(move |conn| profiles::save(conn, &user.id, req)).await?))
}

/// A member's profile
///
/// Public: each field shows only if its visibility includes you (anonymous visitors see `public`
/// fields, signed-in members also `members` fields, connections also `connections` fields; you see
/// all of your own). The display name is always shown.
#[utoipa::path(tag = "network", params(("user_id" = UserId, Path, description = "The member's user id")), responses((status = 200, description = "The profile as you may see it", body = MemberProfile), Errors<NotFound>), security((), ("bearer" = [])))]
#[get("/members/{user_id}")]
pub async fn get_member_profile(
    state: State,
    user: Option<AuthUser>,
    path: web::Path<UserId>,
) -> Answer<MemberProfile> {
    let member = path.into_inner().to_string();
    Ok(web::Json(state.db(move |conn| profiles::as_seen_by(conn, user.as_ref(), &member)).await?))
}
