//! Stakeholders: `/api/v1/hubs/{hub}/stakeholders` to list and add, `/api/v1/stakeholders/{id}`
//! for one. Contact details are shown only to callers who may manage the hub.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, delete, get, patch, post, web};
use l4a_shared::page::Page;
use l4a_shared::problem::Problem;
use l4a_shared::query::StakeholderQuery;
use l4a_shared::stakeholder::{NewStakeholder, StakeholderPatch, StakeholderView};

use crate::db::{Db, DbConnection};
use crate::error::ApiError;
use crate::extract::{IfMatch, JsonBody, Principal, QueryParams};
use crate::models::audit;
use crate::models::hub::HubKey;
use crate::models::stakeholder::{self, StoredStakeholder};
use crate::models::{Versioned as _, change_if_current, hub, indicator};
use crate::routes::Tagged;
use crate::routes::problems::{BodyProblems, ChangeProblems, IfMatchProblems, QueryProblems};

/// The stakeholder as the caller may see it: with contact details only if `private`.
fn tagged(stored: StoredStakeholder, private: bool, status: StatusCode) -> Tagged<StakeholderView> {
    let id = stored.stakeholder.stakeholder.id.clone();
    let location = (status == StatusCode::CREATED).then(|| format!("/api/v1/stakeholders/{id}"));
    Tagged { status, etag: stored.etag(), body: stored.stakeholder.view(private), location }
}

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
    )
)]
#[get("/hubs/{hub}/stakeholders")]
pub async fn list_stakeholders(
    who: Principal,
    db: web::Data<Db>,
    hub_key: web::Path<String>,
    query: QueryParams<StakeholderQuery>,
) -> Result<web::Json<Page<StakeholderView>>, ApiError> {
    let (hub_key, QueryParams(query)) = (hub_key.into_inner(), query);
    let (private, page) = db
        .read(move |conn| {
            let hub = hub::get_readable(conn, HubKey::IdOrSlug(&hub_key), &who)?;
            Ok((who.may_read_contacts(&hub.hub), stakeholder::list(conn, &hub.hub.id, &query)?))
        })
        .await?;
    Ok(web::Json(Page {
        items: page.items.into_iter().map(|s| s.view(private)).collect(),
        total: page.total,
        page: page.page,
        per_page: page.per_page,
    }))
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
    )
)]
#[post("/hubs/{hub}/stakeholders")]
pub async fn create_stakeholder(
    who: Principal,
    db: web::Data<Db>,
    hub_key: web::Path<String>,
    body: JsonBody<NewStakeholder>,
) -> Result<Tagged<StakeholderView>, ApiError> {
    let (hub_key, new) = (hub_key.into_inner(), body.0);
    let stored = db
        .write(move |conn| {
            let hub = hub::get_managed(conn, HubKey::IdOrSlug(&hub_key), &who)?;
            let valid = new.validate().map_err(ApiError::Validation)?;
            let stored = stakeholder::create(conn, &hub.hub.id, &valid)?;
            audit::created(conn, &who.actor(), &stored.stakeholder)?;
            Ok(stored)
        })
        .await?;
    // Whoever may add a stakeholder may read its contact details.
    Ok(tagged(stored, true, StatusCode::CREATED))
}

/// Get a stakeholder
#[utoipa::path(
    tag = "stakeholders",
    params(("id" = String, Path, description = "The stakeholder's id")),
    responses(
        (status = 200, description = "The stakeholder", body = StakeholderView, headers(("ETag" = String, description = "Its current version"))),
        (status = 404, description = "No stakeholder has this id", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/stakeholders/{id}")]
pub async fn find_stakeholder(
    who: Principal,
    db: web::Data<Db>,
    id: web::Path<String>,
) -> Result<Tagged<StakeholderView>, ApiError> {
    let id = id.into_inner();
    let (stored, private) = db
        .read(move |conn| {
            let stored = stakeholder::get(conn, &id)?;
            let hub = hub::get_readable(conn, HubKey::Id(&stored.stakeholder.stakeholder.hub_id), &who)?;
            Ok((stored, who.may_read_contacts(&hub.hub)))
        })
        .await?;
    Ok(tagged(stored, private, StatusCode::OK))
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
    )
)]
#[patch("/stakeholders/{id}")]
pub async fn update_stakeholder(
    who: Principal,
    db: web::Data<Db>,
    id: web::Path<String>,
    if_match: IfMatch,
    body: JsonBody<StakeholderPatch>,
) -> Result<Tagged<StakeholderView>, ApiError> {
    let (id, patch) = (id.into_inner(), body.0);
    let stored = db
        .write(move |conn| {
            change_if_current(
                conn,
                |conn| managed(conn, &id, &who),
                &if_match,
                |conn, current| {
                    let valid =
                        patch.clone().apply_to(&current.stakeholder).validate().map_err(ApiError::Validation)?;
                    let Some(updated) =
                        stakeholder::update(conn, &current.stakeholder.stakeholder.id, current.version, &valid)?
                    else {
                        return Ok(None);
                    };
                    audit::updated(conn, &who.actor(), &current.stakeholder, &updated.stakeholder)?;
                    Ok(Some(updated))
                },
            )
        })
        .await?;
    Ok(tagged(stored, true, StatusCode::OK))
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
    )
)]
#[delete("/stakeholders/{id}")]
pub async fn delete_stakeholder(
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
                let stakeholder_id = &current.stakeholder.stakeholder.id;
                let citing = indicator::citing(conn, stakeholder_id)?;
                if !citing.is_empty() {
                    return Err(ApiError::Conflict {
                        code: "stakeholder_cited",
                        detail: format!(
                            "this stakeholder agreed these indicators: {}; remove it from their agreed_by first",
                            citing.join(", ")
                        ),
                        errors: Vec::new(),
                    });
                }
                if stakeholder::delete(conn, stakeholder_id, current.version)?.is_none() {
                    return Ok(None);
                }
                audit::deleted(conn, &who.actor(), &current.stakeholder)?;
                Ok(Some(()))
            },
        )
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A stakeholder of a hub the caller may change.
fn managed(conn: &mut DbConnection, id: &str, who: &Principal) -> Result<StoredStakeholder, ApiError> {
    let stored = stakeholder::get(conn, id)?;
    hub::get_managed(conn, HubKey::Id(&stored.stakeholder.stakeholder.hub_id), who)?;
    Ok(stored)
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
