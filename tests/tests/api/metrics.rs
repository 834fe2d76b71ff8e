//! The dashboards' metrics: figures checked against a small network whose numbers are worked out
//! by hand, CSV read back and compared with JSON, caching, and who counts which hubs.

use l4a_tests::TestApp;
use serde_json::{Value, json};

/// Two public hubs and one suspended, whose figures on any day after 2026-01-01 are:
/// - Lyon (Europe, SDGs 11 and 13): 3 deliverables, one delivered on time, one delivered late,
///   one late (due 2025-06-30, planned); 2 acceleration indicators, one at 90 % of its way
///   (on track whatever the day), one without a measurement; 1 stakeholder who set the criteria;
///   connected to Dakar.
/// - Dakar (Africa, SDG 11): 1 deliverable delivered on time; 1 local–global indicator at 0 %
///   (target day passed, so not on track); connected to Lyon.
/// - Quito (Latin America, SDG 6), suspended: nothing.
fn network(app: &TestApp) {
    let europe = org(app, "Lyon Métropole", "FR");
    let africa = org(app, "Ville de Dakar", "SN");
    let latin = org(app, "Municipio de Quito", "EC");
    let hub = |lead: &str, name: &str, changes: Value| {
        app.post_json("/api/v1/hubs", &crate::hub_with(lead, name, changes)).expect(201);
    };
    hub(&europe, "Lyon hub", json!({"slug": "lyon", "sdgs": [11, 13], "status": "active"}));
    hub(
        &africa,
        "Dakar hub",
        json!({"slug": "dakar", "country": "SN", "city": "Dakar", "sdgs": [11], "status": "active"}),
    );
    hub(
        &latin,
        "Quito hub",
        json!({"slug": "quito", "country": "EC", "city": "Quito", "sdgs": [6], "status": "suspended"}),
    );
    let deliverable = |hub: &str, title: &str, due: &str, delivered: Option<&str>| {
        let mut body = json!({"title": title, "kind": "publication", "due_date": due});
        if let Some(on) = delivered {
            body["status"] = json!("delivered");
            body["delivered_on"] = json!(on);
        }
        app.post_json(&format!("/api/v1/hubs/{hub}/deliverables"), &body).expect(201);
    };
    deliverable("lyon", "Heat map", "2025-06-30", Some("2025-06-01"));
    deliverable("lyon", "Cool routes", "2025-03-31", Some("2025-05-01"));
    deliverable("lyon", "Tree plan", "2025-06-30", None);
    deliverable("dakar", "Flood guide", "2025-09-30", Some("2025-09-01"));
    let stakeholder = json!({"name": "Residents' council", "kind": "citizens_group", "role": "participant", "took_part_in_criteria": true});
    app.post_json("/api/v1/hubs/lyon/stakeholders", &stakeholder).expect(201);
    let indicator = |hub: &str, name: &str, dimension: &str, target_date: &str| -> String {
        let body = json!({
            "name": name, "dimension": dimension, "unit": "people", "direction": "increase",
            "baseline_value": 0, "baseline_date": "2025-01-01", "target_value": 100, "target_date": target_date,
        });
        let created = app.post_json(&format!("/api/v1/hubs/{hub}/indicators"), &body).expect(201).json();
        created["id"].as_str().unwrap().to_owned()
    };
    let trained = indicator("lyon", "Residents trained", "acceleration", "2026-12-31");
    indicator("lyon", "Trees planted", "acceleration", "2026-12-31");
    let guided = indicator("dakar", "Households guided", "local_global", "2025-12-31");
    for (id, value, on) in [(&trained, 40, "2025-06-30"), (&trained, 90, "2025-12-31"), (&guided, 0, "2025-06-30")] {
        let body = json!({"value": value, "measured_on": on});
        app.post_json(&format!("/api/v1/indicators/{id}/measurements"), &body).expect(201);
    }
    app.post_json("/api/v1/hubs/lyon/connections", &json!({"other_hub_id": "dakar", "kind": "peer_learning"}))
        .expect(201);
}

