//! The figures every hub is returned with: deliverables due, delivered and late, indicators on
//! track, synchronization degree and reporting status.

use l4a_shared::figures::{HubFigures, ReportingStatus};
use l4a_shared::hub::Hub;
use l4a_shared::page::Page;
use l4a_tests::TestApp;
use serde_json::{Value, json};

#[test]
fn a_hub_counts_its_deliverables_indicators_and_connections() {
    let app = TestApp::spawn();
    let lead = crate::lead_organisation(&app);
    let past = json!({"slug": "counted", "start_date": "2023-01-01", "end_date": "2025-12-31"});
    let hub: Hub = app.post_json("/api/v1/hubs", &crate::hub_with(&lead, "Counted", past)).expect(201).parse();
    for slug in ["peer-one", "peer-two"] {
        app.post_json("/api/v1/hubs", &crate::hub_with(&lead, slug, json!({"slug": slug}))).expect(201);
    }
    let empty = HubFigures {
        deliverables_total: 0,
        deliverables_delivered: 0,
        deliverables_late: 0,
        indicators_total: 0,
        indicators_on_track: 0,
        synchronization_degree: 0,
        reporting_status: ReportingStatus::Green,
    };
    assert_eq!(hub.figures, empty, "a new hub starts green with nothing counted");

    let deliverables = "/api/v1/hubs/counted/deliverables";
    app.post_json(deliverables, &json!({"title": "Late report", "kind": "publication", "due_date": "2024-06-30"}))
        .expect(201);
    app.post_json(deliverables, &json!({"title": "Delivered tool", "kind": "tool", "due_date": "2024-06-30", "status": "delivered", "delivered_on": "2024-06-01"})).expect(201);
    app.post_json(
        deliverables,
        &json!({"title": "Cancelled event", "kind": "event", "due_date": "2024-06-30", "status": "cancelled"}),
    )
    .expect(201);
    let indicator = |name: &str| {
        json!({
            "name": name, "dimension": "acceleration", "unit": "people", "direction": "increase",
            "baseline_value": 0, "baseline_date": "2023-01-01", "target_value": 100, "target_date": "2025-12-31"
        })
    };
    let on_track = app.post_json("/api/v1/hubs/counted/indicators", &indicator("Reached")).expect(201).json();
    let behind = app.post_json("/api/v1/hubs/counted/indicators", &indicator("Behind")).expect(201).json();
    app.post_json("/api/v1/hubs/counted/indicators", &indicator("Unmeasured")).expect(201);
    let measure = |id: &Value, value: i32| {
        let path = format!("/api/v1/indicators/{}/measurements", id["id"].as_str().unwrap());
        app.post_json(&path, &json!({"value": value, "measured_on": "2025-12-31"})).expect(201);
    };
    measure(&on_track, 100);
    measure(&behind, 40);
    for (other, kind) in [("peer-one", "peer_learning"), ("peer-one", "joint_activity"), ("peer-two", "builds_on")] {
        app.post_json("/api/v1/hubs/counted/connections", &json!({"other_hub_id": other, "kind": kind})).expect(201);
    }

    let expected = HubFigures {
        deliverables_total: 3,
        deliverables_delivered: 1,
        deliverables_late: 1,
        indicators_total: 3,
        indicators_on_track: 1,
        synchronization_degree: 2,
        reporting_status: ReportingStatus::Green,
    };
    let read: Hub = app.get(&format!("/api/v1/hubs/{}", hub.id)).expect(200).parse();
    assert_eq!(read.figures, expected);
    let listed: Page<Hub> = app.get("/api/v1/hubs?per_page=100").expect(200).parse();
    let in_list = listed.items.iter().find(|h| h.id == hub.id).unwrap();
    assert_eq!(in_list.figures, expected, "the listing computes the same figures");
    let peer: Hub = app.get("/api/v1/hubs/peer-one").expect(200).parse();
    assert_eq!(peer.figures.synchronization_degree, 1, "counted from the other end too");
    let json = app.get("/api/v1/hubs/counted").json();
    for field in
        ["deliverables_total", "deliverables_late", "indicators_on_track", "synchronization_degree", "reporting_status"]
    {
        assert!(json.get(field).is_some(), "{field} is a top-level field of the hub");
    }
}
