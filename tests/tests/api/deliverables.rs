//! Deliverables: the timeline rule (due dates inside the hub's period), delivery dates, the
//! derived `late` and `on_time`, listing, ETags, and the hub's period keeping them inside.

use l4a_shared::deliverable::{Deliverable, DeliverableStatus};
use l4a_shared::hub::Hub;
use l4a_shared::page::Page;
use l4a_tests::TestApp;
use serde_json::{Value, json};

use crate::hub_with;

/// A hub whose whole period lies in the past, so that lateness does not depend on today's date.
fn past_hub(app: &TestApp) -> Hub {
    let lead = crate::lead_organisation(app);
    let body =
        hub_with(&lead, "Past hub", json!({"slug": "past-hub", "start_date": "2023-01-01", "end_date": "2024-12-31"}));
    app.post_json("/api/v1/hubs", &body).expect(201).parse()
}

fn deliverable(title: &str, changes: Value) -> Value {
    let mut body = json!({"title": title, "kind": "publication", "due_date": "2024-06-30"});
    for (key, value) in changes.as_object().unwrap() {
        body[key] = value.clone();
    }
    body
}

fn add(app: &TestApp, title: &str, changes: Value) -> Deliverable {
    app.post_json("/api/v1/hubs/past-hub/deliverables", &deliverable(title, changes)).expect(201).parse()
}

#[test]
fn an_added_deliverable_can_be_read_back_with_its_derived_figures() {
    let app = TestApp::spawn();
    let hub = past_hub(&app);

    let created = app.post_json("/api/v1/hubs/past-hub/deliverables", &deliverable("Guide", json!({}))).expect(201);
    let added: Deliverable = created.parse();

    assert_eq!(added.hub_id, hub.id);
    assert_eq!(added.status, DeliverableStatus::Planned);
    assert!(added.late, "planned and due in 2024: late");
    assert!(!added.on_time);
    assert_eq!(created.header("location"), Some(format!("/api/v1/deliverables/{}", added.id).as_str()));
    let read = app.get(&format!("/api/v1/deliverables/{}", added.id)).expect(200);
    assert_eq!(read.header("etag"), created.header("etag"));
    assert_eq!(read.parse::<Deliverable>(), added);
    let listed: Page<Deliverable> = app.get(&format!("/api/v1/hubs/{}/deliverables", hub.id)).expect(200).parse();
    assert_eq!(listed.items, vec![added]);
}

#[test]
fn late_and_on_time_follow_the_status_and_the_dates() {
    let app = TestApp::spawn();
    past_hub(&app);
    let cases = [
        (json!({}), true, false),
        (json!({"status": "in_progress"}), true, false),
        (json!({"status": "cancelled"}), false, false),
        (json!({"status": "delivered", "delivered_on": "2024-05-01"}), false, true),
        (json!({"status": "delivered", "delivered_on": "2024-06-30"}), false, true),
        (json!({"status": "delivered", "delivered_on": "2024-07-01"}), false, false),
    ];
    for (index, (changes, late, on_time)) in cases.into_iter().enumerate() {
        let added = add(&app, &format!("Case {index}"), changes.clone());
        assert_eq!((added.late, added.on_time), (late, on_time), "{changes}");
    }
}

#[test]
fn each_broken_rule_of_a_deliverable_is_named() {
    let app = TestApp::spawn();
    past_hub(&app);
    let cases = [
        (json!({"title": "ab"}), "title", "length"),
        (json!({"kind": "book"}), "kind", "one_of"),
        (json!({"due_date": "2022-12-31"}), "due_date", "within_hub_period"),
        (json!({"due_date": "2025-01-01"}), "due_date", "within_hub_period"),
        (json!({"status": "delivered"}), "delivered_on", "required"),
        (json!({"status": "delivered", "delivered_on": "2999-01-01"}), "delivered_on", "not_in_future"),
        (json!({"status": "planned", "delivered_on": "2024-01-01"}), "delivered_on", "consistent"),
        (json!({"evidence_url": "not a link"}), "evidence_url", "format"),
        (json!({"late": true}), "late", "unknown_field"),
    ];
    for (changes, field, rule) in cases {
        app.post_json("/api/v1/hubs/past-hub/deliverables", &deliverable("Rule check", changes))
            .field_error(field, rule);
    }
    let listed: Page<Deliverable> = app.get("/api/v1/hubs/past-hub/deliverables").expect(200).parse();
    assert_eq!(listed.total, 0, "nothing refused was stored");
}

