//! HTTP plumbing shared by every domain: body and query extractors that name the bad field, the client
//! address, security headers and request ids, and the answers for unknown routes.

pub mod extract;
pub mod middleware;
pub mod ratelimit;
pub mod routes;

pub use extract::{ValidJson, ValidQuery, client_ip};
