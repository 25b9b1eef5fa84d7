//! Handler of `GET /me/associations`: the associations you belong to.

use actix_web::{get, web};
use madani_shared::associations::MyAssociation;

use super::service;
use crate::auth::AuthUser;
use crate::state::{Answer, State};

/// Your associations
#[utoipa::path(tag = "me", responses((status = 200, description = "The associations you belong to, with your role", body = Vec<MyAssociation>)), security(("bearer" = [])))]
#[get("/me/associations")]
pub async fn list_my_associations(state: State, user: AuthUser) -> Answer<Vec<MyAssociation>> {
    Ok(web::Json(state.db(move |conn| service::mine::list(conn, &user.id)).await?))
}
