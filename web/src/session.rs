//! The signed-in session in the browser. The access token lives only in memory; the refresh token is
//! an HttpOnly cookie the app never sees. On start, and before the access token expires, the app
//! refreshes silently through the cookie; a request answered `invalid_token` is retried once after
//! a refresh. Refreshes are single-flight: the server treats a refresh token used twice as stolen.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use madani_shared::auth::{LoginRequest, RefreshRequest, TokenResponse, TokenTransport, User};
use madani_shared::endpoints::{Login, Logout, Refresh};
use madani_shared::endpoints::{Method, fill_path};
use madani_shared::{Client, ClientError, Endpoint, ErrorCode};

#[derive(Clone, Copy)]
pub struct Session {
    /// The signed-in user, `None` when signed out.
    pub user: RwSignal<Option<User>>,
    /// The first silent refresh has finished: `user` is known.
    pub ready: RwSignal<bool>,
    token: RwSignal<Option<String>>,
    refreshing: RwSignal<bool>,
    /// Bumped on each new token, so a stale refresh timer does nothing.
    generation: RwSignal<u64>,
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// A client for the page's own origin.
pub fn base_client() -> Client {
    let origin = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
    Client::new(origin)
}

impl Session {
    pub fn new() -> Self {
        Session {
            user: RwSignal::new(None),
            ready: RwSignal::new(false),
            token: RwSignal::new(None),
            refreshing: RwSignal::new(false),
            generation: RwSignal::new(0),
        }
    }

    /// Restore the session from the refresh cookie, if there is one.
    pub fn start(self) {
        spawn_local(async move {
            let _ = self.refresh().await;
            self.ready.set(true);
        });
    }

    pub fn is_signed_in(&self) -> bool {
        self.user.with(Option::is_some)
    }

    fn client(&self) -> Client {
        match self.token.get_untracked() {
            Some(token) => base_client().with_token(token),
            None => base_client(),
        }
    }

    fn accept(self, tokens: TokenResponse) {
        self.token.set(Some(tokens.access_token));
        self.user.set(Some(tokens.user));
        let generation = self.generation.get_untracked() + 1;
        self.generation.set(generation);
        // Refresh a minute before expiry (and never sooner than in 10 s).
        let wait = Duration::from_secs((tokens.expires_in - 60).max(10) as u64);
        set_timeout(
            move || {
                if self.generation.get_untracked() == generation {
                    spawn_local(async move {
                        let _ = self.refresh().await;
                    });
                }
            },
            wait,
        );
    }

    fn clear(self) {
        self.token.set(None);
        self.user.set(None);
        self.generation.update(|g| *g += 1);
    }

    pub async fn login(self, email: String, password: String) -> Result<User, ClientError> {
        let tokens = base_client()
            .call::<Login>(&[], &LoginRequest { email, password, transport: TokenTransport::Cookie })
            .await?;
        let user = tokens.user.clone();
        self.accept(tokens);
        Ok(user)
    }

    pub async fn logout(self) {
        let _ = base_client().call::<Logout>(&[], &RefreshRequest::default()).await;
        self.clear();
    }

    /// Forget the session locally (after the account was deleted or signed out elsewhere).
    pub fn forget(self) {
        self.clear();
    }

    /// Get a new access token through the cookie. Waits for a refresh already under way instead of
    /// starting a second one.
    pub async fn refresh(self) -> bool {
        if self.refreshing.get_untracked() {
            while self.refreshing.get_untracked() {
                sleep(Duration::from_millis(50)).await;
            }
            return self.token.with_untracked(Option::is_some);
        }
        self.refreshing.set(true);
        let result = base_client().call::<Refresh>(&[], &RefreshRequest::default()).await;
        let ok = match result {
            Ok(tokens) => {
                self.accept(tokens);
                true
            }
            Err(_) => {
                self.clear();
                false
            }
        };
        self.refreshing.set(false);
        ok
    }

    /// Call the API as the signed-in user; an expired access token is refreshed once and the call
    /// retried.
    pub async fn call<E: Endpoint>(self, path_args: &[&str], request: &E::Request) -> Result<E::Response, ClientError> {
        let body = madani_shared::client::to_json(request)?;
        let bytes = self.request(E::METHOD, fill_path(E::PATH, path_args), body).await?;
        madani_shared::client::decode(&bytes)
    }

    /// The non-generic part of `call` (kept once in the WASM build, not once per endpoint).
    async fn request(self, method: Method, path: String, body: serde_json::Value) -> Result<Vec<u8>, ClientError> {
        match self.client().request(method, &path, body.clone()).await {
            Err(ClientError::Api(p)) if p.code == ErrorCode::InvalidToken || p.code == ErrorCode::Unauthenticated => {
                if self.refresh().await {
                    self.client().request(method, &path, body).await
                } else {
                    Err(ClientError::Api(p))
                }
            }
            other => other,
        }
    }

    /// The raw answer of `E` (a CSV export rather than JSON), refreshing the access token once if it
    /// has expired.
    pub async fn fetch<E: Endpoint>(self, path_args: &[&str]) -> Result<Vec<u8>, ClientError> {
        self.request(E::METHOD, fill_path(E::PATH, path_args), serde_json::Value::Null).await
    }

    /// Upload `bytes` to `E` (a logo), refreshing the access token once if it has expired.
    pub async fn upload<E: Endpoint>(
        self,
        path_args: &[&str],
        query: &[(&str, &str)],
        bytes: Vec<u8>,
        content_type: String,
    ) -> Result<E::Response, ClientError> {
        match self.client().upload::<E>(path_args, query, bytes.clone(), &content_type).await {
            Err(ClientError::Api(p)) if p.code == ErrorCode::InvalidToken || p.code == ErrorCode::Unauthenticated => {
                if self.refresh().await {
                    self.client().upload::<E>(path_args, query, bytes, &content_type).await
                } else {
                    Err(ClientError::Api(p))
                }
            }
            other => other,
        }
    }

    /// The signed-in user's profile changed (display name, language, verification).
    pub fn set_user(self, user: User) {
        self.user.set(Some(user));
    }
}

impl Default for Session {
    fn default() -> Self {
        Self::new()
    }
}

/// Wait without blocking the page.
pub async fn sleep(duration: Duration) {
    let (tx, rx) = futures_channel_oneshot();
    set_timeout(tx, duration);
    rx.await;
}

/// A one-shot signal from a timer callback to an async task, built on a JS promise.
fn futures_channel_oneshot() -> (impl FnOnce() + 'static, impl std::future::Future<Output = ()>) {
    let mut resolve_fn: Option<js_sys::Function> = None;
    let promise = js_sys::Promise::new(&mut |resolve, _reject| resolve_fn = Some(resolve));
    let resolve = resolve_fn.expect("promise executor runs at once");
    let fire = move || {
        let _ = resolve.call0(&wasm_bindgen::JsValue::UNDEFINED);
    };
    let wait = async move {
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    };
    (fire, wait)
}
