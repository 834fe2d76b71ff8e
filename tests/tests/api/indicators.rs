//! Impact indicators and measurements: the participatory agreement, the derived figures, the
//! declared breakdowns, and the integrity rules between indicators, stakeholders and hubs.

use l4a_shared::figures::elapsed_fraction;
use l4a_shared::hub::Hub;
use l4a_shared::indicator::{Indicator, Measurement};
use l4a_shared::page::Page;
use l4a_tests::TestApp;
use serde_json::{Value, json};

/// A hub from 2023 to 2025 (all in the past, so expected progress is 1), with one stakeholder.
fn hub_with_stakeholder(app: &TestApp) -> (Hub, String) {
    let lead = crate::lead_organisation(app);
    let body = crate::hub_with(
        &lead,
        "Measured hub",
        json!({"slug": "measured-hub", "start_date": "2023-01-01", "end_date": "2025-12-31"}),
    );
    let hub: Hub = app.post_json("/api/v1/hubs", &body).expect(201).parse();
    let stakeholder = json!({"name": "Residents' council", "kind": "citizens_group", "role": "participant", "took_part_in_criteria": true});
    let created = app.post_json("/api/v1/hubs/measured-hub/stakeholders", &stakeholder).expect(201).json();
    (hub, created["id"].as_str().unwrap().to_owned())
}

fn indicator(stakeholder: &str, changes: Value) -> Value {
    let mut body = json!({
        "name": "Residents trained",
        "dimension": "acceleration",
        "unit": "people",
        "direction": "increase",
        "baseline_value": 0,
        "baseline_date": "2023-01-01",
        "target_value": 400,
        "target_date": "2025-12-31",
        "sdg_target": "13.3",
        "disaggregations": {"sex": ["female", "male"]},
        "agreed_by": [stakeholder],
        "agreed_on": "2023-02-01"
    });
    for (key, value) in changes.as_object().unwrap() {
        body[key] = value.clone();
    }
    body
}

fn measure(app: &TestApp, indicator: &str, value: f64, on: &str, breakdown: Option<Value>) -> Measurement {
    let mut body = json!({"value": value, "measured_on": on, "source": "Training register"});
    if let Some(breakdown) = breakdown {
        body["disaggregation"] = breakdown;
    }
    app.post_json(&format!("/api/v1/indicators/{indicator}/measurements"), &body).expect(201).parse()
}

#[test]
fn an_indicator_without_measurements_has_no_progress_yet() {
    let app = TestApp::spawn();
    let (hub, stakeholder) = hub_with_stakeholder(&app);

    let created =
        app.post_json("/api/v1/hubs/measured-hub/indicators", &indicator(&stakeholder, json!({}))).expect(201);
    let added: Indicator = created.parse();

    assert_eq!(added.hub_id, hub.id);
    assert_eq!(added.agreed_by, vec![stakeholder]);
    assert_eq!(added.sdg_target.as_deref(), Some("13.3"));
    assert_eq!(added.figures.latest, None);
    assert_eq!(added.figures.progress, None);
    assert_eq!(added.figures.on_track, None);
    assert_eq!(added.figures.expected_progress, 1.0, "the target date is past");
    let json = created.json();
    for field in ["latest", "progress", "expected_progress", "on_track"] {
        assert!(json.get(field).is_some(), "{field} is a top-level field: {json}");
    }
    let read = app.get(&format!("/api/v1/indicators/{}", added.id)).expect(200);
    assert_eq!(read.header("etag"), created.header("etag"));
    let listed: Page<Indicator> = app.get(&format!("/api/v1/hubs/{}/indicators", hub.id)).expect(200).parse();
    assert_eq!(listed.items, vec![added]);
}

