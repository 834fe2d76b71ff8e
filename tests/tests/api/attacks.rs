//! Regression tests for the attacks an outside review found, one section per finding (C1, H1, …).
//! Each replays the attack and its variants against the real server on both backends.

use l4a_shared::hub::Hub;
use l4a_shared::proposal::Proposal;
use l4a_tests::TestApp;
use serde_json::{Value, json};

/// Organisation A (the attacker's) and organisation B (the victim's), a hub each, and a manager of A.
struct Victim {
    org_a: String,
    org_b: String,
    hub_a: String,
    hub_b: String,
    manager_a: String,
    deliverable_b: String,
}

fn victim(app: &TestApp) -> Victim {
    let org_a = crate::organisation(app, "Attacker City", "local_government");
    let org_b = crate::organisation(app, "Victim City", "local_government");
    let created = |org: &str, slug: &str| -> String {
        let body = crate::hub_with(org, &format!("Hub {slug}"), json!({"slug": slug}));
        app.post_json("/api/v1/hubs", &body).expect(201).json()["id"].as_str().unwrap().to_owned()
    };
    let (hub_a, hub_b) = (created(&org_a, "attacker-hub"), created(&org_b, "victim-hub"));
    let stakeholder = json!({"name": "Residents", "kind": "citizens_group", "role": "participant",
                             "contact_email": "private@victim.example.org", "contact_phone": "+33 1 23 45 67 89"});
    app.post_json(&format!("/api/v1/hubs/{hub_b}/stakeholders"), &stakeholder).expect(201);
    let deliverable = json!({"title": "Victim's toolkit", "kind": "tool", "due_date": "2025-06-30"});
    let deliverable_b =
        app.post_json(&format!("/api/v1/hubs/{hub_b}/deliverables"), &deliverable).expect(201).json()["id"]
            .as_str()
            .unwrap()
            .to_owned();
    let (_, manager_a) = app.user_with("manager@attacker.example.org", &["manager"], &[&org_a]);
    Victim { org_a, org_b, hub_a, hub_b, manager_a, deliverable_b }
}

/// Every way the attacker's hub could answer for the victim's id must fail: the victim's hub is
/// served, and the attacker may neither read its private contacts nor change its content.
fn assert_victim_is_safe(app: &TestApp, v: &Victim) {
    let served: Hub = app.anonymous().get(&format!("/api/v1/hubs/{}", v.hub_b)).expect(200).parse();
    assert_eq!(served.id, v.hub_b, "the victim's id serves the victim's hub");
    let attacker = app.bearer(&v.manager_a);
    let listed = attacker.get(&format!("/api/v1/hubs/{}/stakeholders", v.hub_b)).expect(200).text();
    assert!(!listed.contains("private@victim.example.org"), "the attacker read the victim's contacts: {listed}");
    let deliverable = format!("/api/v1/deliverables/{}", v.deliverable_b);
    attacker.patch_json(&deliverable, &json!({"title": "Defaced"}), None).problem(403, "forbidden");
    attacker.delete(&deliverable, None).problem(403, "forbidden");
    let new = json!({"title": "Planted", "kind": "tool", "due_date": "2025-06-30"});
    attacker.post_json(&format!("/api/v1/hubs/{}/deliverables", v.hub_b), &new).problem(403, "forbidden");
    attacker
        .patch_json(&format!("/api/v1/hubs/{}", v.hub_b), &json!({"summary": "Taken over by the attacker."}), None)
        .problem(403, "forbidden");
    assert_eq!(app.get(&deliverable).expect(200).json()["title"], "Victim's toolkit");
}

/// The victim's row changes, which is what made PostgreSQL return the attacker's row first.
fn touch(app: &TestApp, hub: &str) {
    app.patch_json(&format!("/api/v1/hubs/{hub}"), &json!({"summary": "A summary long enough, edited."}), None)
        .expect(200);
}

#[test]
fn c1_a_slug_shaped_like_another_hub_s_id_is_refused_however_it_is_chosen() {
    let app = TestApp::spawn();
    let v = victim(&app);
    let attacker = app.bearer(&v.manager_a);
    let own = format!("/api/v1/hubs/{}", v.hub_a);

    // Explicitly, in any case, and any UUID at all.
    for slug in [v.hub_b.clone(), v.hub_b.to_uppercase(), "01927c3e-5b2a-7d41-8f00-0123456789ab".to_owned()] {
        attacker.patch_json(&own, &json!({"slug": slug}), None).field_error("slug", "format");
    }
    let explicit = crate::hub_with(&v.org_a, "Another hub", json!({"slug": v.hub_b}));
    app.post_json("/api/v1/hubs", &explicit).field_error("slug", "format");

    // Derived from a name that is the victim's id, in lower or upper case.
    for name in [v.hub_b.clone(), v.hub_b.to_uppercase()] {
        let created: Hub = app.post_json("/api/v1/hubs", &crate::valid_hub(&v.org_a, &name)).expect(201).parse();
        assert_ne!(created.slug.to_lowercase(), v.hub_b, "a derived slug took the victim's id");
        assert!(!l4a_shared::validation::looks_like_uuid(&created.slug), "{}", created.slug);
        app.get(&format!("/api/v1/hubs/{}", created.slug)).expect(200);
    }
    touch(&app, &v.hub_b);
    assert_victim_is_safe(&app, &v);
}

#[test]
fn c1_a_proposal_titled_with_another_hub_s_id_labels_a_hub_that_cannot_answer_for_it() {
    let app = TestApp::spawn();
    let v = victim(&app);
    let cast = crate::proposals::cast(&app);
    let manager = app.bearer(&cast.manager_a);
    let mut content = crate::proposals::complete();
    content["title"] = Value::String(v.hub_b.clone());
    let id = crate::proposals::draft(&manager, &cast, content).expect(201).json()["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/proposals/{id}");
    manager.post_json(&format!("{path}/submit"), &json!({})).expect(200);
    app.post_json(&format!("{path}/start-review"), &json!({})).expect(200);
    let accept = json!({"outcome": "accept", "reason": "It meets every rule of the label."});
    let accepted: Proposal = app.post_json(&format!("{path}/decision"), &accept).expect(200).parse();
    let labelled: Hub = app.get(&format!("/api/v1/hubs/{}", accepted.hub_id.unwrap())).expect(200).parse();
    assert_eq!(labelled.name, v.hub_b);
    assert!(!l4a_shared::validation::looks_like_uuid(&labelled.slug), "{}", labelled.slug);
    touch(&app, &v.hub_b);
    assert_victim_is_safe(&app, &v);
}

