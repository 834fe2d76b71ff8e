//! Webhooks: a real receiver on a local port gets every event, signed as Standard Webhooks says
//! (checked with the specification's own Rust library), in order, through retries and a server
//! restart; 410 disables, the allow-list and the address check decide what may be reached, and
//! managers follow only their organisations' events.

use std::time::{Duration, Instant};

use l4a_tests::receiver::{Answer, Received, Receiver};
use l4a_tests::{Options, TestApp};
use serde_json::{Value, json};

use crate::{hub_with, lead_organisation, organisation};

/// A server that delivers to 127.0.0.1 (the allow-list) quickly: polled every 100 ms, retried
/// after 1 s then 2 s, given up after three attempts.
fn app_delivering() -> TestApp {
    TestApp::spawn_with(Options {
        env: vec![
            ("WEBHOOK_ALLOW_HOSTS".into(), "127.0.0.1".into()),
            ("WEBHOOK_RETRY_SECONDS".into(), "1,2".into()),
            ("WEBHOOK_POLL_MILLIS".into(), "100".into()),
        ],
        ..Options::default()
    })
}

fn subscribe(app: &TestApp, receiver: &Receiver, events: &[&str]) -> (String, String) {
    let body = json!({"url": format!("http://127.0.0.1:{}/hooks", receiver.port), "events": events, "description": "test receiver"});
    let created = app.post_json("/api/v1/webhooks", &body).expect(201).json();
    (created["webhook"]["id"].as_str().unwrap().to_owned(), created["secret"].as_str().unwrap().to_owned())
}

/// Verifies a delivery's signature with the Standard Webhooks reference library.
fn verify(secret: &str, received: &Received) -> Result<(), String> {
    let mut headers = http::HeaderMap::new();
    for (name, value) in &received.headers {
        headers.append(
            http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
            http::HeaderValue::from_str(value).unwrap(),
        );
    }
    let webhook = standardwebhooks::Webhook::new(secret).map_err(|e| format!("{e:?}"))?;
    webhook.verify(&received.body, &headers).map_err(|e| format!("{e:?}"))
}

fn deliveries(app: &TestApp, webhook: &str) -> Vec<Value> {
    app.get(&format!("/api/v1/webhooks/{webhook}/deliveries?per_page=100")).expect(200).json()["items"]
        .as_array()
        .unwrap()
        .clone()
}

/// Waits until `check` holds of the webhook's deliveries (newest first).
fn wait_for_deliveries(app: &TestApp, webhook: &str, what: &str, check: impl Fn(&[Value]) -> bool) -> Vec<Value> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let found = deliveries(app, webhook);
        if check(&found) {
            return found;
        }
        assert!(Instant::now() < deadline, "{what}: the deliveries are {found:#?}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn rename_hub(app: &TestApp, slug: &str, name: &str) {
    app.patch_json(&format!("/api/v1/hubs/{slug}"), &json!({"name": name}), None).expect(200);
}

