//! Every validation rule of a hub, refused with 422 naming the field and the rule.

use l4a_tests::TestApp;
use serde_json::json;

use crate::{hub_with, valid_hub};

#[test]
fn each_broken_rule_is_named_with_its_field() {
    let app = TestApp::spawn();
    let lead = crate::lead_organisation(&app);
    let cases = [
        (json!({"name": "ab"}), "name", "length"),
        (json!({"name": "x".repeat(201)}), "name", "length"),
        (json!({"name": "   "}), "name", "required"),
        (json!({"name": "Nul\u{0}byte"}), "name", "format"),
        (json!({"description": "Nul \u{0} byte"}), "description", "format"),
        (json!({"summary": "short"}), "summary", "length"),
        (json!({"description": "d".repeat(20_001)}), "description", "length"),
        (json!({"slug": "Not A Slug"}), "slug", "format"),
        (json!({"country": "XX"}), "country", "country_code"),
        (json!({"country": "FRA"}), "country", "country_code"),
        (json!({"lead_organisation_id": ""}), "lead_organisation_id", "required"),
        (json!({"lead_organisation_id": "no-such-organisation"}), "lead_organisation_id", "exists"),
        (json!({"partner_organisation_ids": ["no-such-partner"]}), "partner_organisation_ids[0]", "exists"),
        (json!({"partner_organisation_ids": [lead.clone()]}), "partner_organisation_ids[0]", "duplicate"),
        (json!({"lead_organisation": {"name": "City", "country": "FR"}}), "lead_organisation", "unknown_field"),
        (json!({"city": "c".repeat(121)}), "city", "length"),
        (json!({"sdgs": []}), "sdgs", "required"),
        (json!({"sdgs": [0]}), "sdgs[0]", "sdg_goal"),
        (json!({"sdgs": [11, 18]}), "sdgs[1]", "sdg_goal"),
        (json!({"sdgs": [11, 11]}), "sdgs[1]", "duplicate"),
        (json!({"start_date": "2025-01-01", "end_date": "2025-12-31"}), "end_date", "hub_period"),
        (json!({"start_date": "2025-01-01", "end_date": "2028-01-02"}), "end_date", "hub_period"),
        (json!({"start_date": "2025-01-01", "end_date": "2024-01-01"}), "end_date", "date_order"),
        (json!({"modality": "online"}), "modality", "one_of"),
        (json!({"status": "draft"}), "status", "one_of"),
        (json!({"start_date": "2025-02-30"}), "start_date", "format"),
        (json!({"start_date": "1 January 2025"}), "start_date", "format"),
        (json!({"name": 42}), "name", "type"),
        (json!({"sdgs": "11"}), "sdgs", "type"),
        (json!({"sdgs": [11, "17"]}), "sdgs[1]", "type"),
        (json!({"colour": "red"}), "colour", "unknown_field"),
    ];
    for (changes, field, rule) in cases {
        let response = app.post_json("/api/v1/hubs", &hub_with(&lead, "Rule check", changes.clone()));
        assert_eq!(response.status, 422, "{changes} should be refused; got {}", response.text());
        response.field_error(field, rule);
    }
    assert_eq!(app.get("/api/v1/hubs").json()["total"], 0, "no refused hub was stored");
}

#[test]
fn a_missing_required_field_is_named() {
    let app = TestApp::spawn();
    let lead = crate::lead_organisation(&app);
    for field in ["name", "summary", "lead_organisation_id", "country", "sdgs", "modality", "start_date", "end_date"] {
        let mut body = valid_hub(&lead, "Missing field");
        body.as_object_mut().unwrap().remove(field);
        app.post_json("/api/v1/hubs", &body).field_error(field, "required");
    }
}

#[test]
fn every_rule_broken_at_once_is_reported_at_once() {
    let app = TestApp::spawn();
    let lead = crate::lead_organisation(&app);
    let body = hub_with(&lead, "ab", json!({"country": "XX", "sdgs": [42, 42], "end_date": "2031-01-01"}));

    let problem = app.post_json("/api/v1/hubs", &body).field_error("name", "length");

    for (field, rule) in
        [("country", "country_code"), ("sdgs[0]", "sdg_goal"), ("sdgs[1]", "sdg_goal"), ("end_date", "hub_period")]
    {
        l4a_tests::assert_has_field_error(&problem, field, rule);
    }
    assert_eq!(problem["errors"].as_array().unwrap().len(), 5);
}

#[test]
fn the_period_bounds_of_exactly_one_and_three_years_are_accepted() {
    let app = TestApp::spawn();
    let lead = crate::lead_organisation(&app);
    app.post_json(
        "/api/v1/hubs",
        &hub_with(&lead, "One year", json!({"start_date": "2025-01-01", "end_date": "2026-01-01"})),
    )
    .expect(201);
    app.post_json(
        "/api/v1/hubs",
        &hub_with(&lead, "Three years", json!({"start_date": "2025-01-01", "end_date": "2028-01-01"})),
    )
    .expect(201);
}