#[test]
fn c1_an_id_in_a_path_is_looked_up_as_an_id_first_even_when_a_stored_slug_equals_it() {
    // A slug stored before the rule existed: the lookups themselves must not let it win.
    let app = TestApp::spawn();
    let v = victim(&app);
    app.execute_sql(&format!("UPDATE hubs SET slug = '{}' WHERE id = '{}'", v.hub_b, v.hub_a));
    touch(&app, &v.hub_b);
    assert_victim_is_safe(&app, &v);
    // Children found by their stored hub id authorise against that hub, whatever slugs say.
    let attacker = app.bearer(&v.manager_a);
    let own = json!({"title": "Own toolkit", "kind": "tool", "due_date": "2025-06-30"});
    let created = attacker.post_json(&format!("/api/v1/hubs/{}/deliverables", v.hub_a), &own).expect(201).json();
    assert_eq!(created["hub_id"], v.hub_a.as_str());
}

fn env(pairs: &[(&str, &str)]) -> l4a_tests::Options {
    l4a_tests::Options {
        env: pairs.iter().map(|(key, value)| ((*key).to_owned(), (*value).to_owned())).collect(),
        ..Default::default()
    }
}

/// Sends `count` requests at once and returns their statuses, sorted.
fn in_parallel(count: usize, send: impl Fn(usize) -> u16 + Sync) -> Vec<u16> {
    let mut statuses: Vec<u16> = std::thread::scope(|scope| {
        let send = &send;
        let threads: Vec<_> = (0..count).map(|n| scope.spawn(move || send(n))).collect();
        threads.into_iter().map(|thread| thread.join().expect("a request thread")).collect()
    });
    statuses.sort_unstable();
    statuses
}

fn tally(statuses: &[u16], status: u16) -> usize {
    statuses.iter().filter(|&&s| s == status).count()
}

fn sign_in(caller: &l4a_tests::Caller<'_>, email: &str, password: &str) -> l4a_tests::TestResponse {
    caller.post_json("/api/v1/auth/login", &json!({"email": email, "password": password}))
}

#[test]
fn h1_parallel_guesses_never_pass_the_limits() {
    let app = TestApp::spawn_with(env(&[
        ("AUTH_LIMIT_PER_ACCOUNT", "10"),
        ("AUTH_LIMIT_PER_ADDRESS", "25"),
        ("PASSWORD_HASH_QUEUE", "256"),
    ]));
    let (_, token) = app.user_with("ana@example.org", &[], &[]);

    // 40 guesses at one account from one address, all at once: exactly 10 are checked.
    let guesser = app.anonymous_from("127.0.0.2");
    let statuses = in_parallel(40, |n| sign_in(&guesser, "ana@example.org", &format!("guess number {n}")).status);
    assert_eq!((tally(&statuses, 401), tally(&statuses, 429)), (10, 30), "{statuses:?}");
    sign_in(&guesser, "ana@example.org", "a long test password").problem(429, "too_many_requests");

    // 40 sign-ins to different accounts from one address: exactly the address's 25.
    let sprayer = app.anonymous_from("127.0.0.3");
    let statuses = in_parallel(40, |n| sign_in(&sprayer, &format!("user-{n}@example.org"), "password guess").status);
    assert_eq!((tally(&statuses, 401), tally(&statuses, 429)), (25, 15), "{statuses:?}");

    // 40 forged refresh tokens from one address: the same 25.
    let forger = app.anonymous_from("127.0.0.4");
    let statuses = in_parallel(40, |n| {
        forger.post_json("/api/v1/auth/refresh", &json!({"refresh_token": format!("{n}.forged")})).status
    });
    assert_eq!((tally(&statuses, 401), tally(&statuses, 429)), (25, 15), "{statuses:?}");

    // 20 guesses at the current password of a signed-in account: exactly 10.
    let thief = app.bearer(&token);
    let statuses = in_parallel(20, |n| {
        let body = json!({"current_password": format!("guess number {n}"), "new_password": "a brand new password"});
        thief.post_json("/api/v1/users/me/password", &body).status
    });
    assert_eq!((tally(&statuses, 403), tally(&statuses, 429)), (10, 10), "{statuses:?}");
}

#[test]
fn h2_password_checks_beyond_the_bound_are_refused_with_503_and_retry_after() {
    let app = TestApp::spawn_with(env(&[
        ("AUTH_LIMIT_PER_ADDRESS", "1000"),
        ("PASSWORD_HASH_THREADS", "1"),
        ("PASSWORD_HASH_QUEUE", "1"),
    ]));
    app.user_with("ana@example.org", &[], &[]);
    let caller = app.anonymous();
    let responses = std::thread::scope(|scope| {
        let caller = &caller;
        let threads: Vec<_> = (0..30)
            .map(|n| scope.spawn(move || sign_in(caller, &format!("user-{n}@example.org"), "password guess")))
            .collect();
        threads.into_iter().map(|thread| thread.join().expect("a request thread")).collect::<Vec<_>>()
    });
    let busy: Vec<_> = responses.iter().filter(|r| r.status == 503).collect();
    assert!(!busy.is_empty(), "one thread and one queued check cannot serve 30 at once");
    for response in &busy {
        response.problem(503, "overloaded");
        let retry: u64 = response.header("retry-after").expect("Retry-After").parse().unwrap();
        assert!(retry >= 1);
    }
    assert!(responses.iter().all(|r| r.status == 401 || r.status == 503), "only 401 or 503");
    // A refusal for load is not a failed attempt, and the bound lets the next one through.
    sign_in(&caller, "ana@example.org", "a long test password").expect(200);
}

