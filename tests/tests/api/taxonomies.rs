//! UCLG's reference lists and the hubs' tags: SDG targets, manifestos and policy councils.

use l4a_shared::hub::Hub;
use l4a_shared::page::Page;
use l4a_shared::reference::{Manifesto, PolicyCouncil};
use l4a_tests::TestApp;
use serde_json::json;

#[test]
fn the_manifestos_and_policy_councils_are_listed_in_three_languages() {
    let app = TestApp::spawn();
    let manifestos: Vec<Manifesto> = app.get("/api/v1/manifestos").expect(200).parse();
    let councils: Vec<PolicyCouncil> = app.get("/api/v1/policy-councils").expect(200).parse();

    assert_eq!(manifestos.len(), 10, "the ten Durban 2019 manifestos");
    assert_eq!(manifestos[0].key, "local_finance");
    assert_eq!(manifestos[0].name.fr, "Finances locales");
    assert_eq!(councils.len(), 5);
    assert!(
        councils.iter().all(|c| c.active && !c.name.en.is_empty() && !c.name.fr.is_empty() && !c.name.es.is_empty())
    );
}

#[test]
fn a_hub_is_tagged_and_filtered_by_targets_manifestos_and_policy_councils() {
    let app = TestApp::spawn();
    let lead = crate::lead_organisation(&app);
    let tags = json!({"sdgs": [11, 17], "sdg_targets": ["17.10", "11.a", "17.2", "11.2"], "manifestos": ["ecology", "resilience"], "policy_council_ids": ["resilient_cities"]});
    let tagged: Hub = app.post_json("/api/v1/hubs", &crate::hub_with(&lead, "Tagged", tags)).expect(201).parse();
    app.post_json("/api/v1/hubs", &crate::valid_hub(&lead, "Untagged")).expect(201);

    assert_eq!(
        tagged.sdg_targets,
        vec!["11.2".to_owned(), "11.a".to_owned(), "17.2".to_owned(), "17.10".to_owned()],
        "in official order"
    );
    assert_eq!(tagged.manifestos, vec!["ecology".to_owned(), "resilience".to_owned()]);
    assert_eq!(tagged.policy_council_ids, vec!["resilient_cities".to_owned()]);
    let names = |query: &str| -> Vec<String> {
        let page: Page<Hub> = app.get(&format!("/api/v1/hubs?{query}")).expect(200).parse();
        page.items.into_iter().map(|h| h.name).collect()
    };
    assert_eq!(names("manifesto=ecology"), ["Tagged"]);
    assert_eq!(names("policy_council=resilient_cities"), ["Tagged"]);
    assert!(names("manifesto=migration").is_empty());
    app.get("/api/v1/hubs?manifesto=Not%20a%20key").problem(400, "invalid_query");
}

#[test]
fn unknown_tags_and_targets_of_other_goals_are_refused() {
    let app = TestApp::spawn();
    let lead = crate::lead_organisation(&app);
    let cases = [
        (json!({"manifestos": ["gardening"]}), "manifestos[0]", "exists"),
        (json!({"policy_council_ids": ["no_such_council"]}), "policy_council_ids[0]", "exists"),
        (json!({"sdg_targets": ["11.99"]}), "sdg_targets[0]", "one_of"),
        (json!({"sdg_targets": ["1.1"]}), "sdg_targets[0]", "consistent"),
        (json!({"manifestos": ["ecology", "ecology"]}), "manifestos[1]", "duplicate"),
    ];
    for (changes, field, rule) in cases {
        app.post_json("/api/v1/hubs", &crate::hub_with(&lead, "Refused", changes)).field_error(field, rule);
    }
}
