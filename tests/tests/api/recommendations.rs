//! Policy recommendations: written by the Secretariat, citing public evidence only, public once
//! published, and listed on the pages of the hubs they cite.

use l4a_tests::TestApp;
use serde_json::{Value, json};

/// A public hub (Dakar) with a deliverable, an indicator and an approved report, and a suspended
/// one (Quito) with a deliverable; returns their ids as `(hub, deliverable, indicator, report,
/// suspended deliverable)`.
fn evidence(app: &TestApp) -> (String, String, String, String, String) {
    let id = |value: Value| value["id"].as_str().unwrap().to_owned();
    let dakar = crate::organisation(app, "Ville de Dakar", "local_government");
    let hub = app
        .post_json("/api/v1/hubs", &crate::hub_with(&dakar, "Dakar hub", json!({"slug": "dakar", "status": "active"})));
    let hub = id(hub.expect(201).json());
    let guide = json!({"title": "Flood guide", "kind": "publication", "due_date": "2025-09-30"});
    let deliverable = id(app.post_json("/api/v1/hubs/dakar/deliverables", &guide).expect(201).json());
    let indicator = json!({
        "name": "Households guided", "dimension": "local_global", "unit": "households", "direction": "increase",
        "baseline_value": 0, "baseline_date": "2025-01-01", "target_value": 4000, "target_date": "2026-12-31",
    });
    let indicator = id(app.post_json("/api/v1/hubs/dakar/indicators", &indicator).expect(201).json());
    let report = json!({"period_start": "2025-01-01", "period_end": "2025-12-31", "achievements": "A.", "challenges": "C.", "next_steps": "N."});
    let report = id(app.post_json("/api/v1/hubs/dakar/reports", &report).expect(201).json());
    app.post_json(&format!("/api/v1/reports/{report}/submit"), &json!({})).expect(200);
    app.post_json(&format!("/api/v1/reports/{report}/approve"), &json!({})).expect(200);
    let quito = crate::organisation(app, "Municipio de Quito", "local_government");
    let suspended = crate::hub_with(&quito, "Quito hub", json!({"slug": "quito", "status": "suspended"}));
    app.post_json("/api/v1/hubs", &suspended).expect(201);
    let hidden = json!({"title": "Green corridor plan", "kind": "publication", "due_date": "2025-09-30"});
    let hidden = id(app.post_json("/api/v1/hubs/quito/deliverables", &hidden).expect(201).json());
    (hub, deliverable, indicator, report, hidden)
}

fn recommendation(citations: Value) -> Value {
    json!({
        "policy_council_id": "resilient_cities",
        "title": {"en": "Map flood risk with residents", "fr": "Cartographier le risque d'inondation avec les habitants", "es": ""},
        "text": {"en": "Cities that mapped flood risk with their residents acted before the rains.", "fr": "", "es": ""},
        "citations": citations,
        "presented_at": {"event": "Venice City Solutions 2030", "date": "2025-11-21"},
    })
}

#[test]
fn a_recommendation_cites_public_evidence_and_is_public_once_published() {
    let app = TestApp::spawn();
    let (hub, deliverable, indicator, report, _) = evidence(&app);
    let citations = json!([
        {"kind": "hub", "id": hub, "note": "Mapped three districts with residents."},
        {"kind": "deliverable", "id": deliverable, "note": "The guide reached 4,000 families."},
        {"kind": "indicator", "id": indicator, "note": "Households guided, measured yearly."},
        {"kind": "report", "id": report, "note": "The 2025 report approved by the Secretariat."},
    ]);
    let created = app.post_json("/api/v1/recommendations", &recommendation(citations)).expect(201);
    let id = created.json()["id"].as_str().unwrap().to_owned();
    assert_eq!(created.header("location"), Some(format!("/api/v1/recommendations/{id}").as_str()));
    assert_eq!(created.json()["state"], "draft");
    assert_eq!(created.json()["citations"].as_array().unwrap().len(), 4);

    // A draft is the Secretariat's.
    app.anonymous().get(&format!("/api/v1/recommendations/{id}")).problem(404, "not_found");
    assert_eq!(app.anonymous().get("/api/v1/recommendations").expect(200).json()["total"], 0);
    assert_eq!(app.anonymous().get("/api/v1/hubs/dakar/recommendations").expect(200).json()["total"], 0);

    let published = app.post_json(&format!("/api/v1/recommendations/{id}/publish"), &json!({})).expect(200).json();
    assert!(published["published_at"].is_string());
    app.post_json(&format!("/api/v1/recommendations/{id}/publish"), &json!({})).problem(409, "illegal_transition");
    let public = app.anonymous().get(&format!("/api/v1/recommendations/{id}")).expect(200).json();
    assert_eq!(public["title"]["fr"], "Cartographier le risque d'inondation avec les habitants");
    assert_eq!(public["presented_at"]["event"], "Venice City Solutions 2030");
    let on_hub = app.anonymous().get("/api/v1/hubs/dakar/recommendations").expect(200).json();
    assert_eq!(on_hub["items"][0]["id"], id.as_str(), "the hub's page lists what cites it");
    let council = app.anonymous().get("/api/v1/recommendations?policy_council=resilient_cities").expect(200).json();
    assert_eq!(council["total"], 1);
    // The dashboards' network draws hub → recommendation → council.
    let graph = app.anonymous().get("/api/v1/metrics/network?with=recommendations&lang=fr").expect(200).json();
    let group = &graph["groups"][0];
    assert_eq!(group["id"], format!("recommendation:{id}").as_str());
    assert_eq!(
        (group["kind"].as_str(), group["policy_council_id"].as_str()),
        (Some("recommendations"), Some("resilient_cities"))
    );
    assert_eq!(group["name"], "Cartographier le risque d'inondation avec les habitants");
    assert_eq!(
        graph["memberships"],
        json!([{"hub": hub, "group": format!("recommendation:{id}")}]),
        "cited once, by one hub"
    );

    // Edited with its version, then withdrawn: gone from the public.
    let etag = app.get(&format!("/api/v1/recommendations/{id}")).expect(200).header("etag").unwrap().to_owned();
    let patch = json!({"text": {"en": "Map flood risk with residents, and fund it.", "fr": "", "es": ""}});
    app.patch_json(&format!("/api/v1/recommendations/{id}"), &patch, Some(&etag)).expect(200);
    app.patch_json(&format!("/api/v1/recommendations/{id}"), &patch, Some(&etag)).problem(412, "precondition_failed");
    app.post_json(&format!("/api/v1/recommendations/{id}/withdraw"), &json!({})).expect(200);
    app.anonymous().get(&format!("/api/v1/recommendations/{id}")).problem(404, "not_found");
    assert_eq!(app.get("/api/v1/recommendations?state=withdrawn").expect(200).json()["total"], 1);
    let trail = app.get(&format!("/api/v1/audit?entity=recommendation&entity_id={id}&per_page=50")).expect(200).json();
    let actions: Vec<&str> = trail["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    for action in ["create", "publish", "update", "withdraw"] {
        assert!(actions.contains(&action), "{action} in {actions:?}");
    }
}

