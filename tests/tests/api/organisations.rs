//! Organisations: create, read, list with filters, update with ETags; and the label's first rule
//! as seen from an organisation that leads hubs.

use l4a_shared::hub::Hub;
use l4a_shared::organisation::{Organisation, OrganisationKind, WorldRegion};
use l4a_shared::page::Page;
use l4a_tests::TestApp;
use serde_json::json;

#[test]
fn a_created_organisation_takes_its_countrys_region_and_can_be_read_back() {
    let app = TestApp::spawn();
    let body = json!({"name": "Ville de Dakar", "kind": "local_government", "country": "sn", "website": "https://www.villededakar.sn"});

    let created = app.post_json("/api/v1/organisations", &body).expect(201);
    let organisation: Organisation = created.parse();

    assert_eq!(organisation.country, "SN");
    assert_eq!(organisation.region, WorldRegion::Africa);
    assert_eq!(organisation.kind, OrganisationKind::LocalGovernment);
    assert_eq!(organisation.website.as_deref(), Some("https://www.villededakar.sn"));
    assert_eq!(created.header("location"), Some(format!("/api/v1/organisations/{}", organisation.id).as_str()));
    let read = app.get(&format!("/api/v1/organisations/{}", organisation.id)).expect(200);
    assert_eq!(read.header("etag"), created.header("etag"));
    assert_eq!(read.parse::<Organisation>(), organisation);
}

#[test]
fn metropolis_can_be_chosen_instead_of_the_countrys_region() {
    let app = TestApp::spawn();
    let body =
        json!({"name": "Área Metropolitana", "kind": "lrg_association", "country": "ES", "region": "metropolis"});
    let organisation: Organisation = app.post_json("/api/v1/organisations", &body).expect(201).parse();
    assert_eq!(organisation.region, WorldRegion::Metropolis);
}

#[test]
fn each_broken_rule_of_an_organisation_is_named() {
    let app = TestApp::spawn();
    let valid = json!({"name": "Somewhere", "kind": "academia", "country": "IT"});
    let cases = [
        (json!({"name": "S"}), "name", "length"),
        (json!({"kind": "city"}), "kind", "one_of"),
        (json!({"country": "XX"}), "country", "country_code"),
        (json!({"country": "AQ"}), "region", "required"),
        (json!({"region": "oceania"}), "region", "one_of"),
        (json!({"website": "www.example.org"}), "website", "format"),
        (json!({"website": "javascript:alert(1)"}), "website", "format"),
        (json!({"members": 3}), "members", "unknown_field"),
    ];
    for (changes, field, rule) in cases {
        let mut body = valid.clone();
        for (key, value) in changes.as_object().unwrap() {
            body[key] = value.clone();
        }
        app.post_json("/api/v1/organisations", &body).field_error(field, rule);
    }
    app.get("/api/v1/organisations/no-such-organisation").problem(404, "not_found");
    assert_eq!(app.get("/api/v1/organisations").json()["total"], 0);
}

#[test]
fn the_listing_filters_by_kind_country_region_leadership_and_text() {
    let app = TestApp::spawn();
    for (name, kind, country) in [
        ("Ciudad de Quito", "local_government", "EC"),
        ("Generalitat de Catalunya", "regional_government", "ES"),
        ("Universitat de Barcelona", "academia", "ES"),
        ("Cités Unies France", "lrg_association", "FR"),
    ] {
        app.post_json("/api/v1/organisations", &json!({"name": name, "kind": kind, "country": country})).expect(201);
    }
    let names = |query: &str| -> Vec<String> {
        let page: Page<Organisation> = app.get(&format!("/api/v1/organisations?{query}")).expect(200).parse();
        page.items.into_iter().map(|o| o.name).collect()
    };

    assert_eq!(
        names(""),
        ["Cités Unies France", "Ciudad de Quito", "Generalitat de Catalunya", "Universitat de Barcelona"]
    );
    assert_eq!(names("country=es"), ["Generalitat de Catalunya", "Universitat de Barcelona"]);
    assert_eq!(names("kind=academia"), ["Universitat de Barcelona"]);
    assert_eq!(names("region=latin_america"), ["Ciudad de Quito"]);
    assert_eq!(names("can_lead=false"), ["Universitat de Barcelona"]);
    assert_eq!(names("can_lead=true").len(), 3);
    assert_eq!(names("q=cites"), ["Cités Unies France"], "search ignores accents");
    assert_eq!(names("sort=-name&per_page=1"), ["Universitat de Barcelona"]);
    let problem = app.get("/api/v1/organisations?kind=city&can_lead=maybe").problem(400, "invalid_query");
    l4a_tests::assert_has_field_error(&problem, "kind", "one_of");
    l4a_tests::assert_has_field_error(&problem, "can_lead", "type");
}

#[test]
fn an_update_keeps_what_it_leaves_out_and_honours_if_match() {
    let app = TestApp::spawn();
    let created = app
        .post_json(
            "/api/v1/organisations",
            &json!({"name": "Old name", "kind": "academia", "country": "IT", "website": "https://old.example"}),
        )
        .expect(201);
    let organisation: Organisation = created.parse();
    let etag = created.header("etag").unwrap().to_owned();
    let path = format!("/api/v1/organisations/{}", organisation.id);

    let renamed: Organisation =
        app.patch_json(&path, &json!({"name": "New name", "website": null}), Some(&etag)).expect(200).parse();
    assert_eq!(renamed.name, "New name");
    assert_eq!(renamed.website, None);
    assert_eq!(renamed.kind, OrganisationKind::Academia);
    app.patch_json(&path, &json!({"name": "Lost update"}), Some(&etag)).problem(412, "precondition_failed");

    let moved: Organisation = app.patch_json(&path, &json!({"country": "SN"}), None).expect(200).parse();
    assert_eq!(moved.region, WorldRegion::Africa, "a new country brings its usual region");
    app.patch_json("/api/v1/organisations/missing", &json!({"name": "Nobody"}), None).problem(404, "not_found");
}

#[test]
fn renaming_an_organisation_shows_in_the_hubs_it_leads() {
    let app = TestApp::spawn();
    let lead = crate::lead_organisation(&app);
    let hub: Hub = app.post_json("/api/v1/hubs", &crate::valid_hub(&lead, "Follows its lead")).expect(201).parse();

    app.patch_json(&format!("/api/v1/organisations/{lead}"), &json!({"name": "City of Renamed"}), None).expect(200);

    let hub: Hub = app.get(&format!("/api/v1/hubs/{}", hub.id)).expect(200).parse();
    assert_eq!(hub.lead_organisation.name, "City of Renamed");
    let page: Page<Hub> = app.get("/api/v1/hubs").expect(200).parse();
    assert_eq!(page.items[0].lead_organisation.name, "City of Renamed");
}

#[test]
fn an_organisation_that_leads_a_hub_keeps_a_kind_that_may_lead() {
    let app = TestApp::spawn();
    let lead = crate::lead_organisation(&app);
    app.post_json("/api/v1/hubs", &crate::valid_hub(&lead, "Still led locally")).expect(201);
    let path = format!("/api/v1/organisations/{lead}");

    let problem = app.patch_json(&path, &json!({"kind": "private_sector"}), None).field_error("kind", "led_locally");

    assert!(
        problem["errors"][0]["message"].as_str().unwrap().contains("still-led-locally"),
        "names the hub: {problem}"
    );
    assert_eq!(app.get(&path).parse::<Organisation>().kind, OrganisationKind::LocalGovernment);
    app.patch_json(&path, &json!({"kind": "regional_government"}), None).expect(200);
}
