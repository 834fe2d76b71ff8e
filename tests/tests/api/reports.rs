//! Progress reports: drafted by a hub's managers, submitted with the hub's figures frozen in,
//! approved or returned by the Secretariat; approved ones are public and set the reporting light.

use l4a_tests::TestApp;
use serde_json::{Value, json};

/// A hub of the City of Lyon with a deliverable and an indicator measured once, and a manager of
/// the city; returns the manager's token and the deliverable's and indicator's ids.
fn hub_and_manager(app: &TestApp) -> (String, String, String) {
    let lead = crate::organisation(app, "Lyon Métropole", "local_government");
    let hub = crate::hub_with(&lead, "Lyon hub", json!({"slug": "lyon", "status": "active"}));
    app.post_json("/api/v1/hubs", &hub).expect(201);
    let deliverable = json!({"title": "Heat map", "kind": "publication", "due_date": "2025-06-30"});
    let deliverable = app.post_json("/api/v1/hubs/lyon/deliverables", &deliverable).expect(201).json();
    let indicator = json!({
        "name": "Residents trained", "dimension": "acceleration", "unit": "people", "direction": "increase",
        "baseline_value": 0, "baseline_date": "2025-01-01", "target_value": 100, "target_date": "2026-12-31",
    });
    let indicator = app.post_json("/api/v1/hubs/lyon/indicators", &indicator).expect(201).json();
    let id = |value: &Value| value["id"].as_str().unwrap().to_owned();
    let measurement = json!({"value": 90, "measured_on": "2025-12-31"});
    app.post_json(&format!("/api/v1/indicators/{}/measurements", id(&indicator)), &measurement).expect(201);
    let (_, token) = app.user_with("manager@lyon.example", &["manager"], &[&lead]);
    (token, id(&deliverable), id(&indicator))
}

fn draft(period_end: &str) -> Value {
    json!({"period_start": "2025-01-01", "period_end": period_end, "achievements": "Trained 90 residents."})
}

