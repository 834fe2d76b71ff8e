//! The call for proposals and the label: a city drafts, submits once the label's rules pass, the
//! Secretariat reviews and decides, and accepting creates the labelled hub once.

use chrono::{Days, Utc};
use l4a_shared::hub::Hub;
use l4a_shared::page::Page;
use l4a_shared::proposal::{Proposal, ProposalState};
use l4a_tests::{Caller, TestApp};
use serde_json::{Value, json};

pub struct Cast {
    pub call: String,
    pub org_a: String,
    pub manager_a: String,
    manager_b: String,
    reviewer: String,
}

pub fn cast(app: &TestApp) -> Cast {
    let call = app.post_json("/api/v1/calls", &crate::calls::call_body(-1, 30)).expect(201).json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let org_a = crate::organisation(app, "City A", "local_government");
    let org_b = crate::organisation(app, "City B", "local_government");
    let (_, manager_a) = app.user_with("manager-a@example.org", &["manager"], &[&org_a]);
    let (_, manager_b) = app.user_with("manager-b@example.org", &["manager"], &[&org_b]);
    let (_, reviewer) = app.user_with("reviewer@example.org", &["reviewer"], &[]);
    Cast { call, org_a, manager_a, manager_b, reviewer }
}

fn day(offset: u64) -> String {
    (Utc::now().date_naive() + Days::new(offset)).to_string()
}

/// Everything a proposal needs to pass the label's six rules.
pub fn complete() -> Value {
    json!({
        "title": "Green corridors of City A",
        "summary": "Planting and caring for green corridors with the neighbourhoods.",
        "description": "Three years of work with residents.",
        "sdgs": [11, 13],
        "sdg_targets": ["11.7"],
        "manifestos": ["ecology"],
        "modality": "hybrid",
        "planned_start": day(30),
        "planned_end": day(30 + 730),
        "planned_deliverables": [{"title": "Corridor map", "kind": "tool", "due_date": day(200)}],
        "planned_stakeholders": [{"name": "Neighbourhood councils", "kind": "citizens_group", "role": "participant", "took_part_in_criteria": true}],
        "planned_indicators": [{"name": "Trees planted", "dimension": "acceleration", "unit": "trees", "direction": "increase",
            "baseline_value": 0, "target_value": 5000, "agreed_by": ["Neighbourhood councils"]}],
        "participatory_process": "Criteria set in four neighbourhood assemblies.",
        "communication_strategy": "A monthly bulletin and a public map.",
        "brand_commitment": true
    })
}

pub fn draft(caller: &Caller<'_>, cast: &Cast, content: Value) -> l4a_tests::TestResponse {
    let mut body = content;
    body["organisation_id"] = json!(cast.org_a);
    caller.post_json(&format!("/api/v1/calls/{}/proposals", cast.call), &body)
}

