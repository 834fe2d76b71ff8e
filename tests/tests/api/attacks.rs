//! Regression tests for the attacks an outside review found, one section per finding (C1, H1, …).
//! Each replays the attack and its variants against the real server on both backends.

use l4a_shared::hub::Hub;
use l4a_shared::proposal::Proposal;
use l4a_tests::TestApp;
use serde_json::{Value, json};

/// Organisation A (the attacker's) and organisation B (the victim's), a hub each, and a manager of A.
struct Victim {
    org_a: String,
    hub_a: String,
    hub_b: String,
    manager_a: String,
    deliverable_b: String,
}

fn victim(app: &TestApp) -> Victim {
    let org_a = crate::organisation(app, "Attacker City", "local_government");
    let org_b = crate::organisation(app, "Victim City", "local_government");
    let created = |org: &str, slug: &str| -> String {
        let body = crate::hub_with(org, &format!("Hub {slug}"), json!({"slug": slug}));
        app.post_json("/api/v1/hubs", &body).expect(201).json()["id"].as_str().unwrap().to_owned()
    };
    let (hub_a, hub_b) = (created(&org_a, "attacker-hub"), created(&org_b, "victim-hub"));
    let stakeholder = json!({"name": "Residents", "kind": "citizens_group", "role": "participant",
                             "contact_email": "private@victim.example.org", "contact_phone": "+33 1 23 45 67 89"});
    app.post_json(&format!("/api/v1/hubs/{hub_b}/stakeholders"), &stakeholder).expect(201);
    let deliverable = json!({"title": "Victim's toolkit", "kind": "tool", "due_date": "2025-06-30"});
    let deliverable_b = app.post_json(&format!("/api/v1/hubs/{hub_b}/deliverables"), &deliverable).expect(201).json()
        ["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, manager_a) = app.user_with("manager@attacker.example.org", &["manager"], &[&org_a]);
    Victim { org_a, hub_a, hub_b, manager_a, deliverable_b }
}

/// Every way the attacker's hub could answer for the victim's id must fail: the victim's hub is
/// served, and the attacker may neither read its private contacts nor change its content.
fn assert_victim_is_safe(app: &TestApp, v: &Victim) {
    let served: Hub = app.anonymous().get(&format!("/api/v1/hubs/{}", v.hub_b)).expect(200).parse();
    assert_eq!(served.id, v.hub_b, "the victim's id serves the victim's hub");
    let attacker = app.bearer(&v.manager_a);
    let listed = attacker.get(&format!("/api/v1/hubs/{}/stakeholders", v.hub_b)).expect(200).text();
    assert!(!listed.contains("private@victim.example.org"), "the attacker read the victim's contacts: {listed}");
    let deliverable = format!("/api/v1/deliverables/{}", v.deliverable_b);
    attacker.patch_json(&deliverable, &json!({"title": "Defaced"}), None).problem(403, "forbidden");
    attacker.delete(&deliverable, None).problem(403, "forbidden");
    let new = json!({"title": "Planted", "kind": "tool", "due_date": "2025-06-30"});
    attacker.post_json(&format!("/api/v1/hubs/{}/deliverables", v.hub_b), &new).problem(403, "forbidden");
    attacker
        .patch_json(&format!("/api/v1/hubs/{}", v.hub_b), &json!({"summary": "Taken over by the attacker."}), None)
        .problem(403, "forbidden");
    assert_eq!(app.get(&deliverable).expect(200).json()["title"], "Victim's toolkit");
}

/// The victim's row changes, which is what made PostgreSQL return the attacker's row first.
fn touch(app: &TestApp, hub: &str) {
    app.patch_json(&format!("/api/v1/hubs/{hub}"), &json!({"summary": "A summary long enough, edited."}), None)
        .expect(200);
}

#[test]
fn c1_a_slug_shaped_like_another_hub_s_id_is_refused_however_it_is_chosen() {
    let app = TestApp::spawn();
    let v = victim(&app);
    let attacker = app.bearer(&v.manager_a);
    let own = format!("/api/v1/hubs/{}", v.hub_a);

    // Explicitly, in any case, and any UUID at all.
    for slug in [v.hub_b.clone(), v.hub_b.to_uppercase(), "01927c3e-5b2a-7d41-8f00-0123456789ab".to_owned()] {
        attacker.patch_json(&own, &json!({"slug": slug}), None).field_error("slug", "format");
    }
    let explicit = crate::hub_with(&v.org_a, "Another hub", json!({"slug": v.hub_b}));
    app.post_json("/api/v1/hubs", &explicit).field_error("slug", "format");

    // Derived from a name that is the victim's id, in lower or upper case.
    for name in [v.hub_b.clone(), v.hub_b.to_uppercase()] {
        let created: Hub = app.post_json("/api/v1/hubs", &crate::valid_hub(&v.org_a, &name)).expect(201).parse();
        assert_ne!(created.slug.to_lowercase(), v.hub_b, "a derived slug took the victim's id");
        assert!(!looks_like_uuid(&created.slug), "{}", created.slug);
        app.get(&format!("/api/v1/hubs/{}", created.slug)).expect(200);
    }
    touch(&app, &v.hub_b);
    assert_victim_is_safe(&app, &v);
}

#[test]
fn c1_a_proposal_titled_with_another_hub_s_id_labels_a_hub_that_cannot_answer_for_it() {
    let app = TestApp::spawn();
    let v = victim(&app);
    let cast = crate::proposals::cast(&app);
    let manager = app.bearer(&cast.manager_a);
    let mut content = crate::proposals::complete();
    content["title"] = Value::String(v.hub_b.clone());
    let id = crate::proposals::draft(&manager, &cast, content).expect(201).json()["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/proposals/{id}");
    manager.post_json(&format!("{path}/submit"), &json!({})).expect(200);
    app.post_json(&format!("{path}/start-review"), &json!({})).expect(200);
    let accept = json!({"outcome": "accept", "reason": "It meets every rule of the label."});
    let accepted: Proposal = app.post_json(&format!("{path}/decision"), &accept).expect(200).parse();
    let labelled: Hub = app.get(&format!("/api/v1/hubs/{}", accepted.hub_id.unwrap())).expect(200).parse();
    assert_eq!(labelled.name, v.hub_b);
    assert!(!looks_like_uuid(&labelled.slug), "{}", labelled.slug);
    touch(&app, &v.hub_b);
    assert_victim_is_safe(&app, &v);
}

#[test]
fn c1_an_id_in_a_path_is_looked_up_as_an_id_first_even_when_a_stored_slug_equals_it() {
    // A slug stored before the rule existed: the lookups themselves must not let it win.
    let app = TestApp::spawn();
    let v = victim(&app);
    app.execute_sql(&format!("UPDATE hubs SET slug = '{}' WHERE id = '{}'", v.hub_b, v.hub_a));
    touch(&app, &v.hub_b);
    assert_victim_is_safe(&app, &v);
    // Children found by their stored hub id authorise against that hub, whatever slugs say.
    let attacker = app.bearer(&v.manager_a);
    let own = json!({"title": "Own toolkit", "kind": "tool", "due_date": "2025-06-30"});
    let created = attacker.post_json(&format!("/api/v1/hubs/{}/deliverables", v.hub_a), &own).expect(201).json();
    assert_eq!(created["hub_id"], v.hub_a.as_str());
}
fn looks_like_uuid(s: &str) -> bool { uuid::Uuid::parse_str(s).is_ok() }