#[test]
fn m1_failures_from_everywhere_slow_an_account_down_but_never_lock_it_out() {
    let app = TestApp::spawn_with(env(&[("AUTH_LIMIT_PER_ACCOUNT", "3")]));
    app.user_with("ana@example.org", &[], &[]);
    for n in 2..8 {
        sign_in(&app.anonymous_from(&format!("127.0.0.{n}")), "ana@example.org", "a wrong password").expect(401);
    }
    // Six failures from six addresses: Ana still signs in, a little later.
    sign_in(&app.anonymous_from("127.0.0.9"), "ana@example.org", "a long test password").expect(200);
    assert!(app.log().contains("sign-in slowed down"), "the slowdown is logged");
    // From one address, the account's limit still refuses.
    let guesser = app.anonymous_from("127.0.0.10");
    for _ in 0..3 {
        sign_in(&guesser, "ana@example.org", "a wrong password").expect(401);
    }
    sign_in(&guesser, "ana@example.org", "a long test password").problem(429, "too_many_requests");
}

#[test]
fn l7_a_sign_in_address_or_password_longer_than_any_account_s_is_refused_before_any_work() {
    let app = TestApp::spawn();
    let long_address = format!("{}@example.org", "a".repeat(300));
    sign_in(&app.anonymous(), &long_address, "a password").field_error("email", "length");
    sign_in(&app.anonymous(), "ana@example.org", &"p".repeat(257)).field_error("password", "length");
}

fn api_key(app: &TestApp, organisation: Option<&str>, scopes: &[&str]) -> String {
    let body = json!({"name": "A system", "scopes": scopes, "organisation_id": organisation});
    app.post_json("/api/v1/api-keys", &body).expect(201).json()["secret"].as_str().unwrap().to_owned()
}

#[test]
fn m2_contacts_reach_admins_reviewers_managers_and_write_keys_of_the_hub_only() {
    let app = TestApp::spawn();
    let v = victim(&app);
    let org_b = v.org_b.clone();
    let (_, manager) = app.user_with("manager@victim.example.org", &["manager"], &[&org_b]);
    let (_, member) = app.user_with("member@victim.example.org", &[], &[&org_b]);
    let (former_id, former) = app.user_with("former@victim.example.org", &["manager"], &[&org_b]);
    app.patch_json(&format!("/api/v1/users/{former_id}"), &json!({"roles": []}), None).expect(200);
    let (_, reviewer) = app.user_with("reviewer@example.org", &["reviewer"], &[]);
    let readers = [
        ("anonymous", app.anonymous(), false),
        ("admin", app.admin(), true),
        ("reviewer", app.bearer(&reviewer), true),
        ("the hub's manager", app.bearer(&manager), true),
        ("a member without the manager role", app.bearer(&member), false),
        ("a former manager still a member", app.bearer(&former), false),
        ("a manager of another organisation", app.bearer(&v.manager_a), false),
        ("a read key of the hub's organisation", app.api_key(&api_key(&app, Some(&org_b), &["read"])), false),
        ("a read:metrics key", app.api_key(&api_key(&app, Some(&org_b), &["read", "read:metrics"])), false),
        ("a write key of the hub's organisation", app.api_key(&api_key(&app, Some(&org_b), &["read", "write"])), true),
        ("a write key of another organisation", app.api_key(&api_key(&app, Some(&v.org_a), &["read", "write"])), false),
        ("a Secretariat key", app.api_key(&api_key(&app, None, &["read"])), false),
    ];
    for (who, reader, sees) in readers {
        let listed = reader.get(&format!("/api/v1/hubs/{}/stakeholders", v.hub_b)).expect(200);
        let id = listed.json()["items"][0]["id"].as_str().unwrap().to_owned();
        let read = reader.get(&format!("/api/v1/stakeholders/{id}")).expect(200);
        for response in [&listed, &read] {
            let text = response.text();
            assert_eq!(text.contains("private@victim.example.org"), sees, "{who}: {text}");
            assert_eq!(text.contains("+33 1 23 45 67 89"), sees, "{who}: {text}");
        }
    }
}

#[test]
fn m3_every_response_carries_the_browser_protections() {
    let web = l4a_tests::Scratch::new();
    std::fs::write(web.path().join("index.html"), "<!doctype html><title>app</title>").unwrap();
    let app = TestApp::spawn_with(l4a_tests::Options { static_dir: Some(web.path().to_owned()), ..Default::default() });
    for path in ["/", "/hubs/some-hub", "/api/v1/hubs", "/api/v1/nothing-here", "/healthz"] {
        let response = app.anonymous().get(path);
        let policy = response.header("content-security-policy").unwrap_or_else(|| panic!("{path}: no CSP"));
        for directive in ["script-src 'self' 'wasm-unsafe-eval'", "frame-ancestors 'none'", "object-src 'none'"] {
            assert!(policy.contains(directive), "{path}: {policy}");
        }
        assert!(!policy.contains("http"), "{path}: nothing external: {policy}");
        assert!(!policy.split(';').any(|d| d.trim().starts_with("script-src") && d.contains("unsafe-inline")));
        assert_eq!(response.header("x-frame-options"), Some("DENY"), "{path}");
        assert_eq!(response.header("x-content-type-options"), Some("nosniff"), "{path}");
        assert_eq!(response.header("referrer-policy"), Some("no-referrer"), "{path}");
        assert!(response.header("permissions-policy").is_some_and(|p| p.contains("camera=()")), "{path}");
        assert_eq!(response.header("strict-transport-security"), None, "HSTS only when configured");
    }
    let docs = app.anonymous().get("/api/docs/");
    assert!(docs.header("content-security-policy").is_some_and(|p| p.contains("frame-ancestors 'none'")));
    let tls = TestApp::spawn_with(env(&[("HSTS", "true")]));
    let hsts = tls.anonymous().get("/healthz");
    assert!(hsts.header("strict-transport-security").is_some_and(|h| h.starts_with("max-age=")), "HSTS=true");
}

#[test]
fn l8_tokens_and_personal_answers_are_never_stored_by_caches() {
    let app = TestApp::spawn();
    let v = victim(&app);
    let tokens = app.anonymous().post_json(
        "/api/v1/auth/login",
        &json!({"email": "manager@attacker.example.org", "password": "a long test password"}),
    );
    assert_eq!(tokens.expect(200).header("cache-control"), Some("no-store"));
    let contacts = app.get(&format!("/api/v1/hubs/{}/stakeholders", v.hub_b)).expect(200);
    assert_eq!(contacts.header("cache-control"), Some("no-store"));
    let key = api_key(&app, None, &["read"]);
    assert_eq!(app.api_key(&key).get("/api/v1/hubs").expect(200).header("cache-control"), Some("no-store"));
    // Public answers to anonymous readers may be cached.
    assert_ne!(app.anonymous().get("/api/v1/hubs").expect(200).header("cache-control"), Some("no-store"));
}

