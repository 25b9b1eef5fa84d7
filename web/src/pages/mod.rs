//! One module per page (or group of pages).

pub mod account;
pub mod associations;
pub mod auth;
pub mod certificates;
pub mod circles;
pub mod consultations;
pub mod courses;
pub mod dashboard;
pub mod home;
pub mod institutions;
pub mod messages;
pub mod network;
pub mod not_found;
pub mod notification_settings;
pub mod notifications;
pub mod projects;
pub mod staff;
