//! Deliverables: `/api/v1/hubs/{hub}/deliverables` to list and add, `/api/v1/deliverables/{id}`
//! for one. Due dates stay inside the hub's period (the label's timeline rule).

use actix_web::{HttpResponse, delete, get, patch, post, web};
use l4a_shared::deliverable::{Deliverable, DeliverablePatch, NewDeliverable};
use l4a_shared::page::Page;
use l4a_shared::problem::Problem;
use l4a_shared::query::DeliverableQuery;

use crate::auth::guards::{ManagedHub, ReadableHub};
use crate::error::ApiError;
use crate::extract::{IfMatch, JsonBody, Principal, QueryParams};
use crate::routes::Tagged;
use crate::routes::problems::{BodyProblems, ChangeProblems, IfMatchProblems, QueryProblems};
use crate::routes::resource::Resources;

/// List a hub's deliverables
///
/// Soonest due first by default; `late=true` keeps those still open after their due date.
#[utoipa::path(
    tag = "deliverables",
    params(("hub" = String, Path, description = "The hub's id or slug"), DeliverableQuery),
    responses(
        (status = 200, description = "One page of the hub's deliverables", body = Page<Deliverable>),
        QueryProblems,
        (status = 404, description = "No hub has this id or slug", body = Problem, content_type = "application/problem+json"),
        Principal,
    )
)]
#[get("/hubs/{hub}/deliverables")]
pub async fn list_deliverables(
    resources: Resources,
    query: QueryParams<DeliverableQuery>,
    hub: ReadableHub,
) -> Result<web::Json<Page<Deliverable>>, ApiError> {
    resources.list::<Deliverable>(hub, query.0).await
}

/// Add a deliverable to a hub
#[utoipa::path(
    tag = "deliverables",
    params(("hub" = String, Path, description = "The hub's id or slug")),
    request_body(content = NewDeliverable, content_type = "application/json"),
    responses(
        (status = 201, description = "The deliverable was added", body = Deliverable, headers(
            ("ETag" = String, description = "Its version"),
            ("Location" = String, description = "Its URL"),
        )),
        (status = 404, description = "No hub has this id or slug", body = Problem, content_type = "application/problem+json"),
        BodyProblems,
        ManagedHub,
    )
)]
#[post("/hubs/{hub}/deliverables")]
pub async fn create_deliverable(
    resources: Resources,
    body: JsonBody<NewDeliverable>,
    hub: ManagedHub,
) -> Result<Tagged<Deliverable>, ApiError> {
    resources.create::<Deliverable>(hub, body.0).await
}

/// Get a deliverable
#[utoipa::path(
    tag = "deliverables",
    params(("id" = String, Path, description = "The deliverable's id")),
    responses(
        (status = 200, description = "The deliverable", body = Deliverable, headers(("ETag" = String, description = "Its current version"))),
        (status = 404, description = "No deliverable has this id", body = Problem, content_type = "application/problem+json"),
        Principal,
    )
)]
#[get("/deliverables/{id}")]
pub async fn find_deliverable(
    who: Principal,
    resources: Resources,
    id: web::Path<String>,
) -> Result<Tagged<Deliverable>, ApiError> {
    resources.find::<Deliverable>(who, id.into_inner()).await
}

/// Update a deliverable
///
/// A JSON merge patch; marking it delivered needs `delivered_on`, and reopening it needs
/// `"delivered_on": null`. Send the `ETag` you read in `If-Match`.
#[utoipa::path(
    tag = "deliverables",
    params(
        ("id" = String, Path, description = "The deliverable's id"),
        ("If-Match" = Option<String>, Header, description = "The ETag the change is based on"),
    ),
    request_body(content(
        (DeliverablePatch = "application/merge-patch+json"),
        (DeliverablePatch = "application/json"),
    )),
    responses(
        (status = 200, description = "The updated deliverable", body = Deliverable, headers(("ETag" = String, description = "Its new version"))),
        (status = 404, description = "No deliverable has this id", body = Problem, content_type = "application/problem+json"),
        ChangeProblems,
        ManagedHub,
    )
)]
#[patch("/deliverables/{id}")]
pub async fn update_deliverable(
    who: Principal,
    resources: Resources,
    id: web::Path<String>,
    if_match: IfMatch,
    body: JsonBody<DeliverablePatch>,
) -> Result<Tagged<Deliverable>, ApiError> {
    resources.update::<Deliverable>(who, id.into_inner(), if_match, body.0).await
}

/// Delete a deliverable
#[utoipa::path(
    tag = "deliverables",
    params(
        ("id" = String, Path, description = "The deliverable's id"),
        ("If-Match" = Option<String>, Header, description = "The ETag the change is based on"),
    ),
    responses(
        (status = 204, description = "The deliverable is deleted"),
        (status = 404, description = "No deliverable has this id", body = Problem, content_type = "application/problem+json"),
        IfMatchProblems,
        ManagedHub,
    )
)]
#[delete("/deliverables/{id}")]
pub async fn delete_deliverable(
    who: Principal,
    resources: Resources,
    id: web::Path<String>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    resources.delete::<Deliverable>(who, id.into_inner(), if_match).await
}

/// Registers the deliverable routes.
pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config
        .service(list_deliverables)
        .service(create_deliverable)
        .service(find_deliverable)
        .service(update_deliverable)
        .service(delete_deliverable);
}
