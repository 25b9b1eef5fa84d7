//! Madani's server: the REST API under `/api/v1`, its OpenAPI document and docs, and the web app.
//! `main.rs` only parses the command line; everything else is here so the tests can start it.

pub mod accounts;
pub mod admin;
pub mod associations;
pub mod audit;
pub mod auth;
pub mod certificates;
pub mod cli;
pub mod config;
pub mod consultations;
pub mod courses;
pub mod csv;
pub mod db;
pub mod demo;
pub mod error;
pub mod http;
pub mod institutions;
pub mod jobs;
pub mod locales;
pub mod mail;
pub mod markdown;
pub mod media;
pub mod network;
pub mod notifications;
pub mod openapi;
pub mod pagination;
pub mod private_fs;
pub mod ratelimit;
pub mod search;
pub mod seed;
pub mod spa;
pub mod startup;
pub mod state;
pub mod storage;
pub mod system;
pub mod territories;