#[test]
fn citing_a_private_hub_s_data_or_an_unapproved_report_is_refused() {
    let app = TestApp::spawn();
    let (hub, _, _, _, hidden) = evidence(&app);
    let draft_report = json!({"period_start": "2025-01-01", "period_end": "2025-06-30"});
    let draft_report = app.post_json("/api/v1/hubs/dakar/reports", &draft_report).expect(201).json()["id"].clone();
    let citations = json!([
        {"kind": "hub", "id": hub, "note": "Public, and fine."},
        {"kind": "deliverable", "id": hidden, "note": "A suspended hub's plan."},
        {"kind": "report", "id": draft_report, "note": "A draft report."},
        {"kind": "indicator", "id": hub, "note": "A hub's id given as an indicator's."},
    ]);
    let refused = app.post_json("/api/v1/recommendations", &recommendation(citations));
    let problem = refused.problem(422, "validation_failed");
    for field in ["citations[1].id", "citations[2].id", "citations[3].id"] {
        l4a_tests::assert_has_field_error(&problem, field, "exists");
    }
    assert_eq!(problem["errors"].as_array().unwrap().len(), 3, "the public hub is fine: {problem}");
    let mut unknown = recommendation(json!([{"kind": "hub", "id": hub, "note": "Fine."}]));
    unknown["policy_council_id"] = json!("mayors_club");
    l4a_tests::assert_has_field_error(
        &app.post_json("/api/v1/recommendations", &unknown).problem(422, "validation_failed"),
        "policy_council_id",
        "exists",
    );
    let none = recommendation(json!([]));
    l4a_tests::assert_has_field_error(
        &app.post_json("/api/v1/recommendations", &none).problem(422, "validation_failed"),
        "citations",
        "required",
    );
    // Only the Secretariat writes them.
    let lead = crate::organisation(&app, "Lyon Métropole", "local_government");
    let (_, manager) = app.user_with("manager@lyon.example", &["manager"], &[&lead]);
    let fine = recommendation(json!([{"kind": "hub", "id": hub, "note": "Fine."}]));
    app.bearer(&manager).post_json("/api/v1/recommendations", &fine).problem(403, "forbidden");
    app.anonymous().post_json("/api/v1/recommendations", &fine).problem(401, "unauthorized");
}

#[test]
fn the_demo_has_a_published_recommendation_on_the_hubs_it_cites_and_a_draft() {
    let app = TestApp::spawn_with(l4a_tests::Options { demo: true, ..Default::default() });
    let all = app.get("/api/v1/recommendations").expect(200).json();
    let mut states: Vec<&str> = all["items"].as_array().unwrap().iter().map(|r| r["state"].as_str().unwrap()).collect();
    states.sort_unstable();
    assert_eq!(states, ["draft", "published"]);
    let dakar = app.anonymous().get("/api/v1/hubs/dakar-urban-resilience-lab/recommendations").expect(200).json();
    assert_eq!(dakar["total"], 1);
    assert_eq!(dakar["items"][0]["citations"].as_array().unwrap().len(), 3, "the hub, its guide and Avcılar's report");
    assert_eq!(
        app.anonymous().get("/api/v1/recommendations").expect(200).json()["total"],
        1,
        "the draft is not public"
    );
}