#[test]
fn m6_a_body_trickled_slower_than_the_deadline_gets_408() {
    use std::io::{Read as _, Write as _};
    let app = TestApp::spawn_with(env(&[("REQUEST_TIMEOUT_SECONDS", "2")]));
    let address = app.url.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(std::time::Duration::from_secs(20))).unwrap();
    let head = format!(
        "POST /api/v1/auth/login HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).unwrap();
    let started = std::time::Instant::now();
    let mut answer = Vec::new();
    // One byte a second, for longer than the deadline; the server answers and closes meanwhile.
    for _ in 0..8 {
        if stream.write_all(b" ").is_err() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_secs(1));
        stream.set_nonblocking(true).unwrap();
        let mut buffer = [0u8; 4096];
        if let Ok(read) = stream.read(&mut buffer) {
            answer.extend_from_slice(&buffer[..read]);
        }
        stream.set_nonblocking(false).unwrap();
        if !answer.is_empty() {
            break;
        }
    }
    let _ = stream.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("application/problem+json") && answer.contains("request_timeout"), "{answer}");
    assert!(started.elapsed() < std::time::Duration::from_secs(8), "answered at the deadline");
}

#[test]
fn l12_each_request_s_log_line_names_the_principal_and_the_client_and_refusals_are_warnings() {
    let app = TestApp::spawn();
    let v = victim(&app);
    let key = api_key(&app, Some(&v.org_a), &["read", "write"]);
    app.api_key(&key).get("/api/v1/hubs").expect(200);
    app.bearer(&v.manager_a)
        .patch_json(&format!("/api/v1/hubs/{}", v.hub_b), &json!({"summary": "Not yours to change."}), None)
        .problem(403, "forbidden");
    sign_in(&app.anonymous(), "manager@attacker.example.org", "a wrong password").expect(401);
    let log = app.log();
    let lines: Vec<Value> = log.lines().filter_map(|line| serde_json::from_str(line).ok()).collect();
    let prefix = &key[..16];
    assert!(
        lines.iter().any(|l| l["principal"] == format!("key:{prefix}") && l["client"] == "127.0.0.1"),
        "a line names the key by its prefix and the client address:\n{log}"
    );
    assert!(
        lines.iter().any(|l| l["level"] == "WARN"
            && l["status"] == 403
            && l["principal"].as_str().is_some_and(|p| p.starts_with("user:"))),
        "the refused write is a warning naming the account:\n{log}"
    );
    assert!(lines.iter().any(|l| l["level"] == "WARN" && l["message"] == "failed sign-in"), "{log}");
    assert!(!log.contains(&key[16..]), "the key's secret is never logged");
    // Sign-ins and sign-outs are in the audit trail.
    let tokens = app.login("manager@attacker.example.org", "a long test password");
    app.anonymous().post_json("/api/v1/auth/logout", &json!({"refresh_token": tokens["refresh_token"]})).expect(204);
    let trail = app.get("/api/v1/audit?entity=user&per_page=100").expect(200).json();
    let actions: Vec<&str> = trail["items"].as_array().unwrap().iter().filter_map(|e| e["action"].as_str()).collect();
    assert_eq!(actions.first(), Some(&"sign_out"), "{actions:?}");
    assert_eq!(actions.get(1), Some(&"sign_in"), "{actions:?}");
}

#[test]
fn l2_ending_a_session_ends_its_access_tokens_at_once() {
    let app = TestApp::spawn();
    app.user_with("ana@example.org", &[], &[]);
    let first = app.login("ana@example.org", "a long test password");
    let refresh = |token: &Value| app.anonymous().post_json("/api/v1/auth/refresh", &json!({"refresh_token": token}));
    let second = refresh(&first["refresh_token"]).expect(200).json();
    let access = [first["access_token"].as_str().unwrap(), second["access_token"].as_str().unwrap()];
    for token in access {
        app.bearer(token).get("/api/v1/auth/me").expect(200);
    }
    // The exchanged token comes back: a thief has the session, so every access token of it dies.
    refresh(&first["refresh_token"]).problem(401, "unauthorized");
    for token in access {
        app.bearer(token).get("/api/v1/auth/me").problem(401, "unauthorized");
    }
    // Signing out ends the access token of that session, and no other session's.
    let (kept, ended) =
        (app.login("ana@example.org", "a long test password"), app.login("ana@example.org", "a long test password"));
    app.anonymous().post_json("/api/v1/auth/logout", &json!({"refresh_token": ended["refresh_token"]})).expect(204);
    app.bearer(ended["access_token"].as_str().unwrap()).get("/api/v1/auth/me").problem(401, "unauthorized");
    app.bearer(kept["access_token"].as_str().unwrap()).get("/api/v1/auth/me").expect(200);
}

