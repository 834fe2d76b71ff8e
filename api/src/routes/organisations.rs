//! `/api/v1/organisations`: the local and regional governments that lead hubs, and their partners.

use actix_web::http::StatusCode;
use actix_web::{get, patch, post, web};
use l4a_shared::organisation::{NewOrganisation, Organisation, OrganisationPatch};
use l4a_shared::page::Page;
use l4a_shared::problem::Problem;
use l4a_shared::query::OrganisationQuery;

use crate::auth::guards::Admin;
use crate::db::Db;
use crate::error::ApiError;
use crate::extract::{IfMatch, JsonBody, Principal, QueryParams};
use crate::models::Versioned as _;
use crate::models::organisation::{self, StoredOrganisation};
use crate::routes::Tagged;
use crate::routes::change_if_current;
use crate::routes::problems::{BodyProblems, ChangeProblems, QueryProblems};

fn tagged(stored: StoredOrganisation, status: StatusCode) -> Tagged<Organisation> {
    let location = (status == StatusCode::CREATED).then(|| format!("/api/v1/organisations/{}", stored.item.id));
    Tagged { status, etag: stored.etag(), body: stored.item, location }
}

/// List organisations
///
/// One page of organisations, filtered and sorted; `can_lead=true` keeps those that may lead a hub.
#[utoipa::path(
    tag = "organisations",
    params(OrganisationQuery),
    responses(
        (status = 200, description = "One page of organisations", body = Page<Organisation>),
        QueryProblems,
        Principal,
    )
)]
#[get("/organisations")]
pub async fn list_organisations(
    _who: Principal,
    db: web::Data<Db>,
    query: QueryParams<OrganisationQuery>,
) -> Result<web::Json<Page<Organisation>>, ApiError> {
    let QueryParams(query) = query;
    Ok(web::Json(db.read(move |conn| Ok(organisation::list(conn, &query)?)).await?))
}

/// Get an organisation
#[utoipa::path(
    tag = "organisations",
    params(("id" = String, Path, description = "The organisation's id")),
    responses(
        (status = 200, description = "The organisation", body = Organisation, headers(("ETag" = String, description = "Its current version"))),
        (status = 404, description = "No organisation has this id", body = Problem, content_type = "application/problem+json"),
        Principal,
    )
)]
#[get("/organisations/{id}")]
pub async fn find_organisation(
    _who: Principal,
    db: web::Data<Db>,
    id: web::Path<String>,
) -> Result<Tagged<Organisation>, ApiError> {
    let id = id.into_inner();
    Ok(tagged(db.read(move |conn| Ok(organisation::get(conn, &id)?)).await?, StatusCode::OK))
}

/// Create an organisation
///
/// The region defaults to the country's usual UCLG world region.
#[utoipa::path(
    tag = "organisations",
    request_body(content = NewOrganisation, content_type = "application/json"),
    responses(
        (status = 201, description = "The organisation was created", body = Organisation, headers(
            ("ETag" = String, description = "Its version"),
            ("Location" = String, description = "Its URL"),
        )),
        BodyProblems,
        Admin,
    )
)]
#[post("/organisations")]
pub async fn create_organisation(
    Admin(who): Admin,
    db: web::Data<Db>,
    body: JsonBody<NewOrganisation>,
) -> Result<Tagged<Organisation>, ApiError> {
    let valid = body.0.validate()?;
    let stored = db.write(move |conn| Ok(organisation::create(conn, &who.actor(), &valid)?)).await?;
    Ok(tagged(stored, StatusCode::CREATED))
}

/// Update an organisation
///
/// A JSON merge patch; send the `ETag` you read in `If-Match`. Changing the country without a
/// region moves the organisation to the new country's usual region.
#[utoipa::path(
    tag = "organisations",
    params(
        ("id" = String, Path, description = "The organisation's id"),
        ("If-Match" = Option<String>, Header, description = "The ETag the change is based on"),
    ),
    request_body(content(
        (OrganisationPatch = "application/merge-patch+json"),
        (OrganisationPatch = "application/json"),
    )),
    responses(
        (status = 200, description = "The updated organisation", body = Organisation, headers(("ETag" = String, description = "Its new version"))),
        (status = 404, description = "No organisation has this id", body = Problem, content_type = "application/problem+json"),
        ChangeProblems,
        Admin,
    )
)]
#[patch("/organisations/{id}")]
pub async fn update_organisation(
    Admin(who): Admin,
    db: web::Data<Db>,
    id: web::Path<String>,
    if_match: IfMatch,
    body: JsonBody<OrganisationPatch>,
) -> Result<Tagged<Organisation>, ApiError> {
    let (id, patch) = (id.into_inner(), body.0);
    let stored = db
        .write(move |conn| {
            change_if_current(
                conn,
                |conn| Ok(organisation::get(conn, &id)?),
                &if_match,
                |conn, current| {
                    let valid = patch.clone().apply_to(&current.item).validate()?;
                    Ok(organisation::update(conn, &who.actor(), current, &valid)?)
                },
            )
        })
        .await?;
    Ok(tagged(stored, StatusCode::OK))
}

/// Registers the organisation routes.
pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config
        .service(list_organisations)
        .service(find_organisation)
        .service(create_organisation)
        .service(update_organisation);
}