#[test]
fn the_listing_filters_sorts_and_pages() {
    let app = TestApp::spawn();
    past_hub(&app);
    add(&app, "Bravo", json!({"due_date": "2024-03-01"}));
    add(&app, "Alpha", json!({"due_date": "2024-09-01", "status": "delivered", "delivered_on": "2024-08-01"}));
    add(&app, "Charlie", json!({"due_date": "2023-06-01", "status": "cancelled"}));
    let titles = |query: &str| -> Vec<String> {
        let page: Page<Deliverable> =
            app.get(&format!("/api/v1/hubs/past-hub/deliverables?{query}")).expect(200).parse();
        page.items.into_iter().map(|d| d.title).collect()
    };

    assert_eq!(titles(""), ["Charlie", "Bravo", "Alpha"], "soonest due first");
    assert_eq!(titles("sort=-due_date"), ["Alpha", "Bravo", "Charlie"]);
    assert_eq!(titles("sort=title"), ["Alpha", "Bravo", "Charlie"]);
    assert_eq!(titles("late=true"), ["Bravo"]);
    assert_eq!(titles("late=false"), ["Charlie", "Alpha"]);
    assert_eq!(titles("status=delivered"), ["Alpha"]);
    assert_eq!(titles("per_page=1&page=2"), ["Bravo"]);
    let problem = app.get("/api/v1/hubs/past-hub/deliverables?late=soon&status=done").problem(400, "invalid_query");
    l4a_tests::assert_has_field_error(&problem, "late", "type");
    l4a_tests::assert_has_field_error(&problem, "status", "one_of");
}

#[test]
fn delivering_then_reopening_a_deliverable_goes_through_patches_with_etags() {
    let app = TestApp::spawn();
    past_hub(&app);
    let created = app.post_json("/api/v1/hubs/past-hub/deliverables", &deliverable("Toolkit", json!({}))).expect(201);
    let added: Deliverable = created.parse();
    let etag = created.header("etag").unwrap().to_owned();
    let path = format!("/api/v1/deliverables/{}", added.id);

    let delivered = app
        .patch_json(&path, &json!({"status": "delivered", "delivered_on": "2024-06-01", "evidence_url": "https://example.org/toolkit"}), Some(&etag))
        .expect(200);
    let after: Deliverable = delivered.parse();
    assert!(after.on_time && !after.late);
    assert_eq!(after.title, "Toolkit", "what the patch leaves out is kept");
    app.patch_json(&path, &json!({"title": "Lost update"}), Some(&etag)).problem(412, "precondition_failed");
    app.patch_json(&path, &json!({"status": "planned"}), None).field_error("delivered_on", "consistent");
    let reopened: Deliverable =
        app.patch_json(&path, &json!({"status": "planned", "delivered_on": null}), None).expect(200).parse();
    assert!(reopened.late);
    assert_eq!(reopened.delivered_on, None);
}

#[test]
fn a_deleted_deliverable_is_gone_and_a_stale_delete_is_refused() {
    let app = TestApp::spawn();
    past_hub(&app);
    let created =
        app.post_json("/api/v1/hubs/past-hub/deliverables", &deliverable("Short-lived", json!({}))).expect(201);
    let added: Deliverable = created.parse();
    let stale = created.header("etag").unwrap().to_owned();
    let path = format!("/api/v1/deliverables/{}", added.id);
    app.patch_json(&path, &json!({"title": "Renamed"}), None).expect(200);

    app.delete(&path, Some(&stale)).problem(412, "precondition_failed");
    app.delete(&path, None).expect(204);

    app.get(&path).problem(404, "not_found");
    app.delete(&path, None).problem(404, "not_found");
}

#[test]
fn a_hub_that_does_not_exist_has_no_deliverables() {
    let app = TestApp::spawn();
    app.get("/api/v1/hubs/nowhere/deliverables").problem(404, "not_found");
    app.post_json("/api/v1/hubs/nowhere/deliverables", &deliverable("Orphan", json!({}))).problem(404, "not_found");
    app.get("/api/v1/deliverables/none").problem(404, "not_found");
}

#[test]
fn a_hub_cannot_move_its_period_away_from_its_deliverables() {
    let app = TestApp::spawn();
    let hub = past_hub(&app);
    add(&app, "Final report", json!({"due_date": "2024-11-30"}));
    let path = format!("/api/v1/hubs/{}", hub.id);

    let problem =
        app.patch_json(&path, &json!({"end_date": "2024-06-30"}), None).field_error("end_date", "within_hub_period");
    assert!(
        problem["errors"][0]["message"].as_str().unwrap().contains("Final report"),
        "names the deliverable: {problem}"
    );
    app.patch_json(&path, &json!({"start_date": "2024-12-01", "end_date": "2025-12-31"}), None)
        .field_error("start_date", "within_hub_period");

    app.patch_json(&path, &json!({"end_date": "2024-11-30"}), None).expect(200);
}

#[test]
fn an_archived_hub_keeps_its_deliverables_readable() {
    let app = TestApp::spawn();
    let hub = past_hub(&app);
    let added = add(&app, "Kept", json!({}));

    app.delete(&format!("/api/v1/hubs/{}", hub.id), None).expect(204);

    app.get(&format!("/api/v1/deliverables/{}", added.id)).expect(200);
    let listed: Page<Deliverable> = app.get("/api/v1/hubs/past-hub/deliverables").expect(200).parse();
    assert_eq!(listed.total, 1);
}
