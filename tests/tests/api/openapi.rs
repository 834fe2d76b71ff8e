//! The committed OpenAPI document is what the code generates, and it documents every route.

use l4a_tests::{TestApp, repo_root};
use serde_json::{Value, json};

fn committed() -> Value {
    let path = repo_root().join("openapi/openapi.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("the committed document is JSON")
}

#[test]
fn the_committed_document_matches_what_the_server_serves() {
    let app = TestApp::spawn();
    let served = app.get("/api/openapi.json").expect(200).json();
    assert!(served == committed(), "openapi/openapi.json is out of date: run `just openapi` and commit it");
}

#[test]
fn the_openapi_subcommand_prints_the_committed_document_byte_for_byte() {
    let app = TestApp::spawn();
    let (status, stdout, stderr) = app.l4a(&["openapi"]);
    assert!(status.success(), "{stderr}");
    let committed_text = std::fs::read_to_string(repo_root().join("openapi/openapi.json")).unwrap();
    assert!(stdout == committed_text, "openapi/openapi.json is out of date: run `just openapi` and commit it");
}

#[test]
fn the_document_is_openapi_3_1_and_lists_every_route_with_its_problems() {
    let document = committed();
    assert!(document["openapi"].as_str().unwrap().starts_with("3.1"));
    let expected = [
        ("/api/v1/hubs", "get"),
        ("/api/v1/hubs", "post"),
        ("/api/v1/hubs/{id}", "get"),
        ("/api/v1/hubs/{id}", "patch"),
        ("/api/v1/hubs/{id}", "delete"),
        ("/api/v1/hubs/{id}/eligibility", "get"),
        ("/api/v1/hubs/{hub}/deliverables", "get"),
        ("/api/v1/hubs/{hub}/deliverables", "post"),
        ("/api/v1/deliverables/{id}", "get"),
        ("/api/v1/deliverables/{id}", "patch"),
        ("/api/v1/deliverables/{id}", "delete"),
        ("/api/v1/hubs/{hub}/stakeholders", "get"),
        ("/api/v1/hubs/{hub}/stakeholders", "post"),
        ("/api/v1/stakeholders/{id}", "get"),
        ("/api/v1/stakeholders/{id}", "patch"),
        ("/api/v1/stakeholders/{id}", "delete"),
        ("/api/v1/hubs/{hub}/indicators", "get"),
        ("/api/v1/hubs/{hub}/indicators", "post"),
        ("/api/v1/indicators/{id}", "get"),
        ("/api/v1/indicators/{id}", "patch"),
        ("/api/v1/indicators/{id}", "delete"),
        ("/api/v1/indicators/{id}/measurements", "get"),
        ("/api/v1/indicators/{id}/measurements", "post"),
        ("/api/v1/indicators/{id}/measurements:batch", "post"),
        ("/api/v1/measurements/{id}", "delete"),
        ("/api/v1/hubs/{hub}/connections", "get"),
        ("/api/v1/hubs/{hub}/connections", "post"),
        ("/api/v1/connections/{id}", "delete"),
        ("/api/v1/connections/{id}/decision", "post"),
        ("/api/v1/hubs/{hub}/activities", "get"),
        ("/api/v1/hubs/{hub}/activities", "post"),
        ("/api/v1/activities/{id}", "get"),
        ("/api/v1/activities/{id}", "patch"),
        ("/api/v1/activities/{id}", "delete"),
        ("/api/v1/organisations", "get"),
        ("/api/v1/organisations", "post"),
        ("/api/v1/organisations/{id}", "get"),
        ("/api/v1/organisations/{id}", "patch"),
        ("/api/v1/auth/login", "post"),
        ("/api/v1/auth/refresh", "post"),
        ("/api/v1/auth/logout", "post"),
        ("/api/v1/auth/me", "get"),
        ("/api/v1/users", "get"),
        ("/api/v1/users", "post"),
        ("/api/v1/users/{id}", "get"),
        ("/api/v1/users/{id}", "patch"),
        ("/api/v1/users/{id}/password-reset", "post"),
        ("/api/v1/users/me/password", "post"),
        ("/api/v1/api-keys", "get"),
        ("/api/v1/api-keys", "post"),
        ("/api/v1/api-keys/{id}", "delete"),
        ("/api/v1/webhooks", "get"),
        ("/api/v1/webhooks", "post"),
        ("/api/v1/webhooks/{id}", "get"),
        ("/api/v1/webhooks/{id}", "patch"),
        ("/api/v1/webhooks/{id}", "delete"),
        ("/api/v1/webhooks/{id}/rotate-secret", "post"),
        ("/api/v1/webhooks/{id}/deliveries", "get"),
        ("/api/v1/webhooks/{id}/deliveries/{delivery}/redeliver", "post"),
        ("/api/v1/audit", "get"),
        ("/api/v1/hubs/{hub}/history", "get"),
        ("/api/v1/calls", "get"),
        ("/api/v1/calls", "post"),
        ("/api/v1/calls/{id}", "get"),
        ("/api/v1/calls/{id}", "patch"),
        ("/api/v1/calls/{call}/proposals", "get"),
        ("/api/v1/calls/{call}/proposals", "post"),
        ("/api/v1/proposals", "get"),
        ("/api/v1/proposals/{id}", "get"),
        ("/api/v1/proposals/{id}", "patch"),
        ("/api/v1/proposals/{id}/eligibility", "get"),
        ("/api/v1/proposals/{id}/submit", "post"),
        ("/api/v1/proposals/{id}/withdraw", "post"),
        ("/api/v1/proposals/{id}/start-review", "post"),
        ("/api/v1/proposals/{id}/decision", "post"),
        ("/api/v1/proposals/{id}/reviewers", "post"),
        ("/api/v1/proposals/{id}/reviews", "get"),
        ("/api/v1/proposals/{id}/reviews", "post"),
        ("/api/v1/events", "get"),
        ("/api/v1/hubs/{hub}/reports", "get"),
        ("/api/v1/hubs/{hub}/reports", "post"),
        ("/api/v1/reports", "get"),
        ("/api/v1/reports/{id}", "get"),
        ("/api/v1/reports/{id}", "patch"),
        ("/api/v1/reports/{id}", "delete"),
        ("/api/v1/reports/{id}/submit", "post"),
        ("/api/v1/reports/{id}/approve", "post"),
        ("/api/v1/reports/{id}/return", "post"),
        ("/api/v1/recommendations", "get"),
        ("/api/v1/recommendations", "post"),
        ("/api/v1/recommendations/{id}", "get"),
        ("/api/v1/recommendations/{id}", "patch"),
        ("/api/v1/recommendations/{id}/publish", "post"),
        ("/api/v1/recommendations/{id}/withdraw", "post"),
        ("/api/v1/hubs/{hub}/recommendations", "get"),
        ("/api/v1/metrics/summary", "get"),
        ("/api/v1/metrics/hubs", "get"),
        ("/api/v1/metrics/observations", "get"),
        ("/api/v1/metrics/timeseries", "get"),
        ("/api/v1/metrics/network", "get"),
        ("/api/v1/metrics/dictionary", "get"),
        ("/api/v1/export/hubs", "get"),
        ("/api/v1/export/tables.zip", "get"),
        ("/api/v1/export/iati.xml", "get"),
        ("/api/v1/hubs/{hub}/iati.xml", "get"),
        ("/api/v1/hubs/{hub}/sdg-actions.json", "get"),
        ("/api/v1/sdgs", "get"),
        ("/api/v1/manifestos", "get"),
        ("/api/v1/policy-councils", "get"),
        ("/healthz", "get"),
        ("/readyz", "get"),
    ];
    for (path, method) in expected {
        assert!(document["paths"][path][method].is_object(), "{method} {path} is not documented");
    }
    let paths = document["paths"].as_object().unwrap();
    for (path, item) in paths.iter().filter(|(p, _)| p.starts_with("/api/v1/")) {
        for (method, operation) in item.as_object().unwrap() {
            assert!(
                expected.contains(&(path.as_str(), method.as_str())),
                "{method} {path} is documented but not tested here"
            );
            let responses = operation["responses"].as_object().unwrap();
            let has_problem = responses
                .iter()
                .any(|(status, r)| status.starts_with('4') && r["content"]["application/problem+json"].is_object());
            let is_plain_read = method == "get"
                && ["/api/v1/sdgs", "/api/v1/manifestos", "/api/v1/policy-councils"].contains(&path.as_str());
            assert!(has_problem || is_plain_read, "{method} {path} documents no problem response");
        }
    }
}

#[test]
fn the_docs_page_and_its_assets_are_served_by_the_binary() {
    let app = TestApp::spawn();
    let redirect = reqwest::blocking::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(format!("{}/api/docs", app.url))
        .send()
        .unwrap();
    assert_eq!(redirect.headers()["location"], "/api/docs/");

    let page = app.get("/api/docs/").expect(200).text();
    assert!(page.contains("swagger-ui"), "{page}");
    for asset in ["swagger-ui.css", "swagger-ui-bundle.js", "swagger-initializer.js"] {
        let response = app.get(&format!("/api/docs/{asset}")).expect(200);
        assert!(response.body.len() > 100, "{asset} is served");
    }
    let initializer = app.get("/api/docs/swagger-initializer.js").text();
    assert!(initializer.contains("/api/openapi.json"), "the docs load our document: {initializer}");
    assert!(!page.contains("https://") && !initializer.contains("https://"), "nothing is loaded from the internet");
}

#[test]
fn both_security_schemes_are_declared_on_every_operation_that_needs_them() {
    let app = TestApp::spawn();
    let document = app.anonymous().get("/api/openapi.json").expect(200).json();
    let schemes = &document["components"]["securitySchemes"];
    assert_eq!(schemes["bearer"]["scheme"], "bearer");
    assert_eq!(schemes["api_key"]["in"], "header");
    assert_eq!(schemes["api_key"]["name"], "X-API-Key");
    let open = ["/api/v1/auth/login", "/api/v1/auth/refresh", "/api/v1/auth/logout"];
    for (path, item) in document["paths"].as_object().unwrap().iter().filter(|(p, _)| p.starts_with("/api/v1/")) {
        for (method, operation) in item.as_object().unwrap() {
            let security = operation["security"].as_array().cloned().unwrap_or_default();
            if open.contains(&path.as_str()) {
                assert!(security.is_empty(), "{method} {path} needs no credentials");
                continue;
            }
            let names: Vec<String> =
                security.iter().flat_map(|r| r.as_object().unwrap().keys().cloned().collect::<Vec<_>>()).collect();
            assert!(
                names.contains(&"bearer".to_owned()) && names.contains(&"api_key".to_owned()),
                "{method} {path}: {security:?}"
            );
            let anonymous_allowed = security.iter().any(|r| r.as_object().unwrap().is_empty());
            if method != "get" {
                assert!(!anonymous_allowed, "{method} {path} changes data, so credentials are required");
                let responses = operation["responses"].as_object().unwrap();
                assert!(
                    responses.contains_key("401") && responses.contains_key("403"),
                    "{method} {path} documents 401 and 403"
                );
            }
        }
    }
    let users = &document["paths"]["/api/v1/users"]["get"]["security"];
    assert!(
        !users.as_array().unwrap().iter().any(|r| r.as_object().unwrap().is_empty()),
        "listing accounts is not public"
    );
}

#[test]
fn no_two_types_share_a_generic_component_name() {
    let document = committed();
    for name in document["components"]["schemas"].as_object().unwrap().keys() {
        let generic = ["BTreeMap", "HashMap", "Vec", "Option", "Box", "String"].contains(&name.as_str());
        assert!(!generic, "the component {name} is a generic Rust name: two types would collapse into it");
    }
    // The declared breakdowns map a dimension to its values, not to one value.
    let disaggregations = &document["components"]["schemas"]["NewIndicator"]["properties"]["disaggregations"];
    assert_eq!(disaggregations["additionalProperties"]["type"], "array", "{disaggregations}");
}

#[test]
fn every_query_parameter_is_optional_and_every_documented_sort_is_accepted() {
    let app = TestApp::spawn();
    let document = app.get("/api/openapi.json").expect(200).json();
    let lead = crate::lead_organisation(&app);
    app.post_json("/api/v1/hubs", &crate::hub_with(&lead, "Sorted hub", serde_json::json!({"slug": "sorted-hub"})))
        .expect(201);
    let mut sorted = 0;
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let names: Vec<&str> =
                operation["parameters"].as_array().into_iter().flatten().filter_map(|p| p["name"].as_str()).collect();
            let mut distinct = names.clone();
            distinct.sort_unstable();
            distinct.dedup();
            assert_eq!(distinct.len(), names.len(), "{method} {path} documents a parameter twice: {names:?}");
        }
        let Some(get) = item.get("get") else { continue };
        for parameter in get["parameters"].as_array().into_iter().flatten() {
            if parameter["in"] != "query" {
                continue;
            }
            assert_ne!(parameter["required"], true, "GET {path}: ?{} is documented as required", parameter["name"]);
            let path = path.replace("{hub}", "sorted-hub");
            if parameter["name"] == "sort" && !path.contains('{') {
                for value in parameter["schema"]["enum"].as_array().unwrap() {
                    let value = value.as_str().unwrap();
                    app.get(&format!("{path}?sort={value}")).expect(200);
                    sorted += 1;
                }
            }
        }
    }
    assert!(sorted >= 20, "only {sorted} documented sort orders were tried");
}