fn org(app: &TestApp, name: &str, country: &str) -> String {
    let body = json!({"name": name, "kind": "local_government", "country": country});
    app.post_json("/api/v1/organisations", &body).expect(201).json()["id"].as_str().unwrap().to_owned()
}

fn counts(value: &Value) -> Vec<(String, u64)> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["key"].as_str().unwrap().to_owned(), c["count"].as_u64().unwrap()))
        .collect()
}

fn pairs(list: &[(&str, u64)]) -> Vec<(String, u64)> {
    list.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect()
}

/// The CSV answer as rows of fields, checking the byte-order mark and the line ends.
fn read_csv(body: &[u8], separator: u8) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(body).expect("UTF-8");
    let text = text.strip_prefix('\u{feff}').expect("a byte-order mark for Excel");
    assert!(text.contains("\r\n"), "RFC 4180 line ends");
    let mut reader = csv::ReaderBuilder::new().delimiter(separator).has_headers(false).from_reader(text.as_bytes());
    reader.records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect()
}

#[test]
fn the_summary_counts_what_was_worked_out_by_hand() {
    let app = TestApp::spawn();
    network(&app);
    let summary = app.get("/api/v1/metrics/summary").expect(200).json();
    let hubs = &summary["hubs"];
    assert_eq!(hubs["total"], 3, "an administrator counts the suspended hub too: {hubs}");
    assert_eq!(counts(&hubs["by_status"]), pairs(&[("active", 2), ("suspended", 1)]));
    assert_eq!(counts(&hubs["by_region"]), pairs(&[("africa", 1), ("europe", 1), ("latin_america", 1)]));
    assert_eq!(counts(&hubs["by_country"]), pairs(&[("EC", 1), ("FR", 1), ("SN", 1)]));
    assert_eq!(counts(&hubs["by_sdg"]), pairs(&[("6", 1), ("11", 2), ("13", 1)]));
    let deliverables = &summary["deliverables"];
    assert_eq!(deliverables["total"], 4);
    assert_eq!(deliverables["delivered"], 3);
    assert_eq!(deliverables["delivered_on_time"], 2);
    assert_eq!(deliverables["late"], 1);
    assert!((deliverables["on_time_rate"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-9);
    let indicators = &summary["indicators"];
    assert_eq!(indicators["total"], 3);
    assert_eq!(indicators["by_dimension"], json!({"acceleration": 2, "synchronization": 0, "local_global": 1}));
    assert_eq!(indicators["on_track"], json!({"acceleration": 1, "synchronization": 0, "local_global": 0}));
    assert_eq!(indicators["mean_progress"], json!({"acceleration": 0.9, "synchronization": null, "local_global": 0.0}));
    let stakeholders = &summary["stakeholders"];
    assert_eq!(stakeholders["total"], 1);
    assert_eq!(counts(&stakeholders["by_kind"]), pairs(&[("citizens_group", 1)]));
    assert!((stakeholders["criteria_set_with_stakeholders_share"].as_f64().unwrap() - 1.0 / 3.0).abs() < 1e-9);
    let network = &summary["network"];
    assert_eq!(network["connections"], 1);
    assert_eq!(network["hubs_without_connection"], 1);
    assert_eq!(network["max_synchronization_degree"], 1);

    // Filters narrow what is counted.
    let europe = app.get("/api/v1/metrics/summary?region=europe").expect(200).json();
    assert_eq!(europe["hubs"]["total"], 1);
    assert_eq!(europe["deliverables"]["total"], 3);
    let goal = app.get("/api/v1/metrics/summary?sdg=11&country=SN").expect(200).json();
    assert_eq!(goal["hubs"]["total"], 1);
    assert_eq!(goal["deliverables"]["delivered_on_time"], 1);
    // As the network stood yesterday, none of it was recorded yet.
    let yesterday = chrono::Local::now().date_naive() - chrono::Duration::days(1);
    let before = app.get(&format!("/api/v1/metrics/summary?as_of={yesterday}")).expect(200).json();
    assert_eq!(before["hubs"]["total"], 0, "{before}");
    assert_eq!(before["as_of"], yesterday.to_string());
}

#[test]
fn each_hub_row_carries_the_figures_its_page_shows_and_the_csv_says_the_same() {
    let app = TestApp::spawn();
    network(&app);
    let page = app.get("/api/v1/metrics/hubs?sort=name&per_page=2").expect(200).json();
    assert_eq!(page["total"], 3);
    assert_eq!(page["items"].as_array().unwrap().len(), 2, "paged");
    let all = app.get("/api/v1/metrics/hubs?per_page=10").expect(200).json();
    let rows = all["items"].as_array().unwrap();
    let lyon = rows.iter().find(|r| r["slug"] == "lyon").unwrap();
    let hub = app.get("/api/v1/hubs/lyon").expect(200).json();
    for (figure, value) in lyon["figures"].as_object().unwrap() {
        assert_eq!(value, &hub[figure], "{figure}: the same figures as the hub page");
    }
    assert_eq!(lyon["region"], "europe");
    assert_eq!(lyon["deliverables_delivered_on_time"], 1);
    assert_eq!(lyon["last_measured_on"], "2025-12-31");

    let csv = app.get("/api/v1/metrics/hubs?format=csv");
    let csv = csv.expect(200);
    assert!(csv.header("content-type").unwrap().starts_with("text/csv"), "{:?}", csv.header("content-type"));
    let table = read_csv(&csv.body, b',');
    let header = &table[0];
    assert_eq!(table.len(), 4, "a header and every hub, unpaged");
    let column = |name: &str| header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"));
    for row in &table[1..] {
        let json = rows.iter().find(|r| r["id"] == row[column("id")].as_str()).expect("the same hubs");
        assert_eq!(row[column("name")], json["name"].as_str().unwrap());
        assert_eq!(row[column("deliverables_late")], json["figures"]["deliverables_late"].to_string());
        assert_eq!(row[column("indicators_on_track")], json["figures"]["indicators_on_track"].to_string());
        assert_eq!(row[column("reporting_status")], json["figures"]["reporting_status"].as_str().unwrap());
        let goals: Vec<String> = json["sdgs"].as_array().unwrap().iter().map(|g| g.to_string()).collect();
        assert_eq!(row[column("sdgs")], goals.join("|"), "lists joined by |");
    }
    // Every column is in the dictionary, described.
    let dictionary = app.anonymous().get("/api/v1/metrics/dictionary").expect(200).json();
    let described: Vec<&str> = dictionary["tables"][1]["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            assert!(!c["description"].as_str().unwrap().is_empty());
            c["name"].as_str().unwrap()
        })
        .collect();
    assert_eq!(described, header.iter().map(String::as_str).collect::<Vec<_>>());

    // European Excel: semicolons; labels in French; the same through `Accept`.
    let semicolon = app.request("GET", "/api/v1/metrics/hubs?sep=semicolon&lang=fr", &[("Accept", "text/csv")], None);
    let table = read_csv(&semicolon.expect(200).body, b';');
    assert_eq!(table[0], *header);
    let labels: Vec<&str> = table[1..].iter().map(|row| row[column("status_label")].as_str()).collect();
    assert!(labels.contains(&"Actif") && labels.contains(&"Suspendu"), "{labels:?}");
    let regions: Vec<&str> = table[1..].iter().map(|row| row[column("region_label")].as_str()).collect();
    assert!(regions.contains(&"Amérique latine"), "{regions:?}");

    // The summary as tidy CSV agrees with its JSON.
    let summary = app.get("/api/v1/metrics/summary").expect(200).json();
    let tidy = read_csv(&app.get("/api/v1/metrics/summary?format=csv").expect(200).body, b',');
    assert_eq!(tidy[0], ["figure", "key", "label", "value"]);
    let value = |figure: &str, key: &str| {
        tidy.iter()
            .find(|r| r[0] == figure && r[1] == key)
            .map(|r| r[3].clone())
            .unwrap_or_else(|| panic!("{figure} {key}"))
    };
    assert_eq!(value("deliverables.late", ""), summary["deliverables"]["late"].to_string());
    assert_eq!(value("hubs.by_region", "africa"), "1");
    assert_eq!(value("indicators.mean_progress.synchronization", ""), "", "undefined is empty");
}

#[test]
fn an_unchanged_answer_is_a_304_and_a_write_changes_the_etag() {
    let app = TestApp::spawn();
    network(&app);
    let first = app.anonymous().get("/api/v1/metrics/summary").expect(200);
    let etag = first.header("etag").unwrap().to_owned();
    assert_eq!(first.header("cache-control"), Some("public, max-age=60"));
    let again = app.anonymous().request("GET", "/api/v1/metrics/summary", &[("If-None-Match", &etag)], None);
    let again = again.expect(304);
    assert!(again.body.is_empty());
    assert_eq!(again.header("etag"), Some(etag.as_str()));
    // With credentials, the answer is personal: not stored, but still tagged.
    let personal = app.get("/api/v1/metrics/summary").expect(200);
    assert_eq!(personal.header("cache-control"), Some("no-store"));
    assert!(personal.header("etag").is_some());
    // A new deliverable counts at once: the figures are never stale.
    let body = json!({"title": "Second guide", "kind": "publication", "due_date": "2026-06-30"});
    app.post_json("/api/v1/hubs/dakar/deliverables", &body).expect(201);
    let after = app.anonymous().request("GET", "/api/v1/metrics/summary", &[("If-None-Match", &etag)], None);
    let after = after.expect(200);
    assert_ne!(after.header("etag"), Some(etag.as_str()));
    assert_eq!(after.json()["deliverables"]["total"], 5);
    // Answers are kept until the data changes, and a write by another process sharing the
    // database (here the command line) changes it too.
    let kept = app.anonymous().get("/api/v1/metrics/summary").expect(200);
    assert_eq!(kept.header("etag"), after.header("etag"), "nothing changed, the same answer");
    let (status, out, err) = app.l4a(&["seed", "--scale", "4"]);
    assert!(status.success(), "{out}{err}");
    let grown = app.anonymous().get("/api/v1/metrics/summary").expect(200).json();
    assert!(grown["hubs"]["total"].as_u64().unwrap() > 2, "the generated public hubs count at once: {grown}");
}

#[test]
fn the_latest_measurement_kept_on_each_indicator_follows_every_write() {
    let app = TestApp::spawn();
    network(&app);
    let trained = app.get("/api/v1/hubs/lyon/indicators?per_page=10").expect(200).json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == "Residents trained")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // The metrics read what writes keep on the indicator; the hub page reads the measurements.
    let agree = |why: &str| {
        let page = app.get("/api/v1/hubs/lyon").expect(200).json();
        let rows = app.get("/api/v1/metrics/hubs").expect(200).json();
        let row = rows["items"].as_array().unwrap().iter().find(|r| r["slug"] == "lyon").unwrap().clone();
        for (figure, value) in row["figures"].as_object().unwrap() {
            assert_eq!(value, &page[figure], "{figure} {why}");
        }
        let indicator = app.get(&format!("/api/v1/indicators/{trained}")).expect(200).json();
        (row["figures"]["indicators_on_track"].as_u64().unwrap(), indicator["latest"]["value"].clone())
    };
    assert_eq!(agree("as built"), (1, json!(90.0)));
    // A later, lower measurement puts it off track; one taken earlier but recorded after changes nothing.
    let low = json!({"value": 10, "measured_on": "2026-06-30"});
    let low = app.post_json(&format!("/api/v1/indicators/{trained}/measurements"), &low).expect(201).json();
    assert_eq!(agree("after a later measurement"), (0, json!(10.0)));
    let early = json!({"value": 99, "measured_on": "2025-01-31"});
    app.post_json(&format!("/api/v1/indicators/{trained}/measurements"), &early).expect(201);
    assert_eq!(agree("after an earlier one"), (0, json!(10.0)));
    // Deleting the latest brings the one before back.
    app.delete(&format!("/api/v1/measurements/{}", low["id"].as_str().unwrap()), None).expect(204);
    assert_eq!(agree("after deleting the latest"), (1, json!(90.0)));
    // A batch keeps it too.
    let batch = json!([{"value": 5, "measured_on": "2026-07-31"}, {"value": 7, "measured_on": "2026-08-31"}]);
    app.post_json(&format!("/api/v1/indicators/{trained}/measurements:batch"), &batch).expect(201);
    assert_eq!(agree("after a batch"), (0, json!(7.0)));
}

