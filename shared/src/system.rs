//! Liveness and readiness.

use serde::{Deserialize, Serialize};

/// The process is up.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"status": "ok", "version": "0.1.0"})))]
pub struct Health {
    pub status: String,
    pub version: String,
}

/// The process can serve requests: its database answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"status": "ok", "database": "sqlite"})))]
pub struct Ready {
    pub status: String,
    /// `sqlite` or `postgres`.
    pub database: String,
}
