//! Activities: a hub's events and publications, with their Venice City Solutions 2030 edition.

use l4a_shared::activity::Activity;
use l4a_shared::page::Page;
use l4a_tests::TestApp;
use serde_json::{Value, json};

fn hub(app: &TestApp) {
    let lead = crate::lead_organisation(app);
    app.post_json("/api/v1/hubs", &crate::hub_with(&lead, "Active hub", json!({"slug": "active-hub"}))).expect(201);
}

fn activity(title: &str, changes: Value) -> Value {
    let mut body =
        json!({"kind": "event", "title": title, "date": "2025-11-21", "place": "Venice", "venice_edition": 2025});
    for (key, value) in changes.as_object().unwrap() {
        body[key] = value.clone();
    }
    body
}

#[test]
fn activities_are_listed_newest_first_and_read_back() {
    let app = TestApp::spawn();
    hub(&app);
    let older: Activity = app
        .post_json(
            "/api/v1/hubs/active-hub/activities",
            &activity("Launch", json!({"date": "2025-02-01", "venice_edition": null})),
        )
        .expect(201)
        .parse();
    let created =
        app.post_json("/api/v1/hubs/active-hub/activities", &activity("Forum presentation", json!({}))).expect(201);
    let newer: Activity = created.parse();

    assert_eq!(newer.venice_edition, Some(2025));
    let listed: Page<Activity> = app.get("/api/v1/hubs/active-hub/activities").expect(200).parse();
    assert_eq!(listed.items, vec![newer.clone(), older]);
    let read = app.get(&format!("/api/v1/activities/{}", newer.id)).expect(200);
    assert_eq!(read.header("etag"), created.header("etag"));
}

#[test]
fn each_broken_rule_of_an_activity_is_named() {
    let app = TestApp::spawn();
    hub(&app);
    let cases = [
        (json!({"title": "ab"}), "title", "length"),
        (json!({"kind": "podcast"}), "kind", "one_of"),
        (json!({"place": null, "url": null}), "place", "required"),
        (json!({"url": "venice.it"}), "url", "format"),
        (json!({"venice_edition": 2016}), "venice_edition", "range"),
        (json!({"date": "yesterday"}), "date", "format"),
    ];
    for (changes, field, rule) in cases {
        app.post_json("/api/v1/hubs/active-hub/activities", &activity("Rule check", changes)).field_error(field, rule);
    }
    app.post_json("/api/v1/hubs/nowhere/activities", &activity("Orphan", json!({}))).problem(404, "not_found");
}

#[test]
fn an_activity_is_updated_and_deleted_with_if_match() {
    let app = TestApp::spawn();
    hub(&app);
    let created = app.post_json("/api/v1/hubs/active-hub/activities", &activity("Webinar", json!({}))).expect(201);
    let added: Activity = created.parse();
    let etag = created.header("etag").unwrap().to_owned();
    let path = format!("/api/v1/activities/{}", added.id);

    let online: Activity = app
        .patch_json(&path, &json!({"place": null, "url": "https://example.org/webinar"}), Some(&etag))
        .expect(200)
        .parse();
    assert_eq!((online.place, online.url.as_deref()), (None, Some("https://example.org/webinar")));
    app.patch_json(&path, &json!({"url": null}), None).field_error("place", "required");
    app.delete(&path, Some(&etag)).problem(412, "precondition_failed");
    app.delete(&path, None).expect(204);
    app.get(&path).problem(404, "not_found");
}