#[test]
fn the_public_counts_public_hubs_and_the_dashboards_count_every_hub() {
    let app = TestApp::spawn();
    network(&app);
    let key = |scopes: &[&str]| {
        let body = json!({"name": "UCLG dashboard", "scopes": scopes});
        app.post_json("/api/v1/api-keys", &body).expect(201).json()["secret"].as_str().unwrap().to_owned()
    };
    let (metrics_key, read_key) = (key(&["read:metrics"]), key(&["read"]));
    let total = |response: l4a_tests::TestResponse| response.expect(200).json()["hubs"]["total"].clone();
    assert_eq!(total(app.anonymous().get("/api/v1/metrics/summary")), 2, "the suspended hub is not public");
    assert_eq!(total(app.api_key(&read_key).get("/api/v1/metrics/summary")), 2, "a `read` key counts the public hubs");
    assert_eq!(total(app.api_key(&metrics_key).get("/api/v1/metrics/summary")), 3);
    assert_eq!(total(app.get("/api/v1/metrics/summary")), 3, "an administrator");
    // An answer kept for a dashboard is never given to the public, nor the other way round.
    let nodes = |response: l4a_tests::TestResponse| response.expect(200).json()["nodes"].as_array().unwrap().len();
    assert_eq!(nodes(app.api_key(&metrics_key).get("/api/v1/metrics/network")), 3);
    assert_eq!(nodes(app.anonymous().get("/api/v1/metrics/network")), 2);
    assert_eq!(nodes(app.api_key(&metrics_key).get("/api/v1/metrics/network")), 3);
    // Asking for the suspended hubs does not show them to the public.
    let suspended = app.anonymous().get("/api/v1/metrics/hubs?status=suspended").expect(200).json();
    assert_eq!(suspended["total"], 0);
    let rows = app.anonymous().get("/api/v1/metrics/hubs?format=csv").expect(200);
    assert!(!rows.text().contains("Quito hub"), "no row of a hub the caller may not see");
    // The metrics scope reads the metrics, and nothing else.
    app.api_key(&metrics_key).get("/api/v1/metrics/hubs").expect(200);
    app.api_key(&metrics_key).get("/api/v1/hubs").problem(403, "forbidden");
}

