//! The hub eligibility endpoint: the label's six rules against what is on record.

use l4a_shared::eligibility::{LabelRule, RuleCheck, RuleStatus};
use l4a_tests::TestApp;
use serde_json::json;

fn statuses(app: &TestApp) -> Vec<(LabelRule, RuleStatus)> {
    let checks: Vec<RuleCheck> = app.get("/api/v1/hubs/checked/eligibility").expect(200).parse();
    checks.into_iter().map(|c| (c.rule, c.status)).collect()
}

#[test]
fn a_hub_passes_more_rules_as_its_record_fills_in() {
    let app = TestApp::spawn();
    let lead = crate::lead_organisation(&app);
    let past = json!({"slug": "checked", "start_date": "2023-01-01", "end_date": "2025-12-31"});
    app.post_json("/api/v1/hubs", &crate::hub_with(&lead, "Checked", past)).expect(201);

    assert_eq!(
        statuses(&app),
        vec![
            (LabelRule::LedLocally, RuleStatus::Pass),
            (LabelRule::Timeline, RuleStatus::Fail),
            (LabelRule::ParticipatoryCriteria, RuleStatus::Fail),
            (LabelRule::UclgBrand, RuleStatus::Unknown),
            (LabelRule::Thematic, RuleStatus::Pass),
            (LabelRule::Communication, RuleStatus::Unknown),
        ]
    );
    let checks = app.get("/api/v1/hubs/checked/eligibility").json();
    assert_eq!(checks[1]["reasons"][0], "no deliverable is announced");

    app.post_json(
        "/api/v1/hubs/checked/deliverables",
        &json!({"title": "Toolkit", "kind": "tool", "due_date": "2024-06-30"}),
    )
    .expect(201);
    let indicator = json!({"name": "Unagreed", "dimension": "acceleration", "unit": "people", "direction": "increase",
        "baseline_value": 0, "baseline_date": "2023-01-01", "target_value": 10, "target_date": "2025-12-31"});
    let unagreed = app.post_json("/api/v1/hubs/checked/indicators", &indicator).expect(201).json();
    let checks = app.get("/api/v1/hubs/checked/eligibility").json();
    assert_eq!(checks[1]["status"], "pass");
    assert_eq!(checks[2]["status"], "fail");
    assert!(checks[2]["reasons"][0].as_str().unwrap().contains("Unagreed"), "{checks}");

    let stakeholder =
        json!({"name": "Residents", "kind": "citizens_group", "role": "participant", "took_part_in_criteria": true});
    let stakeholder = app.post_json("/api/v1/hubs/checked/stakeholders", &stakeholder).expect(201).json();
    let path = format!("/api/v1/indicators/{}", unagreed["id"].as_str().unwrap());
    app.patch_json(&path, &json!({"agreed_by": [stakeholder["id"]], "agreed_on": "2023-03-01"}), None).expect(200);
    assert_eq!(statuses(&app)[2], (LabelRule::ParticipatoryCriteria, RuleStatus::Pass));
    app.get("/api/v1/hubs/nowhere/eligibility").problem(404, "not_found");
}
