//! Activities: `/api/v1/hubs/{hub}/activities` to list and add, `/api/v1/activities/{id}` for one.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use l4a_shared::activity::{Activity, ActivityPatch, NewActivity};
use l4a_shared::page::Page;
use l4a_shared::problem::Problem;
use l4a_shared::query::PageQuery;

use crate::auth::guards::{ManagedHub, ReadableHub};
use crate::error::ApiError;
use crate::extract::{IfMatch, JsonBody, Principal, QueryParams};
use crate::routes::Tagged;
use crate::routes::problems::{BodyProblems, ChangeProblems, IfMatchProblems, QueryProblems};
use crate::routes::resource::Resources;

/// List a hub's activities
///
/// Newest first.
#[utoipa::path(
    tag = "activities",
    params(("hub" = String, Path, description = "The hub's id or slug"), PageQuery),
    responses(
        (status = 200, description = "One page of activities", body = Page<Activity>),
        QueryProblems,
        (status = 404, description = "No hub has this id or slug", body = Problem, content_type = "application/problem+json"),
        Principal,
    )
)]
#[get("/hubs/{hub}/activities")]
pub async fn list_activities(
    resources: Resources,
    query: QueryParams<PageQuery>,
    hub: ReadableHub,
) -> Result<web::Json<Page<Activity>>, ApiError> {
    resources.list::<Activity>(hub, query.0).await
}

/// Add an activity to a hub
#[utoipa::path(
    tag = "activities",
    params(("hub" = String, Path, description = "The hub's id or slug")),
    request_body(content = NewActivity, content_type = "application/json"),
    responses(
        (status = 201, description = "The activity was added", body = Activity, headers(
            ("ETag" = String, description = "Its version"),
            ("Location" = String, description = "Its URL"),
        )),
        (status = 404, description = "No hub has this id or slug", body = Problem, content_type = "application/problem+json"),
        BodyProblems,
        ManagedHub,
    )
)]
#[post("/hubs/{hub}/activities")]
pub async fn create_activity(
    resources: Resources,
    body: JsonBody<NewActivity>,
    hub: ManagedHub,
) -> Result<Tagged<Activity>, ApiError> {
    resources.create::<Activity>(hub, body.0).await
}

/// Get an activity
#[utoipa::path(
    tag = "activities",
    params(("id" = String, Path, description = "The activity's id")),
    responses(
        (status = 200, description = "The activity", body = Activity, headers(("ETag" = String, description = "Its current version"))),
        (status = 404, description = "No activity has this id", body = Problem, content_type = "application/problem+json"),
        Principal,
    )
)]
#[get("/activities/{id}")]
pub async fn find_activity(
    who: Principal,
    resources: Resources,
    id: web::Path<String>,
) -> Result<Tagged<Activity>, ApiError> {
    resources.find::<Activity>(who, id.into_inner()).await
}

/// Update an activity
///
/// A JSON merge patch; send the `ETag` you read in `If-Match`.
#[utoipa::path(
    tag = "activities",
    params(
        ("id" = String, Path, description = "The activity's id"),
        ("If-Match" = Option<String>, Header, description = "The ETag the change is based on"),
    ),
    request_body(content(
        (ActivityPatch = "application/merge-patch+json"),
        (ActivityPatch = "application/json"),
    )),
    responses(
        (status = 200, description = "The updated activity", body = Activity, headers(("ETag" = String, description = "Its new version"))),
        (status = 404, description = "No activity has this id", body = Problem, content_type = "application/problem+json"),
        ChangeProblems,
        ManagedHub,
    )
)]
#[patch("/activities/{id}")]
pub async fn update_activity(
    who: Principal,
    resources: Resources,
    id: web::Path<String>,
    if_match: IfMatch,
    body: JsonBody<ActivityPatch>,
) -> Result<Tagged<Activity>, ApiError> {
    resources.update::<Activity>(who, id.into_inner(), if_match, body.0).await
}

/// Delete an activity
#[utoipa::path(
    tag = "activities",
    params(
        ("id" = String, Path, description = "The activity's id"),
        ("If-Match" = Option<String>, Header, description = "The ETag the change is based on"),
    ),
    responses(
        (status = 204, description = "The activity is deleted"),
        (status = 404, description = "No activity has this id", body = Problem, content_type = "application/problem+json"),
        IfMatchProblems,
        ManagedHub,
    )
)]
#[delete("/activities/{id}")]
pub async fn delete_activity(
    who: Principal,
    resources: Resources,
    id: web::Path<String>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    resources.delete::<Activity>(who, id.into_inner(), if_match).await
}

/// Registers the activity routes.
pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config
        .service(list_activities)
        .service(create_activity)
        .service(find_activity)
        .service(update_activity)
        .service(delete_activity);
}