#[test]
fn a_receiver_gets_every_event_signed_and_in_order_through_retries_and_a_restart() {
    let mut app = app_delivering();
    let receiver = Receiver::start();
    // The first event fails twice: the second event waits behind it, as order demands.
    receiver.script([Answer::status(500), Answer::status(503)]);
    let (webhook, secret) = subscribe(&app, &receiver, &["hub.updated", "deliverable.delivered"]);
    let lead = lead_organisation(&app);
    app.post_json("/api/v1/hubs", &hub_with(&lead, "Hooked hub", json!({"slug": "hooked"}))).expect(201);
    rename_hub(&app, "hooked", "Hooked hub, renamed");
    rename_hub(&app, "hooked", "Hooked hub, renamed again");

    // The first attempt fails; the server is killed before the retry is due, and restarted.
    receiver.wait_for(1, Duration::from_secs(10));
    wait_for_deliveries(&app, &webhook, "the first attempt is recorded", |d| {
        d.iter().any(|d| d["attempts"].as_array().is_some_and(|a| a.len() == 1))
    });
    app.kill();
    app.restart();
    let deliverable = json!({"title": "Toolkit", "kind": "publication", "due_date": "2025-06-30", "status": "delivered", "delivered_on": "2025-06-01"});
    app.post_json("/api/v1/hubs/hooked/deliverables", &deliverable).expect(201);

    let received = receiver.wait_for(5, Duration::from_secs(20));
    std::thread::sleep(Duration::from_millis(500));
    let received = if receiver.received().len() > received.len() { receiver.received() } else { received };
    assert_eq!(received.len(), 5, "two failures, then three deliveries, nothing twice: {received:#?}");
    for delivery in &received {
        verify(&secret, delivery).unwrap_or_else(|e| panic!("a signature does not verify: {e}"));
        let body = delivery.json();
        assert_eq!(delivery.header("webhook-id"), body["data"]["id"].as_str(), "webhook-id is the event's id");
        assert_eq!(delivery.header("content-type"), Some("application/json"));
        assert_eq!(delivery.path, "/hooks");
    }
    let kinds: Vec<String> = received.iter().map(|r| r.json()["type"].as_str().unwrap().to_owned()).collect();
    assert_eq!(kinds, ["hub.updated", "hub.updated", "hub.updated", "hub.updated", "deliverable.delivered"]);
    let ids: Vec<&str> = received.iter().map(|r| r.header("webhook-id").unwrap()).collect();
    assert!(ids[0] == ids[1] && ids[1] == ids[2], "the first event is retried under its id: {ids:?}");
    assert!(ids[2] < ids[3] && ids[3] < ids[4], "the events arrive in the order they happened: {ids:?}");
    assert_eq!(received[4].json()["data"]["hub_id"], received[0].json()["data"]["hub_id"]);

    // The log shows every attempt, with the answer's status and its start.
    let log = wait_for_deliveries(&app, &webhook, "all delivered", |d| {
        d.len() == 3 && d.iter().all(|d| d["state"] == "succeeded")
    });
    let first = log.last().unwrap();
    let statuses: Vec<&Value> = first["attempts"].as_array().unwrap().iter().map(|a| &a["response_status"]).collect();
    assert_eq!(statuses, [&json!(500), &json!(503), &json!(204)]);
    assert_eq!(first["attempts"][0]["response_excerpt"], "answer 500");
    assert_eq!(first["attempts"][0]["error"], "the receiver answered 500");
    assert_eq!(first["attempts"][2]["error"], Value::Null);
    assert_eq!(first["next_attempt_at"], Value::Null);
}

#[test]
fn a_rotated_secret_signs_beside_the_old_one_and_a_redelivery_keeps_the_event_s_id() {
    let app = app_delivering();
    let receiver = Receiver::start();
    let (webhook, old_secret) = subscribe(&app, &receiver, &["hub.updated"]);
    let lead = lead_organisation(&app);
    app.post_json("/api/v1/hubs", &hub_with(&lead, "Rotating hub", json!({"slug": "rotating"}))).expect(201);
    rename_hub(&app, "rotating", "Before the rotation");
    let before = receiver.wait_for(1, Duration::from_secs(10));
    assert_eq!(before[0].header("webhook-signature").unwrap().split(' ').count(), 1);

    let rotated = app.post_json(&format!("/api/v1/webhooks/{webhook}/rotate-secret"), &json!({})).expect(200).json();
    let new_secret = rotated["secret"].as_str().unwrap();
    assert!(new_secret.starts_with("whsec_") && new_secret != old_secret);
    assert!(rotated["webhook"]["previous_secret_until"].is_string());
    assert!(rotated["webhook"].get("secret").is_none(), "a subscription never shows its secret");
    rename_hub(&app, "rotating", "After the rotation");
    let after = receiver.wait_for(2, Duration::from_secs(10));
    assert_eq!(
        after[1].header("webhook-signature").unwrap().split(' ').count(),
        2,
        "both signatures during a rotation"
    );
    verify(new_secret, &after[1]).expect("the new secret verifies");
    verify(&old_secret, &after[1]).expect("the old secret still verifies");
    assert!(
        verify(&old_secret, &Received { body: b"{}".to_vec(), ..after[1].clone() }).is_err(),
        "a changed body does not"
    );

    // Redelivering sends the same event again, under the same id, signed with today's secrets.
    let log = wait_for_deliveries(&app, &webhook, "both delivered", |d| {
        d.len() == 2 && d.iter().all(|d| d["state"] == "succeeded")
    });
    let first = log.last().unwrap();
    let path = format!("/api/v1/webhooks/{webhook}/deliveries/{}/redeliver", first["id"].as_str().unwrap());
    let queued = app.post_json(&path, &json!({})).expect(202).json();
    assert_eq!(queued["event_id"], first["event_id"]);
    assert_eq!(queued["state"], "pending");
    let again = receiver.wait_for(3, Duration::from_secs(10));
    assert_eq!(again[2].header("webhook-id"), before[0].header("webhook-id"));
    verify(new_secret, &again[2]).expect("a redelivery is signed");
    app.post_json(&format!("/api/v1/webhooks/{webhook}/deliveries/nope/redeliver"), &json!({}))
        .problem(404, "not_found");
}