#[test]
fn the_latest_total_measurement_drives_progress_and_on_track() {
    let app = TestApp::spawn();
    let (_, stakeholder) = hub_with_stakeholder(&app);
    let added: Indicator =
        app.post_json("/api/v1/hubs/measured-hub/indicators", &indicator(&stakeholder, json!({}))).expect(201).parse();
    let id = added.id.as_str();

    measure(&app, id, 380.0, "2025-06-30", None);
    measure(&app, id, 120.0, "2024-01-31", None);
    measure(&app, id, 999.0, "2025-07-01", Some(json!({"sex": "female"})));

    let after: Indicator = app.get(&format!("/api/v1/indicators/{id}")).expect(200).parse();
    let latest = after.figures.latest.clone().expect("a latest value");
    assert_eq!(
        (latest.value, latest.measured_on.to_string().as_str()),
        (380.0, "2025-06-30"),
        "the newest total, not the last recorded nor a breakdown"
    );
    assert_eq!(after.figures.progress, Some(0.95));
    assert_eq!(after.figures.on_track, Some(true), "0.95 ≥ 1 − 0.1");

    measure(&app, id, 300.0, "2025-09-30", None);
    let behind: Indicator = app.get(&format!("/api/v1/indicators/{id}")).expect(200).parse();
    assert_eq!(behind.figures.progress, Some(0.75));
    assert_eq!(behind.figures.on_track, Some(false));

    let totals: Page<Measurement> =
        app.get(&format!("/api/v1/indicators/{id}/measurements?total=true")).expect(200).parse();
    let dates: Vec<String> = totals.items.iter().map(|m| m.measured_on.to_string()).collect();
    assert_eq!(dates, ["2024-01-31", "2025-06-30", "2025-09-30"], "oldest first");
    let all: Page<Measurement> = app.get(&format!("/api/v1/indicators/{id}/measurements")).expect(200).parse();
    assert_eq!(all.total, 4);
    assert!(all.items.iter().any(|m| m.disaggregation.as_ref().is_some_and(|d| d["sex"] == "female")));
}

#[test]
fn a_breakdown_has_its_own_figures_and_measurements_when_asked_for() {
    let app = TestApp::spawn();
    let (_, stakeholder) = hub_with_stakeholder(&app);
    let breakdowns = json!({"disaggregations": {"sex": ["female", "male"], "area": ["urban", "rural"]}});
    let added: Indicator =
        app.post_json("/api/v1/hubs/measured-hub/indicators", &indicator(&stakeholder, breakdowns)).expect(201).parse();
    let id = added.id.as_str();
    measure(&app, id, 380.0, "2025-06-30", None);
    measure(&app, id, 100.0, "2025-05-01", Some(json!({"sex": "female"})));
    measure(&app, id, 200.0, "2025-08-01", Some(json!({"sex": "female"})));
    measure(&app, id, 50.0, "2025-09-01", Some(json!({"sex": "female", "area": "urban"})));

    let total: Indicator = app.get(&format!("/api/v1/indicators/{id}")).expect(200).parse();
    assert_eq!(total.figures.latest.map(|l| l.value), Some(380.0), "without a breakdown, the total");
    assert_eq!(total.breakdown, None);

    // `sex=female` matches that breakdown exactly, not the finer `sex=female;area=urban`.
    let female = app.get(&format!("/api/v1/indicators/{id}?disaggregation=sex%3Dfemale")).expect(200);
    assert_eq!(female.json()["breakdown"], json!({"sex": "female"}));
    let female: Indicator = female.parse();
    assert_eq!(female.figures.latest.map(|l| (l.value, l.measured_on.to_string())), Some((200.0, "2025-08-01".into())));
    assert_eq!(female.figures.progress, Some(0.5));
    assert_eq!(female.figures.on_track, Some(false));
    // The order the dimensions are written in does not matter.
    let urban: Indicator =
        app.get(&format!("/api/v1/indicators/{id}?disaggregation=sex%3Dfemale%3Barea%3Durban")).expect(200).parse();
    assert_eq!(urban.figures.latest.map(|l| l.value), Some(50.0));
    let male: Indicator = app.get(&format!("/api/v1/indicators/{id}?disaggregation=sex%3Dmale")).expect(200).parse();
    assert_eq!((male.figures.latest, male.figures.progress), (None, None), "no measurement of that breakdown yet");

    let listed: Page<Measurement> =
        app.get(&format!("/api/v1/indicators/{id}/measurements?disaggregation=sex%3Dfemale")).expect(200).parse();
    let values: Vec<f64> = listed.items.iter().map(|m| m.value).collect();
    assert_eq!(values, [100.0, 200.0], "that breakdown's measurements, oldest first");

    app.get(&format!("/api/v1/indicators/{id}?disaggregation=age%3Dyoung")).field_error("disaggregation.age", "one_of");
    app.get(&format!("/api/v1/indicators/{id}?disaggregation=sex%3Dother")).field_error("disaggregation.sex", "one_of");
    let malformed = app.get(&format!("/api/v1/indicators/{id}?disaggregation=sex")).problem(400, "invalid_query");
    l4a_tests::assert_has_field_error(&malformed, "disaggregation", "format");
    let both = app
        .get(&format!("/api/v1/indicators/{id}/measurements?total=true&disaggregation=sex%3Dfemale"))
        .problem(400, "invalid_query");
    l4a_tests::assert_has_field_error(&both, "disaggregation", "consistent");
}

