//! The contract between Madani's server, its web app and its partners: request and response types,
//! validation rules, the problem (error) body, and a typed HTTP client that builds natively and in WASM.
//!
//! Nothing here knows about the database or the HTTP server: the SPA compiles this crate to wasm32.

pub mod associations;
pub mod auth;
pub mod certificates;
pub mod circles;
pub mod client;
pub mod consultations;
pub mod courses;
pub mod endpoints;
pub mod error;
pub mod events;
pub mod ids;
pub mod institutions;
mod json;
pub mod messaging;
pub mod network;
pub mod notifications;
pub mod page;
pub mod projects;
#[cfg(feature = "openapi")]
pub mod schema;
pub mod search;
pub mod system;
pub mod territories;
pub mod text;

pub use client::{Client, ClientError};
pub use endpoints::Endpoint;
pub use error::{ErrorCode, FieldError, Problem};
pub use page::Page;
pub use text::LocalizedText;

/// Password length bounds (NIST SP 800-63B: at least 8, accept long passphrases, no composition rules).
pub const PASSWORD_MIN_CHARS: u64 = 8;
pub const PASSWORD_MAX_CHARS: u64 = 128;
