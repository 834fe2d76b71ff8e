//! `/api/v1/hubs`: the catalogue of labelled hubs.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, delete, get, patch, post, web};
use l4a_shared::account::Role;
use l4a_shared::eligibility::{LabelRecord, RuleCheck};
use l4a_shared::hub::{Hub, HubPatch, NewHub};
use l4a_shared::page::Page;
use l4a_shared::problem::Problem;
use l4a_shared::query::HubQuery;
use l4a_shared::validation::HubPeriod;

use crate::auth::guards;
use crate::auth::guards::{Admin, ManagedHub};
use crate::db::Db;
use crate::error::ApiError;
use crate::extract::{IfMatch, JsonBody, Principal, QueryParams};
use crate::models::hub::{self, HubKey, StoredHub};
use crate::models::{Versioned as _, today};
use crate::models::{deliverable, indicator};
use crate::routes::Tagged;
use crate::routes::change_if_current;
use crate::routes::problems::{BodyProblems, ChangeProblems, IfMatchProblems, QueryProblems};
use crate::routes::sdgs::Taxonomy;
use crate::workflows::{self, NewHubWithChildren, Origin};

fn tagged(stored: StoredHub, status: StatusCode) -> Tagged<Hub> {
    let location = (status == StatusCode::CREATED).then(|| format!("/api/v1/hubs/{}", stored.item.id));
    Tagged { status, etag: stored.etag(), body: stored.item, location }
}

/// List hubs
///
/// One page of the catalogue, filtered and sorted. Archived hubs are left out unless
/// `status=archived` asks for them.
#[utoipa::path(
    tag = "hubs",
    params(HubQuery),
    responses(
        (status = 200, description = "One page of hubs", body = Page<Hub>),
        QueryProblems,
        Principal,
    )
)]
#[get("/hubs")]
pub async fn list_hubs(
    who: Principal,
    db: web::Data<Db>,
    query: QueryParams<HubQuery>,
) -> Result<web::Json<Page<Hub>>, ApiError> {
    let (QueryParams(query), visibility) = (query, who.hub_visibility());
    let page = db.read(move |conn| Ok(hub::list(conn, &query, &visibility)?)).await?;
    Ok(web::Json(page))
}

/// Get a hub
///
/// By its id or its slug. The `ETag` header is the version to send back in `If-Match` when changing it.
#[utoipa::path(
    tag = "hubs",
    params(("id" = String, Path, description = "The hub's id or slug")),
    responses(
        (status = 200, description = "The hub", body = Hub, headers(("ETag" = String, description = "The hub's current version"))),
        (status = 404, description = "No hub has this id or slug", body = Problem, content_type = "application/problem+json"),
        Principal,
    )
)]
#[get("/hubs/{id}")]
pub async fn find_hub(who: Principal, db: web::Data<Db>, id: web::Path<String>) -> Result<Tagged<Hub>, ApiError> {
    let id_or_slug = id.into_inner();
    let stored = db.read(move |conn| guards::readable_stored_hub(conn, HubKey::IdOrSlug(&id_or_slug), &who)).await?;
    Ok(tagged(stored, StatusCode::OK))
}

/// Create a hub
///
/// The slug is derived from the name when left out (with a numeric suffix if that one is
/// taken); a slug given explicitly must be free.
#[utoipa::path(
    tag = "hubs",
    request_body(content = NewHub, content_type = "application/json"),
    responses(
        (status = 201, description = "The hub was created", body = Hub, headers(
            ("ETag" = String, description = "The hub's version"),
            ("Location" = String, description = "The hub's URL"),
        )),
        (status = 409, description = "The slug is taken", body = Problem, content_type = "application/problem+json"),
        BodyProblems,
        Admin,
    )
)]
#[post("/hubs")]
pub async fn create_hub(
    Admin(who): Admin,
    db: web::Data<Db>,
    taxonomy: web::Data<Taxonomy>,
    body: JsonBody<NewHub>,
) -> Result<Tagged<Hub>, ApiError> {
    // Hubs come from accepted proposals; the Secretariat may also record one directly.
    let (valid, taxonomy) = (body.0.validate(&taxonomy)?, taxonomy.get_ref().clone());
    let stored = db
        .write(move |conn| {
            let new = NewHubWithChildren::bare(valid);
            workflows::create_hub(conn, &new, Origin::Recorded { actor: &who.actor() }, &taxonomy, today())
        })
        .await?;
    Ok(tagged(stored, StatusCode::CREATED))
}

