//! Probes, request ids, the SDG taxonomy, the web app's hosting and graceful shutdown.

use l4a_shared::sdg::SdgGoal;
use l4a_tests::{Options, Scratch, TestApp};

#[test]
fn health_and_readiness_answer_ok() {
    let app = TestApp::spawn();
    assert_eq!(app.get("/healthz").expect(200).json()["status"], "ok");
    assert_eq!(app.get("/readyz").expect(200).json()["status"], "ok");
}

#[test]
fn every_response_carries_a_request_id_and_a_sane_client_id_is_kept() {
    let app = TestApp::spawn();
    let generated = app.get("/healthz");
    let id = generated.header("x-request-id").expect("a request id");
    assert!(uuid::Uuid::parse_str(id).is_ok(), "{id}");
    let problem = app.get("/api/v1/hubs/missing");
    assert!(problem.header("x-request-id").is_some(), "errors carry it too");

    let kept = app.request("GET", "/healthz", &[("x-request-id", "client-abc-123")], None);
    assert_eq!(kept.header("x-request-id"), Some("client-abc-123"));
    let replaced = app.request("GET", "/healthz", &[("x-request-id", &"x".repeat(200))], None);
    assert_ne!(replaced.header("x-request-id"), Some("x".repeat(200).as_str()));
}

#[test]
fn requests_are_logged_with_their_id() {
    let app = TestApp::spawn();
    let id = app.get("/api/v1/hubs").header("x-request-id").unwrap().to_owned();
    let line = app.log_line_containing(&id);
    let entry: serde_json::Value = serde_json::from_str(&line).expect("LOG_FORMAT=json writes JSON lines");
    assert_eq!(entry["status"], 200);
}

#[test]
fn the_sdg_taxonomy_has_17_goals_and_169_targets_in_three_languages() {
    let app = TestApp::spawn();
    let goals: Vec<SdgGoal> = app.get("/api/v1/sdgs").expect(200).parse();

    assert_eq!(goals.len(), 17);
    assert_eq!(goals.iter().map(|g| g.targets.len()).sum::<usize>(), 169);
    let cities = &goals[10];
    assert_eq!(cities.number, 11);
    assert_eq!(cities.short.en, "Sustainable cities and communities");
    assert_eq!(cities.short.fr, "Villes et communautés durables");
    assert_eq!(cities.short.es, "Ciudades y comunidades sostenibles");
    assert_eq!(cities.colour, "#FD9D24");
    assert!(
        goals
            .iter()
            .flat_map(|g| &g.targets)
            .all(|t| !t.title.en.is_empty() && !t.title.fr.is_empty() && !t.title.es.is_empty())
    );
}

fn fake_web_app() -> Scratch {
    let dir = Scratch::new();
    std::fs::write(dir.path().join("index.html"), "<!doctype html><title>spa</title><div id=app></div>").unwrap();
    std::fs::create_dir_all(dir.path().join("pkg")).unwrap();
    std::fs::write(dir.path().join("pkg/app.js"), "console.log('app')").unwrap();
    dir
}

#[test]
fn the_web_app_is_served_at_the_root_and_for_every_client_route() {
    let web = fake_web_app();
    let app = TestApp::spawn_with(Options { static_dir: Some(web.path().to_path_buf()), ..Default::default() });

    for path in ["/", "/hubs/eko-bil-avcilar", "/fr/anything/deep"] {
        let page = app.get(path).expect(200);
        assert!(page.text().contains("<title>spa</title>"), "{path} falls back to index.html");
        assert!(page.header("content-type").unwrap().starts_with("text/html"));
    }
    let script = app.get("/pkg/app.js").expect(200);
    assert_eq!(script.text(), "console.log('app')");
    assert_eq!(script.header("cache-control"), Some("no-cache"), "the app's files are revalidated");
    app.get("/api/v1/unknown").problem(404, "no_route");
    app.get("/api/unknown").problem(404, "no_route");
    app.request("POST", "/hubs/x", &[], None).problem(405, "method_not_allowed");
}

#[test]
fn without_a_built_web_app_the_root_explains_how_to_build_it() {
    let app = TestApp::spawn();
    let page = app.get("/").expect(200).text();
    assert!(page.contains("just build-web"), "{page}");
    app.get("/api/v1/unknown").problem(404, "no_route");
}

#[test]
fn sigterm_stops_the_server_gracefully() {
    let mut app = TestApp::spawn();
    app.get("/healthz").expect(200);
    let status = app.terminate();
    assert!(status.success(), "l4a exited with {status} after SIGTERM");
}

#[test]
fn responses_are_compressed_when_the_client_accepts_it() {
    let app = TestApp::spawn();
    let response = app.request("GET", "/api/v1/sdgs", &[("accept-encoding", "gzip")], None).expect(200);
    assert_eq!(response.header("content-encoding"), Some("gzip"));
}
