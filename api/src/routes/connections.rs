//! Connections between hubs: `/api/v1/hubs/{hub}/connections` to list (from both ends) and add,
//! `/api/v1/connections/{id}` to remove.

use actix_web::{HttpResponse, delete, get, post, web};
use l4a_shared::connection::{Connection, NewConnection};
use l4a_shared::page::Page;
use l4a_shared::problem::Problem;
use l4a_shared::query::PageQuery;
use l4a_shared::validation::{Invalid, Rule, ValidationErrors};

use crate::db::Db;
use crate::error::ApiError;
use crate::extract::{JsonBody, Principal, QueryParams};
use crate::models::audit;
use crate::models::hub::HubKey;
use crate::models::{connection, hub};
use crate::routes::problems::{BodyProblems, QueryProblems};

/// List a hub's connections
///
/// Every connection that involves the hub, whichever end recorded it, newest first.
#[utoipa::path(
    tag = "connections",
    params(("hub" = String, Path, description = "The hub's id or slug"), PageQuery),
    responses(
        (status = 200, description = "One page of connections", body = Page<Connection>),
        QueryProblems,
        (status = 404, description = "No hub has this id or slug", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/hubs/{hub}/connections")]
pub async fn list_connections(
    who: Principal,
    db: web::Data<Db>,
    hub_key: web::Path<String>,
    query: QueryParams<PageQuery>,
) -> Result<web::Json<Page<Connection>>, ApiError> {
    let (hub_key, QueryParams(query)) = (hub_key.into_inner(), query);
    let page = db
        .read(move |conn| {
            let hub = hub::get_readable(conn, HubKey::IdOrSlug(&hub_key), &who)?;
            let visible = hub::visible_ids(conn, &who.hub_visibility())?;
            connection::list(conn, &hub.hub.id, visible.as_deref(), query.page, query.per_page)
        })
        .await?;
    Ok(web::Json(page))
}

/// Connect a hub to another
///
/// A hub is not connected to itself (422), and a pair of hubs is connected once per kind (409).
#[utoipa::path(
    tag = "connections",
    params(("hub" = String, Path, description = "The hub's id or slug")),
    request_body(content = NewConnection, content_type = "application/json"),
    responses(
        (status = 201, description = "The connection was recorded", body = Connection),
        (status = 404, description = "No hub has this id or slug", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The two hubs are already connected this way", body = Problem, content_type = "application/problem+json"),
        BodyProblems,
    )
)]
#[post("/hubs/{hub}/connections")]
pub async fn create_connection(
    who: Principal,
    db: web::Data<Db>,
    hub_key: web::Path<String>,
    body: JsonBody<NewConnection>,
) -> Result<HttpResponse, ApiError> {
    let (hub_key, new) = (hub_key.into_inner(), body.0);
    let created = db
        .write(move |conn| {
            let hub = hub::get_managed(conn, HubKey::IdOrSlug(&hub_key), &who)?;
            let valid = new.validate().map_err(ApiError::Validation)?;
            let refuse = |rule, message: String| {
                let mut errors = ValidationErrors::default();
                errors.push("other_hub_id", Invalid::new(rule, message));
                ApiError::Validation(errors)
            };
            let other = hub::find(conn, HubKey::IdOrSlug(&valid.other_hub))?
                .filter(|other| who.read(&other.hub).is_ok())
                .ok_or_else(|| refuse(Rule::Exists, format!("no hub has the id or slug {}", valid.other_hub)))?;
            if other.hub.id == hub.hub.id {
                return Err(refuse(Rule::Consistent, "a hub is not connected to itself".to_owned()));
            }
            let created = connection::create(conn, &hub.hub.id, &other.hub.id, &valid)?;
            audit::created(conn, &who.actor(), &created)?;
            Ok(created)
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((actix_web::http::header::LOCATION, format!("/api/v1/connections/{}", created.id)))
        .json(created))
}

/// Remove a connection
#[utoipa::path(
    tag = "connections",
    params(("id" = String, Path, description = "The connection's id")),
    responses(
        (status = 204, description = "The connection is removed"),
        (status = 404, description = "No connection has this id", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/connections/{id}")]
pub async fn delete_connection(
    who: Principal,
    db: web::Data<Db>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    db.write(move |conn| {
        let found = connection::find(conn, &id)?
            .ok_or_else(|| ApiError::NotFound { resource: "connection", key: id.clone() })?;
        // Either end's managers may end a link: it is listed on both hubs' pages.
        let hub = hub::get_readable(conn, HubKey::Id(&found.hub_id), &who)?;
        if !who.may_manage(&hub.hub) {
            hub::get_managed(conn, HubKey::Id(&found.other_hub_id), &who)?;
        }
        connection::delete(conn, &found.id)?;
        audit::deleted(conn, &who.actor(), &found)?;
        Ok(())
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Registers the connection routes.
pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config.service(list_connections).service(create_connection).service(delete_connection);
}
