//! Two instances on one database, each on its own port, as behind a load balancer: started at
//! the same moment on an empty database, they share every write, every session, every limit,
//! and deliver each webhook event once between them.

use std::collections::HashSet;
use std::time::Duration;

use l4a_tests::receiver::Receiver;
use l4a_tests::{Options, TestApp};
use serde_json::json;

use crate::{hub_with, lead_organisation};

#[test]
fn two_instances_started_together_share_writes_sessions_limits_and_webhook_deliveries() {
    let (app, other) = TestApp::spawn_pair(Options {
        env: vec![
            ("AUTH_LIMIT_PER_ADDRESS".into(), "4".into()),
            ("WEBHOOK_ALLOW_HOSTS".into(), "127.0.0.1".into()),
            ("WEBHOOK_POLL_MILLIS".into(), "20".into()),
        ],
        ..Options::default()
    });

    // A write through one is read at once through the other, at the same version.
    let lead = lead_organisation(&app);
    let here = app.get(&format!("/api/v1/organisations/{lead}")).expect(200);
    let there = app.admin().at(&other).get(&format!("/api/v1/organisations/{lead}")).expect(200);
    assert_eq!(here.json(), there.json());
    assert_eq!(here.header("etag"), there.header("etag"), "one version, one tag, whichever instance answers");

    // A refresh token rotated on one is refused, as reused, on the other.
    app.user_with("traveller@example.org", &["manager"], &[&lead]);
    let signed_in = app.login("traveller@example.org", "a long test password");
    let first = signed_in["refresh_token"].as_str().unwrap();
    let rotated =
        app.anonymous().post_json("/api/v1/auth/refresh", &json!({"refresh_token": first})).expect(200).json();
    let reused = app.anonymous().at(&other).post_json("/api/v1/auth/refresh", &json!({"refresh_token": first}));
    assert!(reused.problem(401, "unauthorized")["detail"].as_str().unwrap().contains("already used"));
    let second = rotated["refresh_token"].as_str().unwrap();
    app.anonymous()
        .at(&other)
        .post_json("/api/v1/auth/refresh", &json!({"refresh_token": second}))
        .problem(401, "unauthorized");

    // The sign-in limit counts the attempts made on both: four per address, wherever they land.
    let wrong = json!({"email": "traveller@example.org", "password": "not the password"});
    let from = "127.0.0.7";
    let statuses: Vec<u16> = (0..6)
        .map(|n| {
            let caller = app.anonymous_from(from);
            let caller = if n % 2 == 0 { caller } else { caller.at(&other) };
            caller.post_json("/api/v1/auth/login", &wrong).status
        })
        .collect();
    let refused = statuses.iter().filter(|&&status| status == 429).count();
    assert_eq!(statuses.iter().filter(|&&status| status == 401).count(), 4, "{statuses:?}");
    assert_eq!(refused, 2, "{statuses:?}");

    // Each webhook event is delivered once, though both instances deliver.
    let receiver = Receiver::start();
    let hook = json!({"url": format!("http://127.0.0.1:{}/", receiver.port), "events": ["hub.updated"]});
    app.post_json("/api/v1/webhooks", &hook).expect(201);
    app.post_json("/api/v1/hubs", &hub_with(&lead, "Shared hub", json!({"slug": "shared"}))).expect(201);
    let renames = 30;
    for n in 0..renames {
        let caller = if n % 2 == 0 { app.admin() } else { app.admin().at(&other) };
        caller.patch_json("/api/v1/hubs/shared", &json!({"name": format!("Shared hub {n}")}), None).expect(200);
    }
    let received = receiver.wait_for(renames, Duration::from_secs(30));
    std::thread::sleep(Duration::from_secs(1));
    let received = receiver.received().len().max(received.len());
    let ids: HashSet<String> = receiver.received().iter().map(|r| r.header("webhook-id").unwrap().to_owned()).collect();
    assert_eq!(ids.len(), renames, "every event arrived");
    assert_eq!(received, renames, "and none twice");
    let names: Vec<String> = receiver
        .received()
        .iter()
        .map(|r| r.json()["data"]["data"]["slug"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert!(names.iter().all(|slug| slug == "shared"));
    let order: Vec<String> = receiver.received().iter().map(|r| r.header("webhook-id").unwrap().to_owned()).collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted, "in the order the events happened");
    assert!(other.log().contains("listening"), "the second instance served");
}

/// Three wrong sign-ins, each claiming to come from `forwarded`; the statuses.
fn guesses(app: &TestApp, forwarded: &[&str]) -> Vec<u16> {
    let wrong = json!({"email": "nobody@example.org", "password": "not the password"}).to_string().into_bytes();
    forwarded
        .iter()
        .map(|address| {
            let headers = [("X-Forwarded-For", *address), ("Content-Type", "application/json")];
            app.anonymous().request("POST", "/api/v1/auth/login", &headers, Some(wrong.clone())).status
        })
        .collect()
}

#[test]
fn behind_a_trusted_proxy_each_client_has_its_own_limit_and_a_spoofed_header_changes_nothing() {
    let limit = ("AUTH_LIMIT_PER_ADDRESS".to_owned(), "2".to_owned());
    // Straight from the client, X-Forwarded-For is the client's own words: ignored.
    let direct = TestApp::spawn_with(Options { env: vec![limit.clone()], ..Options::default() });
    assert_eq!(guesses(&direct, &["203.0.113.1", "203.0.113.2", "203.0.113.3"]), [401, 401, 429]);
    // Behind a proxy the server trusts, the address the proxy appended is the client's; what the
    // client wrote before it is not.
    let proxied = TestApp::spawn_with(Options {
        env: vec![limit, ("TRUSTED_PROXIES".into(), "127.0.0.0/8, ::1".into())],
        ..Options::default()
    });
    assert_eq!(guesses(&proxied, &["203.0.113.1", "203.0.113.1", "203.0.113.1"]), [401, 401, 429]);
    assert_eq!(guesses(&proxied, &["203.0.113.2"]), [401], "another client has its own count");
    assert_eq!(
        guesses(&proxied, &["198.51.100.9, 203.0.113.1", "198.51.100.10, 203.0.113.1"]),
        [429, 429],
        "an address the client put first does not escape its limit"
    );
    let (status, _, stderr) = direct.l4a(&["serve", "--trusted-proxies", "not-an-address"]);
    assert!(!status.success());
    assert!(stderr.contains("TRUSTED_PROXIES"), "{stderr}");
}
