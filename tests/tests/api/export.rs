//! Open data: the JSON, NDJSON and CSV-tables exports hold every public hub and nothing private;
//! the IATI XML validates against the official 2.03 schema with known code-list values; the UN SDG
//! Actions record carries the hub's SMART deliverables, resources and latest approved report.

use std::collections::BTreeSet;
use std::io::Read as _;

use l4a_shared::export::{HubExportLine, OpenDataExport, SdgActionsRecord};
use l4a_tests::{Options, TestApp};
use serde_json::json;

/// Text that only private records hold: none of it may leave in an export.
const SECRETS: [&str; 4] =
    ["secret-contact@private.example", "+33 6 12 34 56 78", "A draft nobody may read", "Hidden suspended hub"];

/// The demo network, plus a stakeholder's contact details and a draft report on a public hub,
/// and a hub not yet public.
fn demo_with_secrets() -> TestApp {
    let app = TestApp::spawn_with(Options { demo: true, ..Options::default() });
    let stakeholder = json!({"name": "Neighbours", "kind": "citizens_group", "role": "participant",
                             "contact_email": SECRETS[0], "contact_phone": SECRETS[1]});
    app.post_json("/api/v1/hubs/eko-bil-avcilar/stakeholders", &stakeholder).expect(201);
    let draft = json!({"period_start": "2025-03-01", "period_end": "2025-09-30", "achievements": SECRETS[2]});
    app.post_json("/api/v1/hubs/eko-bil-avcilar/reports", &draft).expect(201);
    let lead = crate::lead_organisation(&app);
    app.post_json("/api/v1/hubs", &crate::hub_with(&lead, SECRETS[3], json!({"status": "suspended"}))).expect(201);
    app
}

fn assert_no_secret(what: &str, text: &str) {
    for secret in SECRETS {
        assert!(!text.contains(secret), "{what} holds {secret:?}");
    }
    assert!(!text.contains("contact_email") && !text.contains("contact_phone"), "{what} names contact fields");
}