#[test]
fn a_decreasing_indicator_progresses_as_its_value_falls() {
    let app = TestApp::spawn();
    let (_, stakeholder) = hub_with_stakeholder(&app);
    let changes = json!({"name": "Flooded households", "direction": "decrease", "baseline_value": 200, "target_value": 100, "unit": "households"});
    let added: Indicator =
        app.post_json("/api/v1/hubs/measured-hub/indicators", &indicator(&stakeholder, changes)).expect(201).parse();

    measure(&app, &added.id, 150.0, "2024-06-01", None);

    let after: Indicator = app.get(&format!("/api/v1/indicators/{}", added.id)).expect(200).parse();
    assert_eq!(after.figures.progress, Some(0.5));
    measure(&app, &added.id, 230.0, "2024-07-01", None);
    let worse: Indicator = app.get(&format!("/api/v1/indicators/{}", added.id)).expect(200).parse();
    assert_eq!((worse.figures.progress, worse.figures.progress_raw), (Some(0.0), Some(-0.3)));
}

#[test]
fn expected_progress_follows_the_days_elapsed_between_baseline_and_target() {
    let app = TestApp::spawn();
    let lead = crate::lead_organisation(&app);
    let today = chrono::Utc::now().date_naive();
    let start = today - chrono::Days::new(200);
    let end = today + chrono::Days::new(500);
    let body =
        crate::hub_with(&lead, "Running hub", json!({"slug": "running-hub", "start_date": start, "end_date": end}));
    app.post_json("/api/v1/hubs", &body).expect(201);
    let changes = json!({"baseline_date": start, "target_date": end, "agreed_by": [], "agreed_on": null});
    let added: Indicator =
        app.post_json("/api/v1/hubs/running-hub/indicators", &indicator("", changes)).expect(201).parse();

    let expected = elapsed_fraction(start, end, chrono::Utc::now().date_naive());
    assert!(
        (added.figures.expected_progress - expected).abs() < 0.01,
        "{} vs {expected}",
        added.figures.expected_progress
    );
    assert!(added.figures.expected_progress > 0.2 && added.figures.expected_progress < 0.35);
}

#[test]
fn each_broken_rule_of_an_indicator_is_named() {
    let app = TestApp::spawn();
    let (_, stakeholder) = hub_with_stakeholder(&app);
    let other_lead = crate::organisation(&app, "Other city", "local_government");
    app.post_json("/api/v1/hubs", &crate::hub_with(&other_lead, "Other hub", json!({"slug": "other-hub"}))).expect(201);
    let outsider = json!({"name": "Someone else", "kind": "academia", "role": "expert"});
    let outsider = app.post_json("/api/v1/hubs/other-hub/stakeholders", &outsider).expect(201).json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let cases = [
        (json!({"name": "ab"}), "name", "length"),
        (json!({"unit": ""}), "unit", "length"),
        (json!({"dimension": "speed"}), "dimension", "one_of"),
        (json!({"direction": "sideways"}), "direction", "one_of"),
        (json!({"target_value": -5}), "target_value", "consistent"),
        (json!({"target_date": "2022-12-31"}), "target_date", "date_order"),
        (json!({"target_date": "2026-06-30"}), "target_date", "within_hub_period"),
        (json!({"sdg_target": "11.99"}), "sdg_target", "one_of"),
        (json!({"disaggregations": {"Sex": ["female"]}}), "disaggregations.Sex", "format"),
        (json!({"disaggregations": {"sex": []}}), "disaggregations.sex", "range"),
        (json!({"agreed_by": [outsider]}), "agreed_by[0]", "exists"),
        (json!({"agreed_on": null}), "agreed_on", "required"),
        (json!({"agreed_on": "2999-01-01"}), "agreed_on", "not_in_future"),
        (json!({"baseline_value": "zero"}), "baseline_value", "type"),
        (json!({"progress": 1}), "progress", "unknown_field"),
    ];
    for (changes, field, rule) in cases {
        app.post_json("/api/v1/hubs/measured-hub/indicators", &indicator(&stakeholder, changes))
            .field_error(field, rule);
    }
    assert_eq!(app.get("/api/v1/hubs/measured-hub/indicators").json()["total"], 0);
}