#[test]
fn m3_the_web_app_s_refresh_token_lives_in_a_strict_http_only_cookie_other_sites_cannot_use() {
    let app = TestApp::spawn();
    app.user_with("ana@example.org", &[], &[]);
    let login = json!({"email": "ana@example.org", "password": "a long test password"});
    let cookie_mode = [("X-Session-Cookie", "1"), ("Content-Type", "application/json")];
    let signed_in =
        app.anonymous().request("POST", "/api/v1/auth/login", &cookie_mode, Some(login.to_string().into_bytes()));
    let set_cookie = signed_in.header("set-cookie").expect("a cookie").to_owned();
    for attribute in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/api/v1/auth"] {
        assert!(set_cookie.contains(attribute), "{set_cookie}");
    }
    let body = signed_in.expect(200).json();
    assert!(body.get("refresh_token").is_none(), "the token is not in the body: {body}");
    let cookie = set_cookie.split(';').next().unwrap().to_owned();

    let with_cookie = |cookie: &str, extra: &[(&str, &str)]| {
        let mut headers = vec![("Cookie", cookie)];
        headers.extend_from_slice(extra);
        app.anonymous().request("POST", "/api/v1/auth/refresh", &headers, None)
    };
    // Another site's page: no custom header (a form or a simple request), or a foreign Origin.
    assert_ne!(with_cookie(&cookie, &[]).status, 200, "the cookie alone never refreshes");
    with_cookie(&cookie, &[("X-Session-Cookie", "1"), ("Origin", "https://evil.example")]).problem(403, "forbidden");
    // The app itself: two tabs exchanging the same cookie at once keep the session.
    let renewed = with_cookie(&cookie, &[("X-Session-Cookie", "1")]);
    let next = renewed.header("set-cookie").expect("the next cookie").split(';').next().unwrap().to_owned();
    assert!(renewed.expect(200).json()["access_token"].is_string());
    with_cookie(&cookie, &[("X-Session-Cookie", "1")]).problem(409, "refresh_superseded");
    let again = with_cookie(&next, &[("X-Session-Cookie", "1")]);
    let last = again.header("set-cookie").expect("a cookie").split(';').next().unwrap().to_owned();
    let access = again.expect(200).json()["access_token"].as_str().unwrap().to_owned();
    // Signing out clears the cookie and ends the session.
    let out =
        app.anonymous().request("POST", "/api/v1/auth/logout", &[("Cookie", &last), ("X-Session-Cookie", "1")], None);
    assert!(out.header("set-cookie").is_some_and(|c| c.contains("Max-Age=0")));
    out.expect(204);
    app.bearer(&access).get("/api/v1/auth/me").problem(401, "unauthorized");
    with_cookie(&last, &[("X-Session-Cookie", "1")]).problem(401, "unauthorized");
    // A visitor without a cookie is told so, without counting against the address.
    app.anonymous()
        .request("POST", "/api/v1/auth/refresh", &[("X-Session-Cookie", "1")], None)
        .problem(401, "unauthorized");
}

#[test]
fn m5_an_api_key_dies_when_its_creator_may_no_longer_issue_it() {
    let app = TestApp::spawn_with(env(&[("API_KEY_MAX_DAYS", "30")]));
    let v = victim(&app);
    let org_b = crate::organisation(&app, "Second City", "local_government");
    let (manager_id, manager) = app.user_with("keys@attacker.example.org", &["manager"], &[&v.org_a, &org_b]);
    let creator = app.bearer(&manager);
    let create = |organisation: &str| {
        let body = json!({"name": "City dashboard", "scopes": ["read", "write"], "organisation_id": organisation});
        creator.post_json("/api/v1/api-keys", &body).expect(201).json()
    };
    let (key_a, key_b) = (create(&v.org_a), create(&org_b));
    assert_eq!(key_a["created_by"], manager_id.as_str(), "the listing names the creator");
    let expiry = chrono::DateTime::parse_from_rfc3339(key_a["expires_at"].as_str().unwrap()).unwrap();
    let days = (expiry.with_timezone(&chrono::Utc) - chrono::Utc::now()).num_days();
    assert!((29..=30).contains(&days), "a key without an expiry gets the longest lifetime: {days} days");
    let later = (chrono::Utc::now() + chrono::Duration::days(60)).to_rfc3339();
    let body = json!({"name": "Too long", "scopes": ["read"], "organisation_id": v.org_a, "expires_at": later});
    creator.post_json("/api/v1/api-keys", &body).field_error("expires_at", "range");
    let works = |key: &Value| app.api_key(key["secret"].as_str().unwrap()).get("/api/v1/hubs").status;
    assert_eq!((works(&key_a), works(&key_b)), (200, 200));

    // Leaving organisation B revokes the key for B only.
    let user = format!("/api/v1/users/{manager_id}");
    app.patch_json(&user, &json!({"organisation_ids": [v.org_a]}), None).expect(200);
    assert_eq!((works(&key_a), works(&key_b)), (200, 401));
    // Losing the manager role revokes the rest.
    app.patch_json(&user, &json!({"roles": []}), None).expect(200);
    assert_eq!(works(&key_a), 401);
    let revocations = app.get("/api/v1/audit?entity=api_key&per_page=100").expect(200).json();
    let revoked = revocations["items"].as_array().unwrap().iter().filter(|e| e["action"] == "revoke").count();
    assert_eq!(revoked, 2, "each revocation is audited: {revocations}");

    // Deactivating an account revokes its keys.
    let (other_id, other) = app.user_with("other@attacker.example.org", &["manager"], &[&v.org_a]);
    let body = json!({"name": "Sync", "scopes": ["read", "write"], "organisation_id": v.org_a});
    let key = app.bearer(&other).post_json("/api/v1/api-keys", &body).expect(201).json();
    let write = |key: &Value| {
        let body = json!({"title": "Synced", "kind": "tool", "due_date": "2025-06-30"});
        app.api_key(key["secret"].as_str().unwrap())
            .post_json(&format!("/api/v1/hubs/{}/deliverables", v.hub_a), &body)
            .status
    };
    assert_eq!(write(&key), 201);
    app.patch_json(&format!("/api/v1/users/{other_id}"), &json!({"active": false}), None).expect(200);
    assert_eq!(write(&key), 401, "a deactivated manager's key no longer writes");
}

