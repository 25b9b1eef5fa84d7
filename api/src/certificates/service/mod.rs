//! The rules of the certificates, one file per resource like the handlers: issuing and revoking
//! certificates, verifying them by code, and what the issuer publishes.

pub mod certificate;
pub mod publication;
pub mod verification;

pub use certificate::issue;
