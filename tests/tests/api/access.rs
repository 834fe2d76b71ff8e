//! Access control: every write endpoint checks the object, not just the role. The matrix below
//! tries each write on a hub of organisation A as each kind of caller and compares the status
//! with the rule; every accepted write leaves exactly one audit entry, every refusal none.

use l4a_tests::{Caller, TestApp};
use serde_json::{Value, json};

/// Two hubs, one led by organisation A and one by organisation B, each with one of everything.
struct World {
    org_a: String,
    org_b: String,
}

fn world(app: &TestApp) -> World {
    let org_a = crate::organisation(app, "City A", "local_government");
    let org_b = crate::organisation(app, "City B", "local_government");
    for (org, slug) in [(&org_a, "hub-a"), (&org_b, "hub-b")] {
        let body = crate::hub_with(org, &format!("Hub of {slug}"), json!({"slug": slug}));
        app.post_json("/api/v1/hubs", &body).expect(201);
    }
    World { org_a, org_b }
}

fn id_of(response: &l4a_tests::TestResponse) -> String {
    response.json()["id"].as_str().expect("an id").to_owned()
}

/// Creates, as the administrator, a fresh object of hub A for one attempt.
fn fresh(app: &TestApp, what: &str) -> String {
    let created = match what {
        "deliverable" => app.post_json(
            "/api/v1/hubs/hub-a/deliverables",
            &json!({"title": "A toolkit", "kind": "tool", "due_date": "2025-06-30"}),
        ),
        "stakeholder" => app.post_json(
            "/api/v1/hubs/hub-a/stakeholders",
            &json!({"name": "Residents", "kind": "citizens_group", "role": "participant"}),
        ),
        "indicator" => app.post_json("/api/v1/hubs/hub-a/indicators", &indicator()),
        "activity" => app.post_json(
            "/api/v1/hubs/hub-a/activities",
            &json!({"kind": "event", "title": "Forum", "date": "2025-03-01", "place": "Lyon"}),
        ),
        "measurement" => {
            let indicator = fresh(app, "indicator");
            app.post_json(
                &format!("/api/v1/indicators/{indicator}/measurements"),
                &json!({"value": 3, "measured_on": "2025-02-01"}),
            )
        }
        "connection" => {
            let other = other_hub(app);
            app.post_json("/api/v1/hubs/hub-a/connections", &json!({"other_hub_id": other, "kind": "peer_learning"}))
        }
        other => panic!("no fixture for {other}"),
    };
    id_of(&created.expect(201))
}

/// A new hub of a new organisation (two audited writes), so that each connection is a new pair.
fn other_hub(app: &TestApp) -> String {
    let lead = crate::organisation(app, "City C", "local_government");
    let slug = format!("hub-c-{}", uuid::Uuid::now_v7().simple());
    app.post_json("/api/v1/hubs", &crate::hub_with(&lead, &slug, json!({"slug": slug}))).expect(201);
    slug
}

fn indicator() -> Value {
    json!({"name": "Residents trained", "dimension": "acceleration", "unit": "people", "direction": "increase",
           "baseline_value": 0, "baseline_date": "2025-01-01", "target_value": 10, "target_date": "2026-12-31"})
}

