//! The signed-in session in the browser. The access token lives only in memory; the refresh token is
//! an HttpOnly cookie the app never sees. On start, and before the access token expires, the app
//! refreshes silently through the cookie; a request answered `invalid_token` is retried once after
//! a refresh. Refreshes are single-flight: the server treats a refresh token used twice as stolen.
//!
//! Since the app cannot read the cookie, it keeps a marker in localStorage ("this browser has a
//! session", no secret in it), set when a login or refresh succeeds and removed when one fails or
//! on logout: without it the app does not try to refresh, so a visitor's page load asks nothing
//! that is bound to be refused.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use madani_shared::auth::{LoginRequest, RefreshRequest, TokenResponse, TokenTransport, User};
use madani_shared::endpoints::{Login, Logout, Refresh};
use madani_shared::endpoints::{Method, path_of};
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

/// The localStorage key of the session marker.
pub const SESSION_MARKER: &str = "madani.session";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// Whether this browser may hold a refresh cookie. Without storage (a browser that refuses it) the
/// app cannot tell, and tries.
fn has_session_marker() -> bool {
    storage().is_none_or(|s| s.get_item(SESSION_MARKER).ok().flatten().is_some())
}

fn set_session_marker(present: bool) {
    if let Some(s) = storage() {
        let _ = if present { s.set_item(SESSION_MARKER, "1") } else { s.remove_item(SESSION_MARKER) };
    }
}