#[test]
fn a_proposal_goes_from_draft_to_a_labelled_hub_once() {
    let app = TestApp::spawn();
    let cast = cast(&app);
    let manager = app.bearer(&cast.manager_a);

    // A partial draft is saved; it is private to its organisation and the Secretariat.
    let created = draft(&manager, &cast, json!({"title": "Green corridors"})).expect(201).json();
    assert_eq!(created["state"], "draft");
    let id = created["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/proposals/{id}");
    app.bearer(&cast.manager_b).get(&path).problem(404, "not_found");
    app.bearer(&cast.reviewer).get(&path).problem(404, "not_found");
    app.anonymous().get(&path).problem(401, "unauthorized");
    app.get(&path).expect(200);

    // Its live checklist, and a refused submission that names every gap.
    let checks = manager.get(&format!("{path}/eligibility")).expect(200).json();
    let statuses: Vec<(&str, &str)> = checks
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["rule"].as_str().unwrap(), c["status"].as_str().unwrap()))
        .collect();
    assert_eq!(statuses[0], ("led_locally", "pass"), "City A is a local government");
    assert!(statuses[1..].iter().all(|(_, s)| *s != "pass"), "{statuses:?}");
    let refused = manager.post_json(&format!("{path}/submit"), &json!({})).problem(422, "validation_failed");
    for field in [
        "eligibility.timeline",
        "eligibility.participatory_criteria",
        "eligibility.communication",
        "modality",
        "planned_start",
        "summary",
    ] {
        assert!(refused["errors"].as_array().unwrap().iter().any(|e| e["field"] == field), "{field} in {refused}");
    }
    l4a_tests::assert_has_field_error(&refused, "eligibility.uclg_brand", "label");

    // Completed, it passes and is submitted; then it no longer changes.
    manager.patch_json(&path, &complete(), None).expect(200);
    let checks = manager.get(&format!("{path}/eligibility")).expect(200).json();
    assert!(checks.as_array().unwrap().iter().all(|c| c["status"] == "pass"), "{checks}");
    let submitted: Proposal = manager.post_json(&format!("{path}/submit"), &json!({})).expect(200).parse();
    assert_eq!(submitted.state, ProposalState::Submitted);
    assert!(submitted.submitted_at.is_some());
    manager.patch_json(&path, &json!({"title": "Renamed"}), None).problem(409, "proposal_not_editable");
    app.bearer(&cast.reviewer).get(&path).expect(200);

    // Only the Secretariat moves it on, and only along the workflow.
    let again = manager.post_json(&format!("{path}/submit"), &json!({})).problem(409, "illegal_transition");
    assert!(again["detail"].as_str().unwrap().contains("submitted"), "{again}");
    let accept = json!({"outcome": "accept", "reason": "It meets every rule of the label."});
    app.post_json(&format!("{path}/decision"), &accept).problem(409, "illegal_transition");
    manager.post_json(&format!("{path}/start-review"), &json!({})).problem(403, "forbidden");
    let reviewing: Proposal = app.post_json(&format!("{path}/start-review"), &json!({})).expect(200).parse();
    assert_eq!(reviewing.state, ProposalState::UnderReview);
    manager.post_json(&format!("{path}/withdraw"), &json!({})).problem(409, "illegal_transition");
    manager.post_json(&format!("{path}/decision"), &accept).problem(403, "forbidden");
    app.post_json(&format!("{path}/decision"), &json!({"outcome": "accept", "reason": "ok"}))
        .field_error("reason", "length");

    // Accepting labels a hub with what the proposal planned, once.
    let before: Page<Hub> = app.get("/api/v1/hubs?per_page=100").expect(200).parse();
    let accepted: Proposal = app.post_json(&format!("{path}/decision"), &accept).expect(200).parse();
    assert_eq!(accepted.state, ProposalState::Accepted);
    assert_eq!(accepted.decision_reason.as_deref(), Some("It meets every rule of the label."));
    let hub_id = accepted.hub_id.clone().expect("the labelled hub");
    let hub: Hub = app.anonymous().get(&format!("/api/v1/hubs/{hub_id}")).expect(200).parse();
    assert_eq!(hub.name, "Green corridors of City A");
    assert_eq!(hub.lead_organisation_id, cast.org_a);
    assert_eq!(hub.label_granted_on, Some(Utc::now().date_naive()));
    assert_eq!(hub.proposal_id.as_deref(), Some(id.as_str()));
    assert_eq!((hub.figures.deliverables_total, hub.figures.indicators_total), (1, 1));
    let indicators = app.get(&format!("/api/v1/hubs/{hub_id}/indicators")).expect(200).json();
    assert_eq!(indicators["items"][0]["agreed_by"].as_array().unwrap().len(), 1, "the agreement came along");
    let checks = app.get(&format!("/api/v1/hubs/{hub_id}/eligibility")).expect(200).json();
    let hub_rules: Vec<&str> = checks.as_array().unwrap().iter().map(|c| c["status"].as_str().unwrap()).collect();
    assert_eq!(&hub_rules[..3], ["pass", "pass", "pass"], "{checks}");
    app.post_json(&format!("{path}/decision"), &accept).problem(409, "illegal_transition");
    let after: Page<Hub> = app.get("/api/v1/hubs?per_page=100").expect(200).parse();
    assert_eq!(after.total, before.total + 1, "deciding twice made one hub");
    assert!(
        app.anonymous().get("/api/v1/hubs?per_page=100").text().contains("Green corridors of City A"),
        "it is in the catalogue"
    );
    // The manager of A now manages the labelled hub.
    manager
        .post_json(
            &format!("/api/v1/hubs/{hub_id}/deliverables"),
            &json!({"title": "Launch event", "kind": "event", "due_date": day(100)}),
        )
        .expect(201);
}

