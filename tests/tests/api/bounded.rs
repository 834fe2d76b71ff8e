//! Listings run a bounded number of queries whatever their page size: no N+1. The server counts
//! its statements when started with COUNT_QUERIES=true.

use l4a_tests::{Options, TestApp};
use serde_json::json;

fn queries_run(app: &TestApp) -> u64 {
    let counter = app.get("/internal/query-count").expect(200).json();
    counter["queries"].as_u64().unwrap_or_else(|| panic!("the counter answers a number: {counter}"))
}

/// The statements one anonymous GET runs (a signed-in caller adds the constant cost of reading
/// their account).
fn cost(app: &TestApp, path: &str) -> u64 {
    let before = queries_run(app);
    app.anonymous().get(path).expect(200);
    queries_run(app) - before
}

#[test]
fn hub_and_indicator_listings_cost_the_same_for_one_item_or_many() {
    let app = TestApp::spawn_with(Options { env: vec![("COUNT_QUERIES".into(), "true".into())], ..Default::default() });
    let lead = crate::lead_organisation(&app);
    let partner = crate::organisation(&app, "Partner university", "academia");
    for n in 0..6 {
        let slug = format!("hub-{n}");
        let body = crate::hub_with(
            &lead,
            &format!("Hub {n}"),
            json!({"slug": slug, "start_date": "2023-01-01", "end_date": "2025-12-31", "partner_organisation_ids": [partner],
                   "sdg_targets": ["11.2"], "manifestos": ["ecology"], "policy_council_ids": ["resilient_cities"]}),
        );
        app.post_json("/api/v1/hubs", &body).expect(201);
        app.post_json(
            &format!("/api/v1/hubs/{slug}/deliverables"),
            &json!({"title": "A toolkit", "kind": "tool", "due_date": "2024-01-31"}),
        )
        .expect(201);
        let indicator = json!({"name": format!("Indicator {n}"), "dimension": "acceleration", "unit": "people", "direction": "increase",
            "baseline_value": 0, "baseline_date": "2023-01-01", "target_value": 10, "target_date": "2025-12-31"});
        for _ in 0..2 {
            let created = app.post_json("/api/v1/hubs/hub-0/indicators", &indicator).expect(201).json();
            let path = format!("/api/v1/indicators/{}/measurements", created["id"].as_str().unwrap());
            app.post_json(&path, &json!({"value": 5, "measured_on": "2024-01-01"})).expect(201);
        }
        if n > 0 {
            app.post_json(
                &format!("/api/v1/hubs/{slug}/connections"),
                &json!({"other_hub_id": "hub-0", "kind": "peer_learning"}),
            )
            .expect(201);
        }
    }

    let one_hub = cost(&app, "/api/v1/hubs?per_page=1");
    let all_hubs = cost(&app, "/api/v1/hubs?per_page=100");
    assert!(one_hub > 0, "the counter counts");
    assert_eq!(all_hubs, one_hub, "six hubs cost what one costs");
    assert!(all_hubs <= 15, "a page of hubs takes {all_hubs} queries");

    let one_indicator = cost(&app, "/api/v1/hubs/hub-0/indicators?per_page=1");
    let all_indicators = cost(&app, "/api/v1/hubs/hub-0/indicators?per_page=100");
    assert_eq!(all_indicators, one_indicator, "twelve indicators cost what one costs");
}

#[test]
fn the_query_counter_is_not_served_unless_asked_for() {
    let app = TestApp::spawn();
    // Off the API, an unknown path is the web app's to route: its page, not a counter.
    let response = app.get("/internal/query-count").expect(200);
    assert!(
        response.header("content-type").is_some_and(|t| t.starts_with("text/html")),
        "{:?}",
        response.header("content-type")
    );
    assert!(!response.text().contains("\"queries\""), "the counter leaked: {}", response.text());
}

/// A batch of measurements is written as a few multi-row inserts, not a statement (or two) a row.
#[test]
fn a_batch_of_1000_measurements_costs_a_bounded_number_of_statements() {
    let app = TestApp::spawn_with(Options { env: vec![("COUNT_QUERIES".into(), "true".into())], ..Default::default() });
    let lead = crate::lead_organisation(&app);
    let body = crate::hub_with(
        &lead,
        "Batch hub",
        json!({"slug": "batch-hub", "start_date": "2023-01-01", "end_date": "2025-12-31"}),
    );
    app.post_json("/api/v1/hubs", &body).expect(201);
    let indicator = json!({"name": "People reached", "dimension": "acceleration", "unit": "people", "direction": "increase",
        "baseline_value": 0, "baseline_date": "2023-01-01", "target_value": 10000, "target_date": "2025-12-31"});
    let created = app.post_json("/api/v1/hubs/batch-hub/indicators", &indicator).expect(201).json();
    let id = created["id"].as_str().unwrap();
    let rows: Vec<serde_json::Value> =
        (0..1000).map(|n| json!({"value": n, "measured_on": "2024-01-01", "source": format!("row {n}")})).collect();

    let before = queries_run(&app);
    let answer = app.post_json(&format!("/api/v1/indicators/{id}/measurements:batch"), &json!(rows)).expect(201);
    let statements = queries_run(&app) - before;
    assert_eq!(answer.json()["created"], 1000);
    println!("a batch of 1,000 measurements ran {statements} statements");
    assert!(statements <= 30, "a batch of 1,000 measurements ran {statements} statements");
    let listed = app.get(&format!("/api/v1/indicators/{id}/measurements?per_page=1")).expect(200).json();
    assert_eq!(listed["total"], 1000, "every row is stored");
}