#[test]
fn a_gone_receiver_disables_its_webhook_and_failures_end_after_the_schedule() {
    let app = app_delivering();
    let gone = Receiver::start();
    gone.script([Answer::status(410)]);
    let (gone_hook, _) = subscribe(&app, &gone, &["hub.updated"]);
    let failing = Receiver::start();
    // Redirects are not followed, and only the start of a long answer is kept.
    let long = "x".repeat(5000);
    failing.script([
        Answer { status: 500, headers: Vec::new(), body: long },
        Answer {
            status: 302,
            headers: vec![("Location".into(), format!("http://127.0.0.1:{}/elsewhere", gone.port))],
            body: String::new(),
        },
        Answer::status(500),
    ]);
    let (failing_hook, _) = subscribe(&app, &failing, &["hub.updated"]);
    let lead = lead_organisation(&app);
    app.post_json("/api/v1/hubs", &hub_with(&lead, "Gone hub", json!({"slug": "gone"}))).expect(201);
    rename_hub(&app, "gone", "Once");

    wait_for_deliveries(&app, &gone_hook, "410 gives up", |d| d.len() == 1 && d[0]["state"] == "failed");
    let disabled = app.get(&format!("/api/v1/webhooks/{gone_hook}")).expect(200).json();
    assert_eq!(disabled["state"], "disabled");
    assert!(disabled["disabled_reason"].as_str().unwrap().contains("410"));
    let failed = wait_for_deliveries(&app, &failing_hook, "three attempts then failed", |d| {
        d.len() == 1 && d[0]["state"] == "failed"
    });
    let attempts = failed[0]["attempts"].as_array().unwrap();
    assert_eq!(attempts.len(), 3, "the first attempt and the two retries of the schedule");
    assert_eq!(attempts[0]["response_excerpt"].as_str().unwrap().len(), 1024);
    assert_eq!(attempts[1]["response_status"], 302);
    assert_eq!(gone.received().len(), 1, "the redirect was not followed");

    // A disabled webhook is not queued for; switched on again, it is.
    rename_hub(&app, "gone", "Twice");
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(deliveries(&app, &gone_hook).len(), 1);
    let enabled =
        app.patch_json(&format!("/api/v1/webhooks/{gone_hook}"), &json!({"state": "active"}), None).expect(200).json();
    assert_eq!(enabled["disabled_reason"], Value::Null);
    rename_hub(&app, "gone", "Thrice");
    gone.wait_for(2, Duration::from_secs(10));
}

#[test]
fn only_public_addresses_are_reached_unless_the_allow_list_names_the_host() {
    let app = app_delivering();
    for url in [
        "http://10.0.0.1/x",
        "http://169.254.169.254/latest",
        "http://[::1]:8080/",
        "http://100.64.1.1/",
        "ftp://example.org",
    ] {
        let problem = app
            .post_json("/api/v1/webhooks", &json!({"url": url, "events": ["hub.updated"]}))
            .problem(422, "validation_failed");
        l4a_tests::assert_has_field_error(&problem, "url", "format");
    }
    // `localhost` is a name: it passes creation, and is refused when it resolves to loopback.
    let receiver = Receiver::start();
    let body = json!({"url": format!("http://localhost:{}/hooks", receiver.port), "events": ["hub.updated"]});
    let hook =
        app.post_json("/api/v1/webhooks", &body).expect(201).json()["webhook"]["id"].as_str().unwrap().to_owned();
    let lead = lead_organisation(&app);
    app.post_json("/api/v1/hubs", &hub_with(&lead, "Private hub", json!({"slug": "private"}))).expect(201);
    rename_hub(&app, "private", "Renamed");
    let log = wait_for_deliveries(&app, &hook, "a refused attempt", |d| {
        d.first().is_some_and(|d| !d["attempts"].as_array().unwrap().is_empty())
    });
    let attempt = &log[0]["attempts"][0];
    assert_eq!(attempt["response_status"], Value::Null);
    assert!(attempt["error"].as_str().unwrap().contains("no public address"), "{attempt}");
    std::thread::sleep(Duration::from_millis(300));
    assert!(receiver.received().is_empty(), "nothing reached the loopback receiver");
}

