//! A typed client for the Madani API over reqwest, for native programs and for the browser (WASM).

use serde::Serialize;
use thiserror::Error;

use crate::endpoints::{Endpoint, Method, path_of};
use crate::error::Problem;

/// What can go wrong calling the API.
#[derive(Debug, Error)]
pub enum ClientError {
    /// The server answered with a problem document.
    #[error("{} {}: {}", .0.status, .0.code.as_str(), .0.detail)]
    Api(Box<Problem>),
    /// The request did not complete (connection refused, timeout, …).
    #[error("transport: {0}")]
    Transport(String),
    /// The server answered something this client does not understand.
    #[error("unexpected answer ({status}): {message}")]
    Decode { status: u16, message: String },
}

impl ClientError {
    /// The problem document, when the server sent one.
    pub fn problem(&self) -> Option<&Problem> {
        match self {
            ClientError::Api(p) => Some(p),
            _ => None,
        }
    }
}

/// A client bound to a base URL (`http://127.0.0.1:8080`, or `""` in the browser for same-origin),
/// optionally with an access token.
#[derive(Clone, Debug)]
pub struct Client {
    base: String,
    http: reqwest::Client,
    token: Option<String>,
}

impl Client {
    pub fn new(base: impl Into<String>) -> Self {
        Self::with_http(base, reqwest::Client::new())
    }

    /// Use a configured reqwest client (cookies, timeouts, TLS).
    pub fn with_http(base: impl Into<String>, http: reqwest::Client) -> Self {
        Client { base: base.into().trim_end_matches('/').to_owned(), http, token: None }
    }

    /// The same client, sending `Authorization: Bearer <token>`.
    pub fn with_token(&self, token: impl Into<String>) -> Self {
        Client { token: Some(token.into()), ..self.clone() }
    }

    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    /// Call `E` with the path arguments for its `{placeholders}` (`()`, an id, or a tuple in order).
    pub async fn call<E: Endpoint>(&self, path: E::Path, request: &E::Request) -> Result<E::Response, ClientError> {
        let body = to_json(request)?;
        let bytes = self.request(E::METHOD, &path_of::<E>(&path), body).await?;
        decode(&bytes)
    }

    /// Send one request (the body as the query string for GET) and return the success answer's
    /// bytes, or the problem. Not generic, so the browser build holds this code once, not once per
    /// endpoint.
    pub async fn request(&self, method: Method, path: &str, body: serde_json::Value) -> Result<Vec<u8>, ClientError> {
        let url = format!("{}{}", self.base, path);
        let mut builder = match method {
            Method::Get => self.http.get(&url),
            Method::Post => self.http.post(&url),
            Method::Put => self.http.put(&url),
            Method::Patch => self.http.patch(&url),
            Method::Delete => self.http.delete(&url),
        };
        if let Some(token) = &self.token {
            builder = builder.bearer_auth(token);
        }
        builder = attach(builder, method, body);
        self.finish(builder).await
    }

    /// Call `E` with raw bytes as the body (an upload: a logo, a CSV file, captions), sent as
    /// `content_type` with `query` parameters, by the endpoint's method (`POST`, or `PUT`).
    pub async fn upload<E: Endpoint>(
        &self,
        path: E::Path,
        query: &[(&str, &str)],
        bytes: Vec<u8>,
        content_type: &str,
    ) -> Result<E::Response, ClientError> {
        let url = format!("{}{}", self.base, path_of::<E>(&path));
        let builder = match E::METHOD {
            Method::Put => self.http.put(&url),
            _ => self.http.post(&url),
        };
        let mut builder = builder.query(query).header("content-type", content_type).body(bytes);
        if let Some(token) = &self.token {
            builder = builder.bearer_auth(token);
        }
        decode(&self.finish(builder).await?)
    }

    /// Send a prepared request; the success answer's bytes, or the problem.
    async fn finish(&self, builder: reqwest::RequestBuilder) -> Result<Vec<u8>, ClientError> {
        let response = builder.send().await.map_err(|e| ClientError::Transport(e.to_string()))?;
        let status = response.status().as_u16();
        let bytes = response.bytes().await.map_err(|e| ClientError::Transport(e.to_string()))?;
        if !(200..300).contains(&status) {
            return Err(match serde_json::from_slice::<Problem>(&bytes) {
                Ok(problem) => ClientError::Api(Box::new(problem)),
                Err(_) => ClientError::Decode { status, message: String::from_utf8_lossy(&bytes).into_owned() },
            });
        }
        Ok(bytes.to_vec())
    }
}

/// A request as JSON (`null` for `()`).
pub fn to_json<R: Serialize>(request: &R) -> Result<serde_json::Value, ClientError> {
    serde_json::to_value(request).map_err(|e| ClientError::Decode { status: 0, message: e.to_string() })
}

/// A success answer's body; an empty body reads as `null` (for `()`).
pub fn decode<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, ClientError> {
    let body: &[u8] = if bytes.is_empty() { b"null" } else { bytes };
    serde_json::from_slice(body).map_err(|e| ClientError::Decode { status: 200, message: e.to_string() })
}

fn attach(builder: reqwest::RequestBuilder, method: Method, value: serde_json::Value) -> reqwest::RequestBuilder {
    if value.is_null() {
        return builder;
    }
    match method {
        Method::Get => builder.query(&value.as_object().map(query_pairs).unwrap_or_default()),
        _ => builder.json(&value),
    }
}

fn query_pairs(map: &serde_json::Map<String, serde_json::Value>) -> Vec<(String, String)> {
    map.iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| (k.clone(), v.as_str().map_or_else(|| v.to_string(), str::to_owned)))
        .collect()
}
