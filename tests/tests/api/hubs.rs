//! Creating, reading, updating and archiving hubs, with ETags and If-Match.

use l4a_shared::hub::{Hub, HubStatus, Modality};
use l4a_tests::TestApp;
use serde_json::json;

use crate::{hub_with, valid_hub};

#[test]
fn a_created_hub_is_returned_with_its_location_and_etag_and_can_be_read_back() {
    let app = TestApp::spawn();
    let lead = crate::lead_organisation(&app);

    let created = app.post_json("/api/v1/hubs", &valid_hub(&lead, "Lyon Climate Hub")).expect(201);
    let hub: Hub = created.parse();

    assert_eq!(hub.slug, "lyon-climate-hub");
    assert_eq!(hub.sdgs, vec![11, 17]);
    assert_eq!(hub.status, HubStatus::Active);
    assert_eq!(hub.modality, Modality::Hybrid);
    assert_eq!(hub.city.as_deref(), Some("Lyon"));
    assert_eq!(hub.created_at, hub.updated_at);
    let id = uuid::Uuid::parse_str(&hub.id).expect("the id is a UUID");
    assert_eq!(id.get_version_num(), 7, "ids are UUIDv7");
    assert_eq!(created.header("location"), Some(format!("/api/v1/hubs/{}", hub.id).as_str()));
    let etag = created.header("etag").expect("an ETag").to_owned();

    let by_id = app.get(&format!("/api/v1/hubs/{}", hub.id)).expect(200);
    assert_eq!(by_id.parse::<Hub>(), hub);
    assert_eq!(by_id.header("etag"), Some(etag.as_str()));
    let by_slug = app.get("/api/v1/hubs/lyon-climate-hub").expect(200);
    assert_eq!(by_slug.parse::<Hub>(), hub);
}

#[test]
fn input_is_normalised_on_the_way_in() {
    let app = TestApp::spawn();
    let lead = crate::lead_organisation(&app);
    let body = hub_with(&lead, "  Trimmed name  ", json!({"country": "fr", "sdgs": [17, 3, 11]}));

    let hub: Hub = app.post_json("/api/v1/hubs", &body).expect(201).parse();

    assert_eq!(hub.name, "Trimmed name");
    assert_eq!(hub.country, "FR");
    assert_eq!(hub.sdgs, vec![3, 11, 17]);
}

#[test]
fn a_derived_slug_that_is_taken_gets_a_numeric_suffix() {
    let app = TestApp::spawn();
    let lead = crate::lead_organisation(&app);
    let first: Hub = app.post_json("/api/v1/hubs", &valid_hub(&lead, "Eko-Bil Avcılar")).expect(201).parse();
    let second: Hub = app.post_json("/api/v1/hubs", &valid_hub(&lead, "Eko-Bil Avcılar")).expect(201).parse();

    assert_eq!(first.slug, "eko-bil-avcilar");
    assert_eq!(second.slug, "eko-bil-avcilar-2");
}

#[test]
fn an_explicit_slug_that_is_taken_is_a_conflict() {
    let app = TestApp::spawn();
    let lead = crate::lead_organisation(&app);
    app.post_json("/api/v1/hubs", &hub_with(&lead, "First", json!({"slug": "shared-slug"}))).expect(201);

    let refused = app.post_json("/api/v1/hubs", &hub_with(&lead, "Second", json!({"slug": "shared-slug"})));

    let problem = refused.problem(409, "slug_taken");
    l4a_tests::assert_has_field_error(&problem, "slug", "unique");
    let listing = app.get("/api/v1/hubs").expect(200).json();
    assert_eq!(listing["total"], 1, "the refused hub was not stored");
}

#[test]
fn a_missing_hub_is_a_404_problem() {
    let app = TestApp::spawn();
    app.get("/api/v1/hubs/no-such-hub").problem(404, "not_found");
    app.patch_json("/api/v1/hubs/no-such-hub", &json!({"name": "New name"}), None).problem(404, "not_found");
    app.delete("/api/v1/hubs/no-such-hub", None).problem(404, "not_found");
}

#[test]
fn a_patch_changes_only_the_fields_it_names_and_bumps_the_etag() {
    let app = TestApp::spawn();
    let lead = crate::lead_organisation(&app);
    let created = app.post_json("/api/v1/hubs", &valid_hub(&lead, "Patch me")).expect(201);
    let hub: Hub = created.parse();
    let etag = created.header("etag").unwrap().to_owned();

    let patched = app
        .patch_json(
            &format!("/api/v1/hubs/{}", hub.id),
            &json!({"summary": "A brand new summary text.", "city": null}),
            Some(&etag),
        )
        .expect(200);
    let after: Hub = patched.parse();

    assert_eq!(after.summary, "A brand new summary text.");
    assert_eq!(after.city, None);
    assert_eq!(after.name, hub.name);
    assert_eq!(after.slug, hub.slug);
    assert_eq!(after.sdgs, hub.sdgs);
    assert!(after.updated_at > hub.updated_at, "updated_at moves forward");
    assert_eq!(after.created_at, hub.created_at);
    let new_etag = patched.header("etag").unwrap();
    assert_ne!(new_etag, etag);
    assert_eq!(app.get(&format!("/api/v1/hubs/{}", hub.id)).parse::<Hub>(), after, "the change was stored");
}

