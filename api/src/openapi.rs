//! The OpenAPI document: collected from the routes by utoipa-actix-web, with the API's
//! description, tags and shared schemas added here.

use actix_web::App;
use utoipa::OpenApi;
use utoipa_actix_web::AppExt as _;

/// The parts of the document that no route states.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Local4Action HUBs API",
        description = "The open platform of UCLG's Local4Action HUBs: local and regional governments' \
            sustainable-development initiatives, their deliverables, stakeholders and impact.\n\n\
            Every error is an RFC 9457 `application/problem+json` document with a stable `code`; \
            invalid input lists each field and the rule it broke in `errors`. Resources carry an \
            `ETag`; send it back in `If-Match` when changing them so no update is silently lost.",
        license(name = "AGPL-3.0-or-later", identifier = "AGPL-3.0-or-later"),
    ),
    tags(
        (name = "hubs", description = "The catalogue of Local4Action HUBs"),
        (name = "deliverables", description = "What each hub announces and delivers within its period"),
        (name = "indicators", description = "Impact indicators, their measurements and derived figures"),
        (name = "connections", description = "Synchronization links between hubs"),
        (name = "activities", description = "Events and publications of each hub"),
        (name = "stakeholders", description = "Who is involved in each hub; contact details are private"),
        (name = "organisations", description = "Local and regional governments that lead hubs, and their partners"),
        (name = "taxonomies", description = "Reference lists: the SDGs and their targets, UCLG's manifestos and policy councils"),
        (name = "auth", description = "Signing in: JWT access tokens and rotating refresh tokens"),
        (name = "users", description = "Accounts, their roles and organisations"),
        (name = "api-keys", description = "Credentials of third-party systems"),
        (name = "audit", description = "Who changed what, and when"),
        (name = "webhooks", description = "Subscriptions to the event feed: signed deliveries (Standard Webhooks), retried, logged; the body posted is the `WebhookPayload` schema"),
        (name = "calls", description = "Calls for proposals: how a city proposes a hub for the label"),
        (name = "proposals", description = "Proposals: drafted, submitted, reviewed and decided; accepting one labels a hub"),
        (name = "reports", description = "Progress reports: drafted by a hub's managers, approved or returned by the Secretariat"),
        (name = "recommendations", description = "Policy recommendations for UCLG's policy councils, citing the hubs' public evidence"),
        (name = "metrics", description = "Figures for UCLG's dashboards: over the hubs, per hub, as JSON or CSV, with their data dictionary"),
        (name = "open data", description = "Everything public, under an open licence: JSON, NDJSON, CSV tables, IATI 2.03 XML and UN SDG Actions records"),
        (name = "operations", description = "Probes for orchestrators"),
    ),
    components(schemas(
        l4a_shared::problem::Problem,
        l4a_shared::validation::FieldError,
        l4a_shared::validation::Rule,
        l4a_shared::webhook::WebhookPayload
    ))
)]
struct ApiDoc;

/// The whole document, as served at `/api/openapi.json` and committed as `openapi/openapi.json`.
pub fn document() -> utoipa::openapi::OpenApi {
    let (_, mut document) =
        App::new().into_utoipa_app().openapi(ApiDoc::openapi()).configure(crate::app::api_routes).split_for_parts();
    declare_security(&mut document);
    document
}

/// Declares the two security schemes (a JWT from `/auth/login`, or an API key) and states on
/// every operation whether it needs them, as the guard the handler lists says.
fn declare_security(document: &mut utoipa::openapi::OpenApi) {
    use crate::auth::guards::{CREDENTIALS_MARK, Credentials};
    use utoipa::openapi::security::{
        ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
    };

    let components = document.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        "bearer",
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .bearer_format("JWT")
                .description(Some("An access token from `POST /api/v1/auth/login`, or an API key (`l4a_…`)."))
                .build(),
        ),
    );
    components.add_security_scheme(
        "api_key",
        SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
            "X-API-Key",
            "An API key (`l4a_…`) from `POST /api/v1/api-keys`.",
        ))),
    );
    let schemes = || {
        vec![
            SecurityRequirement::new("bearer", Vec::<String>::new()),
            SecurityRequirement::new("api_key", Vec::<String>::new()),
        ]
    };
    for item in document.paths.paths.values_mut() {
        let operations =
            [item.get.as_mut(), item.post.as_mut(), item.patch.as_mut(), item.put.as_mut(), item.delete.as_mut()];
        for operation in operations.into_iter().flatten() {
            // Every 429 says when to come back.
            if let Some(utoipa::openapi::RefOr::T(limited)) = operation.responses.responses.get_mut("429") {
                let header = utoipa::openapi::HeaderBuilder::new()
                    .schema(utoipa::openapi::ObjectBuilder::new().schema_type(utoipa::openapi::schema::Type::Integer))
                    .description(Some("Seconds to wait before trying again"))
                    .build();
                limited.headers.insert("Retry-After".into(), header);
            }
            // What the operation's guard said it needs (see `auth::guards::Credentials`); the
            // mark is the guard's message to this function, not part of the contract.
            let credentials =
                operation.responses.responses.get_mut("401").and_then(|unauthorized| match unauthorized {
                    utoipa::openapi::RefOr::T(response) => {
                        let mark = response.extensions.as_mut()?.remove(CREDENTIALS_MARK)?;
                        response.extensions = response.extensions.take().filter(|rest| !rest.is_empty());
                        Some(mark)
                    }
                    utoipa::openapi::RefOr::Ref(_) => None,
                });
            match credentials.as_ref().and_then(|mark| mark.as_str()) {
                // No guard: signing in and out, and the probes.
                None => {}
                Some(mark) if mark == Credentials::Optional.as_str() => {
                    let mut requirements = schemes();
                    requirements.push(SecurityRequirement::default());
                    operation.security = Some(requirements);
                }
                Some(_) => operation.security = Some(schemes()),
            }
        }
    }
}

/// The document as the pretty-printed JSON that is committed.
pub fn document_json() -> anyhow::Result<String> {
    Ok(document().to_pretty_json()? + "\n")
}