#[test]
fn m4_a_connection_one_side_alone_asks_for_is_private_and_uncounted_until_the_other_accepts() {
    let app = TestApp::spawn();
    let v = victim(&app);
    let org_b = v.org_b.clone();
    let (_, manager_b) = app.user_with("manager@victim.example.org", &["manager"], &[&org_b]);
    let attacker = app.bearer(&v.manager_a);
    let text = "Spam from the attacker's hub";
    let body = json!({"other_hub_id": v.hub_b, "kind": "peer_learning", "description": text});
    let asked = attacker.post_json(&format!("/api/v1/hubs/{}/connections", v.hub_a), &body).expect(201).json();
    assert_eq!(asked["state"], "requested");
    let id = asked["id"].as_str().unwrap().to_owned();
    let degree = |hub: &str| {
        app.anonymous().get(&format!("/api/v1/hubs/{hub}")).expect(200).json()["synchronization_degree"].clone()
    };
    let public_list = |hub: &str| app.anonymous().get(&format!("/api/v1/hubs/{hub}/connections")).expect(200).text();
    assert_eq!((degree(&v.hub_a), degree(&v.hub_b)), (json!(0), json!(0)), "a request counts for nobody");
    assert!(!public_list(&v.hub_b).contains(text), "the attacker's text is not on the victim's page");
    // The victim's managers see the request, and only they (or an admin) answer it.
    let victim = app.bearer(&manager_b);
    assert!(victim.get(&format!("/api/v1/hubs/{}/connections", v.hub_b)).expect(200).text().contains(text));
    let decision = format!("/api/v1/connections/{id}/decision");
    attacker.post_json(&decision, &json!({"outcome": "accept"})).problem(403, "forbidden");
    victim.post_json(&decision, &json!({"outcome": "decline"})).expect(200);
    victim.post_json(&decision, &json!({"outcome": "accept"})).problem(409, "connection_not_requested");
    assert!(!public_list(&v.hub_b).contains(text));
    assert_eq!(degree(&v.hub_b), json!(0));

    // An accepted one is public and counted at both ends; the answer is audited.
    let body = json!({"other_hub_id": v.hub_b, "kind": "joint_activity", "description": "A joint forum"});
    let asked = attacker.post_json(&format!("/api/v1/hubs/{}/connections", v.hub_a), &body).expect(201).json();
    let decision = format!("/api/v1/connections/{}/decision", asked["id"].as_str().unwrap());
    let accepted = victim.post_json(&decision, &json!({"outcome": "accept"})).expect(200).json();
    assert_eq!(accepted["state"], "accepted");
    assert!(accepted["decided_at"].is_string());
    assert!(public_list(&v.hub_b).contains("A joint forum"));
    assert_eq!((degree(&v.hub_a), degree(&v.hub_b)), (json!(1), json!(1)));
    let audit = app.get("/api/v1/audit?entity=connection&per_page=100").expect(200).json();
    let actions: Vec<&str> = audit["items"].as_array().unwrap().iter().filter_map(|e| e["action"].as_str()).collect();
    assert!(actions.contains(&"accept") && actions.contains(&"decline"), "{actions:?}");
}

#[test]
fn l1_blank_common_and_unchanged_passwords_are_refused_and_unicode_forms_are_one_password() {
    let app = TestApp::spawn();
    let user = |email: &str, password: &str| {
        app.post_json("/api/v1/users", &json!({"email": email, "display_name": "Ana", "password": password}))
    };
    user("blank@example.org", &" ".repeat(14)).field_error("password", "required");
    user("common@example.org", "1qaz2wsx3edc").field_error("password", "format");
    user("common@example.org", "LeaveMeAlone").field_error("password", "format");
    // Composed "é" at sign-up, decomposed "e" + accent at sign-in: the same password.
    user("ana@example.org", "caf\u{e9} au lait le matin").expect(201);
    let tokens = app.login("ana@example.org", "cafe\u{301} au lait le matin");
    let ana = app.bearer(tokens["access_token"].as_str().unwrap());
    let same = json!({"current_password": "caf\u{e9} au lait le matin", "new_password": "caf\u{e9} au lait le matin"});
    ana.post_json("/api/v1/users/me/password", &same).field_error("new_password", "consistent");
    let common = json!({"current_password": "caf\u{e9} au lait le matin", "new_password": "qwerty123456"});
    ana.post_json("/api/v1/users/me/password", &common).field_error("new_password", "format");
}

/// Resolves a `$ref`, and picks the object schema of a `oneOf` (an optional body).
fn resolve<'a>(document: &'a Value, schema: &'a Value) -> &'a Value {
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.trim_start_matches("#/components/schemas/");
        return resolve(document, &document["components"]["schemas"][name]);
    }
    if let Some(choices) = schema["oneOf"].as_array().or(schema["anyOf"].as_array())
        && let Some(object) = choices.iter().map(|c| resolve(document, c)).find(|c| c["properties"].is_object())
    {
        return object;
    }
    schema
}

fn is_string(schema: &Value) -> bool {
    schema["type"] == "string" || schema["type"].as_array().is_some_and(|types| types.contains(&json!("string")))
}

/// Every string field of a body schema (nested objects and lists included), each as a body that
/// holds a NUL in that field alone, with the field's name.
fn nul_bodies(document: &Value, schema: &Value, depth: usize) -> Vec<(String, Value)> {
    let schema = resolve(document, schema);
    let mut bodies = Vec::new();
    if depth > 3 {
        return bodies;
    }
    if schema["type"] == "array" || schema["items"].is_object() {
        for (field, inner) in nul_bodies(document, &schema["items"], depth + 1) {
            bodies.push((field, json!([inner])));
        }
        let items = resolve(document, &schema["items"]);
        if is_string(items) {
            bodies.push((String::new(), json!(["\u{0}"])));
        }
        return bodies;
    }
    let Some(properties) = schema["properties"].as_object() else { return bodies };
    for (name, property) in properties {
        let property = resolve(document, property);
        if is_string(property) {
            bodies.push((name.clone(), json!({ name: "\u{0}" })));
        }
        for (field, inner) in nul_bodies(document, property, depth + 1) {
            bodies.push((format!("{name}{field}"), json!({ name: inner })));
        }
    }
    bodies
}

#[test]
fn l3_a_nul_in_any_string_field_of_any_body_is_a_422_naming_it() {
    let app = TestApp::spawn();
    let document = app.anonymous().get("/api/openapi.json").expect(200).json();
    let id = "01927c3e-5b2a-7d41-8f00-0123456789ab";
    let mut tried = 0;
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let Some(schema) = operation["requestBody"]["content"]["application/json"]["schema"].as_object() else {
                continue;
            };
            let url: String =
                path.split('/').map(|part| if part.starts_with('{') { id } else { part }).collect::<Vec<_>>().join("/");
            for (field, body) in nul_bodies(&document, &Value::Object(schema.clone()), 0) {
                let headers = [("Content-Type", "application/json")];
                let response = app.request(&method.to_uppercase(), &url, &headers, Some(body.to_string().into_bytes()));
                let problem = response.problem(422, "validation_failed");
                let named = problem["errors"].as_array().unwrap().iter().any(|e| {
                    e["rule"] == "format"
                        && e["field"].as_str().is_some_and(|f| {
                            let plain = |s: &str| {
                                s.replace(|c: char| c == '[' || c == ']' || c == '.' || c.is_ascii_digit(), "")
                            };
                            plain(f) == plain(&field)
                        })
                });
                assert!(named, "{method} {path}: a NUL in {field} is not named: {problem}");
                tried += 1;
            }
        }
    }
    assert!(tried > 100, "only {tried} fields were tried");
}