#[test]
fn a_bad_filter_is_a_422_naming_the_parameter() {
    let app = TestApp::spawn();
    for (query, field, rule) in [
        ("region=atlantis", "region", "one_of"),
        ("sdg=18", "sdg", "range"),
        ("as_of=yesterday", "as_of", "format"),
        ("sep=tab", "sep", "one_of"),
        ("lang=de", "lang", "one_of"),
        ("status=dormant", "status", "one_of"),
        ("country=XX", "country", "country_code"),
    ] {
        let response = app.anonymous().get(&format!("/api/v1/metrics/summary?{query}"));
        assert_eq!(response.status, 422, "{query}: {}", response.text());
        l4a_tests::assert_has_field_error(&response.json(), field, rule);
    }
    app.anonymous().get("/api/v1/metrics/hubs?per_page=1001").field_error("per_page", "range");
}

#[test]
fn observations_page_by_cursor_without_losing_or_repeating_a_row_while_rows_are_added() {
    let app = TestApp::spawn();
    network(&app);
    let first = app.get("/api/v1/metrics/observations?per_page=2").expect(200);
    let link = first.header("link").unwrap().to_owned();
    let first = first.json();
    assert_eq!(first["items"].as_array().unwrap().len(), 2);
    assert_eq!(first["has_more"], true);
    let row = &first["items"][0];
    assert_eq!(row["hub_slug"], "lyon");
    assert_eq!(row["region"], "europe");
    assert_eq!(row["dimension"], "acceleration");
    assert_eq!(row["breakdown"], "");
    assert!(link.contains("cursor=") && link.contains("per_page=2") && link.ends_with("rel=\"next\""), "{link}");

    // Rows recorded meanwhile come after the cursor, once each.
    let guided =
        app.get("/api/v1/hubs/dakar/indicators").expect(200).json()["items"][0]["id"].as_str().unwrap().to_owned();
    for (value, on) in [(10, "2025-07-31"), (20, "2025-08-31")] {
        let body = json!({"value": value, "measured_on": on});
        app.post_json(&format!("/api/v1/indicators/{guided}/measurements"), &body).expect(201);
    }
    let mut seen: Vec<String> =
        first["items"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_owned()).collect();
    let mut cursor = first["next_cursor"].as_str().unwrap().to_owned();
    loop {
        let page = app.get(&format!("/api/v1/metrics/observations?per_page=2&cursor={cursor}")).expect(200).json();
        seen.extend(page["items"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_owned()));
        cursor = page["next_cursor"].as_str().unwrap().to_owned();
        if page["has_more"] == false {
            break;
        }
    }
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), seen.len(), "no row twice: {seen:?}");
    assert_eq!(seen.len(), 5, "the three measurements and the two added meanwhile");
    // Coming back later with the last cursor gives only what is new.
    let later = app.get(&format!("/api/v1/metrics/observations?cursor={cursor}")).expect(200).json();
    assert_eq!(later["items"].as_array().unwrap().len(), 0);
    assert_eq!(later["next_cursor"], cursor.as_str(), "the cursor stays where it was");

    // Filters: one hub, one window of days, totals only; and the same rows as CSV.
    let dakar = app
        .get("/api/v1/metrics/observations?hub=dakar&from=2025-07-01&to=2025-12-31&disaggregation=total")
        .expect(200)
        .json();
    let days: Vec<&str> =
        dakar["items"].as_array().unwrap().iter().map(|r| r["measured_on"].as_str().unwrap()).collect();
    assert_eq!(days, ["2025-07-31", "2025-08-31"]);
    let table = read_csv(&app.get("/api/v1/metrics/observations?hub=dakar&format=csv").expect(200).body, b',');
    assert_eq!(table.len(), 4, "a header and Dakar's three measurements");
    assert_eq!(table[0][0], "id");
    // The public does not see the measurements of hubs it may not see.
    let since =
        app.anonymous().get("/api/v1/metrics/observations?updated_since=2000-01-01T00:00:00Z").expect(200).json();
    assert_eq!(since["items"].as_array().unwrap().len(), 5);
    for (query, field) in [
        ("cursor=nonsense", "cursor"),
        ("from=2025-12-01&to=2025-01-01", "to"),
        ("updated_since=yesterday", "updated_since"),
        ("per_page=10001", "per_page"),
    ] {
        let response = app.get(&format!("/api/v1/metrics/observations?{query}"));
        assert_eq!(response.status, 422, "{query}");
        assert!(response.json()["errors"].as_array().unwrap().iter().any(|e| e["field"] == field), "{query}");
    }
}

