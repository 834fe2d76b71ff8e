//! The API's black-box tests. Every test starts the real `l4a` binary with a database of its own;
//! the whole suite runs once per backend (`L4A_TEST_BACKEND=sqlite|postgres`).

#![expect(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly by design")]

mod cli;
mod errors;
mod hubs;
mod listing;
mod openapi;
mod operations;
mod validation;

use serde_json::{Value, json};

/// A hub that passes every rule; `name` keeps hubs apart.
pub fn valid_hub(name: &str) -> Value {
    json!({
        "name": name,
        "summary": "A summary long enough to pass the rule.",
        "description": "What the hub does, at length.",
        "lead_organisation": {"name": "City of Testing", "country": "FR"},
        "country": "FR",
        "city": "Lyon",
        "sdgs": [11, 17],
        "modality": "hybrid",
        "start_date": "2025-01-01",
        "end_date": "2026-12-31"
    })
}

/// `valid_hub` with some members replaced.
pub fn hub_with(name: &str, changes: Value) -> Value {
    let mut hub = valid_hub(name);
    for (key, value) in changes.as_object().expect("changes are an object") {
        hub[key] = value.clone();
    }
    hub
}
