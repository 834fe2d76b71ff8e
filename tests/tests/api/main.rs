//! The API's black-box tests. Every test starts the real `l4a` binary with a database of its own;
//! the whole suite runs once per backend (`L4A_TEST_BACKEND=sqlite|postgres`).

#![expect(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly by design")]

mod access;
mod activities;
mod attacks;
mod bounded;
pub mod calls;
mod cli;
mod client;
mod connections;
mod deliverables;
mod eligibility;
mod errors;
mod export;
mod figures;
mod hubs;
mod indicators;
mod instances;
mod listing;
mod metrics;
mod openapi;
mod operations;
mod organisations;
mod prometheus;
pub mod proposals;
mod recommendations;
mod reports;
mod stakeholders;
mod taxonomies;
mod validation;
mod webhooks;

use l4a_tests::TestApp;
use serde_json::{Value, json};

/// Creates an organisation of `kind` and returns its id.
pub fn organisation(app: &TestApp, name: &str, kind: &str) -> String {
    let body = json!({"name": name, "kind": kind, "country": "FR"});
    app.post_json("/api/v1/organisations", &body).expect(201).json()["id"].as_str().unwrap().to_owned()
}

/// Creates a local government that may lead hubs and returns its id.
pub fn lead_organisation(app: &TestApp) -> String {
    organisation(app, "City of Testing", "local_government")
}

/// A hub led by `lead` that passes every rule; `name` keeps hubs apart.
pub fn valid_hub(lead: &str, name: &str) -> Value {
    json!({
        "name": name,
        "summary": "A summary long enough to pass the rule.",
        "description": "What the hub does, at length.",
        "lead_organisation_id": lead,
        "country": "FR",
        "city": "Lyon",
        "sdgs": [11, 17],
        "modality": "hybrid",
        "start_date": "2025-01-01",
        "end_date": "2026-12-31"
    })
}

/// `valid_hub` with some members replaced.
pub fn hub_with(lead: &str, name: &str, changes: Value) -> Value {
    let mut hub = valid_hub(lead, name);
    for (key, value) in changes.as_object().expect("changes are an object") {
        hub[key] = value.clone();
    }
    hub
}
