//! `AuthUser`: the extractor that authenticates a request by its bearer token. Besides the JWT's own
//! checks it confirms, in the database, that the account is active and the session not revoked, so
//! logout, password changes and disabling take effect at once.

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::LocalBoxFuture;
use madani_shared::ErrorCode;
use madani_shared::auth::Role;

use super::repo;
use crate::error::ApiError;
use crate::state::AppState;

#[derive(Debug, Clone)]
pub struct AuthUser {
    pub id: String,
    pub session_id: String,
    pub role: Role,
}

impl AuthUser {
    /// 403 with `code` (`not_staff`, `not_admin`) unless the user has one of `roles`.
    pub fn require(&self, roles: &[Role], code: ErrorCode) -> Result<(), ApiError> {
        if roles.contains(&self.role) {
            Ok(())
        } else {
            tracing::warn!(user = %self.id, role = self.role.as_str(), reason = code.as_str(), "refused: role");
            Err(ApiError::Forbidden(code))
        }
    }
}

fn bearer(req: &HttpRequest) -> Result<String, ApiError> {
    let value = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .ok_or(ApiError::Unauthenticated)?
        .to_str()
        .map_err(|_| ApiError::InvalidToken("header is not text".into()))?;
    let (scheme, token) = value.split_once(' ').ok_or_else(|| ApiError::InvalidToken("not a bearer token".into()))?;
    if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
        return Err(ApiError::InvalidToken("not a bearer token".into()));
    }
    Ok(token.trim().to_owned())
}

impl FromRequest for AuthUser {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = bearer(req);
        let path = req.path().to_owned();
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::internal("no app state"))?;
            let token = token.inspect_err(|e| tracing::info!(%path, error = %e, "refused: no valid bearer"))?;
            authenticate(&state, &token).await.map(|(user, _)| user)
        })
    }
}

/// The member and session a token stands for, with the second it expires at: its signature and
/// dates, then in the database the session (not revoked) and the account (active).
pub async fn authenticate(state: &AppState, token: &str) -> Result<(AuthUser, i64), ApiError> {
    let claims = state.keys.verify(token)?;
    let exp = claims.exp;
    let user = state
        .db(move |conn| {
            // The session and its account in one read (an account deleted takes its sessions).
            let (session, user) = repo::session_with_user(conn, &claims.sid)?
                .ok_or_else(|| ApiError::InvalidToken("session gone".into()))?;
            if user.disabled {
                return Err(ApiError::InvalidToken("account disabled".into()));
            }
            if user.id != claims.sub || session.revoked_at.is_some() {
                return Err(ApiError::InvalidToken("session revoked".into()));
            }
            Ok(AuthUser { role: user.role(), id: user.id, session_id: session.id })
        })
        .await?;
    Ok((user, exp))
}