#[test]
fn a_rejected_or_withdrawn_proposal_stays_with_its_organisation() {
    let app = TestApp::spawn();
    let cast = cast(&app);
    let manager = app.bearer(&cast.manager_a);
    let id = draft(&manager, &cast, complete()).expect(201).json()["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/proposals/{id}");
    manager.post_json(&format!("{path}/submit"), &json!({})).expect(200);
    app.post_json(&format!("{path}/start-review"), &json!({})).expect(200);
    let reason = "The partnership with residents is not yet established.";
    let rejected: Proposal =
        app.post_json(&format!("{path}/decision"), &json!({"outcome": "reject", "reason": reason})).expect(200).parse();
    assert_eq!((rejected.state, rejected.hub_id.clone()), (ProposalState::Rejected, None));
    let read: Proposal = manager.get(&path).expect(200).parse();
    assert_eq!(read.decision_reason.as_deref(), Some(reason));

    let second =
        draft(&manager, &cast, json!({"title": "Second idea"})).expect(201).json()["id"].as_str().unwrap().to_owned();
    let withdrawn: Proposal =
        manager.post_json(&format!("/api/v1/proposals/{second}/withdraw"), &json!({})).expect(200).parse();
    assert_eq!(withdrawn.state, ProposalState::Withdrawn);
    manager.post_json(&format!("/api/v1/proposals/{second}/submit"), &json!({})).problem(409, "illegal_transition");
    app.bearer(&cast.reviewer).get(&format!("/api/v1/proposals/{second}")).problem(404, "not_found");

    // Listings follow the same visibility.
    let mine: Page<Proposal> = manager.get("/api/v1/proposals").expect(200).parse();
    assert_eq!(mine.total, 2);
    let theirs: Page<Proposal> = app.bearer(&cast.manager_b).get("/api/v1/proposals").expect(200).parse();
    assert_eq!(theirs.total, 0);
    let board: Page<Proposal> =
        app.bearer(&cast.reviewer).get(&format!("/api/v1/calls/{}/proposals", cast.call)).expect(200).parse();
    assert_eq!(board.total, 1, "the board sees the submitted one only");
    let rejected_only: Page<Proposal> = app.get("/api/v1/proposals?state=rejected").expect(200).parse();
    assert_eq!(rejected_only.total, 1);
}

#[test]
fn proposals_follow_the_call_s_dates_and_the_proposer_s_organisations() {
    let app = TestApp::spawn();
    let cast = cast(&app);
    let manager = app.bearer(&cast.manager_a);
    // Not for another organisation, not under a call that is not open.
    let mut theirs = complete();
    theirs["organisation_id"] = json!(crate::organisation(&app, "City C", "local_government"));
    manager.post_json(&format!("/api/v1/calls/{}/proposals", cast.call), &theirs).problem(403, "forbidden");
    let upcoming = app.post_json("/api/v1/calls", &crate::calls::call_body(10, 40)).expect(201).json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut body = complete();
    body["organisation_id"] = json!(cast.org_a);
    manager.post_json(&format!("/api/v1/calls/{upcoming}/proposals"), &body).problem(409, "call_not_open");

    // A call that closes before submission refuses it.
    let id = draft(&manager, &cast, complete()).expect(201).json()["id"].as_str().unwrap().to_owned();
    let yesterday = (Utc::now().date_naive() - Days::new(1)).to_string();
    let two_days_ago = (Utc::now().date_naive() - Days::new(2)).to_string();
    app.patch_json(
        &format!("/api/v1/calls/{}", cast.call),
        &json!({"opens_on": two_days_ago, "closes_on": yesterday}),
        None,
    )
    .expect(200);
    let refused =
        manager.post_json(&format!("/api/v1/proposals/{id}/submit"), &json!({})).problem(409, "call_not_open");
    assert!(refused["detail"].as_str().unwrap().contains("closed"), "{refused}");
    // Every transition is in the trail.
    let trail = app.get(&format!("/api/v1/audit?entity=proposal&entity_id={id}")).expect(200).json();
    assert_eq!(trail["total"], 1, "only its creation: the refused submission left nothing");
}

fn scores(value: u8) -> Value {
    json!({"led_locally": value, "timeline": value, "participatory_criteria": value, "uclg_brand": value, "thematic": value, "communication": value})
}

