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

/// Reads the `attribute="…"` values of `index.html` that start with `prefix`.
fn linked(index: &str, prefix: &str) -> String {
    index
        .split('"')
        .find(|value| value.starts_with(prefix))
        .unwrap_or_else(|| panic!("index.html links nothing under {prefix}: {index}"))
        .to_owned()
}

#[test]
fn the_binary_alone_serves_its_embedded_web_app_precompressed_with_hashed_names_cached_for_a_year() {
    use std::io::Read as _;
    // The binary, copied into a folder with nothing else in it, started there without STATIC_DIR.
    let folder = Scratch::new();
    let binary = folder.path().join("l4a");
    std::fs::copy(l4a_tests::l4a_binary(), &binary).unwrap();
    let mut server = std::process::Command::new(&binary)
        .arg("serve")
        .env_clear()
        .env("BIND", "127.0.0.1:0")
        .env("LOG_FORMAT", "json")
        .current_dir(folder.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = std::io::BufReader::new(server.stdout.take().unwrap());
    let mut line = String::new();
    std::io::BufRead::read_line(&mut stdout, &mut line).unwrap();
    let url = line.trim().strip_prefix("l4a listening on ").unwrap_or_else(|| panic!("{line}")).to_owned();
    let client = reqwest::blocking::Client::new();
    let get = |path: &str, encoding: &str| {
        let response = client.get(format!("{url}{path}")).header("accept-encoding", encoding).send().unwrap();
        let headers = response.headers().clone();
        (response.status().as_u16(), headers, response.bytes().unwrap().to_vec())
    };
    let header = |headers: &reqwest::header::HeaderMap, name: &str| {
        headers.get(name).map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default()
    };

    let (status, headers, body) = get("/", "identity");
    assert_eq!(status, 200);
    let index = String::from_utf8(body).unwrap();
    assert!(
        index.contains("<title>Local4Action HUBs</title>"),
        "the embedded web app (build it first: just build-web), not {index}"
    );
    assert_eq!(header(&headers, "cache-control"), "no-cache", "index.html is revalidated");
    let etag = header(&headers, "etag");
    let revalidated = client.get(format!("{url}/")).header("if-none-match", &etag).send().unwrap();
    assert_eq!(revalidated.status(), 304);
    let (_, _, route) = get("/hubs/eko-bil-avcilar", "identity");
    assert_eq!(String::from_utf8(route).unwrap(), index, "a client route is the page");

    let wasm = linked(&index, "/pkg/l4a_web_bg.");
    let script = linked(&index, "/pkg/l4a_web.");
    assert!(wasm.ends_with(".wasm") && script.ends_with(".js"), "{wasm} {script}");
    let (_, plain_headers, plain) = get(&wasm, "identity");
    assert_eq!(header(&plain_headers, "content-encoding"), "");
    assert_eq!(header(&plain_headers, "content-type"), "application/wasm");
    assert_eq!(header(&plain_headers, "cache-control"), "public, max-age=31536000, immutable");
    assert_eq!(&plain[..4], b"\0asm");
    let (_, gzip_headers, gzipped) = get(&wasm, "gzip, deflate");
    assert_eq!(header(&gzip_headers, "content-encoding"), "gzip");
    let mut unzipped = Vec::new();
    flate2::read::GzDecoder::new(gzipped.as_slice()).read_to_end(&mut unzipped).unwrap();
    assert_eq!(unzipped, plain);
    let (_, brotli_headers, brotlied) = get(&wasm, "gzip, deflate, br");
    assert_eq!(header(&brotli_headers, "content-encoding"), "br");
    assert_eq!(header(&brotli_headers, "vary"), "Accept-Encoding");
    let mut unbrotlied = Vec::new();
    brotli::Decompressor::new(brotlied.as_slice(), 4096).read_to_end(&mut unbrotlied).unwrap();
    assert_eq!(unbrotlied, plain);
    assert!(brotlied.len() < gzipped.len() && gzipped.len() < plain.len() / 2);
    let (_, script_headers, _) = get(&script, "br");
    assert!(header(&script_headers, "content-type").starts_with("text/javascript"));
    assert_eq!(header(&script_headers, "cache-control"), "public, max-age=31536000, immutable");

    // HEAD answers the headers alone, on the web app's files and on the API.
    let head = client.head(format!("{url}{wasm}")).header("accept-encoding", "br").send().unwrap();
    assert_eq!(head.status(), 200);
    assert_eq!(head.headers()["content-encoding"], "br");
    assert!(head.bytes().unwrap().is_empty());
    let head = client.head(format!("{url}/api/v1/hubs")).send().unwrap();
    assert_eq!(head.status(), 200);
    assert!(head.bytes().unwrap().is_empty());
    let (status, _, _) = get("/pkg/l4a_web.000000000000.js", "identity");
    assert_eq!(status, 404, "an old script's name is not the page");
    let _ = server.kill();
    let _ = server.wait();
    let left: Vec<String> = std::fs::read_dir(folder.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(left.iter().all(|name| name == "l4a" || name == "data"), "it needed nothing but itself: {left:?}");
}