#[test]
fn a_patch_with_a_stale_etag_is_refused_and_changes_nothing() {
    let app = TestApp::spawn();
    let lead = crate::lead_organisation(&app);
    let created = app.post_json("/api/v1/hubs", &valid_hub(&lead, "Two editors")).expect(201);
    let hub: Hub = created.parse();
    let read_by_both = created.header("etag").unwrap().to_owned();
    let path = format!("/api/v1/hubs/{}", hub.id);

    let first = app.patch_json(&path, &json!({"name": "First editor's name"}), Some(&read_by_both)).expect(200);
    let second = app.patch_json(&path, &json!({"name": "Second editor's name"}), Some(&read_by_both));

    second.problem(412, "precondition_failed");
    assert_eq!(second.header("etag"), first.header("etag"), "the 412 tells the current ETag");
    assert_eq!(app.get(&path).parse::<Hub>().name, "First editor's name");
}

#[test]
fn if_match_star_and_no_if_match_both_apply_the_change() {
    let app = TestApp::spawn();
    let lead = crate::lead_organisation(&app);
    let hub: Hub = app.post_json("/api/v1/hubs", &valid_hub(&lead, "Unconditional")).expect(201).parse();
    let path = format!("/api/v1/hubs/{}", hub.id);

    app.patch_json(&path, &json!({"modality": "virtual"}), Some("*")).expect(200);
    let after: Hub = app.patch_json(&path, &json!({"status": "completed"}), None).expect(200).parse();

    assert_eq!(after.modality, Modality::Virtual);
    assert_eq!(after.status, HubStatus::Completed);
}

#[test]
fn a_weak_etag_never_satisfies_if_match() {
    let app = TestApp::spawn();
    let lead = crate::lead_organisation(&app);
    let created = app.post_json("/api/v1/hubs", &valid_hub(&lead, "Weak tags")).expect(201);
    let hub: Hub = created.parse();
    let weak = format!("W/{}", created.header("etag").unwrap());

    app.patch_json(&format!("/api/v1/hubs/{}", hub.id), &json!({"name": "Changed"}), Some(&weak))
        .problem(412, "precondition_failed");
}

#[test]
fn a_patch_can_change_the_slug_but_not_to_a_taken_one() {
    let app = TestApp::spawn();
    let lead = crate::lead_organisation(&app);
    app.post_json("/api/v1/hubs", &hub_with(&lead, "Owner", json!({"slug": "taken-slug"}))).expect(201);
    let hub: Hub = app.post_json("/api/v1/hubs", &valid_hub(&lead, "Mover")).expect(201).parse();
    let path = format!("/api/v1/hubs/{}", hub.id);

    app.patch_json(&path, &json!({"slug": "taken-slug"}), None).problem(409, "slug_taken");
    let moved: Hub = app.patch_json(&path, &json!({"slug": "new-home"}), None).expect(200).parse();

    assert_eq!(moved.slug, "new-home");
    app.get("/api/v1/hubs/new-home").expect(200);
    app.get("/api/v1/hubs/mover").problem(404, "not_found");
}

#[test]
fn a_patch_is_validated_against_the_whole_hub() {
    let app = TestApp::spawn();
    let lead = crate::lead_organisation(&app);
    let hub: Hub = app.post_json("/api/v1/hubs", &valid_hub(&lead, "Period check")).expect(201).parse();
    let path = format!("/api/v1/hubs/{}", hub.id);

    // Moving only the start makes the existing end date more than three years away.
    app.patch_json(&path, &json!({"start_date": "2023-06-01"}), None).field_error("end_date", "hub_period");
    app.patch_json(&path, &json!({"sdgs": [0]}), None).field_error("sdgs[0]", "sdg_goal");
    app.patch_json(&path, &json!({"owner": "me"}), None).field_error("owner", "unknown_field");

    assert_eq!(app.get(&path).parse::<Hub>(), hub, "refused patches change nothing");
}