#[test]
fn managers_follow_their_own_organisations_events_and_see_only_their_webhooks() {
    let app = app_delivering();
    let ours = lead_organisation(&app);
    let theirs = organisation(&app, "City of Elsewhere", "local_government");
    let (_, manager) = app.user_with("manager@example.org", &["manager"], &[&ours]);
    let manager = app.bearer(&manager);
    let receiver = Receiver::start();
    let url = format!("http://127.0.0.1:{}/ours", receiver.port);

    // Every event is the Secretariat's; a manager names their organisation.
    manager.post_json("/api/v1/webhooks", &json!({"url": url, "events": ["hub.updated"]})).problem(403, "forbidden");
    manager
        .post_json("/api/v1/webhooks", &json!({"url": url, "events": ["hub.updated"], "organisation_id": theirs}))
        .problem(403, "forbidden");
    let problem = manager
        .post_json(
            "/api/v1/webhooks",
            &json!({"url": url, "events": ["proposal.review_submitted"], "organisation_id": ours}),
        )
        .problem(422, "validation_failed");
    l4a_tests::assert_has_field_error(&problem, "events[0]", "one_of");
    let created = manager
        .post_json("/api/v1/webhooks", &json!({"url": url, "events": ["hub.updated"], "organisation_id": ours}))
        .expect(201)
        .json();
    let hook = created["webhook"]["id"].as_str().unwrap().to_owned();
    let admins = Receiver::start();
    let (admin_hook, _) = subscribe(&app, &admins, &["hub.updated"]);

    // The manager sees their webhook only; another's is not there.
    let listed = manager.get("/api/v1/webhooks").expect(200).json();
    assert_eq!(listed["total"], 1);
    assert_eq!(listed["items"][0]["id"], hook.as_str());
    manager.get(&format!("/api/v1/webhooks/{admin_hook}")).problem(404, "not_found");
    manager.get(&format!("/api/v1/webhooks/{admin_hook}/deliveries")).problem(404, "not_found");
    manager.delete(&format!("/api/v1/webhooks/{admin_hook}"), None).problem(404, "not_found");
    assert_eq!(app.get("/api/v1/webhooks").expect(200).json()["total"], 2, "the Secretariat sees both");

    // Events of another organisation's hub reach the Secretariat's webhook, not the manager's.
    app.post_json("/api/v1/hubs", &hub_with(&theirs, "Their hub", json!({"slug": "theirs"}))).expect(201);
    app.post_json("/api/v1/hubs", &hub_with(&ours, "Our hub", json!({"slug": "ours"}))).expect(201);
    rename_hub(&app, "theirs", "Their hub, renamed");
    rename_hub(&app, "ours", "Our hub, renamed");
    let seen_by_admins = admins.wait_for(2, Duration::from_secs(10));
    let ours_received = receiver.wait_for(1, Duration::from_secs(10));
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(receiver.received().len(), 1, "only our hub's event");
    assert_eq!(ours_received[0].json()["data"]["hub_id"], seen_by_admins[1].json()["data"]["hub_id"]);

    // A manager who leaves the organisation stops receiving its events.
    let manager_id = app.get("/api/v1/users?q=manager%40example.org").expect(200).json()["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.patch_json(&format!("/api/v1/users/{manager_id}"), &json!({"organisation_ids": []}), None).expect(200);
    rename_hub(&app, "ours", "Our hub, renamed again");
    admins.wait_for(3, Duration::from_secs(10));
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(receiver.received().len(), 1, "no event for a subscription whose owner left");

    // An API key manages no webhooks.
    let key = app
        .post_json("/api/v1/api-keys", &json!({"name": "integration", "scopes": ["read"], "organisation_id": ours}))
        .expect(201)
        .json()["secret"]
        .as_str()
        .unwrap()
        .to_owned();
    app.api_key(&key).get("/api/v1/webhooks").problem(403, "forbidden");
}

#[test]
fn the_demo_shows_webhooks_with_a_delivery_history_and_queues_nothing() {
    let app = TestApp::spawn_with(Options { demo: true, ..Options::default() });
    let listed = app.get("/api/v1/webhooks").expect(200).json();
    let hooks = listed["items"].as_array().unwrap();
    assert_eq!(hooks.len(), 2, "{listed:#}");
    let retired = hooks.iter().find(|h| h["state"] == "disabled").expect("one answered 410");
    assert!(retired["disabled_reason"].as_str().unwrap().contains("410"));
    assert!(retired["organisation_id"].is_string(), "a manager's subscription");
    let mut states = Vec::new();
    for hook in hooks {
        let log = deliveries(&app, hook["id"].as_str().unwrap());
        assert!(!log.is_empty(), "{} has a history", hook["url"]);
        states.extend(log.iter().map(|d| d["state"].as_str().unwrap().to_owned()));
        assert!(log.iter().all(|d| !d["attempts"].as_array().unwrap().is_empty()));
    }
    assert!(states.contains(&"succeeded".to_owned()) && states.contains(&"failed".to_owned()), "{states:?}");
    assert!(!states.contains(&"pending".to_owned()), "the demo leaves nothing for the worker to send");
    assert!(log_has_retries(&app, hooks), "some delivery succeeded after failed attempts, as the log should show");
}

fn log_has_retries(app: &TestApp, hooks: &[Value]) -> bool {
    hooks.iter().any(|hook| {
        deliveries(app, hook["id"].as_str().unwrap())
            .iter()
            .any(|d| d["state"] == "succeeded" && d["attempts"].as_array().is_some_and(|a| a.len() > 1))
    })
}

/// The README's Python verifier, run as a receiver would run it.
fn verify_with_the_readme_s_python(secret: &str, received: &Received) -> bool {
    let readme = std::fs::read_to_string(l4a_tests::repo_root().join("README.md")).unwrap();
    let code = readme
        .split("```python\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("the README shows a Python verifier");
    let scratch = l4a_tests::Scratch::new();
    std::fs::write(scratch.path().join("body"), &received.body).unwrap();
    let headers: serde_json::Map<String, Value> =
        received.headers.iter().map(|(name, value)| (name.clone(), Value::String(value.clone()))).collect();
    std::fs::write(scratch.path().join("headers.json"), Value::Object(headers).to_string()).unwrap();
    let script = format!(
        "{code}\nimport json, sys\nheaders = json.load(open('headers.json'))\nbody = open('body', 'rb').read()\nsys.exit(0 if verify(sys.argv[1], headers, body) else 1)\n"
    );
    std::fs::write(scratch.path().join("verify.py"), script).unwrap();
    let status = std::process::Command::new("python3")
        .arg("verify.py")
        .arg(secret)
        .current_dir(scratch.path())
        .status()
        .expect("python3 runs the README's verifier");
    status.success()
}

#[test]
fn the_readme_s_python_verifier_accepts_a_delivery_and_refuses_a_forged_one() {
    let app = app_delivering();
    let receiver = Receiver::start();
    let (_, secret) = subscribe(&app, &receiver, &["hub.updated"]);
    let lead = lead_organisation(&app);
    app.post_json("/api/v1/hubs", &hub_with(&lead, "Verified hub", json!({"slug": "verified"}))).expect(201);
    rename_hub(&app, "verified", "Verified hub, renamed");
    let received = receiver.wait_for(1, Duration::from_secs(10)).remove(0);
    assert!(verify_with_the_readme_s_python(&secret, &received));
    let forged = Received { body: br#"{"type":"hub.labelled"}"#.to_vec(), ..received.clone() };
    assert!(!verify_with_the_readme_s_python(&secret, &forged), "a changed body is refused");
    assert!(!verify_with_the_readme_s_python("whsec_dGhlIHdyb25nIHNlY3JldA==", &received), "another secret is refused");
}