#[test]
fn each_broken_rule_of_a_measurement_is_named() {
    let app = TestApp::spawn();
    let (_, stakeholder) = hub_with_stakeholder(&app);
    let added: Indicator =
        app.post_json("/api/v1/hubs/measured-hub/indicators", &indicator(&stakeholder, json!({}))).expect(201).parse();
    let path = format!("/api/v1/indicators/{}/measurements", added.id);
    let cases = [
        (json!({"value": 1, "measured_on": "2999-01-01"}), "measured_on", "not_in_future"),
        (
            json!({"value": 1, "measured_on": "2024-01-01", "disaggregation": {"age": "young"}}),
            "disaggregation.age",
            "one_of",
        ),
        (
            json!({"value": 1, "measured_on": "2024-01-01", "disaggregation": {"sex": "other"}}),
            "disaggregation.sex",
            "one_of",
        ),
        (json!({"value": "ten", "measured_on": "2024-01-01"}), "value", "type"),
        (json!({"measured_on": "2024-01-01"}), "value", "required"),
        (json!({"value": 1, "measured_on": "2024-01-01", "source": "s".repeat(201)}), "source", "length"),
    ];
    for (body, field, rule) in cases {
        app.post_json(&path, &body).field_error(field, rule);
    }
    app.post_json("/api/v1/indicators/none/measurements", &json!({"value": 1, "measured_on": "2024-01-01"}))
        .problem(404, "not_found");
    app.delete("/api/v1/measurements/none", None).problem(404, "not_found");
}

#[test]
fn a_stakeholder_who_agreed_an_indicator_cannot_be_deleted_until_the_agreement_changes() {
    let app = TestApp::spawn();
    let (_, stakeholder) = hub_with_stakeholder(&app);
    let added: Indicator =
        app.post_json("/api/v1/hubs/measured-hub/indicators", &indicator(&stakeholder, json!({}))).expect(201).parse();
    let path = format!("/api/v1/stakeholders/{stakeholder}");

    let problem = app.delete(&path, None).problem(409, "stakeholder_cited");
    assert!(problem["detail"].as_str().unwrap().contains("Residents trained"), "names the indicator: {problem}");

    app.patch_json(&format!("/api/v1/indicators/{}", added.id), &json!({"agreed_by": [], "agreed_on": null}), None)
        .expect(200);
    app.delete(&path, None).expect(204);
}

#[test]
fn a_breakdown_in_use_stays_declared() {
    let app = TestApp::spawn();
    let (_, stakeholder) = hub_with_stakeholder(&app);
    let added: Indicator =
        app.post_json("/api/v1/hubs/measured-hub/indicators", &indicator(&stakeholder, json!({}))).expect(201).parse();
    measure(&app, &added.id, 10.0, "2024-01-01", Some(json!({"sex": "male"})));
    let path = format!("/api/v1/indicators/{}", added.id);

    app.patch_json(&path, &json!({"disaggregations": {"sex": ["female"]}}), None)
        .field_error("disaggregations", "consistent");
    let widened: Indicator = app
        .patch_json(&path, &json!({"disaggregations": {"sex": ["female", "male"], "area": ["urban", "rural"]}}), None)
        .expect(200)
        .parse();
    assert_eq!(widened.disaggregations.len(), 2);
}

#[test]
fn deleting_an_indicator_deletes_its_measurements_and_honours_if_match() {
    let app = TestApp::spawn();
    let (_, stakeholder) = hub_with_stakeholder(&app);
    let created =
        app.post_json("/api/v1/hubs/measured-hub/indicators", &indicator(&stakeholder, json!({}))).expect(201);
    let added: Indicator = created.parse();
    let stale = created.header("etag").unwrap().to_owned();
    let measurement = measure(&app, &added.id, 10.0, "2024-01-01", None);
    let path = format!("/api/v1/indicators/{}", added.id);
    app.patch_json(&path, &json!({"name": "Residents trained in climate action"}), None).expect(200);

    app.delete(&path, Some(&stale)).problem(412, "precondition_failed");
    app.delete(&path, None).expect(204);

    app.get(&path).problem(404, "not_found");
    app.get(&format!("{path}/measurements")).problem(404, "not_found");
    app.delete(&format!("/api/v1/measurements/{}", measurement.id), None).problem(404, "not_found");
}

#[test]
fn a_hub_cannot_move_its_period_away_from_its_indicators_targets() {
    let app = TestApp::spawn();
    let (hub, stakeholder) = hub_with_stakeholder(&app);
    app.post_json("/api/v1/hubs/measured-hub/indicators", &indicator(&stakeholder, json!({}))).expect(201);

    let problem = app
        .patch_json(&format!("/api/v1/hubs/{}", hub.id), &json!({"end_date": "2025-06-30"}), None)
        .field_error("end_date", "within_hub_period");
    assert!(problem["errors"][0]["message"].as_str().unwrap().contains("Residents trained"), "{problem}");
}

