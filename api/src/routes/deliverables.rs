//! Deliverables: `/api/v1/hubs/{hub}/deliverables` to list and add, `/api/v1/deliverables/{id}`
//! for one. Due dates stay inside the hub's period (the label's timeline rule).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, delete, get, patch, post, web};
use l4a_shared::deliverable::{Deliverable, DeliverablePatch, NewDeliverable};
use l4a_shared::page::Page;
use l4a_shared::problem::Problem;
use l4a_shared::query::DeliverableQuery;

use crate::db::{Db, DbConnection};
use crate::error::ApiError;
use crate::extract::{IfMatch, JsonBody, Principal, QueryParams};
use crate::models::audit;
use crate::models::deliverable::{self, StoredDeliverable};
use crate::models::hub::HubKey;
use crate::models::{Versioned as _, change_if_current, hub, today};
use crate::routes::Tagged;
use crate::routes::problems::{BodyProblems, ChangeProblems, IfMatchProblems, QueryProblems};

fn tagged(stored: StoredDeliverable, status: StatusCode) -> Tagged<Deliverable> {
    let location = (status == StatusCode::CREATED).then(|| format!("/api/v1/deliverables/{}", stored.deliverable.id));
    Tagged { status, etag: stored.etag(), body: stored.deliverable, location }
}

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
    )
)]
#[get("/hubs/{hub}/deliverables")]
pub async fn list_deliverables(
    who: Principal,
    db: web::Data<Db>,
    hub_key: web::Path<String>,
    query: QueryParams<DeliverableQuery>,
) -> Result<web::Json<Page<Deliverable>>, ApiError> {
    let (hub_key, QueryParams(query)) = (hub_key.into_inner(), query);
    let page = db
        .read(move |conn| {
            let hub = hub::get_readable(conn, HubKey::IdOrSlug(&hub_key), &who)?;
            deliverable::list(conn, &hub.hub.id, &query, today())
        })
        .await?;
    Ok(web::Json(page))
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
    )
)]
#[post("/hubs/{hub}/deliverables")]
pub async fn create_deliverable(
    who: Principal,
    db: web::Data<Db>,
    hub_key: web::Path<String>,
    body: JsonBody<NewDeliverable>,
) -> Result<Tagged<Deliverable>, ApiError> {
    let (hub_key, new) = (hub_key.into_inner(), body.0);
    let stored = db
        .write(move |conn| {
            let hub = hub::get_managed(conn, HubKey::IdOrSlug(&hub_key), &who)?;
            let valid = new.validate(&hub::period(&hub.hub)?, today()).map_err(ApiError::Validation)?;
            let stored = deliverable::create(conn, &hub.hub.id, &valid, today())?;
            let created = &stored.deliverable;
            audit::created(conn, &who.actor(), created)?;
            Ok(stored)
        })
        .await?;
    Ok(tagged(stored, StatusCode::CREATED))
}

/// Get a deliverable
#[utoipa::path(
    tag = "deliverables",
    params(("id" = String, Path, description = "The deliverable's id")),
    responses(
        (status = 200, description = "The deliverable", body = Deliverable, headers(("ETag" = String, description = "Its current version"))),
        (status = 404, description = "No deliverable has this id", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/deliverables/{id}")]
pub async fn find_deliverable(
    who: Principal,
    db: web::Data<Db>,
    id: web::Path<String>,
) -> Result<Tagged<Deliverable>, ApiError> {
    let id = id.into_inner();
    let stored = db.read(move |conn| readable(conn, &id, &who)).await?;
    Ok(tagged(stored, StatusCode::OK))
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
    )
)]
#[patch("/deliverables/{id}")]
pub async fn update_deliverable(
    who: Principal,
    db: web::Data<Db>,
    id: web::Path<String>,
    if_match: IfMatch,
    body: JsonBody<DeliverablePatch>,
) -> Result<Tagged<Deliverable>, ApiError> {
    let (id, patch) = (id.into_inner(), body.0);
    let stored = db
        .write(move |conn| {
            change_if_current(
                conn,
                |conn| managed(conn, &id, &who),
                &if_match,
                |conn, current| {
                    let hub = hub::get(conn, HubKey::Id(&current.deliverable.hub_id))?;
                    let valid = patch
                        .clone()
                        .apply_to(&current.deliverable)
                        .validate(&hub::period(&hub.hub)?, today())
                        .map_err(ApiError::Validation)?;
                    let Some(updated) =
                        deliverable::update(conn, &current.deliverable.id, current.version, &valid, today())?
                    else {
                        return Ok(None);
                    };
                    let (before, after) = (&current.deliverable, &updated.deliverable);
                    audit::updated(conn, &who.actor(), before, after)?;
                    Ok(Some(updated))
                },
            )
        })
        .await?;
    Ok(tagged(stored, StatusCode::OK))
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
    )
)]
#[delete("/deliverables/{id}")]
pub async fn delete_deliverable(
    who: Principal,
    db: web::Data<Db>,
    id: web::Path<String>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    db.write(move |conn| {
        change_if_current(
            conn,
            |conn| managed(conn, &id, &who),
            &if_match,
            |conn, current| {
                if deliverable::delete(conn, &current.deliverable.id, current.version)?.is_none() {
                    return Ok(None);
                }
                let gone = &current.deliverable;
                audit::deleted(conn, &who.actor(), gone)?;
                Ok(Some(()))
            },
        )
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A deliverable of a hub the caller may read.
fn readable(conn: &mut DbConnection, id: &str, who: &Principal) -> Result<StoredDeliverable, ApiError> {
    let stored = deliverable::get(conn, id, today())?;
    hub::get_readable(conn, HubKey::Id(&stored.deliverable.hub_id), who)?;
    Ok(stored)
}

/// A deliverable of a hub the caller may change.
fn managed(conn: &mut DbConnection, id: &str, who: &Principal) -> Result<StoredDeliverable, ApiError> {
    let stored = deliverable::get(conn, id, today())?;
    hub::get_managed(conn, HubKey::Id(&stored.deliverable.hub_id), who)?;
    Ok(stored)
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
