//! `/api/v1/api-keys`: credentials of third-party systems. The Secretariat manages every key; a
//! manager manages the keys of their own organisations.

use actix_web::{HttpResponse, delete, get, post, web};
use l4a_shared::account::{ApiKey, CreatedApiKey, NewApiKey};
use l4a_shared::page::Page;
use l4a_shared::problem::Problem;
use l4a_shared::query::PageQuery;
use l4a_shared::validation::{Invalid, Rule, ValidationErrors};

use crate::auth::guards::SignedIn;
use crate::auth::{Principal, forbidden};
use crate::db::Db;
use crate::error::ApiError;
use crate::extract::{JsonBody, QueryParams};
use crate::models::api_key;
use crate::routes::problems::{BodyProblems, QueryProblems};

const KEYS: &str = "API keys";

/// List API keys
///
/// Without their secrets, newest first: every key for an admin, a manager's organisations' keys
/// for a manager.
#[utoipa::path(
    tag = "api-keys",
    params(PageQuery),
    responses(
        (status = 200, description = "One page of keys", body = Page<ApiKey>),
        QueryProblems,
        SignedIn,
    )
)]
#[get("/api-keys")]
pub async fn list_keys(
    SignedIn(who): SignedIn,
    db: web::Data<Db>,
    query: QueryParams<PageQuery>,
) -> Result<web::Json<Page<ApiKey>>, ApiError> {
    let QueryParams(query) = query;
    let organisations = who.integration_scope(KEYS)?;
    let page =
        db.read(move |conn| Ok(api_key::list(conn, organisations.as_deref(), query.page, query.per_page)?)).await?;
    Ok(web::Json(page))
}

/// Create an API key
///
/// The secret is returned once, in `secret`; only its digest is kept. A key that writes acts for
/// one organisation and may change only that organisation's hubs.
#[utoipa::path(
    tag = "api-keys",
    request_body(content = NewApiKey, content_type = "application/json"),
    responses(
        (status = 201, description = "The key and its secret, shown this once", body = CreatedApiKey, headers(("Location" = String, description = "The key's URL"))),
        BodyProblems,
        SignedIn,
    )
)]
#[post("/api-keys")]
pub async fn create_key(
    who: Principal,
    db: web::Data<Db>,
    auth: web::Data<crate::auth::AuthState>,
    body: JsonBody<NewApiKey>,
) -> Result<HttpResponse, ApiError> {
    let new = body.0;
    who.manage_integration(new.organisation_id.as_deref(), KEYS)?;
    let valid = new.validate(chrono::Utc::now(), auth.api_key_max_lifetime)?;
    let creator = who.user_id().ok_or_else(|| forbidden("an API key cannot create keys"))?.to_owned();
    let created = db
        .write(move |conn| {
            if let Some(organisation) = &new.organisation_id
                && crate::models::organisation::find(conn, organisation)?.is_none()
            {
                let mut errors = ValidationErrors::default();
                errors.push("organisation_id", Invalid::new(Rule::Exists, format!("no organisation {organisation}")));
                return Err(ApiError::Validation(errors));
            }
            let (stored, secret) =
                api_key::create(conn, &who.actor(), &valid, new.organisation_id.as_deref(), &creator)?;
            Ok(CreatedApiKey { key: stored.key, secret })
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((actix_web::http::header::LOCATION, format!("/api/v1/api-keys/{}", created.key.id)))
        .json(created))
}

/// Revoke an API key
///
/// It stops working at once; it stays listed, with `revoked_at`.
#[utoipa::path(
    tag = "api-keys",
    params(("id" = String, Path, description = "The key's id")),
    responses(
        (status = 204, description = "The key is revoked"),
        (status = 404, description = "No key has this id", body = Problem, content_type = "application/problem+json"),
        SignedIn,
    )
)]
#[delete("/api-keys/{id}")]
pub async fn revoke_key(
    SignedIn(who): SignedIn,
    db: web::Data<Db>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    db.write(move |conn| {
        let stored = api_key::get(conn, &id)?;
        who.manage_integration(stored.key.organisation_id.as_deref(), KEYS)?;
        api_key::revoke(conn, &who.actor(), &stored)?;
        Ok(())
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Registers the API key routes.
pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config.service(list_keys).service(create_key).service(revoke_key);
}
