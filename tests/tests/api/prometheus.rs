//! `/metrics`: off the public listener unless a token opens it, on its own listener with
//! `METRICS_BIND`, and parsed here as Prometheus parses it.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use l4a_tests::receiver::Receiver;
use l4a_tests::{Options, TestApp};
use serde_json::json;

use crate::{hub_with, lead_organisation};

const TOKEN: &str = "a-long-random-metrics-token";

/// One sample of a scrape.
#[derive(Debug)]
struct Sample {
    metric: String,
    labels: BTreeMap<String, String>,
    value: f64,
}

/// Scrapes `url` and parses the whole answer with a Prometheus text-format parser (it refuses
/// anything it cannot read).
fn scrape(app: &TestApp, url: &str, token: Option<&str>) -> Vec<Sample> {
    let mut request = reqwest::blocking::Client::new().get(url);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().unwrap();
    assert_eq!(response.status(), 200, "scraping {url} of {}", app.url);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/plain; version=0.0.4"));
    // The format ignores empty lines; this parser does not accept them, so they go first.
    let text: String = response
        .text()
        .unwrap()
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| format!("{line}\n"))
        .collect();
    let (rest, families) = nom_openmetrics::parser::prometheus(&text).expect("the Prometheus text format");
    assert!(rest.trim().is_empty(), "unparsed: {rest}");
    families
        .iter()
        .flat_map(|family| &family.samples)
        .map(|sample| Sample {
            metric: sample.name().to_owned(),
            labels: sample.labels().iter().map(|l| (l.name.to_owned(), l.value.clone())).collect(),
            value: sample.number(),
        })
        .collect()
}

fn samples<'a>(scrape: &'a [Sample], metric: &str) -> Vec<&'a Sample> {
    scrape.iter().filter(|sample| sample.metric == metric).collect()
}

fn label<'a>(sample: &'a Sample, name: &str) -> Option<&'a str> {
    sample.labels.get(name).map(String::as_str)
}

fn routes(scrape: &[Sample]) -> BTreeSet<String> {
    samples(scrape, "l4a_http_requests_total").iter().filter_map(|s| label(s, "route").map(str::to_owned)).collect()
}

#[test]
fn without_a_token_or_a_listener_of_their_own_the_metrics_are_not_served() {
    let app = TestApp::spawn();
    app.anonymous().get("/metrics").problem(404, "no_route");
    app.get("/metrics").problem(404, "no_route");
}

#[test]
fn a_scrape_with_the_token_counts_requests_by_route_pattern_and_the_rest_of_the_service() {
    let app = TestApp::spawn_with(Options {
        env: vec![
            ("METRICS_TOKEN".into(), TOKEN.into()),
            ("AUTH_LIMIT_PER_ADDRESS".into(), "2".into()),
            ("WEBHOOK_ALLOW_HOSTS".into(), "127.0.0.1".into()),
            ("WEBHOOK_POLL_MILLIS".into(), "100".into()),
        ],
        ..Options::default()
    });
    app.anonymous().get("/metrics").problem(401, "unauthorized");
    app.anonymous().request("GET", "/metrics", &[("Authorization", "Bearer wrong")], None).problem(401, "unauthorized");
    let url = format!("{}/metrics", app.url);

    // Some traffic: hub reads that match a route, scans that match none, refused sign-ins, a webhook.
    let receiver = Receiver::start();
    let hook = json!({"url": format!("http://127.0.0.1:{}/", receiver.port), "events": ["hub.updated"]});
    app.post_json("/api/v1/webhooks", &hook).expect(201);
    let lead = lead_organisation(&app);
    app.post_json("/api/v1/hubs", &hub_with(&lead, "Measured hub", json!({"slug": "measured"}))).expect(201);
    app.patch_json("/api/v1/hubs/measured", &json!({"name": "Measured hub, renamed"}), None).expect(200);
    receiver.wait_for(1, Duration::from_secs(10));
    let before = routes(&scrape(&app, &url, Some(TOKEN)));
    for n in 0..25 {
        app.anonymous().get(&format!("/api/v1/hubs/missing-{n}")).expect(404);
        app.anonymous().get(&format!("/api/v1/scan-{n}/x")).expect(404);
        app.anonymous().get(&format!("/wp-admin/scan-{n}.php"));
    }
    let wrong = json!({"email": "nobody@example.org", "password": "not the password"});
    let refused = (0..3).filter(|_| app.anonymous().post_json("/api/v1/auth/login", &wrong).status == 429).count();
    assert_eq!(refused, 1, "two attempts per address, the third refused");
    std::thread::sleep(Duration::from_millis(300));

    let scraped = scrape(&app, &url, Some(TOKEN));
    let after = routes(&scraped);
    assert!(after.contains("/api/v1/hubs/{id}"), "{after:?}");
    assert!(after.contains("unmatched"), "{after:?}");
    assert!(after.len() <= before.len() + 3, "75 scanned paths make at most a few series: {before:?} then {after:?}");
    let missing = samples(&scraped, "l4a_http_requests_total")
        .into_iter()
        .find(|s| label(s, "route") == Some("/api/v1/hubs/{id}") && label(s, "status") == Some("404"))
        .expect("the hub reads that found nothing");
    assert!(missing.value >= 25.0);
    let buckets = samples(&scraped, "l4a_http_request_duration_seconds_bucket");
    assert!(
        buckets.iter().any(|s| label(s, "route") == Some("/api/v1/hubs/{id}")
            && label(s, "le") == Some("+Inf")
            && s.value >= 25.0),
        "latency is a histogram per route"
    );
    let refusals = samples(&scraped, "l4a_attempts_refused_total");
    assert_eq!(refusals.iter().map(|s| s.value).sum::<f64>(), 1.0);
    assert_eq!(label(refusals[0], "limit"), Some("address"));
    let delivered = samples(&scraped, "l4a_webhook_attempts_total");
    assert!(delivered.iter().any(|s| label(s, "outcome") == Some("delivered") && s.value >= 1.0));
    assert_eq!(samples(&scraped, "l4a_webhook_queue_depth")[0].value, 0.0);
    let pool: Vec<_> = samples(&scraped, "l4a_db_pool_connections");
    assert!(
        pool.iter().any(|s| label(s, "state") == Some("idle"))
            && pool.iter().any(|s| label(s, "state") == Some("in_use"))
    );
    assert!(!samples(&scraped, "l4a_db_pool_waiting").is_empty());
    let build = samples(&scraped, "l4a_build_info");
    assert_eq!(build.len(), 1);
    assert!(label(build[0], "version").is_some_and(|v| !v.is_empty()));
}

#[test]
fn metrics_bind_serves_them_on_a_listener_of_their_own_without_a_token() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let app = TestApp::spawn_with(Options {
        env: vec![("METRICS_BIND".into(), format!("127.0.0.1:{port}"))],
        ..Options::default()
    });
    app.get("/api/v1/hubs").expect(200);
    app.anonymous().get("/metrics").problem(404, "no_route");
    let scraped = scrape(&app, &format!("http://127.0.0.1:{port}/metrics"), None);
    assert!(routes(&scraped).contains("/api/v1/hubs"), "{:?}", routes(&scraped));
}
