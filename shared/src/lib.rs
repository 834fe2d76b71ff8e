//! The wire contract of the Local4Action HUBs platform: the DTOs, enums, validation rules and
//! derived figures that the API and the SPA share, so that every rule is written once.
//!
//! This crate depends on no server crate and compiles to `wasm32-unknown-unknown`. The
//! `openapi` feature adds `utoipa::ToSchema` derives for the API's OpenAPI document.

#[macro_use]
mod wire;

pub mod account;
pub mod activity;
pub mod call;
#[cfg(feature = "client")]
pub mod client;
pub mod connection;
pub mod country;
pub mod deliverable;
pub mod eligibility;
pub mod export;
pub mod figures;
pub mod hub;
pub mod indicator;
pub mod metrics;
pub mod organisation;
pub mod page;
pub mod problem;
pub mod proposal;
pub mod query;
pub mod recommendation;
pub mod reference;
pub mod report;
pub mod sdg;
pub mod stakeholder;
pub mod text;
pub mod validation;
pub mod webhook;
