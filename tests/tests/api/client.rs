//! The typed Rust client (`l4a_shared::client`) against the real server: the report workflow, the
//! recommendations and the open-data exports through it, its typed problems, its ETag-aware
//! updates, its credentials and its paging helper.

use l4a_shared::client::{Client, ClientError};
use l4a_shared::hub::HubPatch;
use l4a_shared::query::{HubQuery, MetricsQuery, NetworkGroupKind, NetworkQuery, RecommendationQuery, ReportQuery};
use l4a_shared::recommendation::{Citation, EvidenceKind, NewRecommendation, RecommendationState};
use l4a_shared::report::{NewReport, ReportDecision, ReportState};
use l4a_shared::sdg::Localized;
use l4a_shared::validation::Rule;
use l4a_tests::{TestApp, block_on};
use serde_json::json;

fn code(error: &ClientError) -> (Option<u16>, &str) {
    (error.status(), error.problem().map_or("", |p| p.code.as_str()))
}

#[test]
fn a_report_is_written_approved_and_cited_through_the_typed_client() {
    let app = TestApp::spawn();
    let lead = crate::organisation(&app, "Ville de Grenoble", "local_government");
    app.post_json(
        "/api/v1/hubs",
        &crate::hub_with(&lead, "Grenoble hub", json!({"slug": "grenoble", "status": "active"})),
    )
    .expect(201);
    let (_, token) = app.user_with("manager@grenoble.example", &["manager"], &[&lead]);
    let admin = app.client();
    let manager = admin.with_bearer(&token);
    let anonymous = Client::new(&app.url).unwrap();
    block_on(async {
        let draft = NewReport {
            period_start: "2025-01-01".parse().unwrap(),
            period_end: "2025-06-30".parse().unwrap(),
            achievements: "Planted 120 trees.".into(),
            challenges: "Dry summer.".into(),
            next_steps: "Water them.".into(),
            deliverable_ids: Vec::new(),
            activity_ids: Vec::new(),
            links: vec!["https://grenoble.example/trees".into()],
        };
        let created = manager.create_report("grenoble", &draft).await.unwrap();
        assert_eq!(created.value.state, ReportState::Draft);
        assert!(created.etag.is_some());
        let id = created.value.id.clone();

        // The public does not see a draft; an illegal step is a typed 409.
        let hidden = anonymous.find_report(&id).await.unwrap_err();
        assert_eq!(code(&hidden), (Some(404), "not_found"));
        let early = admin.approve_report(&id, &ReportDecision::default()).await.unwrap_err();
        assert_eq!(code(&early), (Some(409), "illegal_transition"));

        let submitted = manager.submit_report(&id).await.unwrap();
        assert!(submitted.value.snapshot.is_some(), "figures frozen at submission");
        let queue = admin.report_queue(&ReportQuery { state: Some(ReportState::Submitted), ..ReportQuery::default() });
        assert_eq!(queue.await.unwrap().items.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), [id.as_str()]);
        let approved = admin.approve_report(&id, &ReportDecision::default()).await.unwrap();
        assert_eq!(approved.value.state, ReportState::Approved);
        assert_eq!(anonymous.list_reports("grenoble", &ReportQuery::default()).await.unwrap().total, 1);

        // A recommendation citing the approved report, published, found from the hub.
        let council = admin.list_policy_councils().await.unwrap().remove(0);
        let text = |en: &str| Localized { en: en.into(), fr: String::new(), es: String::new() };
        let body = NewRecommendation {
            policy_council_id: council.id.clone(),
            title: text("Plant where it is hottest"),
            text: text("Cities should plant trees in their heat islands first."),
            citations: vec![Citation {
                kind: EvidenceKind::Report,
                id: id.clone(),
                note: "120 trees in six months".into(),
            }],
            presented_at: None,
        };
        let refused = manager.create_recommendation(&body).await.unwrap_err();
        assert_eq!(refused.status(), Some(403), "the Secretariat's to write");
        let recommendation = admin.create_recommendation(&body).await.unwrap();
        let published = admin.publish_recommendation(&recommendation.value.id).await.unwrap();
        assert_eq!(published.value.state, RecommendationState::Published);
        let citing = anonymous.hub_recommendations("grenoble", &RecommendationQuery::default()).await.unwrap();
        assert_eq!(citing.items[0].id, recommendation.value.id);

        // The dashboards' network through the client: hub → recommendation → council.
        let with = NetworkQuery { with: vec![NetworkGroupKind::Recommendations] };
        let graph = admin.network(&MetricsQuery::default(), &with).await.unwrap();
        let group = format!("recommendation:{}", recommendation.value.id);
        let node = graph.groups.iter().find(|g| g.id == group).unwrap();
        assert_eq!(node.policy_council_id.as_deref(), Some(council.id.as_str()));
        assert!(graph.memberships.iter().any(|m| m.group == group));

        // The exports through the client: the report and the recommendation are open data.
        let export = anonymous.export_hubs().await.unwrap();
        let hub = export.hubs.iter().find(|h| h.hub.slug == "grenoble").unwrap();
        assert_eq!((hub.reports.len(), hub.recommendations.len()), (1, 1));
        let record = anonymous.hub_sdg_actions("grenoble").await.unwrap();
        assert_eq!(record.progress_report.unwrap().achievements, "Planted 120 trees.");
        assert!(anonymous.hub_iati("grenoble").await.unwrap().contains("<iati-activities version=\"2.03\""));
        assert!(anonymous.export_iati().await.unwrap().contains("<iati-activity "));
        assert_eq!(&anonymous.export_tables().await.unwrap()[..2], b"PK", "a ZIP archive");
    });
}