#[test]
fn every_operation_that_reads_credentials_documents_401_and_403() {
    let document = committed();
    let open = ["/api/v1/auth/login", "/api/v1/auth/refresh", "/api/v1/auth/logout"];
    for (path, item) in document["paths"].as_object().unwrap() {
        if !path.starts_with("/api/v1/") || open.contains(&path.as_str()) {
            continue;
        }
        for (method, operation) in item.as_object().unwrap() {
            for status in ["401", "403"] {
                assert!(operation["responses"][status].is_object(), "{method} {path} does not document {status}");
            }
            if let Some(limited) = operation["responses"].get("429") {
                assert!(limited["headers"]["Retry-After"].is_object(), "{method} {path}: a 429 without Retry-After");
            }
        }
    }
    // A stakeholder is one object, with the contact details present only for some callers.
    let view = &document["components"]["schemas"]["StakeholderView"];
    assert!(view.get("oneOf").is_none(), "two oneOf branches would both match a private stakeholder: {view}");
}

#[test]
fn a_body_is_an_object_and_an_enum_a_string() {
    let app = TestApp::spawn();
    let array = serde_json::json!(["Array Org Ltd", "academia", "FR"]);
    app.post_json("/api/v1/organisations", &array).field_error("body", "type");
    let me = app.get("/api/v1/auth/me").expect(200).json();
    app.patch_json(&format!("/api/v1/users/{}", me["id"].as_str().unwrap()), &serde_json::json!([]), None)
        .field_error("body", "type");
    let tagged = serde_json::json!({"name": "Tagged Org", "kind": {"academia": null}, "country": "FR"});
    app.post_json("/api/v1/organisations", &tagged).field_error("kind", "type");
    let plain = serde_json::json!({"name": "Plain Org", "kind": "academia", "country": "FR"});
    app.post_json("/api/v1/organisations", &plain).expect(201);
}

