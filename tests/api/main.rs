//! Madani's end-to-end API tests: one binary, each behaviour on SQLite and PostgreSQL, over real HTTP.

mod accounts;
mod admin;
mod associations;
mod auth;
mod certificates;
mod course_enrolments;
mod course_media;
mod courses;
mod errors;
mod imports;
mod invitations;
mod network;
mod openapi;
mod quizzes;
mod system;
mod territories;
mod tokens;