#[test]
fn the_client_s_updates_carry_the_etag_and_a_stale_one_is_a_typed_412() {
    let app = TestApp::spawn();
    let lead = crate::lead_organisation(&app);
    app.post_json("/api/v1/hubs", &crate::hub_with(&lead, "Versioned hub", json!({"slug": "versioned"}))).expect(201);
    let client = app.client();
    block_on(async {
        let read = client.find_hub("versioned").await.unwrap();
        let patch = HubPatch { resources: Some("One coordinator.".into()), ..HubPatch::default() };
        let updated = client.update_hub(&read.value.id, &patch, read.etag.as_deref()).await.unwrap();
        assert_eq!(updated.value.resources, "One coordinator.");
        assert_ne!(updated.etag, read.etag);
        // Sent again with the tag it read first, the change would overwrite the one made since.
        let stale = client.update_hub(&read.value.id, &patch, read.etag.as_deref()).await.unwrap_err();
        assert_eq!(stale.status(), Some(412));
        // Bad input names the field and the rule.
        let long = HubPatch { resources: Some("x".repeat(5001)), ..HubPatch::default() };
        let invalid = client.update_hub(&read.value.id, &long, updated.etag.as_deref()).await.unwrap_err();
        let problem = invalid.problem().unwrap();
        assert_eq!((problem.status, problem.code.as_str()), (422, "validation_failed"));
        assert!(problem.errors.iter().any(|e| e.field == "resources" && e.rule == Rule::Length), "{problem:?}");
    });
}

#[test]
fn the_client_pages_through_a_listing_and_authenticates_with_an_api_key() {
    let app = TestApp::spawn();
    let lead = crate::lead_organisation(&app);
    for index in 0..7 {
        let hub = crate::hub_with(&lead, &format!("Paged hub {index}"), json!({"status": "active"}));
        app.post_json("/api/v1/hubs", &hub).expect(201);
    }
    let key = app
        .post_json("/api/v1/api-keys", &json!({"name": "Typed client", "scopes": ["read"]}))
        .expect(201)
        .json()["secret"]
        .as_str()
        .unwrap()
        .to_owned();
    let client = Client::new(&app.url).unwrap().with_api_key(&key);
    block_on(async {
        let all = client
            .all_pages(|page| client.list_hubs(&HubQuery { page, per_page: 3, ..HubQuery::default() }))
            .await
            .unwrap();
        let mut names: Vec<String> = all.into_iter().map(|hub| hub.name).collect();
        names.sort();
        assert_eq!(names, (0..7).map(|i| format!("Paged hub {i}")).collect::<Vec<_>>(), "each hub once, over 3 pages");
        // A key that does not exist is a typed 401.
        let forged = Client::new(&app.url).unwrap().with_api_key("l4a_not-a-key");
        assert_eq!(forged.list_hubs(&HubQuery::default()).await.unwrap_err().status(), Some(401));
        assert!(Client::new("ftp://example.org").is_err());
    });
}