#[test]
fn a_created_account_and_key_answer_with_the_location_the_document_declares() {
    let app = TestApp::spawn();
    let document = committed();
    for path in ["/api/v1/users", "/api/v1/api-keys"] {
        assert!(document["paths"][path]["post"]["responses"]["201"]["headers"]["Location"].is_object(), "{path}");
    }
    let user = serde_json::json!({"email": "ana@example.org", "display_name": "Ana"});
    let created = app.post_json("/api/v1/users", &user).expect(201);
    let location = created.header("location").unwrap().to_owned();
    app.get(&location).expect(200);
    let key =
        app.post_json("/api/v1/api-keys", &serde_json::json!({"name": "A system", "scopes": ["read"]})).expect(201);
    assert!(key.header("location").is_some_and(|l| l.starts_with("/api/v1/api-keys/")));
}

/// The document's security requirements come from the guards the handlers list; this proves they
/// are the guards the handlers run. Every operation is called without credentials: one that the
/// document says needs them answers 401, and one it says anyone may call does not.
#[test]
fn every_operation_needs_exactly_the_credentials_its_document_states() {
    let app = TestApp::spawn();
    let document = app.anonymous().get("/api/openapi.json").expect(200).json();
    let lead = crate::lead_organisation(&app);
    // A public hub, so that a hub guard reaches its decision instead of a 404.
    let public = json!({"slug": "guarded-hub", "status": "active"});
    app.post_json("/api/v1/hubs", &crate::hub_with(&lead, "Guarded hub", public)).expect(201);
    let (mut required, mut optional) = (0, 0);
    for (path, item) in document["paths"].as_object().unwrap().iter().filter(|(p, _)| p.starts_with("/api/v1/")) {
        for (method, operation) in item.as_object().unwrap() {
            let Some(security) = operation["security"].as_array() else { continue };
            let anyone = security.iter().any(|r| r.as_object().unwrap().is_empty());
            let url =
                path.replace("{hub}", "guarded-hub").replace("{call}", "no-such-call").replace("{id}", "no-such-id");
            let body = (method != "get" && method != "delete").then(|| b"{}".to_vec());
            let headers: &[(&str, &str)] = if body.is_some() { &[("Content-Type", "application/json")] } else { &[] };
            let status = app.anonymous().request(&method.to_uppercase(), &url, headers, body).status;
            if anyone {
                assert_ne!(status, 401, "{method} {path} is documented as open to anyone");
                optional += 1;
            } else {
                assert_eq!(status, 401, "{method} {path} is documented as needing credentials");
                required += 1;
            }
        }
    }
    assert!(required >= 40 && optional >= 20, "{required} guarded and {optional} public operations tried");
}

/// Every operation of the committed OpenAPI document has its method in the typed client
/// (`l4a_shared::client`), named by its operation id and documented with its method and path.
#[test]
fn every_operation_of_the_openapi_document_has_a_client_method() {
    let document: Value =
        serde_json::from_str(include_str!("../../../openapi/openapi.json")).expect("the committed document");
    let source = include_str!("../../../shared/src/client.rs");
    let mut missing = Vec::new();
    for (path, operations) in document["paths"].as_object().expect("paths") {
        for (method, operation) in operations.as_object().expect("operations") {
            let id = operation["operationId"].as_str().expect("an operation id");
            let documented = format!("/// `{} {path}", method.to_uppercase());
            let defined = format!("pub fn {id}(");
            if !source.contains(&documented) || !source.contains(&defined) {
                missing.push(format!("{} {path} ({id})", method.to_uppercase()));
            }
        }
    }
    assert!(missing.is_empty(), "operations without a client method: {missing:#?}");
}