/// Every write endpoint, applied to hub A (or to organisation A): its name and how to try it.
type Attempt = fn(&TestApp, &Caller<'_>, &World) -> u16;

fn writes() -> Vec<(&'static str, Attempt)> {
    vec![
        ("PATCH /hubs/{id}", |_, c, _| {
            c.patch_json("/api/v1/hubs/hub-a", &json!({"summary": "A new summary for the hub."}), None).status
        }),
        ("POST /hubs/{hub}/deliverables", |_, c, _| {
            c.post_json(
                "/api/v1/hubs/hub-a/deliverables",
                &json!({"title": "Guide", "kind": "publication", "due_date": "2025-06-30"}),
            )
            .status
        }),
        ("PATCH /deliverables/{id}", |app, c, _| {
            c.patch_json(
                &format!("/api/v1/deliverables/{}", fresh(app, "deliverable")),
                &json!({"title": "Renamed"}),
                None,
            )
            .status
        }),
        ("DELETE /deliverables/{id}", |app, c, _| {
            c.delete(&format!("/api/v1/deliverables/{}", fresh(app, "deliverable")), None).status
        }),
        ("POST /hubs/{hub}/stakeholders", |_, c, _| {
            c.post_json(
                "/api/v1/hubs/hub-a/stakeholders",
                &json!({"name": "Youth council", "kind": "citizens_group", "role": "participant"}),
            )
            .status
        }),
        ("PATCH /stakeholders/{id}", |app, c, _| {
            c.patch_json(
                &format!("/api/v1/stakeholders/{}", fresh(app, "stakeholder")),
                &json!({"role": "expert"}),
                None,
            )
            .status
        }),
        ("DELETE /stakeholders/{id}", |app, c, _| {
            c.delete(&format!("/api/v1/stakeholders/{}", fresh(app, "stakeholder")), None).status
        }),
        ("POST /hubs/{hub}/indicators", |_, c, _| c.post_json("/api/v1/hubs/hub-a/indicators", &indicator()).status),
        ("PATCH /indicators/{id}", |app, c, _| {
            c.patch_json(
                &format!("/api/v1/indicators/{}", fresh(app, "indicator")),
                &json!({"unit": "residents"}),
                None,
            )
            .status
        }),
        ("DELETE /indicators/{id}", |app, c, _| {
            c.delete(&format!("/api/v1/indicators/{}", fresh(app, "indicator")), None).status
        }),
        ("POST /indicators/{id}/measurements", |app, c, _| {
            c.post_json(
                &format!("/api/v1/indicators/{}/measurements", fresh(app, "indicator")),
                &json!({"value": 4, "measured_on": "2025-03-01"}),
            )
            .status
        }),
        ("POST /indicators/{id}/measurements:batch", |app, c, _| {
            let path = format!("/api/v1/indicators/{}/measurements:batch", fresh(app, "indicator"));
            c.post_json(&path, &json!([{"value": 4, "measured_on": "2025-03-01"}])).status
        }),
        ("DELETE /measurements/{id}", |app, c, _| {
            c.delete(&format!("/api/v1/measurements/{}", fresh(app, "measurement")), None).status
        }),
        ("POST /hubs/{hub}/connections", |app, c, _| {
            let other = other_hub(app);
            c.post_json("/api/v1/hubs/hub-a/connections", &json!({"other_hub_id": other, "kind": "joint_activity"}))
                .status
        }),
        ("DELETE /connections/{id}", |app, c, _| {
            c.delete(&format!("/api/v1/connections/{}", fresh(app, "connection")), None).status
        }),
        ("POST /hubs/{hub}/activities", |_, c, _| {
            c.post_json("/api/v1/hubs/hub-a/activities", &json!({"kind": "publication", "title": "Report", "date": "2025-04-01", "url": "https://example.org/r"})).status
        }),
        ("PATCH /activities/{id}", |app, c, _| {
            c.patch_json(
                &format!("/api/v1/activities/{}", fresh(app, "activity")),
                &json!({"title": "Renamed forum"}),
                None,
            )
            .status
        }),
        ("DELETE /activities/{id}", |app, c, _| {
            c.delete(&format!("/api/v1/activities/{}", fresh(app, "activity")), None).status
        }),
        ("POST /hubs", |_, c, w| {
            c.post_json("/api/v1/hubs", &crate::hub_with(&w.org_a, "Another hub of A", json!({}))).status
        }),
        ("DELETE /hubs/{id}", |app, c, w| {
            let slug = format!("hub-a-{}", uuid::Uuid::now_v7().simple());
            app.post_json("/api/v1/hubs", &crate::hub_with(&w.org_a, &slug, json!({"slug": slug}))).expect(201);
            c.delete(&format!("/api/v1/hubs/{slug}"), None).status
        }),
        ("POST /organisations", |_, c, _| {
            c.post_json(
                "/api/v1/organisations",
                &json!({"name": "New city", "kind": "local_government", "country": "FR"}),
            )
            .status
        }),
        ("PATCH /organisations/{id}", |_, c, w| {
            c.patch_json(
                &format!("/api/v1/organisations/{}", w.org_a),
                &json!({"website": "https://a.example.org"}),
                None,
            )
            .status
        }),
    ]
}

/// Writes only the Secretariat makes, whoever leads the hub.
const SECRETARIAT_ONLY: &[&str] =
    &["POST /hubs", "DELETE /hubs/{id}", "POST /organisations", "PATCH /organisations/{id}"];

fn audit_total(app: &TestApp) -> u64 {
    app.get("/api/v1/audit?per_page=1").expect(200).json()["total"].as_u64().unwrap()
}

fn key_for(app: &TestApp, organisation: &str, scopes: &[&str]) -> String {
    let body = json!({"name": "Dashboard", "scopes": scopes, "organisation_id": organisation});
    app.post_json("/api/v1/api-keys", &body).expect(201).json()["secret"].as_str().unwrap().to_owned()
}

#[test]
fn every_write_checks_the_object_for_every_kind_of_caller() {
    let app = TestApp::spawn();
    let w = world(&app);
    let (_, manager_a) = app.user_with("manager-a@example.org", &["manager"], &[&w.org_a]);
    let (_, manager_b) = app.user_with("manager-b@example.org", &["manager"], &[&w.org_b]);
    let (_, member_a) = app.user_with("member-a@example.org", &[], &[&w.org_a]);
    let (_, reviewer) = app.user_with("reviewer@example.org", &["reviewer"], &[]);
    let key_a = key_for(&app, &w.org_a, &["read", "write"]);
    let key_b = key_for(&app, &w.org_b, &["read", "write"]);
    let read_key_a = key_for(&app, &w.org_a, &["read"]);

    // (caller, may write hub A's objects, may make the Secretariat's writes, status when refused)
    let callers: Vec<(&str, Caller<'_>, bool, bool, u16)> = vec![
        ("anonymous", app.anonymous(), false, false, 401),
        ("admin", app.admin(), true, true, 0),
        ("manager of A", app.bearer(&manager_a), true, false, 403),
        ("manager of B", app.bearer(&manager_b), false, false, 403),
        ("member of A without the manager role", app.bearer(&member_a), false, false, 403),
        ("reviewer", app.bearer(&reviewer), false, false, 403),
        ("write key of A", app.api_key(&key_a), true, false, 403),
        ("write key of A as a bearer token", app.bearer(&key_a), true, false, 403),
        ("write key of B", app.api_key(&key_b), false, false, 403),
        ("read-only key of A", app.api_key(&read_key_a), false, false, 403),
    ];
    let mut mismatches = Vec::new();
    for (name, attempt) in writes() {
        for (caller_name, caller, writes_a, secretariat, refused) in &callers {
            let allowed = if SECRETARIAT_ONLY.contains(&name) { *secretariat } else { *writes_a };
            let before = audit_total(&app);
            let status = attempt(&app, caller, &w);
            let recorded = audit_total(&app) - before;
            let ok = if allowed { (200..300).contains(&status) } else { status == *refused };
            // The fixtures the attempt made as the administrator are audited too; count the attempt's own entry.
            let fixtures = recorded.saturating_sub(u64::from(allowed && (200..300).contains(&status)));
            let expected_fixture_entries = fixture_entries(name);
            if !ok {
                mismatches.push(format!(
                    "{caller_name} × {name}: got {status}, expected {}",
                    if allowed { "2xx".to_owned() } else { refused.to_string() }
                ));
            } else if fixtures != expected_fixture_entries {
                mismatches.push(format!(
                    "{caller_name} × {name}: {recorded} audit entries for {expected_fixture_entries} fixtures"
                ));
            }
        }
    }
    assert!(mismatches.is_empty(), "the permission matrix broke:\n{}", mismatches.join("\n"));
}

/// How many audited writes an attempt's fixtures make before the attempt itself.
fn fixture_entries(name: &str) -> u64 {
    match name {
        "PATCH /deliverables/{id}"
        | "DELETE /deliverables/{id}"
        | "PATCH /stakeholders/{id}"
        | "DELETE /stakeholders/{id}"
        | "PATCH /indicators/{id}"
        | "DELETE /indicators/{id}"
        | "POST /indicators/{id}/measurements"
        | "POST /indicators/{id}/measurements:batch"
        | "PATCH /activities/{id}"
        | "DELETE /activities/{id}"
        | "DELETE /hubs/{id}" => 1,
        // An organisation and a hub.
        "POST /hubs/{hub}/connections" => 2,
        // An indicator and its measurement.
        "DELETE /measurements/{id}" => 2,
        // An organisation, a hub and the connection.
        "DELETE /connections/{id}" => 3,
        _ => 0,
    }
}

#[test]
fn a_manager_may_not_set_what_only_the_secretariat_sets() {
    let app = TestApp::spawn();
    let w = world(&app);
    let (_, manager) = app.user_with("manager-a@example.org", &["manager"], &[&w.org_a]);
    let as_manager = app.bearer(&manager);

    let problem =
        as_manager.patch_json("/api/v1/hubs/hub-a", &json!({"status": "suspended"}), None).problem(403, "forbidden");
    l4a_tests::assert_has_field_error(&problem, "status", "consistent");
    let problem = as_manager
        .patch_json("/api/v1/hubs/hub-a", &json!({"lead_organisation_id": w.org_b}), None)
        .problem(403, "forbidden");
    l4a_tests::assert_has_field_error(&problem, "lead_organisation_id", "consistent");
    // Sending the current values, as a whole form does, is not a change.
    let unchanged =
        json!({"status": "active", "lead_organisation_id": w.org_a, "summary": "A summary the manager rewrote."});
    as_manager.patch_json("/api/v1/hubs/hub-a", &unchanged, None).expect(200);
    assert_eq!(app.get("/api/v1/hubs/hub-a").json()["status"], "active");
    // The Secretariat may.
    app.patch_json("/api/v1/hubs/hub-a", &json!({"status": "suspended"}), None).expect(200);
}

#[test]
fn hubs_that_are_not_public_are_missing_to_those_who_may_not_read_them() {
    let app = TestApp::spawn();
    let w = world(&app);
    app.patch_json("/api/v1/hubs/hub-a", &json!({"status": "suspended"}), None).expect(200);
    let (_, manager_a) = app.user_with("manager-a@example.org", &["manager"], &[&w.org_a]);
    let (_, manager_b) = app.user_with("manager-b@example.org", &["manager"], &[&w.org_b]);
    let (_, reviewer) = app.user_with("reviewer@example.org", &["reviewer"], &[]);

    let slugs = |caller: Caller<'_>| -> Vec<String> {
        let page = caller.get("/api/v1/hubs?per_page=100").expect(200).json();
        page["items"].as_array().unwrap().iter().map(|h| h["slug"].as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(slugs(app.anonymous()), ["hub-b"]);
    assert_eq!(slugs(app.bearer(&manager_b)), ["hub-b"]);
    assert_eq!(slugs(app.bearer(&manager_a)), ["hub-a", "hub-b"], "its own suspended hub");
    assert_eq!(slugs(app.bearer(&reviewer)), ["hub-a", "hub-b"]);
    app.anonymous().get("/api/v1/hubs/hub-a").problem(404, "not_found");
    app.anonymous().get("/api/v1/hubs/hub-a/deliverables").problem(404, "not_found");
    app.bearer(&manager_b).get("/api/v1/hubs/hub-a/indicators").problem(404, "not_found");
    app.bearer(&manager_a).get("/api/v1/hubs/hub-a").expect(200);
    let status_filter = app.anonymous().get("/api/v1/hubs?status=suspended").expect(200).json();
    assert_eq!(status_filter["total"], 0, "a status filter does not reveal hidden hubs");
    // Nor does a public hub's link to it.
    app.post_json("/api/v1/hubs/hub-b/connections", &json!({"other_hub_id": "hub-a", "kind": "peer_learning"}))
        .expect(201);
    let links =
        |caller: Caller<'_>| caller.get("/api/v1/hubs/hub-b/connections").expect(200).json()["total"].as_u64().unwrap();
    assert_eq!(links(app.anonymous()), 0);
    assert_eq!(links(app.bearer(&manager_b)), 0);
    assert_eq!(links(app.bearer(&manager_a)), 1);
    assert_eq!(links(app.bearer(&reviewer)), 1);
}

fn signed_in(app: &TestApp, email: &str) -> Value {
    app.post_json("/api/v1/users", &json!({"email": email, "display_name": "Ana", "password": "a long test password"}))
        .expect(201);
    app.login(email, "a long test password")
}

#[test]
fn a_session_lives_by_its_tokens_and_a_reused_refresh_token_ends_it() {
    let app = TestApp::spawn();
    let first = signed_in(&app, "Ana@Example.org");
    assert_eq!(first["token_type"], "Bearer");
    assert_eq!(first["expires_in"], 900, "15 minutes by default");
    let me = app.bearer(first["access_token"].as_str().unwrap()).get("/api/v1/auth/me").expect(200).json();
    assert_eq!(me["email"], "Ana@Example.org");
    assert_eq!(me["organisations"], json!([]));
    // The address signs in whatever its case.
    app.login("ana@example.ORG", "a long test password");

    let refresh = |token: &Value| app.anonymous().post_json("/api/v1/auth/refresh", &json!({"refresh_token": token}));
    let second = refresh(&first["refresh_token"]).expect(200).json();
    assert_ne!(second["refresh_token"], first["refresh_token"]);
    app.bearer(second["access_token"].as_str().unwrap()).get("/api/v1/auth/me").expect(200);
    // The first refresh token was exchanged: using it again is theft, and ends the session.
    refresh(&first["refresh_token"]).problem(401, "unauthorized");
    refresh(&second["refresh_token"]).problem(401, "unauthorized");

    // Signing out ends the session too.
    let third = app.login("ana@example.org", "a long test password");
    app.anonymous().post_json("/api/v1/auth/logout", &json!({"refresh_token": third["refresh_token"]})).expect(204);
    refresh(&third["refresh_token"]).problem(401, "unauthorized");
    refresh(&json!("not-a-token")).problem(401, "unauthorized");
    let id = third["refresh_token"].as_str().unwrap().split_once('.').unwrap().0.to_owned();
    refresh(&json!(format!("{id}.{}", "0".repeat(64)))).problem(401, "unauthorized");
}

#[test]
fn deactivating_an_account_or_resetting_its_password_ends_its_sessions_at_once() {
    let app = TestApp::spawn();
    let tokens = signed_in(&app, "ana@example.org");
    let access = tokens["access_token"].as_str().unwrap().to_owned();
    let me = app.bearer(&access).get("/api/v1/auth/me").expect(200).json();
    let id = me["id"].as_str().unwrap().to_owned();

    let reset = app.post_json(&format!("/api/v1/users/{id}/password-reset"), &json!({})).expect(200).json();
    app.bearer(&access).get("/api/v1/auth/me").problem(401, "unauthorized");
    app.anonymous()
        .post_json("/api/v1/auth/refresh", &json!({"refresh_token": tokens["refresh_token"]}))
        .problem(401, "unauthorized");
    let password = reset["initial_password"].as_str().unwrap();
    let again = app.login("ana@example.org", password);

    app.patch_json(&format!("/api/v1/users/{id}"), &json!({"active": false}), None).expect(200);
    app.bearer(again["access_token"].as_str().unwrap()).get("/api/v1/auth/me").problem(401, "unauthorized");
    app.anonymous()
        .post_json("/api/v1/auth/login", &json!({"email": "ana@example.org", "password": password}))
        .problem(401, "unauthorized");
}

#[test]
fn an_account_changes_its_own_name_language_and_password_but_not_its_roles() {
    let app = TestApp::spawn();
    let tokens = signed_in(&app, "ana@example.org");
    let ana = app.bearer(tokens["access_token"].as_str().unwrap());
    let id = ana.get("/api/v1/auth/me").expect(200).json()["id"].as_str().unwrap().to_owned();

    let changed =
        ana.patch_json(&format!("/api/v1/users/{id}"), &json!({"display_name": "Ana M.", "language": "es"}), None);
    assert_eq!(changed.expect(200).json()["language"], "es");
    let problem =
        ana.patch_json(&format!("/api/v1/users/{id}"), &json!({"roles": ["admin"]}), None).problem(403, "forbidden");
    l4a_tests::assert_has_field_error(&problem, "roles", "consistent");
    ana.get("/api/v1/users").problem(403, "forbidden");
    let (other, _) = app.user_with("bea@example.org", &[], &[]);
    ana.get(&format!("/api/v1/users/{other}")).problem(403, "forbidden");

    ana.post_json(
        "/api/v1/users/me/password",
        &json!({"current_password": "wrong password!", "new_password": "another long password"}),
    )
    .problem(403, "forbidden");
    ana.post_json(
        "/api/v1/users/me/password",
        &json!({"current_password": "a long test password", "new_password": "short"}),
    )
    .field_error("new_password", "length");
    ana.post_json(
        "/api/v1/users/me/password",
        &json!({"current_password": "a long test password", "new_password": "another long password"}),
    )
    .expect(204);
    app.login("ana@example.org", "another long password");

    // An address is one account, whatever its case; a generated password is shown once.
    let taken = app
        .post_json("/api/v1/users", &json!({"email": "ANA@example.org", "display_name": "Copy"}))
        .problem(409, "email_taken");
    l4a_tests::assert_has_field_error(&taken, "email", "unique");
    let generated =
        app.post_json("/api/v1/users", &json!({"email": "cy@example.org", "display_name": "Cy"})).expect(201).json();
    let password = generated["initial_password"].as_str().unwrap();
    assert!(password.len() >= 16, "{password}");
    app.login("cy@example.org", password);
    let listed = app.get("/api/v1/users?q=cy").expect(200).text();
    assert!(!listed.contains(password) && !listed.contains("argon2"), "no password or hash is ever listed");
}

/// Base64url without padding, as JWTs use.
fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

#[test]
fn a_forged_expired_or_misdirected_token_is_refused() {
    let secret = "a signing secret of at least thirty-two bytes";
    let app = TestApp::spawn_with(l4a_tests::Options {
        env: vec![("JWT_SECRET".into(), secret.into())],
        ..Default::default()
    });
    let genuine = app.admin_token.clone();
    let header = jsonwebtoken::decode_header(&genuine).unwrap();
    assert_eq!(header.alg, jsonwebtoken::Algorithm::HS256);
    let kid = header.kid.expect("a kid");
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::HS256);
    validation.set_audience(&["l4a-api"]);
    let claims: Value = jsonwebtoken::decode(
        &genuine,
        &jsonwebtoken::DecodingKey::from_secret(secret.as_bytes()).unwrap(),
        &validation,
    )
    .unwrap()
    .claims;
    assert_eq!((claims["iss"].as_str(), claims["aud"].as_str()), (Some("l4a"), Some("l4a-api")));

    let sign = |claims: &Value, algorithm: jsonwebtoken::Algorithm, key: &str, kid: Option<&str>| {
        let mut header = jsonwebtoken::Header::new(algorithm);
        header.kid = kid.map(str::to_owned);
        jsonwebtoken::encode(&header, claims, &jsonwebtoken::EncodingKey::from_secret(key.as_bytes()).unwrap()).unwrap()
    };
    let now = chrono::Utc::now().timestamp();
    let with = |changes: Value| {
        let mut changed = claims.clone();
        for (key, value) in changes.as_object().unwrap() {
            if value.is_null() {
                changed.as_object_mut().unwrap().remove(key);
            } else {
                changed[key] = value.clone();
            }
        }
        changed
    };
    let status = |token: &str| app.bearer(token).get("/api/v1/auth/me").status;

    let resigned = sign(&claims, jsonwebtoken::Algorithm::HS256, secret, Some(&kid));
    assert_eq!(status(&resigned), 200, "the test signs tokens as the server does");
    let cases = vec![
        (
            "another key",
            sign(&claims, jsonwebtoken::Algorithm::HS256, "another secret of thirty-two bytes or more", Some(&kid)),
        ),
        ("another algorithm", sign(&claims, jsonwebtoken::Algorithm::HS384, secret, Some(&kid))),
        ("no kid", sign(&claims, jsonwebtoken::Algorithm::HS256, secret, None)),
        ("another kid", sign(&claims, jsonwebtoken::Algorithm::HS256, secret, Some("0123456789abcdef"))),
        (
            "expired",
            sign(
                &with(json!({"exp": now - 5, "nbf": now - 100, "iat": now - 100})),
                jsonwebtoken::Algorithm::HS256,
                secret,
                Some(&kid),
            ),
        ),
        (
            "not yet valid",
            sign(
                &with(json!({"nbf": now + 600, "exp": now + 1200})),
                jsonwebtoken::Algorithm::HS256,
                secret,
                Some(&kid),
            ),
        ),
        (
            "another audience",
            sign(&with(json!({"aud": "another-api"})), jsonwebtoken::Algorithm::HS256, secret, Some(&kid)),
        ),
        (
            "another issuer",
            sign(&with(json!({"iss": "someone-else"})), jsonwebtoken::Algorithm::HS256, secret, Some(&kid)),
        ),
        ("no audience", sign(&with(json!({"aud": null})), jsonwebtoken::Algorithm::HS256, secret, Some(&kid))),
        ("no nbf", sign(&with(json!({"nbf": null})), jsonwebtoken::Algorithm::HS256, secret, Some(&kid))),
        ("no subject", sign(&with(json!({"sub": null})), jsonwebtoken::Algorithm::HS256, secret, Some(&kid))),
        (
            "an unknown subject",
            sign(
                &with(json!({"sub": "0190f000-0000-7000-8000-000000000000"})),
                jsonwebtoken::Algorithm::HS256,
                secret,
                Some(&kid),
            ),
        ),
        ("alg none", {
            let header = base64url(format!(r#"{{"alg":"none","typ":"JWT","kid":"{kid}"}}"#).as_bytes());
            format!("{header}.{}.", base64url(claims.to_string().as_bytes()))
        }),
        ("a tampered payload", {
            let (head, rest) = genuine.split_once('.').unwrap();
            let signature = rest.rsplit_once('.').unwrap().1;
            let forged = with(json!({"exp": now + 100_000}));
            format!("{head}.{}.{signature}", base64url(forged.to_string().as_bytes()))
        }),
        ("garbage", "not.a.token".to_owned()),
    ];
    for (case, token) in cases {
        let response = app.bearer(&token).get("/api/v1/auth/me");
        assert_eq!(response.status, 401, "{case}: {}", response.text());
        assert_eq!(response.header("www-authenticate"), Some("Bearer"), "{case}");
    }
    let expired =
        sign(&with(json!({"exp": now - 5, "nbf": now - 100})), jsonwebtoken::Algorithm::HS256, secret, Some(&kid));
    assert!(
        app.bearer(&expired).get("/api/v1/auth/me").problem(401, "unauthorized")["detail"]
            .as_str()
            .unwrap()
            .contains("expired")
    );
    assert_eq!(
        app.anonymous().request("GET", "/api/v1/hubs", &[("Authorization", "Basic YWRtaW46YWRtaW4=")], None).status,
        401
    );
    assert_eq!(app.anonymous().request("POST", "/api/v1/organisations", &[], None).status, 401);
}

#[test]
fn the_signing_key_is_generated_once_kept_in_the_data_folder_and_never_logged() {
    let mut app = TestApp::spawn();
    let before = app.admin_token.clone();
    app.restart();
    app.bearer(&before).get("/api/v1/auth/me").expect(200);
    let log = app.log();
    let key = std::fs::read_dir(app.scratch_path().join("data")).unwrap().count();
    assert_eq!(key, 1, "data/jwt.key");
    let secret = std::fs::read_to_string(app.scratch_path().join("data/jwt.key")).unwrap();
    assert!(secret.trim().len() >= 64);
    assert!(!log.contains(secret.trim()), "the signing secret reached the log");
}

#[test]
fn an_api_key_is_shown_once_stored_hashed_scoped_and_revocable() {
    let app = TestApp::spawn();
    let w = world(&app);
    let created = app
        .post_json(
            "/api/v1/api-keys",
            &json!({"name": "City dashboard", "scopes": ["read", "write"], "organisation_id": w.org_a}),
        )
        .expect(201)
        .json();
    let secret = created["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("l4a_") && secret.len() > 40, "{secret}");
    assert!(secret.starts_with(created["prefix"].as_str().unwrap()));
    let id = created["id"].as_str().unwrap().to_owned();

    let listed = app.get("/api/v1/api-keys").expect(200);
    assert!(!listed.text().contains(&secret), "a listing never shows a secret");
    assert_eq!(listed.json()["items"][0]["last_used_at"], Value::Null);

    // Accepted as a bearer token or in X-API-Key; writes only its organisation's hubs.
    app.bearer(&secret).get("/api/v1/hubs/hub-a").expect(200);
    let deliverable = json!({"title": "Open data portal", "kind": "tool", "due_date": "2025-09-30"});
    app.api_key(&secret).post_json("/api/v1/hubs/hub-a/deliverables", &deliverable).expect(201);
    app.api_key(&secret).post_json("/api/v1/hubs/hub-b/deliverables", &deliverable).problem(403, "forbidden");
    app.api_key(&secret).get("/api/v1/users").problem(403, "forbidden");
    let used = app.get("/api/v1/api-keys").expect(200).json();
    assert!(used["items"][0]["last_used_at"].is_string(), "its last use is shown: {used}");

    // A key for reading metrics only cannot read the catalogue; nor can a mangled key.
    let metrics = app
        .post_json("/api/v1/api-keys", &json!({"name": "UCLG dashboard", "scopes": ["read:metrics"]}))
        .expect(201)
        .json()["secret"]
        .as_str()
        .unwrap()
        .to_owned();
    app.api_key(&metrics).get("/api/v1/hubs").problem(403, "forbidden");
    let last = if secret.ends_with('0') { '1' } else { '0' };
    let mangled = format!("{}{last}", &secret[..secret.len() - 1]);
    app.api_key(&mangled).get("/api/v1/hubs").problem(401, "unauthorized");
    app.api_key("l4a_short").get("/api/v1/hubs").problem(401, "unauthorized");
    app.anonymous()
        .request(
            "GET",
            "/api/v1/hubs",
            &[("X-API-Key", &secret), ("Authorization", &format!("Bearer {}", app.admin_token))],
            None,
        )
        .problem(401, "unauthorized");

    app.delete(&format!("/api/v1/api-keys/{id}"), None).expect(204);
    app.api_key(&secret).get("/api/v1/hubs").problem(401, "unauthorized");
    let revoked = app.get("/api/v1/api-keys").expect(200).json();
    let entry = revoked["items"].as_array().unwrap().iter().find(|k| k["id"] == id.as_str()).unwrap().clone();
    assert!(entry["revoked_at"].is_string());

    // A key that writes acts for one organisation; an expiry lies ahead.
    app.post_json("/api/v1/api-keys", &json!({"name": "Bad", "scopes": ["write"]}))
        .field_error("organisation_id", "required");
    app.post_json(
        "/api/v1/api-keys",
        &json!({"name": "Bad", "scopes": ["read"], "expires_at": "2020-01-01T00:00:00Z"}),
    )
    .field_error("expires_at", "range");
}

#[test]
fn a_manager_manages_the_keys_of_their_own_organisations_only() {
    let app = TestApp::spawn();
    let w = world(&app);
    let (_, manager) = app.user_with("manager-a@example.org", &["manager"], &[&w.org_a]);
    let as_manager = app.bearer(&manager);
    let own = json!({"name": "Our dashboard", "scopes": ["read", "write"], "organisation_id": w.org_a});
    let key = as_manager.post_json("/api/v1/api-keys", &own).expect(201).json();
    as_manager
        .post_json("/api/v1/api-keys", &json!({"name": "Theirs", "scopes": ["read"], "organisation_id": w.org_b}))
        .problem(403, "forbidden");
    as_manager
        .post_json("/api/v1/api-keys", &json!({"name": "Everything", "scopes": ["read"]}))
        .problem(403, "forbidden");
    let other = app
        .post_json("/api/v1/api-keys", &json!({"name": "B's", "scopes": ["read"], "organisation_id": w.org_b}))
        .expect(201)
        .json();
    let listed = as_manager.get("/api/v1/api-keys").expect(200).json();
    assert_eq!(listed["total"], 1, "only their organisation's keys: {listed}");
    as_manager.delete(&format!("/api/v1/api-keys/{}", other["id"].as_str().unwrap()), None).problem(403, "forbidden");
    as_manager.delete(&format!("/api/v1/api-keys/{}", key["id"].as_str().unwrap()), None).expect(204);
    // A key cannot mint keys.
    app.api_key(key["secret"].as_str().unwrap()).get("/api/v1/api-keys").problem(401, "unauthorized");
}

#[test]
fn sign_in_attempts_are_limited_per_account_and_per_address() {
    let app = TestApp::spawn_with(l4a_tests::Options {
        env: vec![("AUTH_LIMIT_PER_ACCOUNT".into(), "3".into()), ("AUTH_LIMIT_PER_ADDRESS".into(), "12".into())],
        ..Default::default()
    });
    signed_in(&app, "ana@example.org");
    let attempt = |email: &str, password: &str| {
        app.anonymous().post_json("/api/v1/auth/login", &json!({"email": email, "password": password}))
    };
    // An unknown address and a wrong password get the same answer.
    let unknown = attempt("nobody@example.org", "a long test password");
    let wrong = attempt("ana@example.org", "a wrong password!");
    assert_eq!((unknown.status, wrong.status), (401, 401));
    assert_eq!(unknown.json()["detail"], wrong.json()["detail"]);
    attempt("ana@example.org", "a wrong password!").expect(401);
    attempt("ana@example.org", "another wrong one").expect(401);
    let limited = attempt("ana@example.org", "a long test password");
    limited.problem(429, "too_many_requests");
    let retry: u64 = limited.header("retry-after").expect("Retry-After").parse().unwrap();
    assert!((1..=900).contains(&retry), "{retry}");
    // Other accounts are not locked by Ana's failures, until the address itself is over its limit.
    let mut statuses = Vec::new();
    for n in 0..10 {
        statuses.push(attempt(&format!("someone-{n}@example.org"), "whatever password").status);
    }
    // The address failed 4 times of its 12: the unknown address and the three wrong passwords
    // (successful sign-ins and refusals by the account's limit do not count).
    assert_eq!(statuses.iter().filter(|&&s| s == 401).count(), 12 - 4, "{statuses:?}");
    assert_eq!(statuses.last(), Some(&429));
    app.anonymous()
        .post_json("/api/v1/auth/refresh", &json!({"refresh_token": "x.y"}))
        .problem(429, "too_many_requests");
}

#[test]
fn every_change_is_in_the_audit_trail_with_who_what_and_how() {
    let app = TestApp::spawn();
    let w = world(&app);
    let (manager_id, manager) = app.user_with("manager-a@example.org", &["manager"], &[&w.org_a]);
    let (_, manager_b) = app.user_with("manager-b@example.org", &["manager"], &[&w.org_b]);
    let as_manager = app.bearer(&manager);
    let created = as_manager
        .post_json(
            "/api/v1/hubs/hub-a/deliverables",
            &json!({"title": "A toolkit", "kind": "tool", "due_date": "2025-06-30"}),
        )
        .expect(201)
        .json();
    let id = created["id"].as_str().unwrap();
    as_manager.patch_json(&format!("/api/v1/deliverables/{id}"), &json!({"status": "in_progress"}), None).expect(200);
    as_manager.delete(&format!("/api/v1/deliverables/{id}"), None).expect(204);

    let trail = app.get(&format!("/api/v1/audit?entity=deliverable&entity_id={id}")).expect(200).json();
    let actions: Vec<&str> = trail["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["delete", "update", "create"], "newest first");
    let update = &trail["items"][1];
    assert_eq!(update["actor_kind"], "user");
    assert_eq!(update["actor_id"], manager_id.as_str());
    assert_eq!(update["actor_name"], "manager-a@example.org");
    assert_eq!(update["changes"], json!({"status": {"before": "planned", "after": "in_progress"}}));
    assert_eq!(trail["items"][2]["changes"]["title"], json!({"before": null, "after": "A toolkit"}));
    assert_eq!(trail["items"][0]["changes"]["title"], json!({"before": "A toolkit", "after": null}));

    let by_actor = app.get(&format!("/api/v1/audit?actor={manager_id}")).expect(200).json();
    assert_eq!(by_actor["total"], 4, "the three changes and the sign-in");
    assert_eq!(by_actor["items"][3]["action"], "sign_in");
    let today = chrono::Utc::now().date_naive();
    let yesterday = today.pred_opt().unwrap();
    assert_eq!(app.get(&format!("/api/v1/audit?actor={manager_id}&to={yesterday}")).expect(200).json()["total"], 0);
    assert_eq!(
        app.get(&format!("/api/v1/audit?actor={manager_id}&from={today}&to={today}")).expect(200).json()["total"],
        4
    );
    app.get("/api/v1/audit?from=2025-02-01&to=2025-01-01").problem(400, "invalid_query");

    // The hub's history: for its managers and the Secretariat.
    let history = as_manager.get("/api/v1/hubs/hub-a/history").expect(200).json();
    assert!(history["items"].as_array().unwrap().iter().all(|e| e["hub_id"] == history["items"][0]["hub_id"]));
    assert!(history["total"].as_u64().unwrap() >= 4, "the hub's creation and the deliverable's three changes");
    app.bearer(&manager_b).get("/api/v1/hubs/hub-a/history").problem(403, "forbidden");
    as_manager.get("/api/v1/audit").problem(403, "forbidden");
    app.anonymous().get("/api/v1/audit").problem(401, "unauthorized");
}

#[test]
fn an_organisation_finds_the_hubs_it_leads_or_partners_in() {
    let app = TestApp::spawn();
    let w = world(&app);
    app.patch_json("/api/v1/hubs/hub-b", &json!({"partner_organisation_ids": [w.org_a]}), None).expect(200);
    let slugs = |organisation: &str| -> Vec<String> {
        let page = app.get(&format!("/api/v1/hubs?organisation={organisation}")).expect(200).json();
        page["items"].as_array().unwrap().iter().map(|h| h["slug"].as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(slugs(&w.org_a), ["hub-a", "hub-b"], "led and partnered");
    assert_eq!(slugs(&w.org_b), ["hub-b"]);
}
