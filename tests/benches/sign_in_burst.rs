//! H2's measurement: the server's memory and a catalogue read's latency while bursts of 250
//! parallel sign-ins hit it. Run with `just bench` (an optimised server, SQLite, demo data).
//!
//! Before the bound on password hashing, 250 parallel wrong sign-ins took the server from 82 MiB
//! to 4.6 GiB (kept after the burst) and a catalogue read from 1 ms to 12.5 s. The bar: memory
//! under 150 MB and a catalogue read under 100 ms.

#![expect(clippy::unwrap_used, reason = "a benchmark fails loudly by design")]

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use l4a_tests::measure::{memory_kb, percentile};
use l4a_tests::{Options, TestApp};
use serde_json::json;

const BURST: usize = 250;
const WAVES: usize = 4;

fn main() {
    let options = Options {
        demo: true,
        env: vec![
            // Every attempt reaches the password check: the limits are not what is measured here.
            ("AUTH_LIMIT_PER_ADDRESS".into(), "1000000".into()),
            ("AUTH_LIMIT_PER_ACCOUNT".into(), "1000000".into()),
            ("WORKERS".into(), "2".into()),
        ],
        ..Default::default()
    };
    let app = TestApp::spawn_with(options);
    let pid = app.pid();
    let client = reqwest::blocking::Client::builder().timeout(Duration::from_secs(60)).build().unwrap();
    let catalogue = format!("{}/api/v1/hubs?per_page=20", app.url);
    client.get(&catalogue).send().unwrap();
    let idle = memory_kb(pid, "VmRSS");
    println!("server (pid {pid}) idle after start: {} MB", idle / 1024);

    let mut statuses = std::collections::BTreeMap::<u16, usize>::new();
    let mut reads = Vec::new();
    for wave in 1..=WAVES {
        let running = AtomicBool::new(true);
        let started = Instant::now();
        let wave_statuses: Vec<u16> = std::thread::scope(|scope| {
            // A reader polls the catalogue throughout the burst.
            let reader = scope.spawn(|| {
                let mut latencies = Vec::new();
                while running.load(Ordering::Relaxed) {
                    let at = Instant::now();
                    let response = client.get(&catalogue).send().unwrap();
                    assert!(response.status().is_success());
                    latencies.push(at.elapsed());
                    std::thread::sleep(Duration::from_millis(20));
                }
                latencies
            });
            let attempts: Vec<_> = (0..BURST)
                .map(|n| {
                    let (client, url) = (&client, &app.url);
                    scope.spawn(move || {
                        let body = json!({"email": format!("guess-{n}@example.org"), "password": "a wrong password!"});
                        client.post(format!("{url}/api/v1/auth/login")).json(&body).send().unwrap().status().as_u16()
                    })
                })
                .collect();
            let statuses: Vec<u16> = attempts.into_iter().map(|a| a.join().unwrap()).collect();
            running.store(false, Ordering::Relaxed);
            reads.extend(reader.join().unwrap());
            statuses
        });
        for status in wave_statuses {
            *statuses.entry(status).or_default() += 1;
        }
        println!(
            "wave {wave}: {BURST} sign-ins in {:.2} s; server memory now {} MB, peak so far {} MB",
            started.elapsed().as_secs_f64(),
            memory_kb(pid, "VmRSS") / 1024,
            memory_kb(pid, "VmHWM") / 1024
        );
    }
    std::thread::sleep(Duration::from_secs(1));
    reads.sort_unstable();
    let after = memory_kb(pid, "VmRSS");
    let peak = memory_kb(pid, "VmHWM");
    println!("answers to {} sign-ins: {statuses:?} (401 checked and wrong, 503 over the bound)", BURST * WAVES);
    println!(
        "catalogue reads during the bursts: {} reads, median {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        reads.len(),
        percentile(&reads, 0.5).as_secs_f64() * 1000.0,
        percentile(&reads, 0.99).as_secs_f64() * 1000.0,
        reads.last().unwrap().as_secs_f64() * 1000.0
    );
    println!("server memory: idle {} MB, peak {} MB, after the bursts {} MB", idle / 1024, peak / 1024, after / 1024);
    let bar_memory = peak < 150 * 1024;
    let bar_latency = percentile(&reads, 0.99) < Duration::from_millis(100);
    println!(
        "bar (memory under 150 MB, catalogue read under 100 ms): {}",
        if bar_memory && bar_latency { "met" } else { "NOT met" }
    );
}
