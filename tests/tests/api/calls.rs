//! Calls for proposals: the Secretariat opens them, anyone reads them, their state follows their dates.

use chrono::{Days, Utc};
use l4a_shared::call::{Call, CallState};
use l4a_shared::page::Page;
use l4a_tests::TestApp;
use serde_json::{Value, json};

/// A call open from `opens` to `closes` days from today (negative: in the past).
pub fn call_body(opens: i64, closes: i64) -> Value {
    let day = |offset: i64| {
        let today = Utc::now().date_naive();
        let moved = if offset >= 0 {
            today + Days::new(offset.unsigned_abs())
        } else {
            today - Days::new(offset.unsigned_abs())
        };
        moved.to_string()
    };
    json!({
        "title": {"en": "Call for Local4Action HUBs 2027", "fr": "Appel à Local4Action HUBs 2027", "es": ""},
        "description": {"en": "Propose an initiative that accelerates the 2030 Agenda.", "fr": "", "es": ""},
        "opens_on": day(opens),
        "closes_on": day(closes),
        "sdgs": [11, 13],
        "manifestos": ["ecology"]
    })
}

#[test]
fn the_secretariat_opens_a_call_that_everyone_reads_in_its_state() {
    let app = TestApp::spawn();
    let created = app.post_json("/api/v1/calls", &call_body(-1, 30)).expect(201);
    assert!(created.header("location").unwrap().starts_with("/api/v1/calls/"));
    let open: Call = created.parse();
    assert_eq!(open.state, CallState::Open);
    assert_eq!(open.sdgs, [11, 13]);
    assert_eq!(open.title.es, "", "an empty translation is kept empty: English stands in");
    app.post_json("/api/v1/calls", &call_body(10, 40)).expect(201);
    app.post_json("/api/v1/calls", &call_body(-60, -30)).expect(201);

    let states = |query: &str| -> Vec<CallState> {
        let page: Page<Call> = app.anonymous().get(&format!("/api/v1/calls{query}")).expect(200).parse();
        page.items.into_iter().map(|c| c.state).collect()
    };
    assert_eq!(states(""), [CallState::Upcoming, CallState::Open, CallState::Closed], "the latest to open first");
    assert_eq!(states("?state=open"), [CallState::Open]);
    assert_eq!(states("?state=upcoming"), [CallState::Upcoming]);
    assert_eq!(states("?state=closed"), [CallState::Closed]);
    app.anonymous().get("/api/v1/calls?state=ajar").problem(400, "invalid_query");

    // Closing it early: the state follows the dates.
    let read = app.anonymous().get(&format!("/api/v1/calls/{}", open.id)).expect(200);
    let etag = read.header("etag").unwrap().to_owned();
    let yesterday = (Utc::now().date_naive() - Days::new(1)).to_string();
    let closed: Call = app
        .patch_json(&format!("/api/v1/calls/{}", open.id), &json!({"closes_on": yesterday}), Some(&etag))
        .expect(200)
        .parse();
    assert_eq!(closed.state, CallState::Closed);
    app.patch_json(&format!("/api/v1/calls/{}", open.id), &json!({"sdgs": [5]}), Some(&etag))
        .problem(412, "precondition_failed");
    let trail = app.get(&format!("/api/v1/audit?entity=call&entity_id={}", open.id)).expect(200).json();
    assert_eq!(trail["total"], 2);
}

#[test]
fn a_call_breaking_rules_is_refused_with_every_rule_named() {
    let app = TestApp::spawn();
    let mut body = call_body(5, 1);
    body["title"]["en"] = json!("");
    body["sdgs"] = json!([18]);
    body["manifestos"] = json!(["no_such_manifesto"]);
    let problem = app.post_json("/api/v1/calls", &body).problem(422, "validation_failed");
    l4a_tests::assert_has_field_error(&problem, "title.en", "required");
    l4a_tests::assert_has_field_error(&problem, "closes_on", "date_order");
    l4a_tests::assert_has_field_error(&problem, "sdgs[0]", "sdg_goal");
    let mut unknown = call_body(0, 10);
    unknown["manifestos"] = json!(["no_such_manifesto"]);
    app.post_json("/api/v1/calls", &unknown).field_error("manifestos[0]", "exists");
    app.anonymous().get("/api/v1/calls/nope").problem(404, "not_found");
}

#[test]
fn only_the_secretariat_opens_or_changes_a_call() {
    let app = TestApp::spawn();
    let lead = crate::lead_organisation(&app);
    let (_, manager) = app.user_with("manager@example.org", &["manager"], &[&lead]);
    let (_, reviewer) = app.user_with("reviewer@example.org", &["reviewer"], &[]);
    app.anonymous().post_json("/api/v1/calls", &call_body(0, 10)).problem(401, "unauthorized");
    app.bearer(&manager).post_json("/api/v1/calls", &call_body(0, 10)).problem(403, "forbidden");
    app.bearer(&reviewer).post_json("/api/v1/calls", &call_body(0, 10)).problem(403, "forbidden");
    let id = app.post_json("/api/v1/calls", &call_body(0, 10)).expect(201).json()["id"].as_str().unwrap().to_owned();
    app.bearer(&manager)
        .patch_json(&format!("/api/v1/calls/{id}"), &json!({"sdgs": [1]}), None)
        .problem(403, "forbidden");
}
