//! Activities: `/api/v1/hubs/{hub}/activities` to list and add, `/api/v1/activities/{id}` for one.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, delete, get, patch, post, web};
use l4a_shared::activity::{Activity, ActivityPatch, NewActivity};
use l4a_shared::page::Page;
use l4a_shared::problem::Problem;
use l4a_shared::query::PageQuery;

use crate::db::{Db, DbConnection};
use crate::error::ApiError;
use crate::extract::{IfMatch, JsonBody, Principal, QueryParams};
use crate::models::activity::{self, StoredActivity};
use crate::models::audit;
use crate::models::hub::HubKey;
use crate::models::{Versioned as _, change_if_current, hub, today};
use crate::routes::Tagged;
use crate::routes::problems::{BodyProblems, ChangeProblems, IfMatchProblems, QueryProblems};

fn tagged(stored: StoredActivity, status: StatusCode) -> Tagged<Activity> {
    let location = (status == StatusCode::CREATED).then(|| format!("/api/v1/activities/{}", stored.activity.id));
    Tagged { status, etag: stored.etag(), body: stored.activity, location }
}

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
    )
)]
#[get("/hubs/{hub}/activities")]
pub async fn list_activities(
    who: Principal,
    db: web::Data<Db>,
    hub_key: web::Path<String>,
    query: QueryParams<PageQuery>,
) -> Result<web::Json<Page<Activity>>, ApiError> {
    let (hub_key, QueryParams(query)) = (hub_key.into_inner(), query);
    let page = db
        .read(move |conn| {
            let hub = hub::get_readable(conn, HubKey::IdOrSlug(&hub_key), &who)?;
            activity::list(conn, &hub.hub.id, query.page, query.per_page)
        })
        .await?;
    Ok(web::Json(page))
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
    )
)]
#[post("/hubs/{hub}/activities")]
pub async fn create_activity(
    who: Principal,
    db: web::Data<Db>,
    hub_key: web::Path<String>,
    body: JsonBody<NewActivity>,
) -> Result<Tagged<Activity>, ApiError> {
    let (hub_key, new) = (hub_key.into_inner(), body.0);
    let stored = db
        .write(move |conn| {
            let hub = hub::get_managed(conn, HubKey::IdOrSlug(&hub_key), &who)?;
            let valid = new.validate(today()).map_err(ApiError::Validation)?;
            let stored = activity::create(conn, &hub.hub.id, &valid)?;
            let created = &stored.activity;
            audit::created(conn, &who.actor(), created)?;
            Ok(stored)
        })
        .await?;
    Ok(tagged(stored, StatusCode::CREATED))
}

/// Get an activity
#[utoipa::path(
    tag = "activities",
    params(("id" = String, Path, description = "The activity's id")),
    responses(
        (status = 200, description = "The activity", body = Activity, headers(("ETag" = String, description = "Its current version"))),
        (status = 404, description = "No activity has this id", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/activities/{id}")]
pub async fn find_activity(
    who: Principal,
    db: web::Data<Db>,
    id: web::Path<String>,
) -> Result<Tagged<Activity>, ApiError> {
    let id = id.into_inner();
    Ok(tagged(db.read(move |conn| readable(conn, &id, &who)).await?, StatusCode::OK))
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
    )
)]
#[patch("/activities/{id}")]
pub async fn update_activity(
    who: Principal,
    db: web::Data<Db>,
    id: web::Path<String>,
    if_match: IfMatch,
    body: JsonBody<ActivityPatch>,
) -> Result<Tagged<Activity>, ApiError> {
    let (id, patch) = (id.into_inner(), body.0);
    let stored = db
        .write(move |conn| {
            change_if_current(
                conn,
                |conn| managed(conn, &id, &who),
                &if_match,
                |conn, current| {
                    let valid =
                        patch.clone().apply_to(&current.activity).validate(today()).map_err(ApiError::Validation)?;
                    let Some(updated) = activity::update(conn, &current.activity.id, current.version, &valid)? else {
                        return Ok(None);
                    };
                    let (before, after) = (&current.activity, &updated.activity);
                    audit::updated(conn, &who.actor(), before, after)?;
                    Ok(Some(updated))
                },
            )
        })
        .await?;
    Ok(tagged(stored, StatusCode::OK))
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
    )
)]
#[delete("/activities/{id}")]
pub async fn delete_activity(
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
                if activity::delete(conn, &current.activity.id, current.version)?.is_none() {
                    return Ok(None);
                }
                let gone = &current.activity;
                audit::deleted(conn, &who.actor(), gone)?;
                Ok(Some(()))
            },
        )
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// An activity of a hub the caller may read.
fn readable(conn: &mut DbConnection, id: &str, who: &Principal) -> Result<StoredActivity, ApiError> {
    let stored = activity::get(conn, id)?;
    hub::get_readable(conn, HubKey::Id(&stored.activity.hub_id), who)?;
    Ok(stored)
}

/// An activity of a hub the caller may change.
fn managed(conn: &mut DbConnection, id: &str, who: &Principal) -> Result<StoredActivity, ApiError> {
    let stored = activity::get(conn, id)?;
    hub::get_managed(conn, HubKey::Id(&stored.activity.hub_id), who)?;
    Ok(stored)
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