/// Update a hub
///
/// A JSON merge patch: fields left out keep their value, `"city": null` removes the city.
/// The whole hub must still pass every rule afterwards. Send the `ETag` you read in
/// `If-Match` so that a change made in between is not overwritten (412).
#[utoipa::path(
    tag = "hubs",
    params(
        ("id" = String, Path, description = "The hub's id or slug"),
        ("If-Match" = Option<String>, Header, description = "The ETag the change is based on"),
    ),
    request_body(content(
        (HubPatch = "application/merge-patch+json"),
        (HubPatch = "application/json"),
    )),
    responses(
        (status = 200, description = "The updated hub", body = Hub, headers(("ETag" = String, description = "The hub's new version"))),
        (status = 404, description = "No hub has this id", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The new slug is taken", body = Problem, content_type = "application/problem+json"),
        ChangeProblems,
        ManagedHub,
    )
)]
#[patch("/hubs/{id}")]
pub async fn update_hub(
    who: Principal,
    db: web::Data<Db>,
    taxonomy: web::Data<Taxonomy>,
    id: web::Path<String>,
    if_match: IfMatch,
    body: JsonBody<HubPatch>,
) -> Result<Tagged<Hub>, ApiError> {
    let (id, patch, taxonomy) = (id.into_inner(), body.0, taxonomy.get_ref().clone());
    let stored = db
        .write(move |conn| {
            change_if_current(
                conn,
                |conn| guards::managed_stored_hub(conn, HubKey::IdOrSlug(&id), &who),
                &if_match,
                |conn, current| {
                    if !who.has(Role::Admin) {
                        Principal::refuse_fields(
                            &patch.secretariat_fields(&current.item),
                            "only the Secretariat changes a hub's status or lead organisation",
                        )?;
                    }
                    let valid = patch.clone().apply_to(&current.item).validate(&taxonomy)?;
                    Ok(hub::update(conn, &who.actor(), current, &valid)?)
                },
            )
        })
        .await?;
    Ok(tagged(stored, StatusCode::OK))
}

/// Archive a hub
///
/// The hub leaves the default listing but stays readable by its id; nothing is deleted.
#[utoipa::path(
    tag = "hubs",
    params(
        ("id" = String, Path, description = "The hub's id or slug"),
        ("If-Match" = Option<String>, Header, description = "The ETag the change is based on"),
    ),
    responses(
        (status = 204, description = "The hub is archived"),
        (status = 404, description = "No hub has this id", body = Problem, content_type = "application/problem+json"),
        IfMatchProblems,
        Admin,
    )
)]
#[delete("/hubs/{id}")]
pub async fn archive_hub(
    Admin(who): Admin,
    db: web::Data<Db>,
    id: web::Path<String>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    db.write(move |conn| {
        change_if_current(
            conn,
            |conn| Ok(hub::get(conn, HubKey::IdOrSlug(&id))?),
            &if_match,
            |conn, current| Ok(hub::archive(conn, &who.actor(), current)?.then_some(())),
        )
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Check a hub against the label's rules
///
/// The six rules of the Local4Action label, each `pass`, `fail` or `unknown` with its reasons,
/// checked against what is on record (the same `shared` checks the SPA shows live).
#[utoipa::path(
    tag = "hubs",
    params(("id" = String, Path, description = "The hub's id or slug")),
    responses(
        (status = 200, description = "The six rules in order", body = Vec<RuleCheck>),
        (status = 404, description = "No hub has this id or slug", body = Problem, content_type = "application/problem+json"),
        Principal,
    )
)]
#[get("/hubs/{id}/eligibility")]
pub async fn check_hub_eligibility(
    who: Principal,
    db: web::Data<Db>,
    id: web::Path<String>,
) -> Result<web::Json<Vec<RuleCheck>>, ApiError> {
    let id = id.into_inner();
    let record = db
        .read(move |conn| {
            let stored = guards::readable_stored_hub(conn, HubKey::IdOrSlug(&id), &who)?;
            let hub = &stored.item;
            let period = HubPeriod::new(hub.start_date, hub.end_date).ok();
            let outside = match &period {
                Some(period) => {
                    deliverable::outside(conn, &hub.id, period)?.into_iter().map(|(title, _)| title).collect()
                }
                None => Vec::new(),
            };
            Ok(LabelRecord {
                lead_kind: Some(hub.lead_organisation.kind),
                period_ok: Some(period.is_some()),
                deliverables: usize::try_from(deliverable::count(conn, &hub.id)?).unwrap_or_default(),
                deliverables_outside: outside,
                indicators: indicator::agreements_of(conn, &hub.id)?,
                sdgs: hub.sdgs.len(),
                manifestos: hub.manifestos.len(),
                modality: Some(hub.modality),
                brand_commitment: None,
                communication_strategy: None,
            })
        })
        .await?;
    Ok(web::Json(record.check()))
}

/// Registers the hub routes.
pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config
        .service(list_hubs)
        .service(find_hub)
        .service(create_hub)
        .service(update_hub)
        .service(archive_hub)
        .service(check_hub_eligibility);
}
