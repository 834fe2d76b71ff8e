//! Stakeholders: `/api/v1/hubs/{hub}/stakeholders` to list and add, `/api/v1/stakeholders/{id}`
//! for one. Contact details are shown only to callers who may manage the hub.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use l4a_shared::page::Page;
use l4a_shared::problem::Problem;
use l4a_shared::query::StakeholderQuery;
use l4a_shared::stakeholder::{NewStakeholder, StakeholderPatch, StakeholderView, StakeholderWithContact};

use crate::auth::guards::{ManagedHub, ReadableHub};
use crate::error::ApiError;
use crate::extract::{IfMatch, JsonBody, Principal, QueryParams};
use crate::routes::Tagged;
use crate::routes::problems::{BodyProblems, ChangeProblems, IfMatchProblems, QueryProblems};
use crate::routes::resource::Resources;

/// List a hub's stakeholders
///
/// Contact details appear only for callers who may manage the hub.
#[utoipa::path(
    tag = "stakeholders",
    params(("hub" = String, Path, description = "The hub's id or slug"), StakeholderQuery),
    responses(
        (status = 200, description = "One page of the hub's stakeholders", body = Page<StakeholderView>),
        QueryProblems,
        (status = 404, description = "No hub has this id or slug", body = Problem, content_type = "application/problem+json"),
        Principal,
    )
)]
#[get("/hubs/{hub}/stakeholders")]
pub async fn list_stakeholders(
    resources: Resources,
    query: QueryParams<StakeholderQuery>,
    hub: ReadableHub,
) -> Result<web::Json<Page<StakeholderView>>, ApiError> {
    resources.list::<StakeholderWithContact>(hub, query.0).await
}

/// Add a stakeholder to a hub
#[utoipa::path(
    tag = "stakeholders",
    params(("hub" = String, Path, description = "The hub's id or slug")),
    request_body(content = NewStakeholder, content_type = "application/json"),
    responses(
        (status = 201, description = "The stakeholder was added", body = StakeholderView, headers(
            ("ETag" = String, description = "Its version"),
            ("Location" = String, description = "Its URL"),
        )),
        (status = 404, description = "No hub has this id or slug", body = Problem, content_type = "application/problem+json"),
        BodyProblems,
        ManagedHub,
    )
)]
#[post("/hubs/{hub}/stakeholders")]
pub async fn create_stakeholder(
    resources: Resources,
    body: JsonBody<NewStakeholder>,
    hub: ManagedHub,
) -> Result<Tagged<StakeholderView>, ApiError> {
    resources.create::<StakeholderWithContact>(hub, body.0).await
}

/// Get a stakeholder
#[utoipa::path(
    tag = "stakeholders",
    params(("id" = String, Path, description = "The stakeholder's id")),
    responses(
        (status = 200, description = "The stakeholder", body = StakeholderView, headers(("ETag" = String, description = "Its current version"))),
        (status = 404, description = "No stakeholder has this id", body = Problem, content_type = "application/problem+json"),
        Principal,
    )
)]
#[get("/stakeholders/{id}")]
pub async fn find_stakeholder(
    who: Principal,
    resources: Resources,
    id: web::Path<String>,
) -> Result<Tagged<StakeholderView>, ApiError> {
    resources.find::<StakeholderWithContact>(who, id.into_inner()).await
}

/// Update a stakeholder
///
/// A JSON merge patch; `null` removes a contact detail. Send the `ETag` you read in `If-Match`.
#[utoipa::path(
    tag = "stakeholders",
    params(
        ("id" = String, Path, description = "The stakeholder's id"),
        ("If-Match" = Option<String>, Header, description = "The ETag the change is based on"),
    ),
    request_body(content(
        (StakeholderPatch = "application/merge-patch+json"),
        (StakeholderPatch = "application/json"),
    )),
    responses(
        (status = 200, description = "The updated stakeholder", body = StakeholderView, headers(("ETag" = String, description = "Its new version"))),
        (status = 404, description = "No stakeholder has this id", body = Problem, content_type = "application/problem+json"),
        ChangeProblems,
        ManagedHub,
    )
)]
#[patch("/stakeholders/{id}")]
pub async fn update_stakeholder(
    who: Principal,
    resources: Resources,
    id: web::Path<String>,
    if_match: IfMatch,
    body: JsonBody<StakeholderPatch>,
) -> Result<Tagged<StakeholderView>, ApiError> {
    resources.update::<StakeholderWithContact>(who, id.into_inner(), if_match, body.0).await
}

/// Delete a stakeholder
#[utoipa::path(
    tag = "stakeholders",
    params(
        ("id" = String, Path, description = "The stakeholder's id"),
        ("If-Match" = Option<String>, Header, description = "The ETag the change is based on"),
    ),
    responses(
        (status = 204, description = "The stakeholder is deleted"),
        (status = 404, description = "No stakeholder has this id", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Indicators cite its agreement; the problem names them", body = Problem, content_type = "application/problem+json"),
        IfMatchProblems,
        ManagedHub,
    )
)]
#[delete("/stakeholders/{id}")]
pub async fn delete_stakeholder(
    who: Principal,
    resources: Resources,
    id: web::Path<String>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    resources.delete::<StakeholderWithContact>(who, id.into_inner(), if_match).await
}

/// Registers the stakeholder routes.
pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config
        .service(list_stakeholders)
        .service(create_stakeholder)
        .service(find_stakeholder)
        .service(update_stakeholder)
        .service(delete_stakeholder);
}