fn batch(app: &TestApp, indicator: &str, content_type: &str, body: String) -> l4a_tests::TestResponse {
    let path = format!("/api/v1/indicators/{indicator}/measurements:batch");
    app.request("POST", &path, &[("content-type", content_type)], Some(body.into_bytes()))
}

#[test]
fn a_batch_of_measurements_is_recorded_whole_from_json_or_csv() {
    let app = TestApp::spawn();
    let (_, stakeholder) = hub_with_stakeholder(&app);
    let added: Indicator =
        app.post_json("/api/v1/hubs/measured-hub/indicators", &indicator(&stakeholder, json!({}))).expect(201).parse();
    let rows = json!([
        {"value": 50, "measured_on": "2023-06-30", "source": "Register"},
        {"value": 30, "measured_on": "2023-06-30", "disaggregation": {"sex": "female"}},
        {"value": 90, "measured_on": "2023-12-31"}
    ]);

    let created = batch(&app, &added.id, "application/json", rows.to_string()).expect(201).json();
    assert_eq!(created["created"], 3);
    let csv = "value,measured_on,source,disaggregation\n150,2024-06-30,Register,\n80,2024-06-30,Register,sex=female\n"
        .to_owned();
    assert_eq!(batch(&app, &added.id, "text/csv; charset=utf-8", csv).expect(201).json()["created"], 2);

    let all: Page<Measurement> = app.get(&format!("/api/v1/indicators/{}/measurements", added.id)).expect(200).parse();
    assert_eq!(all.total, 5);
    let after: Indicator = app.get(&format!("/api/v1/indicators/{}", added.id)).expect(200).parse();
    assert_eq!(after.figures.latest.map(|l| l.value), Some(150.0));
}

#[test]
fn a_batch_with_bad_rows_names_each_and_records_nothing() {
    let app = TestApp::spawn();
    let (_, stakeholder) = hub_with_stakeholder(&app);
    let added: Indicator =
        app.post_json("/api/v1/hubs/measured-hub/indicators", &indicator(&stakeholder, json!({}))).expect(201).parse();
    let rows = json!([
        {"value": 50, "measured_on": "2023-06-30"},
        {"value": 60, "measured_on": "2999-01-01"},
        {"value": 70, "measured_on": "2023-07-31", "disaggregation": {"age": "young"}}
    ]);

    let problem = batch(&app, &added.id, "application/json", rows.to_string()).problem(422, "validation_failed");
    l4a_tests::assert_has_field_error(&problem, "rows[1].measured_on", "not_in_future");
    l4a_tests::assert_has_field_error(&problem, "rows[2].disaggregation.age", "one_of");
    let csv = "value,measured_on\nten,2023-01-01\n5,2023-13-01\n".to_owned();
    let problem = batch(&app, &added.id, "text/csv", csv).problem(422, "validation_failed");
    l4a_tests::assert_has_field_error(&problem, "rows[0].value", "type");
    l4a_tests::assert_has_field_error(&problem, "rows[1].measured_on", "format");
    l4a_tests::assert_has_field_error(
        &batch(&app, &added.id, "text/csv", "value,when\n1,x\n".into()).problem(422, "validation_failed"),
        "header[1]",
        "unknown_field",
    );

    let too_many: Vec<_> = (0..1001).map(|_| json!({"value": 1, "measured_on": "2023-06-30"})).collect();
    l4a_tests::assert_has_field_error(
        &batch(&app, &added.id, "application/json", json!(too_many).to_string()).problem(422, "validation_failed"),
        "rows",
        "range",
    );
    l4a_tests::assert_has_field_error(
        &batch(&app, &added.id, "application/json", "[]".into()).problem(422, "validation_failed"),
        "rows",
        "range",
    );
    batch(&app, &added.id, "text/plain", "1".into()).problem(415, "unsupported_media_type");
    batch(&app, &added.id, "application/json", "[{".into()).problem(400, "malformed_json");
    batch(&app, "nowhere", "application/json", rows.to_string()).problem(404, "not_found");

    let all: Page<Measurement> = app.get(&format!("/api/v1/indicators/{}/measurements", added.id)).expect(200).parse();
    assert_eq!(all.total, 0, "nothing from a refused batch was recorded");
}