#[test]
fn archiving_a_hub_takes_it_out_of_the_default_listing_but_keeps_it_readable() {
    let app = TestApp::spawn();
    let lead = crate::lead_organisation(&app);
    let kept: Hub = app.post_json("/api/v1/hubs", &valid_hub(&lead, "Kept hub")).expect(201).parse();
    let archived = app.post_json("/api/v1/hubs", &valid_hub(&lead, "Archived hub")).expect(201);
    let archived_hub: Hub = archived.parse();
    let etag = archived.header("etag").unwrap().to_owned();

    let response = app.delete(&format!("/api/v1/hubs/{}", archived_hub.id), Some(&etag)).expect(204);
    assert!(response.body.is_empty());

    let listing = app.get("/api/v1/hubs").expect(200).json();
    let slugs: Vec<&str> = listing["items"].as_array().unwrap().iter().map(|h| h["slug"].as_str().unwrap()).collect();
    assert_eq!(slugs, vec![kept.slug.as_str()]);
    assert_eq!(listing["total"], 1);
    let still_there: Hub = app.get(&format!("/api/v1/hubs/{}", archived_hub.id)).expect(200).parse();
    assert_eq!(still_there.status, HubStatus::Archived);
    let only_archived = app.get("/api/v1/hubs?status=archived").expect(200).json();
    assert_eq!(only_archived["items"][0]["id"], archived_hub.id);
}

#[test]
fn archiving_with_a_stale_etag_is_refused() {
    let app = TestApp::spawn();
    let lead = crate::lead_organisation(&app);
    let created = app.post_json("/api/v1/hubs", &valid_hub(&lead, "Stale archive")).expect(201);
    let hub: Hub = created.parse();
    let stale = created.header("etag").unwrap().to_owned();
    let path = format!("/api/v1/hubs/{}", hub.id);
    app.patch_json(&path, &json!({"name": "Renamed meanwhile"}), None).expect(200);

    app.delete(&path, Some(&stale)).problem(412, "precondition_failed");

    assert_eq!(app.get(&path).parse::<Hub>().status, HubStatus::Active);
}

#[test]
fn an_acknowledged_write_survives_the_server_being_killed() {
    let mut app = TestApp::spawn();
    let lead = crate::lead_organisation(&app);
    let hub: Hub = app.post_json("/api/v1/hubs", &valid_hub(&lead, "Durable hub")).expect(201).parse();

    app.kill();
    app.restart();

    assert_eq!(app.get(&format!("/api/v1/hubs/{}", hub.id)).expect(200).parse::<Hub>(), hub);
}

#[test]
fn a_hub_returns_its_lead_and_partner_organisations() {
    let app = TestApp::spawn();
    let lead = crate::lead_organisation(&app);
    let university = crate::organisation(&app, "University of Testing", "academia");
    let association = crate::organisation(&app, "Association of Testing Cities", "lrg_association");

    let body = hub_with(&lead, "Partnered", json!({"partner_organisation_ids": [university, association]}));
    let hub: Hub = app.post_json("/api/v1/hubs", &body).expect(201).parse();

    assert_eq!(hub.lead_organisation_id, lead);
    assert_eq!(hub.lead_organisation.name, "City of Testing");
    assert_eq!(hub.lead_organisation.region.as_str(), "europe");
    let mut partners = hub.partner_organisation_ids.clone();
    partners.sort();
    let mut expected = vec![university.clone(), association.clone()];
    expected.sort();
    assert_eq!(partners, expected);
    let names: Vec<&str> = hub.partner_organisations.iter().map(|o| o.name.as_str()).collect();
    assert!(names.contains(&"University of Testing") && names.contains(&"Association of Testing Cities"), "{names:?}");

    let path = format!("/api/v1/hubs/{}", hub.id);
    let fewer: Hub =
        app.patch_json(&path, &json!({"partner_organisation_ids": [university]}), None).expect(200).parse();
    assert_eq!(fewer.partner_organisation_ids, vec![university]);
}

#[test]
fn only_a_local_or_regional_government_or_their_association_may_lead() {
    let app = TestApp::spawn();
    for kind in ["local_government", "regional_government", "lrg_association"] {
        let lead = crate::organisation(&app, &format!("A {kind}"), kind);
        app.post_json("/api/v1/hubs", &valid_hub(&lead, &format!("Led by a {kind}"))).expect(201);
    }
    for kind in ["civil_society", "academia", "private_sector", "national_government", "international_organisation"] {
        let other = crate::organisation(&app, &format!("A {kind}"), kind);
        let problem = app
            .post_json("/api/v1/hubs", &valid_hub(&other, &format!("Led by a {kind}")))
            .field_error("lead_organisation_id", "led_locally");
        assert!(problem["errors"][0]["message"].as_str().unwrap().contains(kind), "{problem}");
    }
}

#[test]
fn a_patch_cannot_hand_the_lead_to_an_organisation_that_may_not_lead() {
    let app = TestApp::spawn();
    let lead = crate::lead_organisation(&app);
    let company = crate::organisation(&app, "Testing Ltd", "private_sector");
    let hub: Hub = app.post_json("/api/v1/hubs", &valid_hub(&lead, "Kept local")).expect(201).parse();
    let path = format!("/api/v1/hubs/{}", hub.id);

    app.patch_json(&path, &json!({"lead_organisation_id": company}), None)
        .field_error("lead_organisation_id", "led_locally");

    assert_eq!(app.get(&path).parse::<Hub>().lead_organisation_id, lead);
}
