//! `/api/v1/calls`: calls for proposals, public to read, the Secretariat's to write.

use actix_web::http::StatusCode;
use actix_web::{get, patch, post, web};
use l4a_shared::call::{Call, CallPatch, NewCall};
use l4a_shared::page::Page;
use l4a_shared::problem::Problem;
use l4a_shared::query::CallQuery;

use crate::auth::Principal;
use crate::auth::guards::Admin;
use crate::db::Db;
use crate::error::ApiError;
use crate::extract::{IfMatch, JsonBody, QueryParams};
use crate::models::call::{self, StoredCall};
use crate::models::{Versioned as _, today};
use crate::routes::Tagged;
use crate::routes::change_if_current;
use crate::routes::problems::{BodyProblems, ChangeProblems, QueryProblems};

fn tagged(stored: StoredCall, status: StatusCode) -> Tagged<Call> {
    let location = (status == StatusCode::CREATED).then(|| format!("/api/v1/calls/{}", stored.item.id));
    Tagged { status, etag: stored.etag(), body: stored.item, location }
}

/// List calls for proposals
///
/// The latest to open first; `state=open` lists those taking proposals today.
#[utoipa::path(
    tag = "calls",
    params(CallQuery),
    responses(
        (status = 200, description = "One page of calls", body = Page<Call>),
        QueryProblems,
        Principal,
    )
)]
#[get("/calls")]
pub async fn list_calls(
    _who: Principal,
    db: web::Data<Db>,
    query: QueryParams<CallQuery>,
) -> Result<web::Json<Page<Call>>, ApiError> {
    let QueryParams(query) = query;
    Ok(web::Json(db.read(move |conn| Ok(call::list(conn, &query, today())?)).await?))
}

/// Get a call for proposals
#[utoipa::path(
    tag = "calls",
    params(("id" = String, Path, description = "The call's id")),
    responses(
        (status = 200, description = "The call", body = Call, headers(("ETag" = String, description = "Its current version"))),
        (status = 404, description = "No call has this id", body = Problem, content_type = "application/problem+json"),
        Principal,
    )
)]
#[get("/calls/{id}")]
pub async fn find_call(_who: Principal, db: web::Data<Db>, id: web::Path<String>) -> Result<Tagged<Call>, ApiError> {
    let id = id.into_inner();
    Ok(tagged(db.read(move |conn| Ok(call::get(conn, &id, today())?)).await?, StatusCode::OK))
}

/// Open a call for proposals
///
/// Titles and descriptions come in English, French and Spanish (English required). The call is
/// `upcoming`, `open` or `closed` by its dates.
#[utoipa::path(
    tag = "calls",
    request_body(content = NewCall, content_type = "application/json"),
    responses(
        (status = 201, description = "The call was created", body = Call, headers(
            ("ETag" = String, description = "Its version"),
            ("Location" = String, description = "Its URL"),
        )),
        BodyProblems,
        Admin,
    )
)]
#[post("/calls")]
pub async fn create_call(
    Admin(who): Admin,
    db: web::Data<Db>,
    body: JsonBody<NewCall>,
) -> Result<Tagged<Call>, ApiError> {
    let valid = body.0.validate()?;
    let stored = db.write(move |conn| Ok(call::create(conn, &who.actor(), &valid, today())?)).await?;
    Ok(tagged(stored, StatusCode::CREATED))
}

/// Update a call for proposals
///
/// A JSON merge patch; send the `ETag` you read in `If-Match`.
#[utoipa::path(
    tag = "calls",
    params(
        ("id" = String, Path, description = "The call's id"),
        ("If-Match" = Option<String>, Header, description = "The ETag the change is based on"),
    ),
    request_body(content(
        (CallPatch = "application/merge-patch+json"),
        (CallPatch = "application/json"),
    )),
    responses(
        (status = 200, description = "The updated call", body = Call, headers(("ETag" = String, description = "Its new version"))),
        (status = 404, description = "No call has this id", body = Problem, content_type = "application/problem+json"),
        ChangeProblems,
        Admin,
    )
)]
#[patch("/calls/{id}")]
pub async fn update_call(
    Admin(who): Admin,
    db: web::Data<Db>,
    id: web::Path<String>,
    if_match: IfMatch,
    body: JsonBody<CallPatch>,
) -> Result<Tagged<Call>, ApiError> {
    let (id, patch) = (id.into_inner(), body.0);
    let stored = db
        .write(move |conn| {
            change_if_current(
                conn,
                |conn| Ok(call::get(conn, &id, today())?),
                &if_match,
                |conn, current| {
                    let valid = patch.clone().apply_to(&current.item).validate()?;
                    Ok(call::update(conn, &who.actor(), current, &valid, today())?)
                },
            )
        })
        .await?;
    Ok(tagged(stored, StatusCode::OK))
}

/// Registers the call routes.
pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config.service(list_calls).service(find_call).service(create_call).service(update_call);
}
