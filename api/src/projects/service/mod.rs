//! The projects' rules: each function takes a connection, checks who may, and owns its transaction.

pub mod activities;
pub mod calendar;
pub mod cover;
pub mod iati;
pub mod indicators;
pub mod milestones;
pub mod projects;

/// Today in Algeria (UTC+1 all year): when a milestone is overdue.
pub fn today() -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::TimeDelta::hours(1)).date_naive()
}