#[test]
fn l4_l5_long_lists_are_refused_by_their_documented_limits_and_a_problem_lists_at_most_100_errors() {
    let app = TestApp::spawn();
    let lead = crate::lead_organisation(&app);
    // 34,000 ids once made SQLite run out of variables (500).
    let many: Vec<&str> = vec!["x"; 34_000];
    let body = json!({"email": "many@example.org", "display_name": "Many", "organisation_ids": many});
    app.post_json("/api/v1/users", &body).field_error("organisation_ids", "length");
    let ids: Vec<String> = (0..101).map(|n| format!("org-{n}")).collect();
    let body = json!({"email": "many@example.org", "display_name": "Many", "organisation_ids": ids});
    app.post_json("/api/v1/users", &body).field_error("organisation_ids", "length");
    for list in ["partner_organisation_ids", "sdg_targets", "manifestos", "policy_council_ids"] {
        let body = crate::hub_with(&lead, "A hub with long lists", json!({ list: ids }));
        app.post_json("/api/v1/hubs", &body).field_error(list, "length");
    }
    let document = app.anonymous().get("/api/openapi.json").expect(200).json();
    assert_eq!(document["components"]["schemas"]["NewHub"]["properties"]["partner_organisation_ids"]["maxItems"], 100);

    // 300 broken rows: the first 100 are listed, with the count of all.
    let hub = app.post_json("/api/v1/hubs", &crate::valid_hub(&lead, "Hub of many rows")).expect(201).json();
    let indicator = json!({"name": "Residents trained", "dimension": "acceleration", "unit": "people", "direction": "increase",
        "baseline_value": 0, "baseline_date": "2025-01-01", "target_value": 10, "target_date": "2026-12-31"});
    let created = app
        .post_json(&format!("/api/v1/hubs/{}/indicators", hub["id"].as_str().unwrap()), &indicator)
        .expect(201)
        .json();
    let rows: Vec<Value> =
        (0..300).map(|_| json!({"value": 1, "measured_on": "2025-02-01", "source": "\u{0}"})).collect();
    let path = format!("/api/v1/indicators/{}/measurements:batch", created["id"].as_str().unwrap());
    let problem = app.post_json(&path, &json!(rows)).problem(422, "validation_failed");
    assert_eq!(problem["errors"].as_array().unwrap().len(), 100, "{problem}");
    assert_eq!(problem["errors_total"], 300);
}

#[test]
fn l6_concurrent_changes_without_if_match_all_apply_last_writer_wins() {
    let app = TestApp::spawn();
    let v = victim(&app);
    let path = format!("/api/v1/hubs/{}", v.hub_b);
    let statuses = in_parallel(20, |n| {
        app.patch_json(&path, &json!({"summary": format!("A summary written by writer number {n}.")}), None).status
    });
    assert_eq!(tally(&statuses, 200), 20, "{statuses:?}");
    let stored = app.get(&path).expect(200);
    assert!(stored.json()["summary"].as_str().unwrap().starts_with("A summary written by writer number"));
    // With If-Match, a change based on an old version is still refused.
    let old = stored.header("etag").unwrap().to_owned();
    app.patch_json(&path, &json!({"summary": "Based on the current version."}), Some(&old)).expect(200);
    app.patch_json(&path, &json!({"summary": "Based on an old version."}), Some(&old))
        .problem(412, "precondition_failed");
}

#[test]
fn l9_the_read_metrics_scope_reads_the_metrics_and_nothing_else() {
    let app = TestApp::spawn();
    let key = api_key(&app, None, &["read:metrics"]);
    app.api_key(&key).get("/api/v1/hubs").problem(403, "forbidden");
    app.api_key(&key).get("/api/v1/users").problem(403, "forbidden");
    app.api_key(&key).post_json("/api/v1/hubs", &json!({})).problem(403, "forbidden");
    app.api_key(&key).get("/api/v1/metrics/summary").expect(200);
    let document = app.anonymous().get("/api/openapi.json").expect(200).text();
    assert!(document.contains("dashboards' figures over every hub"), "the scope is documented");
}

#[test]
fn l10_the_database_its_journal_and_the_data_folder_are_private_to_the_server_s_account() {
    use std::os::unix::fs::PermissionsExt as _;
    let app = TestApp::spawn();
    victim(&app);
    let mode = |path: &std::path::Path| std::fs::metadata(path).map(|m| m.permissions().mode() & 0o777).ok();
    let data = app.scratch_path().join("data");
    assert_eq!(mode(&data), Some(0o700), "the data folder");
    assert_eq!(mode(&data.join("jwt.key")), Some(0o600), "the signing key");
    if l4a_tests::backend() == l4a_tests::Backend::Sqlite {
        for suffix in ["", "-wal", "-shm"] {
            let file = std::path::PathBuf::from(format!("{}{suffix}", app.db.url));
            assert_eq!(mode(&file), Some(0o600), "{}", file.display());
        }
    }
}

