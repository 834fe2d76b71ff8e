//! The catalogue listing: paging, filters and sort orders.

use l4a_shared::hub::Hub;
use l4a_shared::page::Page;
use l4a_tests::TestApp;
use serde_json::json;

use crate::hub_with;

fn names(page: &Page<Hub>) -> Vec<&str> {
    page.items.iter().map(|hub| hub.name.as_str()).collect()
}

fn create(app: &TestApp, name: &str, changes: serde_json::Value) -> Hub {
    let lead = crate::lead_organisation(app);
    app.post_json("/api/v1/hubs", &hub_with(&lead, name, changes)).expect(201).parse()
}

#[test]
fn an_empty_catalogue_is_one_empty_page() {
    let app = TestApp::spawn();
    let page: Page<Hub> = app.get("/api/v1/hubs").expect(200).parse();
    assert_eq!(page, Page { items: vec![], total: 0, page: 1, per_page: 20 });
}

#[test]
fn pages_cover_every_hub_once_in_order() {
    let app = TestApp::spawn();
    for n in 0..25 {
        create(&app, &format!("Hub {n:02}"), json!({}));
    }

    let first: Page<Hub> = app.get("/api/v1/hubs").expect(200).parse();
    let second: Page<Hub> = app.get("/api/v1/hubs?page=2").expect(200).parse();
    let beyond: Page<Hub> = app.get("/api/v1/hubs?page=9").expect(200).parse();

    assert_eq!((first.total, first.page, first.per_page, first.items.len()), (25, 1, 20, 20));
    assert_eq!((second.total, second.page, second.items.len()), (25, 2, 5));
    assert!(beyond.items.is_empty());
    assert_eq!(beyond.total, 25);
    let all: Vec<&str> = names(&first).into_iter().chain(names(&second)).collect();
    let expected: Vec<String> = (0..25).map(|n| format!("Hub {n:02}")).collect();
    assert_eq!(all, expected);
}

#[test]
fn per_page_sets_the_page_size_up_to_100() {
    let app = TestApp::spawn();
    for n in 0..3 {
        create(&app, &format!("Sized {n}"), json!({}));
    }
    let page: Page<Hub> = app.get("/api/v1/hubs?per_page=2").expect(200).parse();
    assert_eq!((page.items.len(), page.per_page, page.total), (2, 2, 3));
    app.get("/api/v1/hubs?per_page=100").expect(200);
    app.get("/api/v1/hubs?per_page=101").problem(400, "invalid_query");
}

#[test]
fn filters_by_status_country_and_sdg_combine() {
    let app = TestApp::spawn();
    create(&app, "French cities", json!({"country": "FR", "sdgs": [11]}));
    create(&app, "French climate", json!({"country": "FR", "sdgs": [13]}));
    create(&app, "Senegal cities", json!({"country": "SN", "sdgs": [11, 6]}));
    create(&app, "Completed French cities", json!({"country": "FR", "sdgs": [11], "status": "completed"}));

    let french: Page<Hub> = app.get("/api/v1/hubs?country=fr").expect(200).parse();
    let cities: Page<Hub> = app.get("/api/v1/hubs?sdg=11").expect(200).parse();
    let french_cities: Page<Hub> = app.get("/api/v1/hubs?country=FR&sdg=11&status=active").expect(200).parse();
    let completed: Page<Hub> = app.get("/api/v1/hubs?status=completed").expect(200).parse();
    let water: Page<Hub> = app.get("/api/v1/hubs?sdg=6").expect(200).parse();

    assert_eq!(names(&french), vec!["Completed French cities", "French cities", "French climate"]);
    assert_eq!(names(&cities), vec!["Completed French cities", "French cities", "Senegal cities"]);
    assert_eq!(names(&french_cities), vec!["French cities"]);
    assert_eq!(names(&completed), vec!["Completed French cities"]);
    assert_eq!(names(&water), vec!["Senegal cities"]);
    assert_eq!(water.items[0].sdgs, vec![6, 11], "a filtered hub still lists all its goals");
}

#[test]
fn search_ignores_case_and_accents_in_name_and_summary() {
    let app = TestApp::spawn();
    create(&app, "Eko-Bil Avcılar", json!({"summary": "Climate awareness for residents."}));
    create(&app, "Bogotá Care Blocks", json!({"summary": "Care services within walking distance."}));
    create(&app, "Quito Corridors", json!({"summary": "Biodiversity corridors across the district."}));

    let search = |q: &str| -> Vec<String> {
        let page: Page<Hub> = app.get(&format!("/api/v1/hubs?q={q}")).expect(200).parse();
        page.items.into_iter().map(|h| h.name).collect()
    };

    assert_eq!(search("AVCILAR"), vec!["Eko-Bil Avcılar"]);
    assert_eq!(search("bogota"), vec!["Bogotá Care Blocks"]);
    assert_eq!(search("Bogot%C3%A1"), vec!["Bogotá Care Blocks"]);
    assert_eq!(search("walking"), vec!["Bogotá Care Blocks"], "the summary is searched too");
    assert_eq!(search("%25"), Vec::<String>::new(), "a % is searched literally, not as a wildcard");
    assert_eq!(search("_"), Vec::<String>::new(), "an _ is searched literally");
    assert_eq!(search("nothing-like-this"), Vec::<String>::new());
    assert_eq!(search("").len(), 3, "an empty search is no filter");
}

#[test]
fn every_sort_order_is_applied() {
    let app = TestApp::spawn();
    let b = create(&app, "Bravo", json!({"start_date": "2025-03-01", "end_date": "2026-03-01"}));
    let a = create(&app, "alpha", json!({"start_date": "2025-06-01", "end_date": "2027-06-01"}));
    let c = create(&app, "Çharlie", json!({"start_date": "2025-01-01", "end_date": "2028-01-01"}));
    // Touch Bravo last so that it is the most recently updated.
    app.patch_json(&format!("/api/v1/hubs/{}", b.id), &json!({"summary": "Touched after the others."}), None)
        .expect(200);

    let order = |sort: &str| -> Vec<String> {
        let page: Page<Hub> = app.get(&format!("/api/v1/hubs?sort={sort}")).expect(200).parse();
        page.items.into_iter().map(|h| h.name).collect()
    };
    let named = |hubs: &[&Hub]| -> Vec<String> { hubs.iter().map(|h| h.name.clone()).collect() };

    assert_eq!(order("name"), named(&[&a, &b, &c]), "by name, ignoring case and accents");
    assert_eq!(order("-name"), named(&[&c, &b, &a]));
    assert_eq!(order("start_date"), named(&[&c, &b, &a]));
    assert_eq!(order("-start_date"), named(&[&a, &b, &c]));
    assert_eq!(order("end_date"), named(&[&b, &a, &c]));
    assert_eq!(order("-end_date"), named(&[&c, &a, &b]));
    assert_eq!(order("created_at"), named(&[&b, &a, &c]));
    assert_eq!(order("-created_at"), named(&[&c, &a, &b]));
    assert_eq!(order("updated_at"), named(&[&a, &c, &b]));
    assert_eq!(order("-updated_at"), named(&[&b, &c, &a]));
}

#[test]
fn unknown_query_parameters_are_ignored() {
    let app = TestApp::spawn();
    create(&app, "Tracked link", json!({}));
    let page: Page<Hub> = app.get("/api/v1/hubs?utm_source=newsletter").expect(200).parse();
    assert_eq!(page.total, 1);
}