#[test]
fn a_report_goes_from_draft_to_approved_and_each_illegal_step_is_a_409() {
    let app = TestApp::spawn();
    let (token, deliverable, _) = hub_and_manager(&app);
    let manager = app.bearer(&token);
    let mut body = draft("2025-12-31");
    body["deliverable_ids"] = json!([deliverable]);
    body["links"] = json!(["https://lyon.example/report-2025"]);
    let created = manager.post_json("/api/v1/hubs/lyon/reports", &body).expect(201);
    let location = created.header("location").unwrap().to_owned();
    let report = created.json();
    let id = report["id"].as_str().unwrap().to_owned();
    assert_eq!(location, format!("/api/v1/reports/{id}"));
    assert_eq!((report["state"].as_str(), report["snapshot"].is_null()), (Some("draft"), true));

    // The public sees neither the draft nor its place in the list.
    app.anonymous().get(&format!("/api/v1/reports/{id}")).problem(404, "not_found");
    assert_eq!(app.anonymous().get("/api/v1/hubs/lyon/reports").expect(200).json()["total"], 0);
    assert_eq!(manager.get("/api/v1/hubs/lyon/reports").expect(200).json()["total"], 1);

    // Two narrative parts are missing: submitting names both.
    let incomplete = manager.post_json(&format!("/api/v1/reports/{id}/submit"), &json!({}));
    let problem = incomplete.problem(422, "validation_failed");
    l4a_tests::assert_has_field_error(&problem, "challenges", "required");
    l4a_tests::assert_has_field_error(&problem, "next_steps", "required");
    let etag = manager.get(&format!("/api/v1/reports/{id}")).expect(200).header("etag").unwrap().to_owned();
    let rest = json!({"challenges": "Finding trainers.", "next_steps": "Train the trainers."});
    manager.patch_json(&format!("/api/v1/reports/{id}"), &rest, Some(&etag)).expect(200);
    // The Secretariat decides only on what was submitted.
    app.post_json(&format!("/api/v1/reports/{id}/approve"), &json!({})).problem(409, "illegal_transition");
    let submitted = manager.post_json(&format!("/api/v1/reports/{id}/submit"), &json!({})).expect(200).json();
    assert_eq!(submitted["state"], "submitted");
    assert!(submitted["submitted_at"].is_string());
    manager.post_json(&format!("/api/v1/reports/{id}/submit"), &json!({})).problem(409, "illegal_transition");
    let change = json!({"achievements": "More."});
    manager.patch_json(&format!("/api/v1/reports/{id}"), &change, None).problem(409, "report_not_editable");
    manager.delete(&format!("/api/v1/reports/{id}"), None).problem(409, "report_not_editable");
    // Only an administrator decides; returning needs comments.
    manager.post_json(&format!("/api/v1/reports/{id}/approve"), &json!({})).problem(403, "forbidden");
    let bare = app.post_json(&format!("/api/v1/reports/{id}/return"), &json!({}));
    l4a_tests::assert_has_field_error(&bare.problem(422, "validation_failed"), "comments", "required");
    let comments = json!({"comments": "Add the trainers' survey."});
    let returned = app.post_json(&format!("/api/v1/reports/{id}/return"), &comments).expect(200).json();
    assert_eq!(
        (returned["state"].as_str(), returned["comments"].as_str()),
        (Some("returned"), Some("Add the trainers' survey."))
    );
    assert_eq!(app.anonymous().get("/api/v1/hubs/lyon/reports").expect(200).json()["total"], 0);

    // Returned, it is edited and submitted again, then approved and public.
    let survey = json!({"links": ["https://lyon.example/report-2025", "https://lyon.example/survey"]});
    manager.patch_json(&format!("/api/v1/reports/{id}"), &survey, None).expect(200);
    manager.post_json(&format!("/api/v1/reports/{id}/submit"), &json!({})).expect(200);
    let approved = app.post_json(&format!("/api/v1/reports/{id}/approve"), &json!({})).expect(200).json();
    assert_eq!(approved["state"], "approved");
    assert_eq!(approved["decided_by"], "Administrator", "named, not by address");
    assert!(approved["decided_at"].is_string());
    app.post_json(&format!("/api/v1/reports/{id}/return"), &comments).problem(409, "illegal_transition");
    let public = app.anonymous().get(&format!("/api/v1/reports/{id}")).expect(200).json();
    assert_eq!(public["links"].as_array().unwrap().len(), 2);
    assert_eq!(app.anonymous().get("/api/v1/hubs/lyon/reports").expect(200).json()["total"], 1);

    // Every step is in the trail, and the three events were emitted.
    let trail = app.get(&format!("/api/v1/audit?entity=report&entity_id={id}&per_page=50")).expect(200).json();
    let actions: Vec<&str> = trail["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    for action in ["create", "update", "submit", "return", "approve"] {
        assert!(actions.contains(&action), "{action} in {actions:?}");
    }
    let events = app.get("/api/v1/events?per_page=100").expect(200).json();
    let kinds: Vec<&str> = events["items"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    for kind in ["report.submitted", "report.returned", "report.approved"] {
        assert!(kinds.contains(&kind), "{kind} in {kinds:?}");
    }
}

#[test]
fn the_figures_frozen_at_submission_do_not_follow_later_measurements() {
    let app = TestApp::spawn();
    let (token, _, indicator) = hub_and_manager(&app);
    let manager = app.bearer(&token);
    let mut body = draft("2025-12-31");
    body["challenges"] = json!("Finding trainers.");
    body["next_steps"] = json!("Train the trainers.");
    let id =
        manager.post_json("/api/v1/hubs/lyon/reports", &body).expect(201).json()["id"].as_str().unwrap().to_owned();
    let submitted = manager.post_json(&format!("/api/v1/reports/{id}/submit"), &json!({})).expect(200).json();
    let frozen = submitted["snapshot"].clone();
    assert_eq!(frozen["indicators"][0]["latest_value"], 90.0);
    assert_eq!(frozen["indicators"][0]["on_track"], true);
    assert_eq!(frozen["figures"]["deliverables_total"], 1);

    let later = json!({"value": 10, "measured_on": "2026-06-30"});
    app.post_json(&format!("/api/v1/indicators/{indicator}/measurements"), &later).expect(201);
    let deliverable = json!({"title": "Cool routes", "kind": "publication", "due_date": "2026-06-30"});
    app.post_json("/api/v1/hubs/lyon/deliverables", &deliverable).expect(201);
    let live = app.get("/api/v1/hubs/lyon").expect(200).json();
    assert_eq!((live["deliverables_total"].as_u64(), live["indicators_on_track"].as_u64()), (Some(2), Some(0)));
    let read = app.get(&format!("/api/v1/reports/{id}")).expect(200).json();
    assert_eq!(read["snapshot"], frozen, "the snapshot stays as it was submitted");
}

#[test]
fn the_last_approved_report_sets_the_reporting_light() {
    let app = TestApp::spawn();
    let (token, _, _) = hub_and_manager(&app);
    let manager = app.bearer(&token);
    let light = || app.get("/api/v1/hubs/lyon").expect(200).json()["reporting_status"].as_str().unwrap().to_owned();
    let metrics_light = || {
        let rows = app.get("/api/v1/metrics/hubs").expect(200).json();
        rows["items"][0]["figures"]["reporting_status"].as_str().unwrap().to_owned()
    };
    assert_eq!(light(), "green", "recorded today");
    let report = |start: &str, end: &str| {
        let body = json!({"period_start": start, "period_end": end, "achievements": "A.", "challenges": "C.", "next_steps": "N."});
        let id =
            manager.post_json("/api/v1/hubs/lyon/reports", &body).expect(201).json()["id"].as_str().unwrap().to_owned();
        manager.post_json(&format!("/api/v1/reports/{id}/submit"), &json!({})).expect(200);
        id
    };
    // Periods ending 30, 18 and 6 months ago, whatever the day the test runs.
    let today = chrono::Utc::now().date_naive();
    let ago = |months: u32| today.checked_sub_months(chrono::Months::new(months)).unwrap();
    let period = |months: u32| (ago(months + 6).to_string(), ago(months).to_string());
    // Submitted, a report changes nothing; approved, its end is what counts, whatever was recorded since.
    let (start, end) = period(30);
    let old = report(&start, &end);
    assert_eq!(light(), "green");
    app.post_json(&format!("/api/v1/reports/{old}/approve"), &json!({})).expect(200);
    assert_eq!((light(), metrics_light()), ("red".to_owned(), "red".to_owned()), "ended more than 24 months ago");
    let (start, end) = period(18);
    let middle = report(&start, &end);
    app.post_json(&format!("/api/v1/reports/{middle}/approve"), &json!({})).expect(200);
    assert_eq!((light(), metrics_light()), ("yellow".to_owned(), "yellow".to_owned()), "ended 12 to 24 months ago");
    let (start, end) = period(6);
    let recent = report(&start, &end);
    app.post_json(&format!("/api/v1/reports/{recent}/approve"), &json!({})).expect(200);
    assert_eq!((light(), metrics_light()), ("green".to_owned(), "green".to_owned()), "ended in the last 12 months");
    let summary = app.get("/api/v1/metrics/summary").expect(200).json();
    assert_eq!(summary["hubs"]["by_reporting_status"], json!([{"key": "green", "count": 1}]));
}

#[test]
fn evidence_must_be_the_hub_s_own_and_the_queue_is_the_secretariat_s() {
    let app = TestApp::spawn();
    let (token, _, _) = hub_and_manager(&app);
    let other = crate::organisation(&app, "Ville de Dakar", "local_government");
    app.post_json("/api/v1/hubs", &crate::hub_with(&other, "Dakar hub", json!({"slug": "dakar"}))).expect(201);
    let foreign = json!({"title": "Flood guide", "kind": "publication", "due_date": "2025-09-30"});
    let foreign = app.post_json("/api/v1/hubs/dakar/deliverables", &foreign).expect(201).json()["id"].clone();
    let manager = app.bearer(&token);
    let mut body = draft("2025-12-31");
    body["deliverable_ids"] = json!([foreign]);
    let refused = manager.post_json("/api/v1/hubs/lyon/reports", &body);
    l4a_tests::assert_has_field_error(&refused.problem(422, "validation_failed"), "deliverable_ids", "exists");
    let future = manager.post_json("/api/v1/hubs/lyon/reports", &draft("2099-12-31"));
    l4a_tests::assert_has_field_error(&future.problem(422, "validation_failed"), "period_end", "not_in_future");
    // Another city's manager may not write Lyon's reports.
    let (_, stranger) = app.user_with("manager@dakar.example", &["manager"], &[&other]);
    app.bearer(&stranger).post_json("/api/v1/hubs/lyon/reports", &draft("2025-12-31")).problem(403, "forbidden");

    let mut complete = draft("2025-12-31");
    complete["challenges"] = json!("C.");
    complete["next_steps"] = json!("N.");
    let id = manager.post_json("/api/v1/hubs/lyon/reports", &complete).expect(201).json()["id"].clone();
    manager.post_json(&format!("/api/v1/reports/{}/submit", id.as_str().unwrap()), &json!({})).expect(200);
    let queue = app.get("/api/v1/reports?state=submitted").expect(200).json();
    assert_eq!(queue["items"][0]["id"], id);
    manager.get("/api/v1/reports?state=submitted").problem(403, "forbidden");
    app.anonymous().get("/api/v1/reports").problem(401, "unauthorized");
    let bad = app.get("/api/v1/reports?state=lost");
    assert_eq!(bad.status, 400);
}

#[test]
fn the_demo_has_a_report_in_every_state_taken_there_by_the_workflow() {
    let app = TestApp::spawn_with(l4a_tests::Options { demo: true, ..Default::default() });
    let page = app.get("/api/v1/reports?per_page=100").expect(200).json();
    let mut states: Vec<&str> =
        page["items"].as_array().unwrap().iter().map(|r| r["state"].as_str().unwrap()).collect();
    states.sort_unstable();
    states.dedup();
    assert_eq!(states, ["approved", "draft", "returned", "submitted"]);
    let queue = app.get("/api/v1/reports?state=submitted").expect(200).json();
    assert!(queue["total"].as_u64().unwrap() >= 1, "the Secretariat's queue is not empty");
    // The public reads the approved ones on the hub page, with the evidence they cite.
    let public = app.anonymous().get("/api/v1/hubs/eko-bil-avcilar/reports").expect(200).json();
    let approved = &public["items"][0];
    assert_eq!((public["total"].as_u64(), approved["state"].as_str()), (Some(1), Some("approved")));
    assert!(!approved["deliverable_ids"].as_array().unwrap().is_empty() && approved["snapshot"].is_object());
}