#[test]
fn a_time_series_counts_each_period_and_the_network_links_the_hubs() {
    let app = TestApp::spawn();
    network(&app);
    let trained = app.get("/api/v1/hubs/lyon/indicators?per_page=10").expect(200).json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == "Residents trained")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let series = app
        .get(&format!("/api/v1/metrics/timeseries?interval=quarter&from=2025-01-01&to=2025-12-31&indicator={trained}"))
        .expect(200)
        .json();
    assert_eq!(series["aggregation"], "latest");
    let points = series["points"].as_array().unwrap();
    assert_eq!(points.len(), 4);
    let values: Vec<Value> = points.iter().map(|p| p["indicator_value"].clone()).collect();
    assert_eq!(values, [json!(null), json!(40.0), json!(null), json!(90.0)]);
    let delivered: Vec<u64> = points.iter().map(|p| p["deliverables_delivered"].as_u64().unwrap()).collect();
    assert_eq!(delivered, [0, 2, 1, 0], "Q2: the heat map and the cool routes; Q3: the flood guide");
    // The past is read with what is known now, by the measurements' own days.
    assert!(points.iter().all(|p| p["indicators_total"] == 3), "{points:?}");
    let on_track: Vec<u64> = points.iter().map(|p| p["indicators_on_track"].as_u64().unwrap()).collect();
    assert_eq!(on_track, [0, 1, 1, 1], "Lyon's trainings lead their trajectory from June on");
    app.get("/api/v1/metrics/timeseries?indicator=nope").problem(404, "not_found");
    app.get("/api/v1/metrics/timeseries?interval=month&from=2000-01-01&to=2025-12-31").field_error("from", "range");
    app.get("/api/v1/metrics/timeseries?interval=week").field_error("interval", "one_of");

    let graph = app.get("/api/v1/metrics/network").expect(200).json();
    assert_eq!(graph["nodes"].as_array().unwrap().len(), 3);
    let edges = graph["edges"].as_array().unwrap();
    assert_eq!(edges.len(), 1);
    assert_eq!(edges[0]["kind"], "peer_learning");
    let lyon = graph["nodes"].as_array().unwrap().iter().find(|n| n["slug"] == "lyon").unwrap().clone();
    assert_eq!(edges[0]["source"], lyon["id"]);
    assert_eq!(lyon["synchronization_degree"], 1);
    let africa = app.get("/api/v1/metrics/network?region=africa").expect(200).json();
    assert_eq!(africa["nodes"].as_array().unwrap().len(), 1);
    assert_eq!(africa["edges"].as_array().unwrap().len(), 0, "an edge needs both ends among the nodes");

    // Policy councils and Venice editions are further nodes, when asked for.
    app.patch_json("/api/v1/hubs/lyon", &json!({"policy_council_ids": ["resilient_cities"]}), None).expect(200);
    let shown = json!({"kind": "event", "title": "Cool routes at Venice", "date": "2025-11-21", "place": "Venice", "venice_edition": 2025});
    app.post_json("/api/v1/hubs/dakar/activities", &shown).expect(201);
    let later = json!({"kind": "event", "title": "Next Venice", "date": "2027-11-20", "place": "Venice", "venice_edition": 2027});
    app.post_json("/api/v1/hubs/dakar/activities", &later).expect(201);
    let plain = app.get("/api/v1/metrics/network").expect(200).json();
    assert_eq!((plain["groups"].as_array().unwrap().len(), plain["memberships"].as_array().unwrap().len()), (0, 0));
    let graph = app.get("/api/v1/metrics/network?with=venice_editions,policy_councils&lang=fr").expect(200).json();
    let groups: Vec<(&str, &str)> = graph["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (g["id"].as_str().unwrap(), g["kind"].as_str().unwrap()))
        .collect();
    assert_eq!(
        groups,
        [("policy_council:resilient_cities", "policy_councils"), ("venice_edition:2025", "venice_editions")],
        "the 2027 edition has not happened yet"
    );
    let council = &graph["groups"][0]["name"];
    let councils = app.get("/api/v1/policy-councils").expect(200).json();
    let resilient = councils.as_array().unwrap().iter().find(|c| c["id"] == "resilient_cities").unwrap();
    assert_eq!(council, &resilient["name"]["fr"], "named in `lang`");
    let dakar = graph["nodes"].as_array().unwrap().iter().find(|n| n["slug"] == "dakar").unwrap()["id"].clone();
    let memberships = graph["memberships"].as_array().unwrap();
    assert_eq!(memberships.len(), 2);
    assert!(memberships.iter().any(|m| m["hub"] == lyon["id"] && m["group"] == "policy_council:resilient_cities"));
    assert!(memberships.iter().any(|m| m["hub"] == dakar && m["group"] == "venice_edition:2025"));
    let bad = app.get("/api/v1/metrics/network?with=mayors");
    assert_eq!(bad.status, 422);
    assert_eq!(bad.json()["errors"][0]["field"], "with");
}