#[test]
fn the_advisory_board_reviews_without_conflicts_and_reads_in_turn() {
    let app = TestApp::spawn();
    let cast = cast(&app);
    let manager = app.bearer(&cast.manager_a);
    let id = draft(&manager, &cast, complete()).expect(201).json()["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/proposals/{id}");
    manager.post_json(&format!("{path}/submit"), &json!({})).expect(200);
    let reviewer_id =
        |token: &str| app.bearer(token).get("/api/v1/auth/me").expect(200).json()["id"].as_str().unwrap().to_owned();
    let first = cast.reviewer.clone();
    let (second_id, second) = app.user_with("second-reviewer@example.org", &["reviewer"], &[]);
    let (insider_id, insider) = app.user_with("insider@example.org", &["reviewer"], &[&cast.org_a]);
    let (_, unassigned) = app.user_with("unassigned@example.org", &["reviewer"], &[]);
    let assign = |id: &str| app.post_json(&format!("{path}/reviewers"), &json!({"reviewer_id": id}));

    // A reviewer of the proposing organisation may not review it; a manager is not a reviewer.
    assign(&insider_id).problem(403, "forbidden");
    let manager_id = reviewer_id(&cast.manager_a);
    assign(&manager_id).field_error("reviewer_id", "exists");
    assign(&reviewer_id(&first)).expect(204);
    assign(&second_id).expect(204);
    manager.post_json(&format!("{path}/reviewers"), &json!({"reviewer_id": second_id})).problem(403, "forbidden");

    let review = |token: &str, body: &Value| app.bearer(token).post_json(&format!("{path}/reviews"), body);
    let good = json!({"scores": scores(4), "recommendation": "grant", "comment": "Solid and well connected."});
    review(&first, &good).problem(409, "illegal_transition");
    app.post_json(&format!("{path}/start-review"), &json!({})).expect(200);
    review(&unassigned, &good).problem(403, "forbidden");
    review(&insider, &good).problem(403, "forbidden");
    let mut partial = good.clone();
    partial["scores"].as_object_mut().unwrap().remove("timeline");
    review(&first, &partial).field_error("scores.timeline", "required");
    review(&first, &json!({"scores": scores(6), "recommendation": "grant"})).field_error("scores.led_locally", "range");
    review(&first, &good).expect(201);
    review(&first, &good).problem(409, "review_exists");

    // The second reviewer sees nothing until their own review is in; the proposer nothing before the decision.
    let reviews =
        |caller: Caller<'_>| caller.get(&format!("{path}/reviews")).expect(200).json().as_array().unwrap().clone();
    assert_eq!(reviews(app.bearer(&second)).len(), 0);
    assert_eq!(reviews(app.bearer(&first)).len(), 1);
    review(&second, &json!({"scores": scores(3), "recommendation": "revise"})).expect(201);
    assert_eq!(reviews(app.bearer(&second)).len(), 2);
    assert_eq!(reviews(app.bearer(&cast.manager_a)).len(), 0);
    let secretariat = reviews(app.admin());
    assert!(secretariat.iter().all(|r| r["reviewer_id"].is_string()));

    app.post_json(&format!("{path}/decision"), &json!({"outcome": "accept", "reason": "Both reviews support it."}))
        .expect(200);
    let proposer = reviews(app.bearer(&cast.manager_a));
    assert_eq!(proposer.len(), 2);
    assert!(proposer.iter().all(|r| r["reviewer_id"].is_null()), "the proposer does not see who reviewed");

    // Every step is an event for the integrations.
    let feed = app.get("/api/v1/events?per_page=100").expect(200).json();
    let mut kinds: Vec<&str> = feed["items"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    kinds.reverse();
    assert_eq!(
        kinds,
        [
            "proposal.submitted",
            "proposal.review_submitted",
            "proposal.review_submitted",
            "proposal.decided",
            "hub.labelled"
        ]
    );
    let labelled = app.get("/api/v1/events?kind=hub.labelled").expect(200).json();
    assert!(labelled["items"][0]["hub_id"].is_string());
    manager.get("/api/v1/events").problem(403, "forbidden");
}

#[test]
fn the_demo_has_a_proposal_in_every_state_taken_there_by_the_workflow() {
    let app = TestApp::spawn_with(l4a_tests::Options { demo: true, ..Default::default() });
    let page = app.get("/api/v1/proposals?per_page=100").expect(200).json();
    let mut states: Vec<String> =
        page["items"].as_array().unwrap().iter().map(|p| p["state"].as_str().unwrap().to_owned()).collect();
    states.sort();
    assert_eq!(states, ["accepted", "draft", "rejected", "submitted", "under_review", "withdrawn"]);
    let under_review = page["items"].as_array().unwrap().iter().find(|p| p["state"] == "under_review").unwrap();
    let reviews = app.get(&format!("/api/v1/proposals/{}/reviews", under_review["id"].as_str().unwrap())).expect(200);
    assert_eq!(reviews.json().as_array().unwrap().len(), 1, "the board's review is there to read");
    // The accepted one became a labelled hub, and its events were recorded.
    let accepted = page["items"].as_array().unwrap().iter().find(|p| p["state"] == "accepted").unwrap();
    let hub = accepted["hub_id"].as_str().expect("the labelled hub");
    assert!(app.get(&format!("/api/v1/hubs/{hub}")).expect(200).json()["label_granted_on"].is_string());
    let events = app.get("/api/v1/events?per_page=100").expect(200).json();
    let kinds: Vec<&str> = events["items"].as_array().unwrap().iter().filter_map(|e| e["kind"].as_str()).collect();
    assert!(kinds.contains(&"proposal.submitted") && kinds.contains(&"hub.labelled"), "{kinds:?}");
}