#[test]
fn l11_the_demo_accounts_are_only_loaded_on_loopback_unless_asked_for_and_are_named_in_the_log() {
    let scratch = l4a_tests::Scratch::new();
    let database = scratch.path().join("public.sqlite3");
    let output = std::process::Command::new(l4a_tests::l4a_binary())
        .args(["serve", "--seed-demo-if-empty"])
        .env("BIND", "0.0.0.0:0")
        .env("DATABASE_URL", &database)
        .env("DATA_DIR", scratch.path().join("data"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "a public address with published passwords must not start");
    assert!(stderr.contains("--demo"), "{stderr}");
    assert!(!database.exists(), "nothing was created");
    // On loopback (`just run`), the demo loads, and the log names its accounts as a warning.
    let app = TestApp::spawn_with(l4a_tests::Options { demo: true, ..Default::default() });
    let log = app.log();
    let warning = log.lines().filter_map(|line| serde_json::from_str::<Value>(line).ok()).find(|line| {
        line["level"] == "WARN" && line["accounts"].as_str().is_some_and(|a| a.contains("admin@demo.local4action.org"))
    });
    assert!(warning.is_some(), "{log}");
}

#[test]
fn info_a_draft_is_read_by_the_same_rule_in_listings_and_one_by_one() {
    let app = TestApp::spawn();
    let cast = crate::proposals::cast(&app);
    let draft = crate::proposals::draft(&app.bearer(&cast.manager_a), &cast, json!({"title": "A private draft"}))
        .expect(201)
        .json();
    let id = draft["id"].as_str().unwrap();
    let (_, member) = app.user_with("member@city-a.example.org", &[], &[&cast.org_a]);
    let key = api_key(&app, Some(&cast.org_a), &["read"]);
    let readers = [
        ("the organisation's manager", app.bearer(&cast.manager_a), true),
        ("a member without the manager role", app.bearer(&member), false),
        ("a read key of the organisation", app.api_key(&key), false),
        ("the Secretariat", app.admin(), true),
    ];
    for (who, reader, sees) in readers {
        let listed = reader.get("/api/v1/proposals").expect(200).text().contains(id);
        let read = reader.get(&format!("/api/v1/proposals/{id}")).status == 200;
        assert_eq!((listed, read), (sees, sees), "{who}: listed {listed}, read {read}");
    }
}

#[test]
fn info_authorization_is_decided_before_the_body_every_time() {
    let app = TestApp::spawn();
    let v = victim(&app);
    let key = api_key(&app, Some(&v.org_a), &["read"]);
    let reader = app.api_key(&key);
    let invalid = json!({"title": "", "kind": "not a kind", "due_date": "someday"});
    let statuses =
        in_parallel(30, |_| reader.post_json(&format!("/api/v1/hubs/{}/deliverables", v.hub_a), &invalid).status);
    assert_eq!(tally(&statuses, 403), 30, "{statuses:?}");
    let statuses = in_parallel(30, |_| app.anonymous().post_json("/api/v1/hubs", &json!({"name": 5})).status);
    assert_eq!(tally(&statuses, 401), 30, "{statuses:?}");
}

#[test]
fn info_an_etag_tells_nothing_of_how_often_a_record_changed() {
    let app = TestApp::spawn();
    let v = victim(&app);
    let path = format!("/api/v1/hubs/{}", v.hub_b);
    let mut tags = vec![app.get(&path).expect(200).header("etag").unwrap().to_owned()];
    for n in 0..3 {
        let body = json!({"summary": format!("A summary long enough, edit number {n}.")});
        tags.push(
            app.patch_json(&path, &body, Some(tags.last().unwrap())).expect(200).header("etag").unwrap().to_owned(),
        );
    }
    for tag in &tags {
        let inner = tag.trim_matches('"');
        assert!(inner.len() >= 16 && inner.parse::<u64>().is_err(), "{tag} looks like a counter");
    }
    let distinct: std::collections::BTreeSet<&String> = tags.iter().collect();
    assert_eq!(distinct.len(), tags.len(), "each version has its own tag");
    // Another record at the same version has another tag.
    let other = app.get(&format!("/api/v1/hubs/{}", v.hub_a)).expect(200).header("etag").unwrap().to_owned();
    assert_ne!(other, tags[0]);
}

#[test]
fn m7_clients_that_stop_reading_a_streamed_answer_do_not_keep_the_database_connections() {
    use std::io::Write as _;
    // Two pooled connections; three clients ask for the whole observations feed (30,000 rows,
    // megabytes, far more than the sockets buffer) and never read it.
    let app = TestApp::spawn_with(env(&[("DB_POOL_SIZE", "2"), ("STREAM_STALL_SECONDS", "1")]));
    let (status, _, err) = app.l4a(&["seed", "--scale", "300"]);
    assert!(status.success(), "{err}");
    let address = app.url.trim_start_matches("http://");
    let stalled: Vec<std::net::TcpStream> = (0..3)
        .map(|_| {
            let mut stream = std::net::TcpStream::connect(address).unwrap();
            let head = format!(
                "GET /api/v1/metrics/observations?format=csv HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {}\r\n\r\n",
                app.admin_token
            );
            stream.write_all(head.as_bytes()).unwrap();
            stream
        })
        .collect();
    std::thread::sleep(std::time::Duration::from_secs(4));
    // The streams gave up on their readers, so their connections serve others again.
    let hubs = app.get("/api/v1/hubs?per_page=1");
    assert_eq!(hubs.status, 200, "{}", hubs.text());
    drop(stalled);
}

#[test]
fn m8_long_answers_beyond_those_allowed_at_once_are_refused_with_503_and_the_pool_stays_free() {
    use std::io::Write as _;
    let app =
        TestApp::spawn_with(env(&[("DB_POOL_SIZE", "4"), ("STREAMS_AT_ONCE", "1"), ("STREAM_STALL_SECONDS", "30")]));
    let (status, _, err) = app.l4a(&["seed", "--scale", "300"]);
    assert!(status.success(), "{err}");
    let address = app.url.trim_start_matches("http://");
    // One client takes the only slot with an export of megabytes it does not read.
    let mut stalled = std::net::TcpStream::connect(address).unwrap();
    let head = format!("GET /api/v1/export/hubs HTTP/1.1\r\nHost: {address}\r\nAccept: application/x-ndjson\r\n\r\n");
    stalled.write_all(head.as_bytes()).unwrap();
    std::thread::sleep(std::time::Duration::from_secs(1));
    // Every other long answer is refused at once, saying when to come back…
    for path in ["/api/v1/export/hubs", "/api/v1/export/tables.zip", "/api/v1/metrics/observations?format=csv"] {
        let refused = app.anonymous().get(path);
        refused.problem(503, "overloaded");
        assert_eq!(refused.header("retry-after"), Some("5"), "{path}");
    }
    // …and the connections left serve everyone else.
    app.anonymous().get("/api/v1/hubs?per_page=1").expect(200);
    app.anonymous().get("/api/v1/export/iati.xml").problem(503, "overloaded");
    // Once that client leaves, its slot is free again.
    drop(stalled);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let again = app.anonymous().get("/api/v1/export/tables.zip");
        if again.status == 200 {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "the slot was not given back: {}", again.text());
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
}