#[test]
fn a_scale_network_is_generated_the_same_each_time_and_the_metrics_count_it() {
    let app = TestApp::spawn();
    // 300 hubs: more than one transaction's worth, so connections reach across transactions.
    let (status, out, err) = app.l4a(&["seed", "--scale", "300"]);
    assert!(status.success(), "{out}{err}");
    assert!(out.contains("hubs: 300") && out.contains("measurements: 30000"), "{out}");
    let summary = app.get("/api/v1/metrics/summary").expect(200).json();
    let by_status: u64 = counts(&summary["hubs"]["by_status"]).iter().map(|(_, n)| n).sum();
    assert_eq!(by_status, 300, "every generated hub is counted once: {}", summary["hubs"]);
    assert_eq!(summary["deliverables"]["total"], 1500);
    assert_eq!(summary["stakeholders"]["total"], 3000);
    assert_eq!(summary["indicators"]["total"], 1500);
    // Every connection is counted once, even when its two ends are read in different queries.
    let generated: u64 =
        out.split("connections: ").nth(1).and_then(|rest| rest.split([' ', '}']).next()?.parse().ok()).unwrap();
    assert_eq!(summary["network"]["connections"], generated, "{out}");
    // The CSV is streamed a batch of hubs at a time (64 in debug builds): every hub once, in the
    // order and with the figures of the JSON pages.
    let rows = read_csv(&app.get("/api/v1/metrics/hubs?format=csv&sort=-updated_at").expect(200).body, b',');
    assert_eq!(rows.len(), 301);
    let mut paged = Vec::new();
    for page in 1..=3 {
        let answer = app.get(&format!("/api/v1/metrics/hubs?sort=-updated_at&per_page=100&page={page}")).expect(200);
        paged.extend(answer.json()["items"].as_array().unwrap().clone());
    }
    let column = |name: &str| rows[0].iter().position(|header| header == name).unwrap();
    let (id, on_time) = (column("id"), column("deliverables_delivered_on_time"));
    for (row, hub) in rows[1..].iter().zip(&paged) {
        assert_eq!(row[id], hub["id"].as_str().unwrap());
        assert_eq!(row[on_time], hub["deliverables_delivered_on_time"].to_string());
    }
    // The observations' CSV streams the whole feed (100 rows a read in debug builds).
    let africa = app.get("/api/v1/metrics/observations?region=africa&per_page=10000").expect(200).json();
    let mut expected: Vec<&str> =
        africa["items"].as_array().unwrap().iter().map(|o| o["id"].as_str().unwrap()).collect();
    assert!(expected.len() > 1000 && africa["has_more"] == false, "{}", expected.len());
    let feed = read_csv(&app.get("/api/v1/metrics/observations?region=africa&format=csv").expect(200).body, b',');
    let id = feed[0].iter().position(|header| header == "id").unwrap();
    let mut streamed: Vec<&str> = feed[1..].iter().map(|row| row[id].as_str()).collect();
    assert_eq!(streamed, expected, "in the feed's order");
    streamed.dedup();
    expected.dedup();
    assert_eq!(streamed.len(), expected.len(), "no row twice");
    // A tenth of the measurements are breakdowns.
    let totals = app.get("/api/v1/metrics/observations?per_page=10000&disaggregation=total").expect(200).json();
    assert_eq!(totals["items"].as_array().unwrap().len(), 10_000);
    assert_eq!(totals["has_more"], true);

    // The same size gives the same network: the generator is seeded.
    let other = TestApp::spawn();
    let (status, _, err) = other.l4a(&["seed", "--scale", "300"]);
    assert!(status.success(), "{err}");
    let again = other.get("/api/v1/metrics/summary").expect(200).json();
    assert_eq!(again, summary, "the same figures from the same seed");
    // Bad sizes are refused by the command line.
    let (status, _, err) = app.l4a(&["seed", "--scale", "0"]);
    assert!(!status.success() && err.contains("scale"), "{err}");
}
