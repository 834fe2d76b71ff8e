//! Bad requests of every kind get a 4xx problem document, never a 500 and never plain text.

use l4a_tests::TestApp;

use crate::valid_hub;

#[test]
fn malformed_json_is_a_400_problem() {
    let app = TestApp::spawn();
    for body in ["{\"name\": ", "not json", "", "[1, 2"] {
        app.request("POST", "/api/v1/hubs", &[("content-type", "application/json")], Some(body.into()))
            .problem(400, "malformed_json");
    }
}

#[test]
fn a_body_that_is_not_json_is_a_415_problem() {
    let app = TestApp::spawn();
    let lead = crate::lead_organisation(&app);
    let body = valid_hub(&lead, "Wrong type").to_string().into_bytes();
    app.request("POST", "/api/v1/hubs", &[("content-type", "text/plain")], Some(body.clone()))
        .problem(415, "unsupported_media_type");
    app.request("POST", "/api/v1/hubs", &[], Some(body)).problem(415, "unsupported_media_type");
}

#[test]
fn a_json_body_with_charset_or_a_json_suffix_is_accepted() {
    let app = TestApp::spawn();
    let lead = crate::lead_organisation(&app);
    let body = valid_hub(&lead, "Charset").to_string().into_bytes();
    app.request("POST", "/api/v1/hubs", &[("content-type", "application/json; charset=utf-8")], Some(body)).expect(201);
}

#[test]
fn an_oversized_body_is_a_413_problem_and_nothing_is_stored() {
    let app = TestApp::spawn();
    let lead = crate::lead_organisation(&app);
    let mut hub = valid_hub(&lead, "Too big");
    hub["description"] = "x".repeat(300 * 1024).into();

    app.post_json("/api/v1/hubs", &hub).problem(413, "payload_too_large");

    assert_eq!(app.get("/api/v1/hubs").json()["total"], 0);
}

#[test]
fn a_body_over_the_configured_limit_is_refused_even_without_content_length() {
    let app = TestApp::spawn_with(l4a_tests::Options {
        env: vec![("MAX_BODY_BYTES".into(), "1024".into())],
        ..Default::default()
    });
    let lead = crate::lead_organisation(&app);
    let mut hub = valid_hub(&lead, "Chunked");
    hub["description"] = "y".repeat(2048).into();
    let body = hub.to_string().into_bytes();
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = body.chunks(256).map(|c| Ok(c.to_vec())).collect();
    let response = reqwest::blocking::Client::new()
        .post(format!("{}/api/v1/hubs", app.url))
        .header("content-type", "application/json")
        .bearer_auth(&app.admin_token)
        .body(reqwest::blocking::Body::new(ChunkReader(chunks.into_iter())))
        .send()
        .expect("request sent");
    assert_eq!(response.status().as_u16(), 413);
    assert_eq!(response.headers()["content-type"], "application/problem+json");
}

/// A body of unknown length, sent in chunks.
struct ChunkReader(std::vec::IntoIter<Result<Vec<u8>, std::io::Error>>);

impl std::io::Read for ChunkReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self.0.next() {
            Some(Ok(chunk)) => {
                buf[..chunk.len()].copy_from_slice(&chunk);
                Ok(chunk.len())
            }
            Some(Err(e)) => Err(e),
            None => Ok(0),
        }
    }
}

#[test]
fn bad_query_parameters_are_a_400_problem_naming_each() {
    let app = TestApp::spawn();
    let problem = app
        .get("/api/v1/hubs?page=zero&per_page=0&status=open&country=XX&sdg=18&sort=colour")
        .problem(400, "invalid_query");
    for (field, rule) in [
        ("page", "type"),
        ("per_page", "range"),
        ("status", "one_of"),
        ("country", "country_code"),
        ("sdg", "range"),
        ("sort", "one_of"),
    ] {
        l4a_tests::assert_has_field_error(&problem, field, rule);
    }
    l4a_tests::assert_has_field_error(&app.get("/api/v1/hubs?q=a%00b").problem(400, "invalid_query"), "q", "format");
    let long = "q".repeat(201);
    l4a_tests::assert_has_field_error(
        &app.get(&format!("/api/v1/hubs?q={long}")).problem(400, "invalid_query"),
        "q",
        "length",
    );
}

#[test]
fn a_malformed_if_match_is_a_400_problem() {
    let app = TestApp::spawn();
    let lead = crate::lead_organisation(&app);
    let hub = app.post_json("/api/v1/hubs", &valid_hub(&lead, "Header check")).expect(201).json();
    let path = format!("/api/v1/hubs/{}", hub["id"].as_str().unwrap());
    let problem = app.request("DELETE", &path, &[("if-match", "3")], None).problem(400, "invalid_header");
    l4a_tests::assert_has_field_error(&problem, "If-Match", "format");
}

#[test]
fn unknown_routes_are_404_and_methods_a_route_does_not_take_are_405_with_allow() {
    let app = TestApp::spawn();
    app.get("/api/v1/nothing-here").problem(404, "no_route");
    app.get("/api/v2/hubs").problem(404, "no_route");
    let put = app.request("PUT", "/api/v1/hubs", &[], None);
    put.problem(405, "method_not_allowed");
    assert_eq!(put.header("allow"), Some("GET, POST, HEAD"));
    let post =
        app.request("POST", "/api/v1/hubs/some-id", &[("content-type", "application/json")], Some(b"{}".to_vec()));
    post.problem(405, "method_not_allowed");
    assert_eq!(post.header("allow"), Some("GET, PATCH, DELETE, HEAD"));
    // Whoever asks: the route table answers before credentials are asked for.
    app.anonymous().request("DELETE", "/api/v1/sdgs", &[], None).problem(405, "method_not_allowed");
    app.anonymous().request("POST", "/healthz", &[], None).problem(405, "method_not_allowed");
}

#[test]
fn head_answers_like_get_without_a_body() {
    let app = TestApp::spawn();
    for path in ["/api/v1/hubs", "/api/v1/sdgs", "/healthz", "/readyz"] {
        let get = app.anonymous().get(path).expect(200);
        let head = app.anonymous().request("HEAD", path, &[], None).expect(200);
        assert!(head.body.is_empty(), "{path}: HEAD has no body");
        assert_eq!(head.header("content-type"), get.header("content-type"), "{path}");
    }
    app.anonymous().request("HEAD", "/api/v1/nothing-here", &[], None).expect(404);
}

#[test]
fn odd_path_segments_are_not_found_rather_than_errors() {
    let app = TestApp::spawn();
    for path in
        ["/api/v1/hubs/%00", "/api/v1/hubs/%E2%82%AC%20x", "/api/v1/hubs/'%20OR%201=1", "/api/v1/hubs/..%2F..%2Fetc"]
    {
        app.get(path).problem(404, "not_found");
    }
    // A NUL byte reaches no database as a key, whatever the resource.
    for resource in ["hubs", "organisations", "deliverables", "stakeholders", "indicators", "activities"] {
        app.get(&format!("/api/v1/{resource}/%00")).problem(404, "not_found");
    }
    app.get("/api/v1/hubs/%00/deliverables").problem(404, "not_found");
    for resource in ["hubs", "deliverables", "stakeholders", "indicators", "activities", "measurements", "connections"]
    {
        app.delete(&format!("/api/v1/{resource}/%00"), None).problem(404, "not_found");
    }
}
