//! One-click unsubscribe (RFC 8058): every notification email carries a link that stops what it is
//! (its topic, its digest) without signing in. The link names the member and the scope and is signed
//! with a key derived from the server's secret, so nothing is stored and a forged or altered link is
//! refused; the email's `List-Unsubscribe` header points at the API (a mail client POSTs to it), its
//! body at the web page that shows what will stop and asks for the click (a link scanner's GET
//! changes nothing).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use madani_shared::ErrorCode;
use madani_shared::ids::UnsubscribeToken;
use madani_shared::notifications::{EmailDelivery, NotificationTopic, UnsubscribeScope, Unsubscription};
use sha2::Sha256;

use super::preferences;
use crate::db::DbConn;
use crate::error::{ApiError, ApiResult};

type HmacSha256 = Hmac<Sha256>;

/// A token ends with its signature: 32 bytes in unpadded base64.
const SIGNATURE_CHARS: usize = 43;

/// Signs and checks unsubscribe links.
#[derive(Clone)]
pub struct UnsubscribeSigner {
    key: [u8; 32],
}

/// The two addresses of one unsubscribe link.
pub struct Links {
    /// The web page that shows what stops and asks for the click (in the email's body).
    pub page: String,
    /// The API address a mail client POSTs to (`List-Unsubscribe`).
    pub one_click: String,
}

fn scope_text(scope: UnsubscribeScope) -> String {
    match scope {
        UnsubscribeScope::Topic(topic) => format!("topic:{}", topic.as_str()),
        UnsubscribeScope::Digest(frequency) => format!("digest:{}", frequency.as_str()),
        UnsubscribeScope::All => "all".to_owned(),
    }
}

fn parse_scope(text: &str) -> Option<UnsubscribeScope> {
    match text.split_once(':') {
        None if text == "all" => Some(UnsubscribeScope::All),
        Some(("topic", topic)) => NotificationTopic::parse(topic).map(UnsubscribeScope::Topic),
        Some(("digest", frequency)) => {
            EmailDelivery::parse(frequency).filter(|f| f.is_digest()).map(UnsubscribeScope::Digest)
        }
        _ => None,
    }
}

impl UnsubscribeSigner {
    /// A signer whose key is derived from `secret` (the access-token key, which every instance
    /// shares): its signatures are worth nothing as tokens or media signatures.
    pub fn derive(secret: &[u8]) -> Self {
        let mut mac = HmacSha256::new_from_slice(secret).expect("HMAC takes keys of any length");
        mac.update(b"madani: unsubscribe links, v1");
        UnsubscribeSigner { key: mac.finalize().into_bytes().into() }
    }

    fn mac(&self, payload: &str) -> HmacSha256 {
        let mut mac = HmacSha256::new_from_slice(&self.key).expect("HMAC takes keys of any length");
        mac.update(payload.as_bytes());
        mac
    }

    /// The token that stops `scope` for `user_id`.
    pub fn token(&self, user_id: &str, scope: UnsubscribeScope) -> String {
        let payload = URL_SAFE_NO_PAD.encode(format!("{user_id}\n{}", scope_text(scope)));
        let signature = URL_SAFE_NO_PAD.encode(self.mac(&payload).finalize().into_bytes());
        format!("{payload}{signature}")
    }

    pub fn links(&self, public_url: &str, user_id: &str, scope: UnsubscribeScope) -> Links {
        let token = self.token(user_id, scope);
        Links {
            page: format!("{public_url}/unsubscribe/{token}"),
            one_click: format!("{public_url}/api/v1/unsubscribe/{token}"),
        }
    }

    /// The member and scope a token names; 403 `bad_signature` unless this server signed it as it
    /// is. The comparison takes the same time whatever the signature.
    pub fn open(&self, token: &UnsubscribeToken) -> ApiResult<(String, UnsubscribeScope)> {
        let refused = || ApiError::Forbidden(ErrorCode::BadSignature);
        let token = token.as_str();
        let (payload, signature) =
            token.split_at_checked(token.len().saturating_sub(SIGNATURE_CHARS)).ok_or_else(refused)?;
        let given = URL_SAFE_NO_PAD.decode(signature).map_err(|_| refused())?;
        self.mac(payload).verify_slice(&given).map_err(|_| refused())?;
        let text = URL_SAFE_NO_PAD.decode(payload).ok().and_then(|b| String::from_utf8(b).ok()).ok_or_else(refused)?;
        let (user_id, scope) = text.split_once('\n').ok_or_else(refused)?;
        Ok((user_id.to_owned(), parse_scope(scope).ok_or_else(refused)?))
    }
}

