//! Madani's end-to-end API tests: one binary, each behaviour on SQLite and PostgreSQL, over real HTTP.

mod accounts;
mod admin;
mod associations;
mod audit;
mod auth;
mod captions;
mod certificates;
mod course_covers;
mod course_enrolments;
mod course_videos;
mod courses;
mod demo;
mod directory;
mod errors;
mod imports;
mod invitations;
mod network;
mod notifications;
mod openapi;
mod quizzes;
mod security;
mod security_associations;
mod security_courses;
mod system;
mod territories;
mod tokens;
