//! Handlers of what the issuer publishes: the revocation status list and its keys.

use actix_web::http::header;
use actix_web::{HttpResponse, get};

use super::service;
use crate::error::ApiResult;
use crate::state::State;

/// The revocation status list
///
/// Public: a W3C `BitstringStatusListCredential` as a VC-JOSE JWT (`application/vc+jwt`), which each
/// certificate's `credentialStatus` points to. Bit `statusListIndex` is 1 when revoked.
#[utoipa::path(tag = "certificates", responses((status = 200, description = "The signed status list", content((String = "application/vc+jwt")))), security(()))]
#[get("/status-lists/revocation")]
pub async fn status_list(state: State) -> ApiResult<HttpResponse> {
    let issuer = state.issuer.clone();
    let jwt = state.db(move |conn| service::publication::status_list(conn, &issuer)).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "application/vc+jwt"))
        .insert_header((header::CACHE_CONTROL, "public, max-age=60"))
        .body(jwt))
}

/// The issuer's public keys
///
/// A JSON Web Key Set with the Ed25519 key (`kid` = its RFC 7638 thumbprint) that signs
/// certificates and the status list.
#[utoipa::path(tag = "certificates", responses((status = 200, description = "The key set", body = Object, example = json!({"keys": [{"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo", "kid": "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k", "alg": "EdDSA", "use": "sig"}]}))), security(()))]
#[get("/.well-known/jwks.json")]
pub async fn jwks(state: State) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .json(serde_json::json!({"keys": [state.issuer.key.jwk()]}))
}