/// `amina@example.org` → `a…@example.org`.
fn masked(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => format!("{}…@{domain}", local.chars().next().unwrap_or('?')),
        None => "…".to_owned(),
    }
}

/// Whether what `scope` names already sends no email.
fn stopped(conn: &mut DbConn, user_id: &str, scope: UnsubscribeScope) -> ApiResult<bool> {
    let settings = preferences::settings(conn, user_id)?;
    if !settings.email_enabled {
        return Ok(true);
    }
    Ok(match scope {
        UnsubscribeScope::All => false,
        UnsubscribeScope::Topic(topic) => {
            !topic.is_essential() && settings.topics.iter().any(|t| t.topic == topic && t.email == EmailDelivery::Never)
        }
        UnsubscribeScope::Digest(frequency) => !settings.topics.iter().any(|t| t.email == frequency),
    })
}

/// What the link stops, for whom, and whether it is already stopped; 404 for an account that is gone.
pub fn describe(conn: &mut DbConn, signer: &UnsubscribeSigner, token: &UnsubscribeToken) -> ApiResult<Unsubscription> {
    let (user_id, scope) = signer.open(token)?;
    let user = crate::auth::repo::find_user(conn, &user_id).map_err(|_| ApiError::NotFound)?;
    let done = stopped(conn, &user.id, scope)?;
    Ok(Unsubscription { scope, email: masked(&user.email), done })
}

/// Stop what the link names (again is fine: nothing changes).
pub fn apply(conn: &mut DbConn, signer: &UnsubscribeSigner, token: &UnsubscribeToken) -> ApiResult<Unsubscription> {
    let (user_id, scope) = signer.open(token)?;
    let user = crate::auth::repo::find_user(conn, &user_id).map_err(|_| ApiError::NotFound)?;
    match scope {
        UnsubscribeScope::All => preferences::stop_email(conn, &user.id, &[], true)?,
        UnsubscribeScope::Topic(topic) => preferences::stop_email(conn, &user.id, &[topic], false)?,
        UnsubscribeScope::Digest(frequency) => {
            let topics: Vec<NotificationTopic> = preferences::settings(conn, &user.id)?
                .topics
                .iter()
                .filter(|t| t.email == frequency)
                .map(|t| t.topic)
                .collect();
            preferences::stop_email(conn, &user.id, &topics, false)?
        }
    }
    Ok(Unsubscription { scope, email: masked(&user.email), done: true })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_names_its_member_and_scope_and_cannot_be_altered() {
        let signer = UnsubscribeSigner::derive(b"a secret of some length, 32 bytes+");
        let user = "01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e71";
        for scope in [
            UnsubscribeScope::All,
            UnsubscribeScope::Topic(NotificationTopic::Projects),
            UnsubscribeScope::Digest(EmailDelivery::Weekly),
        ] {
            let token: UnsubscribeToken = signer.token(user, scope).parse().expect("a well-formed token");
            assert_eq!(signer.open(&token).unwrap(), (user.to_owned(), scope));
        }
        let token = signer.token(user, UnsubscribeScope::Topic(NotificationTopic::Projects));
        let (payload, signature) = token.split_at(token.len() - SIGNATURE_CHARS);
        // Another member, same signature.
        let other = URL_SAFE_NO_PAD.encode("01936b2e-8f5a-7c3d-9a4e-2f1b6c8d0e72\ntopic:projects");
        let forged: UnsubscribeToken = format!("{other}{signature}").parse().unwrap();
        assert!(signer.open(&forged).is_err());
        // Signed by another server.
        let elsewhere =
            UnsubscribeSigner::derive(b"another secret of some length, 32+").token(user, UnsubscribeScope::All);
        assert!(signer.open(&elsewhere.parse().unwrap()).is_err());
        assert!(signer.open(&format!("{payload}{}", "A".repeat(43)).parse().unwrap()).is_err());
        assert_eq!(masked("amina@example.org"), "a…@example.org");
    }
}
