//! Madani's web app: a Leptos single-page app, client-side rendered and compiled to WASM, served by
//! the `madani` binary. It reaches the API only through `madani_shared::Client`.

pub mod app;
pub mod components;
pub mod errors;
pub mod i18n;
pub mod pages;
pub mod session;
mod shell;

pub use app::App;
