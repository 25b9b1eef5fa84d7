//! HTTP plumbing shared by every domain: body and query extractors that name the bad field, the client
//! address, security headers and request ids, and the answers for unknown routes.

pub mod client_addr;
pub mod extract;
pub mod middleware;
pub mod routes;

pub use client_addr::client_ip;
pub use extract::{RequiredJson, ValidJson, ValidQuery};
