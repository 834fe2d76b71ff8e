//! Stakeholders: CRUD with ETags, filters, validation, and contact details that never reach a
//! caller who may not manage the hub.

use l4a_shared::page::Page;
use l4a_shared::stakeholder::{Stakeholder, StakeholderRole};
use l4a_tests::TestApp;
use serde_json::{Value, json};

fn hub(app: &TestApp) {
    let lead = crate::lead_organisation(app);
    app.post_json("/api/v1/hubs", &crate::hub_with(&lead, "Stakeholder hub", json!({"slug": "stakeholder-hub"})))
        .expect(201);
}

fn stakeholder(name: &str, changes: Value) -> Value {
    let mut body = json!({
        "name": name,
        "kind": "citizens_group",
        "role": "participant",
        "took_part_in_criteria": true,
        "contact_email": "secret@example.org",
        "contact_phone": "+33 1 23 45 67 89"
    });
    for (key, value) in changes.as_object().unwrap() {
        body[key] = value.clone();
    }
    body
}

/// Asserts that no private detail appears anywhere in a response body.
fn assert_no_contact_details(body: &str) {
    for private in ["contact_email", "contact_phone", "secret@example.org", "+33 1 23 45 67 89"] {
        assert!(!body.contains(private), "{private} leaked into a public response: {body}");
    }
}

#[test]
fn contact_details_reach_only_those_who_may_manage_the_hub() {
    let app = TestApp::spawn();
    hub(&app);

    let created = app
        .post_json("/api/v1/hubs/stakeholder-hub/stakeholders", &stakeholder("Residents' council", json!({})))
        .expect(201);
    assert_eq!(created.json()["contact_email"], "secret@example.org", "whoever adds it sees it");
    let added: Stakeholder = created.parse();
    assert!(added.took_part_in_criteria);
    assert_eq!(added.role, StakeholderRole::Participant);

    // Anonymous readers and a manager of another organisation see the public part only.
    let other = crate::organisation(&app, "Another city", "local_government");
    let (_, outsider) = app.user_with("outsider@example.org", &["manager"], &[&other]);
    for reader in [app.anonymous(), app.bearer(&outsider)] {
        let read = reader.get(&format!("/api/v1/stakeholders/{}", added.id)).expect(200);
        assert_no_contact_details(&read.text());
        assert_eq!(read.parse::<Stakeholder>(), added);
        let listed = reader.get("/api/v1/hubs/stakeholder-hub/stakeholders").expect(200);
        assert_no_contact_details(&listed.text());
        assert_eq!(listed.parse::<Page<Stakeholder>>().items, vec![added.clone()]);
    }
    // The hub's own manager and the board see the contact details.
    let lead =
        app.get("/api/v1/hubs/stakeholder-hub").expect(200).json()["lead_organisation_id"].as_str().unwrap().to_owned();
    let (_, manager) = app.user_with("manager@example.org", &["manager"], &[&lead]);
    let (_, reviewer) = app.user_with("reviewer@example.org", &["reviewer"], &[]);
    for reader in [app.bearer(&manager), app.bearer(&reviewer)] {
        let read = reader.get(&format!("/api/v1/stakeholders/{}", added.id)).expect(200).json();
        assert_eq!(read["contact_phone"], "+33 1 23 45 67 89");
    }
}

#[test]
fn each_broken_rule_of_a_stakeholder_is_named() {
    let app = TestApp::spawn();
    hub(&app);
    let cases = [
        (json!({"name": "X"}), "name", "length"),
        (json!({"kind": "neighbour"}), "kind", "one_of"),
        (json!({"role": "boss"}), "role", "one_of"),
        (json!({"took_part_in_criteria": "yes"}), "took_part_in_criteria", "type"),
        (json!({"contact_email": "nobody"}), "contact_email", "format"),
        (json!({"contact_phone": "call me"}), "contact_phone", "format"),
        (json!({"notes": "x"}), "notes", "unknown_field"),
    ];
    for (changes, field, rule) in cases {
        app.post_json("/api/v1/hubs/stakeholder-hub/stakeholders", &stakeholder("Rule check", changes))
            .field_error(field, rule);
    }
    app.post_json("/api/v1/hubs/nowhere/stakeholders", &stakeholder("Orphan", json!({}))).problem(404, "not_found");
    app.get("/api/v1/stakeholders/none").problem(404, "not_found");
}

#[test]
fn the_listing_filters_and_sorts() {
    let app = TestApp::spawn();
    hub(&app);
    for (name, kind, role, took_part) in [
        ("Zeta University", "academia", "expert", true),
        ("Alpha Bank", "private_sector", "funder", false),
        ("Mid Residents", "citizens_group", "participant", true),
    ] {
        let body = stakeholder(name, json!({"kind": kind, "role": role, "took_part_in_criteria": took_part}));
        app.post_json("/api/v1/hubs/stakeholder-hub/stakeholders", &body).expect(201);
    }
    let names = |query: &str| -> Vec<String> {
        let page: Page<Stakeholder> =
            app.get(&format!("/api/v1/hubs/stakeholder-hub/stakeholders?{query}")).expect(200).parse();
        page.items.into_iter().map(|s| s.name).collect()
    };
    assert_eq!(names(""), ["Alpha Bank", "Mid Residents", "Zeta University"]);
    assert_eq!(names("sort=-name"), ["Zeta University", "Mid Residents", "Alpha Bank"]);
    assert_eq!(names("role=funder"), ["Alpha Bank"]);
    assert_eq!(names("kind=academia"), ["Zeta University"]);
    assert_eq!(names("took_part_in_criteria=true"), ["Mid Residents", "Zeta University"]);
    app.get("/api/v1/hubs/stakeholder-hub/stakeholders?role=boss").problem(400, "invalid_query");
}

#[test]
fn updates_and_deletes_honour_if_match() {
    let app = TestApp::spawn();
    hub(&app);
    let created =
        app.post_json("/api/v1/hubs/stakeholder-hub/stakeholders", &stakeholder("Changing", json!({}))).expect(201);
    let added: Stakeholder = created.parse();
    let etag = created.header("etag").unwrap().to_owned();
    let path = format!("/api/v1/stakeholders/{}", added.id);

    let renamed: Stakeholder = app.patch_json(&path, &json!({"name": "Changed"}), Some(&etag)).expect(200).parse();
    assert_eq!(renamed.name, "Changed");
    assert!(renamed.took_part_in_criteria, "what the patch leaves out is kept");
    app.patch_json(&path, &json!({"name": "Lost"}), Some(&etag)).problem(412, "precondition_failed");
    app.delete(&path, Some(&etag)).problem(412, "precondition_failed");
    app.delete(&path, None).expect(204);
    app.get(&path).problem(404, "not_found");
}