/// Ask the service worker (`web/sw.js`) to drop the API answers it kept for offline reading.
fn forget_offline_reads() {
    let worker = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w.navigator(), &"serviceWorker".into()).ok())
        .and_then(|sw| js_sys::Reflect::get(&sw, &"controller".into()).ok())
        .filter(|c| c.is_object());
    if let Some(worker) = worker {
        let post = js_sys::Reflect::get(&worker, &"postMessage".into()).ok();
        if let Some(post) = post.and_then(|p| wasm_bindgen::JsCast::dyn_into::<js_sys::Function>(p).ok()) {
            let _ = post.call1(&worker, &"forget".into());
        }
    }
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

    /// Restore the session from the refresh cookie, if this browser has one (its marker says so).
    pub fn start(self) {
        if !has_session_marker() {
            self.ready.set(true);
            return;
        }
        spawn_local(async move {
            let _ = self.refresh().await;
            self.ready.set(true);
        });
    }

    pub fn is_signed_in(&self) -> bool {
        self.user.with(Option::is_some)
    }

    /// The access token (tracked: it changes with each refresh), for what `call` cannot carry: the
    /// messages area's WebSocket.
    pub fn access_token(&self) -> Option<String> {
        self.token.get()
    }

    fn client(&self) -> Client {
        match self.token.get_untracked() {
            Some(token) => base_client().with_token(token),
            None => base_client(),
        }
    }

    fn accept(self, tokens: TokenResponse) {
        set_session_marker(true);
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
        set_session_marker(false);
        forget_offline_reads();
        self.forget_token();
    }

    fn forget_token(self) {
        self.token.set(None);
        self.user.set(None);
        self.generation.update(|g| *g += 1);
    }

    pub async fn login(self, email: String, password: String) -> Result<User, ClientError> {
        let tokens = base_client()
            .call::<Login>((), &LoginRequest { email, password, transport: TokenTransport::Cookie })
            .await?;
        let user = tokens.user.clone();
        self.accept(tokens);
        Ok(user)
    }

    pub async fn logout(self) {
        let _ = base_client().call::<Logout>((), &RefreshRequest::default()).await;
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
        // No cookie to refresh with (signed out, here or in another tab): nothing to ask.
        if !has_session_marker() {
            self.clear();
            return false;
        }
        self.refreshing.set(true);
        let result = base_client().call::<Refresh>((), &RefreshRequest::default()).await;
        let ok = match result {
            Ok(tokens) => {
                self.accept(tokens);
                true
            }
            // Refused: the cookie is gone or spent. Unanswered (a lost link): signed out for now,
            // and the next page load tries again.
            Err(ClientError::Api(_)) => {
                self.clear();
                false
            }
            Err(_) => {
                self.forget_token();
                false
            }
        };
        self.refreshing.set(false);
        ok
    }

    /// Call the API as the signed-in user; an expired access token is refreshed once and the call
    /// retried.
    pub async fn call<E: Endpoint>(self, path: E::Path, request: &E::Request) -> Result<E::Response, ClientError> {
        let body = madani_shared::client::to_json(request)?;
        let bytes = self.request(E::METHOD, path_of::<E>(&path), body).await?;
        madani_shared::client::decode(&bytes)
    }

    /// Call `E` as whoever is looking: with the access token when signed in, without one otherwise
    /// (or while the session is not known yet) — for what anyone may see, and members see more of.
    pub async fn call_as_viewer<E: Endpoint>(
        self,
        path: E::Path,
        request: &E::Request,
    ) -> Result<E::Response, ClientError> {
        if self.ready.get_untracked() && self.is_signed_in() {
            self.call::<E>(path, request).await
        } else {
            base_client().call::<E>(path, request).await
        }
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
    pub async fn fetch<E: Endpoint>(self, path: E::Path) -> Result<Vec<u8>, ClientError> {
        self.request(E::METHOD, path_of::<E>(&path), serde_json::Value::Null).await
    }

    /// Upload `bytes` to `E` (a logo), refreshing the access token once if it has expired.
    pub async fn upload<E: Endpoint>(
        self,
        path: E::Path,
        query: &[(&str, &str)],
        bytes: Vec<u8>,
        content_type: String,
    ) -> Result<E::Response, ClientError>
    where
        E::Path: Clone,
    {
        match self.client().upload::<E>(path.clone(), query, bytes.clone(), &content_type).await {
            Err(ClientError::Api(p)) if p.code == ErrorCode::InvalidToken || p.code == ErrorCode::Unauthenticated => {
                if self.refresh().await {
                    self.client().upload::<E>(path, query, bytes, &content_type).await
                } else {
                    Err(ClientError::Api(p))
                }
            }
            other => other,
        }
    }

    /// Send `file` (a lesson's video) as the body of `E`, telling `progress` the share sent so far
    /// (0 to 1). The browser reads the file from the disk as it sends it: however large, it is never
    /// copied into the app's memory. An expired access token is refreshed once and the file sent
    /// again.
    pub async fn upload_file<E: Endpoint>(
        self,
        path: E::Path,
        file: &web_sys::File,
        progress: Callback<f64>,
    ) -> Result<E::Response, ClientError> {
        let bytes = self.post_file(path_of::<E>(&path), file, progress).await?;
        madani_shared::client::decode(&bytes)
    }

    /// [`Session::upload_file`] with the file's name as `?name=` (a message's or a post's file).
    pub async fn upload_named_file<E: Endpoint>(
        self,
        path: E::Path,
        file: &web_sys::File,
        progress: Callback<f64>,
    ) -> Result<E::Response, ClientError> {
        let name = String::from(js_sys::encode_uri_component(&file.name()));
        let bytes = self.post_file(format!("{}?name={name}", path_of::<E>(&path)), file, progress).await?;
        madani_shared::client::decode(&bytes)
    }

    /// The non-generic part of the uploads: the file sent, again after a refresh if need be.
    async fn post_file(
        self,
        path: String,
        file: &web_sys::File,
        progress: Callback<f64>,
    ) -> Result<Vec<u8>, ClientError> {
        match send_file(&path, self.token.get_untracked(), file, progress).await {
            Err(ClientError::Api(p)) if p.code == ErrorCode::InvalidToken || p.code == ErrorCode::Unauthenticated => {
                if !self.refresh().await {
                    return Err(ClientError::Api(p));
                }
                send_file(&path, self.token.get_untracked(), file, progress).await
            }
            other => other,
        }
    }

    /// The bytes at an address of the API that the server gave (a message's file: `/api/v1/…`), read
    /// with the access token, which an `<img src>` cannot carry.
    pub async fn fetch_path(self, path: &str) -> Result<Vec<u8>, ClientError> {
        self.request(Method::Get, path.to_owned(), serde_json::Value::Null).await
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

/// `POST` a file to `path` with `XMLHttpRequest`, the browser API that reports how much of an upload
/// has gone; the answer's bytes, or the problem.
async fn send_file(
    path: &str,
    token: Option<String>,
    file: &web_sys::File,
    progress: Callback<f64>,
) -> Result<Vec<u8>, ClientError> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;

    let failed = |e: wasm_bindgen::JsValue| {
        ClientError::Transport(e.as_string().unwrap_or_else(|| "the upload could not be started".into()))
    };
    let xhr = web_sys::XmlHttpRequest::new().map_err(failed)?;
    xhr.open_with_async("POST", path, true).map_err(failed)?;
    if let Some(token) = token {
        xhr.set_request_header("authorization", &format!("Bearer {token}")).map_err(failed)?;
    }
    let kind = file.type_();
    let kind = if kind.is_empty() { "application/octet-stream".to_owned() } else { kind };
    xhr.set_request_header("content-type", &kind).map_err(failed)?;
    xhr.set_response_type(web_sys::XmlHttpRequestResponseType::Arraybuffer);
    let on_progress = Closure::<dyn Fn(web_sys::ProgressEvent)>::new(move |ev: web_sys::ProgressEvent| {
        if ev.length_computable() && ev.total() > 0.0 {
            progress.run(ev.loaded() / ev.total());
        }
    });
    xhr.upload().map_err(failed)?.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    let finished = js_sys::Promise::new(&mut |resolve, reject| {
        xhr.set_onload(Some(&resolve));
        xhr.set_onerror(Some(&reject));
        xhr.set_onabort(Some(&reject));
    });
    xhr.send_with_opt_blob(Some(file)).map_err(failed)?;
    let outcome = wasm_bindgen_futures::JsFuture::from(finished).await;
    drop(on_progress);
    if outcome.is_err() {
        return Err(ClientError::Transport("the upload was interrupted".into()));
    }
    let status = xhr.status().map_err(failed)?;
    let body = xhr
        .response()
        .ok()
        .filter(|r| r.is_instance_of::<js_sys::ArrayBuffer>())
        .map(|r| js_sys::Uint8Array::new(&r).to_vec())
        .unwrap_or_default();
    if (200..300).contains(&status) {
        return Ok(body);
    }
    Err(match serde_json::from_slice::<madani_shared::Problem>(&body) {
        Ok(problem) => ClientError::Api(Box::new(problem)),
        Err(_) => ClientError::Decode { status, message: String::from_utf8_lossy(&body).into_owned() },
    })
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
