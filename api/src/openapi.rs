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
        (name = "calls", description = "Calls for proposals: how a city proposes a hub for the label"),
        (name = "proposals", description = "Proposals: drafted, submitted, reviewed and decided; accepting one labels a hub"),
        (name = "operations", description = "Probes for orchestrators"),
    ),
    components(schemas(l4a_shared::problem::Problem, l4a_shared::validation::FieldError, l4a_shared::validation::Rule))
)]
struct ApiDoc;

/// The whole document, as served at `/api/openapi.json` and committed as `openapi/openapi.json`.
pub fn document() -> utoipa::openapi::OpenApi {
    let (_, mut document) =
        App::new().into_utoipa_app().openapi(ApiDoc::openapi()).configure(crate::app::api_routes).split_for_parts();
    declare_security(&mut document);
    document
}

/// Operations anyone may call without credentials, and which they may still send.
enum Access {
    /// Signing in: no credentials.
    Open,
    /// Public data: credentials optional (they may show more, e.g. private contact details).
    Public,
    /// Credentials required: a 401 without them, a 403 when they do not allow the operation.
    Required,
}

/// Reads that are not public data.
const PRIVATE_READS: &[&str] = &[
    "/api/v1/users",
    "/api/v1/api-keys",
    "/api/v1/audit",
    "/api/v1/auth/me",
    "/history",
    "/api/v1/proposals",
    "/proposals",
    "/api/v1/events",
];

fn access(path: &str, method: &str) -> Access {
    if !path.starts_with("/api/v1/") || crate::auth::OPEN_PATHS.contains(&path) {
        return Access::Open;
    }
    let private = PRIVATE_READS.iter().any(|p| path.starts_with(p) || path.ends_with(p));
    if method == "get" && !private { Access::Public } else { Access::Required }
}

/// Declares the two security schemes (a JWT from `/auth/login`, or an API key) and states on
/// every operation whether it needs them, adding the 401 and 403 problems where it does. One
/// rule for all operations, so that no handler can forget it.
fn declare_security(document: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::security::{
        ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
    };
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};

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
    let problem = |description: &str| {
        ResponseBuilder::new()
            .description(description)
            .content(
                "application/problem+json",
                ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build(),
            )
            .build()
    };
    let schemes = || {
        vec![
            SecurityRequirement::new("bearer", Vec::<String>::new()),
            SecurityRequirement::new("api_key", Vec::<String>::new()),
        ]
    };
    for (path, item) in document.paths.paths.iter_mut() {
        let operations = [
            ("get", item.get.as_mut()),
            ("post", item.post.as_mut()),
            ("patch", item.patch.as_mut()),
            ("put", item.put.as_mut()),
            ("delete", item.delete.as_mut()),
        ];
        for (method, operation) in operations {
            let Some(operation) = operation else { continue };
            // Every 429 says when to come back.
            if let Some(utoipa::openapi::RefOr::T(limited)) = operation.responses.responses.get_mut("429") {
                let header = utoipa::openapi::HeaderBuilder::new()
                    .schema(utoipa::openapi::ObjectBuilder::new().schema_type(utoipa::openapi::schema::Type::Integer))
                    .description(Some("Seconds to wait before trying again"))
                    .build();
                limited.headers.insert("Retry-After".into(), header);
            }
            match access(path, method) {
                Access::Open => {}
                Access::Public => {
                    let mut requirements = schemes();
                    requirements.push(SecurityRequirement::default());
                    operation.security = Some(requirements);
                    // Optional credentials are still checked when sent.
                    let responses = &mut operation.responses.responses;
                    responses.entry("401".into()).or_insert_with(|| {
                        problem("Credentials were sent but are not valid: expired, revoked, not ours, or two at once")
                            .into()
                    });
                    responses
                        .entry("403".into())
                        .or_insert_with(|| problem("The API key sent lacks the `read` scope").into());
                }
                Access::Required => {
                    operation.security = Some(schemes());
                    let responses = &mut operation.responses.responses;
                    responses.entry("401".into()).or_insert_with(|| {
                        problem("No valid credentials: none, or a token that is expired, revoked or not ours").into()
                    });
                    responses
                        .entry("403".into())
                        .or_insert_with(|| problem("The credentials do not allow this, on this object").into());
                }
            }
        }
    }
}

/// The document as the pretty-printed JSON that is committed.
pub fn document_json() -> anyhow::Result<String> {
    Ok(document().to_pretty_json()? + "\n")
}
