//! Connections between hubs: listed from both ends, no self-links, no duplicates.

use l4a_shared::connection::Connection;
use l4a_shared::page::Page;
use l4a_tests::TestApp;
use serde_json::json;

fn two_hubs(app: &TestApp) {
    let lead = crate::lead_organisation(app);
    for slug in ["hub-a", "hub-b", "hub-c"] {
        app.post_json("/api/v1/hubs", &crate::hub_with(&lead, &format!("Hub {slug}"), json!({"slug": slug})))
            .expect(201);
    }
}

#[test]
fn a_connection_is_listed_from_both_ends_with_both_names() {
    let app = TestApp::spawn();
    two_hubs(&app);

    let created = app
        .post_json(
            "/api/v1/hubs/hub-a/connections",
            &json!({"other_hub_id": "hub-b", "kind": "peer_learning", "description": "Exchange visits"}),
        )
        .expect(201);
    let connection: Connection = created.parse();

    assert_eq!((connection.hub.slug.as_str(), connection.other_hub.slug.as_str()), ("hub-a", "hub-b"));
    assert_eq!(created.header("location"), Some(format!("/api/v1/connections/{}", connection.id).as_str()));
    for end in ["hub-a", "hub-b"] {
        let listed: Page<Connection> = app.get(&format!("/api/v1/hubs/{end}/connections")).expect(200).parse();
        assert_eq!(listed.items, vec![connection.clone()], "listed from {end}");
    }
    let unrelated: Page<Connection> = app.get("/api/v1/hubs/hub-c/connections").expect(200).parse();
    assert_eq!(unrelated.total, 0);
}

#[test]
fn a_hub_is_not_connected_to_itself_nor_twice_in_the_same_way() {
    let app = TestApp::spawn();
    two_hubs(&app);
    app.post_json("/api/v1/hubs/hub-a/connections", &json!({"other_hub_id": "hub-a", "kind": "builds_on"}))
        .field_error("other_hub_id", "consistent");
    app.post_json("/api/v1/hubs/hub-a/connections", &json!({"other_hub_id": "nowhere", "kind": "builds_on"}))
        .field_error("other_hub_id", "exists");
    app.post_json("/api/v1/hubs/hub-a/connections", &json!({"other_hub_id": "hub-b", "kind": "teaming"}))
        .field_error("kind", "one_of");

    app.post_json("/api/v1/hubs/hub-a/connections", &json!({"other_hub_id": "hub-b", "kind": "builds_on"})).expect(201);
    app.post_json("/api/v1/hubs/hub-b/connections", &json!({"other_hub_id": "hub-a", "kind": "builds_on"}))
        .problem(409, "connection_exists");
    app.post_json("/api/v1/hubs/hub-b/connections", &json!({"other_hub_id": "hub-a", "kind": "joint_activity"}))
        .expect(201);
}

#[test]
fn a_removed_connection_leaves_both_lists() {
    let app = TestApp::spawn();
    two_hubs(&app);
    let connection: Connection = app
        .post_json("/api/v1/hubs/hub-a/connections", &json!({"other_hub_id": "hub-b", "kind": "builds_on"}))
        .expect(201)
        .parse();

    app.delete(&format!("/api/v1/connections/{}", connection.id), None).expect(204);

    assert_eq!(app.get("/api/v1/hubs/hub-b/connections").json()["total"], 0);
    app.delete(&format!("/api/v1/connections/{}", connection.id), None).problem(404, "not_found");
    app.get("/api/v1/hubs/nowhere/connections").problem(404, "not_found");
}
