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
        (name = "operations", description = "Probes for orchestrators"),
    ),
    components(schemas(l4a_shared::problem::Problem, l4a_shared::validation::FieldError, l4a_shared::validation::Rule))
)]
struct ApiDoc;

/// The whole document, as served at `/api/openapi.json` and committed as `openapi/openapi.json`.
pub fn document() -> utoipa::openapi::OpenApi {
    let (_, document) =
        App::new().into_utoipa_app().openapi(ApiDoc::openapi()).configure(crate::app::api_routes).split_for_parts();
    document
}

/// The document as the pretty-printed JSON that is committed.
pub fn document_json() -> anyhow::Result<String> {
    Ok(document().to_pretty_json()? + "\n")
}
