//! The Local4Action HUBs server: the JSON REST API, its OpenAPI document, and the host of the web app.

pub mod answers;
pub mod app;
pub mod auth;
pub mod client_address;
pub mod config;
pub mod db;
pub mod error;
pub mod export;
pub mod extract;
pub mod files;
pub mod measurement_csv;
pub mod models;
pub mod openapi;
pub mod prometheus;
pub mod routes;
pub mod routing;
pub mod scale;
pub mod schema;
pub mod secrets;
pub mod security;
pub mod seed;
pub mod spa;
pub mod telemetry;
pub mod webhooks;
pub mod workflows;
