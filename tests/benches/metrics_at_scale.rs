//! The dashboards' budgets, measured on the scale network (`l4a seed --scale`, 10,000 hubs by
//! default, `SCALE_HUBS` to change) against an optimised server, on the backend `L4A_TEST_BACKEND`
//! names. Run with `just bench-metrics` (both backends).
//!
//! The bars (issue 11): loading the network in under 2 min on SQLite and 4 on PostgreSQL;
//! `metrics/summary` p99 ≤ 100 ms under 64 concurrent clients; `metrics/hubs?format=csv` for every
//! hub in ≤ 2 s with the server's memory growing by less than 20 MB; `metrics/observations` at
//! 10,000 rows a page in ≤ 1 s.

#![expect(clippy::unwrap_used, reason = "a benchmark fails loudly by design")]

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use l4a_tests::measure::{memory_kb, percentile};
use l4a_tests::{Options, TestApp};
use serde_json::json;

const CLIENTS: usize = 64;

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

fn main() {
    let hubs: usize = std::env::var("SCALE_HUBS").ok().and_then(|n| n.parse().ok()).unwrap_or(10_000);
    // Each of the 64 clients sends this many summaries in a row (`SUMMARIES_PER_CLIENT`, default 8).
    let per_client: usize = std::env::var("SUMMARIES_PER_CLIENT").ok().and_then(|n| n.parse().ok()).unwrap_or(8);
    let backend = std::env::var("L4A_TEST_BACKEND").unwrap_or_else(|_| "sqlite".into());
    let app = TestApp::spawn_with(Options { env: vec![("WORKERS".into(), "2".into())], ..Default::default() });
    let started = Instant::now();
    let (status, out, err) = app.l4a(&["seed", "--scale", &hubs.to_string()]);
    assert!(status.success(), "{out}{err}");
    let load = started.elapsed();
    println!("{backend}: loaded {hubs} hubs in {:.1} s: {}", load.as_secs_f64(), out.trim());

    let key = app
        .post_json("/api/v1/api-keys", &json!({"name": "Benchmark dashboard", "scopes": ["read:metrics"]}))
        .expect(201)
        .json()["secret"]
        .as_str()
        .unwrap()
        .to_owned();
    let client = reqwest::blocking::Client::builder().timeout(Duration::from_secs(120)).build().unwrap();
    let failures = AtomicU64::new(0);
    let get = |path: &str| {
        let at = Instant::now();
        let response = client.get(format!("{}{path}", app.url)).header("X-API-Key", &key).send().unwrap();
        // A refusal (a 503 when requests queue past the deadline) is counted, not fatal, so that
        // every budget is reported.
        if !response.status().is_success() {
            eprintln!("{path}: {}", response.status());
            failures.fetch_add(1, Ordering::Relaxed);
        }
        let body = response.bytes().unwrap();
        (at.elapsed(), body.len())
    };

    // The summary, first alone (cold), then under 64 concurrent clients.
    let (cold, _) = get("/api/v1/metrics/summary");
    let mut latencies: Vec<Duration> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..CLIENTS)
            .map(|_| scope.spawn(|| (0..per_client).map(|_| get("/api/v1/metrics/summary").0).collect::<Vec<_>>()))
            .collect();
        workers.into_iter().flat_map(|w| w.join().unwrap()).collect()
    });
    latencies.sort_unstable();
    let summary_p99 = percentile(&latencies, 0.99);
    println!(
        "{backend}: metrics/summary alone {:.0} ms; {} requests from {CLIENTS} clients ({} refused): median {:.0} ms, p99 {:.0} ms",
        ms(cold),
        latencies.len(),
        failures.load(Ordering::Relaxed),
        ms(percentile(&latencies, 0.5)),
        ms(summary_p99)
    );

    // Every hub as CSV, then the open-data export as NDJSON, sampling the server's memory while
    // each answers.
    let pid = app.pid();
    let sampled = |work: &dyn Fn() -> (Duration, usize)| {
        let before = memory_kb(pid, "VmRSS");
        let (running, peak) = (AtomicBool::new(true), AtomicU64::new(before));
        let answer = std::thread::scope(|scope| {
            scope.spawn(|| {
                while running.load(Ordering::Relaxed) {
                    peak.fetch_max(memory_kb(pid, "VmRSS"), Ordering::Relaxed);
                    std::thread::sleep(Duration::from_millis(5));
                }
            });
            let answer = work();
            running.store(false, Ordering::Relaxed);
            answer
        });
        (answer, before, (peak.load(Ordering::Relaxed).saturating_sub(before)) as f64 / 1024.0)
    };
    let ((csv_time, csv_bytes), before, growth_mb) = sampled(&|| get("/api/v1/metrics/hubs?format=csv"));
    println!(
        "{backend}: metrics/hubs?format=csv ({csv_bytes} bytes) in {:.0} ms; server memory {} MB before, grew by {growth_mb:.1} MB",
        ms(csv_time),
        before / 1024
    );
    let ((ndjson_time, ndjson_bytes), before, ndjson_growth_mb) = sampled(&|| {
        let at = Instant::now();
        let response = client
            .get(format!("{}/api/v1/export/hubs", app.url))
            .header("Accept", "application/x-ndjson")
            .timeout(Duration::from_secs(600))
            .send()
            .unwrap();
        assert!(response.status().is_success(), "export/hubs: {}", response.status());
        let body = response.bytes().unwrap();
        (at.elapsed(), body.len())
    });
    println!(
        "{backend}: export/hubs as NDJSON ({} MB) in {:.1} s; server memory {} MB before, grew by {ndjson_growth_mb:.1} MB",
        ndjson_bytes / 1_000_000,
        ndjson_time.as_secs_f64(),
        before / 1024
    );

    // The observations at 10,000 rows a page: the first page and one deep in the feed.
    let (first, _) = get("/api/v1/metrics/observations?per_page=10000");
    let page: serde_json::Value = client
        .get(format!("{}/api/v1/metrics/observations?per_page=10000", app.url))
        .header("X-API-Key", &key)
        .send()
        .unwrap()
        .json()
        .unwrap();
    let cursor = page["next_cursor"].as_str().unwrap().to_owned();
    let (next, _) = get(&format!("/api/v1/metrics/observations?per_page=10000&cursor={cursor}"));
    println!(
        "{backend}: metrics/observations, 10,000 rows: first page {:.0} ms, next page {:.0} ms",
        ms(first),
        ms(next)
    );

    let load_bar = Duration::from_secs(if backend == "postgres" { 240 } else { 120 });
    let bars = [
        ("load", load <= load_bar),
        (
            "summary p99 ≤ 100 ms, none refused",
            summary_p99 <= Duration::from_millis(100) && failures.load(Ordering::Relaxed) == 0,
        ),
        ("hubs CSV ≤ 2 s", csv_time <= Duration::from_secs(2)),
        ("hubs CSV memory < 20 MB", growth_mb < 20.0),
        ("open-data NDJSON memory < 20 MB", ndjson_growth_mb < 20.0),
        ("observations ≤ 1 s", first.max(next) <= Duration::from_secs(1)),
    ];
    for (bar, met) in bars {
        println!("{backend}: bar {bar}: {}", if met { "met" } else { "NOT met" });
    }
}