/// The ids of the hubs an anonymous reader finds in the catalogue.
fn public_hub_ids(app: &TestApp) -> BTreeSet<String> {
    let page = app.anonymous().get("/api/v1/hubs?per_page=100").expect(200).json();
    page["items"].as_array().unwrap().iter().map(|hub| hub["id"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn the_open_data_holds_every_public_hub_and_nothing_private_in_each_format() {
    let app = demo_with_secrets();
    let public = public_hub_ids(&app);

    let answer = app.anonymous().get("/api/v1/export/hubs").expect(200);
    assert!(answer.header("content-type").unwrap().starts_with("application/json"));
    let link = answer.header("link").unwrap();
    assert!(
        link.contains("<https://creativecommons.org/licenses/by/4.0/>") && link.contains("rel=\"license\""),
        "{link}"
    );
    let text = answer.text();
    assert_no_secret("the JSON export", &text);
    let document: OpenDataExport = serde_json::from_str(&text).unwrap();
    assert_eq!(document.licence.id, "CC-BY-4.0");
    let ids: Vec<String> = document.hubs.iter().map(|h| h.hub.id.clone()).collect();
    assert_eq!(ids.iter().cloned().collect::<BTreeSet<_>>(), public, "every public hub, and only those");
    assert!(ids.windows(2).all(|pair| pair[0] < pair[1]), "by id");
    for exported in &document.hubs {
        assert!(exported.hub.status.is_public());
        assert!(exported.reports.iter().all(|r| r.state.as_str() == "approved"), "{}", exported.hub.slug);
        assert!(exported.recommendations.iter().all(|r| r.state.as_str() == "published"));
        let indicators: BTreeSet<&str> = exported.indicators.iter().map(|i| i.id.as_str()).collect();
        assert!(exported.measurements.iter().all(|m| indicators.contains(m.indicator_id.as_str())));
    }
    let eko = document.hubs.iter().find(|h| h.hub.slug == "eko-bil-avcilar").unwrap();
    assert!(eko.stakeholders.iter().any(|s| s.name == "Neighbours"), "the stakeholder, without its contact");
    assert_eq!(eko.reports.len(), 1, "the approved report, not the draft");
    assert!(document.hubs.iter().any(|h| !h.recommendations.is_empty()), "the demo's published recommendation");
    let measurements: usize = document.hubs.iter().map(|h| h.measurements.len()).sum();
    assert!(measurements > 0);

    // NDJSON: the same hubs, one per line, each naming the licence.
    let lines = app.anonymous().request("GET", "/api/v1/export/hubs", &[("Accept", "application/x-ndjson")], None);
    let lines = lines.expect(200);
    assert!(lines.header("content-type").unwrap().starts_with("application/x-ndjson"));
    let text = lines.text();
    assert_no_secret("the NDJSON export", &text);
    let parsed: Vec<HubExportLine> = text.lines().map(|line| serde_json::from_str(line).unwrap()).collect();
    assert_eq!(parsed.len(), document.hubs.len());
    for (line, whole) in parsed.iter().zip(&document.hubs) {
        assert_eq!(line.licence, "CC-BY-4.0");
        assert_eq!(&line.hub, whole, "a line holds what the document holds");
    }

    // CSV tables: one file per table, a data dictionary, the same counts.
    let archive = app.anonymous().get("/api/v1/export/tables.zip").expect(200);
    assert_eq!(archive.header("content-type"), Some("application/zip"));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(archive.body.clone())).unwrap();
    let mut files = std::collections::BTreeMap::new();
    for index in 0..zip.len() {
        let mut file = zip.by_index(index).unwrap();
        let mut content = String::new();
        file.read_to_string(&mut content).unwrap();
        files.insert(file.name().to_owned(), content);
    }
    let readme = &files["README.md"];
    assert!(readme.contains("CC-BY-4.0") && readme.contains("Generated at"), "{readme}");
    for (name, content) in &files {
        assert_no_secret(name, content);
        if let Some(table) = name.strip_suffix(".csv") {
            assert!(readme.contains(&format!("## {table}.csv")), "the dictionary describes {name}");
            let mut reader = csv::Reader::from_reader(content.as_bytes());
            for column in reader.headers().unwrap() {
                assert!(readme.contains(&format!("| `{column}` |")), "the dictionary names {table}.{column}");
            }
            // A strict reader: every row has the header's width.
            reader.records().for_each(|row| drop(row.unwrap()));
        }
    }
    let rows = |name: &str| csv::Reader::from_reader(files[name].as_bytes()).records().count();
    assert_eq!(rows("hubs.csv"), document.hubs.len());
    assert_eq!(rows("measurements.csv"), measurements);
    assert_eq!(rows("reports.csv"), document.hubs.iter().map(|h| h.reports.len()).sum::<usize>());
    let recommendations: BTreeSet<&str> =
        document.hubs.iter().flat_map(|h| h.recommendations.iter().map(|r| r.id.as_str())).collect();
    assert_eq!(rows("recommendations.csv"), recommendations.len(), "each recommendation once");
}

/// The official IATI 2.03 activity schema, beside the project.
fn iati_schema() -> std::path::PathBuf {
    let schema = l4a_tests::repo_root().join("../shared/data/iati-schemas-2.03/iati-activities-schema.xsd");
    assert!(schema.exists(), "the IATI schemas are at {}", schema.display());
    schema
}

fn assert_valid_iati(app: &TestApp, name: &str, xml: &str) {
    let file = app.scratch_path().join(format!("{name}.xml"));
    std::fs::write(&file, xml).unwrap();
    let checked = std::process::Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(iati_schema())
        .arg(&file)
        .output()
        .expect("xmllint is installed (`just setup-test-tools` installs it)");
    assert!(checked.status.success(), "{name}: {}", String::from_utf8_lossy(&checked.stderr));
    assert_known_codes(name, xml);
}

/// The values of `attribute` on every `element` in `xml` (the documents are ours: one element per
/// tag opening, attributes in double quotes).
fn attribute_values(xml: &str, element: &str, attribute: &str) -> Vec<String> {
    xml.split(&format!("<{element} "))
        .skip(1)
        .filter_map(|rest| {
            let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
            let start = tag
                .find(&format!(" {attribute}=\""))
                .map(|i| i + attribute.len() + 3)
                .or_else(|| tag.starts_with(&format!("{attribute}=\"")).then_some(attribute.len() + 2))?;
            Some(tag[start..].split('"').next().unwrap_or_default().to_owned())
        })
        .collect()
}

/// The code-list values the schema does not check (IATI code lists, version 2.03).
fn assert_known_codes(name: &str, xml: &str) {
    let within = |element: &str, attribute: &str, codes: &[&str]| {
        for value in attribute_values(xml, element, attribute) {
            assert!(codes.contains(&value.as_str()), "{name}: {element}/@{attribute} = {value:?}");
        }
    };
    within("activity-status", "code", &["1", "2", "3", "4", "5", "6"]);
    within("activity-date", "type", &["1", "2", "3", "4"]);
    within("participating-org", "role", &["1", "2", "3", "4"]);
    let organisation_types =
        ["10", "11", "15", "21", "22", "23", "24", "30", "40", "60", "70", "71", "72", "73", "80", "90"];
    within("participating-org", "type", &organisation_types);
    within("reporting-org", "type", &organisation_types);
    within("sector", "vocabulary", &["7", "8"]);
    within("tag", "vocabulary", &["2", "3"]);
    within("result", "type", &["1", "2", "3", "9"]);
    within("indicator", "measure", &["1", "2", "3", "4", "5"]);
    within("category", "code", &["A07", "A08", "A12"]);
    within("reference", "vocabulary", &["9"]);
    within("narrative", "xml:lang", &["en", "fr", "es"]);
    assert!(!xml.contains("<narrative>"), "{name}: every narrative names its language");
    for target in attribute_values(xml, "reference", "code") {
        let goal = target.split('.').next().unwrap_or_default().parse::<u8>().unwrap_or(0);
        assert!((1..=17).contains(&goal) && target.contains('.'), "{name}: reference to SDG target {target}");
    }
    // Each result has a baseline and at least one period, each period its start before its end.
    for result in xml.split("<result ").skip(1) {
        let result = &result[..result.find("</result>").unwrap()];
        assert!(result.contains("<baseline ") && result.contains("<period>"), "{name}: {result}");
        let starts = attribute_values(result, "period-start", "iso-date");
        let ends = attribute_values(result, "period-end", "iso-date");
        assert_eq!(starts.len(), ends.len());
        assert!(starts.iter().zip(&ends).all(|(start, end)| start <= end), "{name}: {starts:?} {ends:?}");
        assert!(starts.windows(2).all(|pair| pair[0] < pair[1]), "{name}: one period per year, in order");
    }
    let goals: Vec<String> = (1..=17).map(|g| g.to_string()).collect();
    let goals: Vec<&str> = goals.iter().map(String::as_str).collect();
    for activity in xml.split("<iati-activity ").skip(1) {
        // Within each vocabulary, sector percentages add up to 100.
        for vocabulary in ["7", "8"] {
            let sectors: Vec<&str> = activity
                .split("<sector ")
                .skip(1)
                .filter(|s| s.starts_with(&format!("vocabulary=\"{vocabulary}\"")))
                .collect();
            if sectors.is_empty() {
                continue;
            }
            let total: f64 = sectors
                .iter()
                .map(|s| attribute_values(&format!("<sector {s}"), "sector", "percentage")[0].parse::<f64>().unwrap())
                .sum();
            assert!((total - 100.0).abs() < 0.001, "{name}: vocabulary {vocabulary} sums to {total}");
        }
        for sector in activity.split("<sector ").skip(1).filter(|s| s.starts_with("vocabulary=\"7\"")) {
            let code = &attribute_values(&format!("<sector {sector}"), "sector", "code")[0];
            assert!(goals.contains(&code.as_str()), "{name}: SDG goal {code}");
        }
        for target in attribute_values(activity, "sector", "code").iter().filter(|c| c.contains('.')) {
            let goal = target.split('.').next().unwrap();
            assert!(goals.contains(&goal), "{name}: SDG target {target}");
        }
        let countries = attribute_values(activity, "recipient-country", "code");
        assert!(countries.iter().all(|c| c.len() == 2 && c.chars().all(|ch| ch.is_ascii_uppercase())), "{countries:?}");
    }
}

#[test]
fn the_iati_activities_of_every_demo_hub_and_a_scale_sample_validate_against_the_official_schema() {
    let app = demo_with_secrets();
    let document: OpenDataExport = app.anonymous().get("/api/v1/export/hubs").expect(200).parse();
    for exported in &document.hubs {
        let slug = &exported.hub.slug;
        let xml = app.anonymous().get(&format!("/api/v1/hubs/{slug}/iati.xml")).expect(200).text();
        assert!(xml.contains(&format!("<iati-identifier>XI-IATI-UCLG-{}</iati-identifier>", exported.hub.id)));
        assert_valid_iati(&app, slug, &xml);
    }
    let whole = app.anonymous().get("/api/v1/export/iati.xml").expect(200);
    assert_eq!(whole.header("content-type"), Some("application/xml"));
    let whole = whole.text();
    assert_no_secret("the IATI export", &whole);
    assert_eq!(whole.matches("<iati-activity ").count(), document.hubs.len());
    assert_valid_iati(&app, "network", &whole);
    // A hub that is not public is no one's open data, not even in IATI.
    let hidden = app.get("/api/v1/hubs?status=suspended&per_page=100").expect(200).json();
    let kazan = hidden["items"].as_array().unwrap().iter().find(|h| h["slug"] == "kazan-accessible-city").unwrap();
    assert!(!whole.contains(kazan["id"].as_str().unwrap()));

    // Generated hubs: every SDG, odd text, many partners.
    let scaled = TestApp::spawn();
    let (status, _, err) = scaled.l4a(&["seed", "--scale", "40"]);
    assert!(status.success(), "{err}");
    let xml = scaled.anonymous().get("/api/v1/export/iati.xml").expect(200).text();
    assert!(xml.matches("<iati-activity ").count() > 20);
    assert_valid_iati(&scaled, "scale", &xml);
    assert!(xml.contains("<dimension name=\"sex\" value=\"female\"/>"), "breakdowns as dimensions of an actual");
    assert!(xml.contains("Creative Commons Attribution 4.0 International"), "the licence, in a comment");
}

#[test]
fn the_configured_licence_and_publisher_are_the_ones_every_export_names() {
    let env = |pairs: &[(&str, &str)]| Options {
        env: pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
        demo: true,
        ..Options::default()
    };
    let app = TestApp::spawn_with(env(&[
        ("EXPORT_LICENCE_ID", "ODbL-1.0"),
        ("EXPORT_LICENCE_URL", "https://opendatacommons.org/licenses/odbl/1-0/"),
        ("IATI_PUBLISHER_PREFIX", "XM-DAC-99999"),
    ]));
    let document: OpenDataExport = app.anonymous().get("/api/v1/export/hubs").expect(200).parse();
    assert_eq!(document.licence.id, "ODbL-1.0");
    let first = &document.hubs[0].hub;
    let xml = app.anonymous().get(&format!("/api/v1/hubs/{}/iati.xml", first.id)).expect(200).text();
    assert!(xml.contains(&format!("<iati-identifier>XM-DAC-99999-{}</iati-identifier>", first.id)), "{xml}");
    assert!(xml.contains("<reporting-org ref=\"XM-DAC-99999\""));
    let record: SdgActionsRecord =
        app.anonymous().get(&format!("/api/v1/hubs/{}/sdg-actions.json", first.slug)).expect(200).parse();
    assert_eq!(record.licence, "ODbL-1.0");
    // The demo records what its hubs mobilise.
    let dakar: SdgActionsRecord =
        app.anonymous().get("/api/v1/hubs/dakar-urban-resilience-lab/sdg-actions.json").expect(200).parse();
    assert!(dakar.resources_mobilized.contains("hydrologist"), "{}", dakar.resources_mobilized);
    assert!(dakar.progress_report.is_none() && !dakar.deliverables.is_empty());
}

#[test]
fn the_sdg_actions_record_holds_the_smart_deliverables_resources_and_the_latest_approved_report() {
    let app = TestApp::spawn();
    let lead = crate::organisation(&app, "Ville de Grenoble", "local_government");
    let partner = crate::organisation(&app, "Université Grenoble Alpes", "academia");
    let resources = "Two full-time staff; 40,000 EUR from the city; meeting rooms in kind.";
    let hub = crate::hub_with(
        &lead,
        "Grenoble climate hub",
        json!({"slug": "grenoble", "status": "active", "partner_organisation_ids": [partner],
               "sdg_targets": ["11.3"], "resources": resources}),
    );
    assert_eq!(app.post_json("/api/v1/hubs", &hub).expect(201).json()["resources"], resources);
    let deliverable = json!({"title": "Heat map", "kind": "publication", "due_date": "2025-06-30"});
    app.post_json("/api/v1/hubs/grenoble/deliverables", &deliverable).expect(201);
    let indicator = json!({
        "name": "Trees planted", "dimension": "acceleration", "unit": "trees", "direction": "increase",
        "baseline_value": 0, "baseline_date": "2025-01-01", "target_value": 500, "target_date": "2026-12-31",
    });
    let indicator = app.post_json("/api/v1/hubs/grenoble/indicators", &indicator).expect(201).json();
    let measurement = json!({"value": 120, "measured_on": "2025-10-01"});
    app.post_json(&format!("/api/v1/indicators/{}/measurements", indicator["id"].as_str().unwrap()), &measurement)
        .expect(201);
    let report = |end: &str, achievements: &str| -> String {
        let body = json!({"period_start": "2025-01-01", "period_end": end, "achievements": achievements,
                          "challenges": "Funding.", "next_steps": "More trees."});
        app.post_json("/api/v1/hubs/grenoble/reports", &body).expect(201).json()["id"].as_str().unwrap().to_owned()
    };
    let (older, newer) = (report("2025-06-30", "First half."), report("2025-10-31", "Planted 120 trees."));
    for id in [&older, &newer] {
        app.post_json(&format!("/api/v1/reports/{id}/submit"), &json!({})).expect(200);
    }
    app.post_json(&format!("/api/v1/reports/{older}/approve"), &json!({})).expect(200);
    let record =
        || -> SdgActionsRecord { app.anonymous().get("/api/v1/hubs/grenoble/sdg-actions.json").expect(200).parse() };
    // Only approved reports count: the newer one is still waiting.
    assert_eq!(record().progress_report.unwrap().achievements, "First half.");
    app.post_json(&format!("/api/v1/reports/{newer}/approve"), &json!({})).expect(200);

    let record = record();
    assert_eq!((record.title.as_str(), record.lead_entity.as_str()), ("Grenoble climate hub", "Ville de Grenoble"));
    assert_eq!(record.lead_entity_type, "local_government");
    assert_eq!(record.partners, ["Université Grenoble Alpes"]);
    assert_eq!((record.goals.clone(), record.targets.clone()), (vec![11, 17], vec!["11.3".to_owned()]));
    assert_eq!(record.geographical_coverage, ["FR"]);
    assert_eq!(record.resources_mobilized, resources);
    assert_eq!(record.website, "http://127.0.0.1:8080/hubs/grenoble");
    let smart: Vec<(&str, String, &str, Option<bool>)> = record
        .deliverables
        .iter()
        .map(|d| (d.deliverable.as_str(), d.date.to_string(), d.measure.as_str(), d.on_track))
        .collect();
    // The heat map is past due and not delivered; 120 of 500 trees is behind the trajectory.
    assert_eq!(
        smart,
        [
            ("Heat map", "2025-06-30".to_owned(), "publication due 2025-06-30, planned", Some(false)),
            ("Trees planted: from 0 to 500 trees", "2026-12-31".to_owned(), "120 trees on 2025-10-01", Some(false)),
        ]
    );
    assert_eq!(record.progress_report.unwrap().achievements, "Planted 120 trees.");

    // The resources are a bounded text of the hub, like its other fields.
    let etag = app.get("/api/v1/hubs/grenoble").expect(200).header("etag").unwrap().to_owned();
    let long = json!({"resources": "x".repeat(5001)});
    let problem = app.patch_json("/api/v1/hubs/grenoble", &long, Some(&etag)).problem(422, "validation_failed");
    l4a_tests::assert_has_field_error(&problem, "resources", "length");
    // A hub the caller may not read has no record.
    app.anonymous().get("/api/v1/hubs/no-such-hub/sdg-actions.json").problem(404, "not_found");
}

#[test]
fn the_ndjson_export_streams_a_scale_network_with_flat_memory() {
    use l4a_tests::measure::memory_kb;
    let app = TestApp::spawn();
    let (status, _, err) = app.l4a(&["seed", "--scale", "600"]);
    assert!(status.success(), "{err}");
    // A first export opens what any first request opens (pooled connections and their caches,
    // blocking threads); the second shows whether streaming itself grows.
    let warm_up = reqwest::blocking::Client::new()
        .get(format!("{}/api/v1/export/hubs", app.url))
        .header("Accept", "application/x-ndjson")
        .send()
        .unwrap();
    assert!(!warm_up.bytes().unwrap().is_empty());
    let before = memory_kb(app.pid(), "VmRSS");
    let mut answer = reqwest::blocking::Client::new()
        .get(format!("{}/api/v1/export/hubs", app.url))
        .header("Accept", "application/x-ndjson")
        .send()
        .unwrap();
    assert_eq!(answer.status(), 200);
    let (mut read, mut lines, mut peak) = (0_usize, 0_usize, before);
    let mut chunk = vec![0; 256 * 1024];
    loop {
        let got = answer.read(&mut chunk).unwrap();
        if got == 0 {
            break;
        }
        read += got;
        lines += chunk[..got].iter().filter(|b| **b == b'\n').count();
        peak = peak.max(memory_kb(app.pid(), "VmRSS"));
    }
    let public = app.anonymous().get("/api/v1/hubs?per_page=1").expect(200).json()["total"].as_u64().unwrap();
    assert_eq!(lines as u64, public, "every public hub, one per line");
    let grown_kb = peak.saturating_sub(before);
    eprintln!("NDJSON: {} MB sent, the server grew by {} MB at most", read / 1_000_000, grown_kb / 1000);
    assert!(grown_kb * 1024 * 4 < read as u64, "the server grew by {grown_kb} KB for {read} bytes: not flat");
}
